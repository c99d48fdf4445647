"""Within the narrative: a change agrees with its rate, and shares agree with their amounts.

- ``narrative-change-rate``: ``比上年增加 X 万元，增长 Y%`` for a current amount C must satisfy
  Y = X / (C − X) × 100 (signed alike for decreases). When C − X is 0 the base year had nothing and
  no growth rate exists, so any printed rate but 0 is wrong.
- ``narrative-share``: ``占 Z%`` must equal amount / base, the base being the total the section
  states before the shares (``支出预算 3920.41 万元，其中：``) or, failing that, the sum of a group
  of shares whose percentages add to 100. A share that fits either base passes.
- ``narrative-share-sum``: the shares of one group that covers its base add to 100%.

Tolerances are those of :mod:`.tolerance`: each amount ±half its last printed decimal, the
printed percentage ±half its own; beyond that but within one printed unit (a truncated or forced
percentage) is a warning, beyond that an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from extractor.model import Fact, Finding, Section, Severity
from extractor.model.tolerance import (
    HUNDRED,
    ZERO,
    growth_rate,
    half_ulp,
    interval,
    interval_distance,
    percent_half_ulp,
    share,
)
from extractor.validate.context import make, squeeze

CHANGE = "narrative-change-rate"
SHARE = "narrative-share"
SHARE_SUM = "narrative-share-sum"


def value(fact: Fact, key: str) -> str | None:
    found = dict(fact.values).get(key)
    return found if found not in (None, "") else None


def decimal_value(fact: Fact, key: str) -> Decimal | None:
    text = value(fact, key)
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def section_label(sections: Sequence[Section], section_id: str | None) -> str:
    """``第三部分 五 （三）`` for a section id: the numberings of the section and its parents."""
    by_id = {s.id: s for s in sections}
    parts: list[str] = []
    current = by_id.get(section_id or "")
    while current is not None and len(parts) < MAX_DEPTH:
        parts.append(current.numbering.rstrip("、.．") or squeeze(current.title)[:12])
        current = by_id.get(current.parent or "")
    return " ".join(reversed(parts)) or "text"


MAX_DEPTH = 6


def where(fact: Fact, sections: Sequence[Section] = ()) -> str:
    """``narrative 第三部分 四 “sentence”``, the sentence shortened, for a message."""
    sentence = fact.sentence if len(fact.sentence) <= 60 else fact.sentence[:57] + "…"
    return f"narrative {section_label(sections, fact.section)} “{sentence}”"


def _fact_finding(
    check: str, severity: Severity, message: str, fact: Fact, expected: Decimal, actual: Decimal
) -> Finding:
    return make(check, severity, message, prov=fact.prov, expected=expected, actual=actual)


def _severity(distance: Decimal, half: Decimal) -> Severity | None:
    if distance == 0:
        return None
    return Severity.WARNING if distance <= 2 * half else Severity.ERROR


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}%"


def change_finding(
    fact: Fact, sections: Sequence[Section] = (), previous: Decimal | None = None
) -> Finding | None:
    """``previous``: the amount stated just before, for a change whose sentence names none
    (``收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元``)."""
    change, percent, current = (decimal_value(fact, k) for k in ("change_yuan", "percent", "current_yuan"))
    current = current if current is not None else previous
    if change is None or percent is None or current is None or change == 0:
        return None
    unit = fact.unit or "万元"
    halves = [half_ulp(None, unit, change), half_ulp(None, unit, current)]
    p_half = percent_half_ulp(value(fact, "percent_printed"), percent)
    computed = interval(growth_rate, [change, current], halves)
    if computed is None:
        if percent == 0:
            return None
        message = f"{where(fact, sections)}: the change equals the whole amount, so the base year had nothing and no growth rate exists, but it prints {_pct(percent)}"
        return _fact_finding(CHANGE, Severity.ERROR, message, fact, ZERO, percent)
    severity = _severity(interval_distance(computed, (percent - p_half, percent + p_half)), p_half)
    if severity is None:
        return None
    rate = growth_rate(change, current) or ZERO
    message = f"{where(fact, sections)}: a change of {abs(change) / 10000} 万元 to {current / 10000} 万元 is {_pct(rate)}, but it prints {_pct(percent)}"
    return _fact_finding(CHANGE, severity, message, fact, rate, percent)


def _previous_amount(facts: Sequence[Fact], index: int) -> Decimal | None:
    """The amount of the fact just before ``index`` in the same section (not a change or share)."""
    if index == 0:
        return None
    before = facts[index - 1]
    if before.section != facts[index].section or before.kind in ("change", "share"):
        return None
    return before.amount_yuan


def share_groups(facts: Sequence[Fact]) -> list[tuple[Fact | None, list[Fact]]]:
    """The share facts of each section, with the total the section states before the first one.

    That total must come from an earlier sentence (``支出预算 3920.41 万元，其中：``): the amount
    in the share's own sentence is the part, not the whole.
    """
    by_section: dict[str | None, list[Fact]] = {}
    for fact in facts:
        by_section.setdefault(fact.section, []).append(fact)
    groups: list[tuple[Fact | None, list[Fact]]] = []
    for section_facts in by_section.values():
        shares = [f for f in section_facts if f.kind == "share"]
        if not shares:
            continue
        first = section_facts.index(shares[0])
        before = [
            f
            for f in section_facts[:first]
            if f.kind == "total" and f.amount_yuan and f.sentence != shares[0].sentence
        ]
        groups.append((before[-1] if before else None, shares))
    return groups


def _share_ok(fact: Fact, base: Decimal, base_half: Decimal) -> Decimal | None:
    """Distance of the printed share from amount/base (None when not computable)."""
    percent, amount = decimal_value(fact, "percent"), fact.amount_yuan
    if percent is None or amount is None or base <= 0:
        return None
    half = half_ulp(fact.printed, fact.unit, amount)
    computed = interval(share, [amount, base], [half, base_half])
    if computed is None:
        return None
    p_half = percent_half_ulp(value(fact, "percent_printed"), percent)
    return interval_distance(computed, (percent - p_half, percent + p_half))


_EXPENDITURE_TOTALS = ("expenditure_total", "income_expenditure_total")


def named_base(fact: Fact, facts: Sequence[Fact]) -> tuple[Decimal, Decimal] | None:
    """The amount a share names as its base, stated earlier in the same section: "授予小微企业合同
    金额7,086.06万元，占授予中小企业合同金额的28.93%" is a share of 授予中小企业合同金额 (stated just
    before), not of the procurement total."""
    base = "".join((value(fact, "base") or "").split())
    if len(base) < 4:
        return None
    found = None
    for other in facts:
        if other is fact:
            break
        subject = "".join((value(other, "subject") or "").split())
        if (
            other.kind not in ("share", "change")
            and other.section == fact.section
            and other.amount_yuan
            and subject
            and (subject.endswith(base) or base.endswith(subject))
        ):
            found = other
    if found is None and re.search(r"支出(总)?预算|支出总额|总支出", base):
        # 占支出预算的54.15%: the document's expenditure total, wherever it was stated
        totals = [f for f in facts if f.kind == "total" and f.label in _EXPENDITURE_TOTALS and f.amount_yuan]
        before = [f for f in totals if facts.index(f) < facts.index(fact)]
        found = (before or totals)[-1] if (before or totals) else None
    if found is None or found.amount_yuan is None:
        return None
    return found.amount_yuan, half_ulp(found.printed, found.unit, found.amount_yuan)


def group_findings(
    base_fact: Fact | None,
    group: list[Fact],
    sections: Sequence[Section] = (),
    named_bases: dict[int, tuple[Decimal, Decimal]] | None = None,
) -> list[Finding]:
    amounts = [f.amount_yuan for f in group if f.amount_yuan is not None]
    bases: list[tuple[Decimal, Decimal]] = []
    if base_fact is not None and base_fact.amount_yuan:
        bases.append(
            (base_fact.amount_yuan, half_ulp(base_fact.printed, base_fact.unit, base_fact.amount_yuan))
        )
    if len(amounts) == len(group) and len(group) > 1:
        halves = sum((half_ulp(f.printed, f.unit, f.amount_yuan) for f in group), ZERO)
        bases.append((sum(amounts, ZERO), halves))
    findings = []
    for fact in group:
        own_base = named_bases.get(id(fact)) if named_bases else None
        fact_bases = [own_base, *bases] if own_base is not None else bases
        distances = [d for b, h in fact_bases if (d := _share_ok(fact, b, h)) is not None]
        if not distances or min(distances) == 0:
            continue
        percent = decimal_value(fact, "percent") or ZERO
        p_half = percent_half_ulp(value(fact, "percent_printed"), percent)
        severity = _severity(min(distances), p_half) or Severity.WARNING
        computed = share(fact.amount_yuan or ZERO, fact_bases[0][0]) or ZERO
        message = f"{where(fact, sections)}: {(fact.amount_yuan or ZERO) / 10000} 万元 of {fact_bases[0][0] / 10000} 万元 is {_pct(computed)}, but it prints {_pct(percent)}"
        findings.append(_fact_finding(SHARE, severity, message, fact, computed, percent))
    return findings + _sum_finding(base_fact, group, sections)


def _sum_finding(
    base_fact: Fact | None, group: list[Fact], sections: Sequence[Section] = ()
) -> list[Finding]:
    percents = [decimal_value(f, "percent") for f in group]
    amounts = [f.amount_yuan for f in group]
    if (
        base_fact is None
        or base_fact.amount_yuan is None
        or None in percents
        or None in amounts
        or len(group) < 2
    ):
        return []
    covered = sum((a or ZERO for a in amounts), ZERO)
    tol = sum(
        (half_ulp(f.printed, f.unit, f.amount_yuan) for f in group),
        half_ulp(base_fact.printed, base_fact.unit),
    )
    total = sum((p or ZERO for p in percents), ZERO)
    halves = sum(
        (percent_half_ulp(value(f, "percent_printed"), p) for f, p in zip(group, percents, strict=True)), ZERO
    )
    if abs(covered - base_fact.amount_yuan) > tol or abs(total - HUNDRED) <= halves:
        return []
    message = f"{where(group[0], sections)}: the shares of {base_fact.amount_yuan / 10000} 万元 add to {_pct(total)}"
    return [_fact_finding(SHARE_SUM, Severity.WARNING, message, group[0], HUNDRED, total)]


def check_rates(facts: Sequence[Fact], sections: Sequence[Section] = ()) -> list[Finding]:
    findings = []
    for index, fact in enumerate(facts):
        if fact.kind == "change":
            found = change_finding(fact, sections, _previous_amount(facts, index))
            if found is not None:
                findings.append(found)
    named = {id(f): b for f in facts if f.kind == "share" and (b := named_base(f, facts)) is not None}
    for base, group in share_groups(facts):
        findings.extend(group_findings(base, group, sections, named))
    return findings
