"""An event's data is frozen the quick way when it is plainly JSON, and through
a JSON round trip otherwise: both give the same frozen data, or the same refusal."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreningsregler.protocol.ledger import BadEvent, Event, _through_json

DAY = dt.date(2016, 1, 4)
_texts = st.text(max_size=6) | st.sampled_from(["Sorø", "\ud800", "Kø\u0301ge"])
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**301, -(10**301), 2**63])
    | st.floats(allow_nan=True, allow_infinity=True)
    | _texts
)
_data = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(_texts | st.integers(-2, 2), inner, max_size=3)
    ),
    max_leaves=12,
)


def _frozen(data: dict[Any, Any]) -> Any:
    try:
        return Event("exercise", DAY, "bestyrelse", data).data
    except BadEvent as refusal:
        return ("refused", str(refusal))


def _round_trip(data: dict[Any, Any]) -> Any:
    try:
        top = _through_json(data)
    except BadEvent as refusal:
        return ("refused", str(refusal))
    if isinstance(top.get("municipality"), str):
        return _frozen(top)  # the name's one form, as the event makes it
    return MappingProxyType(top)


def _shape(value: Any) -> Any:
    """The value with the type of every part: equal data of other types differ."""
    if isinstance(value, Mapping):
        return (type(value), tuple((k, _shape(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return (type(value), tuple(_shape(v) for v in value))
    return (type(value), repr(value))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.dictionaries(_texts | st.integers(-2, 2), _data, max_size=4))
def test_the_quick_freezing_equals_the_round_trip(data: dict[Any, Any]) -> None:
    quick, careful = _frozen(data), _round_trip(data)
    assert quick == careful
    assert _shape(quick) == _shape(careful)


def test_what_json_cannot_carry_is_refused_either_way() -> None:
    for data in ({"x": math.nan}, {"x": "\ud800"}, {1: "x"}, {"x": object()}):
        with pytest.raises(BadEvent):
            Event("exercise", DAY, "bestyrelse", data)


def test_deep_and_huge_data_take_the_round_trip_and_stay_equal() -> None:
    deep: Any = "bund"
    for _ in range(80):
        deep = [deep]
    event = Event("exercise", DAY, "bestyrelse", {"deep": deep, "big": 10**301, "t": (1, 2)})
    assert event.data["big"] == 10**301
    assert event.data["t"] == [1, 2]
    assert event.to_json()["data"]["deep"] == deep


def test_frozen_data_given_again_is_frozen_the_same() -> None:
    first = Event("exercise", DAY, "bestyrelse", {"vote": {"present": 3}, "ids": [1, 2]})
    again = Event("exercise", DAY, "bestyrelse", first.data)
    assert again == first and again.canonical() == first.canonical()
    with pytest.raises(TypeError):
        again.data["vote"]["present"] = 4  # type: ignore[index]
