"""The golden update flag must never be left on where tests are meant to check."""

from __future__ import annotations

import os

from conftest import UPDATE_GOLDEN


def test_golden_flag_is_off_in_ci() -> None:
    if os.environ.get("CI"):
        assert not UPDATE_GOLDEN, "UPDATE_GOLDEN=1 rewrites golden files instead of checking them"
