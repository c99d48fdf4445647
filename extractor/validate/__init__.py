"""Validation: checks that return findings as data. (stub: filled by the validation work)"""

from __future__ import annotations

from extractor.model import Extraction, Finding


def validate(result: Extraction) -> tuple[Finding, ...]:
    return ()
