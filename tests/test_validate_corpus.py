"""Errors on real documents are real defects: the error-severity findings of documents with gold
annotations, as (check, page), each checked by eye against the page (see the gold
``source_defects``)."""

from __future__ import annotations

import pytest
from conftest import corpus_extraction, needs_corpus

from extractor.model import Severity

EXPECTED_ERRORS = {
    # 2026 budget of 上海市普陀区司法局: 43269.3 → 3845.49 "增加17.62%"; 17.66% (is 17.93%);
    # 201.50 "增加5.27%" (is 1.59%) and heading 208.8 vs 201.50
    "shanghai-putuo/budget-2026/dept_budget.pdf": [
        ("narrative-change-rate", 9),
        ("narrative-change-rate", 9),
        ("narrative-change-rate", 9),
        ("narrative-amount-restated", 9),
    ],
    # 2018 江苏省人民检察院: 21.95% (is 22.00%), 0.06% (is 0.60%), 0.66% (is 6.60%)
    "jiangsu-provincial/江苏省人民检察院/2018年省检察院部门预算公开.pdf": [
        ("narrative-change-rate", 23),
        ("narrative-change-rate", 26),
        ("narrative-change-rate", 26),
    ],
    # 2024 社会福利院: 2081005 given as 738.66 万元, the tables print 696.48
    "shanghai-putuo/budget-2024/1769321433314-826553525.pdf": [("narrative-code-amount", 6)],
    # 2024 final accounts of a unit set up in 2024: "增长100.00%" from a zero base
    "shanghai-putuo/final-2024/中共上海市普陀区委社会工作部 2024 年度部门决算.pdf": [
        ("narrative-change-rate", 17),
        ("narrative-change-rate", 17),
        ("narrative-change-rate", 21),
    ],
}


@pytest.mark.corpus
@needs_corpus()
@pytest.mark.parametrize("relpath", sorted(EXPECTED_ERRORS))
def test_errors_on_gold_documents_are_the_known_defects(relpath: str) -> None:
    result = corpus_extraction(relpath)
    errors = [
        (f.check, f.prov.page if f.prov else None) for f in result.issues if f.severity is Severity.ERROR
    ]
    assert sorted(errors) == sorted(EXPECTED_ERRORS[relpath])
