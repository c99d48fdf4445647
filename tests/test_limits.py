"""Per-document limits (extractor.limits): the deadline, page/cell/byte checks, the defaults."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from extractor import limits
from extractor.errors import ExtractorError, InputError, LimitExceeded
from extractor.limits import CellBudget, check_bytes, check_cells, check_pages, deadline


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_deadline_interrupts_a_busy_loop_with_a_clear_message() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^a\.pdf: took longer than 0\.2 s \(--timeout\)"), deadline(0.2, "a.pdf"):
        _spin(5)
    assert time.monotonic() - started < 2


def test_deadline_error_is_an_input_error_with_exit_code_2() -> None:
    with pytest.raises(ExtractorError) as info, deadline(0.05):
        _spin(2)
    assert isinstance(info.value, InputError) and info.value.exit_code == 2
    assert "the document: took longer" in str(info.value)


def test_deadline_cannot_be_swallowed_by_except_exception() -> None:
    """pdfplumber wraps every Exception it sees; validation turns failing checks into findings."""
    swallowed = 0
    with pytest.raises(LimitExceeded), deadline(0.1):
        try:
            _spin(5)
        except Exception:
            swallowed += 1
    assert swallowed == 0


def test_deadline_rings_again_when_even_base_exception_is_swallowed() -> None:
    swallowed = 0
    with pytest.raises(LimitExceeded), deadline(0.1):
        for _ in range(3):
            try:
                _spin(1)
            except BaseException:  # code that swallows everything
                swallowed += 1
        _spin(5)
    assert swallowed >= 1


def test_deadline_restores_timer_and_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with deadline(10):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before


def test_fast_block_is_untouched() -> None:
    with deadline(5):
        value = sum(range(1000))
    assert value == 499500


@pytest.mark.parametrize("seconds", [None, 0, -1, float("inf"), float("nan")])
def test_no_limit(seconds: float | None) -> None:
    with deadline(seconds):
        _spin(0.05)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_nested_deadline_keeps_the_sooner_one() -> None:
    with pytest.raises(LimitExceeded, match="outer"), deadline(0.2, "outer"), deadline(30, "inner"):
        _spin(5)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_inner_deadline_rings_and_outer_timer_is_restored() -> None:
    with deadline(30, "outer"):
        with pytest.raises(LimitExceeded, match="inner"), deadline(0.1, "inner"):
            _spin(5)
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 25 < remaining <= 30


def test_deadline_is_a_no_op_off_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        with deadline(0.05):
            _spin(0.3)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert outcome == ["finished"]


def test_page_byte_and_cell_checks() -> None:
    check_pages(2000, 2000, "a.pdf")
    check_pages(10**6, 0, "a.pdf")  # 0: no limit
    with pytest.raises(LimitExceeded, match=r"a\.pdf: 2001 pages exceeds the limit of 2000 \(--max-pages\)"):
        check_pages(2001, 2000, "a.pdf")
    check_bytes(10, 10, "a.md")
    with pytest.raises(LimitExceeded, match=r"--max-bytes"):
        check_bytes(11, 10, "a.md")
    with pytest.raises(LimitExceeded, match=r"a\.md: more than 5 table cells by line 9 \(--max-cells\)"):
        check_cells(6, 5, "a.md", "by line 9")


def test_cell_budget_counts_tables_until_the_limit() -> None:
    budget = CellBudget(100, "b.pdf")
    budget.add(5, 10)
    budget.add(5, 10, "by page 1")
    assert budget.used == 100
    budget.add(-3, 4)  # nonsense sizes count as nothing
    with pytest.raises(LimitExceeded, match="by page 2"):
        budget.add(1, 1, "by page 2")


def test_defaults_are_documented_and_agree_with_the_readers() -> None:
    from extractor import sources

    assert limits.DEFAULT_TIMEOUT == 300
    assert (limits.DEFAULT_MAX_PAGES, limits.DEFAULT_MAX_BYTES, limits.DEFAULT_MAX_CELLS) == (
        sources.DEFAULT_MAX_PAGES,
        sources.DEFAULT_MAX_BYTES,
        sources.DEFAULT_MAX_CELLS,
    )
    doc = limits.__doc__ or ""
    for flag in ("--timeout", "--max-pages", "--max-bytes", "--max-cells"):
        assert flag in doc
