"""`flask compliance`: the dashboard's findings as JSON, CSV or a table, in sq, sr or en."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from safety.compliance.evaluation import evaluate_councils
from safety.compliance.grid import RULE_IDS
from safety.councils.models import CouncilDecision, DecisionKind, MemberRole
from safety.dates import today

AS_OF = date(2025, 6, 10)
STATUSES = {"ok", "warning", "breach", "not_applicable"}


@pytest.fixture
def run(app, session):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        session.rollback()
        return runner.invoke(args=["compliance", *args])

    return invoke


@pytest.fixture
def constituted_a(session, council_a, make_member):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=date(2023, 3, 15),
        )
    )
    session.commit()
    make_member(council_a, role=MemberRole.CHAIR, appointed_on=date(2023, 3, 15))
    return council_a


def test_json_shape_and_values_match_the_evaluation(run, session, constituted_a):
    result = run("--as-of", AS_OF.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    expected = evaluate_councils(session, AS_OF)
    assert [record["code"] for record in records] == [found.code for found in expected]
    assert len(records) == 38
    for record, found in zip(records, expected, strict=True):
        assert set(record) == {"code", "municipality", "overall", "findings"}
        assert len(record["code"]) == 2
        assert record["code"].isdigit()
        assert record["municipality"] == found.municipality.name_sq
        assert record["overall"] == found.overall.value
        assert [finding["rule"] for finding in record["findings"]] == list(RULE_IDS)
        for finding, rule_finding in zip(record["findings"], found.findings, strict=True):
            assert set(finding) == {"rule", "status", "explanation", "thresholds"}
            assert finding["status"] in STATUSES
            assert finding["status"] == rule_finding.status.value
            assert finding["thresholds"] == dict(rule_finding.thresholds)
            assert finding["explanation"]
    prishtina = records[0]
    assert prishtina["findings"][0]["status"] == "ok"
    # R06 uses its thresholds, named as in decided reading 22.
    r06 = prishtina["findings"][5]
    assert r06["thresholds"] == {
        "r06_warning_days": 31,
        "r06_breach_days": 90,
        "r06_min_meetings": 4,
    }
    assert r06["status"] == "breach"
    # All four status strings occur (R09 is slipping before 30 June without a consultation).
    assert {f["status"] for r in records for f in r["findings"]} == STATUSES


def test_thresholds_in_force_on_the_date(run, session, make_threshold_change, constituted_a):
    make_threshold_change("r06_breach_days", 200, date(2025, 1, 1))
    make_threshold_change("r06_breach_days", 300, date(2025, 7, 1))
    session.commit()
    result = run("--as-of", AS_OF.isoformat(), "--format", "json", "--council", "01")
    r06 = json.loads(result.output)[0]["findings"][5]
    assert r06["thresholds"]["r06_breach_days"] == 200


def test_one_council_table_lists_its_findings(run, constituted_a):
    result = run("--as-of", AS_OF.isoformat(), "--council", "01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["code", "municipality", "overall", *RULE_IDS]
    assert lines[1].split()[:3] == ["01", "Prishtinë", "BREACH"]
    assert lines[1].split()[3] == "ok"
    assert len(lines[1].split()) == 3 + 18
    findings = lines[2:]
    assert len(findings) == 18
    assert findings[0].split()[:2] == ["R01", "ok"]
    assert findings[5] == (
        "    R06 BREACH No council meeting has been held since the council was constituted on "
        "15.03.2023, 818 days earlier. That is more than 90 days."
    )
    assert findings[8].split()[:2] == ["R09", "warn"]


def test_table_of_all_councils(run):
    result = run("--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 + 38
    assert [line.split()[0] for line in lines[1:]] == [f"{n:02d}" for n in range(1, 39)]


def test_csv_parses_with_a_row_per_council_and_rule(run, constituted_a):
    result = run("--as-of", AS_OF.isoformat(), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 38 * 18
    assert list(rows[0]) == [
        "code",
        "municipality",
        "overall",
        "rule",
        "status",
        "explanation",
        "thresholds",
    ]
    assert {row["status"] for row in rows} <= STATUSES
    r06 = rows[5]
    assert (r06["code"], r06["rule"]) == ("01", "R06")
    assert r06["thresholds"] == "r06_warning_days=31; r06_breach_days=90; r06_min_meetings=4"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", AS_OF.isoformat(), "--council", "39"], "no council has the municipality code"),
        (["--as-of", "2025-02-30"], "is not a date written YYYY-MM-DD"),
        (["--as-of", "10.06.2025"], "is not a date written YYYY-MM-DD"),
        (["--as-of", (today() + timedelta(days=1)).isoformat()], "is in the future"),
        (["--as-of", "1999-01-01"], "before any council existed"),
        (["--as-of", AS_OF.isoformat(), "--format", "xml"], "'xml' is not one of"),
        (["--as-of", AS_OF.isoformat(), "--lang", "de"], "'de' is not one of"),
        ([], "Missing option '--as-of'"),
    ],
)
def test_bad_input_is_a_clear_error(run, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output


def test_languages_change_the_explanation_and_the_name(run, app, session):
    def first_record(lang: str) -> dict:
        result = run(
            "--as-of", AS_OF.isoformat(), "--council", "07", "--format", "json", "--lang", lang
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)[0]

    english, albanian, serbian = first_record("en"), first_record("sq"), first_record("sr")
    assert english["findings"][0]["explanation"] == (
        "No constituting decision (number and date) is recorded."
    )
    assert albanian["findings"][0]["explanation"] != english["findings"][0]["explanation"]
    assert serbian["findings"][0]["explanation"] != english["findings"][0]["explanation"]
    assert (english["municipality"], albanian["municipality"], serbian["municipality"]) == (
        "Graçanicë",
        "Graçanicë",
        "Gračanica",
    )
    # Everything but the words is the same in every language.
    for other in (albanian, serbian):
        assert [(f["rule"], f["status"], f["thresholds"]) for f in other["findings"]] == [
            (f["rule"], f["status"], f["thresholds"]) for f in english["findings"]
        ]
