"""The reader's pdfium is the same on every machine: only a tested build is loaded (another one,
or one of unknown build, sends every PDF to the reference reader with a one-line warning), and
pdfium never consults the machine's fonts (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import small_budget_pdf

from extractor.sources import ReadOptions, pdf_pdfium_lib, read_source
from extractor.sources import pdf as pdf_module
from extractor.sources.pdf_pdfium_lib import TESTED_BUILDS, PdfiumUnsupported, check_build, library_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the library had not been loaded in this process (restored afterwards)."""
    monkeypatch.setattr(pdf_pdfium_lib, "_LIB", None)
    monkeypatch.setattr(pdf_pdfium_lib, "_UNSUPPORTED", None)
    monkeypatch.setattr(pdf_module, "_WARNED", set())


def _version_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "version.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_installed_build_is_a_tested_one() -> None:
    """pyproject.toml pins the pypdfium2 whose pdfium build is in TESTED_BUILDS."""
    build = check_build(library_file().parent / "version.json")
    assert build in TESTED_BUILDS
    pin = f'"pypdfium2=={pdf_module.TESTED_PYPDFIUM2}"'
    assert pin in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("content", "reason"), [
    ('{"major": 120, "build": 6099, "origin": "pdfium-binaries"}', r"pdfium build 6099 \(pdfium-binaries\) is not"),
    ('{"major": 159}', "unknown"),
    ('{"build": "8149"}', "unknown"),
    ("not json", "unknown"),
])
def test_another_or_an_unknown_build_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    with pytest.raises(PdfiumUnsupported, match=reason):
        check_build(_version_file(tmp_path, content))


def test_a_missing_version_file_is_an_unknown_build(tmp_path: Path) -> None:
    with pytest.raises(PdfiumUnsupported, match="unknown"):
        check_build(tmp_path / "version.json")


def test_any_build_may_be_allowed_for_testing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_pdfium_lib.ANY_BUILD_VARIABLE, "1")
    assert check_build(_version_file(tmp_path, '{"build": 6099}')) == 6099


