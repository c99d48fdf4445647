"""The fast layout helpers give exactly what their straightforward versions gave.

The reference implementations below are the pre-optimisation code of
:mod:`extractor.sources.pdf_lines`; the fast versions must agree on every input, including glyphs
crowded at the same rounded positions (fake bold), ties in sort keys and negative coordinates.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from extractor.sources.pdf_lines import Char, chars_to_rows, dedupe_chars, is_cjk, join_text

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def ref_is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def ref_dedupe_chars(chars: Iterable[Char]) -> list[Char]:
    out: list[Char] = []
    seen: dict[tuple[str, int, int], int] = {}
    for ch in chars:
        key = (ch.text, round(ch.x0), round(ch.top))
        text, x, y = key
        near = ((text, x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        hit = next((seen[k] for k in near if k in seen), None)
        if hit is not None and abs(out[hit].x0 - ch.x0) < 1.5 and abs(out[hit].top - ch.top) < 1.5:
            prev = out[hit]
            if not prev.bold:
                out[hit] = replace(prev, bold=True)
            continue
        seen[key] = len(out)
        out.append(ch)
    return out


def ref_chars_to_rows(chars: Iterable[Char]) -> list[list[Char]]:
    rows: list[tuple[float, float, list[Char]]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if ch.text.isspace() or not ch.text:
            continue
        placed = False
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom, members = rows[i]
            height = bottom - top
            if top - 0.1 * height <= ch.yc <= bottom + 0.1 * height or (top <= ch.yc <= bottom):
                rows[i] = (min(top, ch.top), max(bottom, ch.bottom), members)
                members.append(ch)
                placed = True
                break
        if not placed:
            rows.append((ch.top, ch.bottom, [ch]))
    return [sorted(m, key=lambda c: c.x0) for _, _, m in rows]


def ref_join_text(chars: Sequence[Char]) -> str:
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None and _ref_needs_space(prev, ch):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def _ref_needs_space(prev: Char, ch: Char) -> bool:
    gap = ch.x0 - prev.x1
    size = max(min(prev.size, ch.size), 1.0)
    a, b = prev.text[-1], ch.text[0]
    if ref_is_cjk(a) or ref_is_cjk(b):
        if ref_is_cjk(a) and ref_is_cjk(b):
            return False
        if ch.space_before and gap > 0.1 * size and (a if ref_is_cjk(b) else b) in ":;,!?)]":
            return True
        punct = "，。、；：？！（）《》“”‘’【】—…·,.;:?!()[]%％-"
        return gap > 0.6 * size and (a.isalnum() or b.isalnum()) and a not in punct and b not in punct
    if b in "%％":
        return gap > 0.6 * size
    if ch.space_before and gap > 0.1 * size:
        return True
    return gap > 0.2 * size


def test_is_cjk_matches_the_regex_on_every_code_point() -> None:
    for i in [*range(0x10000), 0x10000, 0x20000, 0x2A700, 0x10FFFF]:  # the ranges all lie in the BMP
        ch = chr(i)
        assert is_cjk(ch) == ref_is_cjk(ch), hex(i)
        assert is_cjk(ch + "a") == ref_is_cjk(ch + "a"), hex(i)
    assert is_cjk("") is ref_is_cjk("") is False


_TEXTS = ["1", "2", "元", "合", ".", "A", "%", ":", "（", " ", "", "ab", "年度"]


def crowded_glyphs(seed: int, min_size: int = 0) -> list[Char]:
    """Up to 40 glyphs on a 0.5 pt lattice of a small area: near neighbours, equal keys and ties abound."""
    rnd = random.Random(seed)
    out: list[Char] = []
    for _ in range(rnd.randint(min_size, 40)):
        x0, top = rnd.randint(-8, 24) * 0.5, rnd.randint(-8, 24) * 0.5
        w, h = rnd.choice([0.5, 1.0, 3.0, 6.0]), rnd.choice([0.0, 1.0, 4.5, 9.0])
        out.append(Char(rnd.choice(_TEXTS), x0, top, x0 + w, top + h, rnd.choice([0.5, 9.0]),
                        rnd.random() < 0.5, rnd.random() < 0.5))
    return out


def test_dedupe_chars_matches_reference() -> None:
    for seed in range(1500):
        chars = crowded_glyphs(seed)
        assert dedupe_chars(chars) == ref_dedupe_chars(chars), seed


def test_chars_to_rows_matches_reference() -> None:
    for seed in range(1500):
        chars = crowded_glyphs(seed)
        got, want = chars_to_rows(chars), ref_chars_to_rows(chars)
        assert [[id(c) for c in row] for row in got] == [[id(c) for c in row] for row in want], seed  # ties too


def test_join_text_matches_reference() -> None:
    for seed in range(1500):
        chars = [c for c in crowded_glyphs(seed, 1) if c.text]
        assert join_text(chars) == ref_join_text(chars), seed
