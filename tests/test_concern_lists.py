"""Concern lists: who may open them, what each reader sees, filters, search, order and pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import insert, select

from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernStatus,
    Sensitivity,
)
from safety.councils.models import Council, Municipality
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries
from tests.factories import sequence
from tests.routes import concerns as concerns_world

REFERENCE = re.compile(r'<th scope="row"><a href="/concerns/\d+">([^<]+)</a></th>')


def references(response) -> list[str]:
    """The references a list page shows, in its order."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return REFERENCE.findall(response.get_data(as_text=True))


def add_many_concerns(session, council: Council, count: int, **values) -> None:
    """`count` concerns with their `submitted` event, inserted in bulk (no per-row flush)."""
    numbers = [next(sequence) for _ in range(count)]
    base = {
        "council_id": council.id,
        "title": "Bulk concern",
        "description": "Written in bulk for a query count.",
        "search_text": "bulk concern written in bulk for a query count.",
        "category": ConcernCategory.OTHER,
        "settlement": "Bulk",
        "submitted_on": date(2025, 1, 6),
        "reviewed_on": date(2025, 1, 6),
        "sensitivity": Sensitivity.PUBLIC,
        "channel": "phone",
        "submitter_name": "Bulk Caller",
        **values,
    }
    session.execute(
        insert(Concern), [{**base, "reference": f"B-{number:07d}"} for number in numbers]
    )
    ids = session.scalars(
        select(Concern.id).where(Concern.reference.in_([f"B-{n:07d}" for n in numbers]))
    ).all()
    session.execute(
        insert(ConcernEvent),
        [
            {"concern_id": concern_id, "status": "submitted", "changed_on": base["submitted_on"]}
            for concern_id in ids
        ],
    )
    session.commit()


@pytest.fixture
def world(request, users):
    """The matrix's concerns world: A's public, restricted and anonymous concerns, and B's."""
    return {"users": users, **concerns_world.build_world(request, {"users": users})}


def council_list(council: Council, **params) -> str:
    return f"/councils/{council.id}/concerns/?{urlencode(params)}"


@pytest.fixture
def login(login):
    """Clients reading English, whatever the machine's language."""

    def english(user):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return english


# -- Who may open which list -------------------------------------------------------------


def test_staff_open_the_council_list_and_others_are_refused(login, users, council_a, world):
    for role in ("secretary_a", "ministry", "admin"):
        assert login(users[role]).get(council_list(council_a)).status_code == 200
    for role in ("secretary_b", "cso", "cso_pending"):
        response = login(users[role]).get(council_list(council_a))
        assert response.status_code == 403
        assert world["concern_a_title"] not in response.get_data(as_text=True)
    assert login(None).get(council_list(council_a)).headers["Location"].startswith("/login")


def test_unknown_council_is_404(login, users):
    assert login(users["ministry"]).get("/councils/999999/concerns/").status_code == 404


