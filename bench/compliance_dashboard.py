"""The compliance dashboard on 10 years of data: load_compliance, its queries raw, and the page.

Builds 38 councils x 10 years (about 40k concerns, 4k meetings, 380 plans with 4k items, the
quality bar's performance #1) in a temporary SQLite file with bulk inserts, then times
`load_compliance(session).on(today)` in a fresh session per run, each of its queries inside
the app and raw through `sqlite3` (the page's-SQL baseline) with its `EXPLAIN QUERY PLAN`,
and GET /compliance/ as the ministry when that endpoint exists. Not run in CI; compare the
ratios printed, never absolute times (shared, noisy machines).

    .venv/bin/python bench/compliance_dashboard.py [--runs 30] [--keep path.db]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from datetime import time as time_of_day
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from flask import Flask  # noqa: E402
from flask_login import FlaskLoginClient  # noqa: E402
from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.engine import Connection, Engine  # noqa: E402

from safety import create_app  # noqa: E402
from safety.accounts.models import Role, User  # noqa: E402
from safety.compliance.evaluation import load_compliance  # noqa: E402
from safety.compliance.facts import (  # noqa: E402
    concern_facts_by_council,
    meeting_facts_by_council,
    plan_facts_by_council,
)
from safety.councils.models import Council, Municipality  # noqa: E402
from safety.db import Base  # noqa: E402
from safety.seed import seed_municipalities  # noqa: E402

YEARS = 10
SEED = 20261201
COUNCIL_MEETINGS_A_YEAR = 8
CONSULTATIONS_A_YEAR = 2
CONCERNS_A_YEAR = 105
ITEMS_A_PLAN = 10
MEMBERS = 12
ROLES = (
    "chair",
    "police_commander",
    "municipal_official",
    "municipal_official",
    "religious_community",
    "civil_society",
    "civil_society",
    "community_representative",
    "municipal_official",
    "civil_society",
    "religious_community",
    "municipal_official",
)
COMMUNITIES = ("albanian", "serb", "bosniak", "turkish", "roma", "ashkali", "egyptian", "gorani")


# -- The data set ------------------------------------------------------------------------


class Rows:
    """Rows per table with ids given here, so children can point at parents without reading
    anything back; inserted in the metadata's dependency order."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def add(self, table: str, **values: Any) -> int:
        rows = self.tables.setdefault(table, [])
        values["id"] = len(rows) + 1
        rows.append(values)
        return values["id"]

    def insert(self, connection: Connection) -> None:
        for table in Base.metadata.sorted_tables:
            rows = self.tables.get(table.name)
            if rows:
                # Same keys in every row of a table, so executemany binds once per batch.
                keys = set().union(*(row.keys() for row in rows))
                connection.execute(
                    table.insert(), [{key: row.get(key) for key in keys} for row in rows]
                )

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.tables.items()}


def add_council(
    rows: Rows, rng: random.Random, council_id: int, code: str, first_year: int, today: date
) -> None:
    """One council's ten years: its decision, roster with turnover, meetings, concerns,
    plans and reports, with lapses drawn at random so every status occurs."""
    constituted = date(first_year, 1, 1) + timedelta(days=rng.randrange(0, 60))
    rows.add(
        "council_decisions",
        council_id=council_id,
        kind="constituting",
        number=f"{code}-{first_year}",
        decided_on=constituted,
    )
    members: list[tuple[int, date, date | None]] = []
    for seat, role in enumerate(ROLES):
        appointed = constituted
        # Each seat changes hands every four years or so: the one before leaves that day.
        while appointed <= today:
            left = appointed + timedelta(days=rng.randrange(900, 1800))
            left_on = left if left <= today else None
            member_id = rows.add(
                "members",
                council_id=council_id,
                full_name=f"Member {council_id}-{seat}-{appointed.year}",
                role=role,
                community=rng.choice(COMMUNITIES[:3]),
                gender=rng.choice(("female", "male")),
                birth_year=rng.randrange(1955, 2003),
                appointed_on=appointed,
                left_on=left_on,
                term_ends_on=None,
                is_publicly_named=True,
            )
            members.append((member_id, appointed, left_on))
            appointed = left
    # A council's lapses: some councils meet less, answer later or forward plans late.
    diligence = rng.random()
    for year in range(first_year, today.year + 1):
        add_meetings(rows, rng, council_id, members, year, constituted, today, diligence)
        add_concerns(rows, rng, council_id, code, year, constituted, today, diligence)
        add_plan(rows, rng, council_id, year, today, diligence)


