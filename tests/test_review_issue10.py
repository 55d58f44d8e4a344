# ruff: noqa: E501  (the tables of cases keep one case a line, as a reader scans them)
"""Review of issue 10 as a careless user and an attacker would use it.

The new statute keys (member kinds and named members, fees by band, kind and
category, the population date, seat ranges, alternates, staggered terms, the
rotating chair and the vice-chair, observers, bodies set up by decision, interim
and designated bodies, weighted votes, a phase's participants, two consecutive
meetings, agreement, signing, clauses, the financial year, notice to the end
of a period, the new meeting keys) written wrong, and the new events fed odd
data.

A malformed statute must be refused with a code, a line and a provision, and
no command of the CLI may end in a traceback or exit code 3; an odd event must
be refused with a ``RuleViolation`` naming its rule, and never crash. The
eighteen bugs this review found are fixed; their cases stay as regressions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import problems_of, write
from test_sammensat_support import (
    FOUNDING,
    MEMBERS,
    D,
    act,
    elect_board,
    founded,
    meet,
    person,
    refused,
    vote,
)

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.economy import EconomyError, fee_for
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.errors import ForeningsreglerError
from foreningsregler.protocol.association import Association

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMMENSAT = (FIXTURES / "sammensat.yaml").read_text("utf-8")
MEDLEMMER_PATH = FIXTURES / "members" / "medlemmer.yaml"
MEDLEMMER = MEDLEMMER_PATH.read_text("utf-8")
MINIMAL = (FIXTURES / "minimal.yaml").read_text("utf-8")
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"

BASES = {"sammensat": SAMMENSAT, "medlemmer": MEDLEMMER, "minimal": MINIMAL}


def mutate(base: str, old: str, new: str) -> str:
    text = BASES[base]
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, at: str) -> int:
    assert text.count(at) == 1, f"{at!r} occurs {text.count(at)} times"
    return text[: text.index(at)].count("\n") + 1


GF_VOTING = "    voting: gf-flertal\n"
SG_VOTING = "    voting: styregruppeflertal\n"
GF_MEETS = "      ordinary_per_year: 1\n"
MEMBERSHIP = "  municipalities: [Køge, Næstved, Ringsted, Roskilde, Sorø]\n"
WEIGHTS = "weights: {by_kind: {kommune: 2, region: 1}, provision"
REGION = (
    '    - {id: region-sjaelland, name: Region Sjælland, kind: region, provision: "§ 2, stk. 3"}\n'
)
SIGN_ALT = "    - [{body: styregruppe, chair: true}, {body: bestyrelse}]\n"
INTERIM = """
  - id: interim
    name: Interimbestyrelsen
    kind: board
    seats: 3
    interim: true
    filled_by: {method: designation, provision: "§ 3, stk. 2"}
    provision: "§ 3, stk. 2"
