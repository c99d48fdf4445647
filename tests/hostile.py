"""Hostile inputs, generated into a directory from the project's own fixtures (issue 8).

Every ``make_*`` function writes one bad (or awkward) document into ``folder`` and returns its
path. Nothing here is random unless seeded, so each case is the same bytes on every run.

PDFs come from three places: the seed PDF (``fixtures/pdf/seed.pdf``, when another engineer's
``make fixtures`` has produced it), small PDFs drawn here with reportlab (STSong-Light, nothing
embedded), and PDFs written byte by byte (:func:`build_pdf`) for the cases reportlab cannot
produce: cycles, deep nesting, decompression bombs, broken cross-reference tables.

:data:`CASES` lists every case with the outcome the command line must give (exit codes allowed
and a word the one-line message must contain); ``tests/test_hostile.py`` runs them.
"""

from __future__ import annotations

import io
import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED_MD = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"
SEED_PDF = ROOT / "fixtures" / "pdf" / "seed.pdf"
FONT = "STSong-Light"

# ---------------------------------------------------------------- hand-written PDFs


def pdf_stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    """A stream object body (dictionary + data), Flate-compressed unless ``compress`` is False."""
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def build_pdf(objects: Sequence[bytes], root: int = 1, *, version: bytes = b"1.7") -> bytes:
    """A complete PDF from object bodies (object ``i + 1`` is ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text_content(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")


def text_pages_pdf(count: int, *, page_extra: bytes = b"") -> bytes:
    """``count`` small pages sharing one content stream (``Page N`` printed once): fast to write."""
    kids_start = 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (kids_start + i) for i in range(count)), count),
        pdf_stream(_text_content("Page of a very long document")),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 3 0 R " \
           b"/Resources << /Font << /F1 %d 0 R >> >>%s >>" % (kids_start + count, page_extra)
    objects += [page] * count
    objects.append(_HELVETICA)
    return build_pdf(objects)


def make_many_pages(folder: Path, pages: int = 3000) -> Path:
    """A PDF with thousands of (tiny) pages."""
    path = folder / f"pages-{pages}.pdf"
    path.write_bytes(text_pages_pdf(pages))
    return path


def bomb_stream(inflated: int, *, good_checksum: bool = True) -> bytes:
    """A zlib stream of ``inflated`` zero bytes (a multiple of 1 MiB), written in well under a second.

    One MiB of zeros is compressed once and ended with a full flush, so the segment references
    nothing before it and can be repeated; the Adler-32 of the whole is computed, not guessed.
    """
    mib = 1 << 20
    chunks = max(1, inflated // mib)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = comp.compress(bytes(mib)) + comp.flush(zlib.Z_FULL_FLUSH)
    end = comp.flush(zlib.Z_FINISH)
    adler = 1
    zeros = bytes(mib)
    for _ in range(chunks):
        adler = zlib.adler32(zeros, adler)
    if not good_checksum:
        adler ^= 0xFFFF
    return b"\x78\xda" + segment * chunks + end + adler.to_bytes(4, "big")


def make_bomb(folder: Path, inflated: int = 1 << 30, *, good_checksum: bool = True) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes (default 1 GiB)."""
    data = bomb_stream(inflated, good_checksum=good_checksum)
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        content,
    ]
    tag = "" if good_checksum else "-badsum"
    path = folder / f"bomb-{inflated >> 20}mib{tag}.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_kids_cycle(folder: Path) -> Path:
    """A page tree whose /Kids point back up: Pages 2 → Pages 3 → Pages 2, plus one real page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        pdf_stream(_text_content("cycle")),
        _HELVETICA,
    ]
    path = folder / "kids-cycle.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_self_parent(folder: Path) -> Path:
    """A page whose /Parent is itself and whose /Resources refer to themselves."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources 5 0 R >>",
        pdf_stream(_text_content("self")),
        b"<< /Font << /F1 6 0 R >> /XObject 5 0 R /Self 5 0 R >>",
        _HELVETICA,
    ]
    path = folder / "self-parent.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_deep_array(folder: Path, depth: int = 100_000) -> Path:
    """An array nested ``depth`` deep in the page dictionary (and in its content stream)."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Deep %s >>" % nested,
        pdf_stream(_text_content("deep") + b"\n" + nested + b" pop"),
        _HELVETICA,
    ]
    path = folder / f"deep-array-{depth}.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_deep_dict(folder: Path, depth: int = 100_000) -> Path:
    """Dictionaries nested ``depth`` deep (``<< /A << /A … >> >>``) as the page's /Resources."""
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources %s >>" % nested,
        pdf_stream(_text_content("deep")),
    ]
    path = folder / f"deep-dict-{depth}.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_scanned(folder: Path, pages: int = 2) -> Path:
    """Pages that carry only an image (a grey 'scan' as an image XObject), no text layer."""
    width, height = 120, 170
    rnd = random.Random(8)
    pixels = bytes(200 + rnd.randrange(56) for _ in range(width * height))
    image = pdf_stream(
        pixels, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8" % (width, height)
    )
    first_page = 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages)), pages),
        pdf_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
    ]
    image_ref = first_page + pages
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R " \
           b"/Resources << /XObject << /Im1 %d 0 R >> >> >>" % image_ref
    objects += [page] * pages
    objects.append(image)
    path = folder / "scanned.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def make_broken_xref(folder: Path) -> Path:
    """A good small PDF whose xref offsets all point to the wrong place and whose startxref lies."""
    data = small_budget_pdf()
    start = data.rfind(b"startxref")
    xref_at = int(data[start + 9 :].split()[0])
    head, table = data[:xref_at], data[xref_at:start]
    table = re.sub(rb"(?m)^(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), table)
    data = head + table + b"startxref\n999999\n%%EOF\n"
    path = folder / "broken-xref.pdf"
    path.write_bytes(data)
    return path


def make_no_xref(folder: Path) -> Path:
    """A good small PDF with its xref table, trailer and startxref cut away."""
    data = small_budget_pdf()
    xref = data.rfind(b"\nxref")
    path = folder / "no-xref.pdf"
    path.write_bytes(data[: xref + 1])
    return path


# ---------------------------------------------------------------- reportlab PDFs


def _canvas(buffer: io.BytesIO, encrypt: object | None = None) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return Canvas(buffer, invariant=1, encrypt=encrypt)


_TABLE = (
    ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    ("206", "科学技术支出", "120.00", "100.00", "20.00"),
    ("20601", "科学技术管理事务", "120.00", "100.00", "20.00"),
    ("2060101", "行政运行", "120.00", "100.00", "20.00"),
    ("", "合计", "120.00", "100.00", "20.00"),
)


def draw_budget_page(canvas: Any) -> None:
    """One page of a budget disclosure: a heading, a caption, a small ruled table."""
    c = canvas
    c.setFont(FONT, 16)
    c.drawString(72, 780, "第二部分 2026年部门预算表")
    c.setFont(FONT, 10)
    c.drawString(72, 750, "表1 一般公共预算支出表")
    c.drawString(420, 735, "单位：万元")
    widths = (70, 150, 70, 70, 70)
    top, row_h, left = 728, 20, 72
    for r, row in enumerate(_TABLE):
        x = left
        for w, text in zip(widths, row, strict=True):
            c.rect(x, top - (r + 1) * row_h, w, row_h)
            c.drawString(x + 3, top - (r + 1) * row_h + 6, text)
            x += w


def small_budget_pdf(pages: int = 1, encrypt: object | None = None, scanned_pages: Sequence[int] = ()) -> bytes:
    """A small budget PDF drawn with reportlab; pages listed in ``scanned_pages`` (1-based) carry
    no text, only an image (a grey 'scan') and shapes (grey bars)."""
    buffer = io.BytesIO()
    c = _canvas(buffer, encrypt)
    for number in range(1, pages + 1):
        if number in scanned_pages:
            _draw_grey_image(c)
            for i in range(40):
                c.setFillGray(0.3 + (i % 5) / 10)
                c.rect(60, 760 - i * 16, 300 + (i * 37) % 160, 9, stroke=0, fill=1)
        else:
            draw_budget_page(c)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _draw_grey_image(c: Any) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (60, 80), 235)
    c.drawImage(ImageReader(image), 40, 40, width=515, height=760)


