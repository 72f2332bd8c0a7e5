"""The public transparency page and its open data: the year selector, past years judged on
31 December through the one evaluation path, refused years, the four datasets' values, no
personal data anywhere, neutralised CSV cells and query counts that do not grow with data."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from safety.compliance.evaluation import evaluate_councils
from safety.compliance.grid import RULE_IDS
from safety.compliance.open_data import COMMUNITY_COLUMNS, DATASETS
from safety.concerns.models import ConcernCategory, ConcernStatus, Sensitivity
from safety.consultations.models import (
    AttendanceStatus,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
)
from safety.councils.models import CouncilDecision, DecisionKind, MemberRole
from safety.dates import today
from safety.plans.models import ItemStatus, PlanStatus
from tests.conftest import assert_no_duplicated_queries

CONSTITUTED_ON = date(2025, 3, 15)
FIRST_PUBLIC_YEAR = 2023

# Personal or free-text values that must never reach the public page or any dataset.
SECRETS = (
    "Zyrafete Qendresa-Distinct",  # a member's name
    "zyrafete@example.org",
    "Xylophonic alley behind the bakery",  # a concern's title
    "my neighbour Blerim Hapciu",  # a concern's text
    "Submitter Quillonaj",
    "quillonaj@example.org",
    "+383 44 999 111",
    "Guest Vallonaj",
    "Substitute Trumbetaj",
    "Answer mentioning Blerim",
)

ROW = re.compile(r"<tr>\s*<th scope=\"row\" class=\"name-col\">.*?</tr>", re.S)
CELL_STATUS = re.compile(r'<td class="cell (?:rule )?status-(\w+)">')
CODE = re.compile(r"</th>\s*<td>(\d\d)</td>")


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    app.config["PUBLIC_HISTORY_FROM"] = FIRST_PUBLIC_YEAR


@pytest.fixture
def constituted_a(session, council_a, make_member):
    """Council A, constituted on 15 March 2025 with a chair and the police commander."""
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/25",
            decided_on=CONSTITUTED_ON,
        )
    )
    session.commit()
    make_member(council_a, role=MemberRole.CHAIR, appointed_on=CONSTITUTED_ON)
    make_member(council_a, role=MemberRole.POLICE_COMMANDER, appointed_on=CONSTITUTED_ON)
    # Left before today: not an active member.
    make_member(council_a, appointed_on=CONSTITUTED_ON, left_on=date(2025, 9, 1))
    return council_a


@pytest.fixture
def records(
    session,
    constituted_a,
    council_b,
    make_member,
    make_meeting,
    make_participation,
    make_attendance,
    make_concern,
    make_plan,
    make_item,
):
    """One of each public fact, with personal data and free text that must stay private."""
    member = make_member(
        constituted_a,
        full_name=SECRETS[0],
        appointed_on=CONSTITUTED_ON,
        institution=SECRETS[1],
    )
    consultation = make_meeting(
        constituted_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 5, 12),
        co_hosts=[council_b],
        settlement="=HYPERLINK(1)",
        interpretation=True,
    )
    make_participation(
        consultation,
        40,
        women=15,
        men=20,
        under_30=12,
        communities={
            ParticipantCommunity.ALBANIAN: 25,
            ParticipantCommunity.SERB: 10,
            ParticipantCommunity.UNDISCLOSED: 5,
        },
    )
    session.add(MeetingGuest(meeting_id=consultation.id, name=SECRETS[7]))
    session.commit()
    make_meeting(
        council_b,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 6, 2),
    )
    # Neither held nor public: left out.
    make_meeting(
        constituted_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=today() + timedelta(days=20),
    )
    council_meeting = make_meeting(
        constituted_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 4, 1)
    )
    make_attendance(
        council_meeting, {member: AttendanceStatus.PRESENT}, substitutes={member: SECRETS[8]}
    )
    concern_values = {
        "title": SECRETS[2],
        "description": f"Dangerous at night, says {SECRETS[3]}.",
        "submitter_name": SECRETS[4],
        "submitter_email": SECRETS[5],
        "submitter_phone": SECRETS[6],
    }
    make_concern(constituted_a, submitted_on=date(2025, 4, 2), **concern_values)
    make_concern(
        constituted_a,
        submitted_on=date(2025, 4, 3),
        history=[(ConcernStatus.RESOLVED, date(2025, 4, 20), SECRETS[9])],
        **concern_values,
    )
    make_concern(
        constituted_a,
        submitted_on=date(2025, 4, 4),
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
        **concern_values,
    )
    # Spam, deleted: in no count.
    make_concern(
        constituted_a,
        submitted_on=date(2025, 4, 5),
        deleted_on=date(2025, 4, 6),
        deleted_reason="spam",
        **concern_values,
    )
    plan = make_plan(
        constituted_a,
        year=2025,
        status=PlanStatus.FORWARDED_TO_ASSEMBLY,
        adopted_on=date(2025, 4, 10),
        forwarded_on=date(2025, 4, 20),
    )
    make_item(plan, history=[(ItemStatus.DONE, date(2025, 6, 1), None)], progress=100)
    make_item(plan, progress=40)  # deadline 30 June 2025, not done: overdue
    make_item(plan, deadline=None, progress=20)
    make_item(plan, history=[(ItemStatus.CANCELLED, date(2025, 3, 1), "No funds")], progress=0)
    make_plan(council_b, year=2026)  # a draft: not public
    return {"member": member, "consultation": consultation, "plan": plan}


def grid(html: str) -> dict[str, list[str]]:
    """The public grid: each code with its overall and R01-R18 status classes."""
    rows = {}
    for row in ROW.findall(html):
        rows[CODE.search(row).group(1)] = CELL_STATUS.findall(row)
    return rows


def download(client, dataset: str, fmt: str):
    response = client.get(f"/transparency/data/{dataset}.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def csv_rows(client, dataset: str) -> list[dict[str, str]]:
    response = download(client, dataset, "csv")
    assert response.mimetype == "text/csv"
    assert (
        f'filename="{dataset}-{today().isoformat()}.csv"' in response.headers["Content-Disposition"]
    )
    body = response.get_data().decode("utf-8")
    # Plain UTF-8: a program's csv reader sees the first column's name as it is.
    assert body.startswith(f"{DATASETS[dataset].column_names[0]},")
    reader = csv.DictReader(io.StringIO(body))
    assert reader.fieldnames == DATASETS[dataset].column_names
    return list(reader)


def json_rows(client, dataset: str) -> list[dict]:
    document = json.loads(download(client, dataset, "json").get_data(as_text=True))
    assert document["dataset"] == dataset
    assert document["licence"] == "CC BY 4.0"
    assert document["columns"] == DATASETS[dataset].column_names
    assert all(list(row) == document["columns"] for row in document["rows"])
    return document["rows"]


def test_year_selector_offers_today_and_each_public_past_year(client, app):
    html = client.get("/transparency/").get_data(as_text=True)
    values = re.findall(r'<option value="(\w+)"', html)
    last = today().year - 1
    assert values == ["today", *(str(year) for year in range(last, FIRST_PUBLIC_YEAR - 1, -1))]
    assert '<option value="today" selected>' in html
    app.config["PUBLIC_HISTORY_FROM"] = last
    html = client.get(f"/transparency/?year={last}").get_data(as_text=True)
    assert re.findall(r'<option value="(\w+)"', html) == ["today", str(last)]
    assert f'<option value="{last}" selected>' in html
    assert f"Compliance on 31.12.{last}" in html


def test_today_grid_equals_the_evaluation(client, session, constituted_a):
    response = client.get("/transparency/?year=today")
    assert response.status_code == 200
    shown = grid(response.get_data(as_text=True))
    expected = {
        row.code: [row.overall.value, *(finding.status.value for finding in row.findings)]
        for row in evaluate_councils(session, today())
    }
    assert len(shown) == 38
    assert shown == expected


def test_past_year_statuses_equal_the_evaluation_on_31_december(client, session, constituted_a):
    for year in (2024, 2025):
        response = client.get(f"/transparency/?year={year}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        expected = {
            row.code: [row.overall.value, *(finding.status.value for finding in row.findings)]
            for row in evaluate_councils(session, date(year, 12, 31))
        }
        assert grid(html) == expected
        # The council links open its page on the same day.
        assert f"/councils/{constituted_a.id}/compliance?as_of={year}-12-31" in html
    before = grid(client.get("/transparency/?year=2024").get_data(as_text=True))
    after = grid(client.get("/transparency/?year=2025").get_data(as_text=True))
    # Not yet constituted at the end of 2024, constituted at the end of 2025.
    assert before["01"][1 + RULE_IDS.index("R01")] == "breach"
    assert after["01"][1 + RULE_IDS.index("R01")] == "ok"


@pytest.mark.parametrize(
    "year",
    [
        "abc",
        "2022",
        str(date.today().year),
        str(date.today().year + 1),
        "\uff12\uff10\uff12\uff14",
        "2024x",
        "-1",
    ],
)
def test_a_year_not_offered_is_refused_with_400(client, year):
    response = client.get("/transparency/", query_string={"year": year})
    assert response.status_code == 400
    assert (
        f"Choose today or a year from {FIRST_PUBLIC_YEAR} to {today().year - 1}."
        in response.get_data(as_text=True)
    )


def test_without_past_years_only_today_is_public(client, app):
    app.config["PUBLIC_HISTORY_FROM"] = today().year
    html = client.get("/transparency/").get_data(as_text=True)
    assert re.findall(r'<option value="(\w+)"', html) == ["today"]
    response = client.get(f"/transparency/?year={today().year - 1}")
    assert response.status_code == 400
    assert "Only today&#39;s statuses are public yet." in response.get_data(as_text=True)


def test_councils_dataset(client, session, records, council_a):
    rows = csv_rows(client, "councils")
    assert [row["code"] for row in rows] == [f"{n:02d}" for n in range(1, 39)]
    overall = {row.code: row.overall.value for row in evaluate_councils(session, today())}
    assert {row["code"]: row["overall_status"] for row in rows} == overall
    first = rows[0]
    assert first == {
        "code": "01",
        "name_sq": "Prishtinë",
        "name_sr": "Priština",
        "name_tr": "",
        "district": "Prishtinë/Priština",
        "osce_region": "Prishtinë/Priština",
        "majority_community": "albanian",
        "constituted_on": "2025-03-15",
        "constituting_decision": "01-016/25",
        # Chair, commander and the named member; the one who left is not counted.
        "active_members": "3",
        "overall_status": overall["01"],
    }
    assert rows[1]["constituted_on"] == ""
    assert rows[1]["active_members"] == "0"
    as_json = json_rows(client, "councils")
    assert as_json[0]["active_members"] == 3
    assert as_json[0]["name_tr"] is None
    assert [row["code"] for row in as_json] == [row["code"] for row in rows]


def test_consultations_dataset(client, records):
    rows = csv_rows(client, "consultations")
    assert [(row["held_on"], row["kind"]) for row in rows] == [
        ("2025-05-12", "public_consultation"),
        ("2025-06-02", "community_activity"),
    ]
    consultation, activity = rows
    assert consultation["council_code"] == "01"
    assert consultation["host_codes"] == "01 07"
    # A cell a spreadsheet would run is written as text.
    assert consultation["settlement"] == "'=HYPERLINK(1)"
    assert consultation["interpretation"] == "true"
    assert (
        consultation["participants"],
        consultation["women"],
        consultation["men"],
        consultation["gender_undisclosed"],
        consultation["under_30"],
        consultation["aged_30_plus"],
    ) == ("40", "15", "20", "5", "12", "28")
    communities = {name: consultation[name] for name in COMMUNITY_COLUMNS}
    assert communities["community_albanian"] == "25"
    assert communities["community_serb"] == "10"
    assert communities["community_undisclosed"] == "5"
    assert communities["community_roma"] == "0"
    # No participation recorded: blank, not zero.
    assert activity["council_code"] == "07"
    assert activity["host_codes"] == "07"
    assert activity["participants"] == ""
    assert activity["community_serb"] == ""
    as_json = json_rows(client, "consultations")
    assert as_json[0]["settlement"] == "=HYPERLINK(1)"  # JSON is data, not a spreadsheet
    assert as_json[0]["interpretation"] is True
    assert as_json[0]["community_serb"] == 10
    assert as_json[1]["participants"] is None


def test_plans_dataset(client, records):
    rows = csv_rows(client, "plans")
    assert rows == [
        {
            "year": "2025",
            "council_code": "01",
            "status": "forwarded_to_assembly",
            "adopted_on": "2025-04-10",
            "forwarded_on": "2025-04-20",
            "items": "4",
            "items_done": "1",
            "items_cancelled": "1",
            "items_overdue": "1",
            # (100 + 40 + 20) / 3 items not cancelled.
            "progress_percent": "53",
        }
    ]
    assert json_rows(client, "plans")[0]["progress_percent"] == 53


def test_concerns_dataset_counts_without_deleted_ones(client, records):
    rows = csv_rows(client, "concerns")
    assert rows == [
        {
            "council_code": "01",
            "year": "2025",
            "category": "domestic_violence",
            "status": "submitted",
            "count": "1",
        },
        {
            "council_code": "01",
            "year": "2025",
            "category": "lighting_and_infrastructure",
            "status": "resolved",
            "count": "1",
        },
        {
            "council_code": "01",
            "year": "2025",
            "category": "lighting_and_infrastructure",
            "status": "submitted",
            "count": "1",
        },
    ]
    assert sum(row["count"] for row in json_rows(client, "concerns")) == 3


def test_no_personal_data_in_the_page_or_any_dataset(client, login, users, records):
    bodies = [client.get("/transparency/").get_data(as_text=True)]
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            bodies.append(download(client, dataset, fmt).get_data(as_text=True))
    # The same for a signed-in reader: the open data do not depend on who asks.
    secretary = login(users["secretary_a"])
    bodies.append(secretary.get("/transparency/data/councils.json").get_data(as_text=True))
    for body in bodies:
        for secret in SECRETS:
            assert secret.lower() not in body.lower()
        assert "Blerim" not in body
        assert "Action plan 2025" not in body  # not even plan titles: codes and counts only


@pytest.mark.parametrize(
    "path",
    [
        "/transparency/data/members.csv",
        "/transparency/data/councils.xlsx",
        "/transparency/data/councils",
        "/transparency/data/councils.csv.json",
        "/transparency/data/.csv",
    ],
)
def test_unknown_datasets_and_formats_are_404(client, path):
    assert client.get(path).status_code == 404


EXPECTED_QUERIES = {"councils": 5, "consultations": 2, "plans": 1, "concerns": 1}


def test_query_counts_are_fixed_and_do_not_grow_with_data(
    client,
    session,
    records,
    council_b,
    make_meeting,
    make_participation,
    make_concern,
    make_plan,
    make_item,
    count_queries,
):
    def counts() -> dict[str, int]:
        found = {}
        for dataset in DATASETS:
            with count_queries() as counter:
                download(client, dataset, "csv")
            assert_no_duplicated_queries(counter.statements)
            found[dataset] = counter.count
        with count_queries() as counter:
            assert client.get("/transparency/?year=2025").status_code == 200
        assert_no_duplicated_queries(counter.statements)
        found["page"] = counter.count
        return found

    few = counts()
    assert few == {**EXPECTED_QUERIES, "page": 5}
    for n in range(6):
        meeting = make_meeting(
            council_b,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=date(2025, 7, 1) + timedelta(days=n),
        )
        make_participation(meeting, 10 + n, women=5)
        make_concern(council_b, submitted_on=date(2025, 8, 1) + timedelta(days=n))
        plan = make_plan(
            council_b, year=2020 + n, status=PlanStatus.ADOPTED, adopted_on=date(2020 + n, 3, 1)
        )
        make_item(plan)
    assert counts() == few
    assert len(csv_rows(client, "consultations")) == 8
    assert len(csv_rows(client, "plans")) == 7


def test_signed_in_page_adds_only_the_user_query(login, users, count_queries):
    client = login(users["ministry"])
    with count_queries() as counter:
        assert client.get("/transparency/").status_code == 200
    assert counter.count == 6


def test_page_documents_every_dataset_with_links(client):
    html = client.get("/transparency/").get_data(as_text=True)
    for dataset in DATASETS.values():
        assert f'href="/transparency/data/{dataset.name}.csv"' in html
        assert f'href="/transparency/data/{dataset.name}.json"' in html
        for column in dataset.column_names:
            assert f"<code>{column}</code>" in html
    assert 'rel="license">CC BY 4.0</a>' in html
