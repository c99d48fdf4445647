"""One sentence → the amounts it states, their year-on-year changes, shares and reasons.

A sentence is read as a sequence of *events* in the order printed: an amount with its subject
(``基本支出 165.21 万元``), a change (``比上年预算增加 20.14 万元``, ``相比上年预算无变化``), a
percent (``增长 13.88%`` belongs to the change, ``占 4.21%`` is a share) and a reason
(``主要原因是…``). Changes and shares refer to the latest amount before them; what an amount is
about is decided by a classifier (see :mod:`extractor.semantics.fact_subjects`).

``change`` facts: ``amount_yuan`` is the change, signed (negative for a decrease, 0 when
unchanged); values ``direction`` (increase | decrease | unchanged), ``change_yuan``, ``percent``
(signed like the change), ``current_yuan`` (the amount the sentence states for the subject),
``basis`` (what is compared with: ``上年预算``, ``2025年预算执行数``), ``reason``, ``subject``, ``of``
(the kind of the subject's fact). ``share`` facts: ``amount_yuan`` is the subject's amount;
values ``percent``, ``base`` (``本年支出合计`` in ``占本年支出合计的100%``; empty when unnamed),
``subject``, ``of``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from extractor.model import Fact, Prov
from extractor.semantics.fact_subjects import Subject, classify_subject
from extractor.semantics.phrases import (
    MONEY,
    NUMBER,
    PERCENT,
    Money,
    clean_subject,
    decimal_str,
    money_from_match,
)

# a comparison with an earlier year: "比上年预算", "与上年相比", "比2025年预算执行数", "与 2023 年度相比", "相比上年预算"
_COMPARISON = re.compile(r"(?:比|较|与|同|相比|相较)\s*(?:上年|上一年|去年|\d{4}\s*年度?)|同比")
# the comparison word before the basis: "比上年预算" → "上年预算", "与2023年度相比" → "2023年度相比"
_COMPARE_WORD = re.compile(r"^(?:相比|相较|比|较|与|同)")
# a change with its amount: "增加3694.94万元", "减少 1.07 万元", "各增加3205.79万元", and the
# template wording "增加（减少）0万元"
_CHANGE_MONEY = re.compile(
    r"(?P<verb>增加|减少|增长|下降|降低|上升|减|增)(?:[（(](?:增加|减少|增长|下降)[)）])?了?\s*"
    rf"(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元)"
)
# no change: "相比上年预算无变化", "与2025年预算持平", "与上年预算数一致"
_UNCHANGED = re.compile(r"无变化|持平|一致|未发生变化|没有变化|不变|相同|未变")
# words after a comparison that are not a subject: "相比上年预算无变化" → "预算"
_BASIS_WORDS = re.compile(r"^[预算数决算相比较]+")
# the reason: "主要原因是对企业的补助经费增加", "主要原因：一是…"
_REASON = re.compile(r"主要原因(?:是|为)?\s*[：:]?\s*")
# how far into a sentence "主要原因" may start and still explain the change before: "（二）主要原因是…"
_REASON_LEAD_MAX = 4
# where the reason stops when the sentence goes on: "…,主要用于…"
_REASON_END = re.compile(r"[，,]\s*主要用于")
_INCREASE = ("增长", "增加", "上升", "提高", "增幅")
_DECREASE = ("下降", "减少", "降低", "降幅", "减")
# clause boundaries before a subject
_BOUNDARY = "，,：:；;"


@dataclass(frozen=True, slots=True)
class Mention:
    """An amount in a sentence and the text naming it (``subject``, cleaned)."""

    start: int
    end: int
    money: Money
    subject: str


Classifier = Callable[[Mention, str], Subject | None]


@dataclass(frozen=True, slots=True)
class Mentioned:
    """The latest amount of a sentence and what it was classified as."""

    mention: Mention
    subject: Subject | None


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence states: its facts (``sentence`` and ``prov`` left for the caller), a
    reason with no change in the sentence to hang it on, and the sentence's last amount."""

    facts: tuple[Fact, ...]
    reason: str | None
    last: Mentioned | None


@dataclass(slots=True)
class _ChangeDraft:
    direction: str
    basis: str
    subject: str
    label: str | None
    of: str | None
    money: Money | None = None
    percent: Decimal | None = None
    current: Money | None = None
    reason: str | None = None
    closed: bool = False
    code: str | None = None


@dataclass(slots=True)
class _Walk:
    sentence: str
    entity: str | None
    facts: list[Fact | _ChangeDraft] = field(default_factory=list)
    current: Mentioned | None = None
    previous: Mentioned | None = None
    last_change: _ChangeDraft | None = None
    base: Money | None = None


def _clause_start(text: str, position: int, floor: int) -> int:
    start = max((text.rfind(ch, 0, position) for ch in _BOUNDARY), default=-1) + 1
    return max(start, floor)


def _comparison_before(sentence: str, position: int) -> re.Match[str] | None:
    found = None
    for match in _COMPARISON.finditer(sentence, 0, position):
        found = match
    return found