def test_secretary_asking_for_every_council_is_sent_to_their_own(login, users, council_a):
    response = login(users["secretary_a"]).get("/concerns/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/councils/{council_a.id}/concerns/"
    assert login(users["cso"]).get("/concerns/").status_code == 403


def test_secretary_a_sees_council_a_only_and_its_submitters(login, users, council_a, world):
    body = login(users["secretary_a"]).get(council_list(council_a)).get_data(as_text=True)
    assert "Restricted matter in Ulpiana" in body
    assert "Hidden Caller" in body
    assert world["concern_b_title"] not in body
    assert "Restricted text that must never leak." not in body  # lists never show descriptions


@pytest.mark.parametrize("role", ["ministry", "admin"])
def test_ministry_and_admin_read_restricted_titles_but_never_submitters(login, users, role, world):
    client = login(users[role])
    for url in ("/concerns/", f"/councils/{users['secretary_a'].council_id}/concerns/"):
        body = client.get(url).get_data(as_text=True)
        assert "Restricted matter in Ulpiana" in body
        assert "Hidden Caller" not in body
        assert "Vjosa CSO Officer" not in body
        assert "Council B Caller" not in body
    # Across councils, B's concern is there too (the ministry reviews every council).
    assert world["concern_b_title"] in client.get("/concerns/").get_data(as_text=True)


def test_cso_lists_its_own_concerns_with_answers(login, users, world, make_concern, council_b):
    cso = users["cso"]
    # Another council's concern of the same organisation, answered twice.
    make_concern(
        council_b,
        title="Road to the school in Graçanicë",
        organisation_id=cso.organisation_id,
        history=[
            (ConcernStatus.UNDER_REVIEW, date(2025, 3, 5), "Received."),
            (ConcernStatus.RESOLVED, date(2025, 4, 2), "Fixed on 1 April."),
        ],
    )
    response = login(cso).get("/concerns/mine")
    body = response.get_data(as_text=True)
    assert "Unlit underpass at Dardania" in body
    assert "Road to the school in Graçanicë" in body
    # Others' concerns: the restricted phone call, the anonymous one, council B's.
    for title in ("Restricted matter in Ulpiana", "Stray dogs near the bus station"):
        assert title not in body
    assert world["concern_b_title"] not in body
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    school = next(row for row in rows if "Road to the school" in row)
    assert "<td>2</td>" in school
    assert "<td>02.04.2025</td>" in school


def test_pending_organisation_lists_only_its_own(login, users, world, make_concern, council_a):
    pending = users["cso_pending"]
    assert "No concern matches" in login(pending).get("/concerns/mine").get_data(as_text=True)
    make_concern(
        council_a, title="Pending organisation's concern", organisation_id=pending.organisation_id
    )
    body = login(pending).get("/concerns/mine").get_data(as_text=True)
    assert "Pending organisation&#39;s concern" in body
    assert "Unlit underpass at Dardania" not in body
    for role in ("secretary_a", "ministry", "admin"):
        assert login(users[role]).get("/concerns/mine").status_code == 403


def test_deleted_concerns_never_appear(login, users, council_a, make_concern):
    make_concern(
        council_a, title="Spam about nothing", deleted_on=date(2025, 3, 4), deleted_reason="spam"
    )
    for role, url in (
        ("secretary_a", council_list(council_a)),
        ("ministry", "/concerns/"),
        ("secretary_a", f"/councils/{council_a.id}/concerns/export.csv"),
        ("ministry", "/concerns/export.csv"),
    ):
        assert "Spam about nothing" not in login(users[role]).get(url).get_data(as_text=True)


# -- Privacy on every list, export and public page, for every role ----------------------

LISTS = (
    "/councils/{a}/concerns/",
    "/councils/{a}/concerns/export.csv",
    "/councils/{b}/concerns/",
    "/councils/{b}/concerns/export.csv",
    "/concerns/",
    "/concerns/export.csv",
    "/concerns/mine",
)
PUBLIC_PAGES = ("/councils/{a}/concerns/public", "/councils/{b}/concerns/public")
ROLES = ("anonymous", "cso_pending", "cso", "secretary_a", "secretary_b", "ministry", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_no_list_leaks_what_the_role_must_not_see(login, users, council_a, council_b, world, role):
    client = login(users.get(role))

    def read(urls: tuple[str, ...]) -> str:
        return "".join(
            client.get(url.format(a=council_a.id, b=council_b.id)).get_data(as_text=True)
            for url in urls
        )

    lists, public = read(LISTS), read(PUBLIC_PAGES)
    seen = lists + public
    # Lists never show descriptions, and the public page never shows restricted concerns.
    assert "Restricted text that must never leak." not in seen
    staff_of_a = role in ("secretary_a", "ministry", "admin")
    assert ("Restricted matter in Ulpiana" in seen) == staff_of_a
    # Not reviewed yet: the public and other councils' staff may not know of it.
    assert ("Stray dogs near the bus station" in seen) == staff_of_a
    # Submitters and their contact: each council's own secretary only (list and export).
    for private in ("Hidden Caller", "+383 44 000 111", "citizen@example.org"):
        assert (private in seen) == (role == "secretary_a"), private
    assert ("Council B Caller" in seen) == (role == "secretary_b")
    if role == "secretary_a":
        # B's concern reaches A's secretary only as the public sees it, on B's public page.
        assert world["concern_b_title"] not in lists
    # Everyone reads the public, reviewed concerns on the public pages.
    assert "Unlit underpass at Dardania" in public
    assert world["concern_b_title"] in public


def test_every_filter_at_once(login, users, council_a, make_concern):
    wanted = make_concern(
        council_a,
        title="Ćevapi stand on fire near Đurđevik school",
        description="Smoke over the road to the school every evening, pupils cough.",
        search_text="ćevapi stand on fire near đurđevik school smoke over the road",
        category=ConcernCategory.FIRE_AND_EMERGENCIES,
        settlement="Žabare e Epërme",
        communities="albanian,serb",
        serious_incident=True,
        incident_on=date(2025, 2, 1),
        submitted_on=date(2025, 2, 2),
    )
    make_concern(council_a, title="Something else", submitted_on=date(2025, 2, 2))
    params = {
        "q": "cevapi DJURDJEVIK fire smoke road stand near school",
        "status": "open",
        "category": "fire_and_emergencies",
        "submitted_from": "2025-01-01",
        "submitted_to": "2025-03-01",
        "community": "serb",
        "settlement": "zabare e eperme",
        "sensitivity": "public",
        "overdue": "y",
        "serious": "y",
        "sort": "due",
        "order": "asc",
    }
    client = login(users["secretary_a"])
    assert references(client.get(council_list(council_a, **params))) == [wanted.reference]
    client = login(users["ministry"])
    everywhere = f"/concerns/?{urlencode({**params, 'council': council_a.id})}"
    assert references(client.get(everywhere)) == [wanted.reference]


# -- Filters -----------------------------------------------------------------------------


@pytest.fixture
def varied(make_concern, council_a) -> dict[str, Concern]:
    """Concerns of council A differing in one respect each."""
    recent = today() - timedelta(days=3)
    return {
        "old_open": make_concern(
            council_a, title="Old open concern", submitted_on=date(2024, 2, 1)
        ),
        "answered": make_concern(
            council_a,
            title="Answered concern",
            submitted_on=date(2025, 5, 1),
            history=[(ConcernStatus.RESOLVED, date(2025, 5, 20), "The lamp is replaced.")],
        ),
        "recent": make_concern(
            council_a,
            title="Recent concern",
            submitted_on=recent,
            reviewed_on=recent,
            category=ConcernCategory.STRAY_DOGS,
            settlement="Çagllavicë",
            communities="roma,serb",
        ),
        "serious": make_concern(
            council_a,
            title="Shots fired at night",
            submitted_on=date(2025, 6, 10),
            category=ConcernCategory.WEAPONS,
            serious_incident=True,
            incident_on=date(2025, 6, 9),
            communities="albanian",
            history=[(ConcernStatus.UNDER_REVIEW, date(2025, 6, 11), None)],
        ),
        "restricted": make_concern(
            council_a,
            title="Quarrel between neighbours",
            submitted_on=date(2025, 7, 1),
            category=ConcernCategory.INTER_ETHNIC_INCIDENT,
            sensitivity=Sensitivity.RESTRICTED,
            description="Neighbours of Gračanica quarrelled over the fence.",
            communities="romani_fake,serb",
            history=[(ConcernStatus.REJECTED, date(2025, 7, 15), "Not a matter for the council.")],
        ),
    }


def refs(*concerns: Concern) -> set[str]:
    return {concern.reference for concern in concerns}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["old_open", "recent", "serious"]),
        ({"status": "resolved"}, ["answered"]),
        ({"status": "rejected"}, ["restricted"]),
        ({"category": "weapons"}, ["serious"]),
        ({"submitted_from": "2025-05-01", "submitted_to": "2025-06-30"}, ["answered", "serious"]),
        ({"submitted_from": "2025-06-10"}, ["serious", "restricted", "recent"]),
        ({"submitted_to": "2024-12-31"}, ["old_open"]),
        ({"community": "roma"}, ["recent"]),
        ({"community": "serb"}, ["recent", "restricted"]),
        ({"settlement": "cagllavice"}, ["recent"]),
        ({"settlement": "ÇAGLL"}, ["recent"]),
        ({"overdue": "y"}, ["old_open", "serious"]),
        ({"serious": "y"}, ["serious"]),
        ({"sensitivity": "restricted"}, ["restricted"]),
        ({"sensitivity": "public"}, ["old_open", "answered", "recent", "serious"]),
        ({"q": "gracanica"}, ["restricted"]),
        ({"q": "Gračanica FENCE"}, ["restricted"]),
        ({"q": "gracanica night"}, []),
        ({"q": "NIGHT"}, ["serious"]),
        ({"q": "concern"}, ["old_open", "answered", "recent"]),
    ],
)
def test_each_filter(login, users, council_a, varied, params, expected):
    shown = references(login(users["secretary_a"]).get(council_list(council_a, **params)))
    assert set(shown) == refs(*(varied[key] for key in expected))


