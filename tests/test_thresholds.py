"""Thresholds: the catalogue, values in force on a date, findings that record them, and the
settings pages where the ministry reads them and administrators change them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.compliance.evaluation import evaluate_council
from safety.compliance.models import ThresholdChange
from safety.compliance.rules import DEFAULT_THRESHOLDS, Status
from safety.compliance.services import SettingsError, change_threshold
from safety.compliance.threshold_catalogue import CATALOGUE, InvalidValueError, Kind, by_rule
from safety.compliance.thresholds import ThresholdHistory, threshold_history
from safety.concerns.answer_days import answer_days
from safety.consultations.models import MeetingStatus
from safety.councils.models import CouncilDecision, DecisionKind
from safety.dates import format_date, today
from tests.conftest import assert_no_duplicated_queries

EN = {"Accept-Language": "en"}
DAY = date(2026, 3, 10)


# -- The catalogue ---------------------------------------------------------------------------


def test_the_catalogue_covers_exactly_the_rules_thresholds():
    assert set(CATALOGUE) == set(DEFAULT_THRESHOLDS)
    assert len(CATALOGUE) == 26
    assert sorted(name for _, entries in by_rule() for name in (e.name for e in entries)) == sorted(
        DEFAULT_THRESHOLDS
    )


def test_each_entry_names_its_rule_and_accepts_its_default(app):
    with app.test_request_context(headers=EN):
        for name, threshold in CATALOGUE.items():
            assert name.startswith(threshold.rule.lower() + "_"), name
            assert threshold.check(threshold.default) == threshold.default, name
            assert str(threshold.meaning).endswith("."), name
            assert str(threshold.source), name
            # The type the rule reads: "MM-DD" text for calendar days, whole numbers otherwise.
            expected = str if threshold.kind == Kind.MONTH_DAY else int
            assert type(threshold.default) is expected, name


def test_parsing_keeps_the_type_the_rule_reads(app):
    with app.test_request_context(headers=EN):
        assert CATALOGUE["r06_breach_days"].parse(" 120 ") == 120
        assert CATALOGUE["r12_plan_due"].parse("04-30") == "04-30"
        assert CATALOGUE["r11_women_share"].parse("0") == 0


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("r06_breach_days", "abc", "Enter a whole number"),
        ("r06_breach_days", "-5", "Enter a whole number"),
        ("r06_breach_days", "12.5", "Enter a whole number"),
        ("r06_breach_days", "0", "from 1 to 730"),
        ("r06_breach_days", "731", "from 1 to 730"),
        ("r11_women_share", "101", "from 0 to 100"),
        ("r04_youth_age", "12", "from 18 to 40"),
        ("r12_plan_due", "3-31", "month-day"),
        ("r12_plan_due", "02-30", "exists in every year"),
        ("r12_plan_due", "13-01", "exists in every year"),
        ("r17_annual_due", "02-29", "29 February"),
        ("r09_midyear", "", "month-day"),
    ],
)
def test_values_no_rule_can_use_are_refused_with_a_reason(app, name, raw, message):
    with app.test_request_context(headers=EN), pytest.raises(InvalidValueError, match=message):
        CATALOGUE[name].parse(raw)


def test_check_refuses_the_wrong_json_type(app):
    with app.test_request_context(headers=EN):
        for bad in (True, "90", 90.5, None):
            with pytest.raises(InvalidValueError):
                CATALOGUE["r06_breach_days"].check(bad)
        with pytest.raises(InvalidValueError):
            CATALOGUE["r12_plan_due"].check(331)


def test_values_are_shown_in_words(app):
    with app.test_request_context(headers=EN):
        assert CATALOGUE["r06_breach_days"].format(90) == "90 days"
        assert CATALOGUE["r06_breach_days"].format(1) == "1 day"
        assert CATALOGUE["r13_min_working_days"].format(15) == "15 working days"
        assert CATALOGUE["r11_women_share"].format(30) == "30%"
        assert CATALOGUE["r12_plan_due"].format("03-31") == "31 March"
        assert CATALOGUE["r06_min_meetings"].format(4) == "4"


# -- Values in force on a date ---------------------------------------------------------------


def test_history_before_on_and_after_an_effective_date():
    history = ThresholdHistory(((DAY, 1, "r06_breach_days", 120),))
    assert history.on(DAY - timedelta(days=1))["r06_breach_days"] == 90
    assert history.on(DAY)["r06_breach_days"] == 120
    assert history.on(DAY + timedelta(days=1))["r06_breach_days"] == 120
    # Other thresholds keep their defaults.
    assert history.on(DAY)["r06_warning_days"] == 31


def test_two_changes_on_the_same_day_the_later_one_wins(session, make_threshold_change):
    make_threshold_change("r06_breach_days", 120, DAY)
    make_threshold_change("r06_breach_days", 100, DAY)
    make_threshold_change("r06_breach_days", 150, DAY + timedelta(days=30))
    session.commit()
    history = threshold_history(session)
    assert history.on(DAY - timedelta(days=1))["r06_breach_days"] == 90
    assert history.on(DAY)["r06_breach_days"] == 100
    assert history.on(DAY + timedelta(days=29))["r06_breach_days"] == 100
    assert history.on(DAY + timedelta(days=30))["r06_breach_days"] == 150


def test_a_finding_records_the_values_in_force_and_flips_on_the_effective_date(
    session, council_a, make_meeting, make_threshold_change
):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-002/20",
            decided_on=date(2020, 1, 15),
        )
    )
    for month in (1, 2, 3, 4):
        make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, month, 10))
    # 92 days after the last meeting: a breach under the default 90, not under 120.
    effective = date(2025, 4, 10) + timedelta(days=92)
    make_threshold_change("r06_breach_days", 120, effective)
    session.commit()

    def r06(day: date):
        found = evaluate_council(session, council_a.id, day)
        assert found is not None
        return found.finding("R06")

    before, on, after = (r06(effective + timedelta(days=shift)) for shift in (-1, 0, 1))
    assert (before.status, before.details["days"]) == (Status.BREACH, 91)
    used = {"r06_warning_days": 31, "r06_breach_days": 90, "r06_min_meetings": 4}
    assert before.thresholds == used
    assert (on.status, on.details["days"]) == (Status.WARNING, 92)
    assert on.thresholds == {**used, "r06_breach_days": 120}
    assert (after.status, after.thresholds) == (Status.WARNING, on.thresholds)
    assert r06(date(2025, 4, 10) + timedelta(days=121)).status == Status.BREACH


# -- The change service ----------------------------------------------------------------------


def test_the_service_writes_one_change_and_one_audit_row_with_the_reason(session, users):
    admin = users["admin"]
    change = change_threshold(
        session, admin, "r06_breach_days", 120, today(), "Agreed by the steering group."
    )
    session.commit()
    stored = session.get(ThresholdChange, change.id)
    assert (stored.name, stored.value, stored.effective_from, stored.changed_by_id) == (
        "r06_breach_days",
        120,
        today(),
        admin.id,
    )
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "threshold_changes")
    ).all()
    assert [(event.action, event.entity_id) for event in events] == [
        (AuditAction.CREATE, change.id)
    ]
    assert events[0].changes["reason"] == "Agreed by the steering group."
    assert events[0].changes["value"] == 120


@pytest.mark.parametrize(
    ("name", "value", "shift", "reason", "message"),
    [
        ("r99_unknown", 1, 0, "Why", "no threshold named"),
        ("r06_breach_days", "abc", 0, "Why", "whole number"),
        ("r06_breach_days", 120, -1, "Why", "never earlier"),
        ("r06_breach_days", 120, 0, "   ", "reason"),
        # 100 days to warn would come after the breach at 90.
        ("r06_warning_days", 100, 0, "Why", "cannot be above"),
    ],
)
def test_the_service_refuses_what_no_rule_can_use(
    app, session, name, value, shift, reason, message
):
    with app.test_request_context(headers=EN), pytest.raises(SettingsError, match=message):
        change_threshold(session, None, name, value, today() + timedelta(days=shift), reason)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(ThresholdChange)) == 0


def test_the_order_check_reads_the_values_in_force_on_the_effective_date(
    app, session, make_threshold_change
):
    later = today() + timedelta(days=60)
    make_threshold_change("r06_breach_days", 200, later)
    session.commit()
    with app.test_request_context(headers=EN):
        with pytest.raises(SettingsError):
            change_threshold(session, None, "r06_warning_days", 100, today(), "Why")
        session.rollback()
        change_threshold(session, None, "r06_warning_days", 100, later, "Why")


# -- The pages --------------------------------------------------------------------------------


def test_the_page_shows_values_in_force_defaults_scheduled_changes_and_history(
    session, login, users, make_threshold_change
):
    past = make_threshold_change(
        "r05_warning_days", 90, date(2024, 1, 1), reason="Terms need earlier notice."
    )
    past.changed_by_id = users["admin"].id
    make_threshold_change(
        "r13_min_working_days",
        20,
        today() + timedelta(days=40),
        reason="Align with the new consultation standard.",
    )
    session.commit()
    response = login(users["ministry"]).get("/admin/thresholds", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in DEFAULT_THRESHOLDS:
        assert f'id="{name}"' in html
    section = html.split('id="r05_warning_days"')[1].split("</article>")[0]
    assert "<strong>90 days</strong>" in section
    assert "60 days" in section  # the default
    assert "Terms need earlier notice." in section
    assert users["admin"].full_name in section
    assert "Revised Administrative Instruction" in section
    scheduled = html.split('id="r13_min_working_days"')[1].split("</article>")[0]
    assert "<strong>15 working days</strong>" in scheduled
    assert "Scheduled changes" in scheduled
    assert "20 working days from" in scheduled
    # The ministry reads; only administrators are offered the change.
    assert "/admin/thresholds/r05_warning_days" not in html
    admin_html = login(users["admin"]).get("/admin/thresholds", headers=EN).get_data(as_text=True)
    assert "/admin/thresholds/r05_warning_days" in admin_html


def test_the_page_costs_the_same_queries_whatever_the_history(
    session, login, users, make_threshold_change, count_queries
):
    client = login(users["admin"])

    def count() -> list[str]:
        with count_queries() as counter:
            assert client.get("/admin/thresholds", headers=EN).status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.statements

    few = count()
    for offset, name in enumerate(("r06_breach_days", "r16_breach_days", "r12_plan_due")):
        value = "04-30" if name == "r12_plan_due" else 100 + offset
        change = make_threshold_change(name, value, date(2025, 1, 1) + timedelta(days=offset))
        change.changed_by_id = users["admin"].id
    session.commit()
    many = count()
    # The signed-in user and the changes with who made them.
    assert len(few) == len(many) == 2


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "value": "120",
        "effective_from": today().isoformat(),
        "reason": "The steering group agreed to a longer limit.",
    }
    values.update(overrides)
    return values


def test_an_administrator_changes_a_threshold_from_a_later_date(session, login, users):
    client = login(users["admin"])
    page = client.get("/admin/thresholds/r06_breach_days", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in html  # today by default
    assert "A whole number from 1 to 730." in html
    later = today() + timedelta(days=10)
    response = client.post(
        "/admin/thresholds/r06_breach_days",
        data=_form(effective_from=later.isoformat()),
        headers=EN,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/thresholds#r06_breach_days")
    change = session.scalars(select(ThresholdChange)).one()
    assert (change.name, change.value, change.effective_from, change.changed_by_id) == (
        "r06_breach_days",
        120,
        later,
        users["admin"].id,
    )
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "threshold_changes")
    ).one()
    assert (event.actor_id, event.changes["reason"]) == (
        users["admin"].id,
        "The steering group agreed to a longer limit.",
    )
    listing = client.get("/admin/thresholds", headers=EN).get_data(as_text=True)
    assert "r06_breach_days will be 120 days from" in listing  # the flash
    section = listing.split('id="r06_breach_days"')[1].split("</article>")[0]
    assert "<strong>90 days</strong>" in section  # not yet in force
    assert "120 days from" in section


def test_a_calendar_threshold_is_changed_as_month_day(session, login, users):
    response = login(users["admin"]).post(
        "/admin/thresholds/r12_plan_due", data=_form(value="04-30"), headers=EN
    )
    assert response.status_code == 302
    assert session.scalars(select(ThresholdChange.value)).one() == "04-30"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "abc"}, "Enter a whole number"),
        ({"value": "5000"}, "Enter a number from 1 to 730."),
        ({"value": ""}, "This field is required."),
        ({"effective_from": (date.today() - timedelta(days=2)).isoformat()}, "never earlier"),
        ({"effective_from": "31.12.2026"}, "Not a valid date value."),
        ({"reason": ""}, "This field is required."),
        ({"reason": "x" * 2001}, "2000"),
    ],
)
def test_a_bad_change_is_refused_with_a_message_and_saves_nothing(
    session, login, users, overrides, message
):
    response = login(users["admin"]).post(
        "/admin/thresholds/r06_breach_days", data=_form(**overrides), headers=EN
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ThresholdChange)) == 0
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "threshold_changes")
        )
        == 0
    )


def test_a_warning_above_its_breach_is_refused_on_the_form(session, login, users):
    response = login(users["admin"]).post(
        "/admin/thresholds/r06_warning_days", data=_form(value="100"), headers=EN
    )
    assert response.status_code == 400
    assert "cannot be above r06_breach_days" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ThresholdChange)) == 0


def test_an_unknown_threshold_is_not_found(login, users):
    client = login(users["admin"])
    assert client.get("/admin/thresholds/r99_nothing").status_code == 404
    assert client.post("/admin/thresholds/r99_nothing", data=_form()).status_code == 404


# -- The concern answer deadline reads R16's breach threshold in force ------------------------


def test_the_answer_deadline_is_r16s_breach_threshold_in_force(session, make_threshold_change):
    effective = date(2025, 6, 1)
    make_threshold_change("r16_breach_days", 21, effective)
    session.commit()
    assert answer_days(session, effective - timedelta(days=1)) == 30
    assert answer_days(session, effective) == 21


def test_the_concern_page_shows_the_deadline_of_the_threshold_in_force_today(
    session, login, users, council_a, make_concern, make_threshold_change, count_queries
):
    submitted = today() - timedelta(days=25)
    concern = make_concern(council_a, submitted_on=submitted)
    session.commit()
    client = login(users["secretary_a"])

    def page() -> str:
        response = client.get(f"/concerns/{concern.id}", headers=EN)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    page()  # compare repeated visits: a first visit reads one row fewer
    with count_queries() as counter:
        html = page()
    assert_no_duplicated_queries(counter.statements)
    queries = counter.statements
    due = format_date(submitted + timedelta(days=30))
    assert due in html
    assert "Answer overdue" not in html
    # From today on, 21 days: the same concern is overdue, its due date four days ago.
    make_threshold_change("r16_breach_days", 21, today())
    session.commit()
    with count_queries() as counter:
        html = page()
    assert len(counter.statements) == len(queries), set(counter.statements) ^ set(queries)
    assert format_date(submitted + timedelta(days=21)) in html
    assert "Answer overdue" in html
