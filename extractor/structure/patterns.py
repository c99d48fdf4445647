"""Regular expressions compiled on first use, for the patterns most documents never reach.

Every module-level ``re.compile`` is paid by every process at start-up, used or not; a class
with CJK characters costs ~0.3 ms to compile, a CJK range 1–2 ms. A pattern that only a rare
path needs (a failed check, a performance-target table) is declared with :func:`lazy_pattern`
instead and compiled the first time it is used; the pattern itself is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(pattern, flags)``, compiled on its first call only."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
