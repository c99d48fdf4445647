"""Amounts named by a function-classification chain: ``科学技术支出（类）技术与开发（款）科技成果
转化与扩散（项）：2026 年预算数为 3890.91 万元`` → a ``code_amount`` fact.

Later sentences name only the lower levels (``科技条件与服务（款）机构运行（项）：…``), so the
chain is state carried through the document. Codes come from the chain when printed
(``公共安全支出（204类）司法（06款）行政运行（01项）``), else from the names of the function-code
rows of the document's tables, else (for a 类) from the national list of 类 names.

``code_amount`` facts: ``label`` is the deepest name; values ``level`` (类 | 款 | 项), ``code``
(full code when resolved), ``class_name``, ``kind_name`` (款), ``item_name`` (项), ``measure``
(``budget``; ``actual`` for 支出决算, ``executed`` for 预算执行数), ``subject``.
A chain that stops at a 类 gives a ``total`` / ``function_class`` fact instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractor.model import Table
from extractor.semantics.codelists import function_class_codes
from extractor.semantics.fact_subjects import Subject, class_name, classify_subject

if TYPE_CHECKING:
    from extractor.semantics.fact_mentions import Mention

# one level of a chain: "技术与开发（款）", "行政运行（01项）", "党委办公厅（室）及相关机构事务（款）"
_PART = re.compile(
    r"(?P<name>[^，,。；;：:、（）()\s][^，,。；;：:、（）()]*?(?:[（(][^（）()类款项]{1,4}[）)][^，,。；;：:、（）()]*?)*)"
    r"\s*[（(]\s*(?P<code>\d{2,3})?\s*(?P<level>类|款|项)\s*[)）]"
)
# the "（code? level）" every part ends with: a sentence without one has no part (checked first)
_LEVEL_MARK = re.compile(r"[（(]\s*(?:\d{2,3})?\s*(?:类|款|项)\s*[)）]")
# numbering and quotes in front of the first name: "1、", "2.", "1．", "- 1.", "1. “社会保障…"
_NUMBERING = re.compile(r"^[-\s\d.．、“”\"'‘’]*")
# a function code with its name fused in one cell: "2060404科技成果转化与扩散"
_FUSED = re.compile(r"^(?P<code>2\d{2}(?:\d{2}){0,2})\s*(?P<name>\D.*)$")


@dataclass(frozen=True, slots=True)
class ChainPart:
    """One ``name（code? level）`` of a chain and where it sits in the sentence."""

    name: str
    code: str | None
    level: str
    start: int
    end: int


def sentence_to_chains(sentence: str) -> list[list[ChainPart]]:
    """The chains of a sentence: runs of adjacent ``name（类|款|项）`` parts."""
    chains: list[list[ChainPart]] = []
    if _LEVEL_MARK.search(sentence) is None:
        return chains  # every part ends in a bracketed level: without one, no backtracking scan
    for match in _PART.finditer(sentence):
        name = _NUMBERING.sub("", match.group("name")).strip()
        part = ChainPart(name, match.group("code"), match.group("level"), match.start(), match.end())
        if chains and sentence[chains[-1][-1].end : part.start].strip() == "":
            chains[-1].append(part)
        else:
            chains.append([part])
    return chains


def _norm(name: str) -> str:
    return "".join(name.split()).replace("(", "（").replace(")", "）")  # spaces dropped: split() cuts at what \s matches


def _row_code_and_name(cells: list[str], carry: list[str]) -> tuple[str, str] | None:
    """A function code and name from a table row: one code column, 类|款|项 columns, or fused."""
    texts = [c.strip() for c in cells]
    name_at = next((i for i, t in enumerate(texts) if t and not t.isdigit()), None)
    if name_at is None:
        return None
    fused = _FUSED.match(texts[name_at])
    if fused and name_at == 0:
        return fused.group("code"), fused.group("name").strip()
    return _split_code(texts[:name_at], carry, texts[name_at])


def _split_code(parts: list[str], carry: list[str], name: str) -> tuple[str, str] | None:
    """``206 | 04 | 04`` → ``2060404``; blank leading parts repeat the rows above (``| | 04``)."""
    if len(parts) == 1 and len(parts[0]) in (3, 5, 7):
        return (parts[0], name) if parts[0].startswith("2") else None
    filled = [i for i, p in enumerate(parts) if p]
    if not filled or len(parts) > 3:
        return None
    last = filled[-1]
    carry[:] = (carry + [""] * 3)[:3]
    values = [parts[i] or carry[i] for i in range(last + 1)]
    carry[: last + 1] = values
    code = "".join(values)
    widths_ok = all(len(v) == (3 if i == 0 else 2) for i, v in enumerate(values))
    return (code, name) if widths_ok and code.startswith("2") else None


def tables_to_function_names(tables: Sequence[Table]) -> dict[str, str]:
    """Function code → name for every code row of the expenditure tables."""
    names: dict[str, str] = {}
    for table in tables:
        carry: list[str] = []
        for row in table.body_rows:
            found = _row_code_and_name(table.grid.row_texts(row), carry)
            if found is not None:
                names.setdefault(found[0], _norm(found[1]))
    return names


@dataclass(slots=True)
class _Level:
    name: str
    code: str | None


@dataclass(slots=True)
class CodeContext:
    """The chain state of a document and the code names of its tables."""

    names: dict[str, str]
    levels: dict[str, _Level] = field(default_factory=dict)
    chain_ends: list[int] = field(default_factory=list)
    pending: bool = False
    used: bool = False

    def begin_section(self) -> None:
        self.pending = False

    def begin_sentence(self, sentence: str) -> None:
        """Read the chains of ``sentence`` into the state before its amounts are classified."""
        if self.used:
            self.pending = False
        self.used = False
        self.chain_ends = []
        for chain in sentence_to_chains(sentence):
            for part in chain:
                self._set(part)
            self.chain_ends.append(chain[-1].end)
        if self.chain_ends:
            self.pending = True

    def _set(self, part: ChainPart) -> None:
        order = ("类", "款", "项")
        for lower in order[order.index(part.level) :]:
            self.levels.pop(lower, None)
        self.levels[part.level] = _Level(part.name, self._resolve(part))

    def _resolve(self, part: ChainPart) -> str | None:
        parent = {"类": None, "款": "类", "项": "款"}[part.level]
        parent_code = self.levels[parent].code if parent and parent in self.levels else None
        if part.code and len(part.code) == 3 and part.level == "类":
            return part.code
        if part.code and parent_code:
            return parent_code + part.code[-2:]
        return self._code_by_name(part, parent_code)

    def _code_by_name(self, part: ChainPart, parent_code: str | None) -> str | None:
        width = {"类": 3, "款": 5, "项": 7}[part.level]
        normed = _norm(part.name)
        name = class_name(normed) if part.level == "类" else normed
        found = [
            code
            for code, printed in self.names.items()
            if len(code) == width
            and printed in (name, normed)
            and (parent_code is None or code.startswith(parent_code))
        ]
        if len(found) == 1:
            return found[0]
        return function_class_codes().get(name) if part.level == "类" else None

    def classify(self, mention: Mention, sentence: str) -> Subject | None:
        """``code_amount`` (or a 类 total) when a chain names the amount, else the plain subject."""
        base = classify_subject(mention.subject, sentence)
        chained = any(end <= mention.start for end in self.chain_ends) or (
            self.pending and not self.chain_ends
        )
        if not chained or not self.levels or (base is not None and "（" not in mention.subject):
            return base
        self.used = True
        return self._chain_subject(mention)

    def _chain_subject(self, mention: Mention) -> Subject:
        deepest = next(level for level in ("项", "款", "类") if level in self.levels)
        code = self.levels[deepest].code
        if deepest == "类":
            name = class_name(self.levels["类"].name)
            return Subject("total", "function_class", (("name", name),) + ((("code", code),) if code else ()))
        values = [("level", deepest)] + ([("code", code)] if code else [])
        for key, level in (("class_name", "类"), ("kind_name", "款"), ("item_name", "项")):
            if level in self.levels:
                values.append((key, self.levels[level].name))
        values.append(("measure", _measure(mention.subject)))
        return Subject("code_amount", self.levels[deepest].name, tuple(values))


def _measure(subject: str) -> str:
    if "决算" in subject:
        return "actual"
    return "executed" if "执行" in subject else "budget"
