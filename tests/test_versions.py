"""A statute's history: versions in force by date, and malformed histories refused
with exact codes and places (issue 11, item 1)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.versions import History, NoVersionInForce, load_history

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "history"
HISTORY = FIXTURES / "digitaliseringsforeningen.history.yaml"

V1 = '  - statute: v1.yaml\n    in_force: "2016-01-01"\n'
V2 = (
    '  - statute: v2.yaml\n    in_force: "2016-07-01"\n'
    '    adopted: {date: "2016-04-20", body: generalforsamling}\n'
    '    approved: {date: "2016-06-15", authority: statsforvaltningen}\n'
)


def history(tmp_path: Path, versions: str, **texts: str) -> Path:
    """A history file in ``tmp_path`` with the fixture versions as v1.yaml..v3.yaml
    (or ``texts`` as the named files)."""
    for n in (1, 2, 3):
        shutil.copy(FIXTURES / f"digitaliseringsforeningen-v{n}.yaml", tmp_path / f"v{n}.yaml")
    for name, text in texts.items():
        (tmp_path / f"{name}.yaml").write_text(text, "utf-8")
    path = tmp_path / "h.history.yaml"
    path.write_text("format: 1\nversions:\n" + versions, "utf-8")
    return path


def problems(path: Path) -> list[fr.Finding]:
    with pytest.raises(fr.StatuteError) as caught:
        load_history(path)
    return list(caught.value.problems)


# --- the bundled statute's history ------------------------------------------


def test_the_history_loads_with_its_adoptions() -> None:
    found = load_history(HISTORY)
    assert isinstance(found, History)
    assert [v.in_force for v in found.versions] == [
        dt.date(2016, 1, 1),
        dt.date(2016, 7, 1),
        dt.date(2017, 7, 1),
    ]
    assert [v.until for v in found.versions] == [dt.date(2016, 6, 30), dt.date(2017, 6, 30), None]
    second = found.versions[1]
    assert second.adopted is not None
    # the power and clause default to the version in force: legal_basis.changes
    assert second.adopted.power == "godkend-vedtaegter"
    assert str(second.adopted.provision) == "§ 18, stk. 1"
    assert second.adoption_reference == (
        "version 2: adopted by generalforsamling on 2016-04-20 [§ 18, stk. 1], "
        "approved by statsforvaltningen on 2016-06-15"
    )
    assert [(a.number, b.number) for a, b in found.amendments()] == [(1, 2), (2, 3)]


def test_version_on_a_day_is_the_one_in_force() -> None:
    found = load_history(HISTORY)
    assert found.version_on(dt.date(2016, 1, 1)).number == 1
    assert found.version_on(dt.date(2016, 6, 30)).number == 1
    assert found.version_on(dt.date(2016, 7, 1)).number == 2
    assert found.version_on(dt.datetime(2020, 1, 1, 12)).number == 3
    assert found.current.number == 3
    assert found.statute_on(dt.date(2017, 7, 1)).metadata.version == "3"


def test_an_act_refused_before_an_amendment_is_allowed_after_it() -> None:
    found = load_history(HISTORY)
    pair = "bestyrelse", "fastlaeg-aarsaktiviteter"
    before = found.authority_on(dt.date(2016, 6, 30)).check(*pair)
    after = found.authority_on(dt.date(2016, 7, 1)).check(*pair)
    assert not before.allowed and before.denials[0].reason.value == "no-chain"
    assert after.allowed
    assert [str(s.provision) for s in after.chains[0].steps] == ["§ 4, stk. 2", "§ 11, stk. 6"]
    # the second amendment adds a recommendation the F3 must have first
    f3 = "f3-it", "igangsaet-anskaffelse"
    assert found.authority_on(dt.date(2017, 6, 30)).check(*f3).requires == ()
    [required] = found.authority_on(dt.date(2017, 7, 1)).check(*f3).requires
    assert (required.kind, required.body, str(required.provision)) == (
        "recommendation",
        "f14",
        "§ 11, stk. 2",
    )
    # one index per version, made once
    assert found.authority_on(dt.date(2016, 8, 1)) is found.authority_on(dt.date(2017, 1, 1))


def test_a_day_before_the_first_version_is_the_librarys_error() -> None:
    found = load_history(HISTORY)
    with pytest.raises(NoVersionInForce) as caught:
        found.version_on(dt.date(2015, 12, 31))
    assert isinstance(caught.value, fr.ForeningsreglerError)
    finding = caught.value.finding
    place = (finding.code, finding.file, finding.line, finding.column)
    assert place == ("E912", str(HISTORY), 9, 15)
    assert "in force from 2016-01-01" in finding.message
    with pytest.raises(NoVersionInForce):
        found.authority_on(dt.date(2000, 1, 1))


@pytest.mark.parametrize("day", ["2016-01-01", None, 20160101])
def test_a_day_that_is_no_date_is_a_bad_argument(day: object) -> None:
    with pytest.raises(fr.BadArgument):
        load_history(HISTORY).version_on(day)  # type: ignore[arg-type]


def test_a_path_that_is_no_path_is_a_bad_argument() -> None:
    with pytest.raises(fr.BadArgument):
        load_history(42)  # type: ignore[arg-type]


# --- malformed histories ------------------------------------------------------


def test_a_key_the_format_lacks_is_placed(tmp_path: Path) -> None:
    path = history(tmp_path, V1.replace("in_force", "in_forse"))
    codes = {(p.code, p.line) for p in problems(path)}
    assert ("E201", 4) in codes and ("E203", 3) in codes


def test_versions_out_of_order(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace("2016-07-01", "2015-07-01"))
    found = [p for p in problems(path) if p.code == "E901"]
    assert [(p.line, p.column) for p in found] == [(6, 15)]
    assert "not after version 1" in found[0].message


def test_two_versions_on_one_day_overlap(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace("2016-07-01", "2016-01-01"))
    assert "E901" in {p.code for p in problems(path)}


def test_a_missing_statute_file(tmp_path: Path) -> None:
    path = history(tmp_path, V1.replace("v1.yaml", "findes-ikke.yaml"))
    [problem] = problems(path)
    assert (problem.code, problem.line, problem.column) == ("E902", 3, 14)
    assert "findes-ikke.yaml" in problem.message


@pytest.mark.parametrize("name", ["a" * 5000 + ".yaml", "."])
def test_a_path_no_file_can_have_is_refused_with_its_reason(tmp_path: Path, name: str) -> None:
    found = problems(history(tmp_path, V1.replace("v1.yaml", name)))
    assert [p.code for p in found] == ["E100", "E903"]
    assert found[1].line == 3


def test_a_statute_that_does_not_load_gives_its_own_findings(tmp_path: Path) -> None:
    path = history(tmp_path, V1.replace("v1.yaml", "broken.yaml"), broken="format: 1\nstatute: [\n")
    found = problems(path)
    assert [(p.code, p.file, p.line) for p in found if p.code == "E903"] == [("E903", str(path), 3)]
    assert any(p.code == "E103" and p.file == str(tmp_path / "broken.yaml") for p in found)


def test_in_force_before_adoption(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace('in_force: "2016-07-01"', 'in_force: "2016-05-01"'))
    found = [p for p in problems(path) if p.code == "E904"]
    assert len(found) == 1 and found[0].line == 6
    assert "before it was approved on 2016-06-15" in found[0].message


def test_approved_before_adopted(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace('date: "2016-06-15"', 'date: "2016-04-01"'))
    found = [p for p in problems(path) if p.code == "E904"]
    assert [p.line for p in found] == [8] and "before it was adopted" in found[0].message


def test_an_amendment_by_a_body_without_the_power(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace("body: generalforsamling", "body: bestyrelse"))
    [problem] = problems(path)
    assert (problem.code, problem.line, problem.provision) == ("E905", 7, "§ 18, stk. 1")
    assert problem.message.startswith("bestyrelse may not change the statute under version 1")


def test_an_amendment_by_a_body_the_statute_lacks(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace("body: generalforsamling", "body: styrelsen"))
    [problem] = problems(path)
    assert problem.code == "E905" and "unknown body 'styrelsen'" in problem.message


def test_an_amendment_under_a_power_the_amendment_clause_does_not_give(tmp_path: Path) -> None:
    v2 = V2.replace("body: generalforsamling}", "body: bestyrelse, power: indstil-faser}")
    path = history(tmp_path, V1 + v2)
    # the power is the body's own, so the decision itself is within its powers
    assert load_history(path).versions[1].adopted.power == "indstil-faser"  # type: ignore[union-attr]


def test_an_amendment_adopted_before_any_version(tmp_path: Path) -> None:
    path = history(tmp_path, V1 + V2.replace('date: "2016-04-20"', 'date: "2015-04-20"'))
    [problem] = problems(path)
    assert problem.code == "E905" and "no version of the statute was in force" in problem.message


def test_an_amendment_citing_a_provision_the_version_lacks(tmp_path: Path) -> None:
    cited = V2.replace("generalforsamling}", 'generalforsamling, provision: "§ 99"}')
    path = history(tmp_path, V1 + cited)
    [problem] = problems(path)
    assert (problem.code, problem.line) == ("E906", 7)
    assert "cites § 99, which version 1 does not have" in problem.message


def test_an_amendment_the_law_requires_approved(tmp_path: Path) -> None:
    v2 = "".join(line for line in V2.splitlines(keepends=True) if "approved" not in line)
    [problem] = problems(history(tmp_path, V1 + v2))
    assert (problem.code, problem.line, problem.provision) == ("E907", 6, "kstl. § 60, stk. 1")


def test_an_approval_by_the_wrong_authority(tmp_path: Path) -> None:
    [problem] = problems(history(tmp_path, V1 + V2.replace("statsforvaltningen", "ankestyrelsen")))
    assert (problem.code, problem.line) == ("E908", 8)
    assert "the supervisory authority on 2016-06-15 is statsforvaltningen" in problem.message


def test_a_later_version_without_adoption(tmp_path: Path) -> None:
    v2 = '  - statute: v2.yaml\n    in_force: "2016-07-01"\n'
    [problem] = problems(history(tmp_path, V1 + v2))
    assert (problem.code, problem.line, problem.column) == ("E909", 6, 15)


def test_a_statute_whose_own_in_force_differs(tmp_path: Path) -> None:
    text = (FIXTURES / "digitaliseringsforeningen-v1.yaml").read_text("utf-8")
    own = text.replace('  version: "1"\n', '  version: "1"\n  in_force: "2016-02-01"\n')
    [problem] = problems(history(tmp_path, V1.replace("v1.yaml", "own.yaml"), own=own))
    assert (problem.code, problem.line) == ("E910", 4)


def test_a_version_of_another_statute(tmp_path: Path) -> None:
    shutil.copy(ROOT / "vedtaegter" / "faelles-kerne.yaml", tmp_path / "other.yaml")
    path = history(tmp_path, V1 + V2.replace("v2.yaml", "../other.yaml").replace("../", ""))
    assert "E911" in {p.code for p in problems(path)}


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    v2 = V2.replace("body: generalforsamling", "body: bestyrelse").replace(
        "statsforvaltningen", "ankestyrelsen"
    )
    codes = sorted(p.code for p in problems(history(tmp_path, V1 + v2)))
    assert codes == ["E905", "E908"]


def test_messages_are_danish_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORENINGSREGLER_LANG", "da")
    [problem] = problems(history(tmp_path, V1.replace("v1.yaml", "findes-ikke.yaml")))
    assert problem.message == "vedtægtsfilen findes-ikke.yaml findes ikke"


# --- the examples of docs/errors.md are the loader's real output ---------------

CODES_E9 = [f"E9{n:02d}" for n in range(1, 12)]


@pytest.mark.parametrize("code", CODES_E9)
def test_the_errors_md_example_is_the_real_output(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)]
    [text] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [shown] = re.findall(r"```text\n(.*?)\n```", section, re.DOTALL)
    history(tmp_path, "")
    shutil.copy(ROOT / "vedtaegter" / "faelles-kerne.yaml", tmp_path / "faelles-kerne.yaml")
    (tmp_path / "brudt.yaml").write_text("format: 1\nstatute: [\n", "utf-8")
    own = (tmp_path / "v1.yaml").read_text("utf-8")
    own = own.replace('  version: "1"\n', '  version: "1"\n  in_force: "2016-02-01"\n')
    (tmp_path / "egen.yaml").write_text(own, "utf-8")
    (tmp_path / "historik.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    printed = "\n".join(str(p) for p in problems(Path("historik.yaml")))
    assert printed == shown
    assert code in {p.code for p in problems(Path("historik.yaml"))}


def test_a_file_named_by_two_versions_is_loaded_once(tmp_path: Path) -> None:
    again = V2.replace("v2.yaml", "v1.yaml")
    found = load_history(history(tmp_path, V1 + again))
    first, second = found.versions
    assert first.statute is second.statute
    assert found.authority_on(first.in_force) is found.authority_on(second.in_force)
