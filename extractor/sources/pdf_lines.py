"""Characters to text lines: the text half of the PDF reader.

A :class:`Char` is one glyph with its box (PDF points, top-left origin), font size and weight.
:func:`chars_to_lines` groups them into :class:`Line` values; :func:`join_text` decides where a
space belongs (between Latin or digit tokens separated by a visible gap, never between two
Chinese characters).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

_BOLD_MARKERS = ("bold", "heavy", "black", "semibold", "demi", "黑体", "simhei", "heiti", "fzhtk",
                 "fzhei", "小标宋", "xbs", "stzhongsong", "中宋")
_NOT_BOLD = ("yahei",)

MAX_DESCENT = 0.5
"""The deepest a glyph box reaches below its baseline, in em. A glyph's box is pdfminer's: one
em tall, from the font descriptor's descent up. A descriptor whose descent is deeper than half an
em (重庆's digit font E-BZ declares -1.033) would put the box wholly below the baseline, a row
lower than the glyph is drawn, so its amounts and codes would fall into the next row of a table;
both readers clamp the descent here."""


@dataclass(slots=True)
class Char:
    """One glyph: text, box (x0, top, x1, bottom) and style.

    Treated as a value: build a changed copy (:meth:`as_bold`, ``dataclasses.replace``), never
    assign to a field. Not declared frozen only for speed — the readers make one per glyph (tens
    of thousands a document), and a frozen dataclass sets each field through
    ``object.__setattr__``, which made constructing them a fifth of the fast reader's time.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    space_before: bool = False
    """The PDF has an explicit space glyph right before this one."""

    def as_bold(self) -> Char:
        """This glyph, bold (``dataclasses.replace`` does the same several times slower)."""
        return Char(self.text, self.x0, self.top, self.x1, self.bottom, self.size, True, self.space_before)

    def as_after_space(self) -> Char:
        """This glyph, following a space."""
        return Char(self.text, self.x0, self.top, self.x1, self.bottom, self.size, self.bold, True)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Line:
    """Characters on one baseline, left to right, with the text they spell."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    chars: tuple[Char, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def font_display_name(fontname: str) -> str:
    """The font name without subset prefix; GBK byte names (``b'\\xba\\xda...'``) decoded."""
    name = fontname
    if name.startswith(("b'", 'b"')):
        try:
            raw = ast.literal_eval(name)
            name = raw.decode("gbk", "replace") if isinstance(raw, bytes) else name
        except (ValueError, SyntaxError):
            pass
    return name.split("+", 1)[-1]


@lru_cache(maxsize=512)
def is_bold_font(fontname: str) -> bool:
    """True for bold or heavy faces (Bold, Black, 黑体/SimHei, 小标宋 …), not for YaHei regular."""
    name = font_display_name(fontname).lower()
    if any(m in name for m in _NOT_BOLD) and "bold" not in name:
        return False
    return any(m in name for m in _BOLD_MARKERS)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` starts with a CJK character: ideographs and radicals (U+2E80–U+9FFF, CJK
    punctuation included), compatibility ideographs (U+F900–U+FAFF), full-width forms (U+FF00–U+FFEF)."""
    c = ch[:1]
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


def mark_spaces(chars: Iterable[Char]) -> list[Char]:
    """Drop whitespace glyphs, flagging the glyph right after one with ``space_before``."""
    out: list[Char] = []
    prev: Char | None = None
    for ch in chars:
        if not ch.text or ch.text.isspace():
            prev = ch
            continue
        if prev is not None and prev.text.isspace() and space_ends_at(prev.x1, prev.top, ch):
            ch = ch.as_after_space()
        out.append(ch)
        prev = ch
    return out


def space_ends_at(x1: float, top: float, ch: Char) -> bool:
    """Whether a space glyph ending at ``x1``, its box's top at ``top``, is right before ``ch``:
    it ends within 1 pt of it, on its line. Both readers flag ``space_before`` by this rule
    (the fast one also for the space objects pdfium leaves out of its text)."""
    return abs(ch.x0 - x1) < 1.0 and abs(ch.top - top) < ch.size / 2


_PACK = 1 << 20
"""Rounded positions (x, y) packed into one int, ``x * _PACK + y``, for :func:`dedupe_chars`."""


def dedupe_chars(chars: Iterable[Char]) -> list[Char]:
    """Drop glyphs printed twice at (almost) the same place — fake bold — marking the survivor bold."""
    out: list[Char] = []
    seen: dict[tuple[str, int, int], int] = {}
    # The packed rounded positions of the kept glyphs, whatever their text: a glyph none of whose
    # nine neighbouring positions is occupied has no near key in ``seen`` (the common case, one
    # set call). Distinct positions may share a packed value; that only sends a glyph to the full look-up.
    occupied: set[int] = set()
    for ch in chars:
        x, y = round(ch.x0), round(ch.top)
        p = x * _PACK + y
        key = (ch.text, x, y)
        if not occupied.isdisjoint((p - _PACK - 1, p - _PACK, p - _PACK + 1, p - 1, p, p + 1,
                                 p + _PACK - 1, p + _PACK, p + _PACK + 1)):
            hit = next((seen[k] for k in _near_keys(key) if k in seen), None)
            if hit is not None and abs(out[hit].x0 - ch.x0) < 1.5 and abs(out[hit].top - ch.top) < 1.5:
                prev = out[hit]
                if not prev.bold:
                    out[hit] = prev.as_bold()
                continue
        seen[key] = len(out)
        occupied.add(p)
        out.append(ch)
    return out


def _near_keys(key: tuple[str, int, int]) -> Iterable[tuple[str, int, int]]:
    text, x, y = key
    return ((text, x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))


_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


def chars_to_rows(chars: Iterable[Char]) -> list[list[Char]]:
    """Group characters whose vertical centres fall inside one another's band; rows top to bottom.

    A character joins the newest of the last three rows whose band (top..bottom of its members,
    widened by a tenth of its height) holds its centre.
    """
    tops: list[float] = []
    bottoms: list[float] = []
    rows: list[list[Char]] = []
    for ch in sorted(chars, key=_TOP_LEFT):
        text, c_top, c_bottom = ch.text, ch.top, ch.bottom
        if not text or text.isspace():
            continue
        yc = (c_top + c_bottom) / 2
        n = len(rows)
        for i in range(n - 1, n - 4 if n > 3 else -1, -1):
            top, bottom = tops[i], bottoms[i]
            height = bottom - top
            if top - 0.1 * height <= yc <= bottom + 0.1 * height or top <= yc <= bottom:
                if c_top < top:  # min(top, ch.top), max(bottom, ch.bottom) spelled out
                    tops[i] = c_top
                if c_bottom > bottom:
                    bottoms[i] = c_bottom
                rows[i].append(ch)
                break
        else:
            tops.append(c_top)
            bottoms.append(c_bottom)
            rows.append([ch])
    return [sorted(row, key=_LEFT) for row in rows]


def split_row(row: Sequence[Char], max_gap: float) -> list[list[Char]]:
    """Split one row of characters where the horizontal gap exceeds ``max_gap`` times the size."""
    parts: list[list[Char]] = []
    for ch in row:
        if parts:
            prev = parts[-1][-1]
            if ch.x0 - prev.x1 <= max_gap * max(prev.size, ch.size, 1.0):
                parts[-1].append(ch)
                continue
        parts.append([ch])
    return parts


def join_text(chars: Sequence[Char]) -> str:
    """The text of characters on one row: a space only between non-CJK glyphs with a visible gap."""
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None and _needs_space(prev, ch):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def _needs_space(prev: Char, ch: Char) -> bool:
    a, b = prev.text[-1], ch.text[0]
    a_cjk = "\u2e80" <= a <= "\u9fff" or "\uf900" <= a <= "\ufaff" or "\uff00" <= a <= "\uffef"  # is_cjk
    b_cjk = "\u2e80" <= b <= "\u9fff" or "\uf900" <= b <= "\ufaff" or "\uff00" <= b <= "\uffef"
    if a_cjk and b_cjk:
        return False
    gap = ch.x0 - prev.x1
    size = max(min(prev.size, ch.size), 1.0)
    if a_cjk or b_cjk:
        # Between Chinese and a digit or Latin letter a space is typesetting, not content
        # ("与 2023 年度" and "与2023年度" are one text): only a gap wider than most of a
        # character is kept, whether or not the PDF drew a space glyph there. After some Latin
        # punctuation ("(单位): 昌吉") a drawn space stays.
        if ch.space_before and gap > 0.1 * size and (a if b_cjk else b) in _SPACED_PUNCT:
            return True
        return gap > 0.6 * size and (a.isalnum() or b.isalnum()) and not _is_punct(a) and not _is_punct(b)
    if b in "%％":  # "13.69 %" is "13.69%": a percent sign takes no space either
        return gap > 0.6 * size
    if ch.space_before and gap > 0.1 * size:
        return True
    return gap > 0.2 * size


_SPACED_PUNCT = frozenset(":;,!?)]")
"""Latin punctuation after which a drawn space before Chinese text is kept (not "." of "1. 一般")."""


def _is_punct(ch: str) -> bool:
    return ch in "，。、；：？！（）《》“”‘’【】—…·,.;:?!()[]%％-"


def make_line(chars: Sequence[Char]) -> Line:
    """A :class:`Line` from characters already in reading order."""
    text = join_text(chars)
    sizes = sorted(c.size for c in chars)
    bold = sum(1 for c in chars if c.bold) * 2 > len(chars)
    return Line(
        text=text,
        x0=min(c.x0 for c in chars),
        top=min(c.top for c in chars),
        x1=max(c.x1 for c in chars),
        bottom=max(c.bottom for c in chars),
        size=round(sizes[len(sizes) // 2], 2),
        bold=bold,
        chars=tuple(chars),
    )


def chars_to_lines(chars: Iterable[Char], max_gap: float = 4.0) -> list[Line]:
    """Text lines top to bottom; pieces of one row further apart than ``max_gap`` sizes are separate."""
    lines: list[Line] = []
    for row in chars_to_rows(chars):
        parts: list[list[Char]] = []
        for part in split_row(row, max_gap):
            if parts and parts[-1][-1].text in "：:":
                parts[-1].extend(part)
            else:
                parts.append(part)
        lines.extend(make_line(part) for part in parts)
    return lines


def join_lines(texts: Sequence[str]) -> str:
    """Lines wrapped inside one cell, joined: nothing between CJK, a space between Latin words."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(text[0]) or out[-1] in "-/（(.,"
                        or text[0] in "）)%％.," or (out[-1].isdigit() and text[0].isdigit())):
            out += " "
        out += text
    return out
