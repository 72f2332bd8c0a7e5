"""R06-R11 and R18 at their edges, the worked example, and their explanations: no app, no DB."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.compliance.explanations import explain, obligation
from safety.compliance.rules import (
    MEETING_RULES,
    REASONS,
    RULES,
    CouncilFacts,
    IncidentFacts,
    MeetingFacts,
    MemberFacts,
    Status,
    Window,
    evaluate,
    evaluate_meetings,
    evaluate_membership,
    one_year_before,
    r06_meets_regularly,
    r07_quorate,
    r08_minutes_kept,
    r09_consults_public,
    r10_reaches_communities,
    r11_women_and_youth,
    r18_responds_to_incidents,
    window,
)
from tests.test_compliance import WORKED

B, W, OK, NA = Status.BREACH, Status.WARNING, Status.OK, Status.NOT_APPLICABLE

CONSTITUTED = date(2020, 1, 15)
AS_OF = date(2025, 6, 1)

# Six members active throughout: four present is a quorum (8 > 6), three is not (6 <= 6).
ROSTER = tuple(
    MemberFacts(role, CONSTITUTED)
    for role in (
        "chair",
        "police_commander",
        "municipal_official",
        "religious_community",
        "civil_society",
        "community_representative",
    )
)


def council(*meetings: MeetingFacts, **overrides) -> CouncilFacts:
    values = {
        "constituted_on": CONSTITUTED,
        "decision_number": "01-002/20",
        "is_multi_ethnic": True,
        "majority_community": "albanian",
        "members": ROSTER,
        "meetings": meetings,
    }
    values.update(overrides)
    return CouncilFacts(**values)


def regular(day: date, present: int | None = 4, **overrides) -> MeetingFacts:
    """A quorate council meeting with its minutes out the same day and approved."""
    values = {"minutes_on": day, "approved_on": day}
    values.update(overrides)
    return MeetingFacts("regular", day, present=present, **values)


def extraordinary(day: date, **overrides) -> MeetingFacts:
    return dataclasses.replace(regular(day, **overrides), kind="extraordinary")


def consultation(day: date, participants: int = 20, **overrides) -> MeetingFacts:
    """A consultation that meets R10 and R11 unless overridden: 10 women, 5 youth, interpreted."""
    values = {
        "minutes_on": day,
        "participants": participants,
        "women": participants // 2,
        "youth": 5,
        "interpretation": True,
    }
    values.update(overrides)
    return MeetingFacts("public_consultation", day, **values)


def activity(day: date, **overrides) -> MeetingFacts:
    values = {"participants": 40, "women": 20, "youth": 30, "non_majority": 10}
    values.update(overrides)
    return MeetingFacts("community_activity", day, **values)


def days_before(day: date, days: int) -> date:
    return day - timedelta(days=days)


def monthly_until(last: date, count: int = 4) -> tuple[MeetingFacts, ...]:
    """`count` quorate meetings 30 days apart, the last on `last`."""
    return tuple(regular(days_before(last, 30 * n)) for n in range(count))


# -- Cross-cutting: the constituting date, the window, rule order -------------------------


@pytest.mark.parametrize("rule", MEETING_RULES)
def test_not_applicable_before_the_constituting_date_or_without_one(rule):
    busy = council(*monthly_until(AS_OF), consultation(AS_OF), constituted_on=AS_OF)
    before = rule(busy, days_before(AS_OF, 1))
    assert (before.status, before.reason) == (NA, "not_constituted")
    assert before.details == {"constituted_on": AS_OF}
    assert rule(busy, AS_OF).status != NA
    undated = rule(dataclasses.replace(busy, constituted_on=None), AS_OF)
    assert (undated.status, undated.reason) == (NA, "not_constituted")


def test_window_is_the_last_12_months_cut_at_the_constituting_date():
    assert window(date(2020, 1, 1), date(2025, 6, 1)) == Window(date(2024, 6, 2), full_year=True)
    # Constituted exactly a year before: a full year, which starts the day after.
    assert window(date(2024, 6, 1), date(2025, 6, 1)).first_day == date(2024, 6, 2)
    assert window(date(2024, 6, 1), date(2025, 6, 1)).full_year
    # A day later: the window starts on the constituting date, both ends included.
    assert window(date(2024, 6, 2), date(2025, 6, 1)).first_day == date(2024, 6, 2)
    assert not window(date(2024, 6, 2), date(2025, 6, 1)).full_year


def test_one_year_before_29_february_is_28_february():
    assert one_year_before(date(2024, 2, 29)) == date(2023, 2, 28)
    assert one_year_before(date(2025, 2, 28)) == date(2024, 2, 28)
    assert window(CONSTITUTED, date(2024, 2, 29)).first_day == date(2023, 3, 1)
    assert window(CONSTITUTED, date(2025, 2, 28)).first_day == date(2024, 2, 29)


def test_evaluate_lists_every_rule_in_order():
    facts = council(*monthly_until(AS_OF))
    assert [f.rule for f in evaluate(facts, AS_OF)] == [
        "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R12",
        "R13", "R14", "R15", "R16", "R17", "R18",
    ]  # fmt: skip
    assert [f.rule for f in evaluate_meetings(facts, AS_OF)] == [
        "R06", "R07", "R08", "R09", "R10", "R11", "R18",
    ]  # fmt: skip
    assert len(RULES) == 18


def test_a_council_with_no_meetings_at_all():
    statuses = {f.rule: (f.status, f.reason) for f in evaluate_meetings(council(), AS_OF)}
    assert statuses == {
        "R06": (B, "no_meeting"),
        "R07": (OK, "no_meetings"),
        "R08": (OK, "no_meetings"),
        "R09": (W, "behind"),  # 1 June: none yet, half-year not over
        "R10": (B, "no_consultations"),
        "R11": (NA, "no_consultations"),
        "R18": (OK, "no_incidents"),
    }


# -- R06 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "status", "reason"),
    [
        (0, OK, "last_meeting"),
        (31, OK, "last_meeting"),
        (32, W, "last_meeting"),
        (90, W, "last_meeting"),
        (91, B, "last_meeting"),
    ],
)
def test_r06_days_since_the_last_meeting(days, status, reason):
    finding = r06_meets_regularly(council(*monthly_until(days_before(AS_OF, days))), AS_OF)
    assert (finding.status, finding.reason) == (status, reason)
    assert finding.details["days"] == days
    assert finding.details["last_held_on"] == days_before(AS_OF, days)
    assert finding.thresholds == {
        "r06_warning_days": 31,
        "r06_breach_days": 90,
        "r06_min_meetings": 4,
    }


def test_r06_four_meetings_in_the_last_12_months_and_the_window_edge():
    recent = monthly_until(days_before(AS_OF, 10), count=3)
    year_ago = one_year_before(AS_OF)
    outside = r06_meets_regularly(council(*recent, regular(year_ago)), AS_OF)
    assert (outside.status, outside.reason) == (B, "too_few_meetings")
    assert outside.details["count"] == 3
    assert outside.details["window_start"] == year_ago + timedelta(days=1)
    inside = r06_meets_regularly(council(*recent, regular(year_ago + timedelta(days=1))), AS_OF)
    assert (inside.status, inside.details["count"]) == (OK, 4)


def test_r06_counts_held_council_meetings_only():
    # Consultations and activities are not council meetings.
    facts = council(
        *monthly_until(days_before(AS_OF, 40)),
        consultation(days_before(AS_OF, 3)),
        activity(days_before(AS_OF, 2)),
    )
    finding = r06_meets_regularly(facts, AS_OF)
    assert (finding.status, finding.details["days"]) == (W, 40)
    # An extraordinary meeting is a council meeting.
    with_extraordinary = dataclasses.replace(
        facts, meetings=(*facts.meetings, extraordinary(days_before(AS_OF, 5)))
    )
    assert r06_meets_regularly(with_extraordinary, AS_OF).details["days"] == 5


@pytest.mark.parametrize(
    ("age", "status"), [(31, OK), (32, W), (90, W), (91, B)], ids=["31", "32", "90", "91"]
)
def test_r06_without_any_meeting_counts_from_the_constituting_date(age, status):
    facts = council(constituted_on=days_before(AS_OF, age))
    finding = r06_meets_regularly(facts, AS_OF)
    assert (finding.status, finding.reason, finding.details["days"]) == (status, "no_meeting", age)
    # Constituted less than a year ago: the 4-meeting clause is not applied, nor recorded.
    assert "r06_min_meetings" not in finding.thresholds


def test_r06_young_council_is_judged_on_what_exists():
    constituted = days_before(AS_OF, 200)
    facts = council(regular(days_before(AS_OF, 20)), constituted_on=constituted)
    finding = r06_meets_regularly(facts, AS_OF)
    assert (finding.status, finding.details["count"]) == (OK, 1)
    # A meeting before the constituting date belongs to no judged period.
    early = council(regular(days_before(constituted, 1)), constituted_on=constituted)
    assert r06_meets_regularly(early, AS_OF).reason == "no_meeting"


def test_r06_exactly_one_year_old_needs_four_meetings():
    facts = council(regular(days_before(AS_OF, 5)), constituted_on=one_year_before(AS_OF))
    assert r06_meets_regularly(facts, AS_OF).reason == "too_few_meetings"
    day_younger = dataclasses.replace(
        facts, constituted_on=one_year_before(AS_OF) + timedelta(days=1)
    )
    assert r06_meets_regularly(day_younger, AS_OF).status == OK


def test_r06_across_the_year_end():
    facts = council(*monthly_until(date(2024, 11, 30)))
    assert r06_meets_regularly(facts, date(2024, 12, 31)).status == OK  # 31 days
    assert r06_meets_regularly(facts, date(2025, 1, 1)).status == W  # 32 days


def test_r06_leap_day_window():
    recent = monthly_until(date(2024, 2, 20), count=3)
    leap_day = date(2024, 2, 29)
    # On 29 Feb 2024 the window starts on 1 March 2023: 28 Feb 2023 is outside.
    outside = council(*recent, regular(date(2023, 2, 28)))
    assert r06_meets_regularly(outside, leap_day).reason == "too_few_meetings"
    inside = council(*recent, regular(date(2023, 3, 1)))
    assert r06_meets_regularly(inside, leap_day).status == OK


def test_r06_threshold_changes_are_used_and_recorded():
    facts = council(*monthly_until(days_before(AS_OF, 20)))
    finding = r06_meets_regularly(facts, AS_OF, {"r06_warning_days": 15})
    assert finding.status == W
    assert finding.thresholds["r06_warning_days"] == 15


# -- R07 ----------------------------------------------------------------------------------


def test_r07_zero_one_two_inquorate():
    quorate = monthly_until(days_before(AS_OF, 5), count=3)
    one = r07_quorate(council(*quorate, regular(days_before(AS_OF, 100), present=3)), AS_OF)
    assert (one.status, one.reason, one.details["inquorate"]) == (W, "inquorate", 1)
    two = r07_quorate(
        council(
            *quorate,
            regular(days_before(AS_OF, 100), present=3),
            regular(days_before(AS_OF, 200), present=None),
        ),
        AS_OF,
    )
    assert (two.status, two.details["inquorate"], two.details["unrecorded"]) == (B, 2, 1)
    assert two.details["dates"] == [days_before(AS_OF, 200), days_before(AS_OF, 100)]
    assert two.thresholds == {"r07_breach_inquorate": 2}
    none = r07_quorate(council(*quorate), AS_OF)
    assert (none.status, none.reason, none.details["count"]) == (OK, "all_quorate", 3)


def test_r07_quorum_is_more_than_half_of_members_active_that_day():
    day = days_before(AS_OF, 10)
    # Six active: 3 is half (inquorate), 4 is more.
    assert r07_quorate(council(regular(day, present=3)), AS_OF).status == W
    assert r07_quorate(council(regular(day, present=4)), AS_OF).status == OK
    # Five active (one left before the meeting): 3 of 5 is more than half, 2 is not.
    left = (*ROSTER[:5], dataclasses.replace(ROSTER[5], left_on=day))
    assert r07_quorate(council(regular(day, present=3), members=left), AS_OF).status == OK
    assert r07_quorate(council(regular(day, present=2), members=left), AS_OF).status == W
    # A member appointed after the meeting does not raise the bar for it.
    later = (*ROSTER, MemberFacts("business", day + timedelta(days=1)))
    assert r07_quorate(council(regular(day, present=4), members=later), AS_OF).status == OK


def test_r07_window_and_kinds():
    year_ago = one_year_before(AS_OF)
    facts = council(
        regular(year_ago, present=1),  # just outside the window
        regular(year_ago + timedelta(days=1), present=1),  # just inside
        consultation(days_before(AS_OF, 3)),  # no attendance is kept for consultations
        activity(days_before(AS_OF, 2)),
    )
    finding = r07_quorate(facts, AS_OF)
    assert (finding.status, finding.details["count"]) == (W, 1)
    assert r07_quorate(facts, AS_OF, {"r07_breach_inquorate": 1}).status == B
    assert r07_quorate(council(), AS_OF).reason == "no_meetings"


# -- R08 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "status"), [(14, OK), (15, W), (30, W), (31, B)])
@pytest.mark.parametrize("make", [regular, consultation], ids=["minutes", "record"])
def test_r08_ages_of_missing_minutes(age, status, make):
    facts = council(make(days_before(AS_OF, age), minutes_on=None, approved_on=None))
    finding = r08_minutes_kept(facts, AS_OF)
    assert finding.status == status
    if status != OK:
        assert finding.reason == "minutes_missing"
        assert finding.details["oldest_days"] == age
        assert finding.details["oldest_held_on"] == days_before(AS_OF, age)
    assert finding.thresholds == {"r08_warning_days": 14, "r08_breach_days": 30}


def test_r08_minutes_dated_after_as_of_are_not_recorded_yet():
    held = days_before(AS_OF, 20)
    assert r08_minutes_kept(council(regular(held, minutes_on=AS_OF)), AS_OF).status == OK
    late = council(regular(held, minutes_on=AS_OF + timedelta(days=1)))
    assert r08_minutes_kept(late, AS_OF).status == W


def test_r08_community_activities_need_no_minutes():
    facts = council(activity(days_before(AS_OF, 100)))
    assert r08_minutes_kept(facts, AS_OF).reason == "no_meetings"


def test_r08_approval_warning():
    first, second = days_before(AS_OF, 40), days_before(AS_OF, 10)
    unapproved = regular(first, approved_on=None)
    # No later council meeting yet: nothing to approve them at.
    assert r08_minutes_kept(council(unapproved), AS_OF).status == OK
    # A later consultation is not a council meeting.
    assert r08_minutes_kept(council(unapproved, consultation(second)), AS_OF).status == OK
    finding = r08_minutes_kept(council(unapproved, regular(second, approved_on=None)), AS_OF)
    assert (finding.status, finding.reason) == (W, "unapproved")
    assert (finding.details["unapproved"], finding.details["unapproved_held_on"]) == (1, first)
    # Approved late but by as_of (reading 4) clears it; approved after as_of does not.
    late = regular(first, approved_on=days_before(AS_OF, 1))
    assert r08_minutes_kept(council(late, regular(second)), AS_OF).status == OK
    future = regular(first, approved_on=AS_OF + timedelta(days=1))
    assert r08_minutes_kept(council(future, regular(second)), AS_OF).status == W
    # Read literally: minutes still in draft after the next meeting are unapproved too.
    draft = regular(days_before(AS_OF, 9), minutes_on=None, approved_on=None)
    assert r08_minutes_kept(council(draft, regular(days_before(AS_OF, 2))), AS_OF).reason == (
        "unapproved"
    )


def test_r08_missing_minutes_outrank_the_approval_warning():
    facts = council(
        regular(days_before(AS_OF, 60), approved_on=None),
        regular(days_before(AS_OF, 31), minutes_on=None, approved_on=None),
    )
    finding = r08_minutes_kept(facts, AS_OF)
    assert (finding.status, finding.reason) == (B, "minutes_missing")
    assert (finding.details["late"], finding.details["unapproved"]) == (1, 1)


# -- R09 ----------------------------------------------------------------------------------


def consultations_on(*days: date) -> CouncilFacts:
    return council(*(consultation(day) for day in days))


@pytest.mark.parametrize(
    ("as_of", "held", "status", "reason"),
    [
        (date(2025, 6, 30), (), W, "behind"),
        (date(2025, 6, 30), (date(2025, 6, 30),), OK, "on_track"),
        (date(2025, 7, 1), (), B, "missed"),
        (date(2025, 7, 1), (date(2025, 3, 1),), W, "behind"),
        (date(2025, 7, 1), (date(2025, 3, 1), date(2025, 7, 1)), OK, "on_track"),
        (date(2025, 12, 30), (date(2025, 3, 1),), W, "behind"),
        (date(2025, 12, 31), (date(2025, 3, 1),), B, "missed"),
        (date(2025, 12, 31), (date(2025, 3, 1), date(2025, 12, 31)), OK, "on_track"),
        # A new year starts from zero: last year's consultations do not count.
        (date(2026, 1, 1), (date(2025, 3, 1), date(2025, 12, 31)), W, "behind"),
        (date(2024, 6, 30), (date(2024, 2, 29),), OK, "on_track"),
    ],
)
def test_r09_calendar_year(as_of, held, status, reason):
    finding = r09_consults_public(consultations_on(*held), as_of)
    assert (finding.status, finding.reason) == (status, reason)
    assert finding.thresholds == {"r09_midyear": "06-30", "r09_min_consultations": 2}


def test_r09_details_name_the_deciding_requirement():
    finding = r09_consults_public(council(), date(2025, 7, 1))
    assert finding.details == {
        "count": 0,
        "year": 2025,
        "needed": 1,
        "due_on": date(2025, 6, 30),
    }
    finding = r09_consults_public(consultations_on(date(2025, 3, 1)), date(2025, 12, 31))
    assert finding.details["needed"] == 2
    assert finding.details["due_on"] == date(2025, 12, 31)


def test_r09_counts_consultations_only():
    facts = council(activity(date(2025, 2, 1)), regular(date(2025, 3, 1)))
    assert r09_consults_public(facts, date(2025, 6, 30)).details["count"] == 0


def test_r09_first_calendar_year_is_ok_when_met_else_not_applicable():
    constituted = date(2023, 3, 15)
    one = council(consultation(date(2023, 6, 28)), constituted_on=constituted)
    for day in (date(2023, 6, 20), date(2023, 8, 1), date(2023, 12, 31)):
        finding = r09_consults_public(one, day)
        assert (finding.status, finding.reason) == (NA, "first_year")
    # Met by mid-year: ok even in the first year.
    assert r09_consults_public(one, date(2023, 6, 30)).status == OK
    two = dataclasses.replace(one, meetings=(*one.meetings, consultation(date(2023, 12, 31))))
    assert r09_consults_public(two, date(2023, 12, 31)).status == OK
    # The next year is judged in full.
    assert r09_consults_public(one, date(2024, 7, 1)).status == B


def test_r09_thresholds_change_the_yearly_number_and_mid_year():
    held = consultations_on(date(2025, 2, 1), date(2025, 3, 1))
    assert r09_consults_public(held, date(2025, 7, 1), {"r09_min_consultations": 4}).status == W
    assert r09_consults_public(held, date(2025, 3, 31), {"r09_min_consultations": 6}).status == W
    early = r09_consults_public(council(), date(2025, 4, 1), {"r09_midyear": "03-31"})
    assert (early.status, early.details["due_on"]) == (B, date(2025, 3, 31))


# -- R10 ----------------------------------------------------------------------------------

NOT_REACHING = {"non_majority": 0, "non_majority_settlement": False, "interpretation": False}


@pytest.mark.parametrize(
    ("reach", "status"),
    [
        ({"non_majority": 1}, OK),
        ({"non_majority_settlement": True}, OK),
        ({"interpretation": True}, OK),
        ({}, B),
    ],
    ids=["participants", "settlement", "interpretation", "none"],
)
def test_r10_ways_to_reach_a_non_majority_community(reach, status):
    held = days_before(AS_OF, 30)
    facts = council(consultation(held, **{**NOT_REACHING, **reach}))
    finding = r10_reaches_communities(facts, AS_OF)
    assert finding.status == status
    assert finding.reason == ("reached" if status == OK else "not_reached")
    assert finding.details["count"] == 1
    if status == OK:
        assert finding.details["last_reached_on"] == held


def test_r10_not_applicable_where_not_multi_ethnic():
    finding = r10_reaches_communities(council(is_multi_ethnic=False), AS_OF)
    assert (finding.status, finding.reason) == (NA, "single_community")


def test_r10_window_and_community_activities():
    year_ago = one_year_before(AS_OF)
    facts = council(
        consultation(year_ago, non_majority=5),  # outside the window
        consultation(days_before(AS_OF, 10), **NOT_REACHING),
        activity(days_before(AS_OF, 5), non_majority=30),  # counts only for R18
    )
    assert r10_reaches_communities(facts, AS_OF).reason == "not_reached"
    reached = council(
        consultation(year_ago + timedelta(days=1), **{**NOT_REACHING, "non_majority": 1})
    )
    assert r10_reaches_communities(reached, AS_OF).status == OK
    assert r10_reaches_communities(council(), AS_OF).reason == "no_consultations"


# -- R11 ----------------------------------------------------------------------------------


def test_r11_exactly_30_percent_women_and_exactly_one_youth_per_consultation():
    facts = council(
        consultation(days_before(AS_OF, 40), participants=10, women=3, youth=2),
        consultation(days_before(AS_OF, 20), participants=20, women=6, youth=0),
    )
    finding = r11_women_and_youth(facts, AS_OF)
    assert (finding.status, finding.reason) == (OK, "included")
    assert finding.details["women_percent"] == 30
    assert finding.details["youth_per_consultation"] == 1
    assert finding.thresholds == {"r11_women_share": 30, "r11_youth_per_consultation": 1}


@pytest.mark.parametrize(
    ("women", "youth", "status", "reason"),
    [
        (30, 2, OK, "included"),
        (29, 2, W, "women_missed"),
        (30, 1, W, "youth_missed"),
        (29, 1, B, "both_missed"),
    ],
)
def test_r11_one_missed_is_a_warning_both_a_breach(women, youth, status, reason):
    facts = council(
        consultation(days_before(AS_OF, 40), participants=50, women=women, youth=youth),
        consultation(days_before(AS_OF, 20), participants=50, women=0, youth=0),
    )
    finding = r11_women_and_youth(facts, AS_OF)
    assert (finding.status, finding.reason) == (status, reason)


def test_r11_no_participants_at_all_is_a_breach_and_none_held_not_applicable():
    empty = council(consultation(days_before(AS_OF, 5), participants=0, women=0, youth=0))
    finding = r11_women_and_youth(empty, AS_OF)
    assert (finding.status, finding.reason) == (B, "no_participants")
    assert finding.details["women_percent"] is None
    assert r11_women_and_youth(council(), AS_OF).status == NA


def test_r11_window_only():
    year_ago = one_year_before(AS_OF)
    facts = council(
        consultation(year_ago, participants=100, women=100, youth=100),
        consultation(days_before(AS_OF, 5), participants=10, women=1, youth=0),
        activity(days_before(AS_OF, 3)),
    )
    finding = r11_women_and_youth(facts, AS_OF)
    assert (finding.status, finding.details["count"], finding.details["participants"]) == (
        B,
        1,
        10,
    )


# -- R18 ----------------------------------------------------------------------------------

INCIDENT = date(2025, 3, 10)


def incident(**overrides) -> IncidentFacts:
    return IncidentFacts(INCIDENT, **overrides)


def r18(*meetings: MeetingFacts, as_of: date, incidents=None, **thresholds):
    facts = council(*meetings, incidents=(incident(),) if incidents is None else incidents)
    return r18_responds_to_incidents(facts, as_of, thresholds or None)


@pytest.mark.parametrize(
    ("days", "status", "reason"),
    [
        (0, OK, "answered"),
        (7, OK, "answered"),
        (8, W, "unanswered"),
        (14, W, "unanswered"),
        (15, B, "unanswered"),
    ],
)
def test_r18_days_without_a_response(days, status, reason):
    finding = r18(as_of=INCIDENT + timedelta(days=days))
    assert (finding.status, finding.reason) == (status, reason)
    if status == OK:
        assert (finding.details["pending"], finding.details["unanswered"]) == (1, 0)
    else:
        assert (finding.details["oldest_on"], finding.details["oldest_days"]) == (INCIDENT, days)
    assert finding.thresholds == {"r18_response_days": 14, "r18_warning_days": 8}


@pytest.mark.parametrize("make", [extraordinary, consultation, activity])
@pytest.mark.parametrize(("after", "answered"), [(-1, False), (0, True), (14, True), (15, False)])
def test_r18_answered_by_each_kind_within_14_days(make, after, answered):
    finding = r18(make(INCIDENT + timedelta(days=after)), as_of=INCIDENT + timedelta(days=30))
    assert finding.status == (OK if answered else B)
    assert finding.details["answered"] == (1 if answered else 0)


def test_r18_a_regular_meeting_is_no_response():
    finding = r18(regular(INCIDENT + timedelta(days=2)), as_of=INCIDENT + timedelta(days=20))
    assert finding.status == B


def test_r18_a_response_after_as_of_does_not_exist_yet():
    planned = extraordinary(INCIDENT + timedelta(days=12))
    assert r18(planned, as_of=INCIDENT + timedelta(days=10)).status == W
    assert r18(planned, as_of=INCIDENT + timedelta(days=12)).status == OK


def test_r18_rejected_or_duplicate_on_as_of_does_not_count():
    as_of = INCIDENT + timedelta(days=20)
    rejected = incident(
        statuses=((INCIDENT, "submitted"), (INCIDENT + timedelta(days=2), "rejected"))
    )
    assert r18(as_of=as_of, incidents=(rejected,)).reason == "no_incidents"
    duplicate = incident(statuses=((INCIDENT + timedelta(days=20), "duplicate"),))
    assert r18(as_of=as_of, incidents=(duplicate,)).reason == "no_incidents"
    # The day before it was closed, it still counted.
    assert r18(as_of=as_of - timedelta(days=1), incidents=(duplicate,)).status == B
    # Reopened after a rejection: it counts again.
    reopened = incident(
        statuses=(
            (INCIDENT + timedelta(days=2), "rejected"),
            (INCIDENT + timedelta(days=5), "under_review"),
        )
    )
    assert r18(as_of=as_of, incidents=(reopened,)).status == B


def test_r18_deleted_concern_counts_only_before_its_deletion():
    deleted = incident(deleted_on=INCIDENT + timedelta(days=20))
    assert r18(as_of=INCIDENT + timedelta(days=19), incidents=(deleted,)).status == B
    assert r18(as_of=INCIDENT + timedelta(days=20), incidents=(deleted,)).reason == "no_incidents"


def test_r18_window_and_future_incidents():
    as_of = one_year_before(INCIDENT) + timedelta(days=365 + 20)
    old = IncidentFacts(one_year_before(as_of))  # just outside the window
    later = IncidentFacts(as_of + timedelta(days=1))
    assert r18(as_of=as_of, incidents=(old, later)).reason == "no_incidents"
    inside = IncidentFacts(one_year_before(as_of) + timedelta(days=1))
    assert r18(as_of=as_of, incidents=(inside,)).status == B
    # A young council: an incident before its constituting date is not its to answer.
    young = council(incidents=(IncidentFacts(date(2025, 1, 10)),), constituted_on=date(2025, 1, 11))
    assert r18_responds_to_incidents(young, date(2025, 3, 1)).reason == "no_incidents"


def test_r18_counts_each_incident_and_thresholds_apply():
    incidents = (
        IncidentFacts(INCIDENT),
        IncidentFacts(INCIDENT + timedelta(days=10)),
        IncidentFacts(INCIDENT + timedelta(days=18)),
    )
    answer = activity(INCIDENT + timedelta(days=12))  # answers the first two
    finding = r18(answer, as_of=INCIDENT + timedelta(days=20), incidents=incidents)
    assert (finding.status, finding.details["answered"], finding.details["pending"]) == (OK, 2, 1)
    finding = r18(
        answer,
        as_of=INCIDENT + timedelta(days=20),
        incidents=incidents,
        r18_warning_days=2,
    )
    assert (finding.status, finding.details["unanswered"]) == (W, 1)


# -- The worked example (R06-R11 and R18 columns of worked-example.md) --------------------


def worked_council_meeting(held, present, minutes, approved=None) -> MeetingFacts:
    return MeetingFacts("regular", held, present=present, minutes_on=minutes, approved_on=approved)


WORKED_MEETINGS = (
    worked_council_meeting(date(2023, 4, 4), 4, date(2023, 4, 10), date(2023, 5, 9)),
    worked_council_meeting(date(2023, 5, 9), 3, date(2023, 5, 30), date(2023, 6, 13)),
    worked_council_meeting(date(2023, 6, 13), 5, date(2023, 6, 15)),
    worked_council_meeting(date(2023, 9, 19), 4, date(2023, 9, 25), date(2023, 10, 17)),
    worked_council_meeting(date(2023, 10, 17), None, date(2023, 10, 20), date(2023, 11, 21)),
    worked_council_meeting(date(2023, 11, 21), 5, date(2023, 11, 23), date(2024, 1, 16)),
    worked_council_meeting(date(2024, 1, 16), 5, date(2024, 1, 18), date(2024, 2, 20)),
    worked_council_meeting(date(2024, 2, 20), 4, date(2024, 2, 22)),
    # 19 Mar 2024 was cancelled: only held meetings are facts.
    MeetingFacts(
        "public_consultation",
        date(2023, 6, 28),
        minutes_on=date(2023, 7, 3),
        participants=35,
        women=9,
        youth=5,
    ),
    MeetingFacts(
        "public_consultation",
        date(2024, 2, 27),
        minutes_on=date(2024, 3, 1),
        participants=50,
        women=20,
        youth=12,
        non_majority=7,
    ),
    MeetingFacts(
        "community_activity",
        date(2023, 12, 2),
        participants=120,
        women=50,
        youth=90,
        non_majority=30,
    ),
)

WORKED_FULL = dataclasses.replace(
    WORKED,
    meetings=WORKED_MEETINGS,
    incidents=(IncidentFacts(date(2023, 11, 24), statuses=((date(2023, 12, 20), "answered"),)),),
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        #                  R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 R18
        (date(2023, 3, 1), (B, B, B, B, OK, NA, NA, NA, NA, NA, NA, NA)),
        (date(2023, 6, 20), (OK, OK, OK, OK, OK, OK, W, OK, NA, B, NA, OK)),
        (date(2023, 8, 1), (OK, OK, OK, OK, OK, W, W, OK, NA, B, W, OK)),
        (date(2023, 10, 31), (OK, OK, OK, OK, OK, OK, B, W, NA, B, W, OK)),
        (date(2023, 12, 14), (OK, OK, OK, OK, OK, OK, B, W, NA, B, W, OK)),
        (date(2023, 12, 31), (OK, OK, OK, OK, OK, W, B, W, NA, B, W, OK)),
        (date(2024, 2, 1), (OK, OK, OK, W, W, OK, B, W, W, B, W, OK)),
        (date(2024, 3, 25), (OK, OK, OK, W, W, W, B, W, OK, OK, OK, OK)),
        (date(2024, 6, 30), (OK, OK, OK, W, B, B, W, W, OK, OK, OK, OK)),
    ],
)
def test_worked_example(as_of, expected):
    # The membership and meeting rules; the plan and report columns are in their own tests.
    findings = evaluate_membership(WORKED_FULL, as_of) + evaluate_meetings(WORKED_FULL, as_of)
    assert tuple(f.status for f in findings) == expected


def test_worked_example_reasons_teach_what_the_document_says():
    def finding(rule: str, as_of: date):
        return next(f for f in evaluate(WORKED_FULL, as_of) if f.rule == rule)

    # 20 Jun 2023: 9 May had 3 of 6 present; the window starts at the constituting date.
    r07 = finding("R07", date(2023, 6, 20))
    assert (r07.details["dates"], r07.details["window_start"]) == (
        [date(2023, 5, 9)],
        date(2023, 3, 15),
    )
    # 31 Oct 2023: 17 Oct had no attendance; 13 Jun's minutes unapproved after 19 Sep.
    assert finding("R07", date(2023, 10, 31)).details["unrecorded"] == 1
    assert finding("R08", date(2023, 10, 31)).details["unapproved_held_on"] == date(2023, 6, 13)
    # 14 Dec 2023: the incident of 24 Nov was answered by the activity of 2 Dec.
    assert finding("R18", date(2023, 12, 14)).details["answered"] == 1
    # 1 Feb 2024: the youth sports day does not count for R10.
    assert finding("R10", date(2024, 2, 1)).reason == "not_reached"
    # 25 Mar 2024: 34 days since 20 Feb; the window is a full year again.
    r06 = finding("R06", date(2024, 3, 25))
    assert (r06.details["days"], r06.details["count"]) == (34, 8)
    assert "r06_min_meetings" in r06.thresholds


# -- Explanations -------------------------------------------------------------------------

EXAMPLES = (
    r06_meets_regularly(council(constituted_on=None), AS_OF),
    r06_meets_regularly(council(*monthly_until(days_before(AS_OF, 40))), AS_OF),
    r06_meets_regularly(council(), AS_OF),
    r06_meets_regularly(council(regular(days_before(AS_OF, 3))), AS_OF),
    r07_quorate(council(constituted_on=AS_OF + timedelta(days=1)), AS_OF),
    r07_quorate(council(), AS_OF),
    r07_quorate(council(regular(AS_OF)), AS_OF),
    r07_quorate(council(regular(AS_OF, present=None), regular(days_before(AS_OF, 9), 2)), AS_OF),
    r08_minutes_kept(council(constituted_on=None), AS_OF),
    r08_minutes_kept(council(), AS_OF),
    r08_minutes_kept(council(regular(AS_OF)), AS_OF),
    r08_minutes_kept(
        council(
            regular(days_before(AS_OF, 40), minutes_on=None),
            regular(days_before(AS_OF, 50), approved_on=None),
        ),
        AS_OF,
    ),
    r08_minutes_kept(
        council(regular(days_before(AS_OF, 9), approved_on=None), regular(AS_OF)), AS_OF
    ),
    r09_consults_public(council(constituted_on=None), AS_OF),
    r09_consults_public(consultations_on(date(2025, 2, 1)), AS_OF),
    r09_consults_public(council(), AS_OF),
    r09_consults_public(council(), date(2025, 7, 1)),
    r09_consults_public(council(constituted_on=date(2025, 1, 2)), AS_OF),
    r10_reaches_communities(council(constituted_on=None), AS_OF),
    r10_reaches_communities(council(is_multi_ethnic=False), AS_OF),
    r10_reaches_communities(consultations_on(days_before(AS_OF, 2)), AS_OF),
    r10_reaches_communities(council(consultation(AS_OF, **NOT_REACHING)), AS_OF),
    r10_reaches_communities(council(), AS_OF),
    r11_women_and_youth(council(constituted_on=None), AS_OF),
    r11_women_and_youth(council(), AS_OF),
    r11_women_and_youth(council(consultation(AS_OF, participants=0, women=0, youth=0)), AS_OF),
    r11_women_and_youth(council(consultation(AS_OF)), AS_OF),
    r11_women_and_youth(council(consultation(AS_OF, women=1)), AS_OF),
    r11_women_and_youth(council(consultation(AS_OF, youth=0)), AS_OF),
    r11_women_and_youth(council(consultation(AS_OF, women=1, youth=0)), AS_OF),
    r18_responds_to_incidents(council(constituted_on=None), AS_OF),
    r18(as_of=INCIDENT + timedelta(days=1), incidents=()),
    r18(as_of=INCIDENT + timedelta(days=1)),
    r18(as_of=INCIDENT + timedelta(days=20)),
)


def test_examples_cover_every_reason_of_the_meeting_rules():
    covered = {(f.rule, f.reason) for f in EXAMPLES}
    expected = {
        (rule, reason)
        for rule, reasons in REASONS.items()
        if rule in {"R06", "R07", "R08", "R09", "R10", "R11", "R18"}
        for reason in reasons
    }
    assert covered == expected


@pytest.mark.parametrize("finding", EXAMPLES, ids=lambda f: f"{f.rule}-{f.reason}-{f.status}")
def test_every_reason_has_a_sentence_with_its_numbers(finding):
    sentence = explain(finding)
    assert sentence != finding.reason
    assert "%(" not in sentence
    assert sentence.endswith(".")


def test_explanations_of_the_worked_example():
    def sentence(rule: str, as_of: date) -> str:
        return explain(next(f for f in evaluate(WORKED_FULL, as_of) if f.rule == rule))

    assert sentence("R06", date(2024, 3, 25)) == (
        "The last council meeting was held on 20.02.2024, 34 days earlier. "
        "That is more than 31 days."
    )
    assert sentence("R07", date(2023, 10, 31)) == (
        "2 of 5 council meetings held since 15.03.2023 did not have more than half of the "
        "active members present: 09.05.2023, 17.10.2023. For 1 of them no attendance was "
        "recorded, so a quorum cannot be shown."
    )
    assert sentence("R08", date(2023, 10, 31)) == (
        "The minutes of 1 council meeting are not approved although a later council meeting "
        "was held (the oldest of 13.06.2023)."
    )
    assert sentence("R09", date(2024, 2, 1)) == (
        "0 public consultations held in 2024 by this date; 1 required by 30.06.2024."
    )
    assert sentence("R10", date(2024, 2, 1)) == (
        "The 1 public consultation held since 15.03.2023 had no participants from a "
        "non-majority community, was not held in a non-majority settlement and had no "
        "interpretation."
    )
    assert sentence("R11", date(2023, 8, 1)) == (
        "1 public consultation since 15.03.2023: 9 women among 35 participants (25.7%, at "
        "least 30% required) and 5 under 30 (5 per consultation, at least 1 required)."
    )
    assert sentence("R18", date(2023, 12, 14)) == (
        "1 serious incident since 15.03.2023: 1 answered within 14 days, 0 less than 8 days old."
    )
    assert sentence("R06", date(2023, 3, 1)) == (
        "The council was constituted on 15.03.2023, after this date: activity is not judged."
    )


def test_obligations_of_the_meeting_rules():
    assert obligation("R06") == "It meets regularly"
    assert obligation("R18") == "It responds to serious incidents"
    for rule in ("R06", "R07", "R08", "R09", "R10", "R11", "R18"):
        assert obligation(rule) != rule


# -- Properties ---------------------------------------------------------------------------

KINDS = st.sampled_from(["regular", "extraordinary", "public_consultation", "community_activity"])
DAYS = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def meetings(draw, days=DAYS):
    held = draw(days)
    participants = draw(st.integers(0, 60))
    return MeetingFacts(
        kind=draw(KINDS),
        held_on=held,
        present=draw(st.none() | st.integers(0, 8)),
        minutes_on=draw(st.none() | st.dates(held, held + timedelta(days=60))),
        approved_on=draw(st.none() | st.dates(held, held + timedelta(days=90))),
        participants=participants,
        women=draw(st.integers(0, participants)),
        youth=draw(st.integers(0, participants)),
        non_majority=draw(st.integers(0, participants)),
        non_majority_settlement=draw(st.booleans()),
        interpretation=draw(st.booleans()),
    )


@st.composite
def histories(draw):
    constituted = draw(st.none() | st.dates(date(2022, 1, 1), date(2025, 6, 1)))
    incidents = draw(
        st.lists(
            st.builds(
                IncidentFacts,
                incident_on=DAYS,
                statuses=st.lists(
                    st.tuples(DAYS, st.sampled_from(["submitted", "rejected", "duplicate"])),
                    max_size=2,
                ).map(tuple),
                deleted_on=st.none() | DAYS,
            ),
            max_size=3,
        )
    )
    return council(
        *draw(st.lists(meetings(), max_size=12)),
        constituted_on=constituted,
        is_multi_ethnic=draw(st.booleans()),
        incidents=tuple(incidents),
    )


@settings(max_examples=150, deadline=None)
@given(facts=histories(), as_of=DAYS, data=st.data())
def test_meetings_after_as_of_change_nothing(facts, as_of, data):
    later = data.draw(meetings(st.dates(as_of + timedelta(days=1), date(2027, 12, 31))))
    extended = dataclasses.replace(facts, meetings=(*facts.meetings, later))
    assert evaluate_meetings(extended, as_of) == evaluate_meetings(facts, as_of)


@settings(max_examples=150, deadline=None)
@given(facts=histories(), as_of=DAYS, data=st.data())
def test_findings_do_not_depend_on_meeting_order_and_always_explain(facts, as_of, data):
    shuffled = dataclasses.replace(
        facts, meetings=tuple(data.draw(st.permutations(facts.meetings)))
    )
    findings = evaluate_meetings(facts, as_of)
    assert evaluate_meetings(shuffled, as_of) == findings
    for finding in findings:
        assert finding.reason in REASONS[finding.rule]
        assert explain(finding) != finding.reason
