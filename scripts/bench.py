"""Benchmark ``extractor parse`` against the bare table finders; writes BENCHMARKS.md.

``make bench`` runs ``python scripts/bench.py ../shared/corpus``. Every measurement is a whole
process, as a user would run it (interpreter start-up and imports included):

  (a) ``extractor parse FILE -o OUT.json``                         the full pipeline
  (b) pdfplumber ``page.extract_tables()`` on every page             scripts/bench_baselines.py
  (c) camelot ``read_pdf(pages="all", flavor="lattice")``           default engine ("combined")
  (d) camelot ``read_pdf(..., flavor="lattice", engine="vector")``  camelot's fastest lattice mode

Runs alternate per repeat, per document and per engine (the engine order rotates), so machine
noise hits every engine alike. Wall time is the median over ``--repeats``; CPU time (user+sys) and
peak memory (``ru_maxrss`` of that one child, from ``wait4``) are measured per process. Also:
Markdown documents/s for ``extractor parse`` on ``fixtures/seed/*.md``, ``extractor batch -j 1``
against ``-j 2``, and with ``--big`` a 1,000-page document (scripts/make_big_pdf.py).

camelot's default engine renders every page (well over a second a page on a busy 2-core machine),
so by default it runs once on a spread subset of the documents (``--camelot-pages``); the
(a)/(c) ratio is then computed on that subset only, which the report states.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PDFS = ROOT / "fixtures" / "pdf"
SEED_MARKDOWN = ROOT / "fixtures" / "seed"
BASELINES = Path(__file__).resolve().with_name("bench_baselines.py")
MAKE_BIG = Path(__file__).resolve().with_name("make_big_pdf.py")
DEFAULT_BIG = Path("/tmp/big-1000.pdf")

EXTRACTOR, PDFPLUMBER, CAMELOT, CAMELOT_VECTOR = "extractor", "pdfplumber", "camelot", "camelot-vector"
ENGINES = (EXTRACTOR, PDFPLUMBER, CAMELOT, CAMELOT_VECTOR)
LABELS = {
    EXTRACTOR: "(a) extractor parse",
    PDFPLUMBER: "(b) pdfplumber extract_tables",
    CAMELOT: "(c) camelot lattice (default engine)",
    CAMELOT_VECTOR: '(d) camelot lattice engine="vector"',
}
LETTER = {EXTRACTOR: "a", PDFPLUMBER: "b", CAMELOT: "c", CAMELOT_VECTOR: "d"}
# Targets of issue 7: (a)/(x) wall-time ratio at most this.
RATIO_TARGETS = {PDFPLUMBER: 0.5, CAMELOT: 0.05, CAMELOT_VECTOR: 1.0}
MEMORY_TARGET_MB = 300.0
BATCH_SPEEDUP_TARGET = 1.8
DEFAULT_CAMELOT_PAGES = 100
QUICK_CAMELOT_PAGES = 30


# --------------------------------------------------------------------------------------------
# running one child process


@dataclass(slots=True)
class Proc:
    """One finished child process: wall and CPU seconds, peak RSS, exit status, output tails."""

    wall: float
    cpu: float
    maxrss_kb: int
    returncode: int
    timed_out: bool = False
    stdout: str = ""
    stderr_tail: str = ""
    produced: bool | None = None  # did the run write its expected output? None = not checked
    tree_rss_kb: int | None = None  # sampled peak of the whole process tree's RSS (``tree=True``)

    @property
    def ok(self) -> bool:
        """Exit 0, or exit 1 (``extractor``: read, with document problems) when the output exists.

        A Python traceback also exits 1, so exit 1 only counts when the run is known to have
        produced its output; a missing output fails any run.
        """
        if self.timed_out or self.produced is False:
            return False
        return self.returncode == 0 or (self.returncode == 1 and self.produced is True)

    @property
    def peak_mb(self) -> float:
        return self.maxrss_kb / 1024.0

    @property
    def failure(self) -> str | None:
        if self.ok:
            return None
        what = "timed out" if self.timed_out else f"exit {self.returncode}"
        return f"{what}: {self.stderr_tail or '(no stderr)'}"


# Runs the measured command as its own fresh process and reports on it. Measuring through this
# small intermediary matters: Linux carries a process's peak RSS across exec(), so a command
# spawned straight from the bench would inherit the bench's own peak as a floor. Forked from this
# ~10 MB interpreter (started with -S), the floor is that of ``python -c pass``.
_WRAPPER = """\
import json, os, sys, time
result, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result, "w") as f:
    json.dump({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss": ru.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, f)
"""


def _descendants_memory(root: int) -> tuple[int, int]:
    """(sum of VmRSS, max of VmHWM) in kB over every descendant of ``root`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(entry.path, "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    total = hwm = 0
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
    return total, hwm


def run_process(cmd: Sequence[str], timeout: float, cwd: Path | None = None, tree: bool = False) -> Proc:
    """Run ``cmd`` as a whole process and measure it alone.

    Wall time, CPU time (user+system) and peak RSS come from ``wait4`` on that one process (its
    rusage includes the children it reaped itself), never ``getrusage(RUSAGE_CHILDREN)``, which
    mixes every child the bench ever ran. With ``tree`` (process pools whose workers another
    process reaps, e.g. a forkserver), /proc is also sampled every 0.2 s for the process tree's
    total RSS and its largest process. A timeout kills the whole process group.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        result = Path(tmp) / "result.json"
        wrapper = [sys.executable, "-S", "-c", _WRAPPER, str(result), *cmd]
        proc = subprocess.Popen(
            wrapper, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, start_new_session=True
        )
        lock = threading.Lock()
        state = {"done": False, "killed": False}
        tree_kb = [0, 0]  # max total RSS, max single VmHWM

        def on_timeout() -> None:
            with lock:
                if not state["done"]:
                    state["killed"] = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, 9)

        def sample() -> None:
            while True:
                with lock:
                    if state["done"]:
                        return
                    total, hwm = _descendants_memory(proc.pid)
                tree_kb[0], tree_kb[1] = max(tree_kb[0], total), max(tree_kb[1], hwm)
                time.sleep(0.2)

        timer = threading.Timer(timeout, on_timeout)
        timer.daemon = True
        timer.start()
        sampler = threading.Thread(target=sample, daemon=True) if tree and Path("/proc").is_dir() else None
        if sampler:
            sampler.start()
        try:
            os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped yet
            with lock:
                state["done"] = True
            timer.cancel()
            _, status, _ = os.wait4(proc.pid, 0)
        except BaseException:
            with lock:
                if not state["done"]:
                    state["done"] = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, 9)
            timer.cancel()
            with contextlib.suppress(ChildProcessError):
                os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen never waits
        if sampler:
            sampler.join()
        try:
            measured = json.loads(result.read_text())
        except (OSError, ValueError):
            measured = {"wall": 0.0, "cpu": 0.0, "maxrss": 0, "code": -9}
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-3:])
    return Proc(
        wall=float(measured["wall"]),
        cpu=float(measured["cpu"]),
        maxrss_kb=max(int(measured["maxrss"]), tree_kb[1]),
        returncode=int(measured["code"]),
        timed_out=state["killed"],
        stdout=stdout[-2000:],
        stderr_tail=tail[-400:],
        tree_rss_kb=tree_kb[0] or None,
    )


# --------------------------------------------------------------------------------------------
# documents and commands


@dataclass(frozen=True, slots=True)
class Doc:
    path: Path
    label: str
    pages: int


def count_pages(path: Path) -> int:
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:
        try:
            import pdfplumber

            with pdfplumber.open(path) as pdf:
                return len(pdf.pages)
        except Exception:
            return 0


def discover(corpus: Path, limit: int | None) -> tuple[list[Doc], str]:
    """The PDFs to benchmark and where they came from (the corpus, else the project's fixtures)."""
    paths, origin, base = (sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else []), str(corpus), corpus
    if not paths and FIXTURE_PDFS.is_dir():
        paths = sorted(FIXTURE_PDFS.glob("*.pdf"))
        origin, base = f"{display_path(FIXTURE_PDFS)} (no PDFs in {corpus})", FIXTURE_PDFS
    if limit is not None:
        paths = paths[:limit]
    docs = [Doc(p, str(p.relative_to(base)), count_pages(p)) for p in paths]
    return [d for d in docs if d.pages > 0], origin


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it (for the report)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def extractor_command() -> list[str]:
    script = Path(sys.executable).with_name("extractor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]


def engine_command(engine: str, doc: Path, out_json: Path) -> list[str]:
    if engine == EXTRACTOR:
        return [*extractor_command(), "parse", str(doc), "-o", str(out_json)]
    return [sys.executable, str(BASELINES), engine, str(doc)]


def camelot_subset(docs: Sequence[Doc], page_budget: int) -> list[Doc]:
    """About ``page_budget`` pages' worth of documents, evenly spread over the list (at least two)."""
    total = sum(d.pages for d in docs)
    if page_budget <= 0 or total <= page_budget or len(docs) <= 2:
        return list(docs)
    picks = min(len(docs), max(2, round(page_budget / (total / len(docs)))))
    indices = sorted({round(i * (len(docs) - 1) / (picks - 1)) for i in range(picks)})
    return [docs[i] for i in indices]


# --------------------------------------------------------------------------------------------
# measurements


@dataclass(slots=True)
class Cell:
    """All runs of one engine on one document."""

    runs: list[Proc] = field(default_factory=list)
    tables: int | None = None

    @property
    def good(self) -> list[Proc]:
        return [r for r in self.runs if r.ok]

    @property
    def wall(self) -> float | None:
        good = self.good
        return statistics.median(r.wall for r in good) if good and len(good) == len(self.runs) else None

    @property
    def cpu(self) -> float | None:
        good = self.good
        return statistics.median(r.cpu for r in good) if good and len(good) == len(self.runs) else None

    @property
    def peak_mb(self) -> float | None:
        return max((r.peak_mb for r in self.runs), default=None) if self.runs else None

    @property
    def failure(self) -> str | None:
        return next((r.failure for r in self.runs if not r.ok), None)


@dataclass(slots=True)
class Big:
    """``extractor parse`` on the generated 1,000-page document."""

    path: str
    pages: int = 0
    size: int = 0
    proc: Proc | None = None
    error: str | None = None


@dataclass(slots=True)
class Results:
    docs: list[Doc]
    engines: list[str]
    camelot_docs: list[str]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    startup: dict[str, list[Proc]] = field(default_factory=dict)
    markdown: dict[str, list[Proc]] = field(default_factory=dict)
    markdown_warm: dict[str, float] | None = None
    batch: dict[int, list[Proc]] = field(default_factory=dict)
    batch_note: str | None = None
    big: Big | None = None
    notes: list[str] = field(default_factory=list)
    load: dict[str, str] = field(default_factory=dict)
    progress: str | None = None  # set while the run is incomplete (partial report)

    def cell(self, engine: str, doc: Doc) -> Cell:
        return self.cells.setdefault((engine, doc.label), Cell())


def count_tables(engine: str, proc: Proc, out_json: Path) -> int | None:
    try:
        if engine == EXTRACTOR:
            data = json.loads(out_json.read_text(encoding="utf-8"))
            return len(data.get("tables", []))
        last = proc.stdout.strip().splitlines()[-1]
        return int(json.loads(last)["tables"])
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_documents(
    res: Results,
    repeats: int,
    camelot_repeats: int,
    timeout: float,
    work: Path,
    checkpoint: Callable[[str], None] = lambda _: None,
) -> None:
    """The alternating main loop: repeat → document → engine (order rotated)."""
    camelot_set = set(res.camelot_docs)
    total = len(res.docs)
    for rep in range(repeats):
        for i, doc in enumerate(res.docs):
            shift = (i + rep) % len(res.engines)
            order = res.engines[shift:] + res.engines[:shift]
            for engine in order:
                if engine == CAMELOT and (doc.label not in camelot_set or rep >= camelot_repeats):
                    continue
                out_json = work / "out.json"
                out_json.unlink(missing_ok=True)
                proc = run_process(engine_command(engine, doc.path, out_json), timeout)
                tables = count_tables(engine, proc, out_json)
                proc.produced = tables is not None
                cell = res.cell(engine, doc)
                cell.runs.append(proc)
                if proc.ok and cell.tables is None:
                    cell.tables = tables
                status = "" if proc.ok else f"  FAILED ({proc.stderr_tail[:160]})"
                log(
                    f"[{rep + 1}/{repeats}] {i + 1:>3}/{total} {engine:<15} {doc.pages:>4} p "
                    f"{proc.wall:7.2f} s {proc.peak_mb:7.1f} MB  {doc.label}{status}"
                )
            checkpoint(f"repeat {rep + 1}/{repeats}, document {i + 1}/{total}")


def run_startup(res: Results, repeats: int, timeout: float) -> None:
    """What a process costs before it reads a page: interpreter + imports."""
    commands: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
    if EXTRACTOR in res.engines:
        commands["extractor --version"] = [*extractor_command(), "--version"]
        commands["import extractor.pipeline"] = [sys.executable, "-c", "import extractor.pipeline"]
    if PDFPLUMBER in res.engines:
        commands["import pdfplumber"] = [sys.executable, str(BASELINES), "import", "pdfplumber"]
    if CAMELOT in res.engines or CAMELOT_VECTOR in res.engines:
        commands["import camelot"] = [sys.executable, str(BASELINES), "import", "camelot"]
    for _ in range(repeats):
        for name, cmd in commands.items():
            res.startup.setdefault(name, []).append(run_process(cmd, timeout))


def run_markdown(res: Results, repeats: int, timeout: float, work: Path) -> None:
    files = sorted(SEED_MARKDOWN.glob("*.md")) if SEED_MARKDOWN.is_dir() else []
    if not files:
        res.notes.append("Markdown: no fixtures/seed/*.md found; skipped.")
        return
    for _ in range(repeats):
        for md in files:
            out_json = work / "md.json"
            out_json.unlink(missing_ok=True)
            cmd = [*extractor_command(), "parse", str(md), "-o", str(out_json)]
            proc = run_process(cmd, timeout)
            proc.produced = out_json.exists()
            res.markdown.setdefault(md.name, []).append(proc)
            log(f"markdown {md.name}: {proc.wall:.2f} s{'' if proc.ok else '  FAILED ' + proc.stderr_tail}")
    # Warm throughput: one process, imports paid once, every file parsed N times via the CLI entry.
    loops = 3
    program = (
        "import sys, time\n"
        "from extractor.cli import main\n"
        "files, out, loops = sys.argv[1:-2], sys.argv[-2], int(sys.argv[-1])\n"
        "main(['parse', files[0], '-o', out])\n"
        "t = time.perf_counter()\n"
        "for _ in range(loops):\n"
        "    for f in files:\n"
        "        main(['parse', f, '-o', out])\n"
        "print(time.perf_counter() - t)\n"
    )
    cmd = [sys.executable, "-c", program, *map(str, files), str(work / "md-warm.json"), str(loops)]
    proc = run_process(cmd, timeout)
    try:
        seconds = float(proc.stdout.strip().splitlines()[-1])
        res.markdown_warm = {"documents": float(loops * len(files)), "seconds": seconds}
    except (ValueError, IndexError):
        res.notes.append(f"Markdown warm loop failed: {proc.stderr_tail}")


def batch_available(timeout: float) -> str | None:
    """None when ``extractor batch`` exists, else why not."""
    proc = run_process([*extractor_command(), "batch", "--help"], timeout)
    if proc.returncode == 0:
        return None
    return f"`extractor batch` is not available (exit {proc.returncode}: {proc.stderr_tail or 'no stderr'})"


def run_batch(res: Results, repeats: int, timeout: float, work: Path) -> None:
    missing = batch_available(timeout)
    if missing:
        res.batch_note = missing + "; batch throughput not measured."
        log(res.batch_note)
        return
    inputs = [str(d.path) for d in res.docs]
    for rep in range(repeats):
        for jobs in (1, 2) if rep % 2 == 0 else (2, 1):
            out_dir = work / f"batch-j{jobs}"
            shutil.rmtree(out_dir, ignore_errors=True)
            cmd = [*extractor_command(), "batch", *inputs, "-o", str(out_dir), "-j", str(jobs)]
            proc = run_process(cmd, timeout * max(1, len(inputs)), tree=True)
            proc.produced = out_dir.is_dir() and any(out_dir.rglob("*.json"))
            res.batch.setdefault(jobs, []).append(proc)
            log(f"batch -j {jobs}: {proc.wall:.2f} s{'' if proc.ok else '  FAILED ' + proc.stderr_tail}")
            shutil.rmtree(out_dir, ignore_errors=True)


def run_big(res: Results, path: Path, timeout: float, work: Path) -> None:
    res.big = Big(str(path))
    if not path.exists():
        log(f"generating {path} …")
        gen = run_process([sys.executable, str(MAKE_BIG), str(path)], timeout)
        if gen.returncode != 0 or not path.exists():
            res.big.error = f"make_big_pdf.py failed: {gen.stderr_tail}"
            return
    res.big.pages, res.big.size = count_pages(path), path.stat().st_size
    out_json = work / "big.json"
    proc = run_process([*extractor_command(), "parse", str(path), "-o", str(out_json)], timeout)
    proc.produced = out_json.exists()
    out_json.unlink(missing_ok=True)
    res.big.proc = proc
    if not proc.ok:
        res.big.error = proc.failure
    log(f"big {res.big.pages} p: {proc.wall:.1f} s, {proc.peak_mb:.0f} MB {proc.failure or ''}")


# --------------------------------------------------------------------------------------------
# the report


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "cores": f"{cores} usable ({os.cpu_count()} online)",
        "memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }


def busy_note(res: Results) -> str | None:
    """A warning when other work kept the machine busier than its cores during the run."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    loads = []
    for value in res.load.values():
        with contextlib.suppress(ValueError, IndexError):
            loads.append(float(value.split("/")[0]))
    if not loads or max(loads) <= cores + 0.5:
        return None
    return (
        f"**Warning: the machine was busy** (1-minute load average up to {max(loads):.1f} on {cores} cores). "
        "Wall times are inflated for every engine alike (the runs alternate), so wall-time ratios stay "
        "comparable, but the CPU-time ratios are the better guide, and the batch -j 2 / -j 1 speed-up "
        "cannot be measured without an idle second core."
    )


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for dist in (
        "budget-extractor",
        "pdfplumber",
        "pdfminer.six",
        "camelot-py",
        "pypdfium2",
        "opencv-python-headless",
    ):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, check=False
        )
        if rev.returncode == 0:
            out["git"] = rev.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")
    return out


def fmt(value: float | None, spec: str = ".2f", missing: str = "–") -> str:
    return missing if value is None else format(value, spec)


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    marks = [":--" if a == "l" else "--:" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass(slots=True)
class Total:
    docs: int
    pages: int
    wall: float | None
    cpu: float | None
    peak_mb: float | None

    @property
    def pages_per_s(self) -> float | None:
        return ratio(float(self.pages), self.wall)


def total_for(res: Results, engine: str, docs: Sequence[Doc]) -> Total:
    cells = [res.cells.get((engine, d.label)) for d in docs]
    measured = [(d, c) for d, c in zip(docs, cells, strict=True) if c is not None and c.wall is not None]
    if not measured:
        return Total(0, 0, None, None, None)
    return Total(
        docs=len(measured),
        pages=sum(d.pages for d, _ in measured),
        wall=sum(c.wall or 0.0 for _, c in measured),
        cpu=sum(c.cpu or 0.0 for _, c in measured),
        peak_mb=max((c.peak_mb or 0.0) for _, c in measured),
    )


def paired_ratio(
    res: Results, engine: str, docs: Sequence[Doc], attr: str = "wall"
) -> tuple[float | None, int]:
    """(a)/(engine) on the documents where both were measured: sum of medians over sum of medians."""
    a_sum = x_sum = 0.0
    n = 0
    for d in docs:
        a, x = res.cells.get((EXTRACTOR, d.label)), res.cells.get((engine, d.label))
        av = getattr(a, attr) if a else None
        xv = getattr(x, attr) if x else None
        if av is not None and xv is not None:
            a_sum, x_sum, n = a_sum + av, x_sum + xv, n + 1
    return (ratio(a_sum, x_sum) if n else None), n


def verdict(value: float | None, target: float, lower_is_better: bool = True) -> str:
    if value is None:
        return "–"
    ok = value <= target if lower_is_better else value >= target
    return "met" if ok else "**not met**"


def render(
    res: Results, args: argparse.Namespace, origin: str, command: str, started: dt.datetime, elapsed: float
) -> str:
    docs = res.docs
    lines: list[str] = ["# Benchmarks", ""]
    lines.append(
        f"Generated by `scripts/bench.py` on {started:%Y-%m-%d %H:%M} UTC in {elapsed / 60:.1f} min. "
        "Regenerate with `make bench` (overwrites this file)."
    )
    busy = busy_note(res)
    if busy:
        lines += ["", busy]
    if res.progress:
        lines += ["", f"**Partial results** — the run had not finished (last step done: {res.progress})."]
    lines += ["", "## Set-up", ""]
    lines.append(f"- command: `{command}`")
    lines.append(f"- documents: {len(docs)} PDFs, {sum(d.pages for d in docs)} pages, from `{origin}`")
    mode = "quick (1 repeat, camelot default on a small subset)" if args.quick else "full"
    lines.append(
        f"- mode: {mode}; repeats: {args.repeats} (camelot default engine: {args.camelot_repeats}); only: {args.only}"
    )
    for key, value in machine().items():
        lines.append(f"- {key}: {value}")
    lines.append(
        f"- load average (1/5/15 min): {res.load.get('start', '?')} at the start, {res.load.get('end', '?')} at the end"
        " (other work on the machine inflates wall times; CPU s is less sensitive to it)"
    )
    lines.append("- versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()))
    lines += [
        "",
        "Every figure is a whole process, as a user runs it (interpreter start-up and imports included). "
        "Runs alternate repeat → document → engine, with the engine order rotating, so machine noise "
        "hits every engine alike. *s* is the median wall time over the repeats, *CPU s* the median "
        "user+system time, *MB* the peak resident set of that one process (`ru_maxrss` from `wait4`, "
        "maximum over repeats; the process is forked from a small wrapper, so its floor is that of `python -c pass`). Totals add the per-document medians; pages/s = pages / total seconds. "
        "Ratios are (a)'s time over the other engine's on the same documents (lower is better for (a)).",
        "",
        "Engines:",
        "",
    ]
    for engine in res.engines:
        lines.append(f"- {LABELS[engine]}")
    if CAMELOT in res.engines and len(res.camelot_docs) < len(docs):
        sub = [d for d in docs if d.label in set(res.camelot_docs)]
        lines += [
            "",
            f"camelot's default engine renders every page, so it ran on a spread subset of {len(sub)} documents "
            f"({sum(d.pages for d in sub)} pages; `--camelot-pages {args.camelot_pages}`, 0 = all) and "
            f"{args.camelot_repeats} repeat(s); (a)/(c) is computed on that subset only.",
        ]

    # ---- summary
    lines += ["", "## Summary", ""]
    rows = []
    for engine in res.engines:
        subset = [d for d in docs if d.label in set(res.camelot_docs)] if engine == CAMELOT else docs
        t = total_for(res, engine, subset)
        rows.append(
            [
                LABELS[engine],
                str(t.docs),
                str(t.pages),
                fmt(t.wall, ".1f"),
                fmt(t.cpu, ".1f"),
                fmt(t.pages_per_s, ".1f"),
                fmt(None if t.wall is None or not t.pages else 1000 * t.wall / t.pages, ".0f"),
                fmt(t.peak_mb, ".0f"),
            ]
        )
    lines += table(["engine", "docs", "pages", "s", "CPU s", "pages/s", "ms/page", "peak MB"], rows)

    if EXTRACTOR in res.engines and len(res.engines) > 1:
        lines += ["", "Ratios and targets (issue 7):", ""]
        rows = []
        for engine in res.engines:
            if engine == EXTRACTOR:
                continue
            subset = [d for d in docs if d.label in set(res.camelot_docs)] if engine == CAMELOT else docs
            r_wall, n = paired_ratio(res, engine, subset, "wall")
            r_cpu, _ = paired_ratio(res, engine, subset, "cpu")
            target = RATIO_TARGETS[engine]
            rows.append(
                [
                    f"(a)/({LETTER[engine]}) {engine}",
                    str(n),
                    fmt(r_wall, ".3f"),
                    fmt(r_cpu, ".3f"),
                    f"≤ {target:g}",
                    verdict(r_wall, target),
                ]
            )
        largest = max(docs, key=lambda d: (d.pages, d.path.stat().st_size)) if docs else None
        biggest_mb = None
        if largest is not None and (c := res.cells.get((EXTRACTOR, largest.label))) is not None:
            biggest_mb = c.peak_mb
        all_mb = total_for(res, EXTRACTOR, docs).peak_mb
        rows.append(
            [
                f"peak MB of (a) (largest document: {largest.label if largest else '–'})",
                "1",
                fmt(biggest_mb, ".0f"),
                "",
                f"< {MEMORY_TARGET_MB:g}",
                verdict(biggest_mb, MEMORY_TARGET_MB),
            ]
        )
        rows.append(
            [
                "peak MB of (a), any document",
                str(len(docs)),
                fmt(all_mb, ".0f"),
                "",
                f"< {MEMORY_TARGET_MB:g}",
                verdict(all_mb, MEMORY_TARGET_MB),
            ]
        )
        speedup = batch_speedup(res)
        rows.append(
            [
                "batch -j 2 / -j 1 throughput",
                str(len(docs)) if speedup else "–",
                fmt(speedup, ".2f"),
                "",
                f"≥ {BATCH_SPEEDUP_TARGET:g}",
                verdict(speedup, BATCH_SPEEDUP_TARGET, False),
            ]
        )
        lines += table(["measure", "docs", "value (wall time)", "CPU-time ratio", "target", "verdict"], rows)

    # ---- per document
    lines += [
        "",
        "## Per document",
        "",
        "pages/s per engine (median wall time), ratios of (a) to each, peak MB.",
        "",
    ]
    header = ["document", "pages"]
    header += [f"({LETTER[e]}) p/s" for e in res.engines]
    header += [f"(a)/({LETTER[e]})" for e in res.engines if e != EXTRACTOR and EXTRACTOR in res.engines]
    header += [f"({LETTER[e]}) MB" for e in res.engines]
    rows = []
    for d in docs:
        row = [d.label, str(d.pages)]
        for e in res.engines:
            c = res.cells.get((e, d.label))
            row.append(fmt(ratio(float(d.pages), c.wall if c else None), ".1f", "–" if c is None else "fail"))
        if EXTRACTOR in res.engines:
            a = res.cells.get((EXTRACTOR, d.label))
            for e in res.engines:
                if e == EXTRACTOR:
                    continue
                x = res.cells.get((e, d.label))
                row.append(fmt(ratio(a.wall if a else None, x.wall if x else None), ".3f"))
        for e in res.engines:
            c = res.cells.get((e, d.label))
            row.append(fmt(c.peak_mb if c else None, ".0f"))
        rows.append(row)
    lines += table(header, rows)

    lines += ["", "Tables found (a sanity check that every engine did the work, not a quality measure):", ""]
    rows = []
    for d in docs:
        row = [d.label]
        for e in res.engines:
            c = res.cells.get((e, d.label))
            row.append("–" if c is None or c.tables is None else str(c.tables))
        rows.append(row)
    lines += table(["document", *[f"({LETTER[e]})" for e in res.engines]], rows)

    # ---- start-up
    if res.startup:
        lines += [
            "",
            "## Start-up cost",
            "",
            "Median wall time of a process that only starts and imports.",
            "",
        ]
        rows = [
            [
                name,
                fmt(statistics.median(p.wall for p in procs), ".3f"),
                fmt(max(p.peak_mb for p in procs), ".0f"),
            ]
            for name, procs in res.startup.items()
        ]
        lines += table(["process", "s", "peak MB"], rows)

    # ---- markdown
    if res.markdown or res.markdown_warm:
        lines += ["", "## Markdown", ""]
        rows = []
        total_wall = 0.0
        for name, procs in res.markdown.items():
            good = [p.wall for p in procs if p.ok]
            med = statistics.median(good) if good else None
            total_wall += med or 0.0
            rows.append(
                [
                    name,
                    fmt(med, ".3f"),
                    fmt(ratio(1.0, med), ".2f"),
                    fmt(max(p.peak_mb for p in procs), ".0f"),
                ]
            )
        lines += table(["document", "s (whole process)", "documents/s", "peak MB"], rows)
        if res.markdown:
            lines += [
                "",
                f"Whole processes: {fmt(ratio(float(len(res.markdown)), total_wall), '.2f')} documents/s (start-up included).",
            ]
        if res.markdown_warm:
            w = res.markdown_warm
            lines.append(
                f"In one warm process (imports paid once, `extractor.cli.main(['parse', …])` × {w['documents']:.0f}): "
                f"{fmt(ratio(w['documents'], w['seconds']), '.1f')} documents/s."
            )

    # ---- batch
    if res.batch or res.batch_note:
        lines += ["", "## Batch", ""]
        if res.batch_note:
            lines.append(res.batch_note)
        if res.batch:
            pages = sum(d.pages for d in docs)
            rows = []
            for jobs, procs in sorted(res.batch.items()):
                good = [p.wall for p in procs if p.ok]
                med = statistics.median(good) if good else None
                fails = [p.stderr_tail for p in procs if not p.ok]
                rows.append(
                    [
                        f"-j {jobs}",
                        str(len(docs)),
                        str(pages),
                        fmt(med, ".1f"),
                        fmt(ratio(float(pages), med), ".1f"),
                        fmt(max(p.peak_mb for p in procs), ".0f"),
                        fmt(max((p.tree_rss_kb or 0) / 1024 for p in procs) or None, ".0f"),
                        "; ".join(fails)[:200] or "",
                    ]
                )
            lines += table(
                [
                    "jobs",
                    "docs",
                    "pages",
                    "s",
                    "pages/s",
                    "peak MB (largest process)",
                    "peak MB (whole tree)",
                    "failures",
                ],
                rows,
            )
            lines += [
                "",
                f"Throughput -j 2 / -j 1: {fmt(batch_speedup(res), '.2f')} (target ≥ {BATCH_SPEEDUP_TARGET:g}).",
            ]

    # ---- big
    if res.big is not None:
        lines += ["", "## 1,000-page document", ""]
        big, proc = res.big, res.big.proc
        if proc is None:
            lines.append(f"Not measured: {big.error}")
        else:
            lines.append(
                f"`extractor parse` on `{big.path}` (generated by scripts/make_big_pdf.py; "
                f"{big.pages} pages, {big.size / 1e6:.1f} MB), one run:"
            )
            lines.append("")
            row = [
                str(big.pages),
                f"{proc.wall:.1f}",
                f"{proc.cpu:.1f}",
                fmt(ratio(float(big.pages), proc.wall), ".1f"),
                f"{proc.peak_mb:.0f}",
                proc.failure or "ok",
            ]
            lines += table(["pages", "s", "CPU s", "pages/s", "peak MB", "status"], [row])

    # ---- failures and notes
    failures = [(e, label, c.failure) for (e, label), c in sorted(res.cells.items()) if c.failure]
    if failures or res.notes:
        lines += ["", "## Failures and notes", ""]
        for e, label, why in failures:
            lines.append(f"- {LABELS[e]} on `{label}`: {why}")
        for note in res.notes:
            lines.append(f"- {note}")
    return "\n".join(lines) + "\n"


def batch_speedup(res: Results) -> float | None:
    med: dict[int, float] = {}
    for jobs, procs in res.batch.items():
        good = [p.wall for p in procs if p.ok]
        if good and len(good) == len(procs):
            med[jobs] = statistics.median(good)
    return ratio(med.get(1), med.get(2))


def summary_text(res: Results) -> str:
    """The few lines printed at the end."""
    out = []
    for engine in res.engines:
        subset = [d for d in res.docs if d.label in set(res.camelot_docs)] if engine == CAMELOT else res.docs
        t = total_for(res, engine, subset)
        line = f"{LABELS[engine]:<38} {t.pages:>5} p  {fmt(t.pages_per_s, '7.1f')} pages/s  peak {fmt(t.peak_mb, '.0f')} MB"
        if engine != EXTRACTOR and EXTRACTOR in res.engines:
            r, n = paired_ratio(res, engine, subset)
            line += f"  (a)/({LETTER[engine]}) = {fmt(r, '.3f')} on {n} docs"
        out.append(line)
    if res.batch:
        out.append(f"batch -j 2 / -j 1 throughput: {fmt(batch_speedup(res), '.2f')}")
    elif res.batch_note:
        out.append(res.batch_note)
    if res.big is not None and res.big.proc is not None:
        p = res.big.proc
        out.append(f"big: {res.big.pages} pages in {p.wall:.1f} s, peak {p.peak_mb:.0f} MB {p.failure or ''}")
    elif res.big is not None:
        out.append(f"big: not measured: {res.big.error}")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=ROOT.parent / "shared" / "corpus",
        help="directory of PDFs (searched recursively)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs per engine and document; the median counts (default: %(default)s)",
    )
    parser.add_argument(
        "--only",
        choices=("all", "baselines", "extractor", "batch", "scan"),
        default="all",
        help="what to measure (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--scan-pages", type=int, default=12,
        help="scanned case: pages made image-only and OCR'd, against RapidOCR's own pipeline (default: %(default)s)",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "BENCHMARKS.md", help="report path (default: %(default)s)"
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"1 repeat; camelot default on about {QUICK_CAMELOT_PAGES} pages"
    )
    parser.add_argument(
        "--camelot-pages",
        type=int,
        help=f"page budget for camelot's slow default engine, a spread subset of documents; 0 = all (default: {DEFAULT_CAMELOT_PAGES}, --quick {QUICK_CAMELOT_PAGES})",
    )
    parser.add_argument(
        "--camelot-repeats",
        type=int,
        default=1,
        help="repeats for camelot's default engine (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-repeats", type=int, help="repeats of each batch run over all documents (default: 1)"
    )
    parser.add_argument(
        "--big",
        nargs="?",
        const=DEFAULT_BIG,
        type=Path,
        help=f"also parse a 1,000-page PDF (generated when missing; default {DEFAULT_BIG})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds before one process is killed (default: %(default)s)",
    )
    parser.add_argument("--raw", type=Path, help="also write every measurement as JSON here")
    return parser


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM/SIGHUP → an exception, so the running child is killed and reaped on the way out."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 1
    if args.camelot_pages is None:
        args.camelot_pages = QUICK_CAMELOT_PAGES if args.quick else DEFAULT_CAMELOT_PAGES
    args.camelot_repeats = max(1, min(args.camelot_repeats, args.repeats))
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    command = shlex.join(
        [
            display_path(Path(sys.executable)),
            display_path(Path(__file__)),
            *(sys.argv[1:] if argv is None else argv),
        ]
    )

    if args.only == "scan":
        return run_scan_only(args)

    docs, origin = discover(args.corpus, args.limit)
    if not docs:
        print(
            f"bench: no PDFs to benchmark: {args.corpus} is absent or empty and {FIXTURE_PDFS} has none; nothing to do."
        )
        return 0

    engines: list[str] = {
        "all": list(ENGINES),
        "baselines": [PDFPLUMBER, CAMELOT, CAMELOT_VECTOR],
        "extractor": [EXTRACTOR],
        "batch": [],
    }[args.only]
    res = Results(
        docs=docs, engines=engines, camelot_docs=[d.label for d in camelot_subset(docs, args.camelot_pages)]
    )
    started = dt.datetime.now(dt.UTC)
    res.load["start"] = load_average()
    t0 = time.perf_counter()
    log(
        f"bench: {len(docs)} documents, {sum(d.pages for d in docs)} pages from {origin}; engines: {', '.join(engines) or 'none'}"
    )

    def write_report(progress: str | None) -> None:
        res.progress = progress
        res.load["end"] = load_average()
        report = render(res, args, origin, command, started, time.perf_counter() - t0)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")

    step = "start"
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            work = Path(tmp)
            if engines:
                run_startup(res, args.repeats, args.timeout)
                run_documents(res, args.repeats, args.camelot_repeats, args.timeout, work, write_report)
                step = "documents"
            if args.only in ("all", "extractor"):
                run_markdown(res, args.repeats, args.timeout, work)
                step = "Markdown"
                write_report(step)
            if args.only in ("all", "batch"):
                run_batch(res, args.batch_repeats or 1, args.timeout, work)
                step = "batch"
                write_report(step)
            if args.big is not None and args.only in ("all", "extractor"):
                run_big(res, args.big, max(args.timeout, 3600.0), work)
                step = "big"
    except (KeyboardInterrupt, SystemExit):
        if res.cells or res.batch:
            write_report(f"{res.progress or step}; interrupted")
            log(f"interrupted: partial report written to {args.output}")
        raise
    elapsed = time.perf_counter() - t0
    write_report(None)
    if args.raw:
        raw = {
            "docs": [{"label": d.label, "pages": d.pages} for d in docs],
            "cells": {f"{e}|{label}": [asdict(r) for r in c.runs] for (e, label), c in res.cells.items()},
            "batch": {str(j): [asdict(p) for p in procs] for j, procs in res.batch.items()},
            "big": asdict(res.big) if res.big else None,
        }
        args.raw.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.only == "all":
        _append_scan_section(args)
    print(summary_text(res))
    print(f"report written to {args.output} ({elapsed / 60:.1f} min)")
    return 0


def run_scan_only(args: argparse.Namespace) -> int:
    """``--only scan``: the scanned case alone (scripts/bench_scan.py), its section printed and
    written into the report in place of the previous one."""
    section = _append_scan_section(args)
    print(section)
    return 0


def _append_scan_section(args: argparse.Namespace) -> str:
    """Measure the scanned case and put its section at the end of the report (replacing one
    already there); skipped, with a line saying so, when the OCR engine is not installed."""
    from importlib.util import find_spec

    if find_spec("rapidocr") is None:
        section = "## Scanned pages (OCR)\n\nNot measured: the OCR engine is not installed (pip install '.[ocr]').\n"
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_scan import run_scan_bench

        section = run_scan_bench(args.corpus, args.scan_pages, args.repeats, max(args.timeout, 1800.0))
    report = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
    head = report.split("## Scanned pages (OCR)")[0].rstrip()
    args.output.write_text((head + "\n\n" if head else "") + section, encoding="utf-8")
    return section


if __name__ == "__main__":
    for _sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(_sig, _terminate)
    raise SystemExit(main())
