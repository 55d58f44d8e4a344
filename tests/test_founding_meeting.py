"""The meeting that founds an association needs no notice, even where the
founders join by their own act earlier that day; later meetings do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import foreningsregler as fr

OS2 = Path(__file__).resolve().parent.parent / "vedtaegter" / "os2.yaml"
DAY = dt.date(2012, 4, 24)
FOUNDERS = ("Ballerup", "Syddjurs", "Sønderborg")


@pytest.fixture
def joined() -> fr.Association:
    association = fr.Association(fr.load(OS2))
    for founder in FOUNDERS:
        association.record(
            fr.Event("sign-partner-agreement", DAY, founder, {"member_kind": "kommune"})
        )
    return association


def test_founders_who_joined_that_day_meet_without_notice(joined: fr.Association) -> None:
    joined.record(fr.Event("hold-meeting", DAY, "generalforsamling"))
    assert set(joined.at(DAY).members) == set(FOUNDERS)


def test_the_next_day_a_meeting_needs_its_notice(joined: fr.Association) -> None:
    with pytest.raises(fr.RuleViolation) as caught:
        joined.record(fr.Event("hold-meeting", DAY + dt.timedelta(days=1), "generalforsamling"))
    assert caught.value.rule == "meeting-notice"
    assert "called_on" in caught.value.message
