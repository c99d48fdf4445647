"""Junk input raises only the project's own error type."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from conftest import SEED

from extractor.errors import ExtractorError, InputError
from extractor.pipeline import extract


def _junk(seed: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 4000)))


@pytest.mark.parametrize("seed", range(12))
def test_random_bytes_raise_only_extractor_error(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"junk{seed}.md"
    path.write_bytes(_junk(seed))
    with contextlib.suppress(ExtractorError):
        extract(path)


@pytest.mark.parametrize("suffix", [".pdf", ".md", ".html", ""])
def test_truncated_seed_and_fake_pdf(tmp_path: Path, suffix: str) -> None:
    data = SEED.read_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) // 3])
    with contextlib.suppress(ExtractorError):
        extract(path)


def test_html_named_pdf_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(b"<html><body>404 not found</body></html>")
    with pytest.raises(InputError, match="not a PDF"):
        extract(path)


def test_errors_inherit_builtins() -> None:
    assert issubclass(InputError, ValueError)
    assert issubclass(InputError, ExtractorError)
