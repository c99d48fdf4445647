"""Table finding from constructed rulings and glyphs: merging, spans, wrapping, no fusion."""

from __future__ import annotations

import pytest

from extractor.model import TableRegion
from extractor.sources.pdf_cells import frame_to_region
from extractor.sources.pdf_grid import (
    Frame,
    Segment,
    Shape,
    merge_segments,
    segments_to_frames,
    shapes_to_segments,
)
from extractor.sources.pdf_lines import (
    Char,
    chars_to_lines,
    is_bold_font,
    join_lines,
    join_text,
    mark_spaces,
    space_ends_at,
)


def text_chars(text: str, x: float, top: float, size: float = 9.0, cjk_width: float | None = None) -> list[Char]:
    """Glyphs for ``text`` starting at x (CJK full width, others half width); spaces advance only."""
    out: list[Char] = []
    for ch in text:
        w = (cjk_width or size) if ord(ch) > 0x2E80 else size / 2
        if not ch.isspace():
            out.append(Char(ch, x, top, x + w, top + size, size))
        x += w
    return out


def grid_shapes(xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset(),
                doubled: float = 0.0) -> list[Shape]:
    """Rulings of a grid as thin filled rects, each drawn twice ``doubled`` points apart if set.

    ``skip_v`` holds (row, boundary index) pairs whose vertical piece is not drawn (a merged cell).
    """
    shapes: list[Shape] = []
    offsets = (0.0, doubled) if doubled else (0.0,)
    for y in ys:
        for c in range(len(xs) - 1):  # Word draws one piece per cell edge
            for d in offsets:
                shapes.append(Shape(xs[c], y + d, xs[c + 1], y + d + 0.48, "rect", False, True))
    for k, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, k) in skip_v:
                continue
            for d in offsets:
                shapes.append(Shape(x + d, ys[r], x + d + 0.48, ys[r + 1], "rect", False, True))
    return shapes


def region_from(shapes: list[Shape], chars: list[Char]) -> TableRegion:
    frames = segments_to_frames(merge_segments(shapes_to_segments(shapes)), chars)
    assert len(frames) == 1
    found = frame_to_region(frames[0], chars, page=1)
    assert found is not None
    return found[0]


def test_doubled_rulings_merge_into_one() -> None:
    segments = [Segment(True, 100.0, 50, 150), Segment(True, 101.4, 50, 150), Segment(True, 102.2, 150, 300)]
    merged = merge_segments(segments)
    assert len(merged) == 1
    assert merged[0].start == 50 and merged[0].end == 300
    assert 100.0 <= merged[0].pos <= 102.2


def test_distinct_rulings_stay_apart() -> None:
    merged = merge_segments([Segment(True, 100.0, 0, 100), Segment(True, 112.0, 0, 100)])
    assert [s.pos for s in merged] == [100.0, 112.0]


def test_pieces_with_small_gaps_are_joined_and_specks_dropped() -> None:
    merged = merge_segments([Segment(False, 10, 0, 40), Segment(False, 10, 41.5, 90), Segment(False, 300, 5, 5.5)])
    assert [(s.pos, s.start, s.end) for s in merged] == [(10, 0, 90)]


def test_doubled_word_table_gives_the_printed_grid() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [100.0, 120.0, 140.0, 160.0]
    chars = text_chars("项目", 55, 105) + text_chars("金额", 155, 105) + text_chars("备注", 255, 105)
    chars += text_chars("一、基本支出", 55, 125) + text_chars("13,994.31", 160, 125)
    chars += text_chars("二、项目支出", 55, 145) + text_chars("5,573.00", 160, 145)
    region = region_from(grid_shapes(xs, ys, doubled=1.3), chars)
    assert (region.grid.n_rows, region.grid.n_cols) == (3, 3)
    assert region.grid.matrix() == [["项目", "金额", "备注"], ["一、基本支出", "13,994.31", ""],
                                    ["二、项目支出", "5,573.00", ""]]


