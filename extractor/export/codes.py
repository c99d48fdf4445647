"""The ``codes`` resource: the classification code lists shipped with the package.

Read through :mod:`extractor.semantics.codelists`; when that module or its data is missing the
resource is empty (and no line item gets a ``code_ref``), so exports still work.
"""

from __future__ import annotations

from functools import cache

from extractor.export.records import Row

_LEVELS = {3: "类", 5: "款", 7: "项"}


def _classification(code: str) -> str | None:
    if code.startswith("2"):
        return "functional"
    if code.startswith(("3", "5")):
        return "economic"
    return None


@cache
def code_rows() -> tuple[Row, ...]:
    """One row per known code, sorted by code (empty when the code lists are unavailable)."""
    try:
        from extractor.semantics.codelists import known_codes, reference_name

        codes = sorted(known_codes())
        names = {code: reference_name(code) for code in codes}
    except (ImportError, OSError, KeyError, ValueError):
        return ()
    return tuple(
        {
            "code": code,
            "name": names[code],
            "classification": _classification(code),
            "level": _LEVELS.get(len(code)),
            "parent": code[:-2] if len(code) > 3 else None,
        }
        for code in codes
    )


def known_code_set() -> frozenset[str]:
    return frozenset(str(row["code"]) for row in code_rows())
