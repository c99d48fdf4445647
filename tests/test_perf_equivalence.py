"""Shortcuts taken for speed give exactly what the general code they replace gives."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from extractor.model import Cell, Grid, Prov
from extractor.structure.tables import _moved


def test_moved_cell_is_replace_with_a_new_row() -> None:
    cell = Cell("<b>合计</b>", 3, 2, Prov(page=4, bbox=(1.0, 2.0, 3.0, 4.0)), rowspan=2, colspan=3, bold=True,
                ocr_confidence=0.9)
    moved = _moved(cell, 7)
    assert moved == replace(cell, row=7)
    assert [f.name for f in fields(Cell)] == ["text", "row", "col", "prov", "rowspan", "colspan", "bold", "ocr_confidence"]


def test_row_texts_match_origin_text_and_at() -> None:
    prov = Prov(page=1)
    cells = (
        Cell("a", 0, 0, prov, colspan=2),
        Cell("b", 0, 2, prov, rowspan=2),
        Cell("hidden", 0, 1, prov),  # overlaps a's span: a wins the position
        Cell("c", 1, 0, prov),
        Cell("far", 1, 5, prov),  # outside the grid
        Cell("neg", 1, -1, prov),
    )
    grid = Grid(2, 4, cells)
    for row in range(3):
        assert grid.row_texts(row) == [grid.origin_text(row, j) for j in range(grid.n_cols)]
        assert grid.row_texts(row, fill_spans=True) == [
            c.text if (c := grid.at(row, j)) is not None else "" for j in range(grid.n_cols)
        ]
    assert grid.row_texts(0) == ["a", "", "b", ""]
    assert grid.row_texts(1, fill_spans=True) == ["c", "", "b", ""]


def _split_reference(text: str) -> list[str]:
    """The character loop :func:`extractor.semantics.sentences._split_on_terminators` replaced."""
    pieces, start = [], 0
    for i, char in enumerate(text):
        if char in "。；;！？!?":
            pieces.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def test_split_on_terminators_matches_the_character_loop() -> None:
    import random

    from extractor.semantics.sentences import _split_on_terminators, clean_text

    rng = random.Random(3)
    alphabet = "。；;！？!?ab 中\n*_<b>/"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _split_on_terminators(text) == _split_reference(text)
        reference = re.sub(r"\*\*|__|</?[a-zA-Z][^>]*>", "", text).replace("\u00a0", " ").replace("\u3000", " ")
        assert clean_text(text) == reference


_WHITESPACE_ETC = [chr(c) for c in range(0x3100) if chr(c).isspace() or re.match(r"\s", chr(c))] + list("<>/ab中（）()")


def test_space_and_tag_removal_matches_the_regexes() -> None:
    """``"".join(text.split())`` removes exactly what ``\\s`` matches; without ``<`` no tag matches."""
    import random

    from extractor.semantics.fact_codes import _norm
    from extractor.semantics.labels import clean_label
    from extractor.semantics.measures import normalize_segment
    from extractor.semantics.types import normalize_title
    from extractor.structure.numbering import squeeze as numbering_squeeze
    from extractor.validate.context import squeeze as context_squeeze

    assert {c for c in map(chr, range(0x110000)) if c.isspace()} == {
        c for c in map(chr, range(0x110000)) if re.match(r"\s", c)
    }
    rng = random.Random(5)
    spaces_or_tags = re.compile(r"\s+|<[^>]+>")
    for _ in range(3000):
        text = "".join(rng.choice(_WHITESPACE_ETC) for _ in range(rng.randint(0, 10)))
        assert numbering_squeeze(text) == re.sub(r"[\s\u3000]+", "", text)
        assert context_squeeze(text) == re.sub(r"[\s\u3000]+", "", re.sub(r"</?[a-zA-Z][^>]*>", "", text))
        assert clean_label(text) == spaces_or_tags.sub("", text).replace("（", "(").replace("）", ")")
        assert _norm(text) == re.sub(r"[\s\u3000]", "", text).replace("(", "（").replace(")", "）")
        squeezed = spaces_or_tags.sub("", text)
        assert normalize_title(text) == re.sub(r"[“”\"'‘’「」『』]", "", squeezed).replace("（", "(").replace("）", ")")
        segment = squeezed.replace("（", "(").replace("）", ")")
        segment = re.sub(r"^(?:\d{4}年|本年度?|当年)(?=预算|决算)", "", segment)
        assert normalize_segment(text) == re.sub(r"(?<=[算支])数$", "", segment)
    assert context_squeeze(None) == ""


def test_grid_index_matches_the_span_loops() -> None:
    """The 1x1 shortcut of ``Grid.__post_init__`` indexes what the general loops index."""
    import random

    rng = random.Random(11)
    prov = Prov(page=1)
    for _ in range(300):
        n_rows, n_cols = rng.randint(0, 4), rng.randint(0, 4)
        cells = tuple(
            Cell(str(k), rng.randint(-1, 5), rng.randint(-1, 5), prov, rng.choice([1, 1, 2, 0]), rng.choice([1, 1, 3, -1]))
            for k in range(rng.randint(0, 8))
        )
        grid = Grid(n_rows, n_cols, cells)
        index: dict[tuple[int, int], Cell] = {}
        for cell in cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, n_cols)):
                    index.setdefault((r, c), cell)
        assert grid._index == index
        assert list(grid._index) == list(index)


def test_prov_boxes_round_as_round_does() -> None:
    """Remembered roundings give ``round(v, 2)`` exactly: signed zeros, ints and NaN included."""
    import math

    from extractor.output import prov_to_dict

    values = [0.0, -0.0, 1.005, 2.675, -0.001, 0.004, 5, 5.0, True, math.nan, math.inf, 123.456, 1e-9, -1e-9]
    for _ in range(2):  # the second pass reads what the first remembered
        for a in values:
            for b in values:
                box = (a, b, b, a)
                got = prov_to_dict(Prov(page=1, bbox=box))
                assert got is not None
                want = [round(v, 2) for v in box]
                assert [(type(v), repr(v)) for v in got["bbox"]] == [(type(v), repr(v)) for v in want]
