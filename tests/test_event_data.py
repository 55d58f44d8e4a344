"""An event's data is frozen the quick way when it is plainly JSON, and through
a JSON round trip otherwise: both give the same frozen data, or the same refusal."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreningsregler.protocol.jsonl_store import canonical_of, event_of
from foreningsregler.protocol.ledger import BadEvent, Event, _through_json
from foreningsregler.protocol.stored import _no_constant, quick_event, stored_event

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


# --- a stored text read the quick way equals the careful way ------------------------

_names = st.sampled_from(["Sorø", "bestyrelse", "Sorø ", "Kø\u0301ge", "", " ", "a\nb", "x\u200b"])
_days = st.dates(dt.date(1890, 1, 1), dt.date(2210, 1, 1)).map(dt.date.isoformat) | st.sampled_from(
    ["20150301", "2015-13-01", "2015-W10-1"]
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)
#: Mostly events as they are stored, some with one part an event cannot have.
_event_values = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["exercise", "elect"]),
        "date": st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)).map(dt.date.isoformat),
        "actor": st.sampled_from(["Sorø", "bestyrelse", "f3-it"]),
        "data": st.dictionaries(st.text(max_size=5), _json, max_size=4),
    }
).flatmap(
    lambda value: (
        st.sampled_from([value, value, value, {**value, "data": {}}])
        | st.builds(lambda kind: {**value, "kind": kind}, _names)
        | st.builds(lambda day: {**value, "date": day}, _days)
        | st.builds(lambda actor: {**value, "actor": actor}, _names)
        | st.builds(lambda name: {**value, "data": {"municipality": name}}, _names)
        | st.builds(lambda data: {**value, "data": data}, _data)
        | st.just({k: v for k, v in value.items() if k != "data"})
    )
)
#: Ways a stored text may differ from the one ``Event.canonical`` writes.
_CHANGES: dict[str, Any] = {
    "none": lambda text: text,
    "escapes": lambda text: text.replace("ø", "\\u00f8"),
    "spaces": lambda text: text.replace(",", ", "),
    "around": lambda text: f" {text}\n",
    "bom": lambda text: "\ufeff" + text,
    "extra-key": lambda text: text[:-1] + ',"x":1}',
    "huge-float": lambda text: text.replace('"data":{', '"data":{"f":1e999,'),
    "list": lambda text: f"[{text}]",
    "cut": lambda text: text[:-1],
}


def _written(value: dict[str, Any]) -> str:
    """``value`` as a store writes an event: sorted keys where they sort."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except TypeError:  # keys of text and numbers mixed
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _careful(text: str) -> Any:
    """The careful reading of a stored text: parse, then ``Event.from_json``."""
    try:
        try:
            value = json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as error:
            raise BadEvent(f"not an event: {error}") from None
        return Event.from_json(value)
    except BadEvent as refusal:
        return ("refused", str(refusal))


@settings(max_examples=600, derandomize=True, deadline=None)
@given(_event_values, st.sampled_from(["none"] * 8 + sorted(_CHANGES)))
def test_a_stored_text_reads_as_the_careful_way_reads_it(
    value: dict[str, Any], change: str
) -> None:
    text = _CHANGES[change](_written(value))
    careful = _careful(text)
    try:
        quick: Any = stored_event(text)
    except BadEvent as refusal:
        quick = ("refused", str(refusal))
    assert quick == careful
    if isinstance(careful, Event):
        assert _shape(quick.data) == _shape(careful.data)
        # the text itself where the careful way would write it again
        assert quick.canonical() in (text, careful.canonical())
        if careful.canonical() == text:
            assert quick.canonical() == text


