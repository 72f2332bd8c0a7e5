"""Demo plans: deterministic, consistent lifecycles, and every R12-R15/R17 status it allows.

The whole demo is built once for this module on its own app, holidays pre-filled as `flask
seed` does; the tests only read it, except the determinism test, which reruns the builder and
then rebuilds everything in place.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from safety.compliance.facts import council_facts, plan_facts_by_council
from safety.compliance.rules import PLAN_RULES
from safety.concerns.models import Concern, ConcernEvent, ConcernStatus
from safety.consultations.models import COUNCIL_MEETING_KINDS, Meeting, MeetingStatus
from safety.consultations.records import sanitise
from safety.councils.models import Community, Council, CouncilDecision, Municipality
from safety.db import Base
from safety.demo import create_demo_data
from safety.organisations.models import Organisation
from safety.plans.demo import PROFILES, Profile
from safety.plans.demo_texts import ITEMS, SQ, SR
from safety.plans.holiday_prefill import prefill_holidays
from safety.plans.models import (
    ActionPlan,
    ActivityReport,
    CommentResponse,
    ItemConcern,
    ItemStatus,
    PlanComment,
    PlanItem,
    PlanStatus,
    ReportKind,
)
from safety.plans.working_days import period_working_days
from tests.demo_build import Demo, build_demo, demo_app

ANCHOR = date(2026, 11, 23)
LAST_YEAR = (date(2025, 3, 31), date(2025, 7, 31), date(2025, 12, 31))
DAYS = (ANCHOR, *LAST_YEAR)
OK, WARNING, BREACH, NA = "ok", "warning", "breach", "not_applicable"
EVERY = {OK, WARNING, BREACH, NA}
# What each rule's definition allows on each checkpoint: R12 warns only up to 31 March and
# is late after it; R17 warns only in the 30 days before 31 January and 31 July.
ALLOWED = {
    (ANCHOR, "R12"): {OK, BREACH, NA},
    (ANCHOR, "R17"): {OK, BREACH, NA},
    (LAST_YEAR[0], "R12"): {OK, WARNING, NA},
    (LAST_YEAR[0], "R17"): {OK, BREACH, NA},
    (LAST_YEAR[1], "R12"): {OK, BREACH, NA},
    (LAST_YEAR[2], "R12"): {OK, BREACH, NA},
    (LAST_YEAR[2], "R17"): {OK, BREACH, NA},
}
TABLES = (
    "action_plans",
    "plan_events",
    "plan_items",
    "item_status_events",
    "progress_updates",
    "item_concerns",
    "plan_comments",
    "plan_versions",
    "activity_reports",
)


def _holidays(session: Session) -> None:
    """The holiday table the comment periods' working days are counted with."""
    prefill_holidays(session, range(2022, 2028))


def _build(app: Flask, session: Session) -> str:
    return build_demo(app, session, ANCHOR, _digest, _holidays)


@pytest.fixture(scope="module")
def demo(database_url: str) -> Iterator[Demo]:
    with demo_app(database_url, ANCHOR, _digest, _holidays) as built:
        yield built


def _digest(session: Session) -> str:
    """A hash of the plan tables, foreign keys replaced by the referenced row's position
    (PostgreSQL's sequences do not restart); other slices' rows count by position only."""
    positions: dict[str, dict[int, int]] = {}
    for name in ("councils", "organisations", "users", "meetings", "concerns"):
        table = Base.metadata.tables[name]
        ids = session.scalars(select(table.c.id).order_by(table.c.id)).all()
        positions[name] = {row_id: index for index, row_id in enumerate(ids)}
    digest = hashlib.sha256()
    for name in TABLES:
        table: Table = Base.metadata.tables[name]
        rows = session.execute(select(table).order_by(table.c.id)).mappings().all()
        positions[name] = {row["id"]: index for index, row in enumerate(rows)}
        for row in rows:
            values = []
            for column in table.columns:
                value = row[column.key]
                if column.key == "id":
                    continue
                for key in column.foreign_keys:
                    if value is not None:
                        target = key.column.table.name
                        value = (target, positions[target][value])
                if column.key == "snapshot":
                    # A snapshot names its items by id, like a foreign key.
                    document = json.loads(value)
                    for item in document["items"]:
                        item["id"] = positions["plan_items"][item["id"]]
                    value = document
                values.append((column.key, value))
            digest.update(repr(values).encode())
        digest.update(f"{name}:{len(rows)}".encode())
    return digest.hexdigest()


