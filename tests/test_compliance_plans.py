"""R12-R15 and R17 at their edges, the worked example, and their explanations: no app, no DB."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.compliance.explanations import explain, obligation
from safety.compliance.rules import (
    DEFAULT_THRESHOLDS,
    PLAN_RULES,
    REASONS,
    CouncilFacts,
    ItemFacts,
    PlanFacts,
    ReportFacts,
    Status,
    evaluate,
    evaluate_plans,
    r12_current_plan,
    r13_plan_consulted,
    r14_plan_forwarded,
    r15_plan_carried_out,
    r17_reports_upward,
    working_days,
)
from tests.test_compliance_meetings import WORKED_FULL

B, W, OK, NA = Status.BREACH, Status.WARNING, Status.OK, Status.NOT_APPLICABLE

CONSTITUTED = date(2020, 1, 15)

# Kosovo's public holidays of 2024 and the turn of 2025/2026 as the holiday table holds them
# (substitute days for holidays on a weekend included, reading 12).
HOLIDAYS_2024 = frozenset(
    {
        date(2024, 1, 1),
        date(2024, 1, 2),
        date(2024, 1, 7),  # Orthodox Christmas, a Sunday
        date(2024, 1, 8),  # ... its substitute day
        date(2024, 2, 17),  # Independence Day, a Saturday
        date(2024, 2, 19),  # ... its substitute day
        date(2024, 4, 1),  # Catholic Easter Monday
        date(2024, 4, 9),  # Constitution Day
        date(2024, 4, 10),  # Eid al-Fitr
        date(2024, 5, 1),
        date(2024, 5, 6),  # Orthodox Easter Monday
        date(2024, 5, 9),
        date(2024, 6, 16),  # Eid al-Adha, a Sunday
        date(2024, 6, 17),  # ... its substitute day
        date(2024, 12, 25),
    }
)
NEW_YEAR_2026 = frozenset(
    {date(2025, 12, 25), date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 7)}
)


def council(*plans: PlanFacts, reports=(), holidays=frozenset(), **overrides) -> CouncilFacts:
    values = {
        "constituted_on": CONSTITUTED,
        "decision_number": "01-002/20",
        "is_multi_ethnic": True,
        "majority_community": "albanian",
        "plans": plans,
        "reports": tuple(reports),
        "holidays": holidays,
    }
    values.update(overrides)
    return CouncilFacts(**values)


def adopted(year: int = 2025, adopted_on: date | None = None, **overrides) -> PlanFacts:
    """A plan adopted on 10 March (unless said) after 15 working days of public comment
    (3-21 February 2025 has no holiday), its report published and forwarded the same day."""
    adopted_on = adopted_on or date(year, 3, 10)
    values = {
        "adopted_on": adopted_on,
        "comment_starts_on": date(year, 2, 3),
        "comment_ends_on": date(year, 2, 21),
        "report_published_on": adopted_on,
        "forwarded_on": adopted_on,
    }
    values.update(overrides)
    return PlanFacts(year, **values)


def item(deadline: date | None, *statuses: tuple[date, str]) -> ItemFacts:
    return ItemFacts(deadline, statuses=statuses)


def done(day: date) -> tuple[date, str]:
    return (day, "done")


def cancelled(day: date) -> tuple[date, str]:
    return (day, "cancelled")


def in_progress(day: date) -> tuple[date, str]:
    return (day, "in_progress")


# -- Cross-cutting ------------------------------------------------------------------------


@pytest.mark.parametrize("rule", PLAN_RULES)
def test_not_applicable_before_the_constituting_date_or_without_one(rule):
    as_of = date(2025, 8, 1)
    busy = council(
        adopted(2025, adopted_on=date(2025, 3, 10)),
        reports=[ReportFacts("annual", 2024, date(2025, 1, 10))],
        constituted_on=as_of,
    )
    before = rule(busy, as_of - timedelta(days=1))
    assert (before.status, before.reason) == (NA, "not_constituted")
    assert rule(dataclasses.replace(busy, constituted_on=None), as_of).reason == "not_constituted"
    assert rule(busy, as_of).reason != "not_constituted"


def test_evaluate_plans_lists_the_plan_and_report_rules_in_order():
    assert [f.rule for f in evaluate_plans(council(), date(2025, 6, 1))] == [
        "R12",
        "R13",
        "R14",
        "R15",
        "R17",
    ]
    rules = [f.rule for f in evaluate(council(), date(2025, 6, 1))]
    assert rules[11:17] == ["R12", "R13", "R14", "R15", "R16", "R17"]


def test_thresholds_have_their_names_and_defaults():
    assert {name: DEFAULT_THRESHOLDS[name] for name in DEFAULT_THRESHOLDS if name[1:3] in {
        "12", "13", "14", "15", "17"
    }} == {
        "r12_plan_due": "03-31",
        "r13_min_working_days": 15,
        "r13_report_days": 30,
        "r14_warning_days": 15,
        "r14_breach_days": 30,
        "r15_breach_share": 25,
        "r17_annual_due": "01-31",
        "r17_midyear_due": "07-31",
        "r17_warning_days": 30,
    }  # fmt: skip


# -- Working days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "holidays", "expected"),
    [
        # Monday to Friday, both ends counted (reading 6).
        (date(2024, 1, 22), date(2024, 1, 26), frozenset(), 5),
        (date(2024, 1, 22), date(2024, 1, 22), frozenset(), 1),
        # The worked example's comment period: three whole weeks, no holiday inside.
        (date(2024, 1, 22), date(2024, 2, 9), HOLIDAYS_2024, 15),
        # A weekend alone, and an empty period.
        (date(2024, 1, 27), date(2024, 1, 28), frozenset(), 0),
        (date(2024, 1, 23), date(2024, 1, 22), frozenset(), 0),
        # Independence Day on a Saturday takes nothing; its substitute Monday does.
        (date(2024, 2, 12), date(2024, 2, 23), HOLIDAYS_2024, 9),
        # Catholic Easter Monday, Constitution Day and Eid al-Fitr in one period.
        (date(2024, 3, 25), date(2024, 4, 12), HOLIDAYS_2024, 12),
        # Orthodox Easter Monday and Europe Day.
        (date(2024, 5, 6), date(2024, 5, 10), HOLIDAYS_2024, 3),
        # Across the year end: Christmas, New Year (two days), Orthodox Christmas.
        (date(2025, 12, 15), date(2026, 1, 9), NEW_YEAR_2026, 16),
        (date(2025, 12, 15), date(2026, 1, 9), frozenset(), 20),
        # A leap day is a Thursday like any other.
        (date(2024, 2, 26), date(2024, 3, 1), frozenset(), 5),
        (date(2024, 2, 28), date(2024, 3, 1), frozenset(), 3),
        (date(2025, 2, 27), date(2025, 3, 3), frozenset(), 3),
    ],
)
def test_working_days(first, last, holidays, expected):
    assert working_days(first, last, holidays) == expected


# -- R12 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        (date(2025, 1, 1), W, "not_yet_adopted"),
        (date(2025, 3, 30), W, "not_yet_adopted"),
        (date(2025, 3, 31), W, "not_yet_adopted"),
        (date(2025, 4, 1), B, "not_adopted"),
        (date(2025, 12, 31), B, "not_adopted"),
        # Leap year: 31 March is the same day, one day further into the year.
        (date(2024, 3, 31), W, "not_yet_adopted"),
        (date(2024, 4, 1), B, "not_adopted"),
    ],
)
def test_r12_no_plan_adopted(as_of, status, reason):
    finding = r12_current_plan(council(), as_of)
    assert (finding.status, finding.reason) == (status, reason)
    assert finding.details["due_on"] == date(as_of.year, 3, 31)
    assert finding.thresholds == {"r12_plan_due": "03-31"}


@pytest.mark.parametrize(
    ("adopted_on", "as_of", "status"),
    [
        (date(2025, 5, 20), date(2025, 5, 19), B),
        (date(2025, 5, 20), date(2025, 5, 20), OK),
        (date(2025, 5, 20), date(2025, 5, 21), OK),
        (date(2025, 3, 31), date(2025, 3, 30), W),
        (date(2025, 3, 31), date(2025, 3, 31), OK),
    ],
)
def test_r12_the_plan_counts_from_its_adoption_day(adopted_on, as_of, status):
    facts = council(adopted(2025, adopted_on=adopted_on))
    assert r12_current_plan(facts, as_of).status == status


def test_r12_reads_the_plan_of_as_ofs_year_only():
    facts = council(adopted(2024, adopted_on=date(2024, 12, 20)), PlanFacts(2025))
    # The 2024 plan does not carry into 2025, and a 2025 draft is no plan.
    assert r12_current_plan(facts, date(2024, 12, 31)).status == OK
    assert r12_current_plan(facts, date(2025, 1, 1)).status == W
    assert r12_current_plan(facts, date(2025, 4, 1)).status == B
    # A plan for next year adopted early is not this year's plan.
    early = council(adopted(2026, adopted_on=date(2025, 12, 15)))
    assert r12_current_plan(early, date(2025, 12, 31)).status == B
    assert r12_current_plan(early, date(2026, 1, 1)).status == OK


def test_r12_first_calendar_year_is_ok_when_met_else_not_applicable():
    first_year = council(constituted_on=date(2025, 2, 1))
    for as_of in (date(2025, 2, 1), date(2025, 4, 1), date(2025, 12, 31)):
        finding = r12_current_plan(first_year, as_of)
        assert (finding.status, finding.reason) == (NA, "first_year")
    met = dataclasses.replace(first_year, plans=(adopted(2025, adopted_on=date(2025, 6, 1)),))
    assert r12_current_plan(met, date(2025, 6, 1)).status == OK
    assert r12_current_plan(met, date(2025, 5, 31)).status == NA
    # The next year is judged in full.
    assert r12_current_plan(first_year, date(2026, 4, 1)).status == B


def test_r12_threshold_changes_are_used_and_recorded():
    finding = r12_current_plan(council(), date(2025, 4, 1), {"r12_plan_due": "05-31"})
    assert (finding.status, finding.thresholds) == (W, {"r12_plan_due": "05-31"})
    assert r12_current_plan(council(), date(2025, 6, 1), {"r12_plan_due": "05-31"}).status == B
    # 29 February is 28 February outside leap years.
    leap = {"r12_plan_due": "02-29"}
    assert r12_current_plan(council(), date(2025, 3, 1), leap).details["due_on"] == date(
        2025, 2, 28
    )
    assert r12_current_plan(council(), date(2024, 2, 29), leap).status == W
    assert r12_current_plan(council(), date(2024, 3, 1), leap).status == B


# -- R13 ----------------------------------------------------------------------------------


def r13(plan: PlanFacts, as_of: date, holidays=frozenset(), **thresholds):
    return r13_plan_consulted(council(plan, holidays=holidays), as_of, thresholds or None)


def test_r13_not_applicable_without_a_plan_adopted_by_as_of():
    assert r13(PlanFacts(2025), date(2025, 6, 1)).reason == "no_adopted_plan"
    plan = adopted(2025, adopted_on=date(2025, 3, 10))
    assert r13(plan, date(2025, 3, 9)).status == NA
    assert r13(plan, date(2025, 3, 10)).status == OK
    # Last year's plan is not this year's.
    assert r13(plan, date(2026, 1, 1)).status == NA


@pytest.mark.parametrize(
    ("ends_on", "status", "reason", "days"),
    [
        (date(2025, 2, 20), W, "short_period", 14),
        (date(2025, 2, 21), OK, "consulted", 15),
        (date(2025, 2, 24), OK, "consulted", 16),
    ],
)
def test_r13_fifteen_working_days(ends_on, status, reason, days):
    finding = r13(adopted(comment_ends_on=ends_on), date(2025, 6, 1))
    assert (finding.status, finding.reason, finding.details["working_days"]) == (
        status,
        reason,
        days,
    )
    assert finding.thresholds == {"r13_min_working_days": 15, "r13_report_days": 30}


def test_r13_a_holiday_inside_the_period_is_not_a_working_day():
    # 3-21 February 2025 holds Independence Day (Monday 17 February).
    plan = adopted()
    assert r13(plan, date(2025, 6, 1)).status == OK
    finding = r13(plan, date(2025, 6, 1), holidays=frozenset({date(2025, 2, 17)}))
    assert (finding.status, finding.details["working_days"]) == (W, 14)
    # Across the year end: Christmas, New Year and Orthodox Christmas leave 16 of 20.
    winter = adopted(
        2026,
        adopted_on=date(2026, 1, 12),
        comment_starts_on=date(2025, 12, 15),
        comment_ends_on=date(2026, 1, 9),
    )
    finding = r13(winter, date(2026, 1, 12), holidays=NEW_YEAR_2026)
    assert (finding.status, finding.details["working_days"]) == (OK, 16)


def test_r13_only_days_up_to_the_adoption_count_and_the_adoption_day_does():
    # The period runs to 28 February but the plan was adopted on Monday 17 February: 3-17
    # February is 11 working days, the adoption day included (readings 6 and 18).
    plan = adopted(adopted_on=date(2025, 2, 17), comment_ends_on=date(2025, 2, 28))
    assert r13(plan, date(2025, 3, 1)).details["working_days"] == 11
    assert r13(plan, date(2025, 3, 1)).status == W
    # Without an end date the period runs to the adoption.
    open_ended = adopted(adopted_on=date(2025, 2, 24), comment_ends_on=None)
    assert r13(open_ended, date(2025, 3, 1)).details["working_days"] == 16


def test_r13_no_comment_period_is_a_breach():
    none = adopted(comment_starts_on=None, comment_ends_on=None)
    finding = r13(none, date(2025, 3, 10))
    assert (finding.status, finding.reason) == (B, "no_comment_period")
    # A period that starts after the adoption is no comment period (reading 6).
    after = adopted(comment_starts_on=date(2025, 3, 11), comment_ends_on=date(2025, 3, 31))
    assert r13(after, date(2025, 6, 1)).reason == "no_comment_period"
    # Starting on the adoption day counts that day.
    same_day = adopted(comment_starts_on=date(2025, 3, 10), comment_ends_on=date(2025, 3, 31))
    assert r13(same_day, date(2025, 6, 1)).details["working_days"] == 1


@pytest.mark.parametrize(
    ("days", "status", "reason"),
    [(0, OK, "report_due"), (30, OK, "report_due"), (31, B, "no_report"), (200, B, "no_report")],
)
def test_r13_the_consultation_report_is_due_within_30_days(days, status, reason):
    plan = adopted(report_published_on=None)
    finding = r13(plan, plan.adopted_on + timedelta(days=days))
    assert (finding.status, finding.reason, finding.details["days_since_adoption"]) == (
        status,
        reason,
        days,
    )


def test_r13_a_late_report_clears_the_breach_once_published():
    plan = adopted(report_published_on=date(2025, 4, 20))  # 41 days after 10 March
    assert r13(plan, date(2025, 4, 19)).status == B
    assert r13(plan, date(2025, 4, 19)).details["report_published_on"] is None
    finding = r13(plan, date(2025, 4, 20))
    assert (finding.status, finding.reason) == (OK, "consulted")
    assert finding.details["report_published_on"] == date(2025, 4, 20)


def test_r13_a_breach_outranks_a_short_period_and_thresholds_apply():
    short_and_late = adopted(comment_ends_on=date(2025, 2, 7), report_published_on=None)
    assert r13(short_and_late, date(2025, 4, 10)).reason == "no_report"
    assert r13(short_and_late, date(2025, 4, 9)).reason == "short_period"
    finding = r13(short_and_late, date(2025, 4, 10), r13_min_working_days=5, r13_report_days=60)
    assert (finding.status, finding.reason) == (OK, "report_due")
    assert finding.thresholds == {"r13_min_working_days": 5, "r13_report_days": 60}


# -- R14 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "status", "reason"),
    [
        (0, OK, "forward_due"),
        (15, OK, "forward_due"),
        (16, W, "not_forwarded"),
        (30, W, "not_forwarded"),
        (31, B, "not_forwarded"),
    ],
)
def test_r14_days_since_adoption_without_forwarding(days, status, reason):
    plan = adopted(forwarded_on=None)
    finding = r14_plan_forwarded(council(plan), plan.adopted_on + timedelta(days=days))
    assert (finding.status, finding.reason, finding.details["days_since_adoption"]) == (
        status,
        reason,
        days,
    )
    assert finding.thresholds == {"r14_warning_days": 15, "r14_breach_days": 30}


def test_r14_forwarded_by_as_of_is_ok_even_when_late():
    plan = adopted(forwarded_on=date(2025, 5, 1))  # 52 days after 10 March
    facts = council(plan)
    assert r14_plan_forwarded(facts, date(2025, 4, 30)).status == B
    assert r14_plan_forwarded(facts, date(2025, 4, 30)).details["forwarded_on"] is None
    finding = r14_plan_forwarded(facts, date(2025, 5, 1))
    assert (finding.status, finding.reason) == (OK, "forwarded")
    assert finding.details["forwarded_on"] == date(2025, 5, 1)


def test_r14_leap_year_and_year_end():
    # 14 February to 1 March is 16 days in a leap year, 15 otherwise.
    leap = adopted(2024, adopted_on=date(2024, 2, 14), forwarded_on=None)
    assert r14_plan_forwarded(council(leap), date(2024, 3, 1)).status == W
    common = adopted(2025, adopted_on=date(2025, 2, 14), forwarded_on=None)
    assert r14_plan_forwarded(council(common), date(2025, 3, 1)).status == OK
    # A plan adopted in December is judged in its own year only.
    late = adopted(2025, adopted_on=date(2025, 12, 1), forwarded_on=None)
    assert r14_plan_forwarded(council(late), date(2025, 12, 31)).status == Status.WARNING
    assert r14_plan_forwarded(council(late), date(2026, 1, 1)).reason == "no_adopted_plan"
    assert r14_plan_forwarded(council(PlanFacts(2025)), date(2025, 6, 1)).status == NA


def test_r14_thresholds_apply():
    plan = adopted(forwarded_on=None)
    as_of = plan.adopted_on + timedelta(days=20)
    relaxed = {"r14_warning_days": 20, "r14_breach_days": 40}
    finding = r14_plan_forwarded(council(plan), as_of, relaxed)
    assert (finding.status, finding.thresholds) == (OK, relaxed)


# -- R15 ----------------------------------------------------------------------------------


def r15(*items: ItemFacts, as_of: date, plans=None, **thresholds):
    plans = plans if plans is not None else (adopted(2025, items=items),)
    return r15_plan_carried_out(council(*plans), as_of, thresholds or None)


def test_r15_not_applicable_without_adopted_plans_or_items():
    assert r15(as_of=date(2025, 6, 1), plans=()).reason == "no_adopted_plan"
    draft = PlanFacts(2025, items=(item(date(2025, 3, 1)),))
    assert r15(as_of=date(2025, 6, 1), plans=(draft,)).reason == "no_adopted_plan"
    assert r15(as_of=date(2025, 6, 1)).reason == "no_items"
    # Items cancelled by as_of leave the count altogether (reading 7).
    gone = r15(item(date(2025, 3, 1), cancelled(date(2025, 2, 1))), as_of=date(2025, 6, 1))
    assert (gone.status, gone.reason) == (NA, "no_items")


@pytest.mark.parametrize(
    ("as_of", "status", "overdue"),
    [
        (date(2025, 4, 29), OK, 0),
        (date(2025, 4, 30), OK, 0),  # the deadline day itself is not late
        (date(2025, 5, 1), B, 1),
    ],
)
def test_r15_an_item_is_overdue_the_day_after_its_deadline(as_of, status, overdue):
    finding = r15(item(date(2025, 4, 30), in_progress(date(2025, 3, 15))), as_of=as_of)
    assert (finding.status, finding.details["overdue"]) == (status, overdue)


@pytest.mark.parametrize(
    ("late", "on_time", "status"),
    [
        (1, 3, W),  # exactly 25% is not more than 25%
        (1, 2, B),  # 33%
        (2, 6, W),  # 25%
        (2, 5, B),  # 28.6%
        (1, 99, W),
    ],
)
def test_r15_share_of_overdue_items(late, on_time, status):
    items = [item(date(2025, 3, 1))] * late + [item(date(2025, 12, 1))] * on_time
    finding = r15(*items, as_of=date(2025, 6, 1))
    assert (finding.status, finding.reason) == (status, "overdue")
    assert finding.details["overdue_percent"] == pytest.approx(late * 100 / (late + on_time))
    assert finding.thresholds == {"r15_breach_share": 25}


def test_r15_status_on_as_of_from_the_dated_history():
    deadline = date(2025, 3, 31)
    finished = item(deadline, in_progress(date(2025, 2, 1)), done(date(2025, 4, 15)))
    # Not done yet on 14 April; done on 15 April (late, but no longer overdue).
    assert r15(finished, as_of=date(2025, 4, 14)).details["overdue"] == 1
    assert r15(finished, as_of=date(2025, 4, 15)).status == OK
    # Reopened after being done: overdue again from the reopening.
    reopened = item(deadline, done(date(2025, 3, 1)), in_progress(date(2025, 5, 1)))
    assert r15(reopened, as_of=date(2025, 4, 30)).status == OK
    assert r15(reopened, as_of=date(2025, 5, 1)).details["overdue"] == 1
    # Cancelled after as_of: still in the count on as_of.
    later_cancelled = item(deadline, cancelled(date(2025, 5, 1)))
    assert r15(later_cancelled, as_of=date(2025, 4, 30)).details["overdue"] == 1
    assert r15(later_cancelled, as_of=date(2025, 5, 1)).status == NA
    # Two changes on one day: the one set last wins.
    same_day = item(deadline, done(date(2025, 4, 1)), in_progress(date(2025, 4, 1)))
    assert r15(same_day, as_of=date(2025, 4, 2)).details["overdue"] == 1


def test_r15_items_without_a_deadline_are_never_overdue():
    finding = r15(item(None), item(None), as_of=date(2025, 12, 31))
    assert (finding.status, finding.details["count"]) == (OK, 2)


def test_r15_pools_this_years_and_last_years_adopted_plans():
    last_year = adopted(2024, items=(item(date(2024, 11, 30)),))
    this_year = adopted(2025, items=(item(date(2025, 12, 1)), item(date(2025, 12, 1))))
    two_years_ago = adopted(2023, items=(item(date(2023, 5, 1)),) * 5)
    finding = r15(as_of=date(2025, 6, 1), plans=(two_years_ago, last_year, this_year))
    assert finding.details == {
        "year": 2025,
        "years": [2024, 2025],
        "count": 3,
        "overdue": 1,
        "overdue_percent": pytest.approx(100 / 3),
        "oldest_deadline": date(2024, 11, 30),
    }
    assert finding.status == B
    # At the year end the 2024 plan drops out.
    assert r15(as_of=date(2026, 1, 1), plans=(last_year, this_year)).details["count"] == 2
    # A plan adopted after as_of is not counted yet.
    later = adopted(2025, adopted_on=date(2025, 7, 1), items=(item(date(2025, 1, 31)),))
    assert r15(as_of=date(2025, 6, 30), plans=(later,)).reason == "no_adopted_plan"


def test_r15_year_end_deadlines_and_thresholds():
    plan = adopted(2025, items=(item(date(2025, 12, 31)), item(None), item(None), item(None)))
    assert r15(as_of=date(2025, 12, 31), plans=(plan,)).status == OK
    assert r15(as_of=date(2026, 1, 1), plans=(plan,)).status == W
    strict = r15(as_of=date(2026, 1, 1), plans=(plan,), r15_breach_share=20)
    assert (strict.status, strict.thresholds) == (B, {"r15_breach_share": 20})


# -- R17 ----------------------------------------------------------------------------------


def r17(as_of: date, *reports: ReportFacts, **overrides):
    return r17_reports_upward(council(reports=reports, **overrides), as_of)


def states(finding) -> list[tuple[str, int, str]]:
    return [(r["kind"], r["year"], r["state"]) for r in finding.details["reports"]]


ANNUAL_2023 = ReportFacts("annual", 2023, date(2024, 1, 20))
MIDYEAR_2024 = ReportFacts("midyear", 2024, date(2024, 7, 20))
ANNUAL_2024 = ReportFacts("annual", 2024, date(2025, 1, 20))


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        (date(2024, 12, 31), OK, "submitted"),  # 31 days before 31 January
        (date(2025, 1, 1), W, "due_soon"),
        (date(2025, 1, 31), W, "due_soon"),
        (date(2025, 2, 1), B, "missing"),
        (date(2025, 6, 30), B, "missing"),
    ],
)
def test_r17_annual_report_due_31_january(as_of, status, reason):
    finding = r17(as_of, ANNUAL_2023, MIDYEAR_2024)
    assert (finding.status, finding.reason) == (status, reason)
    assert finding.thresholds == {
        "r17_annual_due": "01-31",
        "r17_midyear_due": "07-31",
        "r17_warning_days": 30,
    }


@pytest.mark.parametrize(
    ("as_of", "status", "state"),
    [
        (date(2025, 6, 30), OK, "not_due"),
        (date(2025, 7, 1), W, "due_soon"),
        (date(2025, 7, 31), W, "due_soon"),
        (date(2025, 8, 1), B, "missing"),
        (date(2025, 12, 31), B, "missing"),
    ],
)
def test_r17_midyear_report_due_31_july(as_of, status, state):
    finding = r17(as_of, ANNUAL_2024)
    assert finding.status == status
    assert states(finding) == [("annual", 2024, "submitted"), ("midyear", 2025, state)]
    assert finding.details["reports"][1]["due_on"] == date(2025, 7, 31)


def test_r17_submitted_on_the_due_date_and_after_as_of():
    on_time = ReportFacts("annual", 2024, date(2025, 1, 31))
    assert r17(date(2025, 2, 1), on_time).status == OK
    late = ReportFacts("annual", 2024, date(2025, 2, 10))
    assert r17(date(2025, 2, 9), late).status == B
    assert r17(date(2025, 2, 10), late).status == OK
    assert r17(date(2025, 2, 10), late).details["reports"][0]["submitted_on"] == date(2025, 2, 10)
    # A draft (no submission date) is not submitted.
    assert r17(date(2025, 2, 1), ReportFacts("annual", 2024)).status == B


def test_r17_the_right_kind_and_year_only():
    wrong = (
        ReportFacts("midyear", 2024, date(2024, 7, 20)),
        ReportFacts("annual", 2023, date(2024, 1, 20)),
        ReportFacts("annual", 2025, date(2025, 1, 20)),
    )
    assert r17(date(2025, 2, 1), *wrong).status == B
    # Last year's mid-year report is no longer asked about in January.
    assert states(r17(date(2025, 1, 25), ANNUAL_2024)) == [
        ("annual", 2024, "submitted"),
        ("midyear", 2025, "not_due"),
    ]


def test_r17_the_worse_of_the_two_decides():
    # 1 July: the annual report is missing (breach) and the mid-year one due soon (warning).
    finding = r17(date(2025, 7, 1))
    assert finding.status == B
    assert states(finding) == [("annual", 2024, "missing"), ("midyear", 2025, "due_soon")]


MIDYEAR_NOT_DUE = ("midyear", 2025, "not_due")


@pytest.mark.parametrize(
    ("constituted_on", "as_of", "expected"),
    [
        # The mid-year period ends 30 June: due for a council constituted by then (reading 19).
        (date(2025, 6, 30), date(2025, 8, 1), [("midyear", 2025, "missing")]),
        (date(2025, 7, 1), date(2025, 8, 1), []),
        # The annual period ends 31 December.
        (date(2024, 12, 31), date(2025, 2, 1), [("annual", 2024, "missing"), MIDYEAR_NOT_DUE]),
        (date(2025, 1, 1), date(2025, 2, 1), [MIDYEAR_NOT_DUE]),
    ],
)
def test_r17_periods_ending_before_the_constituting_date_are_not_due(
    constituted_on, as_of, expected
):
    finding = r17(as_of, constituted_on=constituted_on)
    assert states(finding) == expected


def test_r17_nothing_due_yet():
    finding = r17(date(2025, 7, 20), constituted_on=date(2025, 7, 1))
    assert (finding.status, finding.reason, finding.details) == (OK, "none_due", {"reports": []})
    assert r17(date(2025, 3, 1), ANNUAL_2024).reason == "submitted"


def test_r17_thresholds_apply_in_leap_years():
    leap = {"r17_annual_due": "02-29", "r17_warning_days": 10}
    # 29 February 2024; the warning starts 10 days before it, on 19 February.
    facts = council()
    assert r17_reports_upward(facts, date(2024, 2, 18), leap).status == OK
    assert r17_reports_upward(facts, date(2024, 2, 19), leap).status == W
    assert r17_reports_upward(facts, date(2024, 2, 29), leap).status == W
    assert r17_reports_upward(facts, date(2024, 3, 1), leap).status == B
    # 28 February outside leap years.
    assert r17_reports_upward(facts, date(2025, 3, 1), leap).details["reports"][0]["due_on"] == (
        date(2025, 2, 28)
    )
    assert r17_reports_upward(facts, date(2025, 3, 1), leap).thresholds == {
        "r17_annual_due": "02-29",
        "r17_midyear_due": "07-31",
        "r17_warning_days": 10,
    }


# -- The worked example (R12-R15 and R17 columns of worked-example.md) --------------------

WORKED_PLAN = PlanFacts(
    2024,
    adopted_on=date(2024, 2, 20),
    comment_starts_on=date(2024, 1, 22),
    comment_ends_on=date(2024, 2, 9),
    report_published_on=date(2024, 3, 28),
    forwarded_on=date(2024, 3, 12),
    items=(
        item(date(2024, 3, 31), done(date(2024, 3, 20))),
        item(date(2024, 4, 30), in_progress(date(2024, 3, 1))),
        item(date(2024, 5, 31), cancelled(date(2024, 5, 1))),
        item(None),
    ),
)

WORKED_PLANS = dataclasses.replace(
    WORKED_FULL,
    plans=(WORKED_PLAN,),
    reports=(ReportFacts("annual", 2023, date(2024, 2, 15)),),
    holidays=HOLIDAYS_2024,
)

# The worked example's table, every rule but R16 (the concerns slice tests its column).
WORKED_TABLE = {
    #                  R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 R12 R13 R14 R15 R17 R18
    date(2023, 3, 1): (B, B, B, B, OK, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA),
    date(2023, 6, 20): (OK, OK, OK, OK, OK, OK, W, OK, NA, B, NA, NA, NA, NA, NA, OK, OK),
    date(2023, 8, 1): (OK, OK, OK, OK, OK, W, W, OK, NA, B, W, NA, NA, NA, NA, B, OK),
    date(2023, 10, 31): (OK, OK, OK, OK, OK, OK, B, W, NA, B, W, NA, NA, NA, NA, B, OK),
    date(2023, 12, 14): (OK, OK, OK, OK, OK, OK, B, W, NA, B, W, NA, NA, NA, NA, B, OK),
    date(2023, 12, 31): (OK, OK, OK, OK, OK, W, B, W, NA, B, W, NA, NA, NA, NA, B, OK),
    date(2024, 2, 1): (OK, OK, OK, W, W, OK, B, W, W, B, W, W, NA, NA, NA, B, OK),
    date(2024, 3, 25): (OK, OK, OK, W, W, W, B, W, OK, OK, OK, OK, B, OK, OK, OK, OK),
    date(2024, 6, 30): (OK, OK, OK, W, B, B, W, W, OK, OK, OK, OK, OK, OK, B, OK, OK),
}


@pytest.mark.parametrize("as_of", list(WORKED_TABLE))
def test_worked_example_plan_and_report_columns(as_of):
    assert (
        tuple(f.status for f in evaluate_plans(WORKED_PLANS, as_of)) == (WORKED_TABLE[as_of][11:16])
    )


@pytest.mark.parametrize("as_of", list(WORKED_TABLE))
def test_worked_example_every_rule_but_r16(as_of):
    findings = [f for f in evaluate(WORKED_PLANS, as_of) if f.rule != "R16"]
    assert tuple(f.status for f in findings) == WORKED_TABLE[as_of]


def test_worked_example_reasons_teach_what_the_document_says():
    def finding(rule, as_of):
        return next(f for f in evaluate_plans(WORKED_PLANS, as_of) if f.rule == rule)

    # 22 January - 9 February 2024 is 15 working days; adopted 34 days before 25 March.
    r13_march = finding("R13", date(2024, 3, 25))
    assert r13_march.details["working_days"] == 15
    assert (r13_march.reason, r13_march.details["days_since_adoption"]) == ("no_report", 34)
    assert finding("R13", date(2024, 6, 30)).reason == "consulted"
    # 30 June: three items count (the cancelled one leaves), one overdue: 33%.
    r15_june = finding("R15", date(2024, 6, 30))
    assert (r15_june.details["count"], r15_june.details["overdue"]) == (3, 1)
    # 1 August 2023: the 2023 mid-year report was due, its period ending after 15 March.
    assert states(finding("R17", date(2023, 8, 1))) == [("midyear", 2023, "missing")]
    # 1 February 2024: the 2023 annual report was due 31 January (submitted 15 February).
    assert states(finding("R17", date(2024, 2, 1))) == [
        ("annual", 2023, "missing"),
        ("midyear", 2024, "not_due"),
    ]
    # 30 June 2024: 31 days before 31 July is outside the warning window.
    assert states(finding("R17", date(2024, 6, 30)))[1] == ("midyear", 2024, "not_due")
    # 1 February 2024: the plan is not adopted yet, 31 March not passed.
    assert finding("R12", date(2024, 2, 1)).reason == "not_yet_adopted"
    assert finding("R12", date(2023, 12, 31)).reason == "first_year"


# -- Explanations -------------------------------------------------------------------------

AS_OF = date(2025, 6, 1)

EXAMPLES = (
    r12_current_plan(council(constituted_on=None), AS_OF),
    r12_current_plan(council(adopted()), AS_OF),
    r12_current_plan(council(constituted_on=date(2025, 1, 10)), AS_OF),
    r12_current_plan(council(), date(2025, 3, 1)),
    r12_current_plan(council(), AS_OF),
    r13_plan_consulted(council(constituted_on=None), AS_OF),
    r13_plan_consulted(council(), AS_OF),
    r13_plan_consulted(council(adopted(comment_starts_on=None)), AS_OF),
    r13_plan_consulted(council(adopted(report_published_on=None)), AS_OF),
    r13_plan_consulted(council(adopted(comment_ends_on=date(2025, 2, 4))), AS_OF),
    r13_plan_consulted(council(adopted(report_published_on=None)), date(2025, 3, 11)),
    r13_plan_consulted(council(adopted()), AS_OF),
    r14_plan_forwarded(council(constituted_on=None), AS_OF),
    r14_plan_forwarded(council(), AS_OF),
    r14_plan_forwarded(council(adopted()), AS_OF),
    r14_plan_forwarded(council(adopted(forwarded_on=None)), AS_OF),
    r14_plan_forwarded(council(adopted(forwarded_on=None)), date(2025, 3, 31)),
    r14_plan_forwarded(council(adopted(forwarded_on=None)), date(2025, 3, 11)),
    r15_plan_carried_out(council(constituted_on=None), AS_OF),
    r15_plan_carried_out(council(), AS_OF),
    r15_plan_carried_out(council(adopted()), AS_OF),
    r15_plan_carried_out(council(adopted(items=(item(date(2025, 12, 1)),))), AS_OF),
    r15_plan_carried_out(council(adopted(items=(item(date(2025, 3, 1)),))), AS_OF),
    r15_plan_carried_out(
        council(adopted(items=(item(date(2025, 3, 1)),) + (item(None),) * 3)), AS_OF
    ),
    r17_reports_upward(council(constituted_on=None), AS_OF),
    r17_reports_upward(council(), AS_OF),
    r17_reports_upward(council(reports=(ANNUAL_2024,)), date(2025, 7, 5)),
    r17_reports_upward(council(reports=(ANNUAL_2024,)), AS_OF),
    r17_reports_upward(
        council(reports=(ANNUAL_2024, ReportFacts("midyear", 2025, date(2025, 7, 2)))),
        date(2025, 8, 1),
    ),
    r17_reports_upward(council(constituted_on=date(2025, 7, 1)), date(2025, 7, 10)),
    r17_reports_upward(council(constituted_on=date(2025, 1, 1)), date(2025, 8, 1)),
)


def test_examples_cover_every_reason_of_the_plan_rules():
    covered = {(f.rule, f.reason) for f in EXAMPLES}
    expected = {
        (rule, reason)
        for rule, reasons in REASONS.items()
        if rule in {"R12", "R13", "R14", "R15", "R17"}
        for reason in reasons
    }
    assert covered == expected


@pytest.mark.parametrize(
    "finding", EXAMPLES, ids=lambda f: f"{f.rule}-{f.reason}-{f.status}-{len(f.details)}"
)
def test_every_reason_has_a_sentence_with_its_numbers(finding):
    sentence = explain(finding)
    assert sentence != finding.reason
    assert "%(" not in sentence
    assert sentence.endswith(".")


def test_explanations_of_the_worked_example():
    def sentence(rule: str, as_of: date) -> str:
        return explain(next(f for f in evaluate_plans(WORKED_PLANS, as_of) if f.rule == rule))

    assert sentence("R12", date(2024, 2, 1)) == (
        "No action plan for 2024 has been adopted yet; it is due by 31.03.2024."
    )
    assert (
        sentence("R12", date(2024, 3, 25)) == "The action plan for 2024 was adopted on 20.02.2024."
    )
    assert sentence("R13", date(2024, 3, 25)) == (
        "The action plan for 2024 was adopted on 20.02.2024, 34 days earlier, and no "
        "consultation report has been published; it is due within 30 days of adoption."
    )
    assert sentence("R13", date(2024, 6, 30)) == (
        "The public comment period from 22.01.2024 had 15 working days before the plan was "
        "adopted on 20.02.2024. The consultation report was published on 28.03.2024."
    )
    assert sentence("R14", date(2024, 3, 25)) == (
        "The action plan for 2024, adopted on 20.02.2024, was forwarded to the Municipal "
        "Assembly on 12.03.2024."
    )
    assert sentence("R15", date(2024, 6, 30)) == (
        "1 of 3 items of the adopted action plans are past their deadline and neither done nor "
        "cancelled (33.3%); the oldest deadline was 30.04.2024. That is more than 25% of the "
        "items."
    )
    assert sentence("R17", date(2024, 2, 1)) == (
        "The annual activity report for 2023 was due by 31.01.2024 and has not been submitted. "
        "The mid-year activity report for 2024 is due by 31.07.2024."
    )
    assert sentence("R17", date(2023, 3, 1)) == (
        "The council was constituted on 15.03.2023, after this date: activity is not judged."
    )


def test_explanations_of_warnings_name_the_limit():
    late = r14_plan_forwarded(council(adopted(forwarded_on=None)), date(2025, 3, 31))
    assert explain(late) == (
        "The action plan for 2025 was adopted on 10.03.2025, 21 days earlier, and has not been "
        "forwarded to the Municipal Assembly. That is more than 15 days."
    )
    short = r13_plan_consulted(council(adopted(comment_ends_on=date(2025, 2, 4))), AS_OF)
    assert explain(short) == (
        "The public comment period from 03.02.2025 had 2 working days before the plan was "
        "adopted on 10.03.2025. At least 15 working days are required."
    )


def test_obligations_of_the_plan_rules():
    assert obligation("R12") == "It has a current action plan"
    assert obligation("R17") == "It reports upward"
    for rule in ("R12", "R13", "R14", "R15", "R17"):
        assert obligation(rule) != rule


# -- Properties ---------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))
OPTIONAL_DAY = st.none() | DAYS
ITEM_STATUSES = st.sampled_from(["not_started", "in_progress", "done", "cancelled"])


@st.composite
def plan_histories(draw):
    years = draw(st.sets(st.integers(2022, 2026), max_size=3))
    plans = []
    for year in sorted(years):
        items = draw(
            st.lists(
                st.builds(
                    ItemFacts,
                    deadline=OPTIONAL_DAY,
                    statuses=st.lists(st.tuples(DAYS, ITEM_STATUSES), max_size=3).map(tuple),
                ),
                max_size=6,
            )
        )
        plans.append(
            PlanFacts(
                year,
                adopted_on=draw(OPTIONAL_DAY),
                comment_starts_on=draw(OPTIONAL_DAY),
                comment_ends_on=draw(OPTIONAL_DAY),
                report_published_on=draw(OPTIONAL_DAY),
                forwarded_on=draw(OPTIONAL_DAY),
                items=tuple(items),
            )
        )
    reports = draw(
        st.lists(
            st.builds(
                ReportFacts,
                kind=st.sampled_from(["midyear", "annual"]),
                year=st.integers(2021, 2026),
                submitted_on=OPTIONAL_DAY,
            ),
            max_size=4,
        )
    )
    holidays = draw(st.frozensets(DAYS, max_size=10))
    return council(
        *plans,
        reports=reports,
        holidays=holidays,
        constituted_on=draw(st.none() | st.dates(date(2021, 1, 1), date(2026, 6, 30))),
    )


def later(day: date | None, as_of: date) -> date | None:
    """`day` moved 100 days later if it lies after `as_of`."""
    return day + timedelta(days=100) if day is not None and day > as_of else day


def postponed(facts: CouncilFacts, as_of: date) -> CouncilFacts:
    """Every date after `as_of` moved further away: nothing on or before `as_of` changes."""
    plans = tuple(
        dataclasses.replace(
            plan,
            adopted_on=later(plan.adopted_on, as_of),
            comment_starts_on=later(plan.comment_starts_on, as_of),
            comment_ends_on=later(plan.comment_ends_on, as_of),
            report_published_on=later(plan.report_published_on, as_of),
            forwarded_on=later(plan.forwarded_on, as_of),
            items=tuple(
                ItemFacts(
                    later(item.deadline, as_of),
                    tuple((later(day, as_of), status) for day, status in item.statuses),
                )
                for item in plan.items
            ),
        )
        for plan in facts.plans
    )
    reports = tuple(
        dataclasses.replace(report, submitted_on=later(report.submitted_on, as_of))
        for report in facts.reports
    )
    return dataclasses.replace(facts, plans=plans, reports=reports)


@settings(max_examples=200, deadline=None)
@given(facts=plan_histories(), as_of=DAYS)
def test_what_happens_after_as_of_changes_nothing(facts, as_of):
    assert evaluate_plans(postponed(facts, as_of), as_of) == evaluate_plans(facts, as_of)


@settings(max_examples=200, deadline=None)
@given(facts=plan_histories(), as_of=DAYS, data=st.data())
def test_findings_do_not_depend_on_order_and_always_explain(facts, as_of, data):
    shuffled = dataclasses.replace(
        facts,
        plans=tuple(data.draw(st.permutations(facts.plans))),
        reports=tuple(data.draw(st.permutations(facts.reports))),
    )
    findings = evaluate_plans(facts, as_of)
    assert evaluate_plans(shuffled, as_of) == findings
    for finding in findings:
        assert finding.reason in REASONS[finding.rule]
        sentence = explain(finding)
        assert sentence != finding.reason
        assert "%(" not in sentence