def add_meetings(
    rows: Rows,
    rng: random.Random,
    council_id: int,
    members: list[tuple[int, date, date | None]],
    year: int,
    constituted: date,
    today: date,
    diligence: float,
) -> None:
    kinds = ["regular"] * COUNCIL_MEETINGS_A_YEAR + ["public_consultation"] * CONSULTATIONS_A_YEAR
    if rng.random() < 0.5:
        kinds.append("community_activity")
    for kind in kinds:
        held_on = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
        if held_on > today or held_on < constituted or rng.random() > 0.6 + diligence / 2:
            continue
        meeting_id = rows.add(
            "meetings",
            council_id=council_id,
            kind=kind,
            status="held",
            title=f"{kind} {held_on}",
            scheduled_on=held_on,
            held_on=held_on,
            starts_at=time_of_day(10, 0),
            interpretation=rng.random() < 0.3,
            settlement_community=rng.choice((None, *COMMUNITIES[:3])),
        )
        rows.add("meeting_hosts", meeting_id=meeting_id, council_id=council_id)
        if kind != "community_activity":
            minutes_on = held_on + timedelta(days=rng.randrange(1, 40))
            rows.add(
                "meeting_records",
                meeting_id=meeting_id,
                status="approved" if kind == "regular" else "published",
                body="<p>Minutes.</p>",
                written_on=held_on,
                minutes_on=minutes_on if minutes_on <= today else None,
                approved_on=None,
            )
        if kind == "regular":
            for member_id, appointed, left_on in members:
                if appointed <= held_on and (left_on is None or left_on > held_on):
                    status = "present" if rng.random() < 0.5 + diligence / 2 else "absent"
                    rows.add(
                        "attendances", meeting_id=meeting_id, member_id=member_id, status=status
                    )
        else:
            total = rng.randrange(10, 80)
            women = rng.randrange(0, total // 2 + 1)
            under_30 = rng.randrange(0, total // 3 + 1)
            rows.add(
                "participations",
                meeting_id=meeting_id,
                total=total,
                women=women,
                men=total - women,
                gender_undisclosed=0,
                under_30=under_30,
                aged_30_plus=total - under_30,
                age_undisclosed=0,
            )
            other = rng.randrange(0, total // 4 + 1)
            for community, count in (("albanian", total - other), ("serb", other)):
                if count:
                    rows.add(
                        "participation_communities",
                        meeting_id=meeting_id,
                        community=community,
                        count=count,
                    )


def add_concerns(
    rows: Rows,
    rng: random.Random,
    council_id: int,
    code: str,
    year: int,
    constituted: date,
    today: date,
    diligence: float,
) -> None:
    for _ in range(CONCERNS_A_YEAR):
        submitted = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
        if submitted > today or submitted < constituted:
            continue
        serious = rng.random() < 0.05
        concern_id = rows.add(
            "concerns",
            council_id=council_id,
            reference=f"B{code}-{len(rows.tables.get('concerns', ())) + 1:07d}",
            title="Street lights out",
            description="The street lights on the road to the school are out.",
            category="lighting_and_infrastructure",
            settlement="Centre",
            submitted_on=submitted,
            serious_incident=serious,
            incident_on=submitted - timedelta(days=rng.randrange(0, 3)) if serious else None,
            sensitivity="public",
            channel="phone",
            status="submitted",
            reviewed_on=submitted,
            deleted_on=submitted + timedelta(days=2) if rng.random() < 0.01 else None,
            search_text="street lights out",
        )
        rows.add("concern_events", concern_id=concern_id, status="submitted", changed_on=submitted)
        review = submitted + timedelta(days=rng.randrange(1, 10))
        if review <= today:
            rows.add(
                "concern_events", concern_id=concern_id, status="under_review", changed_on=review
            )
        answered = submitted + timedelta(days=int(rng.expovariate(1 / (5 + 40 * (1 - diligence)))))
        if answered <= today and rng.random() < 0.95:
            rows.add(
                "concern_events",
                concern_id=concern_id,
                status="resolved",
                changed_on=max(answered, review),
                answer="Resolved with the directorate.",
            )


def add_plan(
    rows: Rows, rng: random.Random, council_id: int, year: int, today: date, diligence: float
) -> None:
    starts = date(year, 1, 10) + timedelta(days=rng.randrange(0, 30))
    if starts > today:
        return
    adopted = starts + timedelta(days=rng.randrange(10, 80))
    forwarded = adopted + timedelta(days=int(rng.expovariate(1 / (5 + 30 * (1 - diligence)))))
    plan_id = rows.add(
        "action_plans",
        council_id=council_id,
        year=year,
        title=f"Action plan {year}",
        summary="Safer roads to school.",
        status="forwarded_to_assembly" if forwarded <= today else "adopted",
        comment_starts_on=starts,
        comment_ends_on=starts + timedelta(days=rng.randrange(10, 30)),
        adopted_on=adopted if adopted <= today else None,
        report_published_on=adopted + timedelta(days=rng.randrange(5, 45)),
        forwarded_on=forwarded if adopted <= today and forwarded <= today else None,
    )
    if adopted > today:
        rows.tables["action_plans"][-1]["status"] = "open_for_comment"
    for position in range(1, ITEMS_A_PLAN + 1):
        item_starts = date(year, 2, 1)
        deadline = item_starts + timedelta(days=rng.randrange(30, 320))
        item_id = rows.add(
            "plan_items",
            plan_id=plan_id,
            position=position,
            objective="A safer route to school",
            activity=f"Activity {position}",
            responsible_kind="municipal_directorate",
            responsible_name="Public Services Directorate",
            starts_on=item_starts,
            deadline=deadline,
        )
        if item_starts <= today:
            rows.add(
                "item_status_events", item_id=item_id, status="in_progress", changed_on=item_starts
            )
        done = deadline + timedelta(days=rng.randrange(-60, 90 - int(60 * diligence)))
        if done <= today and done >= item_starts:
            rows.add("item_status_events", item_id=item_id, status="done", changed_on=done)
    for kind, due in (("annual", date(year + 1, 1, 31)), ("midyear", date(year, 7, 31))):
        submitted = due + timedelta(days=rng.randrange(-30, 20))
        if submitted <= today:
            rows.add(
                "activity_reports",
                council_id=council_id,
                kind=kind,
                year=year,
                body="<p>Report.</p>",
                submitted_on=submitted,
            )


def add_holidays(rows: Rows, first_year: int, today: date) -> None:
    for year in range(first_year, today.year + 1):
        for month, day, name in (
            (1, 1, "New Year"),
            (2, 17, "Independence Day"),
            (5, 1, "Labour Day"),
        ):
            rows.add(
                "holidays",
                day=date(year, month, day),
                name_sq=name,
                name_sr=name,
                name_en=name,
                kind="fixed",
            )


def build(path: Path, today: date) -> Flask:
    url = f"sqlite:///{path}"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SESSION_COOKIE_SECURE": False})
    engine: Engine = app.extensions["safety.db"]["engine"]
    with app.app_context():
        session = app.extensions["safety.db"]["write"]()
        seed_municipalities(session)
        session.add(
            User(
                email="ministry@bench.invalid",
                full_name="Ministry reviewer",
                role=Role.MINISTRY,
                password_hash="!",  # noqa: S106  (no password: the bench signs in directly)
            )
        )
        session.commit()
        councils = session.execute(
            select(Council.id, Municipality.code).join(Council.municipality).order_by(Council.id)
        ).all()
        session.close()
    rng = random.Random(SEED)
    rows = Rows()
    first_year = today.year - YEARS + 1
    for council_id, code in councils:
        add_council(rows, rng, council_id, code, first_year, today)
    add_holidays(rows, first_year, today)
    started = time.perf_counter()
    with engine.begin() as connection:
        rows.insert(connection)
    with sqlite3.connect(path) as raw:
        raw.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f} s:")
    for table, count in rows.counts().items():
        print(f"  {table:<26}{count:>8}")
    return app


# -- Measuring ---------------------------------------------------------------------------


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any, float]]]:
    """(statement, parameters, seconds in execute) of every query run inside."""
    found: list[tuple[str, Any, float]] = []

    def before(conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            found.append((statement, parameters, time.perf_counter() - conn.info["bench_started"]))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def timings(action: Callable[[], Any], runs: int) -> list[float]:
    action()  # warm caches and compiled statements
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        found.append(time.perf_counter() - started)
    return found


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<34} p50 {statistics.median(ordered) * 1000:8.1f} ms"
        f"   p95 {p95 * 1000:8.1f} ms   ({len(ordered)} runs)"
    )