def test_missing_ruling_makes_a_span() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [100.0, 120.0, 140.0]
    chars = text_chars("支出预算", 180, 105) + text_chars("项目", 55, 105)
    chars += text_chars("合计", 55, 125) + text_chars("1.00", 160, 125) + text_chars("2.00", 260, 125)
    region = region_from(grid_shapes(xs, ys, skip_v={(0, 2)}), chars)
    head = region.grid.at(0, 1)
    assert head is not None and head.text == "支出预算" and head.colspan == 2
    assert region.grid.at(0, 2) is head
    assert region.grid.row_texts(1) == ["合计", "1.00", "2.00"]


def test_rowspan_from_a_missing_horizontal() -> None:
    xs, ys = [50.0, 150.0, 250.0], [100.0, 120.0, 140.0, 160.0]
    shapes = [s for s in grid_shapes(xs, ys) if not (s.top == 120.0 and s.x0 == 50.0 and s.bottom - s.top < 1)]
    chars = text_chars("科目名称", 55, 115) + text_chars("合计", 155, 105) + text_chars("小计", 155, 125)
    chars += text_chars("行政运行", 55, 145) + text_chars("9.00", 160, 145)
    region = region_from(shapes, chars)
    cell = region.grid.at(0, 0)
    assert cell is not None and cell.rowspan == 2 and cell.text == "科目名称"
    assert region.grid.row_texts(2) == ["行政运行", "9.00"]


def test_wrapped_chinese_is_joined_without_spaces() -> None:
    xs, ys = [50.0, 160.0, 250.0], [100.0, 130.0]
    chars = text_chars("机关事业单位基本养老保", 52, 102) + text_chars("险缴费支出", 52, 116)
    chars += text_chars("6.18", 200, 110)
    region = region_from(grid_shapes(xs, ys), chars)
    assert region.grid.row_texts(0) == ["机关事业单位基本养老保险缴费支出", "6.18"]


def test_label_and_amount_in_one_merged_slot_are_not_fused() -> None:
    xs, ys = [50.0, 150.0, 260.0, 350.0], [100.0, 120.0, 140.0]
    shapes = grid_shapes(xs, ys, skip_v={(1, 1)})  # the ruling between amount and label is missing
    chars = text_chars("项目", 55, 105) + text_chars("金额", 155, 105) + text_chars("说明", 265, 105)
    chars += text_chars("37,188.34", 100, 125) + text_chars("一、一般公共服务支出", 160, 125, cjk_width=9.0)
    region = region_from(shapes, chars)
    texts = [c.text for c in region.grid.cells]
    assert "37,188.34" in texts and "一、一般公共服务支出" in texts
    assert not any("37,188.34" in t and "一" in t for t in texts)


def test_centred_header_over_two_columns_stays_one_cell() -> None:
    xs, ys = [50.0, 150.0, 250.0], [100.0, 120.0, 140.0]
    chars = text_chars("财政拨款收入", 124, 105) + text_chars("1.00", 60, 125) + text_chars("2.00", 160, 125)
    region = region_from(grid_shapes(xs, ys, skip_v={(0, 1)}), chars)
    cell = region.grid.at(0, 0)
    assert cell is not None and cell.colspan == 2 and cell.text == "财政拨款收入"


def test_horizontal_rules_only_take_columns_from_the_words() -> None:
    rules = [Shape(50, y, 400, y, "line") for y in (100.0, 120.0, 140.0, 160.0)]
    chars = text_chars("科目编码", 55, 105) + text_chars("科目名称", 150, 105) + text_chars("合计", 330, 105)
    chars += text_chars("201", 55, 125) + text_chars("一般公共服务支出", 150, 125) + text_chars("264.87", 330, 125)
    chars += text_chars("20139", 55, 145) + text_chars("社会工作事务", 150, 145) + text_chars("264.87", 330, 145)
    region = region_from(rules, chars)
    assert not region.ruled
    assert region.grid.matrix() == [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "264.87"],
                                    ["20139", "社会工作事务", "264.87"]]


