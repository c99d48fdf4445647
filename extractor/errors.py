"""The project's exceptions: one root, each subclass also inheriting the builtin it resembles.

Data-quality problems are never raised: they are returned as findings (see ``model.Finding``).
Exceptions are for input the tool cannot read at all, or for misuse of the API.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Root of every error this package raises on purpose."""

    exit_code = 2


class InputError(ExtractorError, ValueError):
    """The input cannot be read as a budget disclosure (wrong format, damaged, empty)."""


class EncryptedError(InputError):
    """The PDF is encrypted and cannot be opened without a password."""


class LimitExceeded(InputError):
    """The input exceeds a configured limit (pages, bytes, cells, time)."""


class UsageError(ExtractorError, ValueError):
    """The caller asked for something that does not exist (unknown engine, bad option)."""
