"""Reference resolution: every name a statute uses must exist.

Runs on the schema-valid document (plain values with positions), so each
problem points at the very value that names the missing thing. Per-area
bodies are valid under their template id (``f3``) and each instance id
(``f3-it``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, cast

from ..i18n import N_, _
from ._check_composition import composition_problems
from ._check_meetings import meeting_problems
from ._yaml import Parsed, PathKey
from .law import kommunestyrelsesloven
from .model import ProvisionRef
from .problems import Finding, did_you_mean, first_at
from .validation import enclosing_provision

_STAR = "*"

#: Where a statute names another element: path pattern -> kind of target.
REFERENCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("bodies", _STAR, "eligible", _STAR), "role"),
    (("bodies", _STAR, "drawn_from"), "body"),
    (("bodies", _STAR, "filled_by", "by"), "body"),
    (("bodies", _STAR, "chair", "from"), "body"),
    (("bodies", _STAR, "chair", "chosen_by"), "body"),
    (("bodies", _STAR, "vice_chair", "chosen_by"), "body"),
    (("bodies", _STAR, "officers", _STAR, "chosen_by"), "body"),
    (("bodies", _STAR, "voting"), "voting rule"),
    (("bodies", _STAR, "meetings", "notice", "called_by"), "body"),
    (("bodies", _STAR, "meetings", "extraordinary", "called_by", _STAR), "body"),
    (("bodies", _STAR, "meetings", "extraordinary", "members_may_demand", _STAR), "body"),
    (("bodies", _STAR, "set_up_by", "body"), "body"),
    (("bodies", _STAR, "set_up_by", "power"), "power"),
    (("bodies", _STAR, "coordinator", "appointed_by"), "body"),
    (("bodies", _STAR, "limits", "area"), "area"),
    (("powers", _STAR, "holder"), "body"),
    (("powers", _STAR, "holder", _STAR), "body"),
    (("powers", _STAR, "requires", _STAR, "from"), "body"),
    (("powers", _STAR, "requires", _STAR, "power"), "power"),
    (("powers", _STAR, "voting"), "voting rule"),
    (("delegations", _STAR, "power"), "power"),
    (("delegations", _STAR, "from"), "body"),
    (("delegations", _STAR, "to"), "body"),
    (("money_rules", _STAR, "set_by"), "power"),
    (("money_rules", _STAR, "category", "by"), "body"),
    (("statute", "legal_basis", "changes"), "power"),
    (("membership", "admission", "by"), "body"),
    (("membership", "exclusion", "by"), "body"),
    (("membership", "withdrawal", "registered_by"), "body"),
    (("membership", "members", _STAR, "class"), "membership class"),
    (("membership", "classes", _STAR, "paid_by"), "payer"),
    (("membership", "classes", _STAR, "duties", _STAR), "obligation"),
    (("money_rules", _STAR, "per_class", _STAR, "class"), "membership class"),
    (("money_rules", _STAR, "payers", _STAR), "partner"),
    (("money_rules", _STAR, "set_yearly", "by"), "body"),
    (("membership", "core", "areas", _STAR), "area"),
    (("membership", "core", "extended_by"), "body"),
    (("membership", "core", "power"), "power"),
    (("membership", "exclusion", "ratified_by"), "body"),
    (("membership", "exclusion", "voting"), "voting rule"),
    (("clauses", "accounts", "approved_by"), "body"),
    (("clauses", "licences", "exceptions", "by"), "body"),
    (("signing", "alternatives", _STAR, _STAR, "body"), "body"),
    (("signing", "attorney", "granted_by"), "body"),
    (("lifecycles", _STAR, "transitions", _STAR, "actor"), "actor"),
    (("lifecycles", _STAR, "transitions", _STAR, "power"), "power"),
)

_CODES = {
    "body": "E301",
    "power": "E302",
    "role": "E303",
    "area": "E304",
    "voting rule": "E307",
    "actor": "E301",
    "membership class": "E325",
    "partner": "E325",
    "payer": "E325",
    "obligation": "E325",
}

#: The message for a name of each kind that the statute does not define.
_UNKNOWN = {
    "body": N_("unknown body '{name}'"),
    "power": N_("unknown power '{name}'"),
    "role": N_("unknown role '{name}'"),
    "area": N_("unknown area '{name}'"),
    "voting rule": N_("unknown voting rule '{name}'"),
    "actor": N_("unknown actor '{name}'"),
    "membership class": N_("unknown membership class '{name}'"),
    "partner": N_("unknown partner '{name}'"),
    "payer": N_("unknown payer '{name}'"),
    "obligation": N_("unknown obligation '{name}'"),
}

#: The message for two elements of each kind with one id.
_TWICE = {
    "role": N_("two roles have the id '{id}'"),
    "area": N_("two areas have the id '{id}'"),
    "body": N_("two bodies have the id '{id}'"),
    "power": N_("two powers have the id '{id}'"),
    "delegation": N_("two delegations have the id '{id}'"),
    "voting rule": N_("two voting rules have the id '{id}'"),
    "money rule": N_("two money rules have the id '{id}'"),
    "source": N_("two sources have the id '{id}'"),
    "lifecycle": N_("two lifecycles have the id '{id}'"),
    "membership classes": N_("two membership classes have the id '{id}'"),
    "partners": N_("two partners have the id '{id}'"),
}

#: The lists whose items carry ids unique within their kind.
_ID_LISTS = {
    "roles": "role",
    "areas": "area",
    "bodies": "body",
    "powers": "power",
    "delegations": "delegation",
    "voting_rules": "voting rule",
    "money_rules": "money rule",
    "sources": "source",
    "lifecycles": "lifecycle",
}


def resolve(parsed: Parsed, file: str) -> list[Finding]:
    """Every reference in the document that does not resolve."""
    checker = _Checker(parsed, file)
    checker.duplicates()
    checker.shared_ids()
    checker.names()
    checker.provisions()
    checker.sources()
    checker.bodies()
    checker.scopes()
    checker.lifecycles()
    checker.members()
    checker.fees()
    checker.partners()
    checker.legal_basis()
    return [
        *checker.findings,
        *composition_problems(parsed, file),
        *meeting_problems(parsed, file),
    ]


class _Checker:
    def __init__(self, parsed: Parsed, file: str) -> None:
        self.parsed, self.file = parsed, file
        self.data: dict[str, Any] = cast(dict[str, Any], parsed.data)
        self.findings: list[Finding] = []
        self.known = {kind: self._ids(key) for key, kind in _ID_LISTS.items()}
        self.per_area = {b["id"] for b in self.data.get("bodies", []) if b.get("per_area")}
        self.known["body"] |= self._instance_ids()
        self.known["actor"] = self.known["body"] | {"member", "delegator", "tilsynsmyndighed"}
        self._membership_names()

    def _membership_names(self) -> None:
        """Classes, partners and obligations are named inside ``membership``."""
        membership = self.data.get("membership", {})
        listed = {
            key: [str(i["id"]) for i in membership.get(key, [])] for key in ("classes", "partners")
        }
        self.known["membership class"] = set(listed["classes"])
        self.known["partner"] = set(listed["partners"])
        members = {str(m["id"]) for m in membership.get("members", [])}
        members |= {str(m) for m in membership.get("municipalities", [])}
        self.known["payer"] = self.known["partner"] | members
        self.known["obligation"] = {str(o["kind"]) for o in membership.get("obligations", [])}

    def _ids(self, key: str) -> set[str]:
        return {str(item["id"]) for item in self.data.get(key, []) if "id" in item}

    def _instance_ids(self) -> set[str]:
        areas = [a["id"] for a in self.data.get("areas", [])]
        return {f"{body}-{area}" for body in self.per_area for area in areas}

    def report(self, code: str, message: str, path: PathKey) -> None:
        place = self.parsed.value_at(path)
        line, column = (place.line, place.column) if place else (None, None)
        provision = enclosing_provision(self.data, path)
        self.findings.append(Finding(code, message, self.file, line, column, provision))

    def duplicates(self) -> None:
        for key, kind in _ID_LISTS.items():
            seen: dict[str, int] = {}
            for index, item in enumerate(self.data.get(key, [])):
                ident = item.get("id")
                if ident is None:
                    continue
                if ident in seen:
                    message = _(_TWICE[kind], id=ident) + self._first((key, seen[ident], "id"))
                    self.report("E308", message, (key, index, "id"))
                else:
                    seen[ident] = index
        self._instance_clashes()

    def _instance_clashes(self) -> None:
        """A per-area body's instance (``udvalg-it``) is a body id too: it must not
        be written as another body, nor made by a second template (``udvalg`` with
        the area ``a-it``, ``udvalg-a`` with ``it``)."""
        written = self._ids("bodies")
        made: dict[str, str] = {}  # instance id -> the template that made it first
        for index, body in enumerate(self.data.get("bodies", [])):
            if not body.get("per_area"):
                continue
            for area in self.data.get("areas", []):
                instance = f"{body['id']}-{area['id']}"
                first = made.setdefault(instance, body["id"])
                if instance in written:
                    message = _(
                        "the per-area body '{body}' makes the id '{id}' twice",
                        body=body["id"],
                        id=instance,
                    )
                    self.report("E308", message, ("bodies", index, "id"))
                elif first != body["id"]:
                    message = _(
                        "the per-area bodies '{first}' and '{second}' both make the id '{id}'",
                        first=first,
                        second=body["id"],
                        id=instance,
                    ) + self._first(self._body_path(first))
                    self.report("E308", message, ("bodies", index, "id"))

    def _body_path(self, ident: str) -> PathKey:
        """Where the body (or the template of the instance) ``ident`` is written."""
        bodies = self.data.get("bodies", [])
        for index, body in enumerate(bodies):
            if body["id"] == ident:
                return ("bodies", index, "id")
        for index, body in enumerate(bodies):
            if body.get("per_area") and ident.startswith(f"{body['id']}-"):
                return ("bodies", index, "id")
        return ("bodies",)

    def shared_ids(self) -> None:
        """A body and a power are nodes of one competence graph: never one id (E329)."""
        for index, power in enumerate(self.data.get("powers", [])):
            ident = power.get("id")
            if ident in self.known["body"]:
                place = self.parsed.value_at(self._body_path(ident))
                if place is not None:
                    message = _(
                        "the power '{id}' has the id of the body at line {line}; "
                        "a body and a power never share an id",
                        id=ident,
                        line=place.line,
                    )
                else:
                    message = _(
                        "the power '{id}' has the id of a body; "
                        "a body and a power never share an id",
                        id=ident,
                    )
                self.report("E329", message, ("powers", index, "id"))

    def names(self) -> None:
        for pattern, kind in REFERENCES:
            for path, value in _walk(self.data, pattern, ()):
                if value not in self.known[kind]:
                    hint = _suggest(value, self.known[kind])
                    message = _(_UNKNOWN[kind], name=value) + hint
                    self.report(_CODES[kind], message, path)

    def provisions(self) -> None:
        sections: dict[int, int] = {}  # § number -> how many stk. it has
        first_index: dict[int, int] = {}  # § number -> where it is first written
        for index, item in enumerate(self.data.get("provisions", [])):
            number = item["number"]
            if number in sections:
                first = self._first(("provisions", first_index[number], "number"))
                at = ("provisions", index, "number")
                message = _("two provisions are § {number}", number=number) + first
                self.report("E309", message, at)
            else:
                sections[number] = len(item["stk"])
                first_index[number] = index
        for path, text in _find_key(self.data, "provision", ()):
            ref = ProvisionRef.parse(text)
            count = sections.get(ref.paragraph)
            if count is None:
                self.report("E305", _("the statute has no § {number}", number=ref.paragraph), path)
            elif ref.stk is not None and ref.stk > count:
                message = _(
                    "§ {number} has no stk. {stk} (it has {count})",
                    number=ref.paragraph,
                    stk=ref.stk,
                    count=count,
                )
                self.report("E305", message, path)

    def sources(self) -> None:
        listed = {s["id"]: s.get("sections") for s in self.data.get("sources", [])}
        for path, refs in _find_key(self.data, "sources", ()):
            if path == ("sources",):
                continue
            for index, ref in enumerate(refs):
                self._source(listed, ref, (*path, index))

    def _source(self, listed: dict[str, Any], ref: dict[str, Any], path: PathKey) -> None:
        document, section = ref["document"], ref.get("section")
        if document not in listed:
            hint = _suggest(document, set(listed))
            message = _("unknown source '{name}'", name=document) + hint
            self.report("E306", message, (*path, "document"))
        elif section is not None and listed[document] and section not in listed[document]:
            message = _(
                "source '{name}' lists no section '{section}'", name=document, section=section
            )
            self.report("E306", message, (*path, "section"))

    def bodies(self) -> None:
        for index, body in enumerate(self.data.get("bodies", [])):
            if body.get("filled_by", {}).get("by") == body["id"]:
                message = _("the body '{body}' is chosen by itself", body=body["id"])
                self.report("E310", message, ("bodies", index, "filled_by", "by"))
            if body.get("per_area") and not self.data.get("areas"):
                message = _(
                    "the body '{body}' is per area, but the statute has no areas", body=body["id"]
                )
                self.report("E304", message, ("bodies", index, "per_area"))
            self._set_up(index, body)
            if body.get("seats") == "participants" and body["filled_by"]["method"] != "membership":
                message = _(
                    "the body '{body}' seats the participants of a phase, "
                    "each sending its own: it is filled by membership",
                    body=body["id"],
                )
                self.report("E324", message, ("bodies", index, "filled_by", "method"))
        self._many_named()

    def _many_named(self) -> None:
        """A template set up as several instances (``instances: many``) acts only
        as an instance the protocol knows: the statute cannot name it as the
        one who fills, chairs, calls, sets up, appoints or decides (E323),
        except a body naming itself (its own instance)."""
        many = {
            b["id"]
            for b in self.data.get("bodies", [])
            if b.get("set_up_by", {}).get("instances") == "many"
        }
        if not many:
            return
        for pattern, kind in REFERENCES:
            if kind not in ("body", "actor") or (
                pattern[0] in ("delegations", "powers") and pattern[-1] != "from"
            ):
                continue
            for path, name in _walk(self.data, pattern, ()):
                if name not in many or self._own(path, name) or self._delegated(path):
                    continue
                message = _(
                    "'{body}' is set up as several instances (instances: many); "
                    "the statute cannot say which of them acts here",
                    body=name,
                )
                self.report("E323", message, path)

    def _own(self, path: PathKey, name: str) -> bool:
        """A body's reference to itself (who chooses its own chair)."""
        return path[0] == "bodies" and self.data["bodies"][int(path[1])]["id"] == name

    def _delegated(self, path: PathKey) -> bool:
        """A delegation from a template reaches from every instance, unless a
        decision of the delegating body grants it (which instance decides?)."""
        if path[0] != "delegations":
            return False
        return bool(self.data["delegations"][int(path[1])].get("granted") != "decision")

    def _set_up(self, index: int, body: dict[str, Any]) -> None:
        """Limits and a coordinator belong to a body set up by decision (E319),
        which another body sets up (E320)."""
        made = body.get("set_up_by")
        for key in ("limits", "coordinator"):
            if key in body and made is None:
                message = _(
                    "the body '{body}' has {key}, but is not set up by decision",
                    body=body["id"],
                    key=key,
                )
                self.report("E319", message, ("bodies", index, key))
        if made is not None and made["body"] == body["id"]:
            message = _("the body '{body}' is set up by itself", body=body["id"])
            self.report("E320", message, ("bodies", index, "set_up_by", "body"))

    def scopes(self) -> None:
        for key, target in (("delegations", "to"), ("powers", "holder")):
            for index, item in enumerate(self.data.get(key, [])):
                if "own_area" not in item.get("scope", []):
                    continue
                bodies = item.get(target)
                for body in [bodies] if isinstance(bodies, str) else bodies or []:
                    if not self._is_per_area(body):
                        message = _(
                            "scope own_area, but '{body}' is not a per-area body", body=body
                        )
                        self.report("E311", message, (key, index, target))

    def lifecycles(self) -> None:
        kinds: dict[str, int] = {}
        for index, lifecycle in enumerate(self.data.get("lifecycles", [])):
            path = ("lifecycles", index)
            if lifecycle["kind"] in kinds:
                message = _("a second lifecycle for {kind} records", kind=lifecycle["kind"])
                self.report("E314", message, (*path, "kind"))
            kinds.setdefault(lifecycle["kind"], index)
            self._states(lifecycle, path)

    def _states(self, lifecycle: dict[str, Any], path: PathKey) -> None:
        seen: set[str] = set()
        for i, state in enumerate(lifecycle["states"]):
            if state["id"] in seen:
                message = _(
                    "two states of {lifecycle} have the id '{id}'",
                    lifecycle=lifecycle["id"],
                    id=state["id"],
                )
                self.report("E308", message, (*path, "states", i, "id"))
            seen.add(state["id"])
        named = [((*path, "initial"), lifecycle["initial"])]
        for i, t in enumerate(lifecycle["transitions"]):
            here = (*path, "transitions", i)
            named.append(((*here, "dest"), t["dest"]))
            if isinstance(t["source"], str):
                named.append(((*here, "source"), t["source"]))
            else:
                named += [((*here, "source", j), s) for j, s in enumerate(t["source"])]
        for where, state in named:
            if state not in seen:
                hint = _suggest(state, seen)
                message = _(
                    "{lifecycle} has no state '{state}'", lifecycle=lifecycle["id"], state=state
                )
                message += hint
                self.report("E313", message, where)

    def members(self) -> None:
        """Each member is named once (E315), across ``municipalities`` and
        ``members``, by id and by name; each kind is listed once (E316)."""
        membership = self.data.get("membership", {})
        seen: dict[str, PathKey] = {}
        named: list[tuple[str, PathKey]] = [
            (m, ("membership", "municipalities", i))
            for i, m in enumerate(membership.get("municipalities", []))
        ]
        for i, member in enumerate(membership.get("members", [])):
            here = ("membership", "members", i)
            named.append((member["id"], (*here, "id")))
            if member["name"] != member["id"]:
                named.append((member["name"], (*here, "name")))
        for name, path in named:
            if name in seen:
                message = _("the member '{name}' is named twice", name=name)
                self.report("E315", message + self._first(seen[name]), path)
            seen.setdefault(name, path)
        self._kinds_once(membership.get("kinds", []), ("membership", "kinds"))

    def fees(self) -> None:
        """A band's id is unique within its rule (E308); a kind has one amount (E316)."""
        for index, rule in enumerate(self.data.get("money_rules", [])):
            path = ("money_rules", index)
            seen: dict[str, PathKey] = {}
            for i, band in enumerate(rule.get("bands", [])):
                here = (*path, "bands", i, "id")
                if band["id"] in seen:
                    message = _(
                        "two bands of {rule} have the id '{id}'", rule=rule["id"], id=band["id"]
                    )
                    self.report("E308", message + self._first(seen[band["id"]]), here)
                seen.setdefault(band["id"], here)
            self._kinds_once(rule.get("per_kind", []), (*path, "per_kind"))

    def partners(self) -> None:
        """Classes and partners each have a unique id (E308); a partner is not
        also a member (E326): it is never admitted nor counted as one."""
        membership = self.data.get("membership", {})
        for key, kinds in (("classes", "membership classes"), ("partners", "partners")):
            seen: dict[str, PathKey] = {}
            for i, item in enumerate(membership.get(key, [])):
                here = ("membership", key, i, "id")
                if item["id"] in seen:
                    message = _(_TWICE[kinds], id=item["id"])
                    self.report("E308", message + self._first(seen[item["id"]]), here)
                seen.setdefault(item["id"], here)
        members = {str(m) for m in membership.get("municipalities", [])}
        for m in membership.get("members", []):
            members |= {str(m["id"]), str(m["name"])}
        for i, item in enumerate(membership.get("partners", [])):
            for key in ("id", "name"):
                if str(item[key]) in members:
                    message = _(
                        "the partner '{name}' is also named as a member; a partner is "
                        "never a member",
                        name=item[key],
                    )
                    self.report("E326", message, ("membership", "partners", i, key))
                    break

    def _kinds_once(self, items: list[dict[str, Any]], path: PathKey) -> None:
        seen: dict[str, PathKey] = {}
        for i, item in enumerate(items):
            here = (*path, i, "kind")
            if item["kind"] in seen:
                message = _("the kind '{kind}' is listed twice", kind=item["kind"])
                message += self._first(seen[item["kind"]])
                self.report("E316", message, here)
            seen.setdefault(item["kind"], here)

    def _first(self, path: PathKey) -> str:
        first = self.parsed.value_at(path)
        return first_at(first.line if first else None)

    def legal_basis(self) -> None:
        """A declared legal basis is one the law data knows (``kstl-60``, ``kstl-60a``)."""
        basis = self.data["statute"].get("legal_basis")
        if basis is None:
            return
        known = {b.id for b in kommunestyrelsesloven().bases}
        if basis["law"] not in known:
            message = _(
                "unknown legal basis '{name}' (the law data knows: {known})",
                name=basis["law"],
                known=", ".join(sorted(known)),
            )
            message += _suggest(basis["law"], known)
            self.report("E321", message, ("statute", "legal_basis", "law"))

    def _is_per_area(self, body: str) -> bool:
        return body in self.per_area or any(
            body.startswith(f"{t}-") and body in self.known["body"] for t in self.per_area
        )


def _walk(node: Any, pattern: tuple[str, ...], path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Values at a path pattern where ``*`` matches every list item."""
    if not pattern:
        if isinstance(node, str):
            yield path, node
        return
    step, rest = pattern[0], pattern[1:]
    if step == _STAR and isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, rest, (*path, index))
    elif isinstance(node, dict) and step in node:
        yield from _walk(node[step], rest, (*path, step))


def _find_key(node: Any, key: str, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    """Every value under ``key`` at any depth, with its path."""
    if isinstance(node, dict):
        for name, child in node.items():
            if name == key:
                yield (*path, name), child
            yield from _find_key(child, key, (*path, name))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _find_key(child, key, (*path, index))


def _suggest(word: str, options: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return did_you_mean(close[0] if close else None)
