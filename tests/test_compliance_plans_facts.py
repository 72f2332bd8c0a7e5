"""Plan, report and holiday facts read from the database in one statement, and the council
page's plan and report findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.compliance.facts import PlanRecords, plan_facts_by_council, plan_records
from safety.compliance.rules import ItemFacts, PlanFacts, ReportFacts
from safety.councils.models import CouncilDecision, DecisionKind
from safety.dates import today
from safety.plans.models import Holiday, HolidayKind, ItemStatus, PlanStatus, ReportKind
from tests.conftest import assert_no_duplicated_queries

ADOPTED = PlanStatus.ADOPTED


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def make_holiday(session):
    def factory(day: date) -> Holiday:
        holiday = Holiday(
            day=day, name_sq="Festë", name_sr="Praznik", name_en="Holiday", kind=HolidayKind.FIXED
        )
        session.add(holiday)
        session.commit()
        return holiday

    return factory


def test_a_plan_with_items_histories_reports_and_holidays(
    session, council_a, make_plan, make_item, make_report, make_holiday
):
    plan = make_plan(
        council_a,
        year=2024,
        status=PlanStatus.FORWARDED_TO_ASSEMBLY,
        comment_starts_on=date(2024, 1, 22),
        comment_ends_on=date(2024, 2, 9),
        adopted_on=date(2024, 2, 20),
        report_published_on=date(2024, 3, 28),
        forwarded_on=date(2024, 3, 12),
    )
    make_item(
        plan, deadline=date(2024, 3, 31), history=[(ItemStatus.DONE, date(2024, 3, 20), None)]
    )
    make_item(
        plan,
        deadline=date(2024, 4, 30),
        history=[
            (ItemStatus.IN_PROGRESS, date(2024, 3, 1), None),
            # Two changes on one day: the one recorded last wins.
            (ItemStatus.DONE, date(2024, 4, 2), None),
            (ItemStatus.IN_PROGRESS, date(2024, 4, 2), None),
        ],
    )
    make_item(plan, starts_on=None, deadline=None)
    make_plan(council_a, year=2025)  # a draft: no dates, no items
    make_report(council_a, kind=ReportKind.ANNUAL, year=2023, submitted_on=date(2024, 2, 15))
    make_report(council_a, kind=ReportKind.MIDYEAR, year=2024)
    # Inside the comment period; its last day; after it but before the adoption; outside.
    for day in (date(2024, 2, 1), date(2024, 2, 9), date(2024, 2, 19), date(2024, 1, 1)):
        make_holiday(day)
    session.expire_all()
    assert plan_records(session, council_a.id) == PlanRecords(
        plans=(
            PlanFacts(
                2024,
                adopted_on=date(2024, 2, 20),
                comment_starts_on=date(2024, 1, 22),
                comment_ends_on=date(2024, 2, 9),
                report_published_on=date(2024, 3, 28),
                forwarded_on=date(2024, 3, 12),
                items=(
                    ItemFacts(date(2024, 3, 31), ((date(2024, 3, 20), "done"),)),
                    ItemFacts(
                        date(2024, 4, 30),
                        (
                            (date(2024, 3, 1), "in_progress"),
                            (date(2024, 4, 2), "done"),
                            (date(2024, 4, 2), "in_progress"),
                        ),
                    ),
                    ItemFacts(None, ()),
                ),
            ),
            PlanFacts(2025),
        ),
        reports=(
            ReportFacts("annual", 2023, date(2024, 2, 15)),
            ReportFacts("midyear", 2024, None),
        ),
        holidays=frozenset({date(2024, 2, 1), date(2024, 2, 9)}),
    )


def test_holidays_up_to_the_adoption_of_each_councils_own_plans(
    session, council_a, council_b, make_plan, make_holiday
):
    # Council A adopted during its open-ended period; council B never adopted.
    make_plan(
        council_a,
        year=2025,
        status=ADOPTED,
        comment_starts_on=date(2025, 2, 3),
        adopted_on=date(2025, 2, 20),
    )
    make_plan(
        council_b,
        year=2025,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 3, 3),
    )
    for day in (date(2025, 2, 17), date(2025, 2, 20), date(2025, 2, 21)):
        make_holiday(day)
    facts = plan_facts_by_council(session, [council_a.id, council_b.id])
    assert facts[council_a.id].holidays == {date(2025, 2, 17), date(2025, 2, 20)}
    assert facts[council_b.id].holidays == frozenset()
    assert facts[council_b.id].plans[0].adopted_on is None


def test_a_council_without_plans_or_reports(session, council_a, council_b, make_plan):
    make_plan(council_b, year=2025)
    assert plan_facts_by_council(session, [council_a.id])[council_a.id] == PlanRecords()
    assert plan_facts_by_council(session, []) == {}


def test_one_statement_whatever_the_number_of_councils_plans_and_items(
    session,
    council_a,
    council_b,
    make_plan,
    make_item,
    make_report,
    make_holiday,
    count_queries,
):
    def add(council, year: int, items: int) -> None:
        plan = make_plan(
            council,
            year=year,
            status=ADOPTED,
            comment_starts_on=date(year, 2, 3),
            comment_ends_on=date(year, 2, 28),
            adopted_on=date(year, 3, 10),
        )
        for n in range(items):
            make_item(
                plan,
                history=[
                    (ItemStatus.IN_PROGRESS, date(year, 3, 1), None),
                    (ItemStatus.DONE, date(year, 3, 2 + n % 20), None),
                ],
            )
        make_report(council, kind=ReportKind.ANNUAL, year=year, submitted_on=date(year + 1, 1, 20))
        make_holiday(date(year, 2, 17))

    ids = [council_a.id, council_b.id]
    statements = []
    for year, items in ((2023, 1), (2024, 20)):
        add(council_a, year, items)
        add(council_b, year, items)
        session.expire_all()
        with count_queries() as counter:
            facts = plan_facts_by_council(session, ids)
        statements.append(counter.count)
    assert statements == [1, 1]
    for council_id in ids:
        records = facts[council_id]
        assert [plan.year for plan in records.plans] == [2023, 2024]
        assert [len(plan.items) for plan in records.plans] == [1, 20]
        assert all(len(item.statuses) == 2 for plan in records.plans for item in plan.items)
        assert len(records.reports) == 2
        assert records.holidays == {date(2023, 2, 17), date(2024, 2, 17)}


# -- The council page ----------------------------------------------------------------------


@pytest.fixture
def constituted_a(session, council_a):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=date(2023, 3, 15),
        )
    )
    session.commit()
    return council_a


def test_council_page_shows_the_plan_and_report_findings(
    client, constituted_a, make_plan, make_item
):
    day = today()
    adopted_on = day - timedelta(days=20)
    plan = make_plan(
        constituted_a,
        year=day.year,
        status=ADOPTED,
        comment_starts_on=adopted_on - timedelta(days=40),
        comment_ends_on=adopted_on - timedelta(days=5),
        adopted_on=adopted_on,
        report_published_on=adopted_on,
    )
    make_item(plan, starts_on=None, deadline=None)
    text = client.get(f"/councils/{constituted_a.id}").text
    assert f"Action plan and report obligations on {day:%d.%m.%Y}" in text
    for obligation in (
        "It has a current action plan",
        "The plan was consulted on",
        "The plan is forwarded",
        "The plan is carried out",
        "It reports upward",
    ):
        assert obligation in text
    assert f"The action plan for {day.year} was adopted on {adopted_on:%d.%m.%Y}." in text
    assert (
        f"The action plan for {day.year} was adopted on {adopted_on:%d.%m.%Y}, 20 days "
        "earlier, and has not been forwarded to the Municipal Assembly. That is more than 15 "
        "days."
    ) in text


def test_council_page_query_count_does_not_grow_with_plans(
    login, users, constituted_a, make_plan, make_item, make_report, count_queries
):
    def page_queries() -> int:
        client = login(users["secretary_a"])
        with count_queries() as counter:
            response = client.get(f"/councils/{constituted_a.id}")
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    year = today().year
    make_plan(constituted_a, year=year - 2)
    few = page_queries()
    for offset in (1, 0):
        plan = make_plan(
            constituted_a,
            year=year - offset,
            status=ADOPTED,
            comment_starts_on=date(year - offset, 1, 5),
            adopted_on=date(year - offset, 1, 30),
        )
        for _ in range(6):
            make_item(plan, history=[(ItemStatus.IN_PROGRESS, date(year - offset, 1, 30), None)])
        make_report(constituted_a, year=year - offset - 1, submitted_on=date(year - offset, 1, 20))
    assert page_queries() == few
