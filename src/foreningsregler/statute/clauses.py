"""The standard clauses of a Danish association's statute, as typed data.

Hjemsted, regnskab og revision, hæftelse, tvistløsning and what happens on
dissolution are clauses every municipal association writes; a supervisory
authority looks for them. Kept as values, not text, so the linter and an
adviser can ask what the statute says of each.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from .citation import Cited


class Auditor(StrEnum):
    """Who audits the accounts (revision)."""

    STATE_AUTHORISED = "state_authorised"  # statsautoriseret revisor
    REGISTERED = "registered"  # registreret revisor
    MUNICIPAL = "municipal"  # a member municipality's auditor (kommunens revision)
    OTHER = "other"


class LiabilityShare(StrEnum):
    """How members answer for the association's obligations (hæftelse)."""

    NONE = "none"  # members are not liable beyond their payments
    BY_POPULATION = "by_population"
    EQUAL = "equal"
    JOINT = "joint"  # solidarisk
    BY_PAYMENTS = "by_payments"  # in proportion to what each has paid in


class Owner(StrEnum):
    """Who owns what the association builds or buys."""

    ASSOCIATION = "association"
    MEMBERS = "members"


class IpTo(StrEnum):
    """Where the association's rights (IP) go on dissolution."""

    MEMBERS = "members"
    PURPOSE = "purpose"  # to a body with a purpose like the association's
    NAMED = "named"  # to a recipient the clause names


class DisputeForum(StrEnum):
    """Where disputes between members and the association are settled (tvistløsning)."""

    COURTS = "courts"
    ARBITRATION = "arbitration"
    SUPERVISORY_AUTHORITY = "supervisory_authority"


class AssetsTo(StrEnum):
    """Where the assets go on dissolution."""

    MEMBERS_BY_POPULATION = "members_by_population"
    MEMBERS_EQUALLY = "members_equally"
    MEMBERS_BY_PAYMENTS = "members_by_payments"
    PURPOSE = "purpose"  # to a purpose like the association's


@attrs.frozen(kw_only=True)
class Domicile(Cited):
    """Hjemsted: the municipality the association has its seat in."""

    municipality: str


@attrs.frozen(kw_only=True)
class Accounts(Cited):
    """Regnskab og revision: who audits, and which body approves the accounts."""

    auditor: Auditor
    approved_by: str | None = None


@attrs.frozen(kw_only=True)
class Liability(Cited):
    """Hæftelse: whether and how the members answer for the association's debts.

    ``members`` is the single value (the same towards creditors and among the
    members); ``third_parties`` and ``between_members`` split it: members may
    answer jointly (solidarisk) towards creditors and share the burden among
    themselves by population.
    """

    members: LiabilityShare | None = None
    third_parties: LiabilityShare | None = None
    between_members: LiabilityShare | None = None

    @property
    def towards_third_parties(self) -> LiabilityShare | None:
        return self.third_parties or self.members

    @property
    def among_members(self) -> LiabilityShare | None:
        return self.between_members or self.members


@attrs.frozen(kw_only=True)
class Ownership(Cited):
    """Who owns the solutions the association develops and the contracts it makes."""

    solutions: Owner | None = None
    contracts: Owner | None = None


@attrs.frozen(kw_only=True)
class LicensedWork(Cited):
    """What the association produces of one kind (code, documentation...) and its licence."""

    what: str
    licence: str  # an SPDX identifier, e.g. MPL-2.0, CC-BY-SA-4.0


@attrs.frozen(kw_only=True)
class LicenceExceptions(Cited):
    """Who may grant an exception from the licences, and on what conditions."""

    by: str
    conditions: str | None = None


@attrs.frozen(kw_only=True)
class Licences(Cited):
    """The licences the association publishes its work under."""

    works: tuple[LicensedWork, ...]
    exceptions: LicenceExceptions | None = None


@attrs.frozen(kw_only=True)
class IpTransfer(Cited):
    """Where the association's rights in its solutions go on dissolution."""

    to: IpTo
    recipient: str | None = None


@attrs.frozen(kw_only=True)
class Disputes(Cited):
    forum: DisputeForum


@attrs.frozen(kw_only=True)
class DissolutionClause(Cited):
    """What becomes of the assets and the contracts when the association is dissolved."""

    assets: AssetsTo
    contracts_to_members: bool | None = None
    notify_authority: bool | None = None
    ip: IpTransfer | None = None
    conditions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Clauses:
    """The standard clauses a statute states (each optional)."""

    domicile: Domicile | None = None
    accounts: Accounts | None = None
    liability: Liability | None = None
    disputes: Disputes | None = None
    dissolution: DissolutionClause | None = None
    ownership: Ownership | None = None
    licences: Licences | None = None

    def items(self) -> tuple[tuple[str, Clause], ...]:
        """(name, clause) of each clause the statute states, in a fixed order."""
        found: tuple[tuple[str, Clause | None], ...] = (
            ("domicile", self.domicile),
            ("accounts", self.accounts),
            ("liability", self.liability),
            ("disputes", self.disputes),
            ("dissolution", self.dissolution),
            ("ownership", self.ownership),
            ("licences", self.licences),
        )
        return tuple((name, clause) for name, clause in found if clause is not None)


Clause = Domicile | Accounts | Liability | Disputes | DissolutionClause | Ownership | Licences