def _codes(session: Session) -> dict[int, str]:
    query = select(Council.id, Municipality.code).join(Council.municipality)
    return dict(session.execute(query).all())


def _serbian(session: Session) -> set[int]:
    """Councils of Serb-majority municipalities: their texts are in Serbian."""
    query = select(Council.id).join(Council.municipality)
    return set(session.scalars(query.where(Municipality.majority_community == Community.SERB)))


def _plans(session: Session) -> list[ActionPlan]:
    return list(
        session.scalars(
            select(ActionPlan)
            .options(
                selectinload(ActionPlan.events),
                selectinload(ActionPlan.items).selectinload(PlanItem.status_events),
                selectinload(ActionPlan.items).selectinload(PlanItem.progress_updates),
                selectinload(ActionPlan.items).selectinload(PlanItem.concern_links),
                selectinload(ActionPlan.comments),
                selectinload(ActionPlan.versions),
            )
            .order_by(ActionPlan.id)
        )
    )


def _findings(session: Session) -> dict[tuple[str, date, str], str]:
    """(municipality code, date, rule) -> status, through the real loader and rules."""
    councils = list(
        session.scalars(
            select(Council).options(
                joinedload(Council.municipality),
                selectinload(Council.members),
                selectinload(Council.decisions),
            )
        ).unique()
    )
    records = plan_facts_by_council(session, [council.id for council in councils])
    found = {}
    for council in councils:
        facts = council_facts(council, plans=records[council.id])
        for day in DAYS:
            for rule in PLAN_RULES:
                finding = rule(facts, day)
                found[council.municipality.code, day, finding.rule] = str(finding.status)
    return found


# -- Determinism and size -------------------------------------------------------------------


def test_two_builds_give_the_same_rows_and_a_rerun_adds_nothing(demo):
    session = demo.session
    count = session.scalar(select(func.count()).select_from(ActionPlan))
    create_demo_data(session, today=ANCHOR)
    session.commit()
    assert session.scalar(select(func.count()).select_from(ActionPlan)) == count
    assert _digest(session) == demo.digest
    assert _build(demo.app, session) == demo.digest


def test_plans_for_the_demo_years_except_where_councils_have_none(demo):
    session = demo.session
    codes = _codes(session)
    years: dict[str, set[int]] = defaultdict(set)
    for plan in _plans(session):
        years[codes[plan.council_id]].add(plan.year)
    demo_years = {2023, 2024, 2025, 2026}
    for code, profile in PROFILES.items():
        if profile == Profile.NONE:
            assert code not in years
        elif profile in (Profile.EXEMPLARY, Profile.STEADY, Profile.OVERDUE) and code != "28":
            assert years[code] == demo_years, code
    assert "12" not in years
    assert "38" not in years
    # Kaçanik was first constituted in this mandate: no plan before it.
    constituted = session.scalar(
        select(func.min(CouncilDecision.decided_on))
        .join(Council, Council.id == CouncilDecision.council_id)
        .join(Council.municipality)
        .where(Municipality.code == "28")
    )
    assert constituted is not None
    assert years["28"]
    assert min(years["28"]) >= constituted.year
    counts = {
        name: session.scalar(select(func.count()).select_from(Base.metadata.tables[name]))
        for name in TABLES
    }
    assert counts["action_plans"] > 110
    assert counts["plan_items"] > 1000
    assert counts["plan_comments"] > 200
    assert counts["item_concerns"] > 100
    assert counts["activity_reports"] > 150
    statuses = {plan.status for plan in _plans(session)}
    assert statuses == set(PlanStatus)


def test_nothing_before_the_constituting_date_nor_after_the_anchor(demo):
    session = demo.session
    constituted = {
        council.id: council.constituted_on
        for council in session.scalars(select(Council).options(selectinload(Council.decisions)))
    }
    for plan in _plans(session):
        first_day = constituted[plan.council_id]
        assert first_day is not None
        days = [event.changed_on for event in plan.events]
        days += [plan.created_at.date(), plan.updated_at.date()]
        days += [c.submitted_on for c in plan.comments]
        days += [c.responded_on for c in plan.comments if c.responded_on]
        days += [c.deleted_on for c in plan.comments if c.deleted_on]
        days += [version.created_at.date() for version in plan.versions]
        for item in plan.items:
            days += [event.changed_on for event in item.status_events]
            days += [update.reported_on for update in item.progress_updates]
        stated = (plan.adopted_on, plan.report_published_on, plan.forwarded_on)
        days += [day for day in stated if day is not None]
        assert all(first_day <= day <= ANCHOR for day in days), plan
    for report in session.scalars(select(ActivityReport)):
        midyear = report.kind == ReportKind.MIDYEAR
        period_end = date(report.year, 6, 30) if midyear else date(report.year, 12, 31)
        assert constituted[report.council_id] <= period_end < ANCHOR
        assert report.created_at.date() <= ANCHOR
        if report.submitted_on is not None:
            assert period_end < report.submitted_on <= ANCHOR


