"""Findings through `load_compliance` and `evaluate_council` on hand-built histories: each event
judged the day before, the day of and the day after it, one council against all 38, and the
five queries that do not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from safety.compliance.evaluation import (
    evaluate_council,
    evaluate_councils,
    load_compliance,
    month_ends,
    trend,
)
from safety.compliance.rules import DEFAULT_THRESHOLDS, Status
from safety.concerns.models import ConcernStatus
from safety.consultations.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    RecordStatus,
)
from safety.councils.models import (
    Community,
    CouncilDecision,
    DecisionKind,
    Gender,
    MemberRole,
)
from safety.dates import today
from safety.plans.models import ItemStatus, PlanStatus, ReportKind
from tests.conftest import assert_no_duplicated_queries

B, W, OK, NA = Status.BREACH, Status.WARNING, Status.OK, Status.NOT_APPLICABLE
HELD = MeetingStatus.HELD
CONSTITUTED = date(2020, 1, 15)
ONE_DAY = timedelta(days=1)


def around(day: date) -> tuple[date, date, date]:
    """The day before `day`, `day` and the day after it."""
    return day - ONE_DAY, day, day + ONE_DAY


def finding(session, council, rule: str, as_of: date):
    """The finding of `rule` for `council` on `as_of`, through the one-council path."""
    found = evaluate_council(session, council.id, as_of)
    assert found is not None
    return found.finding(rule)


def constitute(session, council, decided_on: date = CONSTITUTED, number: str = "01-002/20"):
    session.add(
        CouncilDecision(
            council_id=council.id,
            kind=DecisionKind.CONSTITUTING,
            number=number,
            decided_on=decided_on,
        )
    )
    session.commit()
    return council


@pytest.fixture
def council(session, council_a):
    """Council A (Prishtinë), constituted on 15 January 2020."""
    return constitute(session, council_a)


# -- (a) A meeting recorded late counts for the day it was held (R06, R08) ------------------


def test_meeting_recorded_today_counts_for_last_march(session, council, make_meeting, make_record):
    this_year = today().year
    last_march = date(this_year - 1, 3, 10)
    # Monthly meetings from September to January, each approved at the next one; February
    # was skipped, and March's meeting is entered only today.
    months = [date(this_year - 2, month, 10) for month in (9, 10, 11, 12)]
    months.append(date(this_year - 1, 1, 10))
    meetings = [make_meeting(council, status=HELD, scheduled_on=day) for day in months]
    late = make_meeting(council, status=HELD, scheduled_on=last_march)
    for meeting, approved_at in zip(meetings, [*meetings[1:], late], strict=True):
        make_record(
            meeting,
            status=RecordStatus.APPROVED,
            minutes_on=meeting.held_on + timedelta(days=3),
            approved_at=approved_at,
        )
    # The minutes of March's meeting are written (out of draft) today too.
    written_on = today()
    make_record(late, status=RecordStatus.CIRCULATED, minutes_on=written_on)
    assert late.created_at.date() >= written_on - ONE_DAY  # recorded now, not in March
    assert late.held_on == last_march

    # R06: the day before, January's meeting is 58 days old (a warning); from March 10 on,
    # the late-recorded meeting is the last one.
    before, on, after = (finding(session, council, "R06", day) for day in around(last_march))
    assert (before.status, before.details["last_held_on"], before.details["days"]) == (
        W,
        date(this_year - 1, 1, 10),
        58,
    )
    assert (on.status, on.details["last_held_on"], on.details["days"]) == (OK, last_march, 0)
    assert (after.status, after.details["last_held_on"], after.details["days"]) == (
        OK,
        last_march,
        1,
    )
    assert on.details["count"] == 6
    # At the end of April it is 51 days old: a warning, where January's would be a breach.
    end_of_april = finding(session, council, "R06", date(this_year - 1, 4, 30))
    assert (end_of_april.status, end_of_april.details["last_held_on"]) == (W, last_march)

    # R08: January's minutes are approved at the March meeting, so they are not unapproved
    # on the day before it (January's is then the latest) nor from it on.
    assert [finding(session, council, "R08", day).status for day in around(last_march)] == [
        OK,
        OK,
        OK,
    ]
    # March's minutes, out of draft only today, were missing from 15 days after the meeting.
    assert finding(session, council, "R08", last_march + timedelta(days=14)).status == OK
    missing = finding(session, council, "R08", last_march + timedelta(days=15))
    assert (missing.status, missing.reason, missing.details["oldest_held_on"]) == (
        W,
        "minutes_missing",
        last_march,
    )
    assert finding(session, council, "R08", last_march + timedelta(days=31)).status == B
    yesterday, on_day, tomorrow = (
        finding(session, council, "R08", day) for day in around(written_on)
    )
    assert (yesterday.status, yesterday.details["oldest_days"]) == (
        B,
        (written_on - ONE_DAY - last_march).days,
    )
    assert (on_day.status, on_day.reason) == (OK, "minutes_kept")
    assert (tomorrow.status, tomorrow.reason) == (OK, "minutes_kept")


# -- (b) A concern answered late (R16) ------------------------------------------------------


SUBMITTED = date(2025, 5, 5)
ANSWERED = SUBMITTED + timedelta(days=40)


def test_concern_answered_after_the_limit(session, council, make_concern):
    make_concern(
        council,
        submitted_on=SUBMITTED,
        history=[
            # Status changes without an answer to the submitter do not answer the concern.
            (ConcernStatus.UNDER_REVIEW, SUBMITTED + timedelta(days=2), None),
            (ConcernStatus.REFERRED, SUBMITTED + timedelta(days=10), ""),
            (ConcernStatus.RESOLVED, ANSWERED, "The lights were repaired."),
            (ConcernStatus.REOPENED, ANSWERED + timedelta(days=5), "Reopened: out again."),
        ],
    )

    def r16(day: date):
        return finding(session, council, "R16", day)

    before, on, after = (r16(day) for day in around(SUBMITTED))
    assert (before.status, before.reason, before.details["count"]) == (OK, "no_concerns", 0)
    assert (on.status, on.details["count"], on.details["waiting"]) == (OK, 1, 1)
    assert (after.status, after.details["waiting"], after.details["late"]) == (OK, 1, 0)
    # Waiting more than 21 days is a warning, more than 30 a breach.
    assert [r16(SUBMITTED + timedelta(days=days)).status for days in (21, 22, 30, 31)] == [
        OK,
        W,
        W,
        B,
    ]
    before, on, after = (r16(day) for day in around(ANSWERED))
    assert (before.status, before.reason, before.details["oldest_days"]) == (
        B,
        "unanswered",
        39,
    )
    assert before.details["oldest_on"] == SUBMITTED
    assert (on.status, on.reason, on.details["waiting"]) == (OK, "answered", 0)
    assert (after.status, after.details["waiting"]) == (OK, 0)
    # Reopening does not undo the first answer.
    assert r16(ANSWERED + timedelta(days=60)).status == OK


def test_concern_answered_yesterday_was_unanswered_last_month(session, council, make_concern):
    day = today()
    make_concern(
        council,
        submitted_on=day - timedelta(days=70),
        history=[(ConcernStatus.RESOLVED, day - ONE_DAY, "Repaired.")],
    )
    last_month = finding(session, council, "R16", day - timedelta(days=30))
    assert (last_month.status, last_month.details["oldest_days"]) == (B, 40)
    assert finding(session, council, "R16", day).status == OK


# -- (c) A member who left (R02, R03, R04) ------------------------------------------------


CHAIR_LEFT = date(2025, 6, 10)
NEW_CHAIR = date(2025, 6, 20)
COMMANDER_LEFT = date(2025, 7, 1)
WOMAN_LEFT = date(2025, 8, 1)


@pytest.fixture
def roster(council, make_member):
    """A full roster appointed at the constitution, whose chair, police commander and only
    woman (one of two municipal officials) leave in turn; a new chair is appointed ten days
    after the first one left."""
    common = {"appointed_on": CONSTITUTED, "gender": Gender.MALE}
    make_member(council, role=MemberRole.CHAIR, left_on=CHAIR_LEFT, **common)
    make_member(council, role=MemberRole.POLICE_COMMANDER, left_on=COMMANDER_LEFT, **common)
    make_member(
        council,
        role=MemberRole.MUNICIPAL_OFFICIAL,
        appointed_on=CONSTITUTED,
        gender=Gender.FEMALE,
        left_on=WOMAN_LEFT,
    )
    make_member(council, role=MemberRole.MUNICIPAL_OFFICIAL, **common)
    make_member(council, role=MemberRole.RELIGIOUS_COMMUNITY, **common)
    make_member(council, role=MemberRole.CIVIL_SOCIETY, birth_year=2001, **common)
    make_member(
        council, role=MemberRole.COMMUNITY_REPRESENTATIVE, community=Community.SERB, **common
    )
    make_member(council, role=MemberRole.CHAIR, appointed_on=NEW_CHAIR, gender=Gender.MALE)
    return council


def statuses(session, council, rule: str, days) -> list[Status]:
    return [finding(session, council, rule, day).status for day in days]


def test_chair_who_left_counts_before_not_after(session, roster):
    # Active while left_on is after the day: the day it is set, the member has left.
    assert statuses(session, roster, "R02", around(CHAIR_LEFT)) == [OK, B, B]
    assert statuses(session, roster, "R02", around(NEW_CHAIR)) == [B, OK, OK]
    assert finding(session, roster, "R02", NEW_CHAIR - ONE_DAY).details == {"role": "chair"}


def test_police_commander_who_left_counts_before_not_after(session, roster):
    assert statuses(session, roster, "R03", around(COMMANDER_LEFT)) == [OK, B, B]
    before = finding(session, roster, "R03", COMMANDER_LEFT - ONE_DAY)
    assert before.details == {"role": "police_commander", "count": 1}
    # R01 counts active members: eight appointments, minus those not yet or no longer there.
    assert finding(session, roster, "R01", CHAIR_LEFT - ONE_DAY).details["active"] == 7
    assert finding(session, roster, "R01", COMMANDER_LEFT - ONE_DAY).details["active"] == 7
    assert finding(session, roster, "R01", COMMANDER_LEFT).details["active"] == 6


def test_only_woman_who_left_leaves_a_group_missing(session, roster):
    before, on, after = (finding(session, roster, "R04", day) for day in around(WOMAN_LEFT))
    assert (before.status, before.details["missing"]) == (OK, [])
    assert (on.status, on.details["missing"], on.details["active"]) == (W, ["woman"], 5)
    assert (after.status, after.details["missing"]) == (W, ["woman"])
    assert on.thresholds == {"r04_youth_age": 30, "r04_warning_missing": 1}


# -- (d) A plan adopted then forwarded (R12, R14) --------------------------------------------


ADOPTED = date(2025, 3, 5)
FORWARDED = date(2025, 4, 10)


@pytest.fixture
def plan(council, make_plan, make_item):
    plan = make_plan(
        council,
        year=2025,
        status=PlanStatus.FORWARDED_TO_ASSEMBLY,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 2, 28),
        adopted_on=ADOPTED,
        report_published_on=date(2025, 3, 20),
        forwarded_on=FORWARDED,
    )
    make_item(plan, history=[(ItemStatus.DONE, date(2025, 6, 1), None)])
    return plan


def test_plan_adoption_day(session, council, plan):
    before, on, after = (finding(session, council, "R12", day) for day in around(ADOPTED))
    assert (before.status, before.reason, before.details["adopted_on"]) == (
        W,
        "not_yet_adopted",
        None,
    )
    assert (on.status, on.reason, on.details["adopted_on"]) == (OK, "adopted", ADOPTED)
    assert (after.status, after.reason) == (OK, "adopted")
    # The plan of 2025 is no plan for 2026.
    new_year = finding(session, council, "R12", date(2026, 1, 1))
    assert (new_year.status, new_year.details["year"]) == (W, 2026)


def test_plan_not_adopted_after_the_due_day_is_a_breach(session, council, council_b):
    constitute(session, council_b, number="07-001/20")
    due = date(2025, 3, 31)
    assert [finding(session, council_b, "R12", day).status for day in around(due)] == [W, W, B]


def test_plan_forwarding_days(session, council, plan):
    def r14(day: date):
        return finding(session, council, "R14", day)

    before, on, after = (r14(day) for day in around(ADOPTED))
    assert (before.status, before.reason) == (NA, "no_adopted_plan")
    assert (on.status, on.reason, on.details["days_since_adoption"]) == (OK, "forward_due", 0)
    assert (after.status, after.details["days_since_adoption"]) == (OK, 1)
    # More than 15 days after adoption a warning, more than 30 a breach.
    by_days = {days: r14(ADOPTED + timedelta(days=days)).status for days in (15, 16, 30, 31)}
    assert by_days == {15: OK, 16: W, 30: W, 31: B}
    before, on, after = (r14(day) for day in around(FORWARDED))
    assert (before.status, before.reason, before.details["forwarded_on"]) == (
        B,
        "not_forwarded",
        None,
    )
    assert before.details["days_since_adoption"] == 35
    assert (on.status, on.reason, on.details["forwarded_on"]) == (OK, "forwarded", FORWARDED)
    assert (after.status, after.details["forwarded_on"]) == (OK, FORWARDED)


# -- (e) A threshold change flips a finding on its effective date ---------------------------


def test_threshold_change_applies_from_its_effective_date(
    session, council, make_concern, make_threshold_change
):
    effective = date(2025, 9, 15)
    make_concern(council, submitted_on=effective - timedelta(days=15))
    make_threshold_change("r16_warning_days", 10, effective)
    # A later change of the other threshold leaves the first one in force.
    second = effective + timedelta(days=10)
    make_threshold_change("r16_breach_days", 40, second)
    session.commit()
    before, on, after = (finding(session, council, "R16", day) for day in around(effective))
    # 14 days waiting: within 21 days; 15 and 16: more than 10.
    assert (before.status, before.details["late"]) == (OK, 0)
    assert before.thresholds == {"r16_warning_days": 21, "r16_breach_days": 30}
    assert (on.status, on.details["oldest_days"]) == (W, 15)
    assert on.thresholds == {"r16_warning_days": 10, "r16_breach_days": 30}
    assert (after.status, after.thresholds) == (W, on.thresholds)
    assert [finding(session, council, "R16", day).thresholds for day in around(second)] == [
        {"r16_warning_days": 10, "r16_breach_days": 30},
        {"r16_warning_days": 10, "r16_breach_days": 40},
        {"r16_warning_days": 10, "r16_breach_days": 40},
    ]
    # 31 days waiting would be a breach under the default 30; under 40 it is a warning.
    assert finding(session, council, "R16", effective + timedelta(days=16)).status == W


def test_threshold_change_on_the_day_before_the_breach(
    session, council, make_concern, make_threshold_change
):
    """Without the change the concern is a breach on 31 days; the change moves the limit."""
    submitted = date(2025, 10, 1)
    make_concern(council, submitted_on=submitted)
    effective = submitted + timedelta(days=31)
    assert finding(session, council, "R16", effective).status == B
    make_threshold_change("r16_breach_days", 60, effective)
    session.commit()
    before, on, after = (finding(session, council, "R16", day) for day in around(effective))
    assert (before.status, before.thresholds["r16_breach_days"]) == (W, 30)
    assert (on.status, on.thresholds["r16_breach_days"]) == (W, 60)
    assert (after.status, after.thresholds["r16_breach_days"]) == (W, 60)
    assert DEFAULT_THRESHOLDS["r16_breach_days"] == 30


# -- (f) One council and all 38: the same findings ------------------------------------------


@pytest.fixture
def histories(
    session,
    council,
    council_b,
    make_member,
    make_meeting,
    make_attendance,
    make_participation,
    make_record,
    make_concern,
    make_plan,
    make_item,
    make_report,
):
    """Both councils with members, meetings, a co-hosted consultation, concerns, plans and
    reports, so every rule has something to read."""
    constitute(session, council_b, decided_on=date(2021, 2, 1), number="07-001/21")
    for host in (council, council_b):
        members = [
            make_member(host, role=role, appointed_on=date(2021, 3, 1))
            for role in (MemberRole.CHAIR, MemberRole.POLICE_COMMANDER, MemberRole.CIVIL_SOCIETY)
        ]
        for month in (1, 3, 5, 7, 9, 11):
            meeting = make_meeting(host, status=HELD, scheduled_on=date(2025, month, 12))
            make_attendance(meeting, dict.fromkeys(members, AttendanceStatus.PRESENT))
            make_record(meeting, status=RecordStatus.APPROVED, minutes_on=date(2025, month, 20))
        make_concern(
            host,
            submitted_on=date(2025, 4, 1),
            serious_incident=True,
            incident_on=date(2025, 3, 30),
            history=[(ConcernStatus.RESOLVED, date(2025, 5, 20), "Patrols were added.")],
        )
        plan = make_plan(
            host,
            year=2025,
            status=PlanStatus.ADOPTED,
            comment_starts_on=date(2025, 1, 20),
            adopted_on=date(2025, 2, 25),
        )
        make_item(plan, deadline=date(2025, 5, 31))
        make_report(host, kind=ReportKind.ANNUAL, year=2024, submitted_on=date(2025, 1, 28))
    consultation = make_meeting(
        council,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=date(2025, 4, 8),
        co_hosts=[council_b],
    )
    make_participation(
        consultation,
        30,
        women=12,
        under_30=3,
        communities={ParticipantCommunity.ALBANIAN: 20, ParticipantCommunity.SERB: 10},
    )
    return council, council_b


DAYS = [
    date(2025, 1, 11),
    date(2025, 3, 31),
    date(2025, 4, 15),
    date(2025, 6, 30),
    date(2025, 8, 1),
    date(2025, 12, 31),
]


def test_one_council_has_the_findings_it_has_among_all(session, histories):
    facts = load_compliance(session)
    assert len(facts.councils) == 38
    for day in DAYS:
        everyone = {found.council.id: found for found in facts.on(day)}
        for council in histories:
            alone = evaluate_council(session, council.id, day)
            assert alone is not None
            assert alone.findings == everyone[council.id].findings
            assert alone.overall == everyone[council.id].overall
            assert facts.council_on(council.id, day).findings == alone.findings


def test_every_council_alone_matches_every_council_together(session, histories):
    day = date(2025, 6, 30)
    together = evaluate_councils(session, day)
    assert [found.code for found in together] == sorted(found.code for found in together)
    for found in together:
        alone = evaluate_council(session, found.council.id, day)
        assert alone is not None
        assert alone.findings == found.findings


def test_the_histories_reach_more_than_one_status(session, histories):
    """A guard on the comparison above: equal findings are not all the same finding."""
    council_a, council_b = histories
    found = {
        status
        for day in DAYS
        for council in histories
        for status in (f.status for f in evaluate_council(session, council.id, day).findings)
    }
    assert found == {OK, W, B, NA}
    # The co-hosted consultation is judged against each host's majority.
    day = date(2025, 6, 30)
    assert finding(session, council_a, "R10", day).status == OK
    assert finding(session, council_b, "R10", day).status == OK


def test_unknown_council_has_no_findings(session):
    assert evaluate_council(session, -1, date(2025, 6, 30)) is None


def test_trend_reads_facts_loaded_once(session, histories, count_queries):
    council_a, _ = histories
    facts = load_compliance(session)
    days = month_ends(date(2025, 12, 31))
    with count_queries() as counter:
        found = trend(facts, council_a.id, days)
    assert counter.count == 0
    assert [item.as_of for item in found] == days
    assert [item.findings for item in found] == [
        evaluate_council(session, council_a.id, day).findings for day in days
    ]


# -- (g) Five queries whatever the data --------------------------------------------------------


def test_load_compliance_runs_five_queries_whatever_the_data(
    session,
    app,
    council,
    council_b,
    make_member,
    make_meeting,
    make_attendance,
    make_participation,
    make_record,
    make_concern,
    make_plan,
    make_item,
    make_report,
    make_threshold_change,
    count_queries,
):
    def load_and_evaluate():
        # A new session each time, as a request has, so nothing is already loaded.
        fresh = app.extensions["safety.db"]["read"]()
        try:
            with count_queries() as counter:
                facts = load_compliance(fresh)
            assert_no_duplicated_queries(counter.statements)
            with count_queries() as evaluating:
                # Evaluating and reading the councils' municipalities loads nothing lazily
                # (relationships raise), whatever the day.
                for day in (date(2024, 6, 30), today()):
                    assert all(item.municipality.name_sq for item in facts.on(day))
                meetings = {
                    item.code: item.finding("R06").details.get("count", 0)
                    for item in facts.on(date(2025, 6, 30))
                }
            assert evaluating.count == 0
            return counter.count, meetings
        finally:
            fresh.close()

    constitute(session, council_b, number="07-001/20")
    make_member(council, role=MemberRole.CHAIR, appointed_on=date(2021, 1, 1))
    few, meetings = load_and_evaluate()
    assert few == 5
    assert len(meetings) == 38
    assert sum(meetings.values()) == 0

    councils = list(load_compliance(session).councils)[:12]
    for index, host in enumerate(councils):
        if host.id not in (council.id, council_b.id):
            constitute(session, host, decided_on=date(2020, 2, index + 1), number=f"X-{index}")
        members = [
            make_member(host, role=role, appointed_on=date(2020, 3, 1))
            for role in (MemberRole.CHAIR, MemberRole.POLICE_COMMANDER, MemberRole.CIVIL_SOCIETY)
        ]
        make_member(host, appointed_on=date(2020, 3, 1), left_on=date(2024, 5, 1))
        for month in (2, 4, 6):
            meeting = make_meeting(
                host,
                status=HELD,
                scheduled_on=date(2025, month, 3),
                co_hosts=[council_b] if host.id != council_b.id else [],
            )
            make_attendance(meeting, {members[0]: AttendanceStatus.PRESENT})
            make_record(meeting, status=RecordStatus.APPROVED, minutes_on=date(2025, month, 9))
        consultation = make_meeting(
            host, kind=MeetingKind.PUBLIC_CONSULTATION, status=HELD, scheduled_on=date(2025, 5, 5)
        )
        make_participation(consultation, 12, women=5, communities={ParticipantCommunity.ROMA: 3})
        for day in (1, 8, 15):
            make_concern(
                host,
                submitted_on=date(2025, 3, day),
                serious_incident=day == 8,
                incident_on=date(2025, 3, day) if day == 8 else None,
                history=[(ConcernStatus.UNDER_REVIEW, date(2025, 4, day), "Received.")],
            )
        for year in (2024, 2025):
            plan = make_plan(
                host,
                year=year,
                status=PlanStatus.ADOPTED,
                comment_starts_on=date(year, 1, 10),
                adopted_on=date(year, 2, 20),
            )
            for _ in range(3):
                make_item(plan, history=[(ItemStatus.IN_PROGRESS, date(year, 3, 1), None)])
            make_report(host, year=year - 1, submitted_on=date(year, 1, 20))
    make_threshold_change("r06_warning_days", 45, date(2025, 1, 1))
    session.commit()

    many, meetings = load_and_evaluate()
    assert many == few
    # The data reached the findings: three meetings of its own for each of the twelve, and
    # council B co-hosts the other eleven's.
    hosts = {host.municipality.code: 3 for host in councils}
    hosts[council_b.municipality.code] = 3 * 12
    assert {code: count for code, count in meetings.items() if count} == hosts


def test_facts_of_a_subset_equal_those_of_all(session, histories):
    council_a, council_b = histories
    everyone = load_compliance(session)
    two = load_compliance(session, [council_b.id, council_a.id])
    # In municipality-code order whatever order the ids come in.
    assert [council.code for council in two.on(date(2025, 1, 1))] == ["01", "07"]
    for council in histories:
        assert two.facts[council.id] == everyone.facts[council.id]
    assert two.thresholds == everyone.thresholds


def test_loading_again_in_the_same_session_reads_new_members_and_decisions(
    session, council_a, make_member
):
    """The session keeps loaded collections: a second load must read them again."""
    make_member(council_a, role=MemberRole.CHAIR, appointed_on=date(2021, 1, 1))
    first = load_compliance(session, [council_a.id]).facts[council_a.id]
    assert (len(first.members), first.constituted_on) == (1, None)
    constitute(session, council_a)
    make_member(council_a, role=MemberRole.POLICE_COMMANDER, appointed_on=date(2021, 1, 1))
    again = load_compliance(session, [council_a.id]).facts[council_a.id]
    assert (len(again.members), again.constituted_on) == (2, CONSTITUTED)


# -- (h) Month ends -------------------------------------------------------------------------


def test_month_ends_end_on_the_day_and_cover_twelve_months():
    ends = month_ends(date(2025, 6, 15))
    assert ends == [
        date(2024, 7, 31),
        date(2024, 8, 31),
        date(2024, 9, 30),
        date(2024, 10, 31),
        date(2024, 11, 30),
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
        date(2025, 6, 15),
    ]


@pytest.mark.parametrize(
    ("last", "february"),
    [
        (date(2024, 3, 1), date(2024, 2, 29)),
        (date(2024, 12, 31), date(2024, 2, 29)),
        (date(2025, 1, 31), date(2024, 2, 29)),
        (date(2025, 2, 1), date(2025, 2, 1)),
        (date(2100, 3, 31), date(2100, 2, 28)),
        (date(2000, 3, 31), date(2000, 2, 29)),
    ],
)
def test_month_ends_in_leap_and_common_years(last, february):
    ends = month_ends(last)
    assert len(ends) == 12
    assert ends[-1] == last
    assert ends == sorted(set(ends))
    assert february in ends
    # Every date but the last is its month's last day, and the months follow each other.
    for earlier, later in pairwise(ends):
        following = earlier + ONE_DAY
        assert following.day == 1
        assert (later.year, later.month) == (following.year, following.month)


def test_month_ends_on_a_months_last_day_and_other_lengths():
    assert month_ends(date(2024, 2, 29), 3) == [
        date(2023, 12, 31),
        date(2024, 1, 31),
        date(2024, 2, 29),
    ]
    assert month_ends(date(2025, 1, 1), 1) == [date(2025, 1, 1)]
    assert month_ends(date(2025, 1, 1), 24)[0] == date(2023, 2, 28)
    assert len(month_ends(date(2025, 1, 1), 24)) == 24


# -- History settled before the first asked date is folded in SQL --------------------------


def test_facts_since_a_date_equal_full_facts_from_that_date_on(session, council, make_concern):
    answered = date(2025, 3, 10)
    # Answered early (folded), answered late, never answered, deleted, and a serious incident.
    for offset in range(6):
        make_concern(
            council,
            submitted_on=date(2025, 2, 1) + timedelta(days=offset),
            history=[(ConcernStatus.RESOLVED, answered + timedelta(days=offset), "Done.")],
        )
    make_concern(
        council,
        submitted_on=date(2025, 4, 1),
        history=[(ConcernStatus.RESOLVED, date(2025, 6, 1), "Done late.")],
    )
    make_concern(council, submitted_on=date(2025, 4, 20))
    make_concern(council, submitted_on=date(2025, 1, 5), deleted_on=date(2025, 5, 5))
    make_concern(
        council,
        submitted_on=date(2025, 3, 1),
        serious_incident=True,
        incident_on=date(2025, 2, 27),
        history=[(ConcernStatus.RESOLVED, date(2025, 3, 5), "Patrols added.")],
    )
    since = date(2025, 4, 15)
    full = load_compliance(session, [council.id])
    folded = load_compliance(session, [council.id], since=since)
    # The six concerns answered before `since` came back as one weighted row.
    weights = sorted(concern.count for concern in folded.facts[council.id].concerns)
    assert weights[-1] == 6
    assert len(folded.facts[council.id].concerns) == len(full.facts[council.id].concerns) - 5
    for day in (since, date(2025, 5, 4), date(2025, 5, 5), date(2025, 5, 31), date(2025, 9, 1)):
        assert (
            folded.council_on(council.id, day).findings == full.council_on(council.id, day).findings
        )
    # Six folded, the late one, the deleted one (until its deletion) and the incident.
    assert folded.council_on(council.id, since).finding("R16").details["count"] == 9
    with pytest.raises(ValueError, match="facts loaded for dates from"):
        folded.on(since - ONE_DAY)
    # A year on, the incident can no longer fall in any window: it folds like the others.
    later = date(2026, 4, 1)
    refolded = load_compliance(session, [council.id], since=later)
    assert refolded.facts[council.id].incidents == ()
    for day in (later, date(2026, 9, 30)):
        assert (
            refolded.council_on(council.id, day).findings
            == full.council_on(council.id, day).findings
        )