def test_no_outer_border_uses_the_extent_of_the_rules() -> None:
    shapes = [Shape(50, y, 350, y, "line") for y in (120.0, 140.0)]
    shapes += [Shape(x, 100, x, 160, "line") for x in (150.0, 250.0)]
    chars = text_chars("项目", 55, 105) + text_chars("预算数", 155, 105) + text_chars("上年数", 255, 105)
    chars += text_chars("合计", 55, 145) + text_chars("217.83", 160, 145) + text_chars("201.10", 260, 145)
    region = region_from(shapes, chars)
    assert region.grid.matrix()[0] == ["项目", "预算数", "上年数"]
    assert region.grid.matrix()[-1] == ["合计", "217.83", "201.10"]


def test_blank_rows_are_dropped_and_every_row_has_the_grid_width() -> None:
    xs, ys = [50.0, 150.0, 250.0], [100.0, 120.0, 140.0, 160.0]
    chars = text_chars("项目", 55, 105) + text_chars("金额", 155, 105) + text_chars("合计", 55, 145)
    region = region_from(grid_shapes(xs, ys), chars)
    grid = region.grid
    assert grid.n_rows == 2
    assert all(grid.at(r, c) is not None for r in range(grid.n_rows) for c in range(grid.n_cols))


def test_a_single_column_box_is_not_a_table() -> None:
    frame = Frame([50.0, 300.0], [100.0, 140.0], [[False]], [[False]])
    assert frame_to_region(frame, text_chars("注：本表为空表。", 55, 110), page=1) is None


def test_cell_provenance_is_the_slot_box() -> None:
    region = region_from(grid_shapes([0.0, 100.0, 200.0], [0.0, 20.0]), text_chars("合计", 5, 5))
    cell = region.grid.at(0, 0)
    assert cell is not None and cell.prov.page == 1 and cell.prov.bbox == (0.24, 0.24, 100.24, 20.24)
    assert region.prov.bbox is not None


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([("2026", 0.0), ("年部门预算", 0.5)], "2026年部门预算"),
        ([("一般公共", 0.0), ("预算", 6.0)], "一般公共预算"),
        ([("Times", 0.0), ("New", 3.0)], "Times New"),
        ([("12,345.67", 0.0)], "12,345.67"),
    ],
)
def test_join_text_spaces(pieces: list[tuple[str, float]], expected: str) -> None:
    chars: list[Char] = []
    x = 0.0
    for text, gap in pieces:
        x += gap
        part = text_chars(text, x, 0.0, 10.0)
        chars += part
        x = part[-1].x1
    assert join_text(chars) == expected


def test_space_between_digits_and_chinese_is_kept_only_when_wide() -> None:
    """Between a digit and a Chinese character a drawn space is typesetting ("与 2023 年度" is
    "与2023年度"; the two PDF libraries do not even agree where one is drawn): only a gap of most
    of a character keeps one. A code fused with its name still parses (semantics.codes)."""
    narrow = chars_to_lines([Char("2", 0, 0, 5, 10, 10), Char("1", 5, 0, 10, 10, 10),
                             Char("科", 13, 0, 23, 10, 10, space_before=True)])
    wide = chars_to_lines([Char("2", 0, 0, 5, 10, 10), Char("1", 5, 0, 10, 10, 10),
                           Char("科", 17, 0, 27, 10, 10)])
    assert [ln.text for ln in narrow] == ["21科"]
    assert [ln.text for ln in wide] == ["21 科"]


def test_drawn_space_after_latin_punctuation_before_chinese_is_kept() -> None:
    line = chars_to_lines([Char("位", 0, 0, 10, 10, 10), Char(")", 10, 0, 13, 10, 10), Char(":", 13, 0, 16, 10, 10),
                           Char("昌", 19, 0, 29, 10, 10, space_before=True)])
    assert [ln.text for ln in line] == ["位): 昌"]
    dotted = chars_to_lines([Char("1", 0, 0, 5, 10, 10), Char(".", 5, 0, 8, 10, 10),
                             Char("一", 11, 0, 21, 10, 10, space_before=True)])
    assert [ln.text for ln in dotted] == ["1.一"]