# -- Consistent lifecycles ------------------------------------------------------------------


def test_status_follows_dated_events_in_order(demo):
    order = list(PlanStatus)
    for plan in _plans(demo.session):
        statuses = [event.status for event in plan.events]
        days = [event.changed_on for event in plan.events]
        assert statuses[0] == PlanStatus.DRAFT
        assert days == sorted(days)
        assert statuses == sorted(statuses, key=order.index)
        assert plan.status == statuses[-1]
        dated = {event.status: event.changed_on for event in plan.events}
        assert dated.get(PlanStatus.ADOPTED) == plan.adopted_on
        assert dated.get(PlanStatus.FORWARDED_TO_ASSEMBLY) == plan.forwarded_on
        if plan.comment_starts_on is None:
            assert PlanStatus.OPEN_FOR_COMMENT not in dated
            assert plan.report_published_on is None
        else:
            assert dated[PlanStatus.OPEN_FOR_COMMENT] <= plan.comment_starts_on
            assert plan.comment_starts_on <= plan.comment_ends_on


def test_adopted_at_a_held_council_meeting_of_the_council_after_the_comment_period(demo):
    session = demo.session
    meetings = {meeting.id: meeting for meeting in session.scalars(select(Meeting))}
    adopted = 0
    for plan in _plans(session):
        if plan.adopted_on is None:
            assert plan.adopted_at_meeting_id is None
            assert plan.forwarded_on is None
            continue
        adopted += 1
        meeting = meetings[plan.adopted_at_meeting_id]
        assert meeting.council_id == plan.council_id
        assert meeting.kind in COUNCIL_MEETING_KINDS
        assert meeting.status == MeetingStatus.HELD
        assert meeting.held_on == plan.adopted_on
        if plan.comment_ends_on is not None:
            assert plan.comment_ends_on < plan.adopted_on
        if plan.report_published_on is not None:
            assert plan.report_published_on > plan.comment_ends_on
            assert plan.report_summary
        if plan.forwarded_on is not None:
            assert plan.forwarded_on >= plan.adopted_on
            assert plan.assembly_reference
        else:
            assert plan.assembly_reference is None
    assert adopted > 80


def test_comment_periods_mostly_long_enough_some_short(demo):
    session = demo.session
    lengths = [
        period_working_days(session, plan.comment_starts_on, plan.comment_ends_on)
        for plan in _plans(session)
        if plan.comment_starts_on is not None
    ]
    long_enough = sum(days >= 15 for days in lengths)
    assert long_enough > len(lengths) * 0.6
    assert long_enough < len(lengths)
    assert min(lengths) >= 5


def test_items_carry_dated_statuses_and_progress(demo):
    session = demo.session
    serbian = _serbian(session)
    activities = {
        language: {item.text(language).objective for item in ITEMS} for language in ("sq", "sr")
    }
    kinds: set[ItemStatus] = set()
    budgets = 0
    for plan in _plans(session):
        assert 5 <= len(plan.items) <= 15
        language = "sr" if plan.council_id in serbian else "sq"
        for position, item in enumerate(plan.items, start=1):
            assert item.position == position
            assert item.objective in activities[language]
            assert item.responsible_name
            if item.deadline is not None:
                assert item.starts_on <= item.deadline
            budgets += item.budget_eur is not None
            assert (item.budget_source is None) == (item.budget_eur is None)
            days = [event.changed_on for event in item.status_events]
            assert days == sorted(days)
            assert all(day >= date(plan.year - 1, 1, 1) for day in days)
            if plan.adopted_on is None:
                assert not item.status_events
                assert not item.progress_updates
            last = item.status_events[-1].status if item.status_events else ItemStatus.NOT_STARTED
            assert item.status == last
            kinds.add(item.status)
            for event in item.status_events:
                assert (event.status == ItemStatus.CANCELLED) == (event.reason is not None)
            updates = item.progress_updates
            assert [u.reported_on for u in updates] == sorted(u.reported_on for u in updates)
            assert item.progress == (updates[-1].progress if updates else 0)
            assert all(0 <= update.progress <= 100 for update in updates)
            if item.status == ItemStatus.DONE:
                assert item.progress == 100
    assert kinds == set(ItemStatus)
    assert budgets > 500