def test_unknown_values_are_shown_as_errors_and_ignored(login, users, council_a, varied):
    response = login(users["secretary_a"]).get(
        council_list(
            council_a,
            status="lost",
            category="aliens",
            submitted_from="2025-13-01",
            sort="title",
            order="sideways",
            q="x" * 201,
            serious="y",
        )
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Some filters could not be used" in body
    assert body.count('class="error"') == 6
    # The valid filter still applies.
    assert set(references(response)) == refs(varied["serious"])


def test_reversed_date_range_is_refused_with_a_message(login, users, council_a, varied):
    response = login(users["secretary_a"]).get(
        council_list(council_a, submitted_from="2025-07-01", submitted_to="2025-01-01")
    )
    assert "The end date is before the start date" in response.get_data(as_text=True)
    assert set(references(response)) == refs(*varied.values())


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("submitted", "desc", ["recent", "restricted", "serious", "answered", "old_open"]),
        ("submitted", "asc", ["old_open", "answered", "serious", "restricted", "recent"]),
        ("due", "asc", ["old_open", "answered", "serious", "restricted", "recent"]),
        # Workflow order: submitted, under review, ..., resolved, rejected.
        ("status", "asc", ["recent", "old_open", "serious", "answered", "restricted"]),
        ("status", "desc", ["restricted", "answered", "serious", "recent", "old_open"]),
        # Alphabetical by label in English: Inter-ethnic, Stray dogs, Street lighting, Weapons.
        ("category", "asc", ["restricted", "recent", "answered", "old_open", "serious"]),
    ],
)
def test_sorting(login, users, council_a, varied, sort, order, expected):
    client = login(users["secretary_a"])
    shown = references(client.get(council_list(council_a, sort=sort, order=order)))
    assert shown == [varied[key].reference for key in expected]


