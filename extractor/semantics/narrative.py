"""Narrative facts: what the 情况说明 states, parsed, each fact with its sentence and provenance.

The rules, in the order they run over each section (document order):

1. :mod:`~extractor.semantics.sentences` splits the text into sentences;
2. :mod:`~extractor.semantics.fact_codes` follows 类/款/项 chains (``code_amount``);
3. :mod:`~extractor.semantics.fact_mentions` reads amounts, changes, shares and reasons, naming
   each amount with :mod:`~extractor.semantics.fact_subjects` (``total``, ``three_public``,
   ``office_operation``, ``procurement``);
4. :mod:`~extractor.semantics.fact_assets` reads vehicles, equipment and asset values
   (``state_assets``);
5. :mod:`~extractor.semantics.fact_projects` reads project entries (``project``), also those
   whose fields are sub-sections;

and :mod:`~extractor.semantics.performance` reads the 绩效目标表 (``performance_target``,
``performance_indicator``); :mod:`~extractor.semantics.fact_performance` reads the 绩效 summary
sentences (``performance_summary``). Facts come out sorted by position in the document.

The sentence readers (fact_mentions, fact_assets, fact_performance) are imported by the functions
below that read a sentence, not at the top: a document of tables only never loads them, and
compiling their patterns costs every process start-up time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from extractor.model import DocumentMeta, Fact, Prov, Section, Table
from extractor.semantics.fact_codes import CodeContext, tables_to_function_names
from extractor.semantics.fact_projects import sections_to_projects
from extractor.semantics.fact_subjects import Subject
from extractor.semantics.performance import tables_to_performance_facts
from extractor.semantics.phrases import parse_money
from extractor.semantics.sentences import Sentence, sentence_prov, split_sentences

if TYPE_CHECKING:
    from extractor.semantics.fact_mentions import Mention, Mentioned, Reading

MAX_SENTENCE_CHARS = 2000
"""Longer \"sentences\" are tables or garbage run together, not prose; reading them is quadratic."""

_OFFICE_CHANGE_KEYS = ("direction", "change_yuan", "percent")


def _merge_office_change(facts: list[Fact]) -> list[Fact]:
    """``office_operation`` facts also carry the change stated in their sentence."""
    change = next(
        (f for f in facts if f.kind == "change" and dict(f.values).get("of") == "office_operation"), None
    )
    if change is None:
        return facts
    extra = tuple((k, v) for k, v in change.values if k in _OFFICE_CHANGE_KEYS)
    return [replace(f, values=f.values + extra) if f.kind == "office_operation" else f for f in facts]


def _asset_facts(sentence: str, prov: Prov, section: str) -> Iterator[Fact]:
    from extractor.semantics.fact_assets import sentence_to_state_assets  # see the module docstring

    for label, values, printed in sentence_to_state_assets(sentence):
        money = parse_money(printed) if printed else None
        yield Fact(
            kind="state_assets",
            label=label,
            sentence=sentence,
            prov=prov,
            section=section,
            amount_yuan=money.yuan if money else None,
            printed=money.printed if money else None,
            unit=money.unit if money else None,
            values=values,
        )


def _summary_facts(sentence: str, prov: Prov, section: Section) -> Iterator[Fact]:
    if "绩效" not in sentence and "绩效" not in section.title:
        return
    from extractor.semantics.fact_performance import (  # see the module docstring
        sentence_to_performance_summaries,
        summary_money,
    )

    for stage, count, printed in sentence_to_performance_summaries(sentence):
        amount, number, unit = summary_money(printed)
        values = (("stage", stage), ("count", count))
        yield Fact("performance_summary", stage, sentence, prov, section.id, amount, number, unit, values)


def _attach_reason(facts: list[Fact], reason: str) -> None:
    """A ``主要原因…`` sentence explains the last change before it (when it has no reason yet)."""
    for index in range(len(facts) - 1, -1, -1):
        if facts[index].kind == "change":
            values = dict(facts[index].values)
            if not values.get("reason"):
                values["reason"] = reason
                facts[index] = replace(facts[index], values=tuple(values.items()))
            return


def _sentence_facts(
    sentence: Sentence, section: Section, context: CodeContext, entity: str | None, previous: Mentioned | None
) -> tuple[list[Fact], Reading]:
    from extractor.semantics.fact_mentions import sentence_to_facts  # see the module docstring

    context.begin_sentence(sentence.text)

    def classify(mention: Mention, text: str) -> Subject | None:
        # the heading tells what a bare "拟购买货物334万元；" is about (十、政府采购支出预算情况说明)
        return context.classify(mention, f"{section.title}\n{text}")

    reading = sentence_to_facts(sentence.text, classify, entity, previous)
    prov = sentence_prov(section, sentence)
    facts = [replace(f, sentence=sentence.text, prov=prov, section=section.id) for f in reading.facts]
    facts += _asset_facts(sentence.text, prov, section.id)
    facts += _summary_facts(sentence.text, prov, section)
    return _merge_office_change(facts), reading


def section_facts(section: Section, context: CodeContext, entity: str | None = None) -> list[Fact]:
    """The facts of one section's sentences (its title only feeds the 类/款/项 chain)."""
    context.begin_section()
    context.begin_sentence(section.title)
    facts: list[Fact] = []
    previous: Mentioned | None = None
    for sentence in split_sentences(section.text):
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            continue
        found, reading = _sentence_facts(sentence, section, context, entity, previous)
        if reading.reason is not None:
            _attach_reason(facts, reading.reason)
        facts += found
        previous = reading.last
    return facts


def _position(fact: Fact) -> tuple[int, int, float]:
    prov = fact.prov
    line = prov.lines[0] if prov.lines else 0
    top = prov.bbox[1] if prov.bbox else 0.0
    return (prov.page or 0, line, top)


def narrative_facts(
    sections: Sequence[Section], tables: Sequence[Table], meta: DocumentMeta
) -> tuple[Fact, ...]:
    """Every narrative fact of a document, in document order."""
    context = CodeContext(tables_to_function_names(tables))
    facts = [fact for section in sections for fact in section_facts(section, context, meta.entity)]
    facts += sections_to_projects(sections)
    facts += tables_to_performance_facts(tables)
    return tuple(sorted(facts, key=_position))
