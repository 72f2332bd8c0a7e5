"""The yearly national evaluation report, as printable HTML and PDF."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from flask import render_template
from flask_babel import format_percent
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from safety.accounts.models import Role
from safety.auth import role_required
from safety.compliance import national
from safety.compliance.blueprint import bp
from safety.compliance.charts import Chart, grouped_bar_chart, stacked_status_chart
from safety.compliance.national import STATUS_ORDER, NationalReport, YearFigures
from safety.compliance.pdf import html_to_pdf
from safety.concerns.models import ConcernCategory, ConcernStatus
from safety.consultations.models import MeetingKind, ParticipantCommunity
from safety.dates import today
from safety.db import get_session
from safety.errors import render_error
from safety.labels import label
from safety.plans.models import ItemStatus

Comparison = list[tuple[str, int, int]]
"""Rows of (label, the year's figure, the year before's figure): a table and a chart."""


def _by_enum(
    members: Iterable[StrEnum],
    now: Mapping[str, int],
    before: Mapping[str, int],
    keep_empty: bool = True,
) -> Comparison:
    rows = [(label(member), now.get(member, 0), before.get(member, 0)) for member in members]
    return [row for row in rows if keep_empty or row[1] or row[2]]


def _comparisons(now: YearFigures, before: YearFigures) -> dict[str, Comparison]:
    """Every year-on-year table of the report, in the order the page shows them."""
    people, earlier = now.participants, before.participants
    return {
        "councils": [
            (_("Constituted by the end of the year"), now.constituted, before.constituted),
            (_("Constituted during the year"), now.newly_constituted, before.newly_constituted),
        ],
        "meetings": _by_enum(MeetingKind, now.meetings, before.meetings),
        "participants": [
            (_("Women"), people.women, earlier.women),
            (_("Men"), people.men, earlier.men),
            (_("Gender not stated"), people.gender_undisclosed, earlier.gender_undisclosed),
            (_("Under 30"), people.under_30, earlier.under_30),
            (_("30 and over"), people.aged_30_plus, earlier.aged_30_plus),
            (_("Age not stated"), people.age_undisclosed, earlier.age_undisclosed),
        ],
        "communities": _by_enum(
            ParticipantCommunity,
            people.by_community or {},
            earlier.by_community or {},
            keep_empty=False,
        ),
        "items": [
            *_by_enum(ItemStatus, now.items, before.items),
            (_("Overdue at the end of the year"), now.items_overdue, before.items_overdue),
        ],
        "categories": _by_enum(
            ConcernCategory, now.concerns_by_category, before.concerns_by_category, False
        ),
        "concern_statuses": _by_enum(
            ConcernStatus, now.concerns_by_status, before.concerns_by_status, False
        ),
    }


def _charts(report: NationalReport, comparisons: Mapping[str, Comparison]) -> dict[str, Chart]:
    this_year, year_before = str(report.year), str(report.year - 1)
    charts = {
        name: grouped_bar_chart(rows, this_year, year_before) for name, rows in comparisons.items()
    }
    statuses = {status.value: label(status) for status in STATUS_ORDER}
    current = report.current
    charts["rules"] = stacked_status_chart(list(current.by_rule.items()), statuses)
    charts["districts"] = stacked_status_chart(
        [(district, current.by_district.get(district, {})) for district in report.districts],
        statuses,
    )
    return charts


def _percent(value: float | None) -> str:
    return "\u2013" if value is None else format_percent(value, format="#,##0%")


def _page(year: int) -> str | tuple[str, int]:
    """The report's page, or a 404 page naming the years that have a report."""
    session = get_session()
    now = today()
    years = national.report_years(session, now)
    if year not in years:
        return render_error(
            404,
            _(
                "There is no national report for %(year)s: reports cover %(first)s to %(last)s.",
                year=year,
                first=years[-1],
                last=years[0],
            ),
        )
    report = national.national_report(session, year, now)
    comparisons = _comparisons(report.current, report.previous)
    return render_template(
        "compliance/national_report.html",
        report=report,
        now=report.current,
        before=report.previous,
        comparisons=comparisons,
        charts=_charts(report, comparisons),
        statuses=STATUS_ORDER,
        percent=_percent,
    )


@bp.get("/compliance/national-report/")
@role_required(Role.MINISTRY, Role.ADMIN)
def national_reports() -> str:
    """List the years a national report can be read for, with their PDFs."""
    years = national.report_years(get_session(), today())
    return render_template("compliance/national_reports.html", years=years)


@bp.get("/compliance/national-report/<int:year>")
@role_required(Role.MINISTRY, Role.ADMIN)
def national_report(year: int) -> str | tuple[str, int]:
    """Show the year's national evaluation report, ready to print."""
    return _page(year)


@bp.get("/compliance/national-report/<int:year>.pdf")
@role_required(Role.MINISTRY, Role.ADMIN)
def national_report_pdf(year: int) -> Response | tuple[str, int]:
    """Download the same page as a PDF, laid out by its print style sheet."""
    page = _page(year)
    if isinstance(page, tuple):
        return page
    filename = f"national-report-{year}.pdf"
    return Response(
        html_to_pdf(page),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
