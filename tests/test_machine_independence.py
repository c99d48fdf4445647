"""The output does not depend on the machine's locale or time zone (issue 17): JSON is UTF-8
whatever the locale — on standard output too — and a file's name is written as the file system
holds it. ``scripts/check_machine_independence.py`` (``make machine-check``) does the same for
every corpus PDF, with fonts, more locales and hash seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"

ASCII_ONLY = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
"""The C locale without Python's UTF-8 coercion: standard output and file names are ASCII."""


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "TZ"))}
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, timeout=120, cwd=ROOT,
                          env={**base, "PYTHONPATH": str(ROOT), **env})


@pytest.fixture(scope="module")
def chinese_named(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The seed under a Chinese file name, and its JSON under C.UTF-8 and UTC."""
    path = tmp_path_factory.mktemp("locale") / "昌吉高新区-2026-预算.md"
    shutil.copyfile(SEED, path)
    done = _run(["parse", str(path), "-o", str(path.with_suffix(".json"))], {"LANG": "C.UTF-8", "TZ": "UTC"})
    assert done.returncode == 0, done.stderr
    return path, path.with_suffix(".json").read_bytes()


@pytest.mark.parametrize("env", [ASCII_ONLY, {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
                                 {"LC_ALL": "zh_CN.GB18030"}, {"TZ": "Asia/Shanghai"}, {"TZ": "America/Los_Angeles"}],
                         ids=["C-ascii", "zh_CN.UTF-8", "zh_CN.GB18030", "Shanghai", "Los_Angeles"])
def test_json_is_the_same_bytes_in_any_locale_and_time_zone(chinese_named: tuple[Path, bytes],
                                                            env: dict[str, str]) -> None:
    """To standard output and to a file; a locale the machine lacks falls back to C (still a test
    of the C locale's encodings)."""
    path, expected = chinese_named
    assert '"path": "昌吉高新区-2026-预算.md"'.encode() in expected
    to_stdout = _run(["parse", str(path)], env)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout == expected
    target = path.parent / f"out-{'-'.join(env.values())}.json"
    assert _run(["parse", str(path), "-o", str(target)], env).returncode == 0
    assert target.read_bytes() == expected


def test_schema_and_json_report_are_utf8_in_an_ascii_locale(chinese_named: tuple[Path, bytes]) -> None:
    path, _ = chinese_named
    for args in (["schema"], ["validate", str(path), "--format", "json"]):
        plain, ascii_only = _run(args, {"LANG": "C.UTF-8"}), _run(args, ASCII_ONLY)
        assert plain.returncode == ascii_only.returncode and plain.returncode in (0, 1), ascii_only.stderr
        assert plain.stdout == ascii_only.stdout
        plain.stdout.decode("utf-8")


def test_an_entity_read_from_the_file_name_is_the_same_in_an_ascii_locale(tmp_path: Path) -> None:
    """A document that names its department only in its file name: the name is read as the file
    system holds it (UTF-8), not as the locale decodes it."""
    path = tmp_path / "市场监督管理局_2026年度预算.md"
    path.write_text("# 2026年部门预算\n\n一、部门职责\n\n本部门负责预算管理。\n", encoding="utf-8")
    outputs = [_run(["parse", str(path)], env) for env in ({"LANG": "C.UTF-8"}, ASCII_ONLY)]
    assert [done.returncode for done in outputs] == [0, 0], outputs[1].stderr
    assert outputs[0].stdout == outputs[1].stdout
    assert '"entity": "市场监督管理局_"'.encode() in outputs[1].stdout


def test_file_name_undoes_the_locales_decoding() -> None:
    from extractor.model import file_name

    utf8 = "昌吉高新区.pdf".encode()
    assert file_name("/x/" + utf8.decode("ascii", "surrogateescape")) == "昌吉高新区.pdf"  # as a C locale decodes it
    assert file_name("/x/" + b"\xb2\xe2.pdf".decode("utf-8", "surrogateescape")) == "\ufffd\ufffd.pdf"  # not UTF-8
