"""Property-based tests (hypothesis) of the parsers, and a mutation fuzzer over the PDF reader.

Only the project's own error type may escape a reader, and nothing may hang. Bounded for CI:
derandomized (the same examples on every run), about 50 examples a test, a time guard per
example. ``scripts/fuzz.py`` (``make fuzz``) runs the long session.
"""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractorError, InputError, LimitExceeded
from extractor.limits import deadline
from extractor.model.amounts import UNIT_FACTORS, is_amount, parse_amount, to_yuan, yuan_str
from extractor.semantics.codes import code_from_cell, code_parent, is_code, split_codes, split_fused
from extractor.sources.markdown import read_markdown
from extractor.structure.numbering import parse_numbering
from extractor.structure.table_context import read_line_role

CI = settings(max_examples=50, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EXAMPLE_SECONDS = 20.0
"""An example that takes longer has hung (the readers take well under a second on these inputs)."""

decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                       allow_nan=False, allow_infinity=False)
# Text as budget tables print it: digits, separators, signs, brackets, CJK, blanks.
printed = st.text(alphabet=st.sampled_from(list("0123456789,，.．-－—()（）%/ 　万元亿千元合计206")), max_size=30)

# ---------------------------------------------------------------- amounts


@CI
@given(st.one_of(st.text(), printed))
def test_parse_amount_never_raises_and_agrees_with_is_amount(text: str) -> None:
    value = parse_amount(text)
    assert value is None or isinstance(value, Decimal)
    assert is_amount(text) == (value is not None)


@CI
@given(decimals)
def test_yuan_str_round_trips_through_parse_amount(value: Decimal) -> None:
    text = yuan_str(value)
    assert "E" not in text and "e" not in text
    assert not ("." in text and text.endswith("0"))
    assert parse_amount(text) == value


@CI
@given(decimals.filter(lambda d: d >= 0))
def test_printed_forms_parse_to_the_same_value(value: Decimal) -> None:
    assert parse_amount(f"{value:,.2f}") == value
    assert parse_amount(f" {value:.2f}\u3000") == value
    assert parse_amount(f"({value:.2f})") == -value
    assert parse_amount(f"{value:,.2f}".replace(",", "，")) == value


@CI
@given(decimals, st.sampled_from(sorted(UNIT_FACTORS)))
def test_to_yuan_is_exact(value: Decimal, unit: str) -> None:
    yuan = to_yuan(value, unit)
    assert yuan == value * UNIT_FACTORS[unit]
    assert parse_amount(yuan_str(yuan)) == yuan


@CI
@given(st.text(max_size=5).filter(lambda u: u not in UNIT_FACTORS))
def test_to_yuan_refuses_unknown_units(unit: str) -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        to_yuan(Decimal(1), unit)


# ---------------------------------------------------------------- captions, headings, codes


@CI
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(list("表单位：:（）()编制部门注元万千亿1一 ")))))
def test_read_line_role_never_raises(text: str) -> None:
    role = read_line_role(text)
    assert role.unit in (None, *UNIT_FACTORS)


@CI
@given(st.sampled_from(sorted(UNIT_FACTORS)), st.sampled_from(["单位：", "单位:", "金额单位：", "单 位："]),
       st.text(alphabet=st.sampled_from(list(" 　")), max_size=3))
def test_read_line_role_finds_the_unit(unit: str, label: str, pad: str) -> None:
    assert read_line_role(f"{pad}{label}{unit}{pad}").unit == unit


@CI
@given(st.text())
def test_parse_numbering_never_raises(text: str) -> None:
    found = parse_numbering(text)
    if found is not None:
        assert 1 <= found.rank <= 5 and found.label and " " not in found.label


@CI
@given(st.sampled_from(["一", "二", "九", "十", "十三"]), st.text(alphabet="科学技术支出情况说明", min_size=1, max_size=8))
def test_parse_numbering_ranks(digit: str, rest: str) -> None:
    assert parse_numbering(f"{digit}、{rest}").rank == 2  # type: ignore[union-attr]
    assert parse_numbering(f"（{digit}）{rest}").rank == 3  # type: ignore[union-attr]
    assert parse_numbering(f"第{digit}部分 {rest}").rank == 1  # type: ignore[union-attr]


codes = st.builds(
    lambda head, parts: head + "".join(parts),
    st.sampled_from([str(n) for n in (*range(201, 235), *range(301, 311), *range(501, 511))]),
    st.lists(st.integers(1, 99).map(lambda n: f"{n:02d}"), max_size=2),
)


@CI
@given(st.one_of(st.text(), printed))
def test_code_parsers_never_raise(text: str) -> None:
    code_from_cell(text)
    split_fused(text)
    is_code(text)


