"""Builds roles, areas and bodies (per-area ones once per area) from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader, fraction
from ._yaml import PathKey
from .model import (
    Alternates,
    Area,
    Body,
    BodyKind,
    Chair,
    Coordinator,
    Duration,
    ElectionYears,
    ExtraordinaryMeeting,
    FilledBy,
    FillMethod,
    Limits,
    MeetingNotice,
    Meetings,
    Observers,
    Officer,
    Role,
    Rotation,
    SetUpBy,
    Term,
    ViceChair,
)


def role(r: Reader, d: dict[str, Any], path: PathKey) -> Role:
    return Role(id=d["id"], name=d["name"], description=d.get("description"), **r.cited(d, path))


def area(r: Reader, d: dict[str, Any], path: PathKey) -> Area:
    return Area(id=d["id"], name=d["name"], description=d.get("description"), **r.cited(d, path))


def bodies(r: Reader, d: dict[str, Any], path: PathKey, areas: tuple[Area, ...]) -> list[Body]:
    if not d.get("per_area"):
        return [body(r, d, path, None, lambda ref: ref)]
    templates = {b["id"] for b in r.data.get("bodies", []) if b.get("per_area")}
    return [
        body(r, d, path, area, lambda ref, a=area: f"{ref}-{a.id}" if ref in templates else ref)
        for area in areas
    ]


def body(r: Reader, d: dict[str, Any], path: PathKey, area: Area | None, local: Any) -> Body:
    def ref(value: str | None) -> str | None:
        return local(value) if value is not None else None

    fill, chair, met = d["filled_by"], d.get("chair"), d.get("meetings")
    seats = d["seats"]
    vice, alternates, observers = d.get("vice_chair"), d.get("alternates"), d.get("observers")
    return Body(
        id=f"{d['id']}-{area.id}" if area else d["id"],
        name=d["name"].replace("{area}", area.name) if area else d["name"],
        kind=BodyKind(d["kind"]),
        # A range {min, max} keeps its max as the seats; min is when it is in office.
        # {min} alone keeps min as the seats, with no most (seats_open).
        seats=(seats["max"] if "max" in seats else seats["min"])
        if isinstance(seats, dict)
        else seats,
        seats_min=seats["min"] if isinstance(seats, dict) else None,
        seats_open=isinstance(seats, dict) and "max" not in seats,
        filled_by=FilledBy(
            method=FillMethod(fill["method"]),
            by=ref(fill.get("by")),
            term_years=fill.get("term_years"),
            term=Term(fill["term"]) if "term" in fill else None,
            staggered=bool(fill.get("staggered", False)),
            staggered_share=fraction(fill.get("staggered_share")),
            elected_in=years(fill),
            **r.cited(fill, (*path, "filled_by")),
        ),
        eligible=tuple(d.get("eligible", ())),
        one_seat_per_member=bool(d.get("one_seat_per_member", False)),
        alternates=Alternates(
            per_seat=alternates.get("per_seat", 0 if "pool" in alternates else 1),
            pool=alternates.get("pool", 0),
            any_member=bool(alternates.get("any_member", False)),
            **r.cited(alternates, (*path, "alternates")),
        )
        if alternates is not None
        else None,
        observers=Observers(
            sent_by=tuple(observers["sent_by"]),
            per_sender=observers.get("per_sender", 1),
            **r.cited(observers, (*path, "observers")),
        )
        if observers is not None
        else None,
        drawn_from=ref(d.get("drawn_from")),
        chair=Chair(
            from_body=ref(chair.get("from")),
            chosen_by=ref(chair.get("chosen_by")),
            term_years=chair.get("term_years"),
            elected_in=years(chair),
            rotation=rotation(r, chair["rotation"], (*path, "chair", "rotation"))
            if "rotation" in chair
            else None,
            **r.cited(chair, (*path, "chair")),
        )
        if chair
        else None,
        vice_chair=ViceChair(
            chosen_by=ref(vice.get("chosen_by")),
            elected_in=years(vice),
            **r.cited(vice, (*path, "vice_chair")),
        )
        if vice is not None
        else None,
        officers=tuple(
            Officer(
                id=o["id"],
                name=o["name"],
                chosen_by=ref(o.get("chosen_by")),
                term_years=o.get("term_years"),
                elected_in=years(o),
                **r.cited(o, (*path, "officers", i)),
            )
            for i, o in enumerate(d.get("officers", ()))
        ),
        voting=d.get("voting"),
        meetings=meetings(r, met, (*path, "meetings")) if met else None,
        description=d.get("description"),
        template=d["id"] if area else None,
        interim=bool(d.get("interim", False)),
        area=area.id if area else None,
        **set_up(r, d, path, ref),
        **r.cited(d, path),
    )


def set_up(r: Reader, d: dict[str, Any], path: PathKey, ref: Any) -> dict[str, Any]:
    """``set_up_by``, ``limits`` and ``coordinator`` of a body set up by decision."""
    made, limits, coordinator = d.get("set_up_by"), d.get("limits"), d.get("coordinator")
    return {
        "set_up_by": SetUpBy(
            body=ref(made["body"]),
            power=made["power"],
            many=made.get("instances") == "many",
            **r.cited(made, (*path, "set_up_by")),
        )
        if made
        else None,
        "limits": Limits(
            budget_kr=limits.get("budget_kr"),
            budget_by_decision=bool(limits.get("budget_by_decision", False)),
            area=limits.get("area"),
            product=limits.get("product"),
            **r.cited(limits, (*path, "limits")),
        )
        if limits
        else None,
        "coordinator": Coordinator(
            appointed_by=ref(coordinator["appointed_by"]),
            **r.cited(coordinator, (*path, "coordinator")),
        )
        if coordinator
        else None,
    }


def rotation(r: Reader, d: dict[str, Any], path: PathKey) -> Rotation:
    order = d["order"]
    return Rotation(
        order=() if order == "alphabetical" else tuple(order),
        from_year=d["from_year"],
        **r.cited(d, path),
    )


def meetings(r: Reader, d: dict[str, Any], path: PathKey) -> Meetings:
    notice, extra = d.get("notice"), d.get("extraordinary")
    return Meetings(
        ordinary_per_year=d.get("ordinary_per_year"),
        ordinary_by_month=d.get("ordinary_by_month"),
        proposals_before_days=d.get("proposals_before_days"),
        ordinary_from_month=d.get("ordinary_from_month"),
        proposals_sent_days=d.get("proposals_sent_days"),
        minutes_within_days=d.get("minutes_within_days"),
        written_procedure=bool(d.get("written_procedure", False)),
        notice=MeetingNotice(
            days=duration(notice).days,
            months=duration(notice).months,
            called_by=notice.get("called_by"),
            **r.cited(notice, (*path, "notice")),
        )
        if notice
        else None,
        extraordinary=ExtraordinaryMeeting(
            called_by=tuple(extra.get("called_by", ())),
            members_fraction=fraction(extra.get("members_fraction")),
            notice=duration(extra["notice"]) if "notice" in extra else None,
            held_within=duration(extra["held_within"]) if "held_within" in extra else None,
            members_may_demand=tuple(extra.get("members_may_demand", ())),
            **r.cited(extra, (*path, "extraordinary")),
        )
        if extra
        else None,
        **r.cited(d, path),
    )


def duration(d: dict[str, Any]) -> Duration:
    """{days}, {weeks} (seven days each) or {months}, as the schema allows one."""
    return Duration(days=d.get("days", 0) + 7 * d.get("weeks", 0), months=d.get("months", 0))


def years(d: dict[str, Any]) -> ElectionYears | None:
    """``elected_in``: odd or even years, where the statute staggers them."""
    return ElectionYears(d["elected_in"]) if "elected_in" in d else None
