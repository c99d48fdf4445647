"""Bytes of a Markdown or HTML file → text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

Anything else (binary files, other encodings) is refused with an :class:`InputError` that names
the file and the byte where decoding failed. Decoding is strict: never ``errors="ignore"``.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractor.errors import InputError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, …)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (doc, xls, …)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF-", "a PDF"),
    (b"\x7fELF", "an executable"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_UTF8_BOM = b"\xef\xbb\xbf"


def _refuse_known_binary(path: Path, data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"{path}: this is {what}, not Markdown or HTML text; give the PDF or a Markdown conversion"
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{path}: binary data (NUL byte at byte {nul}), not Markdown or HTML text; "
            "give the PDF or a Markdown conversion"
        )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_utf16(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-16 text at byte {err.start}; convert it to UTF-8") from err


def _decode_utf8_or_gb18030(path: Path, data: bytes, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_err:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as gb_err:
            at = max(utf8_err.start, gb_err.start)
            raise InputError(
                f"{path}: not UTF-8 or GB18030 text at byte {at + offset} (line {_line_of(data, at)}); "
                "convert it to UTF-8"
            ) from gb_err


def _refuse_control_heavy(path: Path, text: str) -> None:
    count = sum(1 for _ in _CONTROL.finditer(text))
    if count > 8 and count > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            f"{path}: {count} control characters in {len(text)}; this looks like binary data, "
            "not Markdown or HTML text"
        )


def bytes_to_text(path: Path, data: bytes) -> str:
    """The text of ``data``; raises :class:`InputError` for binary data or an unknown encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_utf16(path, data)
    else:
        _refuse_known_binary(path, data)
        offset = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
        text = _decode_utf8_or_gb18030(path, data[offset:], offset)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputError(f"{path}: binary data (NUL character), not Markdown or HTML text")
    _refuse_control_heavy(path, text)
    return text


_LINE_END = re.compile(r"\r\n|\r|\n")


def text_to_lines(text: str) -> list[str]:
    """Lines split at LF, CRLF or CR (not at the other Unicode separators, so numbers match editors)."""
    return _LINE_END.split(text)
