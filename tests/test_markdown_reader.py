"""The Markdown reader on the seed and on the fixtures derived from it (scripts/make_fixtures.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, SEED, needs_corpus

from extractor.model import Prov, SourceDoc, SourceFormat, TableRegion, TextLine
from extractor.sources.markdown import read_markdown

VARIANTS = FIXTURES / "seed"


def read(path: Path, html: bool = False) -> SourceDoc:
    return read_markdown(path, path.read_bytes(), "0" * 64, html=html)


def tables(doc: SourceDoc) -> list[TableRegion]:
    return [b for _, b in doc.blocks() if isinstance(b, TableRegion)]


def text_lines(doc: SourceDoc) -> list[TextLine]:
    return [b for _, b in doc.blocks() if isinstance(b, TextLine)]


def matrices(doc: SourceDoc) -> list[list[list[str]]]:
    """Origin texts of every table (positions covered by a span are empty, as in the tab seed)."""
    return [t.grid.matrix() for t in tables(doc)]


@pytest.fixture(scope="module")
def seed() -> SourceDoc:
    return read(SEED)


@pytest.fixture(scope="module")
def seed_tables(seed: SourceDoc) -> list[list[list[str]]]:
    return matrices(seed)


def line_at(doc: SourceDoc, lineno: int) -> list[TextLine]:
    return [t for t in text_lines(doc) if t.prov.lines == (lineno, lineno)]


# ---------------------------------------------------------------- the seed itself


def test_seed_is_one_markdown_page(seed: SourceDoc) -> None:
    assert seed.format is SourceFormat.MARKDOWN
    assert [p.number for p in seed.pages] == [1]
    assert seed.warnings == ()


def test_seed_has_sixteen_tab_tables_with_their_printed_shapes(seed: SourceDoc) -> None:
    shapes = [(t.prov.lines, t.grid.n_rows, t.grid.n_cols) for t in tables(seed)]
    assert shapes == [
        ((108, 140), 33, 4),  # 表1 收支总体情况表
        ((152, 171), 20, 15),  # 表2 收入总体情况表
        ((183, 203), 21, 7),  # 表3
        ((215, 247), 33, 7),  # 表4
        ((261, 281), 21, 7),  # 表5
        ((296, 317), 22, 6),  # 表6
        ((333, 336), 4, 8),  # 表8
        ((348, 351), 4, 8),  # 表9
        ((363, 370), 8, 5),  # 表10
        ((382, 386), 5, 5),  # 表11
        ((398, 401), 4, 10),  # 表12
        ((608, 625), 18, 6),  # 整体绩效目标表
        ((633, 645), 13, 9),  # 项目支出绩效目标表 ×4
        ((651, 665), 15, 9),
        ((671, 683), 13, 9),
        ((685, 702), 18, 9),
    ]
    assert all(t.header_rows is None for t in tables(seed))


def test_seed_tab_rows_all_have_their_table_width(seed: SourceDoc) -> None:
    """No seed row was padded: every printed line has exactly n_cols - 1 tabs."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for table in tables(seed):
        first, last = table.prov.lines or (0, 0)
        assert {lines[n - 1].count("\t") for n in range(first, last + 1)} == {table.grid.n_cols - 1}


def test_seed_table1_cells_exactly_as_printed(seed_tables: list[list[list[str]]]) -> None:
    t1 = seed_tables[0]
    assert t1[0] == ["收 入", "", "支 出", ""]  # merged header kept as text + empty: no span
    assert t1[1] == ["项 目", "预算数", "科目名称", "预算数"]
    assert t1[2] == ["一、本年收入", "3920.41", "201 一般公共服务支出", ""]
    assert t1[7] == ["其中: 政府性基金收入", "", "206 科学技术支出", "3890.91"]
    assert t1[27] == ["", "", "230 转移性支出", ""]
    assert t1[-1] == ["收入总计", "3920.41", "支出总计", "3920.41"]


def test_seed_table2_header_and_class_rows(seed_tables: list[list[list[str]]]) -> None:
    t2 = seed_tables[1]
    assert t2[0][:6] == ["科目代码", "", "", "科目名称", "总计", "财政拨款（补助）"]
    assert t2[1][:6] == ["类", "款", "项", "", "", "财政拨款（补助）小计"]
    assert t2[2][:6] == ["206", "", "", "科学技术支出", "3890.91", "3890.91"]
    assert t2[3][:6] == ["206", "04", "", "技术与开发", "3775.2", "3755.2"]
    assert t2[4][:6] == ["206", "04", "04", "科技成果转化与扩散", "3755.2", "3755.2"]
    assert t2[-1][:6] == ["", "", "", "总计", "3920.41", "3920.41"]


