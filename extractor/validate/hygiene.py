"""Document hygiene: template leftovers, wrong years, the entity named differently, words that
contradict their numbers. Warnings (the numbers may be right, the text is not), except where two
printed numbers disagree outright.

- ``template-placeholder``: ``XX局``, ``XX年``, ``××``, ``某某``, ``增长（下降）``, ``（增加内容）`` left in,
  or a reason left blank (``主要原因是。``).
- ``year-mismatch``: a heading or table title naming another year than the fiscal year; a
  comparison with the fiscal year itself (``比2026年预算增加`` in a 2026 budget); a 截至…日 date
  other than the end of the previous year (budgets) or of the year (final accounts); an
  implementation period (实施周期, 资金执行时间) outside a budget's year.
- ``entity-name-variant``: the 编制部门 of the tables and the document's entity disagree.
- ``comparison-contradiction``: 增加 with a negative number; 持平 / 无变化 beside two different
  amounts of two years; 决算数大于预算数 when it is smaller (and the like); a two-year sentence
  (``2025年执行数为A万元，2026年预算B万元，增加P%``) whose direction contradicts A and B.
- ``narrative-change-rate`` (also from :mod:`.rates`): in such a two-year sentence, P ≠ (B − A) / A.
- ``narrative-amount-restated`` (error): an item's amount in its heading differs from the
  ``{year}年预算安排`` amount of the same paragraph (two amounts printed for one thing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from extractor.model import Finding, Prov, Severity
from extractor.model.tolerance import HUNDRED, half_ulp, interval, interval_distance, percent_half_ulp
from extractor.semantics.sentences import sentence_prov, split_sentences
from extractor.validate.context import Context, make, squeeze

PLACEHOLDER = "template-placeholder"
YEAR = "year-mismatch"
ENTITY = "entity-name-variant"
CONTRADICTION = "comparison-contradiction"
RATE = "narrative-change-rate"
RESTATED = "narrative-amount-restated"

_PLACEHOLDER = re.compile(
    r"[XＸxｘ]{2,}(?=[局年月日单位部门处科市区县省办委会])|××|某某|增长[（(]下降[)）]|增加[（(]减少[)）]|[（(]增加内容[)）]"
    r"|主要原因(?:是|为)?[：:]?\s*[。；;]"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_BASE_YEAR = re.compile(r"(?:比|较|与|同)\s*(\d{4})\s*年度?")
_AS_OF = re.compile(r"截[至止]\s*(\d{4})\s*年")
_PERIOD = re.compile(r"(?:实施周期|执行时间|实施期限|执行期限|实施时间)\s*[:：]?\s*(\d{4})\s*年")
_PERIOD_TITLE = re.compile(r"(?:实施周期|执行时间|实施期限|执行期限|实施时间)$")
_NEGATIVE = re.compile(r"(增加|增长|上升|减少|下降|降低)\s*[-－]\s*\d")
_FLAT = re.compile(r"持平|无变化|没有变化|未发生变化")
_YEAR_AMOUNT = re.compile(r"(\d{4})\s*年[^，。；,;\d%]*?(-?\d[\d,]*(?:\.\d+)?)\s*万元")
_CHANGE_WORD = re.compile(r"增|减|降|上升|比|较")
_RATE = re.compile(r"(增加|增长|上升|减少|下降|降低)了?\s*(-?\d+(?:\.\d+)?)\s*[%％]")
_VS = re.compile(r"决算数?(大于|多于|高于|超过|小于|少于|低于|等于)(?:年初|全年)?预算数?")
_BUDGET_AMOUNT = re.compile(r"(?:年初|全年)?预算(?:数)?为\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_ACTUAL_AMOUNT = re.compile(r"决算(?:数)?为\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
YEAR_WINDOW = 5
_UP, _DOWN = (
    ("增加", "增长", "上升", "大于", "多于", "高于", "超过"),
    ("减少", "下降", "降低", "小于", "少于", "低于"),
)


def lines(ctx: Context) -> Iterator[tuple[str, Prov, bool]]:
    """Every line of text with its provenance, and whether it is a heading or title."""
    for entry in ctx.result.toc:
        yield entry.title, entry.prov, True
    for section in ctx.result.sections:
        yield section.title, section.prov, True
        provs = section.line_provs
        for i, text in enumerate(section.text.split("\n")):
            yield text, provs[i] if i < len(provs) else section.prov, False
    for table in ctx.result.tables:
        yield table.title or "", table.prov, True
        yield table.note or "", table.prov, False


def placeholders(ctx: Context) -> list[Finding]:
    findings = []
    for text, prov, _ in lines(ctx):
        match = _PLACEHOLDER.search(text)
        if match:
            message = f"template text left in: “{match.group(0)}” in “{squeeze(text)[:50]}”"
            findings.append(make(PLACEHOLDER, Severity.WARNING, message, prov=prov))
    return findings


def _year_problem(text: str, heading: bool, year: int, final: bool) -> str | None:
    base = _BASE_YEAR.search(text)
    if base and int(base.group(1)) >= year:
        return f"compares with {base.group(1)}, not an earlier year, in the {year} {'final accounts' if final else 'budget'}"
    as_of = _AS_OF.search(text)
    expected = year if final else year - 1
    if as_of and int(as_of.group(1)) != expected:
        return f"“截至{as_of.group(1)}年” where {expected} is expected"
    period = _PERIOD.search(text)
    if period and not final and int(period.group(1)) != year:
        return f"implementation period in {period.group(1)} in the {year} budget"
    if heading:
        others = {int(y) for y in _YEAR.findall(text)} - {year}
        near = sorted(y for y in others if abs(y - year) <= YEAR_WINDOW)
        if near and "上年" not in text:
            return f"heading names {near[0]}, not the fiscal year {year}"
    return None


def years(ctx: Context) -> list[Finding]:
    year = ctx.result.document.fiscal_year
    if year is None:
        return []
    final = ctx.result.document.kind == "final_accounts"
    texts = [(t, p, True) for t, p, heading in lines(ctx) if heading]
    texts += [(t, p, False) for t, p in sentences(ctx)]
    texts += [
        (f"{s.title}：{s.text}", s.prov, False) for s in ctx.result.sections if _PERIOD_TITLE.search(s.title)
    ]
    findings = []
    for text, prov, heading in texts:
        problem = _year_problem(text, heading, year, final)
        if problem:
            findings.append(make(YEAR, Severity.WARNING, f"{problem}: “{squeeze(text)[:50]}”", prov=prov))
    return findings


_ABBREVIATIONS = (
    ("高新技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("(单位)", ""),
    ("（单位）", ""),
)


def _entity_key(name: str) -> str:
    key = squeeze(name)
    for long, short in _ABBREVIATIONS:
        key = key.replace(long, short)
    return key


def entities(ctx: Context) -> list[Finding]:
    names: dict[str, tuple[str, Prov | None]] = {}
    entity = ctx.result.document.entity
    if entity:
        names.setdefault(_entity_key(entity), (squeeze(entity), None))
    for table in ctx.result.tables:
        if table.department and table.type != "other":
            names.setdefault(_entity_key(table.department), (squeeze(table.department), table.prov))
    if len(names) < 2:
        return []
    listed = "; ".join(n for n, _ in names.values())
    prov = next((p for _, p in names.values() if p is not None), None)
    return [make(ENTITY, Severity.WARNING, f"the entity is named differently: {listed}", prov=prov)]


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _direction(verb: str) -> int:
    return 1 if verb in _UP else -1 if verb in _DOWN else 0


def sentence_findings(text: str, prov: Prov) -> list[Finding]:
    """Contradictions inside one line of narrative."""
    findings = []
    short = squeeze(text)[:60]
    negative = _NEGATIVE.search(text)
    if negative:
        findings.append(
            make(
                CONTRADICTION,
                Severity.WARNING,
                f"“{negative.group(0)}”: the word already says the direction: “{short}”",
                prov=prov,
            )
        )
    pairs = [
        (int(m.group(1)), _amount(m.group(2)))
        for m in _YEAR_AMOUNT.finditer(text)
        if not _CHANGE_WORD.search(m.group(0))
    ]
    if len({y for y, _ in pairs}) == 2 and len(pairs) == 2:
        (y1, a), (y2, b) = sorted(pairs)
        if _FLAT.search(text) and a != b:
            findings.append(
                make(
                    CONTRADICTION,
                    Severity.WARNING,
                    f"says unchanged but {y1}: {a} 万元, {y2}: {b} 万元: “{short}”",
                    prov=prov,
                )
            )
        findings.extend(_two_year_rate(text, prov, a, b, short))
    findings.extend(_actual_vs_budget(text, prov, short))
    return findings


def _two_year_rate(text: str, prov: Prov, before: Decimal, after: Decimal, short: str) -> list[Finding]:
    rate = _RATE.search(text)
    if not rate or before <= 0:
        return []
    sign, printed = _direction(rate.group(1)), rate.group(2)
    percent = Decimal(printed) * sign
    findings = []
    if (after - before) * sign < 0:
        message = f"says {rate.group(1)} but {after} 万元 is {'less' if sign > 0 else 'more'} than {before} 万元: “{short}”"
        findings.append(make(CONTRADICTION, Severity.WARNING, message, prov=prov))
    halves = [half_ulp(None, "万元", before), half_ulp(None, "万元", after)]
    computed = interval(lambda a, b: (b - a) / a * HUNDRED, [before, after], halves)
    p_half = percent_half_ulp(printed)
    if computed is None:
        return findings
    distance = interval_distance(computed, (percent - p_half, percent + p_half))
    if distance == 0:
        return findings
    severity = Severity.WARNING if distance <= 2 * p_half else Severity.ERROR
    actual = ((after - before) / before * HUNDRED).quantize(Decimal("0.01"))
    message = f"from {before} 万元 to {after} 万元 is {actual}%, but it prints {percent}%: “{short}”"
    return [*findings, make(RATE, severity, message, prov=prov, expected=actual, actual=percent)]


def _actual_vs_budget(text: str, prov: Prov, short: str) -> list[Finding]:
    vs, budget, actual = _VS.search(text), _BUDGET_AMOUNT.search(text), _ACTUAL_AMOUNT.search(text)
    if not (vs and budget and actual):
        return []
    b, a = _amount(budget.group(1)), _amount(actual.group(1))
    word = vs.group(1)
    holds = (a > b) if _direction(word) > 0 else (a < b) if _direction(word) < 0 else (a == b)
    if holds:
        return []
    message = f"says 决算数{word}预算数 but 决算 {a} 万元, 预算 {b} 万元: “{short}”"
    return [make(CONTRADICTION, Severity.WARNING, message, prov=prov)]


def sentences(ctx: Context) -> Iterator[tuple[str, Prov]]:
    """The narrative's sentences (joined across line breaks) with the provenance of their first line."""
    for section in ctx.result.sections:
        provs = section.line_provs
        for sentence in split_sentences(section.text):
            prov = provs[sentence.first] if sentence.first < len(provs) else sentence_prov(section, sentence)
            yield sentence.text, prov


