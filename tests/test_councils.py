"""Councils area: list filters and search, detail privacy and composition, editing, 409s."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from safety.accounts.models import Role
from safety.audit.models import AuditAction, AuditEvent
from safety.councils.models import (
    Community,
    Council,
    CouncilDecision,
    DecisionKind,
    Gender,
    Member,
    MemberRole,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

SHOWN = re.compile(rb"(\d+) of 38 councils shown")
WITHHELD_NAME = "Withheld Vesna Petrovic"
WITHHELD_BIRTH_YEAR = 1963
NAMED_BIRTH_YEAR = 1971


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids) unless a test's user prefers another language."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def fresh(session, model, ident):
    """Read a row as the database holds it now (fixture objects are not expired on commit)."""
    session.expire_all()
    return session.get(model, ident)


def shown_count(response) -> int:
    match = SHOWN.search(response.data)
    assert match, response.data[:500]
    return int(match.group(1))


def listed_names(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/councils/\d+">([^<]+)</a>', response.text)


def member_form(**overrides) -> dict:
    values = {
        "full_name": "Arta Krasniqi",
        "role": "civil_society",
        "institution": "Women's Network",
        "community": "albanian",
        "gender": "female",
        "birth_year": "1999",
        "appointed_on": "2025-02-01",
        "term_ends_on": "2029-02-01",
        "left_on": "",
        "appointing_decision": "01-016/25-123",
        "is_publicly_named": "y",
        "version": "0",
    }
    values.update(overrides)
    return values


def council_form(council: Council, **overrides) -> dict:
    values = {
        "coordinator_name": "Besa Gashi",
        "coordinator_email": "besa.gashi@rks-gov.example",
        "coordinator_phone": "+383 38 123 456",
        "notes": "Meets in the assembly hall.",
        "version": str(council.version_id),
    }
    values.update(overrides)
    return values


# --- list -----------------------------------------------------------------------------


def test_index_lists_all_38_councils_publicly(client):
    response = client.get("/councils/")
    assert response.status_code == 200
    assert shown_count(response) == 38
    assert len(listed_names(response)) == 38
    assert "Prishtinë/Priština" in listed_names(response)
    assert "Not a valid choice" not in response.text
    assert shown_count(client.get("/councils/?q=&district=&osce_region=&majority=")) == 38


def test_index_shows_active_member_counts_and_constituted(client, session, council_a, make_member):
    make_member()
    make_member()
    make_member(left_on=date(2024, 6, 1))
    make_member(appointed_on=today() + timedelta(days=10))
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-123",
            decided_on=date(2024, 1, 10),
        )
    )
    session.commit()
    response = client.get("/councils/?q=Prishtin")
    row = response.text.split(f'href="/councils/{council_a.id}">')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[-2:] == ["Yes", "2"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("district=Prizren", {"Prizren", "Dragash/Dragaš", "Suharekë/Suva Reka"}),
        ("osce_region=Pejë/Peć", {"Pejë/Peć", "Gjakovë/Đakovica", "Junik"}),
        ("majority=turkish", {"Mamushë/Mamuša"}),
        ("majority=serb&district=Gjilan/Gnjilane", {"Kllokot/Klokot", "Partesh/Parteš"}),
    ],
)
def test_index_filters(client, query, expected):
    names = set(listed_names(client.get(f"/councils/?{query}")))
    assert expected <= names


def test_index_filter_counts(client):
    assert shown_count(client.get("/councils/?district=Prizren")) == 5
    assert shown_count(client.get("/councils/?majority=serb")) == 10
    assert shown_count(client.get("/councils/?majority=turkish")) == 1
    assert shown_count(client.get("/councils/?osce_region=Prizren&majority=albanian")) == 5


def test_index_ignores_unknown_filter_value(client):
    response = client.get("/councils/?district=Atlantis")
    assert response.status_code == 200
    assert shown_count(response) == 38
    assert "Not a valid choice" in response.text


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Gračanica", "Graçanicë/Gračanica"),  # Serbian name
        ("gracanica", "Graçanicë/Gračanica"),  # without accents
        ("GRAÇANICË", "Graçanicë/Gračanica"),  # Albanian, upper case
        ("Prishtine", "Prishtinë/Priština"),
        ("pristina", "Prishtinë/Priština"),
        ("Urosevac", "Ferizaj/Uroševac"),
        ("Gllogoc", "Drenas/Glogovac"),  # alias
        ("kastriot", "Obiliq/Obilić"),  # alias, lower case
        ("Mamuşa", "Mamushë/Mamuša"),  # Turkish name
        ("Djakovica", "Gjakovë/Đakovica"),
        ("Dakovica", "Gjakovë/Đakovica"),
    ],
)
def test_index_search_any_name(client, q, expected):
    names = listed_names(client.get("/councils/", query_string={"q": q}))
    assert expected in names


def test_index_search_without_match(client):
    response = client.get("/councils/?q=Beograd")
    assert shown_count(response) == 0
    assert "No council matches these filters." in response.text


def test_index_search_in_serbian_lists_serbian_names_first(login, make_user):
    reader = make_user(Role.MINISTRY, locale="sr")
    names = listed_names(login(reader).get("/councils/?q=Gracanica"))
    assert names == ["Gračanica/Graçanicë"]


def test_index_query_count_does_not_depend_on_members(
    login, users, council_a, council_b, make_member, count_queries
):
    def queries_for(client) -> int:
        with count_queries() as counter:
            assert client.get("/councils/").status_code == 200
        return counter.count

    anonymous, ministry = login(None), login(users["ministry"])
    for council in (council_a, council_b):
        make_member(council=council)
    few = (queries_for(anonymous), queries_for(ministry))
    for number in range(28):
        make_member(council=council_a if number % 2 else council_b)
    many = (queries_for(anonymous), queries_for(ministry))
    assert few == many
    assert many[0] <= 2


# --- detail ---------------------------------------------------------------------------


@pytest.fixture
def roster(make_member, council_a):
    """A named and a withheld active member, and a withheld former member, in council A."""
    return {
        "named": make_member(
            full_name="Named Arben Hoxha",
            role=MemberRole.CHAIR,
            gender=Gender.MALE,
            birth_year=NAMED_BIRTH_YEAR,
            appointing_decision="DEC-NAMED-1",
            is_publicly_named=True,
        ),
        "withheld": make_member(
            full_name=WITHHELD_NAME,
            role=MemberRole.COMMUNITY_REPRESENTATIVE,
            community=Community.SERB,
            birth_year=WITHHELD_BIRTH_YEAR,
            appointing_decision="DEC-WITHHELD-2",
            is_publicly_named=False,
        ),
        "former": make_member(
            full_name="Former Withheld Dritan",
            role=MemberRole.POLICE_COMMANDER,
            left_on=date(2025, 1, 31),
            is_publicly_named=False,
        ),
    }


def test_show_query_count_and_no_duplicates(login, users, council_a, roster, count_queries):
    # Read before counting: each request expires the test's objects, and reloading
    # council_a for its id is the test's query, not the page's.
    url = f"/councils/{council_a.id}"
    for user in (None, users["secretary_a"], users["ministry"]):
        client = login(user)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        # The user; the five of the compliance path (the council with its municipality,
        # members and decisions; meetings; concerns; plans, reports and holidays; thresholds);
        # this year's action plan with its overdue items (the secretary's home); the public
        # meetings section; for the council's own secretary, its open ministry reviews.
        assert counter.count <= (9 if user is users["secretary_a"] else 8)
        assert_no_duplicated_queries(counter.statements)


def test_show_unknown_council_is_404(client):
    assert client.get("/councils/999999").status_code == 404


@pytest.mark.parametrize("role", [None, "cso", "secretary_b"])
def test_show_hides_personal_data_from_public_and_other_councils(
    login, users, council_a, roster, role
):
    council_a_page = login(users[role] if role else None).get(f"/councils/{council_a.id}")
    text = council_a_page.text
    assert council_a_page.status_code == 200
    assert "Named Arben Hoxha" in text
    assert WITHHELD_NAME not in text
    assert "Former Withheld Dritan" not in text
    assert "Name withheld" in text
    for secret in (WITHHELD_BIRTH_YEAR, NAMED_BIRTH_YEAR, "DEC-NAMED-1", "DEC-WITHHELD-2"):
        assert str(secret) not in text
    assert "Year of birth" not in text


@pytest.mark.parametrize("role", ["secretary_a", "ministry", "admin"])
def test_show_reveals_personal_data_to_staff(login, users, council_a, roster, role):
    text = login(users[role]).get(f"/councils/{council_a.id}").text
    assert WITHHELD_NAME in text
    assert "Former Withheld Dritan" in text
    assert str(WITHHELD_BIRTH_YEAR) in text
    assert "DEC-WITHHELD-2" in text


def test_coordinator_contact_only_for_staff(login, users, session, council_a):
    council_a.coordinator_name = "Coordinator Lirie"
    council_a.coordinator_email = "lirie@example.org"
    session.commit()
    url = f"/councils/{council_a.id}"
    assert "lirie@example.org" not in login(None).get(url).text
    assert "lirie@example.org" not in login(users["cso"]).get(url).text
    assert "lirie@example.org" in login(users["secretary_a"]).get(url).text


def test_show_separates_former_members(login, users, council_a, roster):
    text = login(users["secretary_a"]).get(f"/councils/{council_a.id}").text
    active_part, former_part = text.split("<h2>Former members</h2>")
    assert WITHHELD_NAME in active_part
    assert "Former Withheld Dritan" in former_part
    assert "Former Withheld Dritan" not in active_part


def test_show_composition_figures_for_public(client, council_a, make_member):
    day = today()
    make_member(role=MemberRole.CHAIR, birth_year=day.year - 20, is_publicly_named=False)
    make_member(role=MemberRole.CIVIL_SOCIETY, gender=Gender.MALE, community=Community.SERB)
    text = client.get(f"/councils/{council_a.id}").text
    assert f"Composition on {day:%d.%m.%Y}" in text
    assert "<dt>Active members</dt><dd>2</dd>" in text
    assert "<dt>Women</dt><dd>1</dd>" in text
    assert "<dt>Youth (under 30)</dt><dd>1</dd>" in text
    assert "<dt>From non-majority communities</dt><dd>1</dd>" in text
    assert "Represented" in text
    assert "Missing" in text
    # The membership findings come from the pure rules: no police commander, so R03 fails.
    assert "No active member is the police station commander." in text
    assert "No constituting decision (number and date) is recorded." in text


# --- permissions ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "cso", "secretary_b", "ministry"])
def test_posts_refused_change_nothing(login, users, session, council_a, make_member, role):
    member = make_member()
    client = login(users[role] if role else None)
    expected = 302 if role is None else 403
    base = f"/councils/{council_a.id}"
    assert client.post(f"{base}/edit", data=council_form(council_a)).status_code == expected
    assert client.post(f"{base}/members/new", data=member_form()).status_code == expected
    edit_url = f"{base}/members/{member.id}/edit"
    assert client.post(edit_url, data=member_form(version="1")).status_code == expected
    assert fresh(session, Council, council_a.id).coordinator_name is None
    assert session.scalar(select(func.count(Member.id))) == 1
    assert fresh(session, Member, member.id).full_name == member.full_name


def test_member_of_another_council_is_404(login, users, council_a, council_b, make_member):
    member_a = make_member(council=council_a)
    client = login(users["secretary_b"])
    url = f"/councils/{council_b.id}/members/{member_a.id}/edit"
    assert client.get(url).status_code == 404
    assert client.post(url, data=member_form(version="1")).status_code == 404
    # Even the admin cannot reach a member through the wrong council's URL.
    assert login(users["admin"]).get(url).status_code == 404


def test_edit_buttons_follow_permissions(login, users, council_a, make_member):
    make_member()
    url = f"/councils/{council_a.id}"
    assert "Edit council details" in login(users["secretary_a"]).get(url).text
    assert "Record departure" in login(users["secretary_a"]).get(url).text
    for role in ("secretary_b", "ministry"):
        text = login(users[role]).get(url).text
        assert "Edit council details" not in text
        assert "Add a member" not in text


# --- editing the council --------------------------------------------------------------


def test_edit_council(login, users, session, council_a):
    client = login(users["secretary_a"])
    response = client.post(f"/councils/{council_a.id}/edit", data=council_form(council_a))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/councils/{council_a.id}")
    council = fresh(session, Council, council_a.id)
    assert council.coordinator_name == "Besa Gashi"
    assert council.coordinator_email == "besa.gashi@rks-gov.example"
    assert council.coordinator_phone == "+383 38 123 456"
    assert council.version_id == 2
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "councils", AuditEvent.action == AuditAction.UPDATE
        )
    ).all()
    assert len(events) == 1
    assert events[0].actor_id == users["secretary_a"].id


def test_edit_council_validation(login, users, session, council_a):
    client = login(users["admin"])
    response = client.post(
        f"/councils/{council_a.id}/edit",
        data=council_form(
            council_a, coordinator_email="not-an-address", coordinator_phone="call me maybe"
        ),
    )
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.text
    assert "Enter a telephone number such as +383 44 123 456 or 044 123 456." in response.text
    assert 'value="not-an-address"' in response.text
    assert fresh(session, Council, council_a.id).coordinator_name is None


def test_edit_council_without_version_is_400(login, users, session, council_a):
    data = council_form(council_a)
    del data["version"]
    response = login(users["admin"]).post(f"/councils/{council_a.id}/edit", data=data)
    assert response.status_code == 400
    assert fresh(session, Council, council_a.id).coordinator_name is None


def test_edit_council_stale_version_is_409(login, users, session, council_a):
    client = login(users["secretary_a"])
    opened = council_form(council_a, coordinator_name="Mine Person")
    council_a.coordinator_name = "Theirs Person"
    session.commit()
    response = client.post(f"/councils/{council_a.id}/edit", data=opened)
    assert response.status_code == 409
    assert "Theirs Person" in response.text  # the current value
    assert 'value="Mine Person"' in response.text  # the user's input, still in the form
    assert f'name="version" type="hidden" value="{council_a.version_id}"' in response.text
    assert fresh(session, Council, council_a.id).coordinator_name == "Theirs Person"


# --- members --------------------------------------------------------------------------


def test_new_member(login, users, session, council_a):
    client = login(users["secretary_a"])
    response = client.post(f"/councils/{council_a.id}/members/new", data=member_form())
    assert response.status_code == 302
    member = session.scalars(select(Member)).one()
    assert member.council_id == council_a.id
    assert member.full_name == "Arta Krasniqi"
    assert member.role == MemberRole.CIVIL_SOCIETY
    assert member.community == Community.ALBANIAN
    assert member.gender == Gender.FEMALE
    assert member.birth_year == 1999
    assert member.appointed_on == date(2025, 2, 1)
    assert member.term_ends_on == date(2029, 2, 1)
    assert member.left_on is None
    assert member.is_publicly_named is True


def test_new_member_writes_one_create_audit_row(login, users, session, council_a):
    client = login(users["secretary_a"])
    before = session.scalar(select(func.max(AuditEvent.id)))
    client.post(f"/councils/{council_a.id}/members/new", data=member_form())
    events = session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
    assert [event.action for event in events] == [AuditAction.CREATE]
    member = session.scalars(select(Member)).one()
    assert (events[0].entity_type, events[0].entity_id) == ("members", member.id)
    assert events[0].actor_id == users["secretary_a"].id
    assert events[0].changes["full_name"] == "Arta Krasniqi"


def test_new_member_optional_fields_blank(login, users, session, council_a):
    data = member_form(
        community="", birth_year="", term_ends_on="", institution="  ", appointing_decision=""
    )
    del data["is_publicly_named"]
    response = login(users["admin"]).post(f"/councils/{council_a.id}/members/new", data=data)
    assert response.status_code == 302
    member = session.scalars(select(Member)).one()
    assert member.community is None
    assert member.birth_year is None
    assert member.institution is None
    assert member.is_publicly_named is False


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": ""}, "This field is required."),
        ({"role": ""}, "This field is required."),
        ({"role": "emperor"}, "Not a valid choice."),
        ({"appointed_on": ""}, "This field is required."),
        ({"term_ends_on": "2025-01-31"}, "The term cannot end before the appointment."),
        ({"left_on": "2024-12-31"}, "A member cannot leave before being appointed."),
        # Appointed 1 Feb 2025: born 1925 (100 years old) to 2010 (15) is plausible.
        ({"birth_year": "1924"}, "enter a year between 1925 and 2010"),
        ({"birth_year": "2011"}, "enter a year between 1925 and 2010"),
        ({"birth_year": "nineteen"}, "Not a valid integer value."),
        ({"appointed_on": (today() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"appointed_on": "1998-12-31", "birth_year": ""}, "Councils did not exist before 1999"),
        ({"left_on": (today() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"full_name": "\u200b\u200b \u2060"}, "Enter visible text"),
        ({"full_name": "Arta\x07 Krasniqi"}, "Remove the control characters"),
        ({"institution": "\u00a0\u200d"}, "Enter visible text"),
    ],
)
def test_new_member_validation(login, users, session, council_a, overrides, message):
    client = login(users["secretary_a"])
    response = client.post(f"/councils/{council_a.id}/members/new", data=member_form(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert "Please correct the marked fields." in response.text
    assert session.scalar(select(func.count(Member.id))) == 0


def test_edit_member_records_departure(login, users, session, council_a, make_member):
    member = make_member(full_name="Leaving Person")
    client = login(users["secretary_a"])
    form_page = client.get(f"/councils/{council_a.id}/members/{member.id}/edit")
    assert 'value="Leaving Person"' in form_page.text
    data = member_form(
        full_name="Leaving Person",
        role="municipal_official",
        appointed_on="2024-01-15",
        left_on="2025-06-30",
        version=str(member.version_id),
    )
    response = client.post(f"/councils/{council_a.id}/members/{member.id}/edit", data=data)
    assert response.status_code == 302
    stored = fresh(session, Member, member.id)
    assert stored.left_on == date(2025, 6, 30)
    assert stored.version_id == 2
    page = client.get(f"/councils/{council_a.id}").text
    assert "Leaving Person" in page.split("<h2>Former members</h2>")[1]
    assert session.scalar(select(func.count(Member.id))) == 1


def test_edit_member_validation(login, users, session, council_a, make_member):
    member = make_member()
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/members/{member.id}/edit",
        data=member_form(left_on="2020-01-01", full_name="Changed", version="1"),
    )
    assert response.status_code == 400
    assert "A member cannot leave before being appointed." in response.text
    assert fresh(session, Member, member.id).full_name == member.full_name


def test_edit_member_stale_version_is_409(login, users, session, council_a, make_member):
    member = make_member(full_name="Original Name")
    client = login(users["secretary_a"])
    stale = member_form(full_name="My Edit", version=str(member.version_id))
    member.full_name = "Their Edit"
    session.commit()
    response = client.post(f"/councils/{council_a.id}/members/{member.id}/edit", data=stale)
    assert response.status_code == 409
    assert '<dd class="notes">Their Edit</dd>' in response.text  # the stored value
    assert 'value="My Edit"' in response.text
    assert fresh(session, Member, member.id).full_name == "Their Edit"
    # Saving again from the conflict page is a deliberate overwrite and succeeds.
    again = member_form(full_name="My Edit", version=str(member.version_id))
    response = client.post(f"/councils/{council_a.id}/members/{member.id}/edit", data=again)
    assert response.status_code == 302
    assert fresh(session, Member, member.id).full_name == "My Edit"


def test_edit_member_lost_race_is_409(login, users, session, council_a, make_member):
    """A change committed between loading and saving is caught by the version column."""
    member = make_member(full_name="Raced Name")
    fired = []

    def concurrent_change(flush_session, _context, _instances):
        # Stand in for another request's commit: bump the version just before this flush
        # (the request's rollback then undoes it too; the point is the 409 path).
        if not fired:
            fired.append(True)
            flush_session.connection().execute(
                text("UPDATE members SET version_id = version_id + 1 WHERE id = :id"),
                {"id": member.id},
            )

    event.listen(Session, "before_flush", concurrent_change)
    try:
        response = login(users["secretary_a"]).post(
            f"/councils/{council_a.id}/members/{member.id}/edit",
            data=member_form(full_name="Mine", version="1"),
        )
    finally:
        event.remove(Session, "before_flush", concurrent_change)
    assert response.status_code == 409
    assert 'value="Mine"' in response.text
    assert fresh(session, Member, member.id).full_name == "Raced Name"


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_pages_render_in_other_languages(login, make_user, council_a, make_member, language):
    member = make_member()
    client = login(make_user(Role.ADMIN, locale=language))
    base = f"/councils/{council_a.id}"
    for url in ("/councils/", base, f"{base}/edit", f"{base}/members/new"):
        assert client.get(url).status_code == 200, url
    response = client.post(f"{base}/members/{member.id}/edit", data=member_form(full_name=""))
    assert response.status_code == 400