"""


def with_interim(replacement: str = "method: designation,") -> str:
    body = INTERIM.replace("method: designation,", replacement)
    return MINIMAL.replace("\nbodies:\n", "\nbodies:" + body, 1)


# (name, base, old, new, code, where the problem is, its provision)
REFUSED: list[tuple[str, str, str, str, str, str, str]] = [
    # seat ranges
    ("seats-upside-down", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: 5, max: 3}", "E317", "seats: {min: 5", "§ 1, stk. 2"),
    ("seats-min-text", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: '3', max: 5}", "E202", "seats: {min: '3'", "§ 1, stk. 2"),
    ("seats-min-bool", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: true, max: 5}", "E202", "seats: {min: true", "§ 1, stk. 2"),
    ("seats-min-float", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: 3.5, max: 5}", "E202", "seats: {min: 3.5", "§ 1, stk. 2"),
    ("seats-only-max", "sammensat", "seats: {min: 3, max: 5}", "seats: {max: 5}", "E203", "seats: {max: 5}", "§ 1, stk. 2"),
    ("seats-list", "sammensat", "seats: {min: 3, max: 5}", "seats: [3, 5]", "E202", "seats: [3, 5]", "§ 1, stk. 2"),
    ("seats-inf", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: 3, max: .inf}", "E112", "max: .inf", ""),
    ("seats-duplicate-key", "sammensat", "seats: {min: 3, max: 5}", "seats: {min: 3, max: 5, max: 2}", "E104", "max: 5, max: 2", ""),
    # alternates
    ("alternates-zero", "sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: 0,", "E204", "per_seat: 0", "§ 1, stk. 4"),
    ("alternates-negative", "sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: -2,", "E204", "per_seat: -2", "§ 1, stk. 4"),
    ("alternates-text", "sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: many,", "E202", "per_seat: many", "§ 1, stk. 4"),
    ("alternates-list", "sammensat", 'alternates: {per_seat: 1, provision: "§ 1, stk. 4"}', "alternates: [1]", "E202", "alternates: [1]", "§ 1, stk. 2"),
    ("alternates-null", "sammensat", 'alternates: {per_seat: 1, provision: "§ 1, stk. 4"}', "alternates: null", "E202", "alternates: null", "§ 1, stk. 2"),
    ("alternates-merge-key", "sammensat", "alternates: {per_seat: 1,", "alternates: {<<: {per_seat: 2},", "E201", "<<:", "§ 1, stk. 4"),
    ("alternates-int-tag", "sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: !!int '1',", "E105", "!!int", ""),
    ("alternates-python-tag", "sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: !!python/object:os.system 1,", "E105", "!!python", ""),
    # observers
    ("observers-empty", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [],", "E204", "sent_by: []", "§ 1, stk. 5"),
    ("observers-twice", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [KL, KL],", "E204", "[KL, KL]", "§ 1, stk. 5"),
    ("observers-text", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: KL,", "E202", "sent_by: KL,", "§ 1, stk. 5"),
    ("observers-numbers", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [1, 2],", "E202", "[1, 2]", "§ 1, stk. 5"),
    ("observers-per-sender-0", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [KL], per_sender: 0,", "E204", "per_sender: 0", "§ 1, stk. 5"),
    ("observers-per-sender-1e400", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [KL], per_sender: 1e400,", "E111", "per_sender: 1e400", ""),
    ("observers-empty-name", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [''],", "E204", "sent_by: ['']", "§ 1, stk. 5"),
    ("observers-nested", "sammensat", "observers: {sent_by: [KL],", "observers: {sent_by: [[KL]],", "E202", "[[KL]]", "§ 1, stk. 5"),
    # staggered terms
    ("staggered-text", "sammensat", "staggered: true", "staggered: 'yes'", "E202", "staggered: 'yes'", "§ 1, stk. 2"),
    ("staggered-without-term", "sammensat", "term_years: 2, staggered: true", "staggered: true", "E203", "staggered: true", "§ 1, stk. 2"),
    ("staggered-share-zero", "sammensat", "staggered: true", "staggered: true, staggered_share: '0/2'", "E204", "'0/2'", "§ 1, stk. 2"),
    ("staggered-share-by-zero", "sammensat", "staggered: true", "staggered: true, staggered_share: '1/0'", "E204", "'1/0'", "§ 1, stk. 2"),
    ("staggered-share-negative", "sammensat", "staggered: true", "staggered: true, staggered_share: '-1/2'", "E204", "'-1/2'", "§ 1, stk. 2"),
    ("staggered-share-float", "sammensat", "staggered: true", "staggered: true, staggered_share: 0.5", "E202", "0.5", "§ 1, stk. 2"),
    ("staggered-share-alone", "sammensat", "staggered: true", "staggered_share: '1/2'", "E203", "staggered_share", "§ 1, stk. 2"),
    ("staggered-on-assembly", "sammensat", 'filled_by: {method: membership, provision: "§ 1, stk. 1"}', 'filled_by: {method: membership, staggered: true, provision: "§ 1, stk. 1"}', "E203", "method: membership, staggered", "§ 1, stk. 1"),
    ("term-zero", "sammensat", "term_years: 2, staggered", "term_years: 0, staggered", "E204", "term_years: 0", "§ 1, stk. 2"),
    # rotating chair and vice-chair
    ("rotation-unknown-member", "sammensat", "order: [Sorø, Køge, Næstved]", "order: [Sorø, Køge, Odense]", "E318", "Odense", "§ 1, stk. 6"),
    ("rotation-other-word", "sammensat", "order: [Sorø, Køge, Næstved]", "order: random", "E202", "order: random", "§ 1, stk. 6"),
    ("rotation-numbers", "sammensat", "order: [Sorø, Køge, Næstved]", "order: [1, 2]", "E202", "order: [1, 2]", "§ 1, stk. 6"),
    ("rotation-year-negative", "sammensat", "from_year: 2016", "from_year: -5", "E204", "from_year: -5", "§ 1, stk. 6"),
    ("rotation-year-zero", "sammensat", "from_year: 2016", "from_year: 0", "E204", "from_year: 0", "§ 1, stk. 6"),
    ("rotation-year-text", "sammensat", "from_year: 2016", "from_year: '2016'", "E202", "from_year: '2016'", "§ 1, stk. 6"),
    ("rotation-no-year", "sammensat", "order: [Sorø, Køge, Næstved], from_year: 2016,", "order: [Sorø, Køge, Næstved],", "E203", "rotation: {order", "§ 1, stk. 6"),
    ("vice-chair-unknown-body", "sammensat", "vice_chair: {chosen_by: bestyrelse,", "vice_chair: {chosen_by: nobody,", "E301", "nobody", "§ 1, stk. 3"),
    ("vice-chair-text", "sammensat", 'vice_chair: {chosen_by: bestyrelse, provision: "§ 1, stk. 3"}', "vice_chair: bestyrelse", "E202", "vice_chair: bestyrelse", "§ 1, stk. 2"),
    ("vice-chair-from", "sammensat", "vice_chair: {chosen_by: bestyrelse,", "vice_chair: {chosen_by: bestyrelse, from: styregruppe,", "E201", "from: styregruppe", "§ 1, stk. 3"),
    # named members and kinds
    ("member-id-twice", "medlemmer", REGION, REGION + "    - {id: region-sjaelland, name: Region X, kind: region}\n", "E315", "name: Region X", "§ 2, stk. 1"),
    ("member-name-twice", "medlemmer", REGION, REGION + "    - {id: rx, name: Region Sjælland, kind: region}\n", "E315", "{id: rx", "§ 2, stk. 1"),
    ("member-municipality-twice", "medlemmer", REGION, REGION + "    - {id: soroe, name: Sorø, kind: kommune}\n", "E315", "{id: soroe", "§ 2, stk. 1"),
    ("member-unknown-kind", "medlemmer", REGION, REGION + "    - {id: x, name: X, kind: church}\n", "E204", "kind: church", "§ 2, stk. 1"),
    ("member-without-kind", "medlemmer", REGION, REGION + "    - {id: x, name: X}\n", "E203", "{id: x, name: X}", "§ 2, stk. 1"),
    ("member-number-name", "medlemmer", REGION, REGION + "    - {id: x, name: 5, kind: region}\n", "E202", "name: 5", "§ 2, stk. 1"),
    ("member-bad-id", "medlemmer", REGION, REGION + "    - {id: 'a b/c', name: ABC, kind: region}\n", "E204", "'a b/c'", "§ 2, stk. 1"),
    ("members-text", "medlemmer", "  members:\n" + REGION, "  members: region\n  other:\n" + REGION, "E202", "members: region", "§ 2, stk. 1"),
    ("kind-twice", "medlemmer", '    - {kind: region, open: true, provision: "§ 2, stk. 1"}\n', '    - {kind: region, open: true, provision: "§ 2, stk. 1"}\n    - {kind: region, open: false}\n', "E316", "open: false}", "§ 2, stk. 1"),
    ("kind-unknown", "medlemmer", "    - {kind: region, open: true,", "    - {kind: regionn, open: true,", "E204", "regionn", "§ 2, stk. 1"),
    ("kind-without-open", "medlemmer", "    - {kind: region, open: true,", "    - {kind: region,", "E203", "{kind: region,", "§ 2, stk. 1"),
    ("kind-open-text", "medlemmer", "    - {kind: region, open: true,", '    - {kind: region, open: "no",', "E202", 'open: "no"', "§ 2, stk. 1"),
    # bands, per kind, category, population date, financial year
    ("band-negative-from", "medlemmer", "from: 0, under: 25000", "from: -100, under: 25000", "E204", "from: -100", "§ 4, stk. 2"),
    ("band-negative-amount", "medlemmer", "under: 25000, amount: 20000", "under: 25000, amount: -20000", "E204", "amount: -20000", "§ 4, stk. 2"),
    ("band-float-amount", "medlemmer", "under: 25000, amount: 20000", "under: 25000, amount: 200.5", "E202", "amount: 200.5", "§ 4, stk. 2"),
    ("band-text-amount", "medlemmer", "under: 25000, amount: 20000", "under: 25000, amount: '20000'", "E202", "amount: '20000'", "§ 4, stk. 2"),
    ("band-bool-amount", "medlemmer", "under: 25000, amount: 20000", "under: 25000, amount: true", "E202", "amount: true", "§ 4, stk. 2"),
    ("band-id-twice", "medlemmer", "{id: mellem,", "{id: lille,", "E308", "{id: lille, name: 25", "§ 4, stk. 2"),
    ("bands-empty", "medlemmer", "    bands:\n", "    bands: []\n    other:\n", "E204", "bands: []", "§ 4, stk. 2"),
    ("band-without-from", "medlemmer", "from: 0, under: 25000", "under: 25000", "E203", "{id: lille", "§ 4, stk. 2"),
    ("per-kind-twice", "medlemmer", '      - {kind: state, amount: 50000, provision: "§ 4, stk. 3"}\n', '      - {kind: state, amount: 50000, provision: "§ 4, stk. 3"}\n      - {kind: state, amount: 1}\n', "E316", "{kind: state, amount: 1}", "§ 4, stk. 2"),
    ("per-kind-unknown", "medlemmer", "{kind: state, amount: 50000,", "{kind: staat, amount: 50000,", "E204", "staat", "§ 4, stk. 3"),
    ("per-kind-negative", "medlemmer", "{kind: state, amount: 50000,", "{kind: state, amount: -5,", "E204", "amount: -5", "§ 4, stk. 3"),
    ("per-kind-empty", "medlemmer", '    per_kind:\n      - {kind: state, amount: 50000, provision: "§ 4, stk. 3"}\n', "    per_kind: []\n", "E204", "per_kind: []", "§ 4, stk. 2"),
    ("category-unknown-body", "medlemmer", "category: {by: generalforsamling,", "category: {by: bestyrelse,", "E301", "by: bestyrelse", "§ 4, stk. 4"),
    ("category-text", "medlemmer", 'category: {by: generalforsamling, provision: "§ 4, stk. 4"}', "category: generalforsamling", "E202", "category: generalforsamling", "§ 4, stk. 2"),
    ("population-month-13", "medlemmer", "population_date: {month: 1,", "population_date: {month: 13,", "E204", "month: 13", "§ 4, stk. 1"),
    ("population-day-30", "medlemmer", "month: 1, day: 1, years_before: 1", "month: 2, day: 30, years_before: 1", "E204", "day: 30", "§ 4, stk. 1"),
    ("population-years-before-negative", "medlemmer", "month: 1, day: 1, years_before: 1", "month: 1, day: 1, years_before: -1", "E204", "years_before: -1", "§ 4, stk. 1"),
    ("population-years-before-11", "medlemmer", "month: 1, day: 1, years_before: 1", "month: 1, day: 1, years_before: 11", "E204", "years_before: 11", "§ 4, stk. 1"),
    ("population-date-a-date", "medlemmer", 'population_date: {month: 1, day: 1, years_before: 1, provision: "§ 4, stk. 1"}', "population_date: 2023-01-01", "E202", "population_date: 2023", "§ 4, stk. 2"),
    ("financial-year-month-13", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: 13,", "E204", "start_month: 13", "§ 4, stk. 1"),
    ("financial-year-day-29", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: 2, start_day: 29,", "E204", "start_day: 29", "§ 4, stk. 1"),
    ("financial-year-day-0", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: 2, start_day: 0,", "E204", "start_day: 0", "§ 4, stk. 1"),
    ("financial-year-month-name", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: april,", "E202", "start_month: april", "§ 4, stk. 1"),
    ("financial-year-bool", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: true,", "E202", "start_month: true", "§ 4, stk. 1"),
    ("financial-year-float", "medlemmer", "financial_year: {start_month: 1,", "financial_year: {start_month: 1.0,", "E202", "start_month: 1.0", "§ 4, stk. 1"),
    # weights, base, two meetings
    ("weights-negative", "sammensat", WEIGHTS, "weights: {by_kind: {kommune: -2}, provision", "E204", "kommune: -2", "§ 2, stk. 6"),
    ("weights-float", "sammensat", WEIGHTS, "weights: {by_kind: {kommune: 1.5}, provision", "E202", "kommune: 1.5", "§ 2, stk. 6"),
    ("weights-bool", "sammensat", WEIGHTS, "weights: {by_kind: {kommune: true}, provision", "E202", "kommune: true", "§ 2, stk. 6"),
    ("weights-null", "sammensat", WEIGHTS, "weights: {by_kind: {kommune: null}, provision", "E202", "kommune: null", "§ 2, stk. 6"),
    ("weights-unknown-kind", "sammensat", WEIGHTS, "weights: {by_kind: {church: 2}, provision", "E201", "church", "§ 2, stk. 6"),
    ("weights-unknown-member", "sammensat", WEIGHTS, "weights: {by_member: {Odense: 2}, provision", "E318", "Odense", "§ 2, stk. 6"),
    ("weights-date-member", "sammensat", WEIGHTS, "weights: {by_member: {2016-01-01: 2}, provision", "E318", "2016-01-01", "§ 2, stk. 6"),
    ("weights-null-member", "sammensat", WEIGHTS, "weights: {by_member: {null: 2}, provision", "E318", "null: 2", "§ 2, stk. 6"),
    ("weights-list-key", "sammensat", WEIGHTS, "weights: {by_member: {? [a, b] : 2}, provision", "E202", "? [a, b]", ""),
    ("weights-member-list", "sammensat", WEIGHTS, "weights: {by_member: [Sorø], provision", "E202", "by_member: [Sorø]", "§ 2, stk. 6"),
    ("weights-member-negative", "sammensat", WEIGHTS, "weights: {by_member: {Sorø: -3}, provision", "E204", "Sorø: -3", "§ 2, stk. 6"),
    ("weights-text", "sammensat", 'weights: {by_kind: {kommune: 2, region: 1}, provision: "§ 2, stk. 6"}', "weights: heavy", "E202", "weights: heavy", "§ 2, stk. 6"),
    ("base-unknown", "sammensat", "base: participants", "base: everyone", "E204", "base: everyone", "§ 2, stk. 5"),
    ("two-meetings-true", "sammensat", 'consecutive_meetings: {one_ordinary: true, provision: "§ 2, stk. 4"}', "consecutive_meetings: true", "E202", "consecutive_meetings: true", "§ 2, stk. 4"),
    ("two-meetings-text", "sammensat", "consecutive_meetings: {one_ordinary: true,", "consecutive_meetings: {one_ordinary: 'ja',", "E202", "one_ordinary: 'ja'", "§ 2, stk. 4"),
    ("two-meetings-count", "sammensat", "consecutive_meetings: {one_ordinary: true,", "consecutive_meetings: {one_ordinary: true, count: 3,", "E201", "one_ordinary: true, count: 3", "§ 2, stk. 4"),
    ("two-meetings-null", "sammensat", 'consecutive_meetings: {one_ordinary: true, provision: "§ 2, stk. 4"}', "consecutive_meetings:", "E202", "consecutive_meetings:\n", "§ 2, stk. 4"),
    # signing
    ("signing-no-alternatives", "sammensat", "  alternatives:\n" + SIGN_ALT, "  alternatives: []\n", "E204", "alternatives: []", "§ 1, stk. 7"),
    ("signing-empty-alternative", "sammensat", SIGN_ALT, "    - []\n", "E204", "    - []", "§ 1, stk. 7"),
    ("signing-unknown-body", "sammensat", "{body: bestyrelse}]\n", "{body: direktion}]\n", "E301", "direktion", "§ 1, stk. 7"),
    ("signing-count-0", "sammensat", "{body: bestyrelse}]\n", "{body: bestyrelse, count: 0}]\n", "E204", "count: 0", "§ 1, stk. 7"),
    ("signing-count-negative", "sammensat", "{body: bestyrelse}]\n", "{body: bestyrelse, count: -1}]\n", "E204", "count: -1", "§ 1, stk. 7"),
    ("signing-alternative-text", "sammensat", SIGN_ALT, "    - bestyrelse\n", "E202", "    - bestyrelse", "§ 1, stk. 7"),
    ("signing-without-alternatives", "sammensat", "  alternatives:\n" + SIGN_ALT, "", "E203", '  provision: "§ 1, stk. 7"', "§ 1, stk. 7"),
    # clauses (a clause without its own provision cites none)
    ("clause-unknown-forum", "sammensat", "voting_rules:\n", "clauses:\n  disputes: {forum: fistfight}\nvoting_rules:\n", "E204", "fistfight", ""),
    ("clause-unknown-body", "sammensat", "voting_rules:\n", "clauses:\n  accounts: {auditor: municipal, approved_by: nobody}\nvoting_rules:\n", "E301", "nobody", ""),
    ("clause-unknown", "sammensat", "voting_rules:\n", "clauses:\n  tax: {rate: 5}\nvoting_rules:\n", "E201", "tax:", ""),
    ("clauses-list", "sammensat", "voting_rules:\n", "clauses: [domicile]\nvoting_rules:\n", "E202", "clauses: [", ""),
    ("clause-text-bool", "sammensat", "voting_rules:\n", "clauses:\n  dissolution: {assets: purpose, contracts_to_members: 'yes'}\nvoting_rules:\n", "E202", "contracts_to_members: 'yes'", ""),
    ("clause-without-assets", "sammensat", "voting_rules:\n", "clauses:\n  dissolution: {notify_authority: true}\nvoting_rules:\n", "E203", "dissolution: {", ""),
    ("clause-number-municipality", "sammensat", "voting_rules:\n", "clauses:\n  domicile: {municipality: 4000}\nvoting_rules:\n", "E202", "municipality: 4000", ""),
    # withdrawal and meetings
    ("notice-to-week", "sammensat", MEMBERSHIP, MEMBERSHIP + "  withdrawal: {earliest: phase_end, notice_months: 6, notice_to: week}\n", "E204", "notice_to: week", "§ 3"),
    ("notice-to-list", "sammensat", MEMBERSHIP, MEMBERSHIP + "  withdrawal: {earliest: phase_end, notice_months: 6, notice_to: [month]}\n", "E204", "notice_to: [month]", "§ 3"),
    ("by-month-13", "sammensat", GF_MEETS, GF_MEETS + "      ordinary_by_month: 13\n", "E204", "ordinary_by_month: 13", "§ 2, stk. 1"),
    ("by-month-0", "sammensat", GF_MEETS, GF_MEETS + "      ordinary_by_month: 0\n", "E204", "ordinary_by_month: 0", "§ 2, stk. 1"),
    ("by-month-name", "sammensat", GF_MEETS, GF_MEETS + "      ordinary_by_month: maj\n", "E202", "ordinary_by_month: maj", "§ 2, stk. 1"),
    ("proposals-before-0", "sammensat", GF_MEETS, GF_MEETS + "      proposals_before_days: 0\n", "E204", "proposals_before_days: 0", "§ 2, stk. 1"),
    ("proposals-before-negative", "sammensat", GF_MEETS, GF_MEETS + "      proposals_before_days: -14\n", "E204", "proposals_before_days: -14", "§ 2, stk. 1"),
    ("proposals-before-text", "sammensat", GF_MEETS, GF_MEETS + "      proposals_before_days: '14'\n", "E202", "proposals_before_days: '14'", "§ 2, stk. 1"),
    ("notice-weeks-and-days", "sammensat", GF_MEETS, GF_MEETS + "      notice: {weeks: 2, days: 14}\n", "E204", "notice: {weeks: 2, days", "§ 2, stk. 1"),
    ("notice-weeks-negative", "sammensat", GF_MEETS, GF_MEETS + "      notice: {weeks: -2}\n", "E204", "weeks: -2", "§ 2, stk. 1"),
    ("notice-weeks-float", "sammensat", GF_MEETS, GF_MEETS + "      notice: {weeks: 2.5}\n", "E202", "weeks: 2.5", "§ 2, stk. 1"),
    ("notice-empty", "sammensat", GF_MEETS, GF_MEETS + "      notice: {}\n", "E204", "notice: {}", "§ 2, stk. 1"),
    ("notice-unknown-caller", "sammensat", GF_MEETS, GF_MEETS + "      notice: {weeks: 2, called_by: nobody}\n", "E301", "nobody", "§ 2, stk. 1"),
    # bodies set up by decision
    ("set-up-by-itself", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: styregruppe, power: styr-projekt}\n", "E320", "set_up_by:", "§ 1, stk. 6"),
    ("set-up-unknown-power", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: nope}\n", "E302", "nope", "§ 1, stk. 6"),
    ("set-up-unknown-body", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: nope, power: indstil}\n", "E301", "body: nope", "§ 1, stk. 6"),
    ("set-up-text", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: bestyrelse\n", "E202", "set_up_by: bestyrelse", "§ 1, stk. 6"),
    ("set-up-without-power", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse}\n", "E203", "set_up_by: {body: bestyrelse}", "§ 1, stk. 6"),
    ("limits-without-set-up", "sammensat", SG_VOTING, SG_VOTING + "    limits: {budget_kr: 5}\n", "E319", "limits: {budget_kr: 5}", "§ 1, stk. 6"),
    ("limits-negative", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    limits: {budget_kr: -5}\n", "E204", "budget_kr: -5", "§ 1, stk. 6"),
    ("limits-float", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    limits: {budget_kr: 5.5}\n", "E202", "budget_kr: 5.5", "§ 1, stk. 6"),
    ("limits-unknown-area", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    limits: {area: it}\n", "E304", "area: it", "§ 1, stk. 6"),
    ("limits-empty-product", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    limits: {product: ''}\n", "E204", "product: ''", "§ 1, stk. 6"),
    ("coordinator-without-set-up", "sammensat", SG_VOTING, SG_VOTING + "    coordinator: {appointed_by: bestyrelse}\n", "E319", "coordinator: {appointed_by: bestyrelse}", "§ 1, stk. 6"),
    ("coordinator-unknown-body", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    coordinator: {appointed_by: nope}\n", "E301", "appointed_by: nope", "§ 1, stk. 6"),
    ("coordinator-empty", "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    coordinator: {}\n", "E203", "coordinator: {}", "§ 1, stk. 6"),
    # interim, designation, agreement
    ("interim-number", "minimal", "\nbodies:\n", "\nbodies:" + INTERIM.replace("interim: true", "interim: 1"), "E202", "interim: 1", "§ 3, stk. 2"),
    ("agreement-unknown-body", "minimal", '      - {kind: recommendation, from: bestyrelse, provision: "§ 3, stk. 3"}', '      - {kind: agreement, from: kl, provision: "§ 3, stk. 3"}', "E301", "from: kl", "§ 3, stk. 3"),
    ("agreement-unknown-power", "minimal", '      - {kind: recommendation, from: bestyrelse, provision: "§ 3, stk. 3"}', '      - {kind: agreement, from: bestyrelse, power: nope, provision: "§ 3, stk. 3"}', "E302", "power: nope", "§ 3, stk. 3"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "old", "new", "code", "at", "provision"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSED],
)
def test_a_malformed_new_key_is_refused_with_its_code_line_and_provision(
    tmp_path: Path, base: str, old: str, new: str, code: str, at: str, provision: str
) -> None:
    text = mutate(base, old, new)
    problems = problems_of(write(tmp_path, text))
    matching = [p for p in problems if p.code == code]
    assert matching, f"expected {code}, got {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.line == line_of(text, at), str(problem)
    assert (problem.provision or "") == provision, str(problem)


# (name, base, old, new, code, where, provision): the statute loads, `check` finds the error
LINTED: list[tuple[str, str, str, str, str, str, str]] = [
    ("staggered-share-tiny", "sammensat", "staggered: true", "staggered: true, staggered_share: '1/99999999999999999999999999'", "E632", "filled_by: {method: election, by: generalforsamling", "§ 1, stk. 2"),
    ("rotation-and-choice", "sammensat", "      rotation: {order", "      chosen_by: bestyrelse\n      rotation: {order", "E630", "rotation: {order", "§ 1, stk. 6"),
    ("participants-on-a-board", "sammensat", "{id: bestyrelsesflertal, quorum: {count: 3}, majority: simple,", "{id: bestyrelsesflertal, quorum: {count: 3}, majority: unanimity, base: participants,", "E633", "  - id: bestyrelse", "§ 2, stk. 2"),
    ("signing-count-1000", "sammensat", "{body: bestyrelse}]\n", "{body: bestyrelse, count: 1000}]\n", "E612", "  alternatives:", "§ 1, stk. 7"),
    ("signing-count-huge", "sammensat", "{body: bestyrelse}]\n", "{body: bestyrelse, count: 99999999999999999999999}]\n", "E612", "  alternatives:", "§ 1, stk. 7"),
    ("signing-count-above-max", "sammensat", "{body: bestyrelse}]\n", "{body: bestyrelse, count: 6}]\n", "E612", "  alternatives:", "§ 1, stk. 7"),
    ("signing-chair-of-an-assembly", "sammensat", "{body: bestyrelse}]\n", "{body: generalforsamling, chair: true}]\n", "E612", "  alternatives:", "§ 1, stk. 7"),
    ("band-upside-down", "medlemmer", "from: 25000, under: 60000", "from: 60000, under: 25000", "E620", "{id: mellem", "§ 4, stk. 2"),
    ("band-empty", "medlemmer", "from: 25000, under: 60000", "from: 25000, under: 25000", "E620", "{id: mellem", "§ 4, stk. 2"),
    ("band-overlap", "medlemmer", "from: 60000, under: 120000", "from: 50000, under: 120000", "E621", "{id: stor, name", "§ 4, stk. 2"),
    ("band-gap", "medlemmer", "from: 60000, under: 120000", "from: 70000, under: 120000", "E622", "{id: stor, name", "§ 4, stk. 2"),
    ("top-band-with-under", "medlemmer", "from: 120000, amount: 80000", "from: 120000, under: 200000, amount: 80000", "E622", "{id: storst", "§ 4, stk. 2"),
    ("closed-kind-named-member", "medlemmer", "{kind: region, open: true,", "{kind: region, open: false,", "E623", "{id: region-sjaelland", "§ 2, stk. 3"),
    ("agreement-from-the-holder", "minimal", '      - {kind: recommendation, from: bestyrelse, provision: "§ 3, stk. 3"}', '      - {kind: agreement, from: generalforsamling, provision: "§ 3, stk. 3"}', "E607", "{kind: agreement", "§ 3, stk. 3"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "old", "new", "code", "at", "provision"),
    [pytest.param(*case[1:], id=case[0]) for case in LINTED],
)
def test_a_new_key_that_cannot_work_is_a_finding(
    tmp_path: Path, base: str, old: str, new: str, code: str, at: str, provision: str
) -> None:
    text = mutate(base, old, new)
    statute = fr.load(write(tmp_path, text))
    matching = [f for f in fr.check(statute) if f.code == code]
    assert matching, f"expected {code}"
    assert matching[0].line == line_of(text, at), str(matching[0])
    assert (matching[0].provision or "") == provision, str(matching[0])


# Statutes that load (some oddly): every command must still answer without crashing.
LOADS: list[tuple[str, str]] = [
    ("seats-huge", mutate("sammensat", "seats: {min: 3, max: 5}", "seats: {min: 3, max: 99999999999999999999999}")),
    ("alternates-huge", mutate("sammensat", "alternates: {per_seat: 1,", "alternates: {per_seat: 10000000000000000000000,")),
    ("alternates-empty", mutate("sammensat", 'alternates: {per_seat: 1, provision: "§ 1, stk. 4"}', "alternates: {}")),
    ("alternates-on-assembly", mutate("sammensat", GF_VOTING, GF_VOTING + "    alternates: {per_seat: 1}\n")),
    ("observers-on-assembly", mutate("sammensat", GF_VOTING, GF_VOTING + "    observers: {sent_by: [KL]}\n")),
    ("rotation-on-assembly", mutate("sammensat", GF_VOTING, GF_VOTING + "    chair: {rotation: {order: [Sorø, Køge], from_year: 2016}}\n")),
    ("range-on-assembly", mutate("sammensat", "    seats: members\n", "    seats: {min: 1, max: 5}\n")),
    ("set-up-assembly", mutate("sammensat", GF_VOTING, GF_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n")),
    ("term-huge", mutate("sammensat", "term_years: 2, staggered", "term_years: 100000000000000, staggered")),
    ("rotation-year-huge", mutate("sammensat", "from_year: 2016", "from_year: 99999999999999999999")),
    ("rotation-alphabetical", mutate("sammensat", "order: [Sorø, Køge, Næstved]", "order: alphabetical")),
    ("weights-zero", mutate("sammensat", WEIGHTS, "weights: {by_kind: {kommune: 0}, provision")),
    ("weights-huge", mutate("sammensat", WEIGHTS, "weights: {by_kind: {kommune: 100000000000000000000000000000}, provision")),
    ("two-meetings-individual", mutate("sammensat", "holder: generalforsamling, individual: true,", "holder: generalforsamling, individual: true, voting: oploesningsflertal,")),
    ("band-amount-huge", mutate("medlemmer", "under: 25000, amount: 20000", "under: 25000, amount: 100000000000000000000000000000")),
    ("limits-huge", mutate("sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n    limits: {budget_kr: 1000000000000000000000000000000000}\n")),
    ("notice-months-huge", mutate("sammensat", MEMBERSHIP, MEMBERSHIP + "  withdrawal: {earliest: phase_end, notice_months: 99999999999999, notice_to: quarter}\n")),
    ("notice-weeks-longest", mutate("sammensat", GF_MEETS, GF_MEETS + "      notice: {weeks: 520, called_by: bestyrelse}\n")),
    ("proposals-before-longest", mutate("sammensat", GF_MEETS, GF_MEETS + "      proposals_before_days: 3660\n")),
    ("signing-alias", mutate("sammensat", SIGN_ALT, "    - &a [{body: styregruppe, chair: true}, {body: bestyrelse}]\n    - *a\n")),
    ("interim-designated-range", with_interim().replace("    seats: 3\n    interim", "    seats: {min: 2, max: 4}\n    interim")),
    ("designation-with-term", with_interim("method: designation, term_years: 2, staggered: true,")),
]  # fmt: skip

CRASHING = {"designation-with-by": with_interim("method: designation, by: generalforsamling,")}

COMMANDS = [
    ("check",),
    ("explain",),
    ("explain", "bestyrelse"),
    ("explain", "bestyrelse", "indstil"),
    ("who", "indstil"),
    ("graph",),
    ("graph", "--format", "json"),
    ("graph", "--format", "dot"),
    ("test",),
    ("compare", str(FIXTURES / "sammensat.yaml")),
]


def cli_crashes(path: Path, commands: list[tuple[str, ...]] = COMMANDS) -> list[str]:
    """Each command on ``path`` that ends in a traceback or an internal error."""
    crashes = []
    for command in commands:
        name, *rest = command
        args = [name, str(path), *rest]
        result = CliRunner().invoke(cli, args)
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if crashed or result.exit_code == 3 or "Traceback" in result.output:
            crashes.append(f"{' '.join(command)}: {result.exception!r}")
    return crashes


UNLOADABLE = [(case[0], mutate(*case[1:4])) for case in REFUSED]
LOADABLE = [*((case[0], mutate(*case[1:4])) for case in LINTED), *LOADS]
# A file that cannot be loaded fails the same way in every command: three suffice.
FIRST_COMMANDS = [
    ("check",),
    ("explain", "bestyrelse"),
    ("compare", str(FIXTURES / "sammensat.yaml")),
]


@pytest.mark.parametrize(("text",), [pytest.param(t, id=n) for n, t in UNLOADABLE])
def test_no_command_crashes_on_a_malformed_statute(tmp_path: Path, text: str) -> None:
    assert cli_crashes(write(tmp_path, text), FIRST_COMMANDS) == []


@pytest.mark.parametrize(("text",), [pytest.param(t, id=n) for n, t in LOADABLE])
def test_no_command_crashes_on_an_odd_statute(tmp_path: Path, text: str) -> None:
    assert cli_crashes(write(tmp_path, text)) == []


@pytest.mark.parametrize(("text",), [pytest.param(t, id=n) for n, t in LOADS])
def test_an_odd_statute_that_loads_can_be_asked_and_checked(text: str) -> None:
    statute = fr.loads(text, name="odd.yaml")
    fr.check(statute)
    authority = fr.Authority(statute)
    for body in statute.bodies:
        for power in statute.powers:
            authority.check(body.id, power.id)


def test_explain_a_designated_body_that_names_a_by(tmp_path: Path) -> None:
    assert cli_crashes(write(tmp_path, CRASHING["designation-with-by"])) == []


# --- Statute: refusals that carry the wrong code, message or provision -------------------


def test_a_staggered_share_above_one_is_refused(tmp_path: Path) -> None:
    text = mutate("sammensat", "staggered: true", "staggered: true, staggered_share: '3/2'")
    statute = None
    try:
        statute = fr.load(write(tmp_path, text))
    except fr.StatuteError as error:
        assert any(p.code == "E204" for p in error.problems)
    else:
        assert [f for f in fr.check(statute) if f.severity.value == "error"]


@pytest.mark.parametrize(
    "order", ["[Sorø, Sorø, Køge]", "[]", "[Sorø, Køge, Næstved, Ringsted, Roskilde, Sorø]"]
)
def test_a_rotation_order_with_a_member_twice_or_empty_is_e204(tmp_path: Path, order: str) -> None:
    text = mutate("sammensat", "order: [Sorø, Køge, Næstved]", f"order: {order}")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "E204", str(problem)
    assert "a list is not allowed" not in problem.message


@pytest.mark.parametrize("seats", ["{min: -1, max: 5}", "{min: 0, max: 0}", "{min: null, max: 5}"])
def test_a_seat_range_with_a_bad_bound_says_what_is_wrong(tmp_path: Path, seats: str) -> None:
    text = mutate("sammensat", "seats: {min: 3, max: 5}", f"seats: {seats}")
    [problem] = problems_of(write(tmp_path, text))
    assert "a mapping is not allowed" not in problem.message, str(problem)


def test_weights_without_by_kind_or_by_member_is_a_missing_key(tmp_path: Path) -> None:
    text = mutate("sammensat", WEIGHTS, "weights: {provision")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "E203", str(problem)


def test_empty_weights_by_kind_asks_for_at_least_one(tmp_path: Path) -> None:
    text = mutate("sammensat", WEIGHTS, "weights: {by_kind: {}, provision")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "E204"
    assert "exactly one" not in problem.message, str(problem)


def test_bands_on_a_phase_payment_are_reported_once_per_key(tmp_path: Path) -> None:
    text = mutate("medlemmer", "    kind: membership_fee\n", "    kind: phase_payment\n")
    problems = problems_of(write(tmp_path, text))
    shown = [str(p) for p in problems]
    assert len(shown) == len(set(shown)), shown


def test_a_signing_alternative_asking_one_chair_twice_is_e612(tmp_path: Path) -> None:
    text = mutate(
        "sammensat",
        "[{body: styregruppe, chair: true}, {body: bestyrelse}]",
        "[{body: styregruppe, chair: true}, {body: styregruppe, chair: true}]",
    )
    statute = fr.load(write(tmp_path, text))
    assert [f for f in fr.check(statute) if f.code == "E612"]


def test_two_bodies_set_up_by_each_other_are_an_error(tmp_path: Path) -> None:
    text = mutate(
        "sammensat", SG_VOTING, SG_VOTING + "    set_up_by: {body: bestyrelse, power: indstil}\n"
    ).replace(
        "    vice_chair: {chosen_by: bestyrelse",
        "    set_up_by: {body: styregruppe, power: styr-projekt}\n"
        "    vice_chair: {chosen_by: bestyrelse",
    )
    statute = fr.load(write(tmp_path, text))
    assert [f for f in fr.check(statute) if f.severity.value == "error"]


@pytest.mark.parametrize(
    ("addition", "code", "provision"),
    [
        ("    vice_chair: {chosen_by: generalforsamling}\n", "E631", "§ 1, stk. 1"),
        ("    set_up_by: {body: bestyrelse, power: optag-medlem}\n", "E640", "§ 1, stk. 6"),
    ],
)
def test_a_finding_on_a_key_without_provision_cites_the_body(
    tmp_path: Path, addition: str, code: str, provision: str
) -> None:
    anchor = GF_VOTING if code == "E631" else SG_VOTING
    text = mutate("sammensat", anchor, anchor + addition)
    [finding] = [f for f in fr.check(fr.load(write(tmp_path, text))) if f.code == code]
    assert finding.provision == provision, str(finding)


def test_notice_to_a_financial_year_without_one_is_an_assumption(tmp_path: Path) -> None:
    text = mutate(
        "sammensat",
        MEMBERSHIP,
        MEMBERSHIP + "  withdrawal: {earliest: phase_end, notice_months: 6, notice_to: "
        'financial_year, provision: "§ 3, stk. 1"}\n',
    )
    findings = fr.check(fr.load(write(tmp_path, text)))
    assert [f for f in findings if f.code == "I501" and "financial year" in f.message.lower()]


# --- The protocol: composition and voting ----------------------------------------------

DAY = D(2016, 4, 1)
BOARD = {person(m): m for m in ("Køge", "Næstved", "Sorø")}


@pytest.fixture
def board() -> Association:
    """Founded; a board of three (Køge, Næstved, Sorø); board and assembly meet on DAY."""
    association = founded()
    elect_board(association, FOUNDING, BOARD)
    meet(association, "bestyrelse", DAY)
    meet(association, "generalforsamling", DAY)
    return association


GF = {"vote": vote(5)}
ALT = {"body": "bestyrelse", "person": "X", "municipality": "Køge", **GF}
NEW_SEAT = {"body": "bestyrelse", "person": "Y", "municipality": "Ringsted", **GF}
OBS_DAY = D(2016, 4, 2)

# (id, kind, day, actor, data, rule)
COMPOSITION: list[tuple[str, str, dt.date, str, dict[str, Any], str]] = [
    ("alternate-for-a-stranger", "elect", DAY, "generalforsamling", {**ALT, "alternate_for": "Nobody"}, "no-seat"),
    ("alternate-for-a-list", "elect", DAY, "generalforsamling", {**ALT, "alternate_for": ["KD Køge"]}, "missing-data"),
    ("alternate-for-a-mapping", "elect", DAY, "generalforsamling", {**ALT, "alternate_for": {"p": "KD Køge"}}, "missing-data"),
    ("alternate-for-a-number", "elect", DAY, "generalforsamling", {**ALT, "alternate_for": 5}, "missing-data"),
    ("alternate-for-empty", "elect", DAY, "generalforsamling", {**ALT, "alternate_for": ""}, "missing-data"),
    ("alternate-for-oneself", "elect", DAY, "generalforsamling", {**ALT, "person": "KD Køge", "alternate_for": "KD Køge"}, "seat-taken"),
    ("alternate-of-another-member", "elect", DAY, "generalforsamling", {**ALT, "municipality": "Sorø", "alternate_for": "KD Køge"}, "alternate-member"),
    ("alternate-without-member", "elect", DAY, "generalforsamling", {"body": "bestyrelse", "person": "X", "alternate_for": "KD Køge", **GF}, "missing-data"),
    ("alternate-who-sits", "elect", DAY, "generalforsamling", {**ALT, "person": "KD Sorø", "alternate_for": "KD Køge"}, "seat-taken"),
    ("alternate-where-none", "elect", DAY, "bestyrelse", {"body": "styregruppe", "person": "X", "municipality": "Køge", "alternate_for": "KD Køge", "vote": vote(3)}, "no-alternates"),
    *(
        (f"term-years-{name}", "elect", DAY, "generalforsamling", {**NEW_SEAT, "term_years": value}, "staggered")
        for name, value in [("true", True), ("text", "1"), ("float", 1.0), ("mapping", {"y": 1}), ("list", [1]), ("zero", 0), ("negative", -1), ("too-long", 3), ("huge", 10**30)]
    ),
    ("term-years-unstaggered", "elect", DAY, "bestyrelse", {"body": "styregruppe", "person": "Z", "municipality": "Køge", "term_years": 1, "vote": vote(3)}, "staggered"),
    ("person-a-list", "elect", DAY, "generalforsamling", {**NEW_SEAT, "person": ["A"]}, "bad-data"),
    ("person-a-mapping", "elect", DAY, "generalforsamling", {**NEW_SEAT, "person": {"a": 1}}, "bad-data"),
    ("body-a-list", "elect", DAY, "generalforsamling", {**NEW_SEAT, "body": ["bestyrelse"]}, "bad-data"),
    ("role-a-list", "choose-chair", DAY, "bestyrelse", {"body": "bestyrelse", "person": "KD Køge", "role": ["vice-chair"], "vote": vote(3)}, "bad-data"),
    ("role-unknown", "choose-chair", DAY, "bestyrelse", {"body": "bestyrelse", "person": "KD Køge", "role": "treasurer", "vote": vote(3)}, "bad-data"),
    ("role-a-bool", "choose-chair", DAY, "bestyrelse", {"body": "bestyrelse", "person": "KD Køge", "role": True, "vote": vote(3)}, "bad-data"),
    ("vice-chair-a-stranger", "choose-chair", DAY, "bestyrelse", {"body": "bestyrelse", "person": "Stranger", "role": "vice-chair", "vote": vote(3)}, "not-eligible"),
    ("vice-chair-by-the-assembly", "choose-chair", DAY, "generalforsamling", {"body": "bestyrelse", "person": "KD Køge", "role": "vice-chair", **GF}, "actor"),
    ("chair-by-the-board", "choose-chair", DAY, "bestyrelse", {"body": "bestyrelse", "person": "KD Køge", "vote": vote(3)}, "actor"),
    ("vice-chair-where-none", "choose-chair", DAY, "bestyrelse", {"body": "styregruppe", "person": "KD Køge", "role": "vice-chair", "vote": vote(3)}, "no-vice-chair"),
    *(
        (f"observers-{name}", "hold-meeting", OBS_DAY, "bestyrelse", {"observers": value}, "bad-data")
        for name, value in [("text", "KL"), ("no-sender", [{"person": "O"}]), ("no-person", [{"sent_by": "KL"}]), ("number", [5]), ("mapping", {"person": "O", "sent_by": "KL"}), ("person-list", [{"person": ["O"], "sent_by": "KL"}])]
    ),
    ("observer-of-another-sender", "hold-meeting", OBS_DAY, "bestyrelse", {"observers": [{"person": "O", "sent_by": "DR"}]}, "observers"),
    ("observers-too-many", "hold-meeting", OBS_DAY, "bestyrelse", {"observers": [{"person": "O", "sent_by": "KL"}, {"person": "P", "sent_by": "KL"}]}, "observers"),
    ("observer-who-sits", "hold-meeting", OBS_DAY, "bestyrelse", {"observers": [{"person": "KD Køge", "sent_by": "KL"}]}, "observers"),
    ("observers-where-none", "hold-meeting", OBS_DAY, "generalforsamling", {"observers": [{"person": "O", "sent_by": "KL"}]}, "observers"),
]  # fmt: skip

THREE = ["KD Køge", "KD Sorø", "KD Næstved"]
VOTES: list[tuple[str, Any, str]] = [
    ("present-a-bool", {"present": True, "yes": 3, "no": 0}, "bad-vote"),
    ("yes-a-bool", {"present": 3, "yes": True, "no": 0}, "bad-vote"),
    ("present-a-float", {"present": 3.0, "yes": 3, "no": 0}, "bad-vote"),
    ("present-text", {"present": "3", "yes": 3, "no": 0}, "bad-vote"),
    ("alternates-none-elected", {"present": 3, "yes": 3, "no": 0, "alternates": 1}, "bad-vote"),
    ("alternates-a-bool", {"present": 3, "yes": 3, "no": 0, "alternates": True}, "bad-vote"),
    ("alternates-negative", {"present": 3, "yes": 3, "no": 0, "alternates": -1}, "bad-vote"),
    ("alternates-text", {"present": 3, "yes": 3, "no": 0, "alternates": "1"}, "bad-vote"),
    ("chair-absent-text", {"present": 3, "yes": 3, "no": 0, "chair_absent": "yes"}, "bad-vote"),
    ("named-twice-for", {"yes": ["KD Køge", "KD Køge", "KD Sorø"], "no": []}, "bad-vote"),
    ("named-for-and-against", {"yes": ["KD Køge", "KD Sorø"], "no": ["KD Køge"]}, "bad-vote"),
    ("named-stranger", {"yes": ["KD Køge", "KD Sorø", "Stranger"]}, "not-a-voter"),
    ("named-text", {"yes": "KD Køge"}, "bad-vote"),
    ("named-mappings", {"yes": [{"p": 1}], "no": []}, "bad-vote"),
    ("named-no-one", {"yes": [], "no": []}, "not-quorate"),
    ("named-present-below", {"yes": THREE, "present": 2}, "bad-vote"),
    ("named-present-above-seats", {"yes": THREE, "present": 5}, "bad-vote"),
    ("named-no-null", {"yes": THREE, "no": None}, "bad-vote"),
    ("named-with-alternates", {"yes": THREE, "alternates": 2}, "bad-vote"),
    ("named-present-bool", {"yes": THREE, "present": True}, "bad-vote"),
    ("named-and-counted", {"yes": THREE, "present": 3, "no": 0}, "bad-vote"),
    ("named-casting-without-chair", {"yes": THREE, "chair": "yes"}, "no-chair"),
    ("unknown-key", {"present": 3, "yes": 3, "no": 0, "bogus": 1}, "bad-vote"),
    ("abstain-negative", {"present": 3, "yes": 3, "no": 0, "abstain": -1}, "bad-vote"),
    ("no-negative", {"present": 3, "yes": 4, "no": -1}, "bad-vote"),
    ("a-list", [3, 3, 0], "bad-vote"),
    ("text", "yes", "bad-vote"),
    ("a-number", 3, "bad-vote"),
    ("null", None, "no-vote"),
    ("empty", {}, "bad-vote"),
]


@pytest.mark.parametrize(
    ("kind", "day", "actor", "data", "rule"),
    [pytest.param(*case[1:], id=case[0]) for case in COMPOSITION],
)
def test_an_odd_composition_event_is_refused_with_its_rule(
    board: Association, kind: str, day: dt.date, actor: str, data: dict[str, Any], rule: str
) -> None:
    assert refused(board, kind, day, actor, **data).rule == rule


@pytest.mark.parametrize(("ballot", "rule"), [pytest.param(*v[1:], id=v[0]) for v in VOTES])
def test_an_odd_vote_is_refused_with_its_rule(board: Association, ballot: Any, rule: str) -> None:
    error = refused(board, "exercise", DAY, "bestyrelse", power="indstil", vote=ballot)
    assert error.rule == rule
    assert error.provision is not None


def test_an_alternate_votes_only_in_place_of_its_holder(board: Association) -> None:
    act(board, "hold-meeting", D(2016, 4, 2), "generalforsamling")
    act(board, "elect", D(2016, 4, 2), "generalforsamling", **{**ALT, "person": "Alt Køge", "alternate_for": "KD Køge"})  # fmt: skip
    later = D(2016, 4, 3)
    meet(board, "bestyrelse", later)
    beside = {"yes": ["KD Køge", "Alt Køge", "KD Sorø"]}
    assert refused(board, "exercise", later, "bestyrelse", power="indstil", vote=beside).rule == (
        "not-a-voter"
    )
    too_many = {"present": 3, "yes": 3, "no": 0, "alternates": 2}
    assert refused(board, "exercise", later, "bestyrelse", power="indstil", vote=too_many).rule == (
        "bad-vote"
    )
    second = {**ALT, "person": "Alt2", "alternate_for": "KD Køge"}
    meet(board, "generalforsamling", later)
    assert refused(board, "elect", later, "generalforsamling", **second).rule == "alternates-full"
    chair = {"body": "bestyrelse", "person": "Alt Køge", **GF}
    assert (
        refused(board, "choose-chair", later, "generalforsamling", **chair).rule == "not-eligible"
    )
    act(board, "exercise", later, "bestyrelse", power="indstil", vote={"yes": ["Alt Køge", "KD Sorø", "KD Næstved"]})  # fmt: skip


# --- Weighted votes and a phase's participants ---------------------------------------------

FEE = {"power": "fastsaet-kontingent"}
WEIGHTED: list[tuple[str, Any, str]] = [
    ("member-twice", {"yes": ["Køge", "Køge", "Sorø"], "no": []}, "bad-vote"),
    ("member-for-and-against", {"yes": ["Køge", "Sorø"], "no": ["Køge"]}, "bad-vote"),
    ("non-member", {"yes": ["Køge", "Sorø", "Odense"]}, "not-a-voter"),
    ("by-heads", vote(5), "named-vote"),
    ("a-person", {"yes": ["KD Køge", "Sorø", "Ringsted"]}, "not-a-voter"),
    ("numbers", {"yes": [1, 2]}, "bad-vote"),
    ("present-below-named", {"yes": ["Køge", "Sorø", "Ringsted"], "present": 1}, "bad-vote"),
    ("text", {"yes": "Køge"}, "named-vote"),
    ("all-abstain", {"abstain": ["Køge", "Sorø", "Ringsted"]}, "vote-failed"),
]


@pytest.mark.parametrize(("ballot", "rule"), [pytest.param(*v[1:], id=v[0]) for v in WEIGHTED])
def test_an_odd_weighted_vote_is_refused(board: Association, ballot: Any, rule: str) -> None:
    error = refused(board, "exercise", DAY, "generalforsamling", vote=ballot, **FEE)
    assert (error.rule, str(error.provision)) == (rule, "§ 2, stk. 6")


def test_a_lawful_weighted_vote_passes(board: Association) -> None:
    ballot = {"yes": ["Køge", "Sorø", "Ringsted"], "no": ["Roskilde"]}
    act(board, "exercise", DAY, "generalforsamling", vote=ballot, **FEE)


@pytest.mark.parametrize(
    ("phase", "rule"),
    [(None, "participants-phase"), (["fase-1"], "bad-data"), ("fase-9", "unknown-phase")],
)
def test_a_participants_vote_needs_a_phase_on_record(
    board: Association, phase: Any, rule: str
) -> None:
    data: dict[str, Any] = {"power": "godkend-projekt", "vote": {"yes": ["Køge"]}}
    if phase is not None:
        data["phase"] = phase
    assert refused(board, "exercise", DAY, "generalforsamling", **data).rule == rule


# --- Two consecutive meetings: first-vote ---------------------------------------------------

ORDINARY, NEXT = D(2017, 3, 1), D(2017, 4, 1)
FIRST = vote(5, yes=4, no=1)
DISSOLVE = {"power": "oploes-foreningen", "vote": FIRST}


@pytest.fixture
def assembly() -> Association:
    association = founded()
    meet(association, "generalforsamling", ORDINARY)
    return association


@pytest.mark.parametrize(
    ("actor", "data", "rule"),
    [
        pytest.param("generalforsamling", {"vote": FIRST}, "missing-data", id="no-power"),
        pytest.param("generalforsamling", {**DISSOLVE, "power": ["oploes-foreningen"]}, "bad-data", id="power-list"),
        pytest.param("generalforsamling", {**DISSOLVE, "power": {"x": 1}}, "bad-data", id="power-mapping"),
        pytest.param("generalforsamling", {"power": "oploes-foreningen"}, "no-vote", id="no-vote"),
        pytest.param("generalforsamling", {**DISSOLVE, "vote": True}, "bad-vote", id="vote-bool"),
        pytest.param("generalforsamling", {"proposal": "nope", "vote": FIRST}, "unknown-proposal", id="unknown-proposal"),
        pytest.param("generalforsamling", {**DISSOLVE, "phase": "nope"}, "unknown-phase", id="unknown-phase"),
        pytest.param("generalforsamling", {**DISSOLVE, "power": "meddel-deltagelse"}, "two-meetings", id="individual-power"),
        pytest.param("generalforsamling", {**DISSOLVE, "power": "vedtag-faser"}, "two-meetings", id="one-meeting-rule"),
        pytest.param("generalforsamling", {**DISSOLVE, "power": "opløs"}, "unknown-power", id="unknown-power"),
        pytest.param("generalforsamling", {**DISSOLVE, "vote": vote(5, yes=3, no=2)}, "vote-failed", id="first-vote-fails"),
        pytest.param("Sorø", DISSOLVE, "actor", id="by-a-member"),
        pytest.param("nobody", DISSOLVE, "unknown-municipality", id="by-a-stranger"),
    ],
)  # fmt: skip
def test_an_odd_first_vote_is_refused(
    assembly: Association, actor: str, data: dict[str, Any], rule: str
) -> None:
    assert refused(assembly, "first-vote", ORDINARY, actor, **data).rule == rule


def test_the_act_on_the_day_of_its_first_vote_is_refused(assembly: Association) -> None:
    act(assembly, "first-vote", ORDINARY, "generalforsamling", **DISSOLVE)
    error = refused(assembly, "dissolve", ORDINARY, "generalforsamling", vote=FIRST)
    assert (error.rule, str(error.provision)) == ("two-meetings", "§ 2, stk. 4")


def test_a_first_vote_before_the_founding_and_after_the_end_is_refused() -> None:
    early = Association(founded().statute)
    for member in MEMBERS:
        act(early, "apply", D(2016, 2, 1), member)
    meet(early, "generalforsamling", D(2016, 2, 2))
    before = refused(early, "first-vote", D(2016, 2, 2), "generalforsamling", **DISSOLVE)
    assert before.rule == "not-founded"
    ended = founded()
    meet(ended, "generalforsamling", ORDINARY)
    act(ended, "first-vote", ORDINARY, "generalforsamling", **DISSOLVE)
    meet(ended, "generalforsamling", NEXT)
    act(ended, "dissolve", NEXT, "generalforsamling", vote=FIRST)
    after = refused(ended, "first-vote", NEXT, "generalforsamling", **DISSOLVE)
    assert after.rule == "association-ended"
    assert refused(ended, "hold-meeting", D(2017, 5, 1), "generalforsamling").rule == (
        "association-ended"
    )


RULES = {"power": "aendr-forretningsorden"}


def test_a_first_vote_in_writing_is_refused_even_on_a_meeting_day(board: Association) -> None:
    error = refused(board, "first-vote", DAY, "bestyrelse", written=True, vote=vote(3), **RULES)
    assert error.rule == "two-meetings"


def test_the_second_vote_in_writing_is_refused_even_on_a_meeting_day(board: Association) -> None:
    act(board, "first-vote", DAY, "bestyrelse", vote=vote(3), **RULES)
    later = D(2016, 5, 1)
    meet(board, "bestyrelse", later)
    error = refused(board, "exercise", later, "bestyrelse", written=True, vote=vote(3), **RULES)
    assert error.rule == "two-meetings"


@pytest.mark.parametrize("written", ["no", "ja", 1, [True]])
def test_written_must_be_a_boolean(board: Association, written: Any) -> None:
    error = refused(
        board, "exercise", DAY, "bestyrelse", power="indstil", written=written, vote=vote(3)
    )
    assert error.rule == "bad-data"


def test_proposals_before_days_refuses_a_late_proposal() -> None:
    statute = fr.loads(
        SAMMENSAT.replace(
            "meetings: {written_procedure: true,",
            "meetings: {proposals_before_days: 40, written_procedure: true,",
        ),
        name="frist.yaml",
    )
    association = founded_with(statute)
    act(association, "draft-proposal", DAY, "bestyrelse", proposal="p1", body="bestyrelse", power="indstil")  # fmt: skip
    meet(association, "bestyrelse", D(2016, 5, 1))
    error = refused(association, "vote", D(2016, 5, 1), "bestyrelse", proposal="p1", vote=vote(3))
    assert (error.rule, str(error.provision)) == ("proposal-deadline", "§ 2, stk. 8")


def founded_with(statute: fr.Statute) -> Association:
    association = Association(statute)
    for member in MEMBERS:
        act(association, "apply", D(2016, 2, 1), member)
    meet(association, "generalforsamling", FOUNDING)
    act(association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(5))
    for member in MEMBERS:
        act(association, "admit", FOUNDING, "generalforsamling", municipality=member, vote=vote(5))
    elect_board(association, FOUNDING, BOARD)
    return association


@pytest.mark.parametrize("days", [10_000_000, 99_999_999_999_999_999])
def test_a_huge_proposal_deadline_is_refused_at_load(days: int) -> None:
    text = SAMMENSAT.replace(
        "meetings: {written_procedure: true,",
        f"meetings: {{proposals_before_days: {days}, written_procedure: true,",
    )
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="frist.yaml")
    [problem] = caught.value.problems
    assert problem.code == "E204"
    assert problem.line == line_of(text, f"proposals_before_days: {days}")
    assert "above the greatest allowed value 3660" in problem.message


def test_the_longest_proposal_deadline_does_not_crash() -> None:
    statute = fr.loads(
        SAMMENSAT.replace(
            "meetings: {written_procedure: true,",
            "meetings: {proposals_before_days: 3660, written_procedure: true,",
        ),
        name="frist.yaml",
    )
    association = founded_with(statute)
    act(association, "draft-proposal", DAY, "bestyrelse", proposal="p1", body="bestyrelse", power="indstil")  # fmt: skip
    meet(association, "bestyrelse", D(2016, 5, 1))
    with pytest.raises(fr.RuleViolation):
        act(association, "vote", D(2016, 5, 1), "bestyrelse", proposal="p1", vote=vote(3))


def test_a_huge_notice_or_term_does_not_crash() -> None:
    huge = SAMMENSAT.replace(
        GF_MEETS, GF_MEETS + "      notice: {weeks: 99999999999999999, called_by: bestyrelse}\n"
    )
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(huge, name="weeks.yaml")
    assert [p.code for p in caught.value.problems] == ["E204"]
    weeks = huge.replace("weeks: 99999999999999999", "weeks: 520")
    association = founded_with(fr.loads(weeks, name="weeks.yaml"))
    meeting = {"called_on": "2016-03-01", "called_by": "bestyrelse"}
    error = refused(association, "hold-meeting", DAY, "generalforsamling", **meeting)
    assert error.rule == "meeting-notice"
    term = SAMMENSAT.replace("term_years: 2, staggered", "term_years: 100000000000000, staggered")
    association = Association(fr.loads(term, name="term.yaml"))
    for member in MEMBERS:
        act(association, "apply", D(2016, 2, 1), member)
    meet(association, "generalforsamling", FOUNDING)
    act(association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(5))
    for member in MEMBERS:
        act(association, "admit", FOUNDING, "generalforsamling", municipality=member, vote=vote(5))
    elect_board(association, FOUNDING, {person("Køge"): "Køge"})
    second = {"body": "bestyrelse", "person": "KD Sorø", "municipality": "Sorø", **GF}
    assert refused(association, "elect", FOUNDING, "generalforsamling", **second).rule == (
        "staggered"
    )
    assert association.at(D(2030, 1, 1)).seats["bestyrelse"]


# --- Signing -----------------------------------------------------------------------------

SIGN_DAY = D(2016, 5, 1)


@pytest.fixture
def signing() -> Association:
    association = founded()
    elect_board(association, FOUNDING, BOARD)
    meet(association, "bestyrelse", FOUNDING)
    for member in ("Sorø", "Køge", "Næstved"):
        act(association, "elect", FOUNDING, "bestyrelse", body="styregruppe",
            person=f"SG {member}", municipality=member, vote=vote(3))  # fmt: skip
    return association


@pytest.mark.parametrize(
    ("actor", "signers", "rule"),
    [
        pytest.param("bestyrelse", "SG Sorø", "bad-data", id="text"),
        pytest.param("bestyrelse", [], "bad-data", id="empty"),
        pytest.param("bestyrelse", [{"person": "SG Sorø"}], "bad-data", id="mappings"),
        pytest.param("bestyrelse", [1, 2], "bad-data", id="numbers"),
        pytest.param("bestyrelse", None, "bad-data", id="null"),
        pytest.param("bestyrelse", [["SG Sorø"], "KD Køge"], "bad-data", id="nested"),
        pytest.param("bestyrelse", {"SG Sorø": 1, "KD Køge": 1}, "bad-data", id="mapping"),
        pytest.param("bestyrelse", ["SG Sorø", "SG Sorø"], "signing", id="one-person-twice"),
        pytest.param("bestyrelse", ["SG Sorø", "Nobody"], "signing", id="a-stranger"),
        pytest.param("bestyrelse", ["SG Køge", "KD Køge"], "signing", id="not-the-rotation-chair"),
        pytest.param("bestyrelse", ["SG Sorø", ""], "signing", id="empty-name"),
        pytest.param("Sorø", ["SG Sorø", "KD Køge"], "actor", id="by-a-member"),
        pytest.param("nobody", ["SG Sorø", "KD Køge"], "unknown-municipality", id="by-a-stranger"),
    ],
)
def test_an_odd_signing_is_refused(
    signing: Association, actor: str, signers: Any, rule: str
) -> None:
    assert refused(signing, "sign", SIGN_DAY, actor, signers=signers).rule == rule


def test_the_rotation_decides_who_signs_as_chair(signing: Association) -> None:
    act(signing, "sign", SIGN_DAY, "bestyrelse", signers=["SG Sorø", "KD Køge"])
    next_year = D(2017, 5, 1)
    assert refused(
        signing, "sign", next_year, "bestyrelse", signers=["SG Sorø", "KD Køge"]
    ).rule == ("signing")
    act(signing, "sign", next_year, "bestyrelse", signers=["SG Køge", "KD Sorø"])


def test_a_stranger_among_lawful_signers_is_refused(signing: Association) -> None:
    signers = ["SG Sorø", "KD Køge", "Nobody"]
    assert refused(signing, "sign", SIGN_DAY, "bestyrelse", signers=signers).rule == "signing"


# --- Bodies set up by decision -------------------------------------------------------------

SU_DAY, SU_LATER = D(2016, 1, 4), D(2016, 3, 1)
SU_VOTE3 = {"present": 3, "yes": 3, "no": 0}
SU_VOTE2 = {"present": 2, "yes": 2, "no": 0}
ACQUIRE = {"power": "styr-projekt", "area": "it", "product": "Sagsoverblik", "amount_kr": 1}


def set_up_association(set_up: bool = True) -> Association:
    import test_set_up_bodies as su

    association = su.founded()
    if set_up:
        su.set_up(association)
        act(association, "hold-meeting", SU_LATER, "sagsgruppe")
    else:
        act(association, "hold-meeting", SU_DAY, "bestyrelse")
    return association


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        pytest.param({"body": ["sagsgruppe"]}, "bad-data", id="body-list"),
        pytest.param({"body": "nope"}, "unknown-body", id="unknown-body"),
        pytest.param({}, "missing-data", id="no-body"),
        pytest.param({"body": "sagsgruppe", "name": {"x": 1}}, "bad-data", id="name-mapping"),
        pytest.param({"body": "sagsgruppe", "name": ["a"]}, "bad-data", id="name-list"),
        pytest.param({"body": "sagsgruppe", "name": 5}, "bad-data", id="name-number"),
        pytest.param({"body": "sagsgruppe", "name": ""}, "bad-data", id="name-empty"),
        pytest.param({"body": "direktion"}, "not-set-up-by-decision", id="a-statute-body"),
    ],
)
def test_an_odd_set_up_is_refused(data: dict[str, Any], rule: str) -> None:
    association = set_up_association(set_up=False)
    error = refused(association, "set-up-body", SU_DAY, "bestyrelse", vote=SU_VOTE3, **data)
    assert error.rule == rule


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        pytest.param({"amount_kr": True}, "bad-data", id="amount-bool"),
        pytest.param({"amount_kr": -5}, "bad-data", id="amount-negative"),
        pytest.param({"amount_kr": "100"}, "bad-data", id="amount-text"),
        pytest.param({"amount_kr": 1.5}, "bad-data", id="amount-float"),
        pytest.param({"amount_kr": {"kr": 1}}, "bad-data", id="amount-mapping"),
        pytest.param({"amount_kr": 10**30}, "limit-budget", id="amount-huge"),
        pytest.param({"amount_kr": 500001}, "limit-budget", id="amount-over"),
        pytest.param({"amount_kr": None}, "limit-budget", id="amount-null"),
        pytest.param({"product": "Andet"}, "limit-product", id="other-product"),
        pytest.param({"area": "teknik-og-miljoe"}, "limit-area", id="other-area"),
    ],
)
def test_an_act_outside_the_limits_is_refused(changes: dict[str, Any], rule: str) -> None:
    association = set_up_association()
    data = {**ACQUIRE, **changes}
    error = refused(association, "exercise", SU_LATER, "sagsgruppe", vote=SU_VOTE2, **data)
    assert (error.rule, str(error.provision)) == (
        rule,
        "§ 22, stk. 2" if rule.startswith("limit") else str(error.provision),
    )


def test_the_coordinator_is_appointed_by_its_body_only() -> None:
    association = set_up_association()
    act(association, "hold-meeting", SU_LATER, "bestyrelse")
    cases = [
        ("bestyrelse", {"body": "sagsgruppe", "person": ["P"]}, "bad-data"),
        ("bestyrelse", {"body": "nope", "person": "P"}, "unknown-body"),
        ("bestyrelse", {"body": "direktion", "person": "P"}, "not-set-up-by-decision"),
    ]
    for actor, data, rule in cases:
        error = refused(association, "appoint-coordinator", SU_LATER, actor, vote=SU_VOTE3, **data)
        assert error.rule == rule
    by_itself = {"body": "sagsgruppe", "person": "Projektleder 1"}
    error = refused(association, "appoint-coordinator", SU_LATER, "sagsgruppe", vote=SU_VOTE2, **by_itself)  # fmt: skip
    assert (error.rule, str(error.provision)) == ("actor", "§ 22, stk. 3")


def test_a_dissolved_body_does_nothing() -> None:
    association = set_up_association()
    act(association, "hold-meeting", D(2016, 3, 2), "bestyrelse")
    act(association, "dissolve-body", D(2016, 3, 2), "bestyrelse", vote=SU_VOTE3, body="sagsgruppe")
    after = D(2016, 3, 2)
    attempts = [
        ("exercise", "sagsgruppe", {"vote": SU_VOTE2, **ACQUIRE}),
        ("hold-meeting", "sagsgruppe", {}),
        ("first-vote", "sagsgruppe", {"vote": SU_VOTE2, "power": "styr-projekt"}),
        ("appoint-coordinator", "bestyrelse", {"vote": SU_VOTE3, "body": "sagsgruppe", "person": "P"}),
        ("dissolve-body", "bestyrelse", {"vote": SU_VOTE3, "body": "sagsgruppe"}),
        ("elect", "bestyrelse", {"vote": SU_VOTE3, "body": "sagsgruppe", "person": "P", "municipality": "Sorø"}),
    ]  # fmt: skip
    for kind, actor, data in attempts:
        error = refused(association, kind, after, actor, **data)
        assert (error.rule, str(error.provision)) == ("not-set-up", "§ 22, stk. 1"), kind
    dissolve = {"vote": SU_VOTE3, "body": "nope"}
    assert refused(association, "dissolve-body", after, "bestyrelse", **dissolve).rule == (
        "unknown-body"
    )
    assert refused(association, "dissolve-body", after, "bestyrelse", vote=SU_VOTE3).rule == (
        "missing-data"
    )
    past = refused(association, "dissolve-body", D(2015, 12, 1), "bestyrelse", **dissolve)
    assert past.rule == "out-of-order"


# --- Member kinds and categories -----------------------------------------------------------

M_DAY = dt.date(2024, 3, 1)
FOUNDERS = ["Sorø", "Solrød", "naestved", "region-sjaelland", "kl", "digst"]
M_YES = {"present": 6, "yes": 6, "no": 0}


def members_association() -> Association:
    association = Association(fr.load(MEDLEMMER_PATH))
    for member in FOUNDERS:
        act(association, "apply", M_DAY, member)
    act(association, "hold-meeting", M_DAY, "generalforsamling")
    for member in FOUNDERS:
        act(association, "admit", M_DAY, "generalforsamling", municipality=member, vote=M_YES)
    return association


@pytest.mark.parametrize(
    ("actor", "data", "rule"),
    [
        pytest.param("generalforsamling", {"municipality": "region-sjaelland", "category": "huge"}, "unknown-category", id="unknown-band"),
        pytest.param("generalforsamling", {"municipality": "region-sjaelland", "category": ["storst"]}, "missing-data", id="band-list"),
        pytest.param("generalforsamling", {"municipality": "region-sjaelland", "category": 3}, "missing-data", id="band-number"),
        pytest.param("generalforsamling", {"category": "storst"}, "missing-data", id="no-member"),
        pytest.param("generalforsamling", {"municipality": "odense", "category": "storst"}, "unknown-municipality", id="unknown-member"),
        pytest.param("generalforsamling", {"municipality": ["kl"], "category": "storst"}, "bad-data", id="member-list"),
        pytest.param("generalforsamling", {"municipality": "Sorø", "category": "storst"}, "category-not-needed", id="a-kommune"),
        pytest.param("generalforsamling", {"municipality": "digst", "category": "storst"}, "category-not-needed", id="a-kind-with-amount"),
        pytest.param("generalforsamling", {"municipality": "kl", "category": "storst", "rule": "nope"}, "unknown-rule", id="unknown-rule"),
        pytest.param("generalforsamling", {"municipality": "kl", "category": "storst", "rule": ["kontingent"]}, "unknown-rule", id="rule-list"),
        pytest.param("generalforsamling", {"municipality": "kl"}, "missing-data", id="no-band"),
        pytest.param("kl", {"municipality": "kl", "category": "lille"}, "actor", id="by-the-member"),
    ],
)  # fmt: skip
def test_an_odd_category_is_refused(actor: str, data: dict[str, Any], rule: str) -> None:
    association = members_association()
    error = refused(association, "assign-category", M_DAY, actor, vote=M_YES, **data)
    assert error.rule == rule


def test_a_category_needs_a_meeting_a_vote_and_a_member() -> None:
    association = members_association()
    data = {"municipality": "kl", "category": "lille"}
    assert refused(association, "assign-category", M_DAY, "generalforsamling", **data).rule == (
        "no-vote"
    )
    later = dt.date(2024, 3, 2)
    error = refused(association, "assign-category", later, "generalforsamling", vote=M_YES, **data)
    assert error.rule == "no-meeting"
    empty = Association(fr.load(MEDLEMMER_PATH))
    error = refused(empty, "assign-category", M_DAY, "generalforsamling", vote=M_YES, **data)
    assert (error.rule, str(error.provision)) == ("not-a-member", "§ 4, stk. 4")


def test_fees_for_odd_members_are_economy_errors() -> None:
    association = members_association()
    state = association.at(M_DAY)
    for member in ("nobody", "Sorø", "region-sjaelland"):
        with pytest.raises(EconomyError):
            fee_for(association.statute, member, 2024, population={}, state=state)


@pytest.mark.parametrize("year", [0, 1, 10000])
def test_a_fee_for_a_year_out_of_range_is_an_economy_error(year: int) -> None:
    association = members_association()
    with pytest.raises(EconomyError):
        fee_for(association.statute, "Sorø", year, population={}, state=association.at(M_DAY))


# --- Agreement and interim bodies ----------------------------------------------------------

AG_DAY = D(2016, 1, 4)


def bundled_founded() -> Association:
    statute = fr.load(BUNDLED)
    association = Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, D(2015, 10, 1))
    return association


@pytest.mark.parametrize(
    ("actor", "data", "rule"),
    [
        pytest.param("direktion", {}, "missing-data", id="no-power"),
        pytest.param("direktion", {"power": ["beslut-sekretariatsopgaven"]}, "bad-data", id="power-list"),
        pytest.param("direktion", {"power": "nope"}, "unknown-power", id="unknown-power"),
        pytest.param("direktion", {"power": "led-etableringen"}, "not-entitled", id="power-asking-none"),
        pytest.param("generalforsamling", {"power": "beslut-sekretariatsopgaven"}, "not-entitled", id="wrong-body"),
        pytest.param("Køge", {"power": "beslut-sekretariatsopgaven"}, "not-entitled", id="a-member"),
        pytest.param("bestyrelse", {"power": "beslut-sekretariatsopgaven"}, "not-entitled", id="the-holder"),
        pytest.param("direktion", {"power": "beslut-sekretariatsopgaven"}, "no-meeting", id="no-meeting"),
    ],
)  # fmt: skip
def test_an_odd_agreement_is_refused(actor: str, data: dict[str, Any], rule: str) -> None:
    association = bundled_founded()
    act(association, "hold-meeting", AG_DAY, "bestyrelse")
    assert refused(association, "agree", AG_DAY, actor, vote=SU_VOTE3, **data).rule == rule


def test_a_decision_together_with_a_body_needs_its_agreement() -> None:
    association = bundled_founded()
    act(association, "hold-meeting", AG_DAY, "bestyrelse")
    error = refused(
        association,
        "exercise",
        AG_DAY,
        "bestyrelse",
        power="beslut-sekretariatsopgaven",
        vote=SU_VOTE3,
    )
    assert (error.rule, str(error.provision)) == ("requires-agreement", "§ 6, stk. 8")


def test_a_designated_interim_body_keeps_its_seats() -> None:
    association = Association(fr.load(BUNDLED))
    day = D(2015, 3, 1)
    vacate = {"body": "interim-bestyrelse", "person": "X"}
    assert refused(association, "vacate", day, "generalforsamling", **vacate).rule == "designated"
    power = refused(
        association, "exercise", day, "interim-bestyrelse", power="udarbejd-strategiplan"
    )
    assert power.rule == "power:no-chain"


def test_an_interim_body_does_not_meet_after_the_founding() -> None:
    association = bundled_founded()
    error = refused(association, "hold-meeting", D(2015, 10, 2), "interim-bestyrelse")
    assert error.rule == "interim-ended"


# --- Every refusal is a library error -------------------------------------------------------


def test_odd_events_raise_only_library_errors(board: Association) -> None:
    """A battery of odd data on the new event kinds: whatever happens, never a crash."""
    odd: list[Any] = [None, True, 0, -1, 10**40, 1.5, "", "x", [], ["x"], {}, {"a": 1}]
    kinds = ["first-vote", "sign", "set-up-body", "dissolve-body", "appoint-coordinator",
             "assign-category", "agree", "elect", "choose-chair", "hold-meeting"]  # fmt: skip
    keys = ["power", "vote", "signers", "body", "person", "name", "municipality", "category",
            "rule", "alternate_for", "term_years", "role", "observers", "amount_kr", "written"]  # fmt: skip
    day = D(2016, 4, 5)
    for kind in kinds:
        for key in keys:
            for value in odd:
                for actor in ("bestyrelse", "generalforsamling", "Sorø", "nobody"):
                    with contextlib.suppress(ForeningsreglerError):
                        board.check(fr.Event(kind, day, actor, {key: value}))


def test_a_first_vote_broken_by_a_meeting_between_is_refused(board: Association) -> None:
    act(board, "first-vote", DAY, "bestyrelse", vote=vote(3), **RULES)
    meet(board, "bestyrelse", D(2016, 4, 20))
    later = D(2016, 5, 1)
    meet(board, "bestyrelse", later)
    error = refused(board, "exercise", later, "bestyrelse", vote=vote(3), **RULES)
    assert (error.rule, str(error.provision)) == ("two-meetings", "§ 2, stk. 8")


def test_a_body_cannot_be_set_up_before_the_founding() -> None:
    import test_set_up_bodies as su

    association = Association(su.STATUTE)
    error = refused(
        association, "set-up-body", D(2015, 1, 1), "bestyrelse", vote=SU_VOTE3, body="sagsgruppe"
    )
    assert error.rule == "not-founded"


def test_notice_in_weeks_counts_seven_days_a_week() -> None:
    weeks = SAMMENSAT.replace(
        GF_MEETS,
        GF_MEETS + '      notice: {weeks: 4, called_by: bestyrelse, provision: "§ 2, stk. 1"}\n',
    )
    association = founded_with(fr.loads(weeks, name="weeks.yaml"))
    short = {"called_on": "2016-03-05", "called_by": "bestyrelse"}
    error = refused(association, "hold-meeting", DAY, "generalforsamling", **short)
    assert (error.rule, str(error.provision)) == ("meeting-notice", "§ 2, stk. 1")
    act(association, "hold-meeting", DAY, "generalforsamling", called_on="2016-03-04", called_by="bestyrelse")  # fmt: skip


PROJEKT = ROOT / "vedtaegter" / "projektsamarbejde.yaml"


@pytest.mark.parametrize("notice_to", ["month", "quarter", "financial_year"])
@pytest.mark.parametrize("months", [1200, 99_999_999_999_999])
def test_a_huge_withdrawal_notice_runs_its_statute_tests_without_crashing(
    tmp_path: Path, months: int, notice_to: str
) -> None:
    text = PROJEKT.read_text("utf-8")
    text = text.replace("    notice_months: 3\n", f"    notice_months: {months}\n")
    text = text.replace("    notice_to: month\n", f"    notice_to: {notice_to}\n")
    write(tmp_path, text, "projektsamarbejde.yaml")
    tests = PROJEKT.with_name("projektsamarbejde.test.yaml").read_text("utf-8")
    write(tmp_path, tests, "projektsamarbejde.test.yaml")
    result = CliRunner().invoke(cli, ["test", str(tmp_path / "projektsamarbejde.yaml")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1  # the bundled tests expect three months' notice
    assert f"must give {months} months' notice" in result.output


EVENT_FILES = [
    '{kind: first-vote, date: "2016-03-01", actor: generalforsamling, data: {power: [x], vote: [1]}}',
    '{kind: first-vote, date: "2016-13-01", actor: generalforsamling, data: {}}',
    "{kind: first-vote, date: 20160301, actor: generalforsamling, data: {}}",
    "{kind: first-vote, date: 2016-03-01, actor: [generalforsamling], data: {}}",
    "{kind: first-vote, date: 2016-03-01, actor: generalforsamling, data: [1, 2]}",
    "{kind: sign, date: 2016-03-01, actor: bestyrelse, data: {signers: {a: b}}}",
    "{kind: sign, date: 2016-03-01, actor: bestyrelse, data: {signers: [2016-03-01]}}",
    "{kind: assign-category, date: 2016-03-01, actor: generalforsamling, data: {category: x, municipality: Sorø}}",
    "{kind: set-up-body, date: 2016-03-01, actor: bestyrelse, data: {body: styregruppe}}",
    "{kind: elect, date: 2016-03-01, actor: generalforsamling, data: {body: bestyrelse, person: P, municipality: Sorø, term_years: .inf, alternate_for: .nan}}",
    "{kind: agree, date: 9999-12-31, actor: bestyrelse, data: {power: indstil}}",
    "{kind: agree, date: 0001-01-01, actor: bestyrelse, data: {power: indstil}}",
    "{kind: first-vote, date: 2016-03-01, actor: generalforsamling, data: {power: oploes-foreningen, vote: {present: 99999999999999999999999999, yes: 99999999999999999999999999, no: 0}}}",
]


@pytest.mark.parametrize("line", EVENT_FILES)
def test_record_refuses_an_odd_event_file_without_crashing(tmp_path: Path, line: str) -> None:
    events = write(tmp_path, line + "\n", "events.yaml")
    ledger = tmp_path / "ledger.jsonl"
    statute = str(FIXTURES / "sammensat.yaml")
    args = ["record", "--statute", statute, "--ledger", str(ledger), str(events)]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (1, 2), result.output


def test_asking_with_a_day_as_text_is_a_library_error() -> None:
    import test_set_up_bodies as su

    association = su.founded()
    su.set_up(association)
    authority = fr.Authority(su.STATUTE)
    with pytest.raises(ForeningsreglerError):
        authority.check(
            "sagsgruppe", "styr-projekt", state=association.at(SU_LATER), on="2016-03-01"
        )