def contradictions(ctx: Context) -> list[Finding]:
    return [f for text, prov in sentences(ctx) for f in sentence_findings(text, prov)]


_RESTATED = re.compile(
    r"（\d*项）[”\"]?\s*[:：]?\s*(?P<first>\d[\d,]*(?:\.\d+)?)\s*万元(?P<mid>[^（]*?)"
    r"(?P<year>\d{4})\s*年预算安排\s*(?P<second>\d[\d,]*(?:\.\d+)?)\s*万元"
)


def _line_of(lengths: list[int], offset: int) -> int:
    total = 0
    for index, length in enumerate(lengths):
        total += length
        if offset < total:
            return index
    return max(0, len(lengths) - 1)


def restated_amounts(ctx: Context) -> list[Finding]:
    """An item's amount given twice in one paragraph, differently: ``（项）”208.8万元 … 2026年预算安排201.50万元``."""
    year = ctx.result.document.fiscal_year
    findings = []
    for section in ctx.result.sections:
        lines_ = [re.sub(r"\s+", "", line) for line in section.text.split("\n")]
        joined = "".join(lines_)
        for match in _RESTATED.finditer(joined):
            first, second = _amount(match.group("first")), _amount(match.group("second"))
            if int(match.group("year")) != year or abs(first - second) <= Decimal("0.01"):
                continue
            index = _line_of([len(x) for x in lines_], match.start())
            prov = section.line_provs[index] if index < len(section.line_provs) else section.prov
            message = f"the item is {first} 万元 in its heading but “{year}年预算安排{second}万元” below: “{match.group(0)[:60]}”"
            findings.append(
                make(
                    RESTATED,
                    Severity.ERROR,
                    message,
                    prov=prov,
                    expected=first * 10000,
                    actual=second * 10000,
                )
            )
    return findings


def check_hygiene(ctx: Context) -> list[Finding]:
    return [*placeholders(ctx), *years(ctx), *entities(ctx), *contradictions(ctx), *restated_amounts(ctx)]
