"""The compliance rules as pure functions: frozen facts and an explicit `as_of` in, findings out.

Nothing here reads a clock, a database or a request: every rule gets the facts of one council,
the evaluation date and the thresholds in force, so the same facts always give the same
findings. Definitions follow `compliance-rules.md` ("Exact definitions", "Decided readings").
Values such as roles and genders are the plain strings the council models store (their
StrEnums compare equal to them), so this module needs no model import.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# -- Thresholds --------------------------------------------------------------------------

R04_YOUTH_AGE = 30
"""R04: a member is youth while `as_of.year - birth_year` is below this (OSCE 2012, KCSS 2010)."""

R04_WARNING_MISSING = 1
"""R04: this many missing groups is a warning; one more is a breach."""

R05_WARNING_DAYS = 60
"""R05: a term ending within this many days of `as_of` is a warning (revised AI, inferred)."""

DEFAULT_THRESHOLDS: Mapping[str, Any] = {
    "r04_youth_age": R04_YOUTH_AGE,
    "r04_warning_missing": R04_WARNING_MISSING,
    "r05_warning_days": R05_WARNING_DAYS,
}
"""Thresholds by name (decided reading 22); the facts layer passes those in force on `as_of`."""


# -- Values the rules read (the stored enum values) ---------------------------------------

CHAIR = "chair"
POLICE_COMMANDER = "police_commander"
MUNICIPAL_OFFICIAL = "municipal_official"
RELIGIOUS_COMMUNITY = "religious_community"
CIVIL_SOCIETY = "civil_society"
COMMUNITY_REPRESENTATIVE = "community_representative"
FEMALE = "female"


class Status(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACH = "breach"
    NOT_APPLICABLE = "not_applicable"


# Worst first, for the overall status (decided reading 21).
_SEVERITY = {Status.BREACH: 3, Status.WARNING: 2, Status.OK: 1, Status.NOT_APPLICABLE: 0}


class Group(enum.StrEnum):
    """The groups R04 requires among active members."""

    MUNICIPAL_OFFICIAL = "municipal_official"
    RELIGIOUS_COMMUNITY = "religious_community"
    CIVIL_SOCIETY = "civil_society"
    COMMUNITY_REPRESENTATIVE = "community_representative"
    WOMAN = "woman"
    YOUTH = "youth"


ROLE_GROUPS = {
    MUNICIPAL_OFFICIAL: Group.MUNICIPAL_OFFICIAL,
    RELIGIOUS_COMMUNITY: Group.RELIGIOUS_COMMUNITY,
    CIVIL_SOCIETY: Group.CIVIL_SOCIETY,
    COMMUNITY_REPRESENTATIVE: Group.COMMUNITY_REPRESENTATIVE,
}


# -- Facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    """One appointment on a council's roster, as the rules see it."""

    role: str
    appointed_on: date
    left_on: date | None = None
    term_ends_on: date | None = None
    gender: str | None = None
    birth_year: int | None = None
    community: str | None = None

    def is_active_on(self, day: date) -> bool:
        """Active at d: appointed on or before d and not yet left (left_on > d)."""
        return self.appointed_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class CouncilFacts:
    """What R01-R05 need to know about one council; later slices add their own facts."""

    constituted_on: date | None
    decision_number: str | None
    is_multi_ethnic: bool
    majority_community: str | None
    members: tuple[MemberFacts, ...] = ()

    def active_members(self, day: date) -> tuple[MemberFacts, ...]:
        return tuple(member for member in self.members if member.is_active_on(day))


@dataclass(frozen=True)
class Finding:
    """One rule's verdict for one council on one date, with the numbers that explain it.

    `reason` names the case (the explanation sentence is chosen and translated by the
    presentation layer); `details` holds counts, dates and groups, never a person's name.
    """

    rule: str
    status: Status
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict)
    thresholds: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Composition:
    """Who sits on a council on one day, in counts the public may see."""

    active: int
    by_role: Mapping[str, int]
    women: int
    youth: int
    non_majority: int
    required: tuple[Group, ...]
    missing: tuple[Group, ...]


# -- Rules --------------------------------------------------------------------------------


