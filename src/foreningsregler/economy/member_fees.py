"""A member's own yearly fee, where the statute fixes it by class, band, kind or
category, a partner's fee, and the instalments either is paid in.

Split out of ``money``, which keeps the amounts, the population tables and
the split by population that these build on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from ..errors import expect, expect_day, expect_optional
from ..i18n import N_, _, shown_number
from ..protocol.state import State
from ..statute.model import (
    Band,
    MemberKind,
    MembershipClass,
    MoneyKind,
    MoneyRule,
    ProvisionRef,
    Statute,
)
from .fees import PER_YEAR, Instalment, admitted_on, decided, pro_rata_share, scale, split_year
from .money import (
    OERE_PER_KRONE,
    EconomyError,
    PopulationTable,
    Split,
    asked,
    cite,
    table_for,
)


@attrs.frozen
class Fee:
    """A member's yearly fee: the amount in øre, how it was placed, and why.

    ``basis`` is ``class`` (a fixed amount for its membership class), ``kind``
    (a fixed amount for its kind), ``population`` (the band its population on
    ``population_date`` falls in), ``category`` (the band a body assigned it by
    decision) or ``partner`` (a partner's fee; ``member`` names the partner).
    ``paid_by`` is who pays where it is not the member itself (its class's payer).
    """

    rule: str
    member: str
    kind: MemberKind | None
    year: int  # the financial year, named by the year it starts in
    amount: int
    basis: str
    band: str | None = None
    population: int | None = None
    population_date: dt.date | None = None
    provisions: tuple[ProvisionRef, ...] = ()
    member_class: str | None = None
    paid_by: str | None = None
    #: The index value applied to the statute's amount, and the share of a
    #: member admitted late (pro rata), where either applies.
    index: Fraction | None = None
    share: Fraction | None = None


def fee_for(
    statute: Statute,
    member: str,
    year: int,
    *,
    population: PopulationTable | Iterable[PopulationTable] = (),
    state: State | None = None,
    kind: MemberKind | None = None,
    rule: str | None = None,
    member_class: str | None = None,
    index: Fraction | None = None,
    admitted: dt.date | None = None,
) -> Fee:
    """The fee ``member`` pays for the financial year starting in ``year``.

    Where the statute has membership classes, the member's class (the
    statute's, else as ``state`` records it, else ``member_class``, else the
    first) comes first, where the fee fixes an amount for it; a partner pays
    its partner fee (``partner_fee``).

    Its kind is the statute's where it names the member, else ``kind``. A
    fixed amount for the kind comes first; then, for a kind placed by
    population, the band its population on the rule's population date falls
    in (from the table of ``population`` with that date); else the band a body
    assigned it by decision, as ``state`` (``Association.at``) records it.

    A fee set each year by decision (``set_yearly``) takes the amount decided
    for the year (``set-fee``, in ``state``: the member's class's, else the
    one for all) before any of these; ``index`` (an index value, e.g.
    ``Fraction(1043, 1000)``) moves the statute's own amount where the rule
    names its indexation; a member admitted on or after the rule's pro-rata
    day of the year (``admitted``, else as ``state`` records it) pays its
    fraction.
    """
    asked(statute, year)
    expect(member, str, "member", N_("a member's name"))
    expect_optional(state, State, "state", N_("a State (from Association.at)"))
    expect_optional(kind, MemberKind, "kind", N_("a MemberKind"))
    expect_optional(rule, str, "rule", N_("a money rule's id"))
    expect_optional(member_class, str, "member_class", N_("a membership class's id"))
    expect_optional(index, (Fraction, int), "index", "an exact index value (a Fraction)")
    admitted = expect_day(admitted, "admitted") if admitted is not None else None
    population = _tables(population)
    partner = statute.membership.partner(member) if statute.membership else None
    if partner is not None:
        return partner_fee(statute, partner.id, year, rule=rule, state=state)
    found = _fee_rule(statute, rule)
    kind = _kind(statute, member, kind)
    klass = _class(statute, member, state, member_class)
    taken = decided(state, found, year, klass.id if klass else None)
    if taken is not None:
        assert taken.amount is not None  # set-fee records it
        fee = Fee(
            found.id,
            member,
            kind,
            year,
            taken.amount * OERE_PER_KRONE,
            "decided",
            provisions=cite((found.provision, taken.provision)),
            member_class=klass.id if klass else None,
            paid_by=klass.paid_by if klass else None,
        )
    else:
        fee = _indexed(
            found,
            _statutes_fee(statute, found, member, kind, year, population, state, klass),
            index,
        )
    share = pro_rata_share(statute, found, year, admitted or admitted_on(state, member))
    if share is None:
        return fee
    assert found.pro_rata is not None
    cited = cite((*fee.provisions, found.pro_rata.provision))
    return attrs.evolve(fee, amount=scale(fee.amount, share), share=share, provisions=cited)


def _tables(population: PopulationTable | Iterable[PopulationTable]) -> list[PopulationTable]:
    """The population tables given: one, or any number."""
    if isinstance(population, PopulationTable):
        return [population]
    wanted = N_("a PopulationTable, or an iterable of them")
    expect(population, Iterable, "population", wanted)
    tables = list(population)
    for table in tables:
        expect(table, PopulationTable, "population", wanted)
    return tables


def _indexed(rule: MoneyRule, fee: Fee, index: Fraction | None) -> Fee:
    if index is None:
        return fee
    if rule.indexation is None:
        message = _("{rule} names no indexation; an index value cannot be applied", rule=rule.id)
        raise EconomyError(message)
    cited = cite((*fee.provisions, rule.indexation.provision))
    return attrs.evolve(fee, amount=scale(fee.amount, index), index=index, provisions=cited)


def _statutes_fee(
    statute: Statute,
    found: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    population: PopulationTable | Iterable[PopulationTable],
    state: State | None,
    klass: MembershipClass | None,
) -> Fee:
    """The fee by the statute's own amounts: by class, kind, band or category."""
    cited = [found.provision]
    by_class = _by_class(found, member, kind, year, klass)
    if by_class is not None:
        return by_class
    if found.set_yearly is not None and not (found.bands or found.per_kind):
        yearly = found.set_yearly
        raise EconomyError(
            _(
                "no amount of {rule} is decided for {year}: {body} decides it each year "
                "(set-fee) [{provision}]",
                rule=found.id,
                year=year,
                body=yearly.by,
                provision=yearly.provision or found.provision,
            )
        )
    fixed = found.amount_for(kind)
    if fixed is not None:
        cited.append(fixed.provision)
        return Fee(
            found.id,
            member,
            kind,
            year,
            fixed.amount * OERE_PER_KRONE,
            "kind",
            provisions=cite(cited),
        )
    if found.bands and kind in found.population_kinds:
        return _by_population(statute, found, member, kind, year, population)
    return _by_category(found, member, kind, year, state)


def _fee_rule(statute: Statute, rule: str | None) -> MoneyRule:
    fees = [
        r
        for r in statute.money_rules
        if r.kind is MoneyKind.MEMBERSHIP_FEE
        and (r.bands or r.per_kind or r.per_class or r.set_yearly)
    ]
    found = [r for r in fees if rule is None or r.id == rule]
    if len(found) == 1:
        return found[0]
    if not fees:
        raise EconomyError(_("the statute fixes no fee per member (bands, per_kind or per_class)"))
    named = ", ".join(r.id for r in fees)
    raise EconomyError(_("name the fee (rule): one of {rules}", rules=named))


def _class(
    statute: Statute, member: str, state: State | None, stated: str | None
) -> MembershipClass | None:
    """The member's class: the statute's, else recorded, else ``stated``, else the first."""
    membership = statute.membership
    if membership is None or not membership.classes:
        return None
    recorded = state.term("class", member) if state is not None else None
    chosen = recorded.value if recorded is not None else stated
    if chosen is not None and membership.membership_class(chosen) is None:
        raise EconomyError(_("the statute has no membership class {id}", id=chosen))
    return membership.class_of(member, chosen)


def _by_class(
    rule: MoneyRule, member: str, kind: MemberKind, year: int, klass: MembershipClass | None
) -> Fee | None:
    """The fixed amount for the member's class, if the fee has one."""
    if klass is None:
        return None
    fixed = rule.for_class(klass.id)
    if fixed is None:
        return None
    return Fee(
        rule.id,
        member,
        kind,
        year,
        fixed.amount * OERE_PER_KRONE,
        "class",
        provisions=cite((rule.provision, klass.provision, fixed.provision)),
        member_class=klass.id,
        paid_by=klass.paid_by,
    )


def partner_fee(
    statute: Statute,
    partner: str,
    year: int,
    *,
    rule: str | None = None,
    state: State | None = None,
) -> Fee:
    """The fee a partner (not a member) pays for the financial year starting in
    ``year``: the amount decided for the year where the fee is set each year
    (``set_yearly``, as ``state`` records it), else the statute's."""
    asked(statute, year)
    expect(partner, str, "partner", N_("a partner's id"))
    expect_optional(rule, str, "rule", N_("a money rule's id"))
    expect_optional(state, State, "state", N_("a State (from Association.at)"))
    membership = statute.membership
    found = membership.partner(partner) if membership is not None else None
    if found is None:
        raise EconomyError(_("the statute names no partner {partner}", partner=partner))
    fees = [
        r
        for r in statute.money_rules
        if r.kind is MoneyKind.PARTNER_FEE
        and found.id in r.payers
        and (rule is None or r.id == rule)
    ]
    if len(fees) != 1 and fees:
        named = ", ".join(r.id for r in fees)
        message = _(
            "{partner} pays no single partner fee (partner_fee rules: {rules})",
            rules=named,
            partner=found.id,
        )
        raise EconomyError(message)
    if not fees:
        message = _(
            "{partner} pays no single partner fee (partner_fee rules: none)", partner=found.id
        )
        raise EconomyError(message)
    [paid] = fees
    taken = decided(state, paid, year, None)
    amount = taken.amount if taken is not None else paid.amount
    if amount is None and paid.set_yearly:
        names = {"rule": paid.id, "year": year, "body": paid.set_yearly.by}
        raise EconomyError(
            _("no amount of {rule} is decided for {year}: {body} decides it", **names)
        )
    if amount is None:
        names = {"rule": paid.id, "year": year}
        raise EconomyError(
            _("no amount of {rule} is decided for {year}: no body decides it", **names)
        )
    cited = (paid.provision, found.provision, taken.provision if taken else None)
    return Fee(
        paid.id,
        found.id,
        found.kind,
        year,
        amount * OERE_PER_KRONE,
        "decided" if taken is not None else "partner",
        provisions=cite(cited),
    )


def _kind(statute: Statute, member: str, kind: MemberKind | None) -> MemberKind:
    named = statute.membership.member(member) if statute.membership else None
    if named is not None and kind is not None and kind is not named.kind:
        names = {"member": member, "named": named.kind, "kind": kind}
        raise EconomyError(_("the statute names {member} a {named}, not a {kind}", **names))
    if named is not None:
        return named.kind
    if kind is None:
        raise EconomyError(_("the statute does not name {member}: give its kind", member=member))
    return kind


def _by_population(
    statute: Statute,
    rule: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    tables: PopulationTable | Iterable[PopulationTable],
) -> Fee:
    given = [tables] if isinstance(tables, PopulationTable) else list(tables)
    table = table_for(statute, rule, year, given)
    stated = rule.population_date
    assert stated is not None  # _table_for refuses a rule without one
    named = statute.membership.member(member) if statute.membership else None
    people = table.of([named.name if named else member])
    count = next(iter(people.values()))
    band = next((b for b in rule.bands if b.holds(count)), None)
    if band is None:
        names = {"rule": rule.id, "member": member, "count": shown_number(count)}
        raise EconomyError(_("no band of {rule} holds {member}'s population of {count}", **names))
    return _banded(rule, member, kind, year, band, "population", stated.provision, count, table.on)


def _by_category(
    rule: MoneyRule, member: str, kind: MemberKind, year: int, state: State | None
) -> Fee:
    category = rule.category
    if category is None:
        raise EconomyError(
            _(
                "{rule} gives a {kind} no fee: no amount for the kind, no band by population, "
                "no band by decision",
                rule=rule.id,
                kind=kind,
            )
        )
    placed = state.categories.get(member) if state is not None else None
    if placed is None or placed.rule != rule.id:
        raise EconomyError(
            _(
                "{member} has no category under {rule}: {body} assigns one by decision "
                "(assign-category) [{provision}]",
                member=member,
                rule=rule.id,
                body=category.by,
                provision=category.provision or rule.provision,
            )
        )
    band = rule.band(placed.category)
    assert band is not None  # the protocol accepted only a band of the rule
    return _banded(rule, member, kind, year, band, "category", placed.provision)


def _banded(
    rule: MoneyRule,
    member: str,
    kind: MemberKind,
    year: int,
    band: Band,
    basis: str,
    how: ProvisionRef | None,
    count: int | None = None,
    on: dt.date | None = None,
) -> Fee:
    return Fee(
        rule.id,
        member,
        kind,
        year,
        band.amount * OERE_PER_KRONE,
        basis,
        band.id,
        count,
        on,
        cite((rule.provision, how, band.provision)),
    )


def instalments(statute: Statute, fee: Fee) -> tuple[Instalment, ...]:
    """The payments of ``fee`` by its rule's period (a year, quarters or months
    of the financial year), due in advance or in arrears as the rule says;
    they add up exactly to the fee."""
    expect(fee, Fee, "fee", N_("a Fee (from fee_for)"))
    asked(statute, fee.year)
    rule = next((r for r in statute.money_rules if r.id == fee.rule), None)
    if rule is None:
        raise EconomyError(_("the statute has no money rule {rule}", rule=fee.rule))
    count = _instalments_a_year(rule)
    return split_year(statute, rule, fee.amount, fee.year, count)


def _instalments_a_year(rule: MoneyRule) -> int:
    count = PER_YEAR.get(rule.period or "year")
    if count is None:
        names = {"rule": rule.id, "period": rule.period}
        raise EconomyError(_("{rule} is paid per {period}, not in instalments of a year", **names))
    return count


def split_instalments(
    statute: Statute, split: Split, year: int
) -> dict[str, tuple[Instalment, ...]]:
    """Each share of a split for the financial year ``year`` in the instalments
    of its rule's period (a year, quarters or months)."""
    asked(statute, year)
    expect(split, Split, "split", N_("a Split (from split_by_rule)"))
    rule = next((r for r in statute.money_rules if r.id == split.rule), None)
    if rule is None:
        raise EconomyError(_("the statute has no money rule {rule}", rule=split.rule))
    count = _instalments_a_year(rule)
    return {m: split_year(statute, rule, share, year, count) for m, share in split.shares.items()}
