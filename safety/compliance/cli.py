"""`flask compliance`: the dashboard's findings on a date, as a table, JSON or CSV."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from safety.compliance.evaluation import CouncilCompliance, load_compliance
from safety.compliance.grid import RULE_IDS, as_records, csv_text
from safety.compliance.rules import Status
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.dates import today
from safety.db import get_session

LANGUAGES = ("sq", "sr", "en")

# Short enough for 18 columns in a terminal; "BREACH" in capitals so it stands out.
TABLE_WORDS = {
    Status.OK: "ok",
    Status.WARNING: "warn",
    Status.BREACH: "BREACH",
    Status.NOT_APPLICABLE: "n/a",
}


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD.") from None
    # The same limits as the dashboard's date: records only know what has happened.
    if day > today():
        raise click.BadParameter(f"{value} is in the future; findings exist up to today.")
    if day < EARLIEST_APPOINTMENT:
        raise click.BadParameter(f"{value} is before any council existed (10 June 1999).")
    return day


def _table(rows: list[CouncilCompliance], records: list[dict], with_findings: bool) -> str:
    name_width = max([len("municipality"), *(len(record["municipality"]) for record in records)])
    header = ["code", "municipality".ljust(name_width), "overall".ljust(7)]
    lines = ["  ".join([*header, *(rule.ljust(6) for rule in RULE_IDS)]).rstrip()]
    for row, record in zip(rows, records, strict=True):
        cells = [
            record["code"].ljust(4),
            record["municipality"].ljust(name_width),
            TABLE_WORDS[row.overall].ljust(7),
            *(TABLE_WORDS[finding.status].ljust(6) for finding in row.findings),
        ]
        lines.append("  ".join(cells).rstrip())
        if with_findings:
            for finding in record["findings"]:
                status = TABLE_WORDS[Status(finding["status"])]
                lines.append(f"    {finding['rule']} {status:<6} {finding['explanation']}")
    return "\n".join(lines) + "\n"


@click.command("compliance")
@click.option(
    "--as-of",
    "as_of",
    required=True,
    callback=_as_of,
    metavar="YYYY-MM-DD",
    help="The date to judge the councils on.",
)
@click.option("--council", "code", metavar="CODE", help="One council, by municipality code (01).")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language."
)
@with_appcontext
def compliance_command(as_of: date, code: str | None, output: str, lang: str) -> None:
    """Print every council's findings on a date (or one council's), as the dashboard shows."""
    rows = load_compliance(get_session(), since=as_of).on(as_of)
    if code is not None:
        rows = [row for row in rows if row.code == code]
        if not rows:
            raise click.BadParameter(
                f"no council has the municipality code {code!r} (codes run 01-38).",
                param_hint="'--council'",
            )
    records = as_records(rows, lang)
    if output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(csv_text(records), nl=False)
    else:
        click.echo(_table(rows, records, with_findings=code is not None), nl=False)
