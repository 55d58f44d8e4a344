"""How a meeting is called and what follows it: the notice (in days, weeks or
months), the window of the ordinary meeting, the proposals the caller sends
out, an extraordinary meeting called by a body or demanded by the members (its
own notice, what they may demand, the day of the demand), and the minutes.

``built_in`` checks a ``hold-meeting`` with these; ``publish-minutes`` is an
event of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..i18n import N_, _, ngettext
from ..statute.calendar import Duration
from ..statute.model import Body, ExtraordinaryMeeting, LifecycleKind, Meetings, ProvisionRef
from ._shown import either, shown_day
from .changes import Effect
from .ledger import Event
from .lifecycle import Meaning
from .procedure import check_in_office
from .reading import ReplayView
from .state import RuleViolation

PUBLISH_MINUTES = "publish-minutes"
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
           N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
           N_("December"))  # fmt: skip


def check_call(replay: ReplayView, body: Body, event: Event) -> None:
    """An ordinary meeting with a notice rule is called in time by the body that
    calls it, in office on the day it called; held in its window; its proposals
    sent out in time.

    Before the association has a member, or while all its members joined
    that day, the founders call the founding meeting themselves (an
    assumption: the sources name no one for it).
    Extraordinary meetings follow ``meetings.extraordinary`` instead.
    """
    meetings = body.meetings
    # Members who all joined that same day were not there to be called: the
    # meeting that founds the association needs no notice (as on main).
    roll = replay.roll(event.date)
    if meetings is None or roll.members == 0 or roll.founding:
        return
    _check_window(body, meetings, event.date)
    _check_notice(replay, body, meetings, event)
    _check_sent(body, meetings, event)


def _check_notice(replay: ReplayView, body: Body, meetings: Meetings, event: Event) -> None:
    """Called in time, by the body that calls it, in office on the day it called."""
    notice = meetings.notice
    if notice is None:
        return
    called = _date(event.data, "called_on", body, notice.provision)
    if called > notice.latest_call(event.date):
        days = (event.date - called).days
        facts = {"body": body.id, "called": shown_day(called), "days": days}
        if not notice.months:
            message = _(
                "{body} was called on {called}, {days} days before; "
                "{needed} days' notice is required",
                needed=notice.days,
                **facts,
            )
        else:
            message = ngettext(
                "{body} was called on {called}, {days} days before; "
                "{count} month's notice is required",
                "{body} was called on {called}, {days} days before; "
                "{count} months' notice is required",
                notice.months,
                **facts,
            )
        raise RuleViolation("meeting-notice", message, notice.provision)
    if notice.called_by is not None:
        if event.data.get("called_by") != notice.called_by:
            message = _(
                "a meeting of {body} is called by {caller} (called_by)",
                body=body.id,
                caller=notice.called_by,
            )
            raise RuleViolation("meeting-notice", message, notice.provision)
        check_caller(replay, notice.called_by, called, notice.provision)


def check_extraordinary(replay: ReplayView, body: Body, event: Event) -> None:
    """An extraordinary meeting is called by a body the statute names, or on the
    demand of the share of members it names (``demanded_by``), for what they may
    demand (``demanded_for``) and on a stated day (``demanded_on``) where the
    statute sets a deadline; with its own notice where the statute gives one."""
    extra = body.meetings.extraordinary if body.meetings else None
    if body.meetings is None or extra is None:
        message = _("the statute provides no extraordinary meetings of {body}", body=body.id)
        raise RuleViolation("extraordinary-meeting", message, body.provision)
    caller = event.data.get("called_by")
    if caller in extra.called_by:
        check_caller(replay, str(caller), event.date, extra.provision)
    else:
        _check_demand(replay, body, event)
    _check_sent(body, body.meetings, event)
    if extra.notice is not None:
        called = _date(event.data, "called_on", body, extra.provision)
        if called > extra.notice.before(event.date):
            message = _(
                "the extraordinary meeting of {body} was called on {called}, "
                "{days} days before; {notice} notice is required",
                body=body.id,
                called=shown_day(called),
                days=(event.date - called).days,
                notice=length(extra.notice),
            )
            raise RuleViolation("meeting-notice", message, extra.provision)


def _check_demand(replay: ReplayView, body: Body, event: Event) -> None:
    extra = body.meetings.extraordinary if body.meetings else None
    assert extra is not None
    demanded = event.data.get("demanded_by")
    names = {str(m) for m in demanded} if isinstance(demanded, list | tuple) else set()
    day = event.date
    demanding = sum(1 for m in names if is_member(replay, m, day))
    stored = replay.stored[LifecycleKind.MEMBERSHIP]
    total = sum(1 for m in stored if is_member(replay, str(m), day))
    fraction = extra.members_fraction
    if not (fraction and total and demanding * fraction.denominator >= fraction.numerator * total):
        message = _demand_refused(body, extra)
        raise RuleViolation("extraordinary-meeting", message, extra.provision)
    subject = event.data.get("demanded_for")
    if extra.members_may_demand and subject not in extra.members_may_demand:
        facts = {"body": body.id, "allowed": ", ".join(extra.members_may_demand)}
        if subject:
            message = _(
                "the members may demand an extraordinary meeting of {body} only to elect "
                "{allowed} anew (demanded_for), not {subject}",
                subject=subject,
                **facts,
            )
        else:
            message = _(
                "the members may demand an extraordinary meeting of {body} only to elect "
                "{allowed} anew (demanded_for), not without saying for what",
                **facts,
            )
        raise RuleViolation("extraordinary-demand", message, extra.provision)
    if extra.held_within is not None:
        on = _date(event.data, "demanded_on", body, extra.provision, "extraordinary-demand")
        if on > day:
            message = _(
                "the demand of {on} comes after the meeting it demanded, on {day}",
                on=shown_day(on),
                day=shown_day(day),
            )
            raise RuleViolation("extraordinary-demand", message, extra.provision)


def _demand_refused(body: Body, extra: ExtraordinaryMeeting) -> str:
    """Who may call an extraordinary meeting of ``body``: the bodies, or a share of
    the members by their demand."""
    fraction = extra.members_fraction
    facts = {"body": body.id, "bodies": either(extra.called_by)}
    if extra.called_by and fraction:
        return _(
            "an extraordinary meeting of {body} is called by {bodies}, "
            "or demanded by {fraction} of the members (demanded_by)",
            fraction=fraction,
            **facts,
        )
    if extra.called_by:
        return _("an extraordinary meeting of {body} is called by {bodies}", **facts)
    if fraction:
        return _(
            "an extraordinary meeting of {body} is called by no body, "
            "or demanded by {fraction} of the members (demanded_by)",
            fraction=fraction,
            **facts,
        )
    return _("an extraordinary meeting of {body} is called by no body", **facts)


def length(duration: Duration) -> str:
    """A notice's length as a message shows it: 14 days, 1 month."""
    if duration.months:
        return ngettext("{count} month", "{count} months", duration.months)
    return ngettext("{count} day", "{count} days", duration.days)