def make_good_pdf(folder: Path) -> Path:
    path = folder / "good-small.pdf"
    path.write_bytes(small_budget_pdf(pages=2))
    return path


def make_encrypted_user(folder: Path) -> Path:
    """Encrypted with a user password: cannot be opened without it."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = folder / "encrypted-user.pdf"
    path.write_bytes(small_budget_pdf(encrypt=StandardEncryption("user", ownerPassword="owner")))
    return path


def make_encrypted_owner_only(folder: Path) -> Path:
    """Encrypted with an owner password only (empty user password): opens, like in any viewer."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = folder / "encrypted-owner-only.pdf"
    path.write_bytes(small_budget_pdf(encrypt=StandardEncryption("", ownerPassword="owner")))
    return path


def make_partly_scanned(folder: Path) -> Path:
    """Page 1 has text, page 2 is a 'scan' (shapes only): a partial read."""
    path = folder / "partly-scanned.pdf"
    path.write_bytes(small_budget_pdf(pages=2, scanned_pages=(2,)))
    return path


def base_pdf_bytes() -> bytes:
    """The PDF the damage is done to: the seed PDF when present, else a small drawn one."""
    return SEED_PDF.read_bytes() if SEED_PDF.is_file() else small_budget_pdf(pages=3)


# ---------------------------------------------------------------- damaged copies of a good PDF


