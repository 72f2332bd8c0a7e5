"""The holiday table: its pre-fill from the holidays library, and the administrators' pages."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.dates import today
from safety.plans.holiday_prefill import YEARS, holiday_kind, prefill_holidays
from safety.plans.models import Holiday, HolidayKind

# Rows a year gets: one per holiday, so a day holding two (both Easters in 2014) gives two.
ROWS_PER_YEAR = {
    2013: 15, 2014: 15, 2015: 15, 2016: 19, 2017: 18, 2018: 16, 2019: 16, 2020: 16,
    2021: 18, 2022: 20, 2023: 17, 2024: 17, 2025: 15, 2026: 15, 2027: 19, 2028: 18,
    2029: 16, 2030: 16, 2031: 14, 2032: 17, 2033: 21, 2034: 17, 2035: 18,
}  # fmt: skip


def rows(session, year: int) -> list[Holiday]:
    return list(
        session.scalars(
            select(Holiday)
            .where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(Holiday.day, Holiday.id)
        )
    )


def test_the_prefill_covers_2013_to_2035(app, session):
    added = prefill_holidays(session)
    session.commit()
    assert added == sum(ROWS_PER_YEAR.values()) == 388
    years = Counter(day.year for day in session.scalars(select(Holiday.day)))
    assert dict(years) == ROWS_PER_YEAR
    assert list(YEARS) == list(range(2013, 2036))


def test_a_year_has_its_fixed_dates_easters_eids_and_substitute_days(app, session):
    prefill_holidays(session, years=[2027])
    session.commit()
    found = {(h.day, h.kind, h.to_confirm) for h in rows(session, 2027)}
    assert found == {
        (date(2027, 1, 1), HolidayKind.FIXED, False),
        (date(2027, 1, 2), HolidayKind.FIXED, False),
        (date(2027, 1, 4), HolidayKind.SUBSTITUTE, False),
        (date(2027, 1, 7), HolidayKind.FIXED, False),
        (date(2027, 2, 17), HolidayKind.FIXED, False),
        (date(2027, 3, 9), HolidayKind.EID, True),
        (date(2027, 3, 28), HolidayKind.CATHOLIC_EASTER, False),
        (date(2027, 3, 29), HolidayKind.CATHOLIC_EASTER, False),
        (date(2027, 4, 9), HolidayKind.FIXED, False),
        (date(2027, 5, 1), HolidayKind.FIXED, False),
        (date(2027, 5, 2), HolidayKind.ORTHODOX_EASTER, False),
        (date(2027, 5, 3), HolidayKind.SUBSTITUTE, False),
        # Orthodox Easter's Monday off moves to Tuesday: Monday is Labour Day's substitute.
        (date(2027, 5, 4), HolidayKind.ORTHODOX_EASTER, False),
        (date(2027, 5, 9), HolidayKind.FIXED, False),
        (date(2027, 5, 10), HolidayKind.SUBSTITUTE, False),
        (date(2027, 5, 16), HolidayKind.EID, True),
        # The substitute of an estimated Eid is as uncertain as the Eid.
        (date(2027, 5, 17), HolidayKind.SUBSTITUTE, True),
        (date(2027, 12, 25), HolidayKind.FIXED, False),
        (date(2027, 12, 27), HolidayKind.SUBSTITUTE, False),
    }


def test_names_come_in_three_languages(app, session):
    prefill_holidays(session, years=[2026])
    session.commit()
    by_day = {h.day: h for h in rows(session, 2026)}
    europe = by_day[date(2026, 5, 11)]
    assert europe.kind == HolidayKind.SUBSTITUTE
    assert (europe.name_en, europe.name_sq, europe.name_sr) == (
        "Europe Day (observed)",
        "Dita e Evropës (ditë pushimi e shtyrë)",
        "Dan Evrope (slobodan dan)",
    )
    assert by_day[date(2026, 1, 7)].name("sr") == "Pravoslavni Božić"
    assert by_day[date(2026, 1, 7)].name("sq") == "Krishtlindjet Ortodokse"
    assert by_day[date(2026, 1, 7)].name("en") == "Orthodox Christmas Day"
    assert by_day[date(2026, 4, 6)].kind == HolidayKind.CATHOLIC_EASTER
    assert by_day[date(2026, 4, 13)].kind == HolidayKind.ORTHODOX_EASTER


def test_every_eid_is_marked_to_confirm_and_nothing_else_is(app, session):
    prefill_holidays(session)
    session.commit()
    for holiday in session.scalars(select(Holiday)):
        is_eid = "Eid" in holiday.name_en
        assert holiday.to_confirm == is_eid, holiday.name_en
        assert ("estimated" in holiday.name_en) == is_eid
    eids = session.scalar(select(func.count()).where(Holiday.kind == HolidayKind.EID))
    # Two a year, and Eid al-Fitr twice in 2033 (the lunar year is shorter).
    assert eids == 47


def test_a_day_with_two_holidays_gets_a_row_for_each(app, session):
    prefill_holidays(session, years=[2014])
    session.commit()
    easter_monday = [h for h in rows(session, 2014) if h.day == date(2014, 4, 21)]
    assert sorted(h.kind for h in easter_monday) == [
        HolidayKind.CATHOLIC_EASTER,
        HolidayKind.ORTHODOX_EASTER,
    ]
    assert sorted(h.name_sq for h in easter_monday) == [
        "Pashkët Katolike (ditë pushimi e shtyrë)",
        "Pashkët Ortodokse (ditë pushimi e shtyrë)",
    ]


def test_the_prefill_is_idempotent_and_keeps_an_administrators_changes(app, session):
    prefill_holidays(session)
    session.commit()
    eid = next(h for h in rows(session, 2026) if h.kind == HolidayKind.EID)
    # The administrator confirms the Eid a day later and removes a substitute day.
    eid.day = date(2026, 3, 21)
    eid.to_confirm = False
    substitute = next(h for h in rows(session, 2026) if h.day == date(2026, 5, 11))
    session.delete(substitute)
    session.commit()
    assert prefill_holidays(session) == 0
    session.commit()
    days = [h.day for h in rows(session, 2026)]
    assert date(2026, 3, 20) not in days
    assert date(2026, 3, 21) in days
    assert date(2026, 5, 11) not in days
    assert len(days) == ROWS_PER_YEAR[2026] - 1


def test_a_year_without_rows_is_filled_again(app, session):
    prefill_holidays(session, years=[2030, 2031])
    session.commit()
    for holiday in rows(session, 2031):
        session.delete(holiday)
    session.commit()
    assert prefill_holidays(session, years=[2030, 2031]) == ROWS_PER_YEAR[2031]


def test_kinds_from_the_librarys_names():
    assert holiday_kind("Catholic Easter (observed)") == HolidayKind.CATHOLIC_EASTER
    assert holiday_kind("Orthodox Easter") == HolidayKind.ORTHODOX_EASTER
    assert holiday_kind("Europe Day (observed)") == HolidayKind.SUBSTITUTE
    assert holiday_kind("Eid al-Adha (observed, estimated)") == HolidayKind.SUBSTITUTE
    assert holiday_kind("Eid al-Fitr (estimated)") == HolidayKind.EID
    assert holiday_kind("Orthodox Christmas Day") == HolidayKind.FIXED


def test_the_seed_command_prefills_once(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "Public holidays: 388 added." in first.output
    second = runner.invoke(args=["seed"])
    assert "Public holidays: 0 added." in second.output
    assert session.scalar(select(func.count(Holiday.id))) == 388


# The administrators' pages ------------------------------------------------------------------


@pytest.fixture
def admin_client(login, users):
    client = login(users["admin"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def holiday_form(**overrides):
    values = {
        "day": "2026-11-28",
        "name_sq": "Dita e Flamurit",
        "name_sr": "Dan zastave",
        "name_en": "Flag Day",
        "kind": "other",
    }
    values.update(overrides)
    return values


def all_holidays(session) -> list[tuple]:
    session.expire_all()
    return [tuple(row) for row in session.execute(select(Holiday.__table__))]


def test_the_list_shows_one_year(admin_client, session):
    prefill_holidays(session, years=[2026, 2027])
    session.commit()
    page = admin_client.get("/admin/holidays?year=2027")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "19 holidays in 2027" in text
    assert "04.01.2027" in text
    assert "Substitute day for a holiday on a weekend" in text
    assert "To confirm" in text
    assert "2026" not in text.split("<tbody>")[1]


def test_the_list_opens_on_this_year_and_shows_names_in_the_readers_language(login, users, session):
    prefill_holidays(session, years=[today().year])
    session.commit()
    client = login(users["admin"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sr"
    text = client.get("/admin/holidays").get_data(as_text=True)
    assert "Nova godina" in text
    assert "New Year" not in text


def test_an_unknown_year_is_refused_and_this_year_shown(admin_client):
    response = admin_client.get("/admin/holidays?year=1850")
    assert response.status_code == 400
    assert f"in {today().year}" in response.get_data(as_text=True)


def test_adding_a_holiday_is_audited(admin_client, users, session):
    response = admin_client.post("/admin/holidays/new", data=holiday_form(to_confirm="y"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/holidays?year=2026"
    holiday = session.scalars(select(Holiday)).one()
    assert (holiday.day, holiday.name_sr, holiday.kind, holiday.to_confirm) == (
        date(2026, 11, 28),
        "Dan zastave",
        HolidayKind.OTHER,
        True,
    )
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "holidays", AuditEvent.action == AuditAction.CREATE
        )
    ).one()
    assert (audit.entity_id, audit.actor_id) == (holiday.id, users["admin"].id)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day": ""}, "This field is required."),
        ({"day": "2026-02-30"}, "Not a valid date value."),
        ({"name_sr": "   "}, "This field is required."),
        ({"name_en": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"kind": "bank_holiday"}, "Not a valid choice."),
    ],
)
def test_a_bad_holiday_is_refused(admin_client, session, overrides, message):
    response = admin_client.post("/admin/holidays/new", data=holiday_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert all_holidays(session) == []


def test_confirming_an_eid_and_deleting_a_day(admin_client, session):
    prefill_holidays(session, years=[2026])
    session.commit()
    eid = session.scalars(select(Holiday).where(Holiday.kind == HolidayKind.EID)).first()
    form = admin_client.get(f"/admin/holidays/{eid.id}/edit").get_data(as_text=True)
    assert eid.name_en in form
    response = admin_client.post(
        f"/admin/holidays/{eid.id}/edit",
        data=holiday_form(
            day="2026-03-21",
            name_sq="Bajrami i Madh",
            name_sr="Ramazanski Bajram",
            name_en="Eid al-Fitr",
            kind="eid",
        ),
    )
    assert response.status_code == 302
    session.refresh(eid)
    assert (eid.day, eid.to_confirm, eid.name_en) == (date(2026, 3, 21), False, "Eid al-Fitr")
    before = len(all_holidays(session))
    eid_id = eid.id
    deleted = admin_client.post(f"/admin/holidays/{eid_id}/delete")
    assert deleted.status_code == 302
    assert len(all_holidays(session)) == before - 1
    assert admin_client.get(f"/admin/holidays/{eid_id}/edit").status_code == 404
    assert admin_client.post(f"/admin/holidays/{eid_id}/delete").status_code == 404


def test_a_bad_edit_saves_nothing(admin_client, session):
    prefill_holidays(session, years=[2026])
    session.commit()
    holiday = session.scalars(select(Holiday)).first()
    before = all_holidays(session)
    response = admin_client.post(
        f"/admin/holidays/{holiday.id}/edit", data=holiday_form(name_sq="")
    )
    assert response.status_code == 400
    assert all_holidays(session) == before


@pytest.mark.parametrize("role", ["ministry", "secretary_a", "cso"])
def test_only_administrators_keep_the_table(login, users, session, role):
    prefill_holidays(session, years=[2026])
    session.commit()
    holiday = session.scalars(select(Holiday)).first()
    before = all_holidays(session)
    client = login(users[role])
    assert client.get("/admin/holidays").status_code == 403
    assert client.post("/admin/holidays/new", data=holiday_form()).status_code == 403
    assert client.post(f"/admin/holidays/{holiday.id}/delete").status_code == 403
    assert all_holidays(session) == before


def test_the_list_runs_the_same_queries_for_any_number_of_holidays(
    admin_client, session, count_queries
):
    def count(year: int) -> int:
        with count_queries() as counter:
            assert admin_client.get(f"/admin/holidays?year={year}").status_code == 200
        return counter.count

    prefill_holidays(session, years=[2031, 2033])
    session.commit()
    assert count(2031) == count(2033)
