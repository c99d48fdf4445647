"""The JSON of every PDF is byte-identical whatever the machine: fonts, locale, time zone, hash seed.

    python scripts/check_machine_independence.py [CORPUS] [--fonts DIR]... [--fetch-noto DIR]
                                                 [--locpath DIR | --make-locales DIR] [--apt]
                                                 [-j N] [--keep DIR]

Every PDF under CORPUS (default ``../shared/corpus``), the PDFs in ``fixtures/`` and a probe (a
lone glyph of a CJK font the file only names, the case issue 17 found) are parsed with
``extractor parse -o`` in a fresh interpreter per *variant*, and the bytes of each JSON (and the
exit code) are compared with the reference variant (``LANG=C.UTF-8 TZ=UTC PYTHONHASHSEED=0``,
pdfium seeing an empty font folder). Variants:

- fonts: the machine's own (the reader exactly as shipped), and each ``--fonts DIR`` (pdfium is
  started before the reader as if DIR were the machine's fonts; ``make machine-check`` passes the
  folders of the CJK fonts fc-list finds here, and ``--fetch-noto DIR`` unpacks Debian's
  ``fonts-noto-cjk`` there with ``apt-get download``, no root needed);
- ``--apt`` (root only): ``fonts-noto-cjk`` really installed and really removed with apt-get,
  the package left as it was found;
- locale: ``LANG=C``, ``LANG=zh_CN.UTF-8`` (``LC_ALL`` too), ``zh_CN.GB18030``; a locale the
  machine lacks falls back to C — each row shows the locale Python really had (``--locpath``:
  a folder of locales made with ``localedef``, used as ``LOCPATH``; ``--make-locales DIR``
  makes them there, from Debian's ``locales`` package when the machine has no locale sources);
- time zone (``Asia/Shanghai``, ``America/Los_Angeles``) and a random hash seed.

A *control* variant (with the first fonts folder) reads the probe with pdfium consulting those
fonts, as the reader did before it installed its empty font source: it should differ, which
shows the fonts variants test something. The first file is also parsed to stdout, whose bytes
must be the file's. Prints one row per variant; exits 1 when any variant differs.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTO = "fonts-noto-cjk"


@dataclass
class Variant:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    fonts: str | None = None
    """A folder pdfium is started with as the machine's fonts; None: the machine's own."""
    unlocked: bool = False
    """The control: pdfium consults the fonts (the reader's empty font source replaced)."""


# ---------------------------------------------------------------- worker (one variant, one process)


def _start_pdfium(fonts: str | None, unlocked: bool) -> None:
    """Before the reader loads the library: start pdfium with ``fonts`` as its font folder, and
    for the control put a system-font source back after the reader has installed its own."""
    from extractor.sources import pdf_pdfium_lib

    if fonts is not None:
        library = ctypes.CDLL(str(pdf_pdfium_lib.library_file()))
        paths = (ctypes.c_char_p * 2)(fonts.encode(), None)
        config = pdf_pdfium_lib._Config(version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.c_void_p),
                                        m_pIsolate=None, m_v8EmbedderSlot=0)
        library.FPDF_InitLibraryWithConfig(ctypes.byref(config))  # the reader's own call then does nothing
    if unlocked:
        pdf_pdfium_lib.pdfium()
        library = ctypes.CDLL(str(pdf_pdfium_lib.library_file()))
        library.FPDF_GetDefaultSystemFontInfo.restype = ctypes.c_void_p
        library.FPDF_SetSystemFontInfo.argtypes = [ctypes.c_void_p]
        library.FPDF_SetSystemFontInfo(library.FPDF_GetDefaultSystemFontInfo())


def worker(files: list[str], out: Path, fonts: str | None, unlocked: bool) -> None:
    import locale

    _start_pdfium(fonts, unlocked)
    from extractor.cli import main

    try:
        locale.setlocale(locale.LC_ALL, "")
        effective = locale.setlocale(locale.LC_CTYPE)
    except locale.Error:
        effective = "unavailable: C"
    results = {}
    for i, name in enumerate(files):  # the names' bytes, as a shell would pass them in any locale
        target = out / f"{i:03d}.json"
        code = main(["parse", os.fsdecode(bytes.fromhex(name)), "-o", str(target)])
        data = target.read_bytes() if target.exists() else b""
        results[name] = {"code": code, "sha256": hashlib.sha256(data).hexdigest()}
    info = {"locale": effective, "encoding": locale.getpreferredencoding(False),
            "filesystem": sys.getfilesystemencoding(), "results": results}
    (out / "results.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- driver


def run_variant(variant: Variant, files: list[str], work: Path, locpath: str | None) -> dict[str, object]:
    out = work / variant.name.replace("/", "_").replace(" ", "_").replace("=", "-")
    out.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONHASHSEED", "TZ"))}
    env.update({"LANG": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)})
    if locpath:
        env["LOCPATH"] = locpath
    env.update(variant.env)
    env = {k: v for k, v in env.items() if v != "unset"}
    args = [sys.executable, str(Path(__file__).resolve()), "--worker", str(out), "--files", str(work / "files.json")]
    if variant.fonts is not None:
        args += ["--worker-fonts", variant.fonts]
    if variant.unlocked:
        args.append("--worker-unlocked")
    done = subprocess.run(args, env=env, capture_output=True, cwd=ROOT)  # stderr in the variant's encoding
    if done.returncode != 0:
        raise SystemExit(f"variant {variant.name} failed:\n{done.stderr.decode('utf-8', 'replace')}")
    info: dict[str, object] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    stdout = subprocess.run([sys.executable, "-m", "extractor", "parse", files[0]], env=env, capture_output=True,
                            cwd=ROOT)
    first = out / "000.json"
    info["stdout_same"] = first.exists() and stdout.stdout == first.read_bytes()
    return info