def make_truncated(folder: Path, fraction: float | None, data: bytes | None = None) -> Path:
    """The base PDF cut at ``fraction`` of its length; None cuts just before the final %%EOF."""
    data = data if data is not None else base_pdf_bytes()
    cut = data.rfind(b"%%EOF") if fraction is None else int(len(data) * fraction)
    name = "eof" if fraction is None else f"{round(fraction * 100)}pct"
    path = folder / f"truncated-{name}.pdf"
    path.write_bytes(data[:cut])
    return path


def flip_bytes(data: bytes, seed: int, count: int = 20) -> bytes:
    """``count`` random bytes replaced (seeded), the header kept so it still sniffs as a PDF."""
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        at = rnd.randrange(16, len(out))
        out[at] = rnd.randrange(256)
    return bytes(out)


def make_flipped(folder: Path, seed: int, data: bytes | None = None) -> Path:
    path = folder / f"flipped-{seed}.pdf"
    path.write_bytes(flip_bytes(data if data is not None else small_budget_pdf(pages=2), seed))
    return path


# ---------------------------------------------------------------- not a PDF at all


def make_zero_bytes(folder: Path, suffix: str = ".pdf") -> Path:
    path = folder / f"empty{suffix}"
    path.write_bytes(b"")
    return path


def make_html_named_pdf(folder: Path) -> Path:
    path = folder / "error-page.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>\n")
    return path


def make_random_named_pdf(folder: Path, seed: int = 8) -> Path:
    rnd = random.Random(seed)
    path = folder / "random.pdf"
    path.write_bytes(bytes(rnd.randrange(256) for _ in range(5000)))
    return path


def make_docx_named_pdf(folder: Path) -> Path:
    """A (minimal) Word file — a zip archive — saved with a .pdf suffix."""
    import zipfile

    path = folder / "report.docx.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>预算</w:p></w:body></w:document>")
    return path


# ---------------------------------------------------------------- Markdown


def seed_text() -> str:
    return SEED_MD.read_text(encoding="utf-8")


def make_md_gb18030(folder: Path) -> Path:
    path = folder / "seed-gb18030.md"
    path.write_bytes(seed_text().encode("gb18030"))
    return path


