"""Review item 12: ``fr.Event`` refuses what cannot be an act.

A kind or an actor that is not non-empty text, and a date that is not a day
(a ``datetime`` too: a time of day would make the protocol unreadable), raise
``BadEvent``, a ``ForeningsreglerError`` and a ``ValueError``, when the event
is made -- before any statute or ledger sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_procedure_support import FOUNDING, fixture_statute

import foreningsregler as fr
from foreningsregler.protocol import BadEvent
from foreningsregler.protocol.ledger import MemoryLedger

DAY = dt.date(2015, 3, 1)


@pytest.mark.parametrize(
    ("kind", "day", "actor", "message"),
    [
        (
            "sign-declaration",
            dt.datetime(2015, 3, 1, 12, 0),
            "Sorø",
            "an event's date is a day (YYYY-MM-DD), not datetime.datetime(2015, 3, 1, 12, 0)",
        ),
        (
            "sign-declaration",
            "2015-03-01",
            "Sorø",
            "an event's date is a day (YYYY-MM-DD), not '2015-03-01'",
        ),
        ("sign-declaration", None, "Sorø", "an event's date is a day (YYYY-MM-DD), not None"),
        ("", DAY, "Sorø", "an event's kind is non-empty text, not ''"),
        (None, DAY, "Sorø", "an event's kind is non-empty text, not None"),
        ("sign-declaration", DAY, "", "an event's actor is non-empty text, not ''"),
        ("sign-declaration", DAY, 5, "an event's actor is non-empty text, not 5"),
    ],
    ids=["datetime", "text-date", "no-date", "empty-kind", "no-kind", "empty-actor", "number"],
)
def test_an_event_that_cannot_be_an_act_is_refused(
    kind: Any, day: Any, actor: Any, message: str
) -> None:
    with pytest.raises(BadEvent) as caught:
        fr.Event(kind, day, actor)
    assert str(caught.value) == message
    assert isinstance(caught.value, fr.ForeningsreglerError)
    assert isinstance(caught.value, ValueError)


def test_an_event_of_text_and_a_day_is_made_and_recorded() -> None:
    event = fr.Event("sign-declaration", DAY, "Sorø")
    assert (event.kind, event.date, event.actor, dict(event.data)) == (
        "sign-declaration",
        DAY,
        "Sorø",
        {},
    )
    association = fr.Association(fixture_statute(), MemoryLedger())
    association.record(event)
    assert association.at(FOUNDING).membership == {"Sorø": "intent-declared"}


def test_an_event_read_back_from_json_is_checked_too() -> None:
    with pytest.raises(BadEvent):
        fr.Event.from_json({"kind": "", "date": "2015-03-01", "actor": "Sorø"})
    again = fr.Event.from_json({"kind": "give-notice", "date": "2016-01-04", "actor": "Sorø"})
    assert again.date == dt.date(2016, 1, 4)


def test_bad_event_is_named_by_the_package() -> None:
    assert fr.BadEvent is BadEvent