def _check_window(body: Body, meetings: Meetings, day: dt.date) -> None:
    """An ordinary meeting with a window is held in it (``ordinary_from_month`` to
    ``ordinary_by_month``); outside it, only an extraordinary one."""
    first, last = meetings.ordinary_from_month, meetings.ordinary_by_month
    if first is None or last is None or first <= day.month <= last:
        return
    message = _(
        "the ordinary meeting of {body} is held from {first} to the end of "
        "{last}; {day} is outside (an extraordinary meeting: extraordinary: true)",
        body=body.id,
        first=_(_MONTHS[first - 1]),
        last=_(_MONTHS[last - 1]),
        day=shown_day(day),
    )
    raise RuleViolation("meeting-window", message, meetings.provision)


def _check_sent(body: Body, meetings: Meetings, event: Event) -> None:
    """The caller sent the proposals out ``proposals_sent_days`` before the meeting
    (``proposals_sent_on``): an assumption that every meeting has its proposals
    sent out, even when there are none (then the agenda)."""
    days = meetings.proposals_sent_days
    if days is None:
        return
    sent = _date(event.data, "proposals_sent_on", body, meetings.provision, "proposals-sent")
    due = Duration(days=days).before(event.date)
    if sent > due:
        message = _(
            "the proposals for the meeting of {body} on {day} were sent out on "
            "{sent}; they are sent out by {due} ({days} days before)",
            body=body.id,
            day=shown_day(event.date),
            sent=shown_day(sent),
            due=shown_day(due),
            days=days,
        )
        raise RuleViolation("proposals-sent", message, meetings.provision)


