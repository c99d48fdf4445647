"""Any text reads without errors: narrative parsing returns facts or nothing, never raises."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from narrative_support import facts_of

# the characters narratives are made of, so that the rules get exercised
_CHARS = "0123456789.,%％：:，。；;（）()\n 万元亿类款项占比上年增加减少增长下降无变化持平主要原因是三公经费采购货物工程服务车辆辆台单价以上设备价值项目名称预算安排规模"
_PHRASES = [
    "比上年",
    "增长（下降）",
    "相比上年预算",
    "科学技术支出（206 类）",
    "“三公”",
    "政府采购",
    "基本支出",
    "预算数为",
]
_ALPHABET = st.sampled_from([*_CHARS, *_PHRASES])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_junk_text_never_raises(text: str) -> None:
    for fact in facts_of(text):
        assert fact.amount_yuan is None or isinstance(fact.amount_yuan, Decimal)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in fact.values)
