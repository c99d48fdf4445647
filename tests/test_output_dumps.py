"""``extractor.output.dumps`` writes exactly the bytes of ``json.dumps(..., indent=1)``.

The published format is that of :func:`json.dumps` with ``ensure_ascii=False, indent=1``;
:func:`extractor.output.dumps` lays it out faster, so it is checked against the reference on the
seed's output and on values that exercise every rule of the layout and of the escaping.
"""

from __future__ import annotations

import json
import math
import random
from enum import IntEnum, StrEnum
from typing import Any

import pytest

from extractor.output import dumps, extraction_to_dict


def reference(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class Kind(StrEnum):
    QUOTED = 'a"b'


class Level(IntEnum):
    THREE = 3


EDGE_CASES: list[Any] = [
    {},
    [],
    {"a": [], "b": {}, "c": [[], {}, [[]]]},
    (1, (2, 3), ()),
    {"floats": [0.1, 1e16, 1e-7, -0.0, 1.0, math.nan, math.inf, -math.inf]},
    {"scalars": [True, False, None, 0, -5, 10**40]},
    {True: 1, False: 2, None: 3, 7: "int key", 2.5: "float key"},
    {"text": ["", '"\\\n\r\t\b\f\x00\x1f\x7f\u2028', "中文 （）[]{},: ", "\U0001f600"]},
    {Kind.QUOTED: [Kind.QUOTED, Level.THREE]},
    "top-level string",
    None,
]

class Ratio(float):
    pass


# Lists of only strings or only floats are joined in one piece; anything else in them (or a float
# json spells differently) must fall back to the item-by-item layout, at any depth.
RUN_CASES: list[Any] = [
    ["a", "b", "中"],
    [1.5, -0.0, 1e16, 1e-7],
    [1.5, math.nan],
    [math.inf, 2.0],
    [1.5, -math.inf, 3.0],
    [1.5, 2],
    [1.5, True],
    [2.5, None, "x"],
    ["a", None],
    ["a", 1, 2.0],
    ["a", ["b"]],
    ["a", Kind.QUOTED],
    [Kind.QUOTED, "a"],
    [Ratio(0.5), 1.25],
    [1.25, Ratio(0.5)],
    {"bbox": [1.0, 2.0, 3.5, 4.25], "cells": ["", "x"], "mixed": [1.0, "x"], "nan": [0.0, math.nan]},
    {"a": {"b": [1.0, 2.0], "c": [[1.0, 2.0], ["x"]], "d": ("t", "u")}},
    [[1.0, 2.0], {"k": ["v", "w"]}, ("x", 1.0)],
    # float texts are remembered by value: equal values that print apart must not share them
    {"a": [5.0, 2.5], "b": [2.5, 5], "c": [0.0, -0.0], "d": [-0.0, 0.0], "e": [1.0, True], "f": [2.5, Ratio(2.5)]},
    {"a": [2.5, 5.0, 1.0], "b": [5.0, 5], "c": [1.0, 1], "d": [1e16, 1e-7, 1e16], "e": [-0.0, 1e16]},
]


@pytest.mark.parametrize("data", RUN_CASES)
def test_scalar_runs_match_json_dumps(data: Any) -> None:
    assert dumps(data) == reference(data)


@pytest.mark.parametrize("data", EDGE_CASES)
def test_edge_cases_match_json_dumps(data: Any) -> None:
    assert dumps(data) == reference(data)


def _random_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return rng.choice([
            rng.random() * 10 ** rng.randint(-8, 20),
            rng.randint(-(10**6), 10**6),
            "".join(chr(rng.randint(0, 0x3000)) for _ in range(rng.randint(0, 6))),
            None,
            True,
            False,
        ])
    if roll < 0.7:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {
        "".join(chr(rng.randint(32, 0x3000)) for _ in range(rng.randint(0, 4))): _random_value(rng, depth + 1)
        for _ in range(rng.randint(0, 4))
    }


def test_random_values_match_json_dumps() -> None:
    rng = random.Random(7)
    for _ in range(500):
        data = _random_value(rng, 0)
        assert dumps(data) == reference(data)


def test_seed_output_matches_json_dumps(seed_result: Any) -> None:
    data = extraction_to_dict(seed_result)
    assert dumps(data) == reference(data)


@pytest.mark.parametrize("data", [{"x": object()}, [b"bytes"], {(1, 2): "tuple key"}, ["a", b"bytes"],
                                  [1.5, b"bytes"], {"k": ["a", object()]}])
def test_unserializable_values_raise_type_error_like_json(data: Any) -> None:
    with pytest.raises(TypeError) as ours:
        dumps(data)
    with pytest.raises(TypeError) as theirs:
        reference(data)
    assert str(ours.value) == str(theirs.value)


def test_dump_streams_the_same_text(seed_result: Any) -> None:
    """``dump`` writes item by item exactly what ``dumps`` returns (the seed, and edge shapes)."""
    import io

    from extractor.output import dump, dumps, extraction_to_dict

    cases: list[Any] = [extraction_to_dict(seed_result), {}, {"a": []}, {"a": [1, "x", None, {}], "b": {"c": [[]]}},
                        {"t": ({"k": 1.5},), 3: True}]
    for data in cases:
        stream = io.StringIO()
        dump(data, stream)
        assert stream.getvalue() == dumps(data)
