"""A long fuzz session over the readers (PDF and Markdown): ``make fuzz`` (MINUTES=30 by default).

    .venv/bin/python scripts/fuzz.py --minutes 30 [--seed 1] [--timeout 30] [--out fuzz-findings]

Seeds are the project's own documents: the PDF fixtures (``fixtures/pdf``), the seed Markdown and
its variants (``fixtures/seed``), and the small hostile cases of ``tests/hostile.py``. Each input
is a seed with a few random mutations (byte flips, truncation, chunks duplicated or deleted, PDF
or Markdown tokens inserted), run through ``extractor.pipeline.extract`` in a worker process.
A watchdog kills the worker when one input takes longer than ``--timeout`` seconds (a hang) or
the worker dies (a crash); the worker also runs under an address-space limit (``--memory``).

Findings go to ``--out``: the input that escaped (an exception other than ``ExtractorError``),
hung or crashed, saved as ``<kind>-<sha12>.<suffix>`` with a ``.txt`` beside it (traceback or
reason), and ``summary.json`` with the figures. Exit code 0 when nothing was found, 1 otherwise.
Reproduce a finding with ``.venv/bin/python -m extractor parse <file>``.

Atheris is not needed: the mutations are random (seeded by ``--seed``), which at this input size
finds what coverage guidance would, and runs with the standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF_TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b"0 0 R", b"R",
              b"/Type /Pages", b"/Kids [1 0 R]", b"/Length 999999999", b"/Filter /FlateDecode",
              b"/Filter /LZWDecode", b"/Filter /ASCII85Decode", b"xref", b"trailer", b"startxref",
              b"%%EOF", b"(", b")", b"\\", b"-1", b"1e308", b"99999999999999999999", b"BT", b"ET",
              b"Tj", b"TJ", b"q", b"Q", b"cm", b"Do", b"/Encrypt", b"/Prev 0", b"/ObjStm", b"[[[[[[[["]
MD_TOKENS = [b"<table>", b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b'<td rowspan="999999999">',
             b'<td colspan="-3">', b"<th>", b"<br>", b"<b>", b"</b>", b"|", b"|---|", b"\t", b"\n",
             b"\n\n", b"# ", b"**", "表1 ".encode(), "单位：万元".encode(), "合计".encode(), b"2060404",
             b"1,234.50", "（一）".encode(), "第二部分".encode(), b"<!--", b"-->", b"```", b"\r",
             b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", "。".encode()]

WORKER = r"""
import json, resource, sys, traceback
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from extractor.errors import ExtractorError
from extractor.pipeline import extract
import logging
logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        result = extract(path)
        answer = {"outcome": "partial" if result.source.warnings else "read"}
    except ExtractorError as err:
        answer = {"outcome": "refused", "error": type(err).__name__}
    except BaseException as err:
        answer = {"outcome": "escaped", "error": f"{type(err).__name__}: {err}"[:500],
                  "traceback": traceback.format_exc()}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


@dataclass
class Seed:
    name: str
    suffix: str
    data: bytes


@dataclass
class Stats:
    started: float = field(default_factory=time.monotonic)
    inputs: int = 0
    by_format: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    by_format_outcome: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "seconds": round(time.monotonic() - self.started, 1),
            "inputs": self.inputs,
            "by_format": dict(self.by_format),
            "outcomes": dict(self.outcomes),
            "by_format_outcome": dict(sorted(self.by_format_outcome.items())),
            "escaped": self.outcomes["escaped"],
            "hangs": self.outcomes["hang"],
            "crashes": self.outcomes["crash"],
            "findings": self.findings,
        }


def load_seeds(max_bytes: int) -> list[Seed]:
    """The project's documents small enough to mutate quickly."""
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile

    seeds = [Seed("drawn-budget.pdf", ".pdf", hostile.small_budget_pdf(pages=2))]
    for path in sorted((ROOT / "fixtures" / "pdf").glob("*.pdf")) + sorted((ROOT / "fixtures" / "seed").glob("*.md")):
        if path.stat().st_size <= max_bytes:
            seeds.append(Seed(path.name, path.suffix, path.read_bytes()))
    with tempfile.TemporaryDirectory() as tmp:
        for case in hostile.CASES:
            if case.name.startswith(("pages-", "bomb-", "md-long", "md-table", "deep-", "zero-")):
                continue
            sub = Path(tmp) / case.name
            sub.mkdir()
            made = case.make(sub)
            if made.stat().st_size <= max_bytes:
                seeds.append(Seed(case.name, made.suffix, made.read_bytes()))
    return seeds