def test_items_answer_concerns_the_council_accepted_into_its_plan(demo):
    session = demo.session
    accepted = set(
        session.scalars(
            select(ConcernEvent.concern_id).where(
                ConcernEvent.status == ConcernStatus.ACCEPTED_INTO_PLAN
            )
        )
    )
    concerns = {concern.id: concern for concern in session.scalars(select(Concern))}
    categories = {template.sq.objective: template.category for template in ITEMS}
    categories |= {template.sr.objective: template.category for template in ITEMS}
    links = 0
    for plan in _plans(session):
        for item in plan.items:
            for link in item.concern_links:
                links += 1
                concern = concerns[link.concern_id]
                assert concern.id in accepted
                assert concern.council_id == plan.council_id
                assert concern.deleted_on is None
                assert concern.category == categories[item.objective]
    assert links == session.scalar(select(func.count()).select_from(ItemConcern))
    assert links > 100


def test_comments_inside_the_period_answered_after_it_with_reasons(demo):
    session = demo.session
    codes = _codes(session)
    verified = session.scalars(select(Organisation).order_by(Organisation.id)).first()
    assert verified is not None
    answered = by_organisation = on_items = 0
    responses: set[CommentResponse] = set()
    for plan in _plans(session):
        item_ids = {item.id for item in plan.items}
        for comment in plan.comments:
            assert plan.comment_starts_on <= comment.submitted_on <= plan.comment_ends_on
            assert comment.language in ("sq", "sr")
            if comment.item_id is not None:
                on_items += 1
                assert comment.item_id in item_ids
            if comment.organisation_id is not None:
                by_organisation += 1
                assert comment.organisation_id == verified.id
                assert codes[plan.council_id] in ("01", "07", "03")
                assert comment.author_id is not None
                assert comment.commenter_email is None
            else:
                assert comment.author_id is None
            if comment.deleted_on is not None:
                assert comment.response is None
                continue
            if plan.report_published_on is not None:
                # Publication waits for every answer.
                assert comment.response is not None
                assert comment.responded_on <= plan.report_published_on
            if comment.response is not None:
                answered += 1
                responses.add(comment.response)
                assert comment.responded_on > plan.comment_ends_on
                if comment.response != CommentResponse.ACCEPTED:
                    assert comment.response_reason
    assert answered > 200
    assert by_organisation > 3
    assert on_items > 50
    assert responses == set(CommentResponse)


def test_two_versions_per_plan_the_last_with_every_item(demo):
    references = dict(demo.session.execute(select(Concern.id, Concern.reference)).all())
    for plan in _plans(demo.session):
        assert [version.number for version in plan.versions] == [1, 2]
        first, last = (json.loads(version.snapshot) for version in plan.versions)
        assert first["title"] == last["title"] == plan.title
        assert [item["id"] for item in last["items"]] == [item.id for item in plan.items]
        assert 1 <= len(first["items"]) < len(last["items"])
        assert last["items"][0]["activity"] == plan.items[0].activity
        answered = {
            item.id: sorted(references[link.concern_id] for link in item.concern_links)
            for item in plan.items
        }
        assert {item["id"]: item["concerns"] for item in last["items"]} == answered
        assert plan.versions[0].created_at <= plan.versions[1].created_at


def test_reports_one_per_period_with_clean_text_in_the_council_language(demo):
    session = demo.session
    serbian = _serbian(session)
    seen = set()
    states = {"submitted": 0, "draft": 0}
    for report in session.scalars(select(ActivityReport)):
        key = (report.council_id, report.kind, report.year)
        assert key not in seen
        seen.add(key)
        assert sanitise(report.body) == report.body
        texts = SR if report.council_id in serbian else SQ
        title = texts.midyear_title if report.kind == ReportKind.MIDYEAR else texts.annual_title
        assert title.format(year=report.year) in report.body
        states["submitted" if report.submitted_on else "draft"] += 1
    assert states["submitted"] > 150
    assert states["draft"] > 5


# -- The rules ------------------------------------------------------------------------------


