"""What an amount in a sentence is about: the subject of a clause → fact kind and label.

The vocabulary (``Fact.label`` per kind):

- ``total``: ``income_expenditure_total`` (收支总预算, 收入支出总计, 收、支预算总计),
  ``income_total`` (收入预算, 本年收入合计), ``expenditure_total`` (支出预算, 本年支出合计),
  ``appropriation_total`` (财政拨款收支总预算), ``appropriation_income`` (财政拨款收入),
  ``appropriation_expenditure`` (财政拨款支出), ``general_budget_total`` (一般公共预算, 一般公共预算
  拨款合计), ``government_fund_total`` (政府性基金…), ``state_capital_total`` (国有资本经营…),
  ``basic`` (基本支出), ``project`` (项目支出), ``personnel`` (人员经费), ``operating`` (公用经费),
  ``reserve`` (单位预留机动经费, Jiangsu), income sources ``business_income`` (事业收入),
  ``operating_income`` (事业单位经营收入), ``other_income`` (其他收入, 其他资金收入),
  ``fiscal_special_account`` (财政专户管理资金收入), ``carryover`` (上年结转, also 上年结转结余的一般公共预算收入),
  ``carryforward`` (结转下年),
  ``function_class`` (a 类 such as 科学技术支出（206 类）; values ``code``, ``name``).
- ``three_public``: ``total``, ``outbound_travel``, ``vehicles`` (购置及运行), ``vehicle_purchase``,
  ``vehicle_operation``, ``reception``.
- ``office_operation``: ``total``.
- ``procurement``: ``total``, ``goods``, ``works``, ``services``, ``sme_reserved``,
  ``small_micro_reserved``.
- ``entrusted_services`` (委托业务费): ``total``, ``item`` (value ``name``: the item printed
  before ``（委托业务费）``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.semantics.codelists import function_class_codes

# a 类 named with its code or the word 类: "科学技术支出（206 类）", "一般公共服务支出（类）"
_CLASS_MARK = re.compile(r"^(?P<name>[^（(]+?)\s*[（(]\s*(?P<code>\d{3})?\s*类\s*[)）](?P<rest>.*)$")
# 三公 items, most specific first: "公务用车购置及运行维护费", "因公出国（境）费用"
_THREE_PUBLIC_ITEMS: tuple[tuple[str, str], ...] = (
    ("因公出国", "outbound_travel"),
    ("公务用车购置及运行", "vehicles"),
    ("公务用车购置", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("公务接待", "reception"),
    ("三公", "total"),
)
# procurement items, named next to 采购/预算 so that an entity name ("…创业创新服务中心") does not count:
# "政府采购货物预算", "货物采购金额", "拟购买服务支出", "面向中小企业预留", "预留给小型和微型企业"
_PROCUREMENT_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"小微企业|小型和微型"), "small_micro_reserved"),
    (re.compile(r"中小企业"), "sme_reserved"),
    (re.compile(r"(?:采购|购买)货物|货物类?(?:采购|预算|支出|金额)"), "goods"),
    (re.compile(r"(?:采购|购买)工程|工程类?(?:采购|预算|支出|金额)"), "works"),
    (re.compile(r"(?:采购|购买)服务|服务类?(?:采购|预算|支出|金额)"), "services"),
)
# totals, most specific first; each entry: (words that must all occur, label)
_TOTALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("上年结转",), "carryover"),  # 上年结转结余的一般公共预算收入: the carryover, not the fund's total
    (("基本支出",), "basic"),
    (("项目支出",), "project"),
    (("人员经费",), "personnel"),
    (("公用经费",), "operating"),
    (("一般公共预算",), "general_budget_total"),
    (("政府性基金",), "government_fund_total"),  # 政府性基金预算财政拨款收入: one fund's part
    (("国有资本经营",), "state_capital_total"),
    (("财政拨款", "收支"), "appropriation_total"),
    (("财政拨款", "收入支出"), "appropriation_total"),
    (("财政拨款", "收、支"), "appropriation_total"),
    (("财政拨款", "收入"), "appropriation_income"),
    (("财政拨款", "支出"), "appropriation_expenditure"),
    (("预留机动经费",), "reserve"),
    (("事业单位经营收入",), "operating_income"),
    (("经营收入",), "operating_income"),
    (("事业收入",), "business_income"),
    (("其他收入",), "other_income"),
    (("结转下年",), "carryforward"),
    (("财政专户",), "fiscal_special_account"),  # 财政专户管理资金收入预算总计
    (("其他资金",), "other_income"),  # 其他资金收入预算总计
    (("收支",), "income_expenditure_total"),
    (("收入支出",), "income_expenditure_total"),
    (("收、支",), "income_expenditure_total"),
    (("收入", "支出"), "income_expenditure_total"),
)
_TOTAL_WORDS = ("预算", "合计", "总计", "总额")
# an entrusted-services item: "1.产教联合体建设（委托业务费）2026 年计划投入 1 万元"
_ENTRUSTED_ITEM = re.compile(r"^(?P<name>[^（(]+?)\s*[（(]委托业务费[)）]")
# expenses reported beside the totals but not totals: "…拨款安排的会议费预算支出933.50万元", and
# amounts under performance management: "项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款…"
# not a document total: the money of one project (拟安排该项目一般公共预算2,134.87万元), the total of
# one 款 (检察（款）: 2018年预算支出合计…), money moved between 项 (…项级科目分流315万元)
_NOT_TOTALS = ("会议费", "培训费", "委托业务费", "涉及", "该项目", "本项目", "（款）", "(款)", "项级")
# a subject that ends with a change verb names a change, not an amount (一般公共预算拨款增加8,347.73万元)
_CHANGE_END = re.compile(r"(增加|减少|增长|下降|降低|提高|上升|减)了?$")


@dataclass(frozen=True, slots=True)
class Subject:
    """What an amount is: the fact kind and label, plus extra values (a class code …)."""

    kind: str
    label: str
    values: tuple[tuple[str, str], ...] = ()


def subject_to_three_public(subject: str) -> Subject | None:
    """A 三公 item (``公务接待费`` → ``reception``), or None."""
    for words, label in _THREE_PUBLIC_ITEMS:
        if words in subject:
            return Subject("three_public", label)
    return None


def subject_to_procurement(subject: str, sentence: str) -> Subject | None:
    """A 政府采购 amount (``政府采购货物预算`` → ``goods``) in a sentence about procurement."""
    if "采购" not in sentence or "中标" in sentence or "成交" in sentence:
        return None
    for pattern, label in _PROCUREMENT_ITEMS:
        if pattern.search(subject):
            return Subject("procurement", label)
    return Subject("procurement", "total") if "采购" in subject else None


def subject_to_function_class(subject: str) -> Subject | None:
    """A 类 of the function classification (``科学技术支出（206 类）`` → code ``206``), or None."""
    match = _CLASS_MARK.match(subject)
    if match and not match.group("rest").strip():
        name = class_name(match.group("name"))
        code = match.group("code") or function_class_codes().get(name)
    elif subject in function_class_codes() or (len(subject) >= 4 and subject + "支出" in function_class_codes()):
        name = class_name(subject)
        code = function_class_codes().get(name)
    else:
        return None
    values = (("name", name),) + ((("code", code),) if code else ())
    return Subject("total", "function_class", values)


def class_name(name: str) -> str:
    """A 类 name as the code list prints it: ``一般公共服务`` → ``一般公共服务支出``."""
    name = name.strip()
    return name if name.endswith("支出") or name == "预备费" else name + "支出"


def subject_to_total(subject: str) -> Subject | None:
    """A total of the vocabulary (``一般公共预算拨款合计`` → ``general_budget_total``), or None."""
    for words, label in _TOTALS:
        if all(w in subject for w in words):
            return Subject("total", label)
    if "收入" in subject and any(w in subject for w in _TOTAL_WORDS):
        return Subject("total", "income_total")
    if "支出" in subject and any(w in subject for w in _TOTAL_WORDS):
        return Subject("total", "expenditure_total")
    return None


def subject_to_entrusted(subject: str) -> Subject | None:
    """委托业务费: ``产教联合体建设（委托业务费）计划投入`` → an item named 产教联合体建设."""
    match = _ENTRUSTED_ITEM.match(subject)
    if match is not None:
        return Subject("entrusted_services", "item", (("name", match.group("name")),))
    return Subject("entrusted_services", "total") if "委托业务费" in subject else None


_PART_TOTALS = frozenset({"personnel", "operating", "basic", "project"})
# an amount of one classification class, its code in brackets, followed by its own 其中 parts
_UNDER_A_CLASS = re.compile(r"[（(]\s*[235]\d{2}\s*[)）][^。；;]*?\d[\d,.]*\s*万?元[^。；;]*?其中")


def classify_subject(subject: str, sentence: str) -> Subject | None:
    """The kind and label of an amount whose clause names ``subject``, or None when unknown."""
    if "委托业务费" in subject and "占" not in subject:
        return subject_to_entrusted(subject)
    if not subject or "占" in subject or any(word in subject for word in _NOT_TOTALS):
        return None
    if _CHANGE_END.search(subject):
        return None
    if any(words in subject for words, _ in _THREE_PUBLIC_ITEMS):
        if "运行经费" in sentence and "三公" not in sentence and "运行经费" not in subject:
            return None  # 机关运行经费…其中：办公经费…公务接待费2万元: a part of 机关运行经费, not the 三公 item
        return subject_to_three_public(subject)
    if "运行经费" in subject:
        return Subject("office_operation", "total")
    procurement = subject_to_procurement(subject, sentence)
    if procurement is not None:
        return procurement
    found = subject_to_function_class(subject) or subject_to_total(subject)
    if found is not None and found.label in _PART_TOTALS and _UNDER_A_CLASS.search(sentence.split(subject)[0]):
        # 机关商品和服务支出（502）3423.08万元，其中：公用经费545.71万元: the 公用经费 of class 502,
        # not the document's
        return None
    return found