def label(statement: str) -> str:
    """The first table of the outermost FROM, to tell the queries apart."""
    depth = 0
    words = []
    for word in statement.replace("(", " ( ").replace(")", " ) ").split():
        depth += (word == "(") - (word == ")")
        if depth == 0 and word not in "()":
            words.append(word)
    upper = [word.upper() for word in words]
    table = words[upper.index("FROM") + 1] if "FROM" in upper[:-1] else "?"
    return f"{words[0]} ... FROM {table}"


def facts_breakdown(app: Flask, runs: int) -> None:
    """Each facts function alone (its query, fetching and building the facts)."""
    read = app.extensions["safety.db"]["read"]
    session = read()
    ids = list(session.scalars(select(Council.id)))
    session.close()
    for function in (meeting_facts_by_council, concern_facts_by_council, plan_facts_by_council):

        def run(function: Callable[..., Any] = function) -> Any:
            session = read()
            try:
                return function(session, ids)
            finally:
                session.close()

        print(summary(function.__name__, timings(run, runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="copy the built database here")
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compliance.db"
        app = build(path, today)
        if args.keep:
            shutil.copy(path, args.keep)
        engine: Engine = app.extensions["safety.db"]["engine"]
        read = app.extensions["safety.db"]["read"]

        def evaluate() -> Any:
            session = read()
            try:
                return load_compliance(session).on(today)
            finally:
                session.close()

        with app.app_context():
            found = evaluate()
            with statements(engine) as queries:
                evaluate()
            overall: dict[str, int] = {}
            for item in found:
                overall[str(item.overall)] = overall.get(str(item.overall), 0) + 1
            print(f"\n{len(found)} councils on {today}, overall: {overall}")
            print(f"load_compliance + .on(today): {len(queries)} queries")
            load_times = timings(evaluate, args.runs)

            def load_only() -> Any:
                session = read()
                try:
                    return load_compliance(session)
                finally:
                    session.close()

            facts = load_only()
            print(summary("load_compliance", timings(load_only, args.runs)))
            print(summary(".on(today) (no SQL)", timings(lambda: facts.on(today), args.runs)))
            print(summary("load_compliance + .on(today)", load_times))
            facts_breakdown(app, args.runs)
            trend_days = [today - timedelta(days=30 * n) for n in range(12)]
            print(
                summary(
                    ".on() for 12 month ends",
                    timings(lambda: [facts.on(day) for day in trend_days], max(3, args.runs // 5)),
                )
            )

        print("\nEach query: execute in the app, execute + fetch raw via sqlite3, rows, plan")
        raw = sqlite3.connect(path)
        summed = 0.0
        for number, (statement, parameters, in_app) in enumerate(queries, start=1):
            raw_times = []
            for _ in range(max(5, args.runs // 3)):
                started = time.perf_counter()
                result = raw.execute(statement, parameters).fetchall()
                raw_times.append(time.perf_counter() - started)
            raw_median = statistics.median(raw_times)
            summed += raw_median
            print(
                f"  {number}. {label(statement):<44} app {in_app * 1000:7.1f} ms"
                f"   raw {raw_median * 1000:7.1f} ms   {len(result):>7} rows"
            )
            plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            for step in plan:
                detail = step[-1]
                # A SCAN without an index reads the whole table: worth a look on 10 years.
                marker = "!" if detail.startswith("SCAN") and "INDEX" not in detail else " "
                print(f"       {marker} {detail}")
        print(f"  summed raw query time {summed * 1000:.1f} ms")
        page(app, today, args.runs, engine, summed)


def page(app: Flask, today: date, runs: int, engine: Engine, summed: float) -> None:
    """GET /compliance/ as the ministry, if the dashboard exists yet."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule == "/compliance/"]
    if not rules or "GET" not in (rules[0].methods or ()):
        print("\nGET /compliance/: no such route yet, page not measured")
        return
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        session = app.extensions["safety.db"]["read"]()
        ministry = session.scalars(select(User).where(User.role == Role.MINISTRY)).one()
        session.close()
    client = app.test_client(user=ministry)
    headers = {"Accept-Language": "en"}
    response = client.get("/compliance/", headers=headers)
    print(f"\nGET /compliance/ as ministry: {response.status_code}, {len(response.data)} bytes")
    if response.status_code != 200:
        return
    with statements(engine) as queries:
        client.get("/compliance/", headers=headers)
    print(f"  {len(queries)} queries (quality bar: at most 6)")
    for number, (statement, _parameters, in_app) in enumerate(queries, start=1):
        print(f"  {number}. {label(statement):<44} app {in_app * 1000:7.1f} ms")
    seconds = timings(lambda: client.get("/compliance/", headers=headers), runs)
    print(summary("GET /compliance/", seconds))
    ratio = statistics.median(seconds) / summed if summed else float("nan")
    print(f"  page p50 / summed raw query time: {ratio:.1f} (quality bar: at most 10)")


if __name__ == "__main__":
    main()
