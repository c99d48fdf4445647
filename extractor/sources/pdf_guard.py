"""A guard in front of pdfium: files with a stream that inflates beyond reason are not given to it.

pdfium is C++; when an allocation fails (a decompression bomb under a memory limit, such as a
batch worker's address-space limit) it aborts the whole process instead of raising, and no
message or partial output survives. Before the fast reader opens a file, :func:`inflates_within`
inflates every Flate-compressed stream that pdfium would decode to read text and rulings (page
contents, forms, fonts, object streams — not images, which are only decoded to render) with a
cap on the output. A file that passes goes to pdfium; one that does not is read by the
pdfplumber reference reader, whose failures are ordinary Python exceptions (and time limits)
with a clear message.

Only streams long enough to pass the cap at deflate's best ratio (about 1:1,032) are inflated, so
an ordinary disclosure costs a scan of its bytes and the inflation of its few large fonts.
"""

from __future__ import annotations

import re
import zlib

STREAM_CAP = 64 * 1024 * 1024
"""Bytes one stream may inflate to (legitimate page contents and CJK fonts stay far below)."""

_STREAM = re.compile(rb"stream\r?\n")
_DICT_WINDOW = 1024
"""Bytes before ``stream`` searched for the stream's dictionary."""
_CHUNK = 1 << 20
_MAX_RATIO = 1032
"""Deflate inflates at most about 1,032 times: shorter streams need no look."""


def inflates_within(data: bytes, cap: int = STREAM_CAP) -> bool:
    """False when some non-image Flate stream of ``data`` inflates to more than ``cap`` bytes."""
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - _DICT_WINDOW): match.start()]
        if head.endswith(b"end"):  # "endstream", not the start of a stream
            continue
        dictionary = head[head.rfind(b"obj"):]  # from "N 0 obj" on (the whole window if not found)
        if b"Flate" not in dictionary or b"/Image" in dictionary:
            continue
        end = data.find(b"endstream", start)
        if end >= 0 and (end - start) * _MAX_RATIO <= cap:  # too short to inflate past the cap
            continue
        if _inflated_size(data, start, cap) > cap:
            return False
    return True


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counting no further than just past ``cap``."""
    inflater = zlib.decompressobj()
    total = 0
    position = start
    pending = b""
    try:
        while total <= cap:
            if pending:
                chunk, pending = pending, b""
            else:
                chunk = data[position: position + _CHUNK]
                position += len(chunk)
                if not chunk:
                    break
            out = inflater.decompress(chunk, _CHUNK)
            total += len(out)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged data: pdfium stops there too
    return total