def _with_defaults(thresholds: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return {**DEFAULT_THRESHOLDS, **(thresholds or {})}


def is_youth(member: MemberFacts, as_of: date, youth_age: int = R04_YOUTH_AGE) -> bool:
    """Under 30 at `as_of`, counted by calendar year: `as_of.year - birth_year < 30`."""
    return member.birth_year is not None and as_of.year - member.birth_year < youth_age


def composition(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Composition:
    """Count the members active at `as_of` by role and by the groups R04 requires."""
    limits = _with_defaults(thresholds)
    active = facts.active_members(as_of)
    by_role: dict[str, int] = {}
    for member in active:
        by_role[str(member.role)] = by_role.get(str(member.role), 0) + 1
    present = {ROLE_GROUPS[str(member.role)] for member in active if member.role in ROLE_GROUPS}
    women = sum(1 for member in active if member.gender == FEMALE)
    youth = sum(1 for member in active if is_youth(member, as_of, limits["r04_youth_age"]))
    if women:
        present.add(Group.WOMAN)
    if youth:
        present.add(Group.YOUTH)
    # A community representative is required only where non-majority communities live
    # (decided reading 11: unknown counts as multi-ethnic, so the flag defaults to True).
    required = tuple(
        group for group in Group if group != Group.COMMUNITY_REPRESENTATIVE or facts.is_multi_ethnic
    )
    return Composition(
        active=len(active),
        by_role=by_role,
        women=women,
        youth=youth,
        # A member whose community is not recorded is counted neither way.
        non_majority=sum(
            1
            for member in active
            if member.community is not None and member.community != facts.majority_community
        ),
        required=required,
        missing=tuple(group for group in required if group not in present),
    )


def r01_constituted(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R01: breach without a constituting decision (number, date) in force or an active member."""
    if facts.constituted_on is None or not facts.decision_number:
        return Finding("R01", Status.BREACH, "no_decision")
    if facts.constituted_on > as_of:
        return Finding(
            "R01", Status.BREACH, "not_yet_constituted", {"constituted_on": facts.constituted_on}
        )
    active = len(facts.active_members(as_of))
    if active == 0:
        return Finding("R01", Status.BREACH, "no_active_members", {"active": 0})
    return Finding(
        "R01",
        Status.OK,
        "constituted",
        {"constituted_on": facts.constituted_on, "active": active},
    )


def _has_active_role(rule: str, role: str) -> Callable[..., Finding]:
    def check(
        facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
    ) -> Finding:
        count = sum(1 for member in facts.active_members(as_of) if member.role == role)
        if count == 0:
            return Finding(rule, Status.BREACH, "missing", {"role": role})
        return Finding(rule, Status.OK, "present", {"role": role, "count": count})

    check.__doc__ = f"{rule}: breach if no member active at `as_of` has role `{role}`."
    return check


r02_chair = _has_active_role("R02", CHAIR)
r03_police = _has_active_role("R03", POLICE_COMMANDER)


def r04_broad_membership(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R04: required groups among active members; 0 missing ok, 1 warning, 2 or more breach."""
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r04_youth_age", "r04_warning_missing")}
    summary = composition(facts, as_of, limits)
    missing = [str(group) for group in summary.missing]
    details = {"missing": missing, "active": summary.active}
    if not missing:
        return Finding("R04", Status.OK, "all_groups", details, used)
    if len(missing) <= limits["r04_warning_missing"]:
        return Finding("R04", Status.WARNING, "groups_missing", details, used)
    return Finding("R04", Status.BREACH, "groups_missing", details, used)


def r05_terms_current(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R05: breach if an active member's term ended before `as_of`; warning if one ends soon."""
    limits = _with_defaults(thresholds)
    used = {"r05_warning_days": limits["r05_warning_days"]}
    terms = [
        member.term_ends_on
        for member in facts.active_members(as_of)
        if member.term_ends_on is not None
    ]
    expired = sorted(end for end in terms if end < as_of)
    if expired:
        return Finding(
            "R05",
            Status.BREACH,
            "past_term",
            {"count": len(expired), "earliest": expired[0]},
            used,
        )
    horizon = as_of + timedelta(days=limits["r05_warning_days"])
    ending = sorted(end for end in terms if as_of <= end <= horizon)
    if ending:
        return Finding(
            "R05",
            Status.WARNING,
            "term_ending",
            {"count": len(ending), "earliest": ending[0]},
            used,
        )
    return Finding("R05", Status.OK, "terms_current", {}, used)


MEMBERSHIP_RULES = (r01_constituted, r02_chair, r03_police, r04_broad_membership, r05_terms_current)
"""R01-R05, in order: what a council's roster says on a date."""


def evaluate_membership(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """The findings of R01-R05 for one council at `as_of`."""
    return tuple(rule(facts, as_of, thresholds) for rule in MEMBERSHIP_RULES)


def overall_status(findings: tuple[Finding, ...] | list[Finding]) -> Status:
    """The worst status among `findings` (breach > warning > ok > not applicable)."""
    if not findings:
        return Status.NOT_APPLICABLE
    return max((finding.status for finding in findings), key=_SEVERITY.__getitem__)
