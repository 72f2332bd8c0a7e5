"""The pure compliance rules at their edges: plain dataclasses and dates, no app, no database."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest

from safety.compliance.rules import (
    CouncilFacts,
    Group,
    MemberFacts,
    Status,
    composition,
    evaluate_membership,
    overall_status,
    r01_constituted,
    r02_chair,
    r03_police,
    r04_broad_membership,
    r05_terms_current,
)

RULES_PATH = Path(__file__).resolve().parent.parent / "safety" / "compliance" / "rules.py"
ALLOWED_IMPORTS = {"__future__", "collections.abc", "dataclasses", "datetime", "enum", "typing"}

DAY = date(2025, 6, 1)


def member(role: str = "municipal_official", **overrides) -> MemberFacts:
    values = {
        "role": role,
        "appointed_on": date(2024, 1, 1),
        "gender": "male",
        "birth_year": 1970,
        "community": "albanian",
    }
    values.update(overrides)
    return MemberFacts(**values)


def council(*members: MemberFacts, **overrides) -> CouncilFacts:
    values = {
        "constituted_on": date(2023, 3, 15),
        "decision_number": "01-016/23",
        "is_multi_ethnic": True,
        "majority_community": "albanian",
        "members": members,
    }
    values.update(overrides)
    return CouncilFacts(**values)


FULL_ROSTER = (
    member("chair"),
    member("police_commander"),
    member("municipal_official", gender="female"),
    member("religious_community"),
    member("civil_society", birth_year=2000),
    member("community_representative", community="serb"),
)


def test_rules_module_imports_no_web_or_database_layer():
    tree = ast.parse(RULES_PATH.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS


# -- R01 ----------------------------------------------------------------------------------


def test_r01_needs_number_and_date():
    assert r01_constituted(council(*FULL_ROSTER, decision_number=None), DAY).status == "breach"
    assert r01_constituted(council(*FULL_ROSTER, constituted_on=None), DAY).status == "breach"
    assert r01_constituted(council(*FULL_ROSTER), DAY).status == "ok"


def test_r01_breach_before_the_constituting_date_and_ok_on_it():
    facts = council(member(appointed_on=date(2023, 1, 1)), constituted_on=date(2023, 3, 15))
    assert r01_constituted(facts, date(2023, 3, 14)).reason == "not_yet_constituted"
    assert r01_constituted(facts, date(2023, 3, 15)).status == Status.OK


def test_r01_breach_without_an_active_member():
    left = member(left_on=DAY)
    assert r01_constituted(council(left), DAY).reason == "no_active_members"
    assert r01_constituted(council(left), DAY - timedelta(days=1)).status == Status.OK


# -- R02 / R03 ----------------------------------------------------------------------------


def test_r02_r03_count_only_active_holders_of_the_exact_role():
    deputy = member("deputy_chair")
    assert r02_chair(council(deputy), DAY).status == Status.BREACH
    chair_leaving = member("chair", left_on=DAY + timedelta(days=1))
    assert r02_chair(council(chair_leaving), DAY).status == Status.OK
    assert r02_chair(council(chair_leaving), DAY + timedelta(days=1)).status == Status.BREACH
    police_later = member("police_commander", appointed_on=DAY + timedelta(days=1))
    assert r03_police(council(police_later), DAY).status == Status.BREACH
    assert r03_police(council(police_later), DAY + timedelta(days=1)).details["count"] == 1


# -- R04 ----------------------------------------------------------------------------------


def test_r04_ok_with_every_group():
    finding = r04_broad_membership(council(*FULL_ROSTER), DAY)
    assert (finding.status, finding.details["missing"]) == (Status.OK, [])


def test_r04_one_missing_is_a_warning_two_a_breach_and_names_them():
    without_woman = tuple(m for m in FULL_ROSTER if m.gender != "female")
    finding = r04_broad_membership(council(*without_woman), DAY)
    # The woman was the municipal official: two groups go with her.
    assert finding.status == Status.BREACH
    assert finding.details["missing"] == ["municipal_official", "woman"]
    no_religious = tuple(m for m in FULL_ROSTER if m.role != "religious_community")
    finding = r04_broad_membership(council(*no_religious), DAY)
    assert (finding.status, finding.details["missing"]) == (Status.WARNING, ["religious_community"])


def test_r04_youth_is_counted_by_calendar_year():
    roster = tuple(m for m in FULL_ROSTER if m.role != "civil_society")
    almost = council(*roster, member("civil_society", birth_year=DAY.year - 29))
    too_old = council(*roster, member("civil_society", birth_year=DAY.year - 30))
    unknown = council(*roster, member("civil_society", birth_year=None))
    assert r04_broad_membership(almost, DAY).status == Status.OK
    assert r04_broad_membership(too_old, DAY).details["missing"] == ["youth"]
    assert r04_broad_membership(unknown, DAY).details["missing"] == ["youth"]


def test_r04_community_representative_only_where_multi_ethnic():
    roster = tuple(m for m in FULL_ROSTER if m.role != "community_representative")
    assert r04_broad_membership(council(*roster), DAY).details["missing"] == [
        "community_representative"
    ]
    single = council(*roster, is_multi_ethnic=False)
    assert r04_broad_membership(single, DAY).status == Status.OK
    assert Group.COMMUNITY_REPRESENTATIVE not in composition(single, DAY).required


def test_r04_threshold_changes_the_youth_age_and_is_recorded():
    roster = tuple(m for m in FULL_ROSTER if m.role != "civil_society")
    facts = council(*roster, member("civil_society", birth_year=DAY.year - 32))
    finding = r04_broad_membership(facts, DAY, {"r04_youth_age": 35})
    assert finding.status == Status.OK
    assert finding.thresholds == {"r04_youth_age": 35, "r04_warning_missing": 1}


def test_composition_counts_active_members_only():
    facts = council(
        *FULL_ROSTER,
        member("civil_society", left_on=DAY, community="serb", gender="female"),
        member("business", appointed_on=DAY + timedelta(days=1), community="roma"),
        member("other", community=None),
    )
    summary = composition(facts, DAY)
    assert summary.active == 7
    assert summary.women == 1
    assert summary.youth == 1
    assert summary.non_majority == 1  # the Serb community representative; unknown is neither
    assert summary.by_role["chair"] == 1


# -- R05 ----------------------------------------------------------------------------------


def test_r05_edges():
    def status(term_end: date | None, **kw) -> Status:
        return r05_terms_current(council(member(term_ends_on=term_end, **kw)), DAY).status

    assert status(None) == Status.OK
    assert status(DAY - timedelta(days=1)) == Status.BREACH
    assert status(DAY) == Status.WARNING
    assert status(DAY + timedelta(days=60)) == Status.WARNING
    assert status(DAY + timedelta(days=61)) == Status.OK
    # A member who has left is not active, so an old term end no longer matters.
    assert status(DAY - timedelta(days=100), left_on=DAY) == Status.OK


def test_r05_reports_the_earliest_and_the_threshold():
    facts = council(
        member(term_ends_on=DAY + timedelta(days=30)), member(term_ends_on=DAY + timedelta(days=5))
    )
    finding = r05_terms_current(facts, DAY, {"r05_warning_days": 10})
    assert finding.details == {"count": 1, "earliest": DAY + timedelta(days=5)}
    assert finding.thresholds == {"r05_warning_days": 10}


# -- The worked example (R01-R05 columns of worked-example.md) ----------------------------

WORKED = council(
    MemberFacts("chair", date(2023, 3, 15), gender="male", birth_year=1970),
    MemberFacts(
        "police_commander",
        date(2023, 3, 15),
        term_ends_on=date(2024, 3, 31),
        gender="male",
        birth_year=1970,
    ),
    MemberFacts("municipal_official", date(2023, 3, 15), gender="female", birth_year=1970),
    MemberFacts("religious_community", date(2023, 3, 15), gender="male", birth_year=1970),
    MemberFacts("civil_society", date(2023, 3, 15), gender="male", birth_year=1996),
    MemberFacts(
        "community_representative",
        date(2023, 4, 1),
        left_on=date(2024, 2, 1),
        gender="male",
        birth_year=1970,
    ),
)

B, W, OK = Status.BREACH, Status.WARNING, Status.OK


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2023, 3, 1), (B, B, B, B, OK)),
        (date(2023, 6, 20), (OK, OK, OK, OK, OK)),
        (date(2023, 8, 1), (OK, OK, OK, OK, OK)),
        (date(2023, 10, 31), (OK, OK, OK, OK, OK)),
        (date(2023, 12, 14), (OK, OK, OK, OK, OK)),
        (date(2023, 12, 31), (OK, OK, OK, OK, OK)),
        (date(2024, 2, 1), (OK, OK, OK, W, W)),
        (date(2024, 3, 25), (OK, OK, OK, W, W)),
        (date(2024, 6, 30), (OK, OK, OK, W, B)),
    ],
)
def test_worked_example_membership_rules(as_of, expected):
    findings = evaluate_membership(WORKED, as_of)
    assert [f.rule for f in findings] == ["R01", "R02", "R03", "R04", "R05"]
    assert tuple(f.status for f in findings) == expected


def test_overall_status_is_the_worst():
    assert overall_status(evaluate_membership(WORKED, date(2024, 6, 30))) == Status.BREACH
    assert overall_status(evaluate_membership(WORKED, date(2024, 2, 1))) == Status.WARNING
    assert overall_status([]) == Status.NOT_APPLICABLE
