"""The councils x rules grid: filters, sort orders, counts and export records.

The dashboard, its CSV and JSON exports and the `flask compliance` command all read findings
from `evaluation.load_compliance(...).on(as_of)` and shape them here, so the four cannot
disagree. Nothing here queries the database or reads the clock.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale

from safety.collation import sort_key
from safety.compliance.evaluation import CouncilCompliance
from safety.compliance.explanations import explain
from safety.compliance.rules import REASONS, Finding, Status
from safety.csv_cells import safe_cell

RULE_IDS: tuple[str, ...] = tuple(REASONS)
"""R01-R18, in rule order: the grid's columns."""

STATUS_ORDER = (Status.BREACH, Status.WARNING, Status.OK, Status.NOT_APPLICABLE)
"""Worst first, as the overall status ranks them (decided reading 21)."""

SEVERITY = {status: len(STATUS_ORDER) - rank for rank, status in enumerate(STATUS_ORDER)}
"""A larger number is a worse status, for sorting by severity."""

NAME_SORTS = ("municipality", "code")
SORTS: tuple[str, ...] = (*NAME_SORTS, "overall", *RULE_IDS)
"""What the grid can be sorted by: a name, a code, or the severity of a status column."""


def worst_first(sort: str) -> bool:
    """Whether a column sorts descending when first chosen: statuses worst first, names A-Z."""
    return sort not in NAME_SORTS


CSV_COLUMNS = ("code", "municipality", "overall", "rule", "status", "explanation", "thresholds")
"""The CSV's header: machine names like the JSON's keys, so scripts read both alike."""


@dataclass(frozen=True)
class GridQuery:
    """The date, filters and order of one view of the grid.

    A `rule` without a `rule_status` keeps the councils that do not meet that rule or are
    slipping on it (breach or warning): the ministry's usual question, "who fails R06?". The
    grid always keeps all 18 columns, so filtered views stay comparable side by side.
    """

    as_of: date
    district: str = ""
    osce_region: str = ""
    majority: str = ""
    overall: Status | None = None
    rule: str = ""
    rule_status: Status | None = None
    sort: str = "municipality"
    descending: bool = False

    def matches(self, row: CouncilCompliance) -> bool:
        municipality = row.municipality
        if self.district and municipality.district != self.district:
            return False
        if self.osce_region and municipality.osce_region != self.osce_region:
            return False
        if self.majority and municipality.majority_community != self.majority:
            return False
        if self.overall is not None and row.overall != self.overall:
            return False
        if self.rule:
            status = row.finding(self.rule).status
            wanted = (
                {self.rule_status}
                if self.rule_status is not None
                else {Status.BREACH, Status.WARNING}
            )
            return status in wanted
        return True


def select_rows(rows: Iterable[CouncilCompliance], query: GridQuery) -> list[CouncilCompliance]:
    """The councils the query's filters keep."""
    return [row for row in rows if query.matches(row)]


def sort_rows(
    rows: Iterable[CouncilCompliance], query: GridQuery, language: str
) -> list[CouncilCompliance]:
    """`rows` in the query's order; ties (same status) stay in municipality-name order."""
    key = sort_key(language)
    by_name = sorted(rows, key=lambda row: key(row.municipality.name(language)))
    if query.sort == "municipality":
        return list(reversed(by_name)) if query.descending else by_name
    if query.sort == "code":
        return sorted(by_name, key=lambda row: row.code, reverse=query.descending)
    if query.sort == "overall":
        return sorted(by_name, key=lambda row: SEVERITY[row.overall], reverse=query.descending)
    # Python's sort is stable, also in reverse, so equal statuses keep the name order.
    return sorted(
        by_name,
        key=lambda row: SEVERITY[row.finding(query.sort).status],
        reverse=query.descending,
    )


def rule_counts(rows: Sequence[CouncilCompliance]) -> dict[str, Counter[Status]]:
    """For each rule, how many of `rows` have each status on it."""
    counts: dict[str, Counter[Status]] = {rule: Counter() for rule in RULE_IDS}
    for row in rows:
        for finding in row.findings:
            counts[finding.rule][finding.status] += 1
    return counts


def overall_counts(rows: Sequence[CouncilCompliance]) -> Counter[Status]:
    """How many of `rows` have each overall status."""
    return Counter(row.overall for row in rows)


def jsonable(value: Any) -> Any:
    """A threshold value as JSON can hold it: dates as ISO text, anything odd as text."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "status": finding.status.value,
        "explanation": explain(finding),
        "thresholds": {name: jsonable(value) for name, value in finding.thresholds.items()},
    }


def _record(row: CouncilCompliance, locale: str) -> dict[str, Any]:
    return {
        "code": row.code,
        "municipality": row.municipality.name(locale),
        "overall": row.overall.value,
        "findings": [_finding_record(finding) for finding in row.findings],
    }


def as_record(row: CouncilCompliance, locale: str) -> dict[str, Any]:
    """One council's findings in the command's JSON shape, explained in `locale`."""
    with force_locale(locale):
        return _record(row, locale)


def as_records(rows: Iterable[CouncilCompliance], locale: str) -> list[dict[str, Any]]:
    """Every council's record, in `rows` order."""
    # One locale switch for all councils: each switch drops Babel's loaded catalogue.
    with force_locale(locale):
        return [_record(row, locale) for row in rows]


def thresholds_text(thresholds: Mapping[str, Any]) -> str:
    """A finding's thresholds in one cell: "name=value; name=value"."""
    return "; ".join(f"{name}={value}" for name, value in thresholds.items())


def csv_text(records: Iterable[Mapping[str, Any]]) -> str:
    """The records as CSV, one row per council and rule, every cell safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for finding in record["findings"]:
            cells = (
                record["code"],
                record["municipality"],
                record["overall"],
                finding["rule"],
                finding["status"],
                finding["explanation"],
                thresholds_text(finding["thresholds"]),
            )
            writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
