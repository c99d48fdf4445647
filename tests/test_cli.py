"""The command line: exit codes, stdout/stderr discipline, help for every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, SEED

from extractor.cli import build_parser, main


def test_parse_to_stdout_validates_against_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED)]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema)
    assert out.err == ""


def test_parse_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["parse", str(SEED), "-o", str(a)]) == 0
    assert main(["parse", str(SEED), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_verbose_summary_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "-o", str(tmp_path / "s.json"), "-v"]) == 0
    err = capsys.readouterr().err
    assert "第二部分" in err and "表1" in err and "JSON written to" in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty"), (b"%PDF-1.4\n%garbage", "PDF"), (b"\x00\x01\x02" * 100, "")],
)
def test_unreadable_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    bad = tmp_path / "bad.pdf" if content.startswith(b"%PDF") else tmp_path / "bad.md"
    bad.write_bytes(content)
    assert main(["parse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and needle in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/x.pdf"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse"]) == 2
    assert main([]) == 2
    assert main(["parse", str(SEED), "--engine", "nope"]) == 2


def test_every_command_has_help_and_is_in_readme(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = list(sub.choices)  # type: ignore[attr-defined]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands:
        assert main([command, "--help"]) == 0
        assert "usage: extractor " + command in capsys.readouterr().out
        assert re.search(rf"extractor {command}\b", readme), f"README does not document `extractor {command}`"
