"""The public page of a council's concerns: counts over time, public texts with answers only."""

from __future__ import annotations

import re
from datetime import date

import pytest

from safety.concerns.models import ConcernCategory, ConcernPhoto, ConcernStatus, Sensitivity
from safety.concerns.public_stats import (
    Quarter,
    category_by_year,
    quarters_between,
    status_by_quarter,
    window_start,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries
from tests.test_concern_lists import add_many_concerns


@pytest.fixture
def client(login):
    """An anonymous visitor reading English."""
    visitor = login(None)
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return visitor


def public_url(council) -> str:
    return f"/councils/{council.id}/concerns/public"


def test_quarters_run_from_the_window_start_to_today():
    assert window_start(date(2026, 12, 1)) == date(2024, 1, 1)
    quarters = quarters_between(date(2024, 1, 1), date(2026, 5, 2))
    assert quarters[0] == Quarter(2024, 1)
    assert quarters[-1] == Quarter(2026, 2)
    assert len(quarters) == 10


def test_counts_by_quarter_and_status_in_sql(session, council_a, council_b, make_concern):
    day = today()
    last_year = day.year - 1
    make_concern(council_a, submitted_on=date(last_year, 3, 31))
    make_concern(
        council_a,
        submitted_on=date(last_year, 4, 1),
        history=[(ConcernStatus.RESOLVED, date(last_year, 4, 9), "Done.")],
    )
    # Restricted and unreviewed concerns count as numbers.
    make_concern(
        council_a,
        submitted_on=date(last_year, 4, 2),
        sensitivity=Sensitivity.RESTRICTED,
        category=ConcernCategory.DOMESTIC_VIOLENCE,
    )
    make_concern(council_a, submitted_on=date(last_year, 4, 3), reviewed_on=None)
    # Not counted: deleted as spam, before the window, another council's.
    make_concern(council_a, submitted_on=date(last_year, 5, 1), deleted_on=date(last_year, 5, 2))
    make_concern(council_a, submitted_on=date(day.year - 3, 12, 31))
    make_concern(council_b, submitted_on=date(last_year, 4, 1))

    table = status_by_quarter(session, council_a.id, day)
    q1, q2 = Quarter(last_year, 1), Quarter(last_year, 2)
    assert table.count(q1, ConcernStatus.SUBMITTED) == 1
    assert table.count(q2, ConcernStatus.SUBMITTED) == 2
    assert table.count(q2, ConcernStatus.RESOLVED) == 1
    assert table.row_total(q2) == 3
    assert table.total == 4
    assert table.rows[0] == Quarter(day.year - 2, 1)

    by_category = category_by_year(session, council_a.id, day)
    assert by_category.rows == [
        ConcernCategory.LIGHTING_AND_INFRASTRUCTURE,
        ConcernCategory.DOMESTIC_VIOLENCE,
    ]
    assert by_category.count(ConcernCategory.LIGHTING_AND_INFRASTRUCTURE, last_year) == 3
    assert by_category.count(ConcernCategory.DOMESTIC_VIOLENCE, last_year) == 1
    assert by_category.columns == [day.year - 2, day.year - 1, day.year]


def test_page_shows_only_public_reviewed_concerns_with_their_answers(
    client, council_a, council_b, make_concern
):
    shown = make_concern(
        council_a,
        title="Potholes on the main road",
        description="Deep potholes near the market.\nCars swerve into the other lane.",
        submitter_name="Arta Submitter",
        submitter_email="arta@example.org",
        submitter_phone="+383 44 222 333",
        history=[
            (ConcernStatus.UNDER_REVIEW, date(2025, 3, 5), "We have asked the directorate."),
            (ConcernStatus.RESOLVED, date(2025, 4, 1), "The road was repaired on 30 March."),
        ],
    )
    make_concern(
        council_a,
        title="Private family matter",
        description="Restricted text that must never leak.",
        sensitivity=Sensitivity.RESTRICTED,
    )
    make_concern(council_a, title="Waiting for review", reviewed_on=None)
    make_concern(council_a, title="Spam spam", deleted_on=date(2025, 3, 4))
    make_concern(council_b, title="Council B's public concern")

    body = client.get(public_url(council_a)).get_data(as_text=True)
    assert f"{shown.reference}: Potholes on the main road" in body
    assert "Deep potholes near the market.\nCars swerve into the other lane." in body
    answers = body.index("We have asked the directorate."), body.index("repaired on 30 March")
    assert answers[0] < answers[1]
    for hidden in (
        "Private family matter",
        "Restricted text that must never leak.",
        "Waiting for review",
        "Spam spam",
        "Council B&#39;s public concern",
        "Arta Submitter",
        "arta@example.org",
        "+383 44 222 333",
    ):
        assert hidden not in body, hidden


def test_only_published_photos_are_mentioned(client, session, council_a, make_concern):
    with_published = make_concern(council_a, title="Broken fence")
    with_private = make_concern(council_a, title="Dark corner")
    for concern, published in ((with_published, True), (with_private, False)):
        session.add(
            ConcernPhoto(
                concern_id=concern.id,
                content=b"\xff\xd8jpeg",
                media_type="image/jpeg",
                width=10,
                height=10,
                size=6,
                is_published=published,
            )
        )
    session.commit()
    body = client.get(public_url(council_a)).get_data(as_text=True)
    articles = dict(
        re.findall(r"<h3 id=\"concern-\d+\">(T-\d+): .*?</h3>(.*?)</article>", body, re.S)
    )
    assert "1 published photo" in articles[with_published.reference]
    assert "photo" not in articles[with_private.reference]
    # Linked through the concern's page, never embedded here.
    assert "<img" not in body


def test_page_has_a_chart_and_accessible_tables(client, council_a, make_concern):
    make_concern(council_a, submitted_on=date(today().year - 1, 2, 1))
    body = client.get(public_url(council_a)).get_data(as_text=True)
    assert '<svg viewBox="0 0' in body
    assert 'role="img" aria-labelledby="chart-title"' in body
    assert '<caption id="status-caption">' in body
    assert f'<th scope="row">Q1 {today().year - 1}</th>' in body


def test_empty_council_says_so(client, council_a):
    body = client.get(public_url(council_a)).get_data(as_text=True)
    assert "No concern has been made public yet." in body
    assert "<svg" not in body


def test_unknown_council_is_404(client):
    assert client.get("/councils/999999/concerns/public").status_code == 404


def test_council_page_links_here(client, council_a):
    assert public_url(council_a) in client.get(f"/councils/{council_a.id}").get_data(as_text=True)


def test_pages_of_public_concerns(app, client, council_a, make_concern):
    app.config["PAGE_SIZE"] = 2
    made = [make_concern(council_a, submitted_on=date(2025, 1, n + 1)) for n in range(3)]
    first = client.get(public_url(council_a)).get_data(as_text=True)
    assert re.findall(r"<h3 id=\"concern-\d+\">(T-\d+):", first) == [
        made[2].reference,
        made[1].reference,
    ]
    older = re.search(r'<a href="([^"]+)">Next page</a>', first).group(1).replace("&amp;", "&")
    second = client.get(older).get_data(as_text=True)
    assert re.findall(r"<h3 id=\"concern-\d+\">(T-\d+):", second) == [made[0].reference]


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_does_not_grow(
    session, login, users, council_a, count_queries, make_concern, signed_in
):
    client = login(users["ministry"] if signed_in else None)
    make_concern(council_a, history=[(ConcernStatus.RESOLVED, date(2025, 3, 9), "Done.")])
    add_many_concerns(session, council_a, 10, submitted_on=today())

    def run() -> list[str]:
        with count_queries() as counter:
            response = client.get(public_url(council_a))
            response.get_data()
        assert response.status_code == 200
        return counter.statements

    few = run()
    add_many_concerns(session, council_a, 490, submitted_on=today())
    many = run()
    # (The user,) the council, two grouped counts, the page, its answers and photos.
    assert len(few) == len(many) == (7 if signed_in else 6)
    assert_no_duplicated_queries(many)