def make_md_unclosed_table(folder: Path) -> Path:
    """HTML tables left open, with stray closing tags, before and after real text."""
    text = (
        "# 第二部分 2026年部门预算表\n\n表1 收支总表\n\n单位：万元\n\n"
        "<table><tr><td>项目</td><td>金额<tr><td>收入</td><td>12.00</td>\n"
        "<tr><td>支出<td>12.00</td></tr></tbody>\n\n"
        "</td></tr></table></table></table>\n\n"
        "<table><tr><td rowspan=2>一<td>二</tr><tr>\n\n"
        "第三部分 说明\n\n<table><thead><tr><th>甲</th>\n"
    )
    path = folder / "unclosed-tables.md"
    path.write_text(text + seed_text()[:4000] + "\n<table><tr><td>末尾", encoding="utf-8")
    return path


def make_md_absurd_spans(folder: Path) -> Path:
    """rowspan and colspan of a billion (and negative, and not numbers)."""
    rows = (
        '<tr><td rowspan="1000000000">科目</td><td colspan="999999999">金额</td></tr>'
        '<tr><td rowspan="-5">206</td><td colspan="0">1.00</td></tr>'
        '<tr><td rowspan="abc">207</td><td colspan="1e9">2.00</td></tr>'
        '<tr><td rowspan="99999999999999999999999">208</td><td>3.00</td></tr>'
    )
    path = folder / "absurd-spans.md"
    path.write_text(f"# 表1 支出表\n\n单位：元\n\n<table>{rows}</table>\n", encoding="utf-8")
    return path


