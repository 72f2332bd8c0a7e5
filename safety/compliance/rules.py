"""The compliance rules as pure functions: frozen facts and an explicit `as_of` in, findings out.

Nothing here reads a clock, a database or a request: every rule gets the facts of one council,
the evaluation date and the thresholds in force, so the same facts always give the same
findings. Definitions follow `compliance-rules.md` ("Exact definitions", "Decided readings").
Values such as roles and genders are the plain strings the council models store (their
StrEnums compare equal to them), so this module needs no model import.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

# -- Thresholds --------------------------------------------------------------------------

R04_YOUTH_AGE = 30
"""R04: a member is youth while `as_of.year - birth_year` is below this (OSCE 2012, KCSS 2010)."""

R04_WARNING_MISSING = 1
"""R04: this many missing groups is a warning; one more is a breach."""

R05_WARNING_DAYS = 60
"""R05: a term ending within this many days of `as_of` is a warning (revised AI, inferred)."""

R06_WARNING_DAYS = 31
"""R06: more days than this since the last held council meeting is a warning (monthly meetings,
Kosovo Police MCSC page)."""

R06_BREACH_DAYS = 90
"""R06: more days than this since the last held council meeting is a breach (inferred)."""

R06_MIN_MEETINGS = 4
"""R06: fewer council meetings than this in the last 12 months is a breach, once the council has
existed for 12 months (inferred)."""

R07_BREACH_INQUORATE = 2
"""R07: this many inquorate council meetings in the last 12 months is a breach; fewer, but at
least one, a warning (common rule of collegial bodies, inferred)."""

R08_WARNING_DAYS = 14
"""R08: minutes (a consultation's record) still not out of draft more than this many days after
the meeting is a warning (councils' practice, inferred)."""

R08_BREACH_DAYS = 30
"""R08: ... and more than this many days after it, a breach (inferred)."""

R09_MIDYEAR = "06-30"
"""R09: by this day (MM-DD) half the yearly consultations, rounded up, are due (pro-rated from
the Law on Local Self-Government's two public meetings a year)."""

R09_MIN_CONSULTATIONS = 2
"""R09: public consultations required in a calendar year (Law on Local Self-Government, AI on
Transparency in Municipalities)."""

R11_WOMEN_SHARE = 30
"""R11: women's share of all participants of the window's consultations, in percent, at least
this (KCSS 2010, inferred)."""

R11_YOUTH_PER_CONSULTATION = 1
"""R11: participants under 30 per consultation of the window, on average, at least this (OSCE
youth inter-community activities, inferred)."""

R16_WARNING_DAYS = 21
"""R16: a concern waiting more than this many days for its first answer is a warning (inferred
from AI (MLGA) 06/2018 and Regulation 05/2016: every contributor gets an answer)."""

R16_BREACH_DAYS = 30
"""R16: ... and more than this many days, a breach (inferred)."""

R12_PLAN_DUE = "03-31"
"""R12: the year's action plan is due adopted by this day (MM-DD) of the year; before it a
missing plan is a warning, after it a breach (Saferworld/FIQ; practice; the date inferred)."""

R13_MIN_WORKING_DAYS = 15
"""R13: a public comment period shorter than this many working days is a warning (AI (MLGA)
No. 06/2018 on minimum standards of public consultation, inferred)."""

R13_REPORT_DAYS = 30
"""R13: no consultation report published more than this many days after adoption is a breach
(Regulation 05/2016: a report with reasons for accepted and rejected comments; days inferred)."""

R14_WARNING_DAYS = 15
"""R14: an adopted plan not forwarded to the Municipal Assembly more than this many days after
adoption is a warning (practice, inferred)."""

R14_BREACH_DAYS = 30
"""R14: ... and more than this many days after adoption, a breach (inferred)."""

R15_BREACH_SHARE = 25
"""R15: overdue items above this share (percent) of the plans' items is a breach
(accountability practice, inferred)."""

R17_ANNUAL_DUE = "01-31"
"""R17: the annual activity report for the previous year is due by this day (MM-DD)
(MIA/MLGA oversight role, OSCE 2012; the date inferred)."""

R17_MIDYEAR_DUE = "07-31"
"""R17: the mid-year activity report for the current year is due by this day (MM-DD)
(practice of six-month summaries; the date inferred)."""

R17_WARNING_DAYS = 30
"""R17: a report not submitted from this many days before its due date to the due date is a
warning (decided reading 9: 1-31 January, 1-31 July)."""

R18_RESPONSE_DAYS = 14
"""R18: a response (extraordinary meeting, consultation or community activity) is due within
this many days of a serious incident; later without one is a breach (OSCE 2011, inferred)."""

R18_WARNING_DAYS = 8
"""R18: an incident unanswered for at least this many days is a warning (inferred)."""

DEFAULT_THRESHOLDS: Mapping[str, Any] = {
    "r04_youth_age": R04_YOUTH_AGE,
    "r04_warning_missing": R04_WARNING_MISSING,
    "r05_warning_days": R05_WARNING_DAYS,
    "r06_warning_days": R06_WARNING_DAYS,
    "r06_breach_days": R06_BREACH_DAYS,
    "r06_min_meetings": R06_MIN_MEETINGS,
    "r07_breach_inquorate": R07_BREACH_INQUORATE,
    "r08_warning_days": R08_WARNING_DAYS,
    "r08_breach_days": R08_BREACH_DAYS,
    "r09_midyear": R09_MIDYEAR,
    "r09_min_consultations": R09_MIN_CONSULTATIONS,
    "r11_women_share": R11_WOMEN_SHARE,
    "r11_youth_per_consultation": R11_YOUTH_PER_CONSULTATION,
    "r12_plan_due": R12_PLAN_DUE,
    "r13_min_working_days": R13_MIN_WORKING_DAYS,
    "r13_report_days": R13_REPORT_DAYS,
    "r14_warning_days": R14_WARNING_DAYS,
    "r14_breach_days": R14_BREACH_DAYS,
    "r15_breach_share": R15_BREACH_SHARE,
    "r17_annual_due": R17_ANNUAL_DUE,
    "r17_midyear_due": R17_MIDYEAR_DUE,
    "r17_warning_days": R17_WARNING_DAYS,
    "r16_warning_days": R16_WARNING_DAYS,
    "r16_breach_days": R16_BREACH_DAYS,
    "r18_response_days": R18_RESPONSE_DAYS,
    "r18_warning_days": R18_WARNING_DAYS,
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

REGULAR = "regular"
EXTRAORDINARY = "extraordinary"
PUBLIC_CONSULTATION = "public_consultation"
COMMUNITY_ACTIVITY = "community_activity"

COUNCIL_MEETINGS = frozenset({REGULAR, EXTRAORDINARY})
"""R06, R07: the council's own meetings."""

CONSULTATIONS = frozenset({PUBLIC_CONSULTATION})
"""R09, R10, R11: public consultations only (community activities count for R18 alone)."""

RECORDED_MEETINGS = frozenset({REGULAR, EXTRAORDINARY, PUBLIC_CONSULTATION})
"""R08: meetings that need minutes or a record (community activities need none, reading 13)."""

INCIDENT_RESPONSES = frozenset({EXTRAORDINARY, PUBLIC_CONSULTATION, COMMUNITY_ACTIVITY})
"""R18: what answers a serious incident."""

CLOSED_CONCERN_STATUSES = frozenset({"rejected", "duplicate"})
"""R18: a concern in one of these statuses on `as_of` is no incident to answer (reading 20)."""

NOT_STARTED = "not_started"
DONE = "done"
CANCELLED = "cancelled"
"""Item statuses R15 reads (an item with no dated status yet is not started)."""

MIDYEAR = "midyear"
ANNUAL = "annual"
"""Kinds of activity report R17 reads."""


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


S = TypeVar("S")
T = TypeVar("T")


def status_as_of(history: Iterable[tuple[date, S]], day: date, before_any: T) -> S | T:
    """The status in force on `day` in a dated history: the last change dated on or before it.

    `history` is (date, status) pairs in the order they were recorded; a later record of the
    same date wins (the sort is stable). Before the first change, `before_any`.
    """
    current: S | T = before_any
    for changed_on, status in sorted(history, key=lambda change: change[0]):
        if changed_on <= day:
            current = status
    return current


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
class MeetingFacts:
    """One HELD meeting as the rules see it, judged for one host council.

    The facts layer passes only held meetings; a co-hosted one appears for every host, with
    `non_majority` and `non_majority_settlement` computed against that host's majority
    community (decided reading 17).
    """

    kind: str  # regular | extraordinary | public_consultation | community_activity
    held_on: date
    # Members of this council present (a substitute counts, reading 14); None: none recorded.
    present: int | None = None
    # The day the minutes (a consultation's record) left draft; None: still draft, or none.
    minutes_on: date | None = None
    # Council minutes only: the date of the later held council meeting that approved them.
    approved_on: date | None = None
    # Consultations and activities: participants, women, under 30, and of a community other
    # than this host's majority ("undisclosed" excluded).
    participants: int = 0
    women: int = 0
    youth: int = 0
    non_majority: int = 0
    # Held in a settlement whose majority community differs from this host's majority.
    non_majority_settlement: bool = False
    interpretation: bool = False


@dataclass(frozen=True)
class IncidentFacts:
    """A concern flagged `serious_incident`, with the dated history R18 reads.

    `statuses` is the concern's status history as (date, status) pairs in the order they were
    set, so "the status on `as_of`" (reading 20) is the last one dated on or before it: a
    concern rejected and later reopened counts again from the reopening.
    """

    # The stated incident date; the facts layer falls back to submitted_on (reading 10).
    incident_on: date
    statuses: tuple[tuple[date, str], ...] = ()
    # A soft-deleted (spam) concern counts only before this date (reading 20).
    deleted_on: date | None = None

    def status_on(self, day: date) -> str | None:
        """The status set last on or before `day`; None before the first one."""
        return status_as_of(self.statuses, day, None)

    def counts_on(self, day: date) -> bool:
        """Not deleted by `day`, and not rejected or a duplicate on it."""
        if self.deleted_on is not None and self.deleted_on <= day:
            return False
        return self.status_on(day) not in CLOSED_CONCERN_STATUSES


@dataclass(frozen=True)
class ConcernFacts:
    """A concern as R16 sees it: when it was raised and when it was first answered.

    Every concern counts, whatever its status (reading 8): one closed without an answer to
    the submitter stays unanswered.
    """

    submitted_on: date
    # The date of the first status change that carried an answer to the submitter.
    first_answer_on: date | None = None
    # A soft-deleted (spam) concern counts only before this date (reading 20).
    deleted_on: date | None = None
    # How many concerns this row stands for: the facts layer folds concerns answered before
    # the first date it will be asked about into one row per council, since on those dates
    # they only add to the count (their dates are then the latest of the group).
    count: int = 1

    def waits_on(self, day: date) -> bool:
        """Submitted by `day`, not deleted by it, and not answered by it."""
        if self.submitted_on > day:
            return False
        if self.deleted_on is not None and self.deleted_on <= day:
            return False
        return self.first_answer_on is None or self.first_answer_on > day


@dataclass(frozen=True)
class ItemFacts:
    """One action-plan item: its deadline and its dated status history (R15).

    `statuses` holds (date, status) pairs in the order they were set; the status on a day is
    the last one dated on or before it, and an item with none by then is not started.
    """

    deadline: date | None
    statuses: tuple[tuple[date, str], ...] = ()

    def status_on(self, day: date) -> str:
        return status_as_of(self.statuses, day, NOT_STARTED)


@dataclass(frozen=True)
class PlanFacts:
    """A council's action plan for one calendar year, with the stated dates R12-R15 read."""

    year: int
    adopted_on: date | None = None
    comment_starts_on: date | None = None
    comment_ends_on: date | None = None
    report_published_on: date | None = None
    forwarded_on: date | None = None
    items: tuple[ItemFacts, ...] = ()

    def adopted_by(self, day: date) -> bool:
        return self.adopted_on is not None and self.adopted_on <= day


@dataclass(frozen=True)
class ReportFacts:
    """An activity report (R17): `midyear` or `annual`, its year, and when it was submitted."""

    kind: str
    year: int
    submitted_on: date | None = None


@dataclass(frozen=True)
class CouncilFacts:
    """What the rules need to know about one council; later slices add their own facts."""

    constituted_on: date | None
    decision_number: str | None
    is_multi_ethnic: bool
    majority_community: str | None
    members: tuple[MemberFacts, ...] = ()
    meetings: tuple[MeetingFacts, ...] = ()
    incidents: tuple[IncidentFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = ()
    reports: tuple[ReportFacts, ...] = ()
    # The product's holiday table, the only calendar working days are counted with (reading
    # 12); the facts layer may pass only the days that fall inside some comment period.
    holidays: frozenset[date] = frozenset()
    concerns: tuple[ConcernFacts, ...] = ()

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


# -- Meetings, consultations and incidents (R06-R11, R18) ---------------------------------


def one_year_before(day: date) -> date:
    """The same calendar date a year earlier; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 2, 28)


def calendar_day(year: int, month_day: str) -> date:
    """A `MM-DD` threshold in `year`; 02-29 falls back to 28 February outside leap years."""
    month, day = (int(part) for part in month_day.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


@dataclass(frozen=True)
class Window:
    """The days the windowed rules look at: the last 12 months, cut at the constituting date."""

    first_day: date
    full_year: bool


def window(constituted_on: date, as_of: date) -> Window:
    """`(as_of - 1 year, as_of]`, or `[constituted_on, as_of]` for a council constituted less
    than 12 months before `as_of` (decided reading 3)."""
    year_ago = one_year_before(as_of)
    if constituted_on > year_ago:
        return Window(constituted_on, full_year=False)
    return Window(year_ago + timedelta(days=1), full_year=True)


def _judged_from(facts: CouncilFacts, as_of: date) -> date | None:
    """The constituting date when activity is judged on `as_of`; None before it or without one."""
    if facts.constituted_on is None or facts.constituted_on > as_of:
        return None
    return facts.constituted_on


def _not_constituted(rule: str, facts: CouncilFacts) -> Finding:
    """Reading 1: before the constituting date, or without one, activity is not judged."""
    return Finding(
        rule, Status.NOT_APPLICABLE, "not_constituted", {"constituted_on": facts.constituted_on}
    )


def _held(
    facts: CouncilFacts, first_day: date, as_of: date, kinds: frozenset[str]
) -> list[MeetingFacts]:
    """Meetings of `kinds` held from `first_day` to `as_of`, by date.

    A meeting held after `as_of` does not exist yet for this evaluation. Callers never look
    before the constituting date: a meeting held then belongs to no judged period (reading 1).
    """
    return sorted(
        (m for m in facts.meetings if m.kind in kinds and first_day <= m.held_on <= as_of),
        key=lambda meeting: meeting.held_on,
    )


def r06_meets_regularly(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R06: days since the last held council meeting (or the constituting date), and, once the
    council is a year old, the number held in the last 12 months."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R06", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r06_warning_days", "r06_breach_days")}
    span = window(constituted_on, as_of)
    held = _held(facts, constituted_on, as_of, COUNCIL_MEETINGS)
    last = held[-1].held_on if held else None
    details = {
        "days": (as_of - (last or constituted_on)).days,
        "last_held_on": last,
        "constituted_on": constituted_on,
        "count": sum(1 for meeting in held if meeting.held_on >= span.first_day),
        "window_start": span.first_day,
    }
    reason = "last_meeting" if last else "no_meeting"
    if details["days"] > limits["r06_breach_days"]:
        status = Status.BREACH
    elif span.full_year and details["count"] < limits["r06_min_meetings"]:
        status, reason = Status.BREACH, "too_few_meetings"
    elif details["days"] > limits["r06_warning_days"]:
        status = Status.WARNING
    else:
        status = Status.OK
    # The 4-meeting clause applies only to a council a year old or more (reading 3).
    if span.full_year:
        used["r06_min_meetings"] = limits["r06_min_meetings"]
    return Finding("R06", status, reason, details, used)


def is_quorate(facts: CouncilFacts, meeting: MeetingFacts) -> bool:
    """More than half the members active on the meeting's date present; unrecorded is not."""
    if meeting.present is None:
        return False
    return meeting.present * 2 > len(facts.active_members(meeting.held_on))


def r07_quorate(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R07: inquorate council meetings in the window; one is a warning, two a breach."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R07", facts)
    limits = _with_defaults(thresholds)
    used = {"r07_breach_inquorate": limits["r07_breach_inquorate"]}
    span = window(constituted_on, as_of)
    meetings = _held(facts, span.first_day, as_of, COUNCIL_MEETINGS)
    inquorate = [meeting for meeting in meetings if not is_quorate(facts, meeting)]
    details = {
        "count": len(meetings),
        "inquorate": len(inquorate),
        "dates": [meeting.held_on for meeting in inquorate],
        "unrecorded": sum(1 for meeting in inquorate if meeting.present is None),
        "window_start": span.first_day,
    }
    if not meetings:
        return Finding("R07", Status.OK, "no_meetings", details, used)
    if not inquorate:
        return Finding("R07", Status.OK, "all_quorate", details, used)
    if len(inquorate) >= limits["r07_breach_inquorate"]:
        return Finding("R07", Status.BREACH, "inquorate", details, used)
    return Finding("R07", Status.WARNING, "inquorate", details, used)


def _unapproved_after_next(meetings: list[MeetingFacts], as_of: date) -> list[MeetingFacts]:
    """Council meetings whose minutes are unapproved on `as_of` though a later council meeting
    was held by then (reading 4: an approval given late, but by `as_of`, clears it)."""
    council = [meeting for meeting in meetings if meeting.kind in COUNCIL_MEETINGS]
    if not council:
        return []
    latest = council[-1].held_on
    return [
        meeting
        for meeting in council
        if meeting.held_on < latest and (meeting.approved_on is None or meeting.approved_on > as_of)
    ]


def r08_minutes_kept(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R08: minutes (a consultation's record) out of draft within 14 days of every meeting held
    by `as_of`, and council minutes approved by the next council meeting."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R08", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r08_warning_days", "r08_breach_days")}
    meetings = _held(facts, constituted_on, as_of, RECORDED_MEETINGS)
    # Minutes dated after `as_of` are not recorded yet for this evaluation.
    late = [
        meeting
        for meeting in meetings
        if (meeting.minutes_on is None or meeting.minutes_on > as_of)
        and (as_of - meeting.held_on).days > limits["r08_warning_days"]
    ]
    unapproved = _unapproved_after_next(meetings, as_of)
    details = {
        "count": len(meetings),
        "late": len(late),
        "oldest_held_on": late[0].held_on if late else None,
        "oldest_days": (as_of - late[0].held_on).days if late else None,
        "unapproved": len(unapproved),
        "unapproved_held_on": unapproved[0].held_on if unapproved else None,
    }
    if late:
        breach = details["oldest_days"] > limits["r08_breach_days"]
        status = Status.BREACH if breach else Status.WARNING
        return Finding("R08", status, "minutes_missing", details, used)
    if unapproved:
        return Finding("R08", Status.WARNING, "unapproved", details, used)
    if not meetings:
        return Finding("R08", Status.OK, "no_meetings", details, used)
    return Finding("R08", Status.OK, "minutes_kept", details, used)


def r09_consults_public(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R09: public consultations held since 1 January of `as_of`'s year, against the yearly
    minimum, half of it (rounded up) due by mid-year."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R09", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r09_midyear", "r09_min_consultations")}
    yearly = limits["r09_min_consultations"]
    midyear = calendar_day(as_of.year, limits["r09_midyear"])
    year_end = date(as_of.year, 12, 31)
    first_day = max(constituted_on, date(as_of.year, 1, 1))
    count = len(_held(facts, first_day, as_of, CONSULTATIONS))
    # Pro-rated: half the yearly number, rounded up, by mid-year (1 of 2 by 30 June).
    by_midyear = (yearly + 1) // 2
    if as_of <= midyear:
        needed, due = by_midyear, midyear
        status = Status.OK if count >= needed else Status.WARNING
    elif count < by_midyear:
        # After mid-year, having missed its half is a breach (0 of 1 by 30 June).
        needed, due, status = by_midyear, midyear, Status.BREACH
    else:
        needed, due = yearly, year_end
        if count >= needed:
            status = Status.OK
        elif as_of == year_end:
            status = Status.BREACH
        else:
            status = Status.WARNING
    # `needed` and `due_on` are the requirement that decided the status.
    details = {"count": count, "year": as_of.year, "needed": needed, "due_on": due}
    reason = {Status.OK: "on_track", Status.WARNING: "behind", Status.BREACH: "missed"}[status]
    # Reading 2: in the year of the constituting date, only a met obligation is judged.
    if as_of.year == constituted_on.year and status != Status.OK:
        return Finding("R09", Status.NOT_APPLICABLE, "first_year", details, used)
    return Finding("R09", status, reason, details, used)


def _consultations_in_window(
    facts: CouncilFacts, constituted_on: date, as_of: date
) -> tuple[Window, list[MeetingFacts]]:
    span = window(constituted_on, as_of)
    return span, _held(facts, span.first_day, as_of, CONSULTATIONS)


def r10_reaches_communities(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R10: in a multi-ethnic municipality, a consultation of the window reached a non-majority
    community (participants, a non-majority settlement, or interpretation)."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R10", facts)
    if not facts.is_multi_ethnic:
        return Finding("R10", Status.NOT_APPLICABLE, "single_community")
    span, consultations = _consultations_in_window(facts, constituted_on, as_of)
    reached = [
        meeting
        for meeting in consultations
        if meeting.non_majority > 0 or meeting.non_majority_settlement or meeting.interpretation
    ]
    details = {
        "count": len(consultations),
        "reached": len(reached),
        "last_reached_on": reached[-1].held_on if reached else None,
        "window_start": span.first_day,
    }
    if reached:
        return Finding("R10", Status.OK, "reached", details)
    if consultations:
        return Finding("R10", Status.BREACH, "not_reached", details)
    return Finding("R10", Status.BREACH, "no_consultations", details)


def r11_women_and_youth(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R11: over the window's consultations together, women's share of all participants and
    participants under 30 per consultation (reading 5)."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R11", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r11_women_share", "r11_youth_per_consultation")}
    span, consultations = _consultations_in_window(facts, constituted_on, as_of)
    count = len(consultations)
    participants = sum(meeting.participants for meeting in consultations)
    women = sum(meeting.women for meeting in consultations)
    youth = sum(meeting.youth for meeting in consultations)
    details = {
        "count": count,
        "participants": participants,
        "women": women,
        "youth": youth,
        "women_percent": women * 100 / participants if participants else None,
        "youth_per_consultation": youth / count if count else None,
        "window_start": span.first_day,
    }
    if not count:
        return Finding("R11", Status.NOT_APPLICABLE, "no_consultations", details, used)
    if not participants:
        return Finding("R11", Status.BREACH, "no_participants", details, used)
    # Cross-multiplied so that exactly 30% or exactly 1 per consultation meets the threshold.
    women_met = women * 100 >= limits["r11_women_share"] * participants
    youth_met = youth >= limits["r11_youth_per_consultation"] * count
    if women_met and youth_met:
        return Finding("R11", Status.OK, "included", details, used)
    if youth_met:
        return Finding("R11", Status.WARNING, "women_missed", details, used)
    if women_met:
        return Finding("R11", Status.WARNING, "youth_missed", details, used)
    return Finding("R11", Status.BREACH, "both_missed", details, used)


def r16_concerns_answered(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R16: the oldest concern still waiting on `as_of` for its first answer to the submitter,
    whatever its status (reading 8); a deleted one counts until its deletion (reading 20)."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R16", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r16_warning_days", "r16_breach_days")}
    counted = [
        concern
        for concern in facts.concerns
        if concern.submitted_on <= as_of
        and (concern.deleted_on is None or concern.deleted_on > as_of)
    ]
    # An answer dated after `as_of` has not been given yet for this evaluation.
    waiting = sorted(concern.submitted_on for concern in counted if concern.waits_on(as_of))
    late = [day for day in waiting if (as_of - day).days > limits["r16_warning_days"]]
    details = {
        "count": sum(concern.count for concern in counted),
        "waiting": len(waiting),
        "late": len(late),
        "oldest_on": late[0] if late else None,
        "oldest_days": (as_of - late[0]).days if late else None,
    }
    if not counted:
        return Finding("R16", Status.OK, "no_concerns", details, used)
    if not late:
        return Finding("R16", Status.OK, "answered", details, used)
    if details["oldest_days"] > limits["r16_breach_days"]:
        return Finding("R16", Status.BREACH, "unanswered", details, used)
    return Finding("R16", Status.WARNING, "unanswered", details, used)


def r18_responds_to_incidents(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R18: each serious incident of the window answered by an extraordinary meeting, a public
    consultation or a community activity held within 14 days of it."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R18", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r18_response_days", "r18_warning_days")}
    span = window(constituted_on, as_of)
    incidents = sorted(
        (
            incident
            for incident in facts.incidents
            if span.first_day <= incident.incident_on <= as_of and incident.counts_on(as_of)
        ),
        key=lambda incident: incident.incident_on,
    )
    responses = [m.held_on for m in _held(facts, constituted_on, as_of, INCIDENT_RESPONSES)]
    allowed = timedelta(days=limits["r18_response_days"])
    unanswered = [
        incident
        for incident in incidents
        if not any(
            incident.incident_on <= held <= incident.incident_on + allowed for held in responses
        )
    ]
    overdue = [
        incident
        for incident in unanswered
        if (as_of - incident.incident_on).days >= limits["r18_warning_days"]
    ]
    details = {
        "count": len(incidents),
        "answered": len(incidents) - len(unanswered),
        "pending": len(unanswered) - len(overdue),
        "unanswered": len(overdue),
        "oldest_on": overdue[0].incident_on if overdue else None,
        "oldest_days": (as_of - overdue[0].incident_on).days if overdue else None,
        "window_start": span.first_day,
    }
    if not incidents:
        return Finding("R18", Status.OK, "no_incidents", details, used)
    if not overdue:
        return Finding("R18", Status.OK, "answered", details, used)
    if details["oldest_days"] > limits["r18_response_days"]:
        return Finding("R18", Status.BREACH, "unanswered", details, used)
    return Finding("R18", Status.WARNING, "unanswered", details, used)


MEETING_RULES = (
    r06_meets_regularly,
    r07_quorate,
    r08_minutes_kept,
    r09_consults_public,
    r10_reaches_communities,
    r11_women_and_youth,
    r18_responds_to_incidents,
)
"""R06-R11 and R18, in order: what a council's meetings, consultations and responses say."""


def evaluate_meetings(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """The findings of R06-R11 and R18 for one council at `as_of`."""
    return tuple(rule(facts, as_of, thresholds) for rule in MEETING_RULES)


# -- Action plans and activity reports (R12-R15, R17) -------------------------------------


def working_days(first_day: date, last_day: date, holidays: frozenset[date]) -> int:
    """Days from `first_day` to `last_day`, both counted, that are neither a Saturday, a Sunday
    nor in `holidays` (decided reading 6); 0 when the period is empty."""
    count = 0
    day = first_day
    while day <= last_day:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


def _plan_of_year(facts: CouncilFacts, year: int) -> PlanFacts | None:
    return next((plan for plan in facts.plans if plan.year == year), None)


def _adopted_plan(facts: CouncilFacts, as_of: date) -> PlanFacts | None:
    """The plan for `as_of`'s year if it was adopted by `as_of`."""
    plan = _plan_of_year(facts, as_of.year)
    return plan if plan is not None and plan.adopted_by(as_of) else None


def r12_current_plan(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R12: the plan for `as_of`'s year adopted by `as_of`; missing, a warning up to 31 March,
    a breach after it."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R12", facts)
    limits = _with_defaults(thresholds)
    used = {"r12_plan_due": limits["r12_plan_due"]}
    due = calendar_day(as_of.year, limits["r12_plan_due"])
    plan = _adopted_plan(facts, as_of)
    details = {
        "year": as_of.year,
        "due_on": due,
        "adopted_on": plan.adopted_on if plan else None,
    }
    if plan is not None:
        return Finding("R12", Status.OK, "adopted", details, used)
    # Reading 2: in the year of the constituting date, only a met obligation is judged.
    if as_of.year == constituted_on.year:
        return Finding("R12", Status.NOT_APPLICABLE, "first_year", details, used)
    if as_of <= due:
        return Finding("R12", Status.WARNING, "not_yet_adopted", details, used)
    return Finding("R12", Status.BREACH, "not_adopted", details, used)


def _comment_working_days(plan: PlanFacts, holidays: frozenset[date]) -> int | None:
    """Working days of the plan's comment period up to its adoption day (readings 6, 18);
    None when it had none, or when the period started only after the adoption."""
    adopted_on = plan.adopted_on
    starts_on = plan.comment_starts_on
    if adopted_on is None or starts_on is None or starts_on > adopted_on:
        return None
    ends_on = plan.comment_ends_on or adopted_on
    return working_days(starts_on, min(ends_on, adopted_on), holidays)


def r13_plan_consulted(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R13: the adopted plan of `as_of`'s year had a comment period of at least 15 working days
    before adoption, and its consultation report was published within 30 days of adoption."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R13", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r13_min_working_days", "r13_report_days")}
    plan = _adopted_plan(facts, as_of)
    if plan is None or plan.adopted_on is None:
        return Finding("R13", Status.NOT_APPLICABLE, "no_adopted_plan", {"year": as_of.year})
    counted = _comment_working_days(plan, facts.holidays)
    published_on = plan.report_published_on
    # A report dated after `as_of` is not published yet for this evaluation (reading 6).
    if published_on is not None and published_on > as_of:
        published_on = None
    days_since = (as_of - plan.adopted_on).days
    details = {
        "year": plan.year,
        "adopted_on": plan.adopted_on,
        "comment_starts_on": plan.comment_starts_on if counted is not None else None,
        "comment_ends_on": plan.comment_ends_on if counted is not None else None,
        "working_days": counted,
        "days_since_adoption": days_since,
        "report_published_on": published_on,
    }
    if counted is None:
        return Finding("R13", Status.BREACH, "no_comment_period", details, used)
    if published_on is None and days_since > limits["r13_report_days"]:
        return Finding("R13", Status.BREACH, "no_report", details, used)
    if counted < limits["r13_min_working_days"]:
        return Finding("R13", Status.WARNING, "short_period", details, used)
    if published_on is None:
        return Finding("R13", Status.OK, "report_due", details, used)
    return Finding("R13", Status.OK, "consulted", details, used)


def r14_plan_forwarded(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R14: the adopted plan of `as_of`'s year forwarded to the Municipal Assembly; not
    forwarded more than 15 days after adoption is a warning, more than 30 a breach."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R14", facts)
    limits = _with_defaults(thresholds)
    used = {name: limits[name] for name in ("r14_warning_days", "r14_breach_days")}
    plan = _adopted_plan(facts, as_of)
    if plan is None or plan.adopted_on is None:
        return Finding("R14", Status.NOT_APPLICABLE, "no_adopted_plan", {"year": as_of.year})
    details = {
        "year": plan.year,
        "adopted_on": plan.adopted_on,
        "days_since_adoption": (as_of - plan.adopted_on).days,
        "forwarded_on": None,
    }
    if plan.forwarded_on is not None and plan.forwarded_on <= as_of:
        details["forwarded_on"] = plan.forwarded_on
        return Finding("R14", Status.OK, "forwarded", details, used)
    days = details["days_since_adoption"]
    if days > limits["r14_breach_days"]:
        return Finding("R14", Status.BREACH, "not_forwarded", details, used)
    if days > limits["r14_warning_days"]:
        return Finding("R14", Status.WARNING, "not_forwarded", details, used)
    return Finding("R14", Status.OK, "forward_due", details, used)


def r15_plan_carried_out(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R15: items of the plans of `as_of`'s year and the year before, adopted by `as_of`, past
    their deadline and neither done nor cancelled; any is a warning, more than 25% a breach."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R15", facts)
    limits = _with_defaults(thresholds)
    used = {"r15_breach_share": limits["r15_breach_share"]}
    plans = [
        plan
        for plan in facts.plans
        if plan.year in (as_of.year, as_of.year - 1) and plan.adopted_by(as_of)
    ]
    years = sorted(plan.year for plan in plans)
    if not plans:
        details = {"year": as_of.year, "years": years}
        return Finding("R15", Status.NOT_APPLICABLE, "no_adopted_plan", details, used)
    # Reading 7: one pool for both years; items cancelled by `as_of` leave it altogether.
    pool = [
        (item, status)
        for plan in plans
        for item in plan.items
        if (status := item.status_on(as_of)) != CANCELLED
    ]
    overdue = sorted(
        item.deadline
        for item, status in pool
        if item.deadline is not None and item.deadline < as_of and status != DONE
    )
    details = {
        "year": as_of.year,
        "years": years,
        "count": len(pool),
        "overdue": len(overdue),
        "overdue_percent": len(overdue) * 100 / len(pool) if pool else None,
        "oldest_deadline": overdue[0] if overdue else None,
    }
    if not pool:
        return Finding("R15", Status.NOT_APPLICABLE, "no_items", details, used)
    if not overdue:
        return Finding("R15", Status.OK, "on_schedule", details, used)
    # Cross-multiplied so that exactly 25% is not more than 25%.
    if len(overdue) * 100 > limits["r15_breach_share"] * len(pool):
        return Finding("R15", Status.BREACH, "overdue", details, used)
    return Finding("R15", Status.WARNING, "overdue", details, used)


def _report_obligations(
    constituted_on: date, as_of: date, limits: Mapping[str, Any]
) -> list[tuple[str, int, date, date]]:
    """The reports R17 asks about on `as_of`: (kind, year, period end, due date).

    The annual report for the previous year and the mid-year report for the current year,
    each only if its period ends on or after the constituting date (reading 19).
    """
    obligations = [
        (ANNUAL, as_of.year - 1, date(as_of.year - 1, 12, 31), limits["r17_annual_due"]),
        (MIDYEAR, as_of.year, date(as_of.year, 6, 30), limits["r17_midyear_due"]),
    ]
    return [
        (kind, year, period_end, calendar_day(as_of.year, due))
        for kind, year, period_end, due in obligations
        if period_end >= constituted_on
    ]


def r17_reports_upward(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> Finding:
    """R17: the annual report for the previous year submitted by 31 January, the mid-year
    report for the current year by 31 July; due within 30 days a warning, late a breach."""
    constituted_on = _judged_from(facts, as_of)
    if constituted_on is None:
        return _not_constituted("R17", facts)
    limits = _with_defaults(thresholds)
    used = {
        name: limits[name] for name in ("r17_annual_due", "r17_midyear_due", "r17_warning_days")
    }
    submitted: dict[tuple[str, int], date] = {}
    for report in facts.reports:
        if report.submitted_on is not None and report.submitted_on <= as_of:
            key = (str(report.kind), report.year)
            submitted[key] = min(report.submitted_on, submitted.get(key, report.submitted_on))
    window_days = timedelta(days=limits["r17_warning_days"])
    reports = []
    for kind, year, _period_end, due_on in _report_obligations(constituted_on, as_of, limits):
        submitted_on = submitted.get((kind, year))
        if submitted_on is not None:
            state = "submitted"
        elif as_of > due_on:
            state = "missing"
        elif as_of >= due_on - window_days:
            # Reading 9: from 30 days before the due date to the due date, both included.
            state = "due_soon"
        else:
            state = "not_due"
        reports.append(
            {
                "kind": kind,
                "year": year,
                "due_on": due_on,
                "submitted_on": submitted_on,
                "state": state,
            }
        )
    details = {"reports": reports}
    states = {report["state"] for report in reports}
    if "missing" in states:
        return Finding("R17", Status.BREACH, "missing", details, used)
    if "due_soon" in states:
        return Finding("R17", Status.WARNING, "due_soon", details, used)
    if "submitted" in states:
        return Finding("R17", Status.OK, "submitted", details, used)
    return Finding("R17", Status.OK, "none_due", details, used)


PLAN_RULES = (
    r12_current_plan,
    r13_plan_consulted,
    r14_plan_forwarded,
    r15_plan_carried_out,
    r17_reports_upward,
)
"""R12-R15 and R17, in order: what a council's action plans and activity reports say."""


def evaluate_plans(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """The findings of R12-R15 and R17 for one council at `as_of`."""
    return tuple(rule(facts, as_of, thresholds) for rule in PLAN_RULES)


REASONS: Mapping[str, frozenset[str]] = {
    "R01": frozenset({"no_decision", "not_yet_constituted", "no_active_members", "constituted"}),
    "R02": frozenset({"missing", "present"}),
    "R03": frozenset({"missing", "present"}),
    "R04": frozenset({"all_groups", "groups_missing"}),
    "R05": frozenset({"past_term", "term_ending", "terms_current"}),
    "R06": frozenset({"not_constituted", "last_meeting", "no_meeting", "too_few_meetings"}),
    "R07": frozenset({"not_constituted", "no_meetings", "all_quorate", "inquorate"}),
    "R08": frozenset(
        {"not_constituted", "no_meetings", "minutes_kept", "minutes_missing", "unapproved"}
    ),
    "R09": frozenset({"not_constituted", "on_track", "behind", "missed", "first_year"}),
    "R10": frozenset(
        {"not_constituted", "single_community", "reached", "not_reached", "no_consultations"}
    ),
    "R11": frozenset(
        {
            "not_constituted",
            "no_consultations",
            "no_participants",
            "included",
            "women_missed",
            "youth_missed",
            "both_missed",
        }
    ),
    "R12": frozenset(
        {"not_constituted", "adopted", "first_year", "not_yet_adopted", "not_adopted"}
    ),
    "R13": frozenset(
        {
            "not_constituted",
            "no_adopted_plan",
            "no_comment_period",
            "no_report",
            "short_period",
            "report_due",
            "consulted",
        }
    ),
    "R14": frozenset(
        {"not_constituted", "no_adopted_plan", "forwarded", "not_forwarded", "forward_due"}
    ),
    "R15": frozenset({"not_constituted", "no_adopted_plan", "no_items", "on_schedule", "overdue"}),
    "R16": frozenset({"not_constituted", "no_concerns", "answered", "unanswered"}),
    "R17": frozenset({"not_constituted", "missing", "due_soon", "submitted", "none_due"}),
    "R18": frozenset({"not_constituted", "no_incidents", "answered", "unanswered"}),
}
"""Every reason each rule can give, so a test can hold the explanations to all of them."""


RULES = (
    r01_constituted,
    r02_chair,
    r03_police,
    r04_broad_membership,
    r05_terms_current,
    r06_meets_regularly,
    r07_quorate,
    r08_minutes_kept,
    r09_consults_public,
    r10_reaches_communities,
    r11_women_and_youth,
    r12_current_plan,
    r13_plan_consulted,
    r14_plan_forwarded,
    r15_plan_carried_out,
    r16_concerns_answered,
    r17_reports_upward,
    r18_responds_to_incidents,
)
"""Every rule, in rule-number order."""


def evaluate(
    facts: CouncilFacts, as_of: date, thresholds: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """The findings of every rule for one council at `as_of`, in rule order."""
    return tuple(rule(facts, as_of, thresholds) for rule in RULES)


def overall_status(findings: tuple[Finding, ...] | list[Finding]) -> Status:
    """The worst status among `findings` (breach > warning > ok > not applicable)."""
    if not findings:
        return Status.NOT_APPLICABLE
    return max((finding.status for finding in findings), key=_SEVERITY.__getitem__)