def test_every_status_the_rules_allow_appears_on_each_checkpoint(demo):
    found = _findings(demo.session)
    missing = []
    for day in DAYS:
        for rule in ("R12", "R13", "R14", "R15", "R17"):
            statuses = {
                status for (_, on, name), status in found.items() if (on, name) == (day, rule)
            }
            wanted = ALLOWED.get((day, rule), EVERY)
            assert statuses <= wanted, (day, rule, statuses)
            if statuses != wanted:
                missing.append((day, rule, sorted(wanted - statuses)))
    assert not missing


def test_exemplary_councils_are_good_throughout(demo):
    found = _findings(demo.session)
    for code, profile in PROFILES.items():
        if profile == Profile.EXEMPLARY:
            statuses = {
                found[code, day, rule]
                for day in DAYS
                for rule in ("R12", "R13", "R14", "R15", "R17")
            }
            assert statuses == {OK}, code


def test_profiles_show_their_failings_at_the_anchor(demo):
    found = _findings(demo.session)
    expected = [
        (code, rule, NA) for code in ("12", "38") for rule in ("R12", "R13", "R14", "R15", "R17")
    ]
    for code, profile in PROFILES.items():
        if profile == Profile.NONE:
            expected += [
                (code, "R12", BREACH),
                (code, "R13", NA),
                (code, "R14", NA),
                (code, "R15", NA),
            ]
        elif profile == Profile.UNFORWARDED:
            expected += [(code, "R13", BREACH), (code, "R14", BREACH)]
        elif profile == Profile.OVERDUE:
            expected.append((code, "R15", BREACH))
        elif profile == Profile.HURRIED:
            expected.append((code, "R13", WARNING))
        elif profile == Profile.STEADY and code != "28":
            expected.append((code, "R15", WARNING))
        elif profile == Profile.LAPSING:
            expected.append((code, "R12", BREACH))
    wrong = [
        (code, rule, found[code, ANCHOR, rule], status)
        for code, rule, status in expected
        if found[code, ANCHOR, rule] != status
    ]
    assert not wrong


def test_some_plans_adopted_late_never_forwarded_or_with_many_overdue_items(demo):
    session = demo.session
    plans = _plans(session)
    late = [plan for plan in plans if plan.adopted_on and plan.adopted_on > date(plan.year, 3, 31)]
    unforwarded = [plan for plan in plans if plan.adopted_on and plan.forwarded_on is None]
    overdue = [
        plan
        for plan in plans
        if plan.adopted_on
        and sum(
            item.deadline is not None
            and item.deadline < ANCHOR
            and item.status not in (ItemStatus.DONE, ItemStatus.CANCELLED)
            for item in plan.items
        )
        * 4
        > len(plan.items)
    ]
    assert len(late) > 15
    assert len(unforwarded) > 15
    assert len(overdue) > 8


# -- What the public sees -------------------------------------------------------------------


def test_public_pages_of_an_adopted_plan(demo):
    session = demo.session
    council = session.scalars(
        select(Council).join(Council.municipality).where(Municipality.code == "01")
    ).one()
    plan = session.scalars(
        select(ActionPlan).where(ActionPlan.council_id == council.id, ActionPlan.year == 2025)
    ).one()
    emails = session.scalars(
        select(PlanComment.commenter_email).where(PlanComment.commenter_email.is_not(None))
    ).all()
    names = set(
        session.scalars(
            select(PlanComment.commenter_name).where(
                PlanComment.plan_id == plan.id, PlanComment.commenter_name.is_not(None)
            )
        )
    )
    client = demo.app.test_client()
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    items = session.scalars(select(PlanItem).where(PlanItem.plan_id == plan.id)).all()
    # A bar per item that is not cancelled, and the plan's overall one.
    shown = [item for item in items if item.status != ItemStatus.CANCELLED]
    assert page.count("<progress") == len(shown) + 1
    assert f"/plans/{plan.id}/consultation-report" in page
    report = client.get(f"/plans/{plan.id}/consultation-report")
    assert report.status_code == 200
    for body in (page, report.get_data(as_text=True)):
        assert not any(email in body for email in emails)
        assert not any(name in body for name in names)
    council_page = client.get(f"/councils/{council.id}").get_data(as_text=True)
    assert f"/councils/{council.id}/plans/" in council_page
    assert f"/councils/{council.id}/reports/" in council_page
    submitted = session.scalars(
        select(ActivityReport.id).where(
            ActivityReport.council_id == council.id, ActivityReport.submitted_on.is_not(None)
        )
    ).first()
    assert client.get(f"/reports/{submitted}").status_code == 200