def probe_pdf(folder: Path) -> Path | None:
    """The lone glyph of a CJK font the file only names (reportlab's STSong-Light)."""
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    for k, line in enumerate(["单位：万元", "工作资", "料"]):
        text = c.beginText(100, 700 - 12 * k)
        text.setFont("STSong-Light", 9)
        text.textLine(line)
        c.drawText(text)
    c.showPage()
    c.save()
    path = folder / "probe-lone-cjk-glyph.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def cjk_font_folders() -> list[str]:
    """The folders of the fonts with Chinese glyphs fc-list finds on this machine."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({str(Path(line.split(":")[0]).parent) for line in found.splitlines() if line.strip()})


def fetch_noto(folder: Path) -> str | None:
    """Debian's fonts-noto-cjk unpacked (not installed) into ``folder``; its fonts folder."""
    fonts = folder / "usr" / "share" / "fonts"
    if fonts.is_dir():
        return str(fonts)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["apt-get", "download", NOTO], cwd=folder, check=True, capture_output=True, timeout=600)
        deb = next(folder.glob(f"{NOTO}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(folder)], check=True, capture_output=True, timeout=600)
        deb.unlink()
    except (OSError, subprocess.SubprocessError, StopIteration) as err:
        print(f"note: cannot fetch {NOTO} ({err}); that variant is skipped", file=sys.stderr)
        return None
    return str(fonts)


def make_locales(folder: Path) -> str | None:
    """``zh_CN.UTF-8`` and ``zh_CN.GB18030`` compiled with localedef into ``folder`` (a LOCPATH),
    from the machine's locale sources or Debian's ``locales`` package unpacked beside them; None
    when neither can be had (the locale variants then fall back to C, as the table shows)."""
    wanted = ("zh_CN.UTF-8", "zh_CN.GB18030")
    if all((folder / name).is_dir() for name in wanted):
        return str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = Path("/usr/share/i18n")
    try:
        if not (sources / "locales" / "zh_CN").is_file():
            unpacked = folder / "locales-package"
            unpacked.mkdir(exist_ok=True)
            subprocess.run(["apt-get", "download", "locales"], cwd=unpacked, check=True, capture_output=True,
                           timeout=600)
            deb = next(unpacked.glob("locales_*.deb"))
            subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True, capture_output=True, timeout=600)
            sources = unpacked / "usr" / "share" / "i18n"
        for name in wanted:
            charset = name.split(".")[1]
            subprocess.run(["localedef", "-i", "zh_CN", "-f", charset, str(folder / name)], check=True,
                           capture_output=True, timeout=600, env={**os.environ, "I18NPATH": str(sources)})
    except (OSError, subprocess.SubprocessError, StopIteration) as err:
        print(f"note: cannot make the zh_CN locales ({err}); those variants fall back to C", file=sys.stderr)
        return None
    return str(folder)


def _installed(package: str) -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return done.returncode == 0 and "install ok installed" in done.stdout


def _apt(action: str) -> None:
    command = ["apt-get", action, "-y", "-q", NOTO]
    subprocess.run(command, check=True, capture_output=True, timeout=1800,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--fonts", action="append", default=[], help="a font folder to show pdfium (repeatable)")
    parser.add_argument("--machine-cjk-fonts", action="store_true", help="add the CJK font folders fc-list finds")
    parser.add_argument("--fetch-noto", type=Path, help=f"unpack {NOTO} here (apt-get download) and add its fonts")
    parser.add_argument("--locpath", help="LOCPATH for the locale variants (locales made with localedef)")
    parser.add_argument("--make-locales", type=Path, help="compile the zh_CN locales here (localedef) as LOCPATH")
    parser.add_argument("--apt", action="store_true", help=f"root: really install and remove {NOTO}")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the JSON of every variant here")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-fonts", help=argparse.SUPPRESS)
    parser.add_argument("--worker-unlocked", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.files.read_text(encoding="utf-8")), args.worker, args.worker_fonts, args.worker_unlocked)
        return 0

    work = Path(tempfile.mkdtemp(prefix="machine-check-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    empty = work / "no-fonts"
    empty.mkdir(exist_ok=True)
    files = sorted(str(p) for p in args.corpus.rglob("*.pdf")) if args.corpus.is_dir() else []
    if not files:
        print(f"note: no PDF under {args.corpus}; only the fixtures and the probe are checked", file=sys.stderr)
    files += sorted(str(p) for p in (ROOT / "fixtures").rglob("*.pdf"))
    probe = probe_pdf(work)
    if probe is not None:
        files.append(str(probe))
    (work / "files.json").write_text(json.dumps([os.fsencode(f).hex() for f in files]), encoding="utf-8")

    if args.make_locales and not args.locpath:
        args.locpath = make_locales(args.make_locales)
    font_folders = list(args.fonts) + (cjk_font_folders() if args.machine_cjk_fonts else [])
    if args.fetch_noto:
        noto = fetch_noto(args.fetch_noto)
        font_folders += [noto] if noto else []
    variants = [Variant("reference", fonts=str(empty)), Variant("machine fonts")]
    variants += [Variant(f"fonts {folder}", fonts=folder) for folder in font_folders]
    variants += [
        Variant("LANG=C", {"LANG": "C"}),
        Variant("LANG=zh_CN.UTF-8", {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}),
        Variant("LC_ALL=zh_CN.GB18030", {"LANG": "zh_CN.GB18030", "LC_ALL": "zh_CN.GB18030"}),
        Variant("TZ=Asia/Shanghai", {"TZ": "Asia/Shanghai"}),
        Variant("TZ=America/Los_Angeles LANG=zh_CN.UTF-8", {"TZ": "America/Los_Angeles", "LANG": "zh_CN.UTF-8"}),
        Variant("PYTHONHASHSEED random", {"PYTHONHASHSEED": "unset"}),
    ]
    control = Variant(f"control: pdfium consults {font_folders[0]}", fonts=font_folders[0],
                      unlocked=True) if font_folders and probe is not None else None

    results: dict[str, dict[str, object]] = {}
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {v.name: pool.submit(run_variant, v, files, work, args.locpath)
                   for v in variants + ([control] if control else [])}
        for name, future in futures.items():
            results[name] = future.result()
    if args.apt:
        results.update(apt_variants(files, work, args.locpath))

    reference = results["reference"]["results"]
    assert isinstance(reference, dict)
    failed = False
    print(f"{len(files)} PDFs ({len(files) - (probe is not None)} from {args.corpus} and fixtures/"
          f"{', + the probe' if probe else ''}); reference: LANG=C.UTF-8 TZ=UTC PYTHONHASHSEED=0, no fonts")
    for name, info in results.items():
        got = info["results"]
        assert isinstance(got, dict)
        differ = [f for f in files if got[os.fsencode(f).hex()] != reference[os.fsencode(f).hex()]]
        is_control = name.startswith("control")
        status = ("identical" if not differ else f"{len(differ)} DIFFER") + ("" if info["stdout_same"] else
                                                                              ", stdout DIFFERS from -o")
        if is_control:
            status = (f"differs on {len(differ)} (as expected: the fonts matter to pdfium)" if differ else
                      "identical: these fonts do not change pdfium's reading of the probe")
        elif differ or not info["stdout_same"]:
            failed = True
        print(f"  {name:55s} locale {info['locale']!s:22s} {info['encoding']!s:8s} {status}")
        if not is_control:
            for f in differ:
                print(f"      {f}: {got[os.fsencode(f).hex()]} vs {reference[os.fsencode(f).hex()]}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    print("FAIL: the output depends on the machine" if failed else "OK: byte-identical in every variant")
    return 1 if failed else 0


def apt_variants(files: list[str], work: Path, locpath: str | None) -> dict[str, dict[str, object]]:
    """The machine's fonts with fonts-noto-cjk really installed and really removed, in that order
    or the other; the package is left as it was found."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print("note: --apt needs root and apt-get; skipped", file=sys.stderr)
        return {}
    was = _installed(NOTO)
    found: dict[str, dict[str, object]] = {}
    try:
        for state in ((True, False) if not was else (False, True)):
            _apt("install" if state else "remove")
            name = f"apt: {NOTO} {'installed' if state else 'removed'}"
            found[name] = run_variant(Variant(name), files, work, locpath)
    finally:
        if _installed(NOTO) != was:
            _apt("install" if was else "remove")
    return found


if __name__ == "__main__":
    sys.exit(main())