def test_seed_table6_has_six_columns(seed_tables: list[list[list[str]]]) -> None:
    t6 = seed_tables[5]
    assert t6[0] == ["科目代码", "", "科目名称", "一般公共预算基本支出", "", ""]
    assert t6[1] == ["类", "款", "", "合 计", "人员经费", "公用经费"]
    assert t6[2] == ["301", "", "工资福利支出", "160.29", "160.29", ""]
    assert t6[-1] == ["", "", "总 计", "165.21", "160.29", "4.92"]


def test_seed_bold_cells(seed: SourceDoc) -> None:
    t1 = tables(seed)[0].grid
    assert [c.bold for c in t1.row_cells(32)] == [True, True, True, True]
    assert t1.at(32, 0) is not None and t1.at(32, 0).text == "收入总计"  # <b> stripped
    assert not any(c.bold for c in t1.row_cells(2))


def test_seed_performance_tables_with_p_in_cells(seed_tables: list[list[list[str]]]) -> None:
    whole = seed_tables[11]
    goal = whole[2][2]
    assert goal.startswith("根据高新区党工委工作要求") and "<p>" not in goal and "</p>" not in goal
    assert goal.count("\n") == 4  # five <p> paragraphs → five lines of one cell
    assert whole[11][:4] == ["履职效能", "数量指标", "科技成果对接活动、创业创新大赛、开展科普活动", ">=3 次"]
    review = seed_tables[14]
    assert review[3][1].startswith("本项目2026年计划投入1万元") and "\n" not in review[3][1]


def test_seed_cell_provenance_is_the_printed_line(seed: SourceDoc) -> None:
    for table in tables(seed):
        first, last = table.prov.lines or (0, 0)
        for cell in table.grid.cells:
            assert cell.prov == Prov(lines=(first + cell.row, first + cell.row))
            assert cell.prov.page is None and cell.prov.bbox is None
        assert last == first + table.grid.n_rows - 1


@pytest.mark.parametrize(
    ("lineno", "text", "heading"),
    [
        (100, "表1", None),
        (102, "昌吉高新区创业创新服务中心收支总体情况表", 3),
        (104, "编制部门(单位): 昌吉高新区创业创新服务中心", None),
        (106, "单位: 万元", None),
        (142, "备注: 无内容应公开空表并说明情况。", None),
        (146, "昌吉高新区创业创新服务中心收入总体情况表", 2),
        (150, "单位：万元", None),
        (604, "昌吉高新区创业创新服务中心整体绩效目标表", 1),
        (8, "目 录", 2),
    ],
)
def test_seed_lines_around_tables(seed: SourceDoc, lineno: int, text: str, heading: int | None) -> None:
    [line] = line_at(seed, lineno)
    assert (line.text, line.heading) == (text, heading)


def test_seed_bold_title_over_two_lines(seed: SourceDoc) -> None:
    [first] = line_at(seed, 3)
    [second] = line_at(seed, 4)
    assert (first.text, first.bold) == ("昌吉高新技术产业开发区创业创新投资服务中心", True)
    assert (second.text, second.bold) == ("2026 年部门预算公开", True)


def test_seed_markup_stripped_from_lines(seed: SourceDoc) -> None:
    [part3] = line_at(seed, 44)
    assert (part3.text, part3.heading, part3.bold) == (
        "第三部分 2026年昌吉高新技术产业开发区创业创新服务中心预算情况说明",
        3,
        True,
    )
    [glossary] = line_at(seed, 712)
    assert glossary.text.startswith("一、财政拨款：指由") and not glossary.bold  # only the term is bold
    [item] = line_at(seed, 463)
    assert item.text == "1.科学技术支出（206 类）3890.91 万元，占 99.24%。"  # "- " list marker gone
    [hard_break] = line_at(seed, 291)
    assert hard_break.text == "编制部门(单位): 昌吉高新区创业创新"  # trailing two spaces gone


def test_seed_no_line_is_lost(seed: SourceDoc) -> None:
    """Every non-blank line of the seed is a TextLine or inside a table region."""
    covered: set[int] = set()
    for _, block in seed.blocks():
        first, last = block.prov.lines or (0, 0)
        covered.update(range(first, last + 1))
    lines = SEED.read_text(encoding="utf-8").split("\n")
    missing = [n for n, line in enumerate(lines, 1) if line.strip() and n not in covered]
    assert missing == []


def test_seed_reads_in_a_few_milliseconds() -> None:
    data = SEED.read_bytes()
    read_markdown(SEED, data, "x")
    start = time.perf_counter()
    for _ in range(5):
        read_markdown(SEED, data, "x")
    assert (time.perf_counter() - start) / 5 < 1.0  # tens of ms on a laptop; generous for a loaded CI


# ---------------------------------------------------------------- same tables, other writers


@pytest.mark.parametrize("name", ["seed-pipe.md", "seed-html.md"])
def test_pipe_and_html_rewrites_give_the_seed_grids(name: str, seed_tables: list[list[list[str]]]) -> None:
    doc = read(VARIANTS / name)
    assert matrices(doc) == seed_tables
    assert doc.warnings == ()


