"""The councils' map: the seats' projection, the markers' layout and statuses, the SVG's text
alternative, and the map page for the ministry; the public page draws the same macro."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
from sqlalchemy import select

from safety.compliance.evaluation import evaluate_councils
from safety.compliance.map import (
    MARKER_RADIUS,
    MARKER_SPACING,
    SHAPES,
    layout,
    outline_bounds,
    projection,
    seats,
    spread,
)
from safety.compliance.rules import Status
from safety.concerns.geo import inside_outline
from safety.councils.models import (
    CouncilDecision,
    DecisionKind,
    Gender,
    MemberRole,
    Municipality,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

MARKER = re.compile(
    r'<g class="map-marker map-(?P<status>\w+)" '
    r'transform="translate\((?P<x>[\d.]+) (?P<y>[\d.]+)\)">'
    r'\s*<path d="(?P<d>[^"]+)"/>\s*<text y="[\d.]+" text-anchor="middle">(?P<code>\d\d)</text>'
)
GROUP = re.compile(r'class="map-group-title status-(?P<status>\w+)"')
LISTED = re.compile(r'<span class="map-code">(\d\d)</span>')


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def markers(html: str) -> dict[str, dict[str, str]]:
    found = {match["code"]: match.groupdict() for match in MARKER.finditer(html)}
    assert len(found) == len(MARKER.findall(html)), "a code drawn twice"
    return found


def listed_by_status(html: str, list_id: str) -> dict[str, list[str]]:
    """The text alternative after the map: the codes under each status heading."""
    start = html.index(f'id="{list_id}"')
    text = html[start:]
    groups = {}
    parts = GROUP.split(text)
    # split gives [before, status1, body1, status2, body2, ...]
    for status, body in zip(parts[1::2], parts[2::2], strict=True):
        groups[status] = LISTED.findall(body.split("</section>")[0])
    return groups


@pytest.fixture
def constituted(session, council_a, council_b, make_member, set_communities):
    """Council A meets every membership rule (overall ok); council B lacks a civil-society
    member (R04 slipping); every other council has no constituting decision (not met)."""
    day = today()
    for council, roles in (
        (
            council_a,
            (
                MemberRole.CHAIR,
                MemberRole.POLICE_COMMANDER,
                MemberRole.RELIGIOUS_COMMUNITY,
                MemberRole.CIVIL_SOCIETY,
            ),
        ),
        (
            council_b,
            (MemberRole.CHAIR, MemberRole.POLICE_COMMANDER, MemberRole.RELIGIOUS_COMMUNITY),
        ),
    ):
        session.add(
            CouncilDecision(
                council_id=council.id, kind=DecisionKind.CONSTITUTING, number="1/26", decided_on=day
            )
        )
        session.commit()
        # One community: not multi-ethnic, so R04 asks for no community representative and
        # R10 does not apply to a council with no consultation yet.
        council_municipality = session.get(Municipality, council.municipality_id)
        set_communities(council_municipality, [council_municipality.majority_community.value])
        for role in roles:
            make_member(council, role=role, gender=Gender.MALE, appointed_on=day)
        make_member(council, gender=Gender.FEMALE, birth_year=day.year - 25, appointed_on=day)
    return council_a, council_b


def test_seats_file_names_every_municipality_once(session):
    codes = set(session.scalars(select(Municipality.code)))
    assert len(codes) == 38
    assert set(seats()) == codes
    assert all(seat.source for seat in seats().values())


def test_every_seat_lies_in_kosovo_and_projects_inside_the_outline_box():
    left, top, right, bottom = outline_bounds()
    view = projection()
    assert 0 < left < right < view.width
    assert 0 < top < bottom < view.height
    for code, seat in seats().items():
        assert inside_outline(seat.lat, seat.lon, "50m"), code
        seat_x, seat_y, _, _ = layout()[code]
        assert left <= seat_x <= right, code
        assert top <= seat_y <= bottom, code


def test_north_is_up_and_east_is_right():
    places = layout()
    # Leposaviq (10) is the northernmost seat, Dragash (23) the southernmost,
    # Ranillug (37) the easternmost and Junik (20) the westernmost.
    ys = {code: place[1] for code, place in places.items()}
    xs = {code: place[0] for code, place in places.items()}
    assert min(ys, key=ys.get) == "10"
    assert max(ys, key=ys.get) == "23"
    assert max(xs, key=xs.get) == "37"
    assert min(xs, key=xs.get) == "20"


def test_markers_do_not_overlap_and_stay_in_the_viewbox():
    view = projection()
    places = list(layout().values())
    for index, (_, _, x, y) in enumerate(places):
        assert MARKER_RADIUS <= x <= view.width - MARKER_RADIUS
        assert MARKER_RADIUS <= y <= view.height - MARKER_RADIUS
        for _, _, other_x, other_y in places[index + 1 :]:
            assert math.hypot(x - other_x, y - other_y) >= MARKER_SPACING - 0.2
    # Markers move only as far as crowding needs: Prishtinë barely, the Mitrovicas more.
    moves = {code: math.hypot(p[0] - p[2], p[1] - p[3]) for code, p in layout().items()}
    assert moves["22"] == 0  # Prizren has room
    assert 0 < moves["09"] < 3 * MARKER_SPACING


def test_spread_parts_points_on_top_of_each_other():
    placed = spread({"a": (50.0, 50.0), "b": (50.0, 50.0)}, 20.0, (0, 0, 100, 100))
    (ax, ay), (bx, by) = placed["a"], placed["b"]
    assert math.hypot(ax - bx, ay - by) >= 20.0
    assert ay == by == 50.0


def test_ministry_map_marks_each_council_with_its_evaluated_status(
    session, login, users, constituted, count_queries
):
    client = login(users["ministry"])
    with count_queries() as counter:
        response = client.get("/compliance/map")
    assert response.status_code == 200
    # The signed-in user, then the compliance load's five.
    assert counter.count == 6
    assert_no_duplicated_queries(counter.statements)
    html = response.get_data(as_text=True)
    drawn = markers(html)
    assert len(drawn) == 38
    expected = {row.code: row.overall for row in evaluate_councils(session, today())}
    assert {code: Status(m["status"]) for code, m in drawn.items()} == expected
    assert expected["01"] == Status.OK
    assert expected["07"] == Status.WARNING
    assert expected["02"] == Status.BREACH
    # The shape tells the status too, not only the colour.
    assert all(m["d"] == SHAPES[Status(m["status"])] for m in drawn.values())
    assert len({m["d"] for m in drawn.values()}) == 3


def test_svg_has_a_title_a_description_and_a_text_alternative(client, login, users, constituted):
    html = login(users["admin"]).get("/compliance/map").get_data(as_text=True)
    assert '<svg class="kosovo-map"' in html
    assert 'role="img" aria-labelledby="ministry-map-title ministry-map-desc"' in html
    assert re.search(r'<title id="ministry-map-title">Overall compliance of each council on', html)
    assert '<desc id="ministry-map-desc">A marker at each' in html
    assert "Outline: Natural Earth (public domain). Seats: GeoNames (CC BY 4.0)." in html
    listed = listed_by_status(html, "ministry-map-list")
    assert list(listed) == ["breach", "warning", "ok", "not_applicable"]
    assert listed["ok"] == ["01"]
    assert listed["warning"] == ["07"]
    assert listed["not_applicable"] == []
    assert sorted(code for codes in listed.values() for code in codes) == sorted(seats())
    # Each listed council links to its compliance page on the same day.
    assert f'href="/councils/{constituted[0].id}/compliance?as_of={today().isoformat()}"' in html


def test_ministry_map_on_a_past_date(session, login, users, constituted):
    day = date(2024, 6, 30)
    html = login(users["ministry"]).get(f"/compliance/map?as_of={day}").get_data(as_text=True)
    expected = {row.code: row.overall.value for row in evaluate_councils(session, day)}
    assert {code: m["status"] for code, m in markers(html).items()} == expected
    # Not yet constituted on that day.
    assert expected["01"] == "breach"
    assert 'value="2024-06-30"' in html


@pytest.mark.parametrize("as_of", ["2024-13-01", "yesterday", "1999-12-31"])
def test_ministry_map_refuses_a_bad_date(login, users, as_of):
    response = login(users["ministry"]).get(f"/compliance/map?as_of={as_of}")
    assert response.status_code == 400
    assert "Choose a date" in response.get_data(as_text=True) or "year-month-day" in (
        response.get_data(as_text=True)
    )


def test_public_page_draws_the_map_for_anonymous_visitors(client, session, constituted):
    response = client.get("/transparency/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    drawn = markers(html)
    assert len(drawn) == 38
    expected = {row.code: row.overall.value for row in evaluate_councils(session, today())}
    assert {code: m["status"] for code, m in drawn.items()} == expected
    assert 'aria-labelledby="public-map-title public-map-desc"' in html
    listed = listed_by_status(html, "public-map-list")
    assert sorted(code for codes in listed.values() for code in codes) == sorted(seats())
    assert "Seats: GeoNames (CC BY 4.0)" in html
