"""The package layout shows the pipeline: each stage a package, no import circles, stages import
only the stages before them.

Imports are read from the source with :mod:`ast`, all of them: at the top of a module, inside a
function (imported on first use) and under ``if TYPE_CHECKING:``. ``from a.b import c`` is an
import of the module ``a.b.c`` when that is a module, else of ``a.b`` (as import-linter counts).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"

STAGES = (
    "errors",
    "limits",
    "model",
    "structure",
    "sources",
    "semantics",
    "validate",
    "correct",
    "pipeline",
    "export",
    "output",
    "report",
    "batch",
    "cli",
)
"""Every top-level module or package, earliest first: each may import only those before it (and
``extractor`` itself, for ``__version__``). ``sources`` comes after ``structure`` because the
Markdown repairs use the header and numbering rules."""

ROOT_MODULES = {"__init__", "__main__", "errors", "limits", "pipeline"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    yield f"{target}.{alias.name}"
                elif target in MODULES:
                    yield target


GRAPH = {name: {t for t in _imports(name, path) if t != name} for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else "extractor"


def test_the_graph_is_read() -> None:
    assert "extractor.structure.tables" in MODULES
    assert "extractor.model" in GRAPH["extractor.structure.tables"]
    assert "extractor.batch.jobs" in GRAPH["extractor.batch.pool"]  # a function-level import counts
    assert "extractor.sources.pdf_pages" in GRAPH["extractor.sources.ocr_pages"]  # TYPE_CHECKING counts


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles_between_modules() -> None:
    assert _cycles(GRAPH) == []


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        stage = _stage(module)
        if stage in ("extractor", "__main__"):
            continue
        for target in targets:
            other = _stage(target)
            if other not in (stage, "extractor") and STAGES.index(other) > STAGES.index(stage):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_exists(stage: str) -> None:
    assert (PACKAGE / stage / "__init__.py").is_file() or (PACKAGE / f"{stage}.py").is_file()


def test_the_root_holds_no_stage_modules() -> None:
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose == ROOT_MODULES
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(STAGES) - ROOT_MODULES