def test_an_untested_build_falls_back_to_the_reference_with_one_warning(
        fresh_library: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The build check fails (the expected build is monkeypatched): each PDF is read by pdfplumber,
    exactly as ``--reader pdfplumber`` reads it, and the warning is printed once per process."""
    monkeypatch.setattr(pdf_pdfium_lib, "TESTED_BUILDS", frozenset({1}))
    path = tmp_path / "small.pdf"
    path.write_bytes(small_budget_pdf(pages=2))
    first = read_source(path, ReadOptions(reader="pdfium"))
    again = read_source(path, ReadOptions(reader="pdfium"))
    reference = read_source(path, ReadOptions(reader="pdfplumber"))
    assert first == again == reference
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "is not the build the fast reader is tested with (1)" in err
    assert f"install pypdfium2=={pdf_module.TESTED_PYPDFIUM2}" in err
    assert pdf_pdfium_lib._LIB is None  # never loaded, never initialized
    with pytest.raises(PdfiumUnsupported):
        pdf_pdfium_lib.pdfium()


def test_a_library_lacking_a_function_falls_back(fresh_library: None, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signatures = {**pdf_pdfium_lib._SIGNATURES, "FPDF_NoSuchFunction": (None, ())}
    monkeypatch.setattr(pdf_pdfium_lib, "_SIGNATURES", signatures)
    path = tmp_path / "small.pdf"
    path.write_bytes(small_budget_pdf())
    assert read_source(path, ReadOptions(reader="pdfium")) == read_source(path, ReadOptions(reader="pdfplumber"))
    assert "FPDF_NoSuchFunction" in capsys.readouterr().err


def test_a_wrong_build_beside_the_library_is_detected_by_the_command(tmp_path: Path) -> None:
    """End to end: a ``pypdfium2_raw`` whose version.json names another build (the real library
    beside it) comes first on the path; ``extractor parse`` warns on one line, exits 0 and writes
    the reference reader's JSON."""
    fake = tmp_path / "site" / "pypdfium2_raw"
    fake.mkdir(parents=True)
    real = library_file()
    (fake / real.name).symlink_to(real)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    info = json.loads((real.parent / "version.json").read_text(encoding="utf-8"))
    (fake / "version.json").write_text(json.dumps({**info, "build": 1234}), encoding="utf-8")
    path = tmp_path / "small.pdf"
    path.write_bytes(small_budget_pdf())
    env = {**os.environ, "PYTHONPATH": f"{fake.parent}{os.pathsep}{ROOT}"}
    env.pop(pdf_pdfium_lib.ANY_BUILD_VARIABLE, None)
    runs = [subprocess.run([sys.executable, "-m", "extractor", "parse", str(path), "-o", str(tmp_path / f"{reader}.json"),
                            "--reader", reader], capture_output=True, text=True, timeout=120, env=env)
            for reader in ("pdfium", "pdfplumber")]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    lines = runs[0].stderr.splitlines()
    assert len(lines) == 1 and "pdfium build 1234" in lines[0] and "pdfplumber" in lines[0], lines
    assert runs[1].stderr == ""
    assert (tmp_path / "pdfium.json").read_bytes() == (tmp_path / "pdfplumber.json").read_bytes()


_PROBE = """
import ctypes, sys
from extractor.sources import pdf_pdfium_lib as L
fonts = sys.argv[1]
library = ctypes.CDLL(str(L.library_file()))
paths = (ctypes.c_char_p * 2)(fonts.encode(), None)
config = L._Config(version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.c_void_p), m_pIsolate=None,
                   m_v8EmbedderSlot=0)
library.FPDF_InitLibraryWithConfig(ctypes.byref(config))  # as if these fonts were the machine's
sys.path.insert(0, "tests")
from test_pdf_pdfium import _reportlab_lines
from extractor.sources.pdf_pdfium import TextLost, iter_page_objects, open_pdf
data = _reportlab_lines(["工作资", "料"])
if sys.argv[2] == "unlocked":  # what pdfium does with the machine's fonts
    L.pdfium()
    library.FPDF_GetDefaultSystemFontInfo.restype = ctypes.c_void_p
    library.FPDF_SetSystemFontInfo.argtypes = [ctypes.c_void_p]
    library.FPDF_SetSystemFontInfo(library.FPDF_GetDefaultSystemFontInfo())
try:
    chars = next(iter_page_objects(open_pdf(data)))[4]
    print("read", "".join(c.text for c in chars), [round(c.x1, 2) for c in chars])
except TextLost:
    print("lost")
"""


def _cjk_font_folder() -> Path | None:
    """A folder holding a font with Chinese glyphs on this machine (fc-list), if any."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0] for line in found.splitlines() if line.strip())
    return Path(files[0]).parent if files else None


@pytest.mark.parametrize("fonts", ["none", "cjk"])
def test_the_machines_fonts_are_never_consulted(tmp_path: Path, fonts: str) -> None:
    """pdfium is started as if the machine's fonts were ``fonts`` (an empty folder, or the folder
    of a CJK font installed here): the reader's glyphs are the same — the lone glyph of a CJK font
    the file only names has no outline, whatever is installed. With ``cjk``, the same process
    without the reader's empty font source shows what the fonts would have changed."""
    folder = tmp_path if fonts == "none" else _cjk_font_folder()
    if folder is None:
        pytest.skip("no font with Chinese glyphs on this machine (fc-list :lang=zh)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def probe(mode: str) -> str:
        done = subprocess.run([sys.executable, "-c", _PROBE, str(folder), mode], capture_output=True, text=True,
                              timeout=120, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert probe("locked") == "lost"
    if fonts == "cjk":
        assert probe("unlocked").startswith("read 工作资料"), "pdfium did not substitute the installed CJK font"