def mutate(data: bytes, rnd: random.Random, tokens: list[bytes]) -> bytes:
    """One to four random byte-level mutations; the first 8 bytes (``%PDF-1.x``) are kept."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        at = 8 + rnd.randrange(max(len(out) - 8, 1))
        kind = rnd.choice(("flip", "flip", "truncate", "duplicate", "delete", "token", "token"))
        if kind == "flip" and at < len(out):
            out[at] = rnd.randrange(256)
        elif kind == "truncate" and rnd.random() < 0.3:
            del out[at:]
        elif kind == "duplicate":
            size = rnd.randint(1, 2000)
            out[at:at] = out[at : at + size] * rnd.randint(1, 3)
        elif kind == "delete":
            del out[at : at + rnd.randint(1, 2000)]
        elif kind == "token":
            out[at:at] = b" " + rnd.choice(tokens) + b" "
    return bytes(out)


def mutate_text(data: bytes, rnd: random.Random) -> bytes:
    """Markdown: nine times in ten the mutations work on characters, so the input still decodes
    (as UTF-8, or as GB18030 for a GB18030 seed) and reaches the table and text parsers."""
    if rnd.random() < 0.1:
        return mutate(data, rnd, MD_TOKENS)
    encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "gb18030"
        text = data.decode(encoding, errors="replace")
    chars = list(text)
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(max(len(chars), 1))
        kind = rnd.choice(("flip", "duplicate", "delete", "token", "token", "token"))
        if kind == "flip" and at < len(chars):
            chars[at] = chr(rnd.choice((rnd.randrange(32, 127), rnd.randrange(0x4E00, 0x9FA5), rnd.randrange(1, 0x3000))))
        elif kind == "duplicate":
            chars[at:at] = chars[at : at + rnd.randint(1, 3000)] * rnd.randint(1, 3)
        elif kind == "delete":
            del chars[at : at + rnd.randint(1, 500)]
        elif kind == "token":
            chars[at:at] = list(rnd.choice(MD_TOKENS).decode("utf-8", errors="replace"))
    return "".join(chars).encode(encoding, errors="replace")


class Worker:
    """A process running ``extract`` on the paths it is sent; killed and restarted on a hang."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        self.process = self._start()

    def _start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER, str(self.memory)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, cwd=ROOT, start_new_session=True,
        )

    def run(self, path: Path, timeout: float) -> dict[str, str]:
        """The worker's answer, or ``{"outcome": "hang"}`` / ``{"outcome": "crash"}``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(f"{path}\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            return self.restart({"outcome": "crash", "error": "worker gone before the input"})
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return self.restart({"outcome": "hang", "error": f"no answer in {timeout:g} s"})
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            return self.restart({"outcome": "crash", "error": f"worker died (exit {code})"})
        answer: dict[str, str] = json.loads(line)
        return answer

    def restart(self, answer: dict[str, str]) -> dict[str, str]:
        self.stop()
        self.process = self._start()
        return answer

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def save_finding(out: Path, data: bytes, suffix: str, seed: Seed, answer: dict[str, str]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    name = f"{answer['outcome']}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    (out / name).write_bytes(data)
    report = f"seed: {seed.name}\noutcome: {answer['outcome']}\nerror: {answer.get('error', '')}\n\n{answer.get('traceback', '')}"
    (out / f"{name}.txt").write_text(report, encoding="utf-8")
    return name


def session(args: argparse.Namespace) -> Stats:
    rnd = random.Random(args.seed)
    seeds = [s for s in load_seeds(args.max_seed_bytes) if s.suffix.lstrip(".") in args.formats]
    print(f"fuzz: {len(seeds)} seeds, {args.minutes:g} min, timeout {args.timeout:g} s per input", file=sys.stderr)
    stats = Stats()
    end = stats.started + args.minutes * 60
    worker = Worker(args.memory)
    with tempfile.TemporaryDirectory(prefix="extractor-fuzz-") as tmp:
        try:
            while time.monotonic() < end:
                seed = rnd.choice(seeds)
                pdf = seed.suffix == ".pdf"
                data = mutate(seed.data, rnd, PDF_TOKENS) if pdf else mutate_text(seed.data, rnd)
                path = Path(tmp) / f"input{seed.suffix}"
                path.write_bytes(data)
                answer = worker.run(path, args.timeout)
                stats.inputs += 1
                stats.by_format[seed.suffix.lstrip(".")] += 1
                stats.outcomes[answer["outcome"]] += 1
                stats.by_format_outcome[f"{seed.suffix.lstrip('.')}:{answer['outcome']}"] += 1
                if answer["outcome"] in ("escaped", "hang", "crash"):
                    name = save_finding(args.out, data, seed.suffix, seed, answer)
                    stats.findings.append(name)
                    print(f"fuzz: {answer['outcome']}: {name}: {answer.get('error', '')}", file=sys.stderr)
                if stats.inputs % 200 == 0:
                    print(f"fuzz: {stats.inputs} inputs, {dict(stats.outcomes)}", file=sys.stderr)
        finally:
            worker.stop()
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the session (default: %(default)g)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it counts as a hang (default: %(default)g)")
    parser.add_argument("--memory", type=int, default=2 * 1024**3, help="address-space limit of the worker in bytes (default: 2 GiB; 0: none)")
    parser.add_argument("--formats", default="pdf,md", help="comma-separated: pdf, md (default: %(default)s)")
    parser.add_argument("--max-seed-bytes", type=int, default=100_000, help="skip larger seeds (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz-findings", help="where findings go (default: fuzz-findings/)")
    args = parser.parse_args(argv)
    args.formats = set(args.formats.split(","))
    stats = session(args)
    summary = stats.as_dict()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary), file=sys.stderr)
    return 1 if stats.findings else 0


if __name__ == "__main__":
    sys.exit(main())