def test_space_before_percent_only_when_wide() -> None:
    line = chars_to_lines([Char("8", 0, 0, 5, 10, 10), Char("%", 7, 0, 12, 10, 10, space_before=True)])
    assert [ln.text for ln in line] == ["8%"]


def test_letter_spaced_digits_read_as_one_number() -> None:
    """Digits set with tracking (1.7 pt at 15 pt: 0.11 em, no space glyph drawn) are one number
    ("999.83"), while numbers the page separates still split: by a gap over 0.2 em, or by a
    drawn space (``space_before``) with a gap over 0.1 em. Only a drawn space may set the flag:
    pdfium's spaces generated at the tracking gaps would make "9 9 9 . 8 3"."""
    def spaced(text: str, gap: float, *, flagged: str = "") -> list[Char]:
        chars, x = [], 0.0
        for i, ch in enumerate(text):
            chars.append(Char(ch, x, 0, x + 7.5, 15, 15, space_before=i in {int(k) for k in flagged}))
            x += 7.5 + gap
        return chars

    assert join_text(spaced("999.83", 1.7)) == "999.83"
    assert join_text([Char("算", -16.7, 0, -1.7, 15, 15), *spaced("999.83", 1.7), Char("万", 45.7, 0, 60.7, 15, 15)]) == "算999.83万"
    assert join_text(spaced("999.83", 1.7, flagged="12345")) == "9 9 9 . 8 3"  # what a generated-space flag did
    line = text_chars("1,234.00", 0.0, 0.0, 10.0)
    wide = text_chars("5,678.00", line[-1].x1 + 3.0, 0.0, 10.0)
    assert join_text(line + wide) == "1,234.00 5,678.00"
    narrow = text_chars("5,678.00", line[-1].x1 + 1.5, 0.0, 10.0)
    assert join_text(line + narrow) == "1,234.005,678.00"
    assert join_text([*line, narrow[0].as_after_space(), *narrow[1:]]) == "1,234.00 5,678.00"


def test_space_ends_at_is_the_reference_rule() -> None:
    """A space glyph flags the next glyph when it ends within 1 pt of it on its line, however
    narrow the gap to the glyph before (")" + " " + "⑦" of a Ningde header, 0.13 em apart)."""
    close = mark_spaces([Char(")", 686.83, 130.26, 688.83, 137.46, 7.2), Char(" ", 688.03, 130.26, 689.83, 137.46, 7.2),
                         Char("⑦", 689.80, 130.26, 697.0, 137.46, 7.2)])
    assert [c.space_before for c in close] == [False, True]
    assert join_text(close) == ") ⑦"
    assert space_ends_at(689.83, 130.26, close[1])
    assert not space_ends_at(688.5, 130.26, close[1])  # ends 1.3 pt before it
    assert not space_ends_at(689.83, 140.0, close[1])  # on another line


def test_join_lines() -> None:
    assert join_lines(["机关事业单位基本养老保", "险缴费支出"]) == "机关事业单位基本养老保险缴费支出"
    assert join_lines(["3890", ".91"]) == "3890.91"
    assert join_lines(["Times New", "Roman"]) == "Times New Roman"


@pytest.mark.parametrize(
    ("name", "bold"),
    [("ABCDEE+SimHei", True), ("TimesNewRomanPS-BoldMT", True), ("FZHTK--GBK1-0", True),
     ("b'ABCDEE+\\xba\\xda\\xcc\\xe5'", True), ("b'ABCDEE+\\xcb\\xce\\xcc\\xe5'", False),
     ("MicrosoftYaHei", False), ("SimSun", False), ("FangSong_GB2312", False)],
)
def test_bold_fonts(name: str, bold: bool) -> None:
    assert is_bold_font(name) is bold


