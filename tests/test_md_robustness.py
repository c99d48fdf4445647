"""The Markdown reader on junk, hostile and huge input: only InputError escapes, time stays linear."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import InputError
from extractor.model import SourceDoc, TableRegion
from extractor.sources.markdown import read_markdown

PATH = Path("junk.md")


def read_bytes(data: bytes, html: bool = False) -> SourceDoc:
    return read_markdown(PATH, data, "x", html=html)


def count_lines(text: str) -> int:
    return len(re.split(r"\r\n|\r|\n", text))


def assert_provenance_inside(doc: SourceDoc, n_lines: int) -> None:
    for _, block in doc.blocks():
        first, last = block.prov.lines or (0, 0)
        assert 1 <= first <= last <= n_lines
        if isinstance(block, TableRegion):
            for cell in block.grid.cells:
                assert cell.prov.lines is not None
                assert first <= cell.prov.lines[0] <= cell.prov.lines[1] <= last


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\x00" * 1024, "NUL byte at byte 0"),
        (b"PK\x03\x04rest", "ZIP"),
        ("正文".encode() + b"\xff\xfe\xfd abc", "not UTF-8 or GB18030 text at byte 6"),
        (b"line one\nline two\n\x80", "(line 3)"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_junk_raises_input_error_naming_file_and_place(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data)
    assert str(info.value).startswith("junk.md: ")
    assert message in str(info.value)


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_raise_only_input_error(seed: int) -> None:
    rnd = random.Random(seed)
    data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 3000)))
    for html in (False, True):
        try:
            doc = read_bytes(data, html)
        except InputError:
            continue
        assert len(doc.pages) == 1


def test_gb18030_and_utf16_text_are_read() -> None:
    assert read_bytes("表1\t预算数\n合计\t1.5\n".encode("gb18030")).pages[0].blocks
    doc = read_bytes("合计\t1.5\n".encode("utf-16"))
    [table] = doc.pages[0].blocks
    assert isinstance(table, TableRegion) and table.grid.matrix() == [["合计", "1.5"]]


_MARKUP = st.sampled_from(
    [
        "\t",
        "|",
        "\n",
        "\r\n",
        "\r",
        "**",
        "<b>",
        "</b>",
        "<br>",
        "<p>",
        "</p>",
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        "</td>",
        "<th colspan=3>",
        '<td rowspan="99999">',
        "# ",
        "- ",
        "|---|",
        "&amp;",
        "\\|",
        "<!--",
        "-->",
        "3920.41",
        "206",
        ",803.00",
        "合",
        "计",
        " ",
        "\u3000",
        "```",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=20), _MARKUP), max_size=60), st.booleans())
def test_any_text_reads_or_raises_input_error(parts: list[str], html: bool) -> None:
    text = "".join(parts)
    try:
        doc = read_bytes(text.encode("utf-8"), html)
    except InputError:
        return
    assert_provenance_inside(doc, count_lines(text))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    try:
        doc = read_bytes(text.encode("utf-8"))
    except InputError:
        return
    assert_provenance_inside(doc, count_lines(text))


# ---------------------------------------------------------------- limits


def _timed(data: bytes, html: bool = False) -> float:
    start = time.perf_counter()
    read_bytes(data, html)
    return time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize(
    "line",
    [
        "字" * 1_700_000,  # 5 MB of one line of text
        "<" * 5_000_000,
        "<a " * 1_700_000,
        "<!--" * 1_250_000,
        "**" * 2_500_000,
        "[" * 5_000_000,
        "|" * 5_000_000,
        "a\t" * 2_500_000,
    ],
)
def test_a_five_megabyte_line_is_not_quadratic(line: str) -> None:
    data = line.encode("utf-8")
    assert _timed(data) < 20
    assert _timed(data, html=True) < 20


def test_a_huge_html_table_line_is_linear() -> None:
    row = "<tr>" + "<td>3920.41</td>" * 10 + "</tr>"
    small = ("<table>" + row * 200 + "</table>").encode()
    big = ("<table>" + row * 4000 + "</table>").encode()
    small_time, big_time = _timed(small), _timed(big)
    assert big_time < max(0.5, small_time * 20 * 4)  # 20x the rows, allow 4x noise: not 400x


def test_unclosed_table_is_closed_at_end_of_input() -> None:
    doc = read_bytes(("<table><tr><td>a</td>\n" + "<tr><td>b</td>\n" * 1000).encode())
    [table] = doc.pages[0].blocks
    assert isinstance(table, TableRegion) and table.grid.n_rows == 1001 and table.prov.lines == (1, 1001)


def test_absurd_spans_stay_small_and_fast() -> None:
    cell = '<td rowspan="100000" colspan="100000">x</td>'
    data = ("<table>" + ("<tr>" + cell * 5 + "</tr>") * 200 + "</table>").encode()
    start = time.perf_counter()
    [table] = read_bytes(data).pages[0].blocks
    assert time.perf_counter() - start < 10
    assert isinstance(table, TableRegion)
    assert table.grid.n_cols <= 1000 and len(table.grid.cells) <= 1_000_000