def lawful_call(body: Body, day: dt.date, *, extraordinary: bool = False) -> Mapping[str, str]:
    """The facts of a meeting on ``day`` called as late as its notice allows (for
    simulations): ``called_on``, ``called_by``, ``proposals_sent_on``."""
    meetings = body.meetings
    facts: dict[str, str] = {}
    if meetings is None:
        return facts
    extra = meetings.extraordinary if extraordinary else None
    notice = meetings.notice if not extraordinary else None
    if notice is not None:
        facts["called_on"] = notice.latest_call(day).isoformat()
        if notice.called_by is not None:
            facts["called_by"] = notice.called_by
    if extra is not None and extra.notice is not None:
        facts["called_on"] = extra.notice.before(day).isoformat()
    if meetings.proposals_sent_days is not None:
        sent = Duration(days=meetings.proposals_sent_days).before(day)
        facts["proposals_sent_on"] = sent.isoformat()
    return facts


def demand(extra: ExtraordinaryMeeting, day: dt.date) -> Mapping[str, str]:
    """The facts of the members' demand of a meeting on ``day`` (for simulations):
    made that day, for the first thing they may demand."""
    facts = {"demanded_on": day.isoformat()} if extra.held_within is not None else {}
    if extra.members_may_demand:
        facts["demanded_for"] = extra.members_may_demand[0]
    return facts


def check_caller(replay: ReplayView, caller: str, day: dt.date, cited: ProvisionRef | None) -> None:
    """The body that calls a meeting exists and is in office that day."""
    body = replay.body(caller)
    if body is None:
        message = _("the statute has no body '{body}'", body=caller)
        raise RuleViolation("meeting-notice", message, cited)
    check_in_office(replay, body, day)


def is_member(replay: ReplayView, municipality: str, day: dt.date) -> bool:
    state = replay.state(LifecycleKind.MEMBERSHIP, municipality, day)
    return replay.rules.has(LifecycleKind.MEMBERSHIP, state, Meaning.MEMBER)


def _date(
    data: Mapping[str, Any],
    key: str,
    body: Body,
    cited: ProvisionRef | None,
    rule: str = "meeting-notice",
) -> dt.date:
    value = data.get(key)
    try:
        return (
            dt.date.fromisoformat(value)
            if isinstance(value, str)
            else _missing(key, body, cited, rule)
        )
    except ValueError:
        return _missing(key, body, cited, rule)


def _missing(key: str, body: Body, cited: ProvisionRef | None, rule: str) -> dt.date:
    if key == "called_on":
        message = _(
            "a meeting of {body} needs the day it was called: {key} (YYYY-MM-DD)",
            body=body.id,
            key=key,
        )
    else:
        message = _("a meeting of {body} needs the day: {key} (YYYY-MM-DD)", body=body.id, key=key)
    raise RuleViolation(rule, message, cited)


def publish_minutes(replay: ReplayView, event: Event) -> tuple[Effect, ...]:
    """The minutes of a meeting held (``meeting``: its day; ``body``: the body, by
    default the actor) are published, by the body or the one that calls its
    meetings. Publishing late is recorded, not refused: a duty (I502)."""
    ref = event.data.get("body", event.actor)
    body = replay.body(str(ref))
    if body is None:
        raise RuleViolation("unknown-body", _("the statute has no body '{body}'", body=ref), None)
    meetings = body.meetings
    cited = meetings.provision if meetings is not None else body.provision
    caller = meetings.notice.called_by if meetings and meetings.notice else None
    if event.actor not in {body.id, caller}:
        facts = {"body": body.id, "actor": event.actor}
        if caller:
            message = _(
                "the minutes of {body} are published by {body} or {caller}, not {actor}",
                caller=caller,
                **facts,
            )
        else:
            message = _("the minutes of {body} are published by {body}, not {actor}", **facts)
        raise RuleViolation("actor", message, cited)
    held = _date(event.data, "meeting", body, cited, "minutes")
    if (body.id, held) not in replay.meetings or held > event.date:
        message = _(
            "no meeting of {body} was held on {held} before {day}",
            body=body.id,
            held=shown_day(held),
            day=shown_day(event.date),
        )
        raise RuleViolation("minutes", message, cited)
    return ()