def test_html_rewrite_has_real_spans() -> None:
    t1, t2 = tables(read(VARIANTS / "seed-html.md"))[:2]
    assert (t1.grid.at(0, 1).text, t1.grid.at(0, 1).colspan) == ("收 入", 2)  # type: ignore[union-attr]
    assert t1.grid.matrix(fill_spans=True)[0] == ["收 入", "收 入", "支 出", "支 出"]
    name = t2.grid.at(1, 3)
    assert name is not None and (name.text, name.row, name.rowspan) == ("科目名称", 0, 2)


def test_pipe_rewrite_marks_the_gfm_header_line() -> None:
    t1 = tables(read(VARIANTS / "seed-pipe.md"))[0]
    assert t1.header_rows == 1
    assert t1.grid.at(32, 0) is not None and t1.grid.at(32, 0).bold  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["seed-gb18030.md", "seed-bom.md"])
def test_other_encodings_give_identical_blocks(name: str, seed: SourceDoc) -> None:
    assert read(VARIANTS / name).pages == seed.pages


def test_crlf_and_cr_line_ends_give_identical_blocks(seed: SourceDoc) -> None:
    data = SEED.read_bytes()
    for ending in (b"\r\n", b"\r"):
        assert read_markdown(SEED, data.replace(b"\n", ending), "x").pages == seed.pages


# ---------------------------------------------------------------- damaged variants


def test_br_glued_cells_are_split_back(seed_tables: list[list[list[str]]]) -> None:
    doc = read(VARIANTS / "seed-damaged-br.md")
    assert matrices(doc) == seed_tables
    assert sum("<br>" in w for w in doc.warnings) == 3


def test_split_table_continuation_row_is_not_a_header(seed_tables: list[list[list[str]]]) -> None:
    """Unrecoverable here by design: the reader cannot know the two regions are one table (the
    tables stage stitches them). It must keep every row, and must not take the promoted data row
    for a header."""
    for name in ("seed-damaged-split.md", "seed-damaged-split-html.md"):
        regions = tables(read(VARIANTS / name))
        assert len(regions) == len(seed_tables) + 1
        first, second = regions[1], regions[2]
        assert first.grid.matrix() + second.grid.matrix() == seed_tables[1]
        assert second.header_rows is None
        assert second.grid.matrix()[0][:5] == ["208", "05", "06", "机关事业单位职业年金缴费支出", "4.52"]
        assert [t.grid.matrix() for t in regions[3:]] == seed_tables[2:]
    html_first = tables(read(VARIANTS / "seed-damaged-split-html.md"))[1]
    assert html_first.header_rows == 2  # real <th> header rows are kept


def test_sparse_rows_are_realigned(seed_tables: list[list[list[str]]]) -> None:
    """表3 row 4 prints two amounts for three amount columns: which two is ambiguous, so the row
    is left as printed, padded at the end, with a warning. Every other damaged row is restored."""
    doc = read(VARIANTS / "seed-damaged-sparse.md")
    got = matrices(doc)
    assert got[2][4] == ["206", "04", "技术研究与开发", "3755.2", "3755.2", "", ""]
    got[2][4] = seed_tables[2][4]
    assert got == seed_tables
    assert sum("realigned" in w for w in doc.warnings) == 25
    assert [w for w in doc.warnings if "padded" in w] == ["line 190: row has 5 of 7 cells; padded at the end"]


def _with_separators(text: str) -> str:
    m = re.fullmatch(r"(\d{4,})(\.\d+)?", text)
    return f"{int(m.group(1)):,}{m.group(2) or ''}" if m else text


def test_numbers_split_over_two_cells_are_joined(seed_tables: list[list[list[str]]]) -> None:
    """The variant prints amounts ≥ 1000 with separators (3,920.41); the reader keeps them as
    printed, so the expected grid is the seed's with the same separators."""
    doc = read(VARIANTS / "seed-damaged-numsplit.md")
    expected = [[[_with_separators(t) for t in row] for row in table] for table in seed_tables]
    assert matrices(doc) == expected
    assert sum("joined number" in w for w in doc.warnings) == 18


def test_smeared_header_words_are_joined(seed_tables: list[list[list[str]]]) -> None:
    doc = read(VARIANTS / "seed-damaged-smear.md")
    assert matrices(doc) == seed_tables
    assert any("基本支|出" in w for w in doc.warnings)


@needs_corpus()
def test_html_document_reads_as_lines() -> None:
    doc = read(CORPUS / "chongqing-municipal" / "budget2017.html", html=True)
    assert doc.format is SourceFormat.HTML
    texts = [t.text for t in text_lines(doc)]
    assert "一、单位基本情况" in texts and "五、专业性名词解释" in texts
    assert not any("<" in t and ">" in t for t in texts)
    assert not any("only the article" in t for t in texts)  # the HTML comment is skipped
