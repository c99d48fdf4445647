"""The guard in front of pdfium: a stream that inflates past the cap keeps the file from pdfium."""

from __future__ import annotations

import zlib
from pathlib import Path

from hostile import build_pdf, make_bomb, pdf_stream, small_budget_pdf

from extractor.sources.pdf_guard import inflates_within


def test_ordinary_pdf_passes() -> None:
    assert inflates_within(small_budget_pdf(pages=2))


def test_bomb_past_the_cap_is_caught(tmp_path: Path) -> None:
    data = make_bomb(tmp_path, 8 << 20).read_bytes()
    assert inflates_within(data)  # 8 MiB: within the default cap
    assert not inflates_within(data, cap=4 << 20)


def test_images_and_short_streams_are_not_inflated() -> None:
    """An image stream is never decoded to read text; a short stream cannot pass the cap."""
    big = zlib.compress(b"\0" * (4 << 20))
    image = pdf_stream(b"\0" * (4 << 20), b" /Type /XObject /Subtype /Image /Width 2048 /Height 2048")
    content = pdf_stream(b"\0" * 4096)
    data = build_pdf([b"<< /Type /Catalog >>", image, content])
    assert inflates_within(data, cap=1 << 20)
    assert len(big) * 1032 > 1 << 20  # the image alone would have been caught


def test_damaged_stream_does_not_raise() -> None:
    data = build_pdf([b"<< /Type /Catalog >>", b"<< /Length 20 /Filter /FlateDecode >>\nstream\n" + b"\x78\x9c" + b"\xff" * 200000 + b"\nendstream"])
    assert inflates_within(data, cap=1 << 10)