def test_rows_split_at_wide_gaps_but_label_colon_value_stays_together() -> None:
    chars = text_chars("编制部门：", 50, 100) + text_chars("昌吉高新区", 150, 100) + text_chars("单位：万元", 450, 100)
    assert [ln.text for ln in chars_to_lines(chars)] == ["编制部门：昌吉高新区", "单位：万元"]


def _two_pages(last_label: str, fragment: str) -> list[list[list[str]]]:
    from pathlib import Path

    from extractor.sources.pdf import PageObjects, objects_to_doc, ruling_frames

    xs, ys = [50.0, 130.0, 230.0], [700.0, 720.0, 740.0]
    page1 = text_chars("项目", 52, 705) + text_chars("金额", 135, 705)
    page1 += text_chars(last_label, 52, 725) + text_chars("1,608.51", 140, 725)
    xs2, ys2 = xs, [72.0, 92.0, 112.0]
    page2 = text_chars(fragment, 52, 77) + text_chars("九、卫生健康支出", 52, 97, size=8) + text_chars("2.00", 140, 97)
    objects = [PageObjects(1, 595, 842, 0, tuple(page1), tuple(grid_shapes(xs, ys))),
               PageObjects(2, 595, 842, 0, tuple(page2), tuple(grid_shapes(xs2, ys2)))]
    doc = objects_to_doc(Path("x.pdf"), "0", objects, ruling_frames, 10**6)
    return [b.grid.matrix() for _, b in doc.blocks() if isinstance(b, TableRegion)]


def test_label_cut_at_the_page_edge_is_rejoined() -> None:
    first, second = _two_pages("八、社会保障和就", "业支出")
    assert first[-1] == ["八、社会保障和就业支出", "1,608.51"]
    assert second == [["九、卫生健康支出", "2.00"]]


def test_a_new_row_at_the_top_of_the_page_is_not_joined() -> None:
    first, second = _two_pages("八、社会保障和就", "其他非税收入")
    assert first[-1] == ["八、社会保障和就", "1,608.51"]
    assert second[0] == ["其他非税收入", ""]


def test_lines_on_one_baseline_read_left_to_right() -> None:
    from pathlib import Path

    from extractor.model import TextLine
    from extractor.sources.pdf import PageObjects, objects_to_doc, ruling_frames

    chars = text_chars("单位：万元", 450, 100.0) + text_chars("部门：江苏省人民检察院", 60, 100.4)
    chars += text_chars("公开02表：收入预算总表", 60, 80)
    doc = objects_to_doc(Path("x.pdf"), "0", [PageObjects(1, 595, 842, 0, tuple(chars), ())], ruling_frames, 100)
    texts = [b.text for b in doc.pages[0].blocks if isinstance(b, TextLine)]
    assert texts == ["公开02表：收入预算总表", "部门：江苏省人民检察院", "单位：万元"]


def test_pages_are_laid_out_as_they_are_read() -> None:
    """objects_to_doc lays out each page before it asks for the next (a long document never
    holds more than one page's glyphs): the frame finder sees page k before page k + 1 is read."""
    from collections.abc import Iterator
    from pathlib import Path

    from extractor.sources.pdf import PageObjects, objects_to_doc, ruling_frames

    events: list[str] = []

    def pages() -> Iterator[PageObjects]:
        for number in (1, 2, 3):
            events.append(f"read {number}")
            chars = text_chars("项目", 52, 705) + text_chars("1.00", 140, 705)
            yield PageObjects(number, 595, 842, 0, tuple(chars), tuple(grid_shapes([50.0, 130.0, 230.0], [700.0, 720.0])))

    def finder(objects: PageObjects) -> list[Frame]:
        events.append(f"layout {objects.number}")
        return ruling_frames(objects)

    doc = objects_to_doc(Path("x.pdf"), "0", pages(), finder, 10**6)
    assert events == ["read 1", "layout 1", "read 2", "layout 2", "read 3", "layout 3"]
    assert len(doc.pages) == 3