def _reason_text(sentence: str) -> tuple[int, str | None]:
    """Where the reason starts (or the sentence length) and its text."""
    match = _REASON.search(sentence)
    if match is None:
        return len(sentence), None
    text = sentence[match.end() :]
    while (again := _REASON.match(text)) is not None:
        text = text[again.end() :]
    if (end := _REASON_END.search(text)) is not None:
        text = text[: end.start()]
    return match.start(), text.strip().rstrip("。；;.") or None


def _events(sentence: str, stop: int) -> list[tuple[int, int, str, re.Match[str]]]:
    """Changes, no-changes, percents and amounts up to ``stop``, in order, without overlaps."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    # an amount ends in 元 and a percent in ％ or %: without one before ``stop``, no scan for it
    has_yuan = sentence.find("元", 0, stop) >= 0
    has_percent = sentence.find("%", 0, stop) >= 0 or sentence.find("％", 0, stop) >= 0
    for match in _CHANGE_MONEY.finditer(sentence, 0, stop) if has_yuan else ():
        if _comparison_before(sentence, match.start()):
            found.append((match.start(), match.end(), "change", match))
    for match in _UNCHANGED.finditer(sentence, 0, stop):
        if _comparison_before(sentence, match.start()):
            found.append((match.start(), match.end(), "unchanged", match))
    for kind, pattern, present in (("percent", PERCENT, has_percent), ("money", MONEY, has_yuan)):
        for match in pattern.finditer(sentence, 0, stop) if present else ():
            if not any(s <= match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), kind, match))
    return sorted(found, key=lambda item: item[0])


def _basis(sentence: str, verb_start: int) -> str:
    """What the change compares with: "比上年预算增加" → "上年预算", "与2023年度相比，…" → "2023年度"."""
    comparison = _comparison_before(sentence, verb_start)
    if comparison is None:
        return ""
    segment = _COMPARE_WORD.sub("", sentence[comparison.start() : verb_start].replace(" ", ""), count=1)
    for word in ("相比", "相较", "比较"):
        segment = segment.split(word)[0]
    return re.split(r"[，,；;]", segment)[0].removesuffix("各")


def _subject_before_change(walk: _Walk, verb_start: int, floor: int) -> str:
    """The subject a change names itself: "…“三公”经费相比上年预算无变化" → "财政拨款“三公”经费"."""
    start = _clause_start(walk.sentence, verb_start, floor)
    text = walk.sentence[start:verb_start]
    comparison = _COMPARISON.search(text)
    if comparison is not None:
        after = clean_subject(_BASIS_WORDS.sub("", text[comparison.end() :]), walk.entity)
        text = text[: comparison.start()] if not after or "相比" in text[comparison.end() :] else after
    return clean_subject(text, walk.entity)


def _direction(before: str, number: Decimal) -> str:
    increase = any(word in before for word in _INCREASE)
    decrease = any(word in before for word in _DECREASE)
    if decrease and not increase:
        return "decrease"
    return "decrease" if number < 0 else "increase"


def _code_of(subject: Subject | None) -> str | None:
    return dict(subject.values).get("code") if subject is not None else None


def _named(current: Mentioned | None, previous: Mentioned | None) -> Mentioned | None:
    """An unnamed amount equal to the named amount of the sentence before is that amount:
    "…行政运行（01项）1672.67万元。…2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。"."""
    if current is None or current.subject is not None or previous is None or previous.subject is None:
        return current
    return previous if previous.mention.money.yuan == current.mention.money.yuan else current


def _add_change(walk: _Walk, direction: str, start: int, floor: int, money: Money | None) -> None:
    current = _named(walk.current, walk.previous)
    if current is not None:
        subject, label = current.mention.subject, current.subject.label if current.subject else None
        of = current.subject.kind if current.subject else None
        amount: Money | None = current.mention.money
    else:
        subject, amount = _subject_before_change(walk, start, floor), None
        named = classify_subject(subject, walk.sentence)
        label, of = (named.label, named.kind) if named else (None, None)
        if not subject and walk.previous is not None:
            # "与上年相比增加2241.75万元，增长11.12%。" is about the amount of the sentence before
            previous = walk.previous
            subject, amount = previous.mention.subject, previous.mention.money
            label, of = (previous.subject.label, previous.subject.kind) if previous.subject else (None, None)
    code = _code_of(current.subject if current else None)
    if walk.base is not None and money is not None and amount is None:
        # this year = the base year's amount (printed in brackets) plus or minus the change
        sign = -1 if direction == "decrease" else 1
        amount = Money(walk.base.yuan + sign * abs(money.yuan), "", walk.base.unit)
        walk.base = None
    draft = _ChangeDraft(
        direction, _basis(walk.sentence, start), subject, label, of, money, current=amount, code=code
    )
    walk.facts.append(draft)
    walk.last_change = draft


def _on_percent(walk: _Walk, match: re.Match[str], floor: int) -> None:
    before = walk.sentence[_clause_start(walk.sentence, match.start(), floor) : match.start()]
    number = Decimal(match.group("num"))
    if "占" in before:
        _add_share(walk, number, before)
        return
    if "完成" in before or not any(w in before for w in _INCREASE + _DECREASE):
        return
    change = walk.last_change
    if change is not None and change.percent is None and not change.closed:
        change.percent = -abs(number) if change.direction == "decrease" else number
        return
    if _comparison_before(walk.sentence, match.start()) is None:
        return
    verb = min(i for w in _INCREASE + _DECREASE if (i := before.find(w)) >= 0)
    _add_change(walk, _direction(before, number), match.start() - len(before) + verb, floor, None)
    if walk.last_change is not None:
        direction = walk.last_change.direction
        walk.last_change.percent = -abs(number) if direction == "decrease" else number


def _add_share(walk: _Walk, percent: Decimal, before: str) -> None:
    current = walk.current
    if current is None:
        return
    base = before[before.index("占") + 1 :].strip().removesuffix("的").strip()
    subject = current.subject
    walk.facts.append(
        _fact_draft(
            "share",
            subject.label if subject else None,
            current.mention.money,
            (
                ("percent", decimal_str(percent)),
                ("base", base),
                ("subject", current.mention.subject),
                ("of", subject.kind if subject else ""),
                *((("code", code),) if (code := _code_of(subject)) else ()),
            ),
        )
    )


def _fact_draft(
    kind: str, label: str | None, money: Money | None, values: tuple[tuple[str, str], ...]
) -> Fact:
    return Fact(
        kind=kind,
        label=label,
        sentence="",
        prov=Prov(),
        amount_yuan=money.yuan if money else None,
        printed=money.printed if money else None,
        unit=money.unit if money else None,
        values=values,
    )


_BASE_BRACKET = re.compile(r"(?:相比|相较|比较|比)\s*[（(][^）)]*$")


def _in_base_bracket(sentence: str, position: int) -> bool:
    """"与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加…": an amount in brackets
    right after the comparison is the base year's, not this year's."""
    return _BASE_BRACKET.search(sentence, 0, position) is not None


def _on_money(walk: _Walk, match: re.Match[str], floor: int, classify: Classifier) -> None:
    money = money_from_match(match)
    if money is None:
        return
    if _in_base_bracket(walk.sentence, match.start()):
        walk.base = money  # the change that follows is measured from it
        return
    subject_text = clean_subject(
        walk.sentence[_clause_start(walk.sentence, match.start(), floor) : match.start()], walk.entity
    )
    mention = Mention(match.start(), match.end(), money, subject_text)
    subject = classify(mention, walk.sentence)
    walk.current = Mentioned(mention, subject)
    if walk.last_change is not None:
        walk.last_change.closed = True
    if subject is not None:
        values = (("subject", subject_text), *subject.values)
        walk.facts.append(_fact_draft(subject.kind, subject.label, money, values))


def _change_fact(draft: _ChangeDraft) -> Fact:
    change = Decimal(0) if draft.money is None and draft.direction == "unchanged" else None
    if draft.money is not None:
        change = -abs(draft.money.yuan) if draft.direction == "decrease" else draft.money.yuan
    values: list[tuple[str, str]] = [("direction", draft.direction)]
    if change is not None:
        values.append(("change_yuan", decimal_str(change)))
    if draft.percent is not None:
        values.append(("percent", decimal_str(draft.percent)))
    elif draft.direction == "unchanged":
        values.append(("percent", "0"))
    if draft.current is not None:
        values.append(("current_yuan", decimal_str(draft.current.yuan)))
    if draft.code is not None:
        values.append(("code", draft.code))
    values += [
        ("basis", draft.basis),
        ("reason", draft.reason or ""),
        ("subject", draft.subject),
        ("of", draft.of or ""),
    ]
    return Fact(
        kind="change",
        label=draft.label,
        sentence="",
        prov=Prov(),
        amount_yuan=change,
        printed=draft.money.printed if draft.money else None,
        unit=draft.money.unit if draft.money else None,
        values=tuple(values),
    )


def sentence_to_facts(
    sentence: str, classify: Classifier, entity: str | None = None, previous: Mentioned | None = None
) -> Reading:
    """Read one sentence; ``previous`` is the last amount of the sentence before (same section),
    the subject of a change that names none."""
    reason_start, reason = _reason_text(sentence)
    walk = _Walk(sentence, entity, previous=previous)
    floor = 0
    for start, end, kind, match in _events(sentence, reason_start):
        if kind == "money":
            _on_money(walk, match, floor, classify)
        elif kind == "change":
            money = money_from_match(match)
            direction = _direction(match.group("verb"), Decimal(0))
            _add_change(walk, "unchanged" if money and money.yuan == 0 else direction, start, floor, money)
        elif kind == "unchanged":
            _add_change(walk, "unchanged", start, floor, None)
        else:
            _on_percent(walk, match, floor)
        floor = end
    if reason is not None and walk.last_change is not None:
        walk.last_change.reason = reason
        reason = None
    if reason_start > _REASON_LEAD_MAX:
        reason = None  # "财政拨款收入支出增加的主要原因是…" names its own subject: not the change before
    facts = tuple(_change_fact(f) if isinstance(f, _ChangeDraft) else f for f in walk.facts)
    return Reading(facts, reason, walk.current or previous)