def test_overdue_mark_and_due_date(login, users, council_a, varied):
    body = (
        login(users["secretary_a"])
        .get(council_list(council_a, sort="submitted"))
        .get_data(as_text=True)
    )
    rows = {
        ref: row
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        for ref in REFERENCE.findall(row)
    }
    assert "overdue" in rows[varied["old_open"].reference]
    assert "overdue" not in rows[varied["answered"].reference]
    assert "overdue" not in rows[varied["recent"].reference]


def test_pages_keep_the_filters(app, login, users, council_a, make_concern):
    app.config["PAGE_SIZE"] = 2
    made = [
        make_concern(council_a, title=f"Paged {n}", submitted_on=date(2025, 1, n + 1))
        for n in range(5)
    ]
    make_concern(council_a, title="Another category", category=ConcernCategory.DRUGS)
    client = login(users["secretary_a"])
    seen = []
    url = council_list(council_a, category="lighting_and_infrastructure", order="asc")
    for _ in range(3):
        response = client.get(url)
        seen += references(response)
        older = re.search(r'<a href="([^"]+)">Next page</a>', response.get_data(as_text=True))
        if older is None:
            break
        url = older.group(1).replace("&amp;", "&")
        assert "category=lighting_and_infrastructure" in url
    assert seen == [concern.reference for concern in made]


def test_across_councils_by_council_and_district(
    session, login, users, council_a, council_b, make_concern
):
    districts_of_a_and_b = select(Municipality.district).where(
        Municipality.id.in_([council_a.municipality_id, council_b.municipality_id])
    )
    other, district = session.execute(
        select(Council, Municipality.district)
        .join(Municipality)
        .where(Municipality.district.not_in(districts_of_a_and_b))
        .order_by(Municipality.code)
    ).first()
    in_a = make_concern(council_a, title="In A")
    in_b = make_concern(council_b, title="In B")
    elsewhere = make_concern(other, title="Elsewhere")
    client = login(users["ministry"])
    assert set(references(client.get("/concerns/"))) == refs(in_a, in_b, elsewhere)
    assert set(references(client.get(f"/concerns/?council={council_b.id}"))) == refs(in_b)
    assert set(references(client.get(f"/concerns/?district={district}"))) == refs(elsewhere)
    refused = client.get("/concerns/?council=999999")
    assert "Not a valid choice" in refused.get_data(as_text=True)
    assert set(references(refused)) == refs(in_a, in_b, elsewhere)


# -- Query counts ------------------------------------------------------------------------


def _count(client, url, count_queries) -> list[str]:
    with count_queries() as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    return counter.statements


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("secretary_a", "/councils/{a}/concerns/?status=open&q=bulk&sort=due"),
        ("ministry", "/concerns/?overdue=y&sort=category"),
        ("cso", "/concerns/mine"),
    ],
)
def test_query_count_does_not_grow_with_concerns(
    session, login, users, council_a, count_queries, role, url
):
    user = users[role]
    url = url.format(a=council_a.id)
    extra = {"organisation_id": user.organisation_id} if role == "cso" else {}
    add_many_concerns(session, council_a, 10, **extra)
    client = login(user)
    few = _count(client, url, count_queries)
    add_many_concerns(session, council_a, 490, **extra)
    many = _count(client, url, count_queries)
    # The user, the council (or the councils to choose from), the answer limit in force
    # (R16's threshold history), and the page's rows.
    assert len(few) == len(many) <= 4
    assert_no_duplicated_queries(many)
    assert len(references(client.get(url))) == 50
