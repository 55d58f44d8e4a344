"""The protocol's refusals and errors in Danish (modules a-l), English unchanged.

Each message is one whole sentence of the catalog, its fields filled in; a
day is shown the Danish way in Danish (1. marts 2020) and as the protocol
records it in English (2020-03-01). The rule names and ids stay as they are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from test_coverage import BODIES, HEAD, only
from test_procedure_support import (
    FOUNDING,
    D,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    unanimous,
)

from foreningsregler.i18n import use_language
from foreningsregler.protocol import (
    BadEvent,
    Event,
    JsonlLedger,
    NotAProtocol,
    RuleViolation,
    TamperedLedger,
    TornLedger,
)
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import chained, verify
from foreningsregler.statute.model import Statute


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


def refusal(association: Association, event: Event, language: str) -> RuleViolation:
    """The refusal of ``event`` as it is made in ``language``."""
    with use_language(language), pytest.raises(RuleViolation) as caught:
        association.check(event)
    return caught.value


def test_a_transition_not_possible_in_the_state_is_refused_in_danish(statute: Statute) -> None:
    event = Event("withdraw", D(2015, 3, 2), "Sorø")
    danish = refusal(Association(statute), event, "da")
    assert danish.rule == "no-transition"  # the rule's name is not translated
    assert danish.message == (
        "'withdraw' er ikke mulig for Sorø i tilstanden 'outside' (mulige: sign-declaration)"
    )
    english = refusal(Association(statute), event, "en")
    assert english.message == (
        "'withdraw' is not possible for Sorø in the state 'outside' (possible: sign-declaration)"
    )


def test_a_name_no_one_knows_is_refused_in_danish_with_its_nearest_match(
    statute: Statute,
) -> None:
    event = Event("hold-meeting", D(2015, 3, 1), "bestyrelsen")
    danish = refusal(Association(statute), event, "da")
    assert (danish.rule, str(danish.provision)) == ("unknown-municipality", "§ 3")
    assert (
        danish.message == "vedtægterne kender ingen kommune 'bestyrelsen'; mente du 'bestyrelse'?"
    )
    assert refusal(Association(statute), event, "en").message == (
        "the statute knows no municipality 'bestyrelsen'; did you mean 'bestyrelse'?"
    )


def test_a_withdrawal_without_notice_is_refused_in_danish(statute: Statute) -> None:
    association = founded(statute)
    with use_language("da"):
        error = refused(association, "withdraw", D(2016, 1, 4), "Sorø")
    assert (error.rule, str(error.provision), error.state) == ("notice", "§ 3, stk. 2", "member")
    assert error.message == "Sorø skal give 6 måneders varsel før udtræden; intet varsel er givet"
    assert str(error).startswith(error.message + " [§ 3, stk. 2]")
    with use_language("en"):
        error = refused(association, "withdraw", D(2016, 1, 4), "Sorø")
    assert error.message == "Sorø must give 6 months' notice before withdrawing; none is given"


def test_a_day_is_shown_the_danish_way_in_danish(statute: Statute) -> None:
    association = Association(statute, today=lambda: D(2020, 1, 1))
    event = Event("sign-declaration", D(2020, 3, 1), "Sorø")
    assert refusal(association, event, "da").message == (
        "hændelsen er dateret 1. marts 2020, efter i dag (1. januar 2020); "
        "en protokol åbnet til planlægning indfører det, der endnu ikke er sket"
    )
    assert refusal(association, event, "en").message == (
        "the event is dated 2020-03-01, after today (2020-01-01); "
        "a protocol opened for planning records what is yet to happen"
    )


def test_an_event_out_of_order_is_refused_in_danish(statute: Statute) -> None:
    association = Association(statute)
    association.record(Event("sign-declaration", D(2015, 3, 5), "Sorø"))
    event = Event("sign-declaration", D(2015, 3, 4), "Køge")
    danish = refusal(association, event, "da")
    assert (danish.rule, danish.provision) == ("out-of-order", None)
    assert danish.message == (
        "protokollen er nået til 5. marts 2015; "
        "en hændelse dateret 4. marts 2015 kan ikke komme efter det"
    )
    assert refusal(association, event, "en").message == (
        "the protocol is at 2015-03-05; an event dated 2015-03-04 cannot come after it"
    )


def test_a_full_body_is_refused_in_danish(statute: Statute) -> None:
    association = staffed(founded(statute))  # the direktion's three seats are filled
    day = FOUNDING + dt.timedelta(days=3)
    meeting(association, "bestyrelse", day)
    facts = {
        "body": "direktion",
        "person": "DC Ekstra",
        "municipality": "Sorø",
        "role": "digitaliseringschef",
        "vote": unanimous(association, "bestyrelse", day),
    }
    with use_language("da"):
        error = refused(association, "elect", day, "bestyrelse", **facts)
    assert (error.rule, error.message) == ("body-full", "direktion har 3 pladser, alle besat")
    with use_language("en"):
        error = refused(association, "elect", day, "bestyrelse", **facts)
    assert error.message == "direktion has 3 seats, all filled"


def test_a_tampered_ledger_is_one_danish_sentence() -> None:
    events = [Event("sign-declaration", D(2015, 3, day), "Sorø") for day in (1, 2, 3)]
    entries = chained([], events)
    entries[1] = attrs.evolve(entries[1], hash="0" * 64)
    with use_language("da"), pytest.raises(TamperedLedger) as caught:
        verify(entries, "protokol.jsonl")
    assert (caught.value.where, caught.value.seq) == ("protokol.jsonl", 2)
    assert str(caught.value) == (
        "protokol.jsonl: hændelse 2 passer ikke med sin hashværdi: protokollen er blevet ændret"
    )
    with use_language("en"), pytest.raises(TamperedLedger) as caught:
        verify(entries, "protokol.jsonl")
    assert str(caught.value) == (
        "protokol.jsonl: event 2 does not match its hash: the protocol has been altered"
    )


def test_a_torn_last_line_is_told_in_danish_with_the_way_to_mend_it(tmp_path: Path) -> None:
    path = tmp_path / "protokol.jsonl"
    ledger = JsonlLedger(path)
    ledger.append(Event("sign-declaration", D(2015, 3, 1), "Sorø"), lambda new: None, 0)
    with path.open("ab") as handle:
        handle.write(b'{"seq": 2, "event": ')
    with use_language("da"), pytest.raises(TornLedger) as caught:
        JsonlLedger(path, read_only=True)
    assert str(caught.value) == (
        f"{path}: hændelse 2 er en ufuldstændig sidste linje (et nedbrud midt i skrivningen?): "
        "'foreningsregler repair' retter den og gemmer en kopi"
    )


def test_a_folder_is_not_a_protocol_in_danish(tmp_path: Path) -> None:
    with use_language("da"), pytest.raises(NotAProtocol) as caught:
        JsonlLedger(tmp_path, read_only=True)
    assert str(caught.value) == f"{tmp_path}: er en mappe, ikke en protokol"
    with use_language("en"), pytest.raises(NotAProtocol) as caught:
        JsonlLedger(tmp_path, read_only=True)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a protocol"


def test_an_event_that_cannot_be_an_act_is_told_in_danish() -> None:
    with use_language("da"), pytest.raises(BadEvent) as caught:
        Event("", D(2015, 3, 1), "Sorø")
    assert str(caught.value) == "en hændelses art (kind) er tekst, der ikke er tom, ikke ''"
    with use_language("da"), pytest.raises(BadEvent) as caught:
        Event("elect", dt.date(2200, 1, 1), "Sorø")
    assert str(caught.value) == (
        "en hændelses dato ligger mellem 1. januar 1900 og 31. december 2199, ikke 1. januar 2200"
    )
    with use_language("en"), pytest.raises(BadEvent) as caught:
        Event("elect", dt.date(2200, 1, 1), "Sorø")
    assert str(caught.value) == (
        "an event's date lies between 1900-01-01 and 2199-12-31, not 2200-01-01"
    )


def test_a_duty_the_protocol_cannot_refuse_is_listed_in_danish() -> None:
    text = HEAD + BODIES.replace(
        '    voting: flertal\n    provision: "§ 1"\n',
        '    voting: flertal\n    meetings: {ordinary_per_year: 2, provision: "§ 1"}\n'
        '    provision: "§ 1"\n',
        1,
    )
    with use_language("da"):
        finding = only(text, "I502")
    assert finding.message == (
        "gf holder mindst 2 møder om året: "
        "en pligt, protokollen indfører (hold-meeting), men ikke kan afvise"
    )
    with use_language("en"):
        finding = only(text, "I502")
    assert finding.message == (
        "gf meets at least 2 time(s) a year: "
        "a duty the protocol records (hold-meeting) but cannot refuse"
    )
