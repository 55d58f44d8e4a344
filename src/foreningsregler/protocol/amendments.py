"""A statute's amendments in the protocol: which version governs each day.

An association opened with a statute's history (``versions.load_history``)
judges every event under the version that governs it on the event's day. The
first version governs from the start. A later version is a change of the
statute, named in the protocol ``version-N`` (N its number in the history):
``adopt-statute`` with ``change: version-N`` by the body and procedure of the
version governing that day, then the councils' decisions and the supervisory
authority's approval where the law asks for them (``law_events``). It governs
from the later of its history's ``in_force`` and the day the protocol records
it taking effect (``law_state.in_force_since``). A version whose acts are not
on record never governs, whatever its history says: the history tells what
was meant to happen, the protocol what did.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, cast

from ..i18n import _
from ..statute.citation import ProvisionRef
from ..statute.law import LawRef
from .law_state import in_force_since
from .reading import ReplayView
from .rules import Rules
from .state import RuleViolation

if TYPE_CHECKING:  # the protocol reads versions only when given a history
    from ..versions.history import History as StatuteHistory
    from ..versions.model import Version
    from .replay import Replay

_CHANGE = re.compile(r"version-([1-9][0-9]*)")


def change_id(version: Version) -> str:
    """The text id of a version in the protocol: ``version-2``."""
    return f"version-{version.number}"


class Timeline:
    """A history's versions, each compiled once, and the one governing a day."""

    def __init__(self, history: StatuteHistory) -> None:
        self.history = history
        self._rules: dict[int, Rules] = {}

    def rules(self, version: Version) -> Rules:
        """The version's rules, made on first use and shared by every replay."""
        found = self._rules.get(version.number)
        if found is None:
            found = Rules(version.statute, self.history.authority_on(version.in_force))
            found.timeline = self
            self._rules[version.number] = found
        return found

    @property
    def first(self) -> Rules:
        return self.rules(self.history.versions[0])

    def rules_on(self, view: object, day: dt.date) -> Rules:
        """The rules of the version governing ``day`` on the replay ``view``."""
        return self.rules(self.governing(cast(ReplayView, view), day))

    def governing(self, view: ReplayView, day: dt.date) -> Version:
        """The latest version in force on ``day`` by its history whose change
        the protocol records as taken effect by then; else the first."""
        for version in reversed(self.history.versions[1:]):
            if version.in_force > day:
                continue
            since = in_force_since(view, change_id(version))
            if since is not None and since <= day:
                return version
        return self.history.versions[0]


def _timeline(rules: Rules) -> Timeline | None:
    timeline = rules.timeline
    return timeline if isinstance(timeline, Timeline) else None


def follow(replay: Replay, day: dt.date) -> None:
    """Put ``replay`` under the version governing ``day`` (nothing without a history)."""
    timeline = replay.rules.timeline
    if timeline is None:
        return
    key = ("governing", day)  # the memo is forgotten at any change, a law fact's too
    rules = replay.memo.get(key)
    if not isinstance(rules, Rules):
        rules = timeline.rules_on(replay, day)
    if rules is not replay.rules:
        replay.use(rules)  # which forgets the memo
    replay.memo[key] = rules


def check_change(
    view: ReplayView, subject: str, day: dt.date, cited: ProvisionRef | LawRef
) -> None:
    """Under a history, a change adopted on ``day`` must be one of its versions,
    later than the one governing that day."""
    timeline = _timeline(view.rules)
    if timeline is None:
        return
    versions = timeline.history.versions
    match = _CHANGE.fullmatch(subject)
    number = int(match.group(1)) if match else 0
    known = ", ".join(change_id(v) for v in versions[1:]) or _("none")
    if not 1 < number <= len(versions):
        message = _(
            "the change {change} is no version of the statute's history; it names: {known}",
            change=subject,
            known=known,
        )
        raise RuleViolation("unknown-version", message, cited)
    current = timeline.governing(view, day)
    if number <= current.number:
        message = _(
            "{change} is not later than the version that governs now (version {number})",
            change=subject,
            number=current.number,
        )
        raise RuleViolation("version-not-later", message, cited)


def governing_version(replay: Replay, day: dt.date) -> Version | None:
    """The version that governs ``day`` on ``replay`` (None without a history)."""
    timeline = _timeline(replay.rules)
    return timeline.governing(replay, day) if timeline is not None else None


__all__ = ["Timeline", "change_id", "check_change", "follow", "governing_version"]