@CI
@given(codes, st.text(alphabet="科学技术支出行政运行", min_size=1, max_size=10))
def test_codes_read_alone_and_fused(code: str, name: str) -> None:
    assert is_code(code)
    assert split_fused(code + name) == (code, name)
    found = code_from_cell(code + name)
    assert found is not None and found.code == code and found.parent == code_parent(code)


@CI
@given(st.lists(st.lists(st.one_of(st.text(max_size=4), st.sampled_from(["206", "04", "4", "", "30101"])),
                         min_size=1, max_size=4), max_size=12))
def test_split_codes_never_raises(rows: list[list[str]]) -> None:
    found = split_codes(rows)
    assert len(found) == len(rows)
    assert all(c is None or is_code(c.code) for c in found)


# ---------------------------------------------------------------- the Markdown reader

_MD_TOKENS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", '<td rowspan="999999">',
              '<td colspan="-1">', "<th>", "<br>", "<b>", "|", "---", "\t", "\n", "\n\n", "# ", "**",
              "表1 ", "单位：万元", "合计", "2060404", "1,234.50", "（一）", "第二部分", "<!--", "-->", "`", "\r"]
markdownish = st.lists(st.one_of(st.sampled_from(_MD_TOKENS), st.text(max_size=6)), max_size=60).map("".join)


def _read(data: bytes, html: bool = False) -> None:
    path = Path("fuzz.md")
    try:
        with deadline(EXAMPLE_SECONDS, "fuzz example"):
            read_markdown(path, data, hashlib.sha256(data).hexdigest(), html=html)
    except LimitExceeded:
        raise AssertionError(f"the Markdown reader hung on {data[:200]!r}") from None
    except InputError:
        pass


@CI
@given(st.one_of(st.text(), markdownish), st.booleans())
def test_markdown_reader_on_text(text: str, html: bool) -> None:
    _read(text.encode("utf-8"), html)
    _read(text.encode("gb18030", errors="replace"), html)


@CI
@given(st.binary(max_size=2000))
def test_markdown_reader_on_bytes(data: bytes) -> None:
    _read(data)


# ---------------------------------------------------------------- a mutation fuzzer over the PDF reader

_PDF_TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b"R", b"0 0 R",
               b"/Type /Pages", b"/Kids [1 0 R]", b"/Length 999999999", b"/Filter /FlateDecode",
               b"xref", b"trailer", b"startxref", b"%%EOF", b"(", b")", b"\\", b"-1", b"1e308",
               b"99999999999999999999", b"BT", b"ET", b"Tj", b"q", b"Q", b"cm", b"Do", b"/Encrypt"]


def pdf_bases() -> list[bytes]:
    """Small fixture PDFs: the drawn budget page, and the ruling fixtures when present."""
    bases = [hostile.small_budget_pdf()]
    folder = hostile.ROOT / "fixtures" / "pdf"
    bases += [p.read_bytes() for p in sorted(folder.glob("*.pdf")) if p.stat().st_size < 20_000]
    return bases


BASES = pdf_bases()

mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("token"), st.floats(0, 1), st.integers(0, len(_PDF_TOKENS) - 1)),
)


def mutate(data: bytes, ops: list[tuple[str, float, int]]) -> bytes:
    """Apply the mutations in order; the ``%PDF-`` header stays so the PDF reader gets the bytes."""
    out = bytearray(data)
    for kind, where, arg in ops:
        at = 8 + int(where * max(len(out) - 8, 0))
        if kind == "flip" and at < len(out):
            out[at] = arg
        elif kind == "truncate":
            del out[at:]
        elif kind == "duplicate":
            out[at:at] = out[at : at + arg]
        elif kind == "delete":
            del out[at : at + arg]
        elif kind == "token":
            out[at:at] = b" " + _PDF_TOKENS[arg] + b" "
    return bytes(out)


def extract_guarded(path: Path) -> None:
    """``extract`` raising nothing but ExtractorError, within the per-example time guard."""
    from extractor.pipeline import extract

    started = time.monotonic()
    try:
        with deadline(EXAMPLE_SECONDS, "fuzz example"):
            extract(path)
    except LimitExceeded as err:
        if "fuzz example" in str(err):
            raise AssertionError(f"hang: {path} took more than {EXAMPLE_SECONDS:g} s") from None
    except ExtractorError:
        pass
    assert time.monotonic() - started < EXAMPLE_SECONDS + 5


@settings(CI, max_examples=40)
@given(st.sampled_from(range(len(BASES))), st.lists(mutation, min_size=1, max_size=6))
def test_pdf_reader_survives_mutations(tmp_path: Path, base: int, ops: list[tuple[str, float, int]]) -> None:
    path = tmp_path / "mutant.pdf"
    path.write_bytes(mutate(BASES[base], ops))
    extract_guarded(path)