def make_md_long_line(folder: Path, size: int = 5 * 1024 * 1024) -> Path:
    """One line of about ``size`` bytes: Chinese text, numbers, pipes, tabs and markup mixed."""
    unit = "预算收入12,345.67万元|**支出**\t<b>2060404</b> [链接](x) "
    line = unit * (size // len(unit.encode("utf-8")) + 1)
    path = folder / "long-line.md"
    path.write_text("# 第一部分 概况\n\n" + line + "\n", encoding="utf-8")
    return path


def make_md_binary(folder: Path, seed: int = 8) -> Path:
    """Binary garbage (no magic number) named .md."""
    rnd = random.Random(seed)
    path = folder / "garbage.md"
    path.write_bytes(bytes(rnd.randrange(256) for _ in range(20000)))
    return path


def make_md_big_table(folder: Path, rows: int = 20_000) -> Path:
    """A budget table of ``rows`` body rows (tab-separated, like the seed) with a correct total."""
    lines = ["# 第二部分 2026年部门预算表", "", "表1 一般公共预算支出表", "", "单位：元", "",
             "科目编码\t科目名称\t合计\t基本支出\t项目支出"]
    total = 0
    for i in range(rows):
        amount = 100 + i % 997
        total += amount
        lines.append(f"2060404\t科技成果转化与扩散{i}\t{amount}.00\t{amount}.00\t0.00")
    lines.append(f"\t合计\t{total}.00\t{total}.00\t0.00")
    path = folder / f"table-{rows}-rows.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_pdf_big_table(folder: Path, rows: int = 20_000) -> Path:
    """The same long table as a ruled PDF (about 45 rows a page)."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    per_page, row_h, widths = 45, 16, (70, 170, 70, 70, 70)
    for start in range(0, rows, per_page):
        c.setFont(FONT, 8)
        y = 790
        for i in range(start, min(rows, start + per_page)):
            amount = 100 + i % 997
            cells = ("2060404", f"科技成果转化与扩散{i}", f"{amount}.00", f"{amount}.00", "0.00")
            x = 50
            for w, text in zip(widths, cells, strict=True):
                c.rect(x, y - row_h, w, row_h)
                c.drawString(x + 2, y - row_h + 4, text)
                x += w
            y -= row_h
        c.showPage()
    c.save()
    path = folder / f"table-{rows}-rows.pdf"
    path.write_bytes(buffer.getvalue())
    return path


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Case:
    """One hostile input and what ``extractor parse`` must do with it."""

    name: str
    make: Callable[[Path], Path]
    codes: frozenset[int]
    """Allowed exit codes: 2 unreadable, 1 read with problems, 0 read."""
    needle: str = ""
    """A word the one-line stderr message must contain (when the exit code is not 0)."""


def _case(name: str, make: Callable[[Path], Path], *codes: int, needle: str = "") -> Case:
    return Case(name, make, frozenset(codes), needle)


CASES: tuple[Case, ...] = (
    _case("zero-bytes-pdf", make_zero_bytes, 2, needle="empty"),
    _case("zero-bytes-md", lambda f: make_zero_bytes(f, ".md"), 2, needle="empty"),
    _case("html-named-pdf", make_html_named_pdf, 2, needle="not a PDF"),
    _case("random-named-pdf", make_random_named_pdf, 2, needle="not a PDF"),
    _case("docx-named-pdf", make_docx_named_pdf, 2, needle="not a PDF"),
    _case("truncated-10pct", lambda f: make_truncated(f, 0.10), 0, 1, 2),
    _case("truncated-50pct", lambda f: make_truncated(f, 0.50), 0, 1, 2),
    _case("truncated-90pct", lambda f: make_truncated(f, 0.90), 0, 1, 2),
    _case("truncated-before-eof", lambda f: make_truncated(f, None, small_budget_pdf(pages=3)), 0, 1),
    *(_case(f"flipped-{s}", partial(make_flipped, seed=s), 0, 1, 2) for s in range(4)),
    _case("broken-xref", make_broken_xref, 0, 1),
    _case("no-xref", make_no_xref, 0, 1, 2),
    _case("encrypted-user", make_encrypted_user, 2, needle="encrypted"),
    _case("encrypted-owner-only", make_encrypted_owner_only, 0, 1),
    _case("scanned", make_scanned, 0, 1, needle="OCR"),  # 0 when OCR runs (the ocr extra)
    _case("partly-scanned", make_partly_scanned, 0, 1, needle="OCR"),
    _case("pages-3000", make_many_pages, 2, needle="--max-pages"),
    _case("bomb-64mib", lambda f: make_bomb(f, 64 << 20), 0, 1, 2),
    _case("kids-cycle", make_kids_cycle, 0, 1, 2),
    _case("self-parent", make_self_parent, 0, 1, 2),
    _case("deep-array", make_deep_array, 0, 1, 2),
    _case("deep-dict", lambda f: make_deep_dict(f, 20_000), 0, 1, 2),
    _case("md-gb18030", make_md_gb18030, 0),
    _case("md-unclosed-tables", make_md_unclosed_table, 0, 1),
    _case("md-absurd-spans", make_md_absurd_spans, 0, 1),
    _case("md-long-line", make_md_long_line, 0, 1),
    _case("md-binary", make_md_binary, 2, needle="binary"),
    _case("md-table-20000-rows", make_md_big_table, 0, 1),
)
"""Every case of issue 8 that is quick enough for the default run (heavier ones are in the tests)."""


def make_all(folder: Path, cases: Sequence[Case] = CASES) -> dict[str, Path]:
    """Write every case into ``folder`` (one sub-folder each, so names cannot clash)."""
    out: dict[str, Path] = {}
    for case in cases:
        sub = folder / case.name
        sub.mkdir(parents=True, exist_ok=True)
        out[case.name] = case.make(sub)
    return out


# ---------------------------------------------------------------- markup in the text (issue 16)

HOSTILE_CELL = '<img src=x onerror="window.__pwned = 2">'


def make_md_hostile_markup(folder: Path) -> Path:
    """The seed with markup in a cell, written as entities so that it survives as text
    (``&lt;img …&gt;`` reads as ``<img …>``): a report must show it, not run it."""
    text = seed_text().replace(
        "206\t04\t\t技术与开发", "206\t04\t\t技术与开发" + HOSTILE_CELL.replace("<", "&lt;").replace(">", "&gt;"), 1
    )
    path = folder / "hostile-markup.md"
    path.write_text(text, encoding="utf-8")
    return path