def test_stored_texts_in_canonical_form_take_the_quick_way() -> None:
    event = Event("exercise", DAY, "Sorø", {"vote": {"yes": 2}, "ids": [1, {"a": [2]}], "f": 0.5})
    read = quick_event(event.canonical())
    assert read == event and read.canonical() == event.canonical()
    assert _shape(read.data) == _shape(_careful(event.canonical()).data)
    for text in ('{"actor":"S","data":{"f":1e999},"date":"2016-01-04","kind":"k"}', "{} "):
        assert quick_event(text) is None


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_event_values)
def test_a_json_lines_event_reads_as_the_careful_way_reads_it(value: dict[str, Any]) -> None:
    """A line's event object, as parsed: taken as it is, or read the careful way."""
    parsed = json.loads(json.dumps(value, ensure_ascii=False))
    try:
        careful: Any = Event.from_json(parsed)
    except BadEvent as refusal:
        careful = ("refused", str(refusal))
    try:
        quick: Any = event_of(parsed)
    except BadEvent as refusal:
        quick = ("refused", str(refusal))
    try:
        text: Any = canonical_of(parsed)  # as opening hashes it, no event made
    except BadEvent as refusal:
        text = ("refused", str(refusal))
    assert quick == careful
    if isinstance(careful, Event):
        assert _shape(quick.data) == _shape(careful.data)
        assert quick.canonical() == text == careful.canonical()
    else:
        assert text == careful


def _read_both(text: str) -> tuple[Any, Any]:
    try:
        quick: Any = stored_event(text)
    except BadEvent as refusal:
        quick = ("refused", str(refusal))
    return quick, _careful(text)


@pytest.mark.parametrize(
    "text",
    [
        # the data's own keys named like the event's: only the event's last date counts
        '{"actor":"Sorø","data":{"date":"2016-01-05","kind":"x"},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"a":{"b":1}},"date":"2016-01-04","kind":"k"}',
        # a fifth key, or one missing: not an event's four, read whole
        '{"actor":"Sorø","data":{"a":1},"date":"2016-01-04","kind":"k","x":1}',
        '{"actor":"Sorø","data":{"a":1},"x":{"b":1},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","date":"2016-01-04","kind":"k"}',
        # a quote or a control character in the actor or the kind, a day not in its one form
        '{"actor":"S"ø","data":{"a":1},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"a":1},"date":"2016-01-04","kind":"k\\n"}',
        '{"actor":"Sorø","data":{"a":1},"date":"2016-01-04","kind":"k\n"}',
        '{"actor":"Sorø","data":{"a":1},"date":"2016-1-4xxxx","kind":"k"}',
        '{"actor":"Sorø","data":{"a":1},"date":"2016-01-04","kind":"k"} ',
        # data that is not one object, or a list, or a number JSON cannot carry
        '{"actor":"Sorø","data":{"a":1}},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"a":[1,{"b":2}]},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"a":1e999},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"municipality":"Kø\u0301ge"},"date":"2016-01-04","kind":"k"}',
        '{"actor":"Sorø","data":{"a":"\ud800"},"date":"2016-01-04","kind":"k"}',
    ],
)
def test_a_plain_text_read_by_its_parts_reads_as_the_careful_way(text: str) -> None:
    """A text without escapes is read by its parts (the store's key order,
    no spaces): whatever it holds, the event, or the refusal, is the careful
    way's."""
    quick, careful = _read_both(text)
    assert quick == careful
    if isinstance(careful, Event):
        assert _shape(quick.data) == _shape(careful.data)


def test_the_data_of_the_same_text_is_decoded_once_and_shared() -> None:
    """Two events whose data is written alike carry one frozen mapping."""
    data = {"power": "igangsaet-anskaffelse", "vote": {"present": 3, "yes": 3, "no": 0}}
    first = Event("exercise", DAY, "f3-it", data)
    second = Event("exercise", DAY + dt.timedelta(days=7), "f3-it", data)
    read_first, read_second = stored_event(first.canonical()), stored_event(second.canonical())
    assert (read_first, read_second) == (first, second)
    assert read_first.data is read_second.data
    assert read_second.canonical() == second.canonical()
    with pytest.raises(TypeError):
        read_first.data["vote"]["yes"] = 0  # type: ignore[index]
