"""The narrative's summary of performance management → ``performance_summary`` facts.

One fact per "N 个项目 … 涉及 … X 万元": ``label`` is the stage (``targets``, ``overall``,
``monitoring``, ``self_evaluation``), ``amount_yuan`` the amount, values ``count`` and ``stage``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from extractor.semantics.phrases import NUMBER, parse_money

# the narrative's summary of performance management: "编报绩效目标的项目20个，涉及项目预算资金7054.05万元",
# "2019年本部门共0个项目实行绩效目标管理，涉及财政性资金合计0万元", "整体预算绩效目标 1 个，涉及预算金额 3920.41 万元"
_SUMMARY = re.compile(
    r"(?P<count>\d+)\s*个[^。；;]*?涉及[^。；;\d]*?"
    rf"(?P<money>{NUMBER}\s*(?:亿元|万元|千元|元))"
)
_STAGES = (("自评", "self_evaluation"), ("跟踪", "monitoring"), ("整体", "overall"))


def sentence_to_performance_summaries(sentence: str) -> Iterator[tuple[str, str, str]]:
    """(stage, count, printed amount) of each "N 个 … 涉及 … X 万元" in a 绩效 sentence.

    ``stage``: ``targets`` (projects with targets), ``overall`` (整体绩效目标), ``monitoring``
    (绩效跟踪), ``self_evaluation`` (绩效自评).
    """
    if "绩效" not in sentence and "项目" not in sentence:
        return
    start = 0
    for match in _SUMMARY.finditer(sentence):
        before = sentence[start : match.end()]
        stage = next((slug for word, slug in _STAGES if word in before), "targets")
        start = match.end()
        yield stage, match.group("count"), match.group("money")


def summary_money(printed: str) -> tuple[Decimal | None, str | None, str | None]:
    """``amount_yuan``, ``printed`` and ``unit`` of a summary's amount."""
    money = parse_money(printed)
    return (money.yuan, money.printed, money.unit) if money else (None, None, None)
