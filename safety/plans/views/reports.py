"""Activity reports: a council's reports by year, drafting one, editing, submitting, printing.

Every route asks `safety.plans.access`: a draft is for the council's staff (others get 404,
with nothing of the report in the page), a submitted report is public and read-only; only the
council's own secretary drafts, edits and submits (the ministry and administrators get 403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from safety.concerns.answer_days import answer_days_today
from safety.consultations.records import body_text, text_to_html
from safety.consultations.views.paper import PAPER_LANGUAGES, long_date
from safety.councils.models import Council
from safety.dates import today
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import LANGUAGE_TAGS, current_language
from safety.labels import label
from safety.plans.access import (
    can_edit_report,
    is_council_secretary,
    is_council_staff,
    readable_report,
    writable_report,
)
from safety.plans.blueprint import bp
from safety.plans.models import ActivityReport
from safety.plans.queries import council_or_404
from safety.plans.report_forms import NewReportForm, ReportTextForm, SubmitReportForm
from safety.plans.reports import Period, draft_body, report_data, report_years
from safety.versioning import commit_if_current, rebase_on

Page = Response | str | tuple[str, int]


def _report_options() -> tuple[Any, ...]:
    """The report with its council's name: every report page shows the heading."""
    return (joinedload(ActivityReport.council).joinedload(Council.municipality),)


def _period(report: ActivityReport) -> Period:
    return Period(report.kind, report.year)


def _submitted_refusal() -> tuple[str, int]:
    return render_error(
        400, _("This report has been submitted to the Municipal Assembly and can no longer change.")
    )


def _existing_report(council_id: int, form: NewReportForm) -> ActivityReport | None:
    return (
        get_session()
        .scalars(
            select(ActivityReport).where(
                ActivityReport.council_id == council_id,
                ActivityReport.kind == form.kind.data,
                ActivityReport.year == form.year.data,
            )
        )
        .one_or_none()
    )


# The list and the new draft ------------------------------------------------------------------


@bp.get("/councils/<int:council_id>/reports/")
def reports(council_id: int) -> str:
    """A council's mid-year and annual reports by year: submitted, drafts (for its staff),
    and which are due or missing by R17's deadlines."""
    session = get_session()
    council = council_or_404(session, council_id)
    staff = is_council_staff(current_user, council.id)
    return render_template(
        "plans/reports.html",
        council=council,
        years=report_years(session, council.id, today(), sees_drafts=staff),
        can_draft=is_council_secretary(current_user, council.id),
    )


@bp.route("/councils/<int:council_id>/reports/new", methods=["GET", "POST"])
@login_required
def new_report(council_id: int) -> Page:
    """Draft a report: the product writes it from the period's records, the secretary then
    edits it. One report per council, kind and year."""
    session = get_session()
    council = council_or_404(session, council_id)
    if not is_council_secretary(current_user, council.id):
        abort(403)
    # The list links here with the kind and year in the address.
    form = NewReportForm() if request.method == "POST" else NewReportForm(request.args or None)

    def page(status: int, existing: ActivityReport | None = None) -> tuple[str, int]:
        return render_template(
            "plans/report_form.html", council=council, report=None, form=form, existing=existing
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    existing = _existing_report(council.id, form)
    if existing is not None:
        form.form_errors.append(_("The council already has this report: open it to edit it."))
        return page(400, existing)
    period = Period(form.kind.data, form.year.data)
    days = answer_days_today()
    data = report_data(
        session, council, period, today=today(), answer_days=days, language=current_language()
    )
    report = ActivityReport(
        council_id=council.id,
        kind=period.kind,
        year=period.year,
        body=draft_body(data, answer_days=days),
    )
    session.add(report)
    try:
        session.commit()
    except IntegrityError:
        # Another request drafted the same report meanwhile.
        session.rollback()
        council = council_or_404(session, council_id)
        form.form_errors.append(_("The council already has this report: open it to edit it."))
        return page(400, _existing_report(council.id, form))
    flash(_("The report has been drafted from the period's records. Read and edit it."), "success")
    return redirect(url_for("plans.report", report_id=report.id))


# One report ----------------------------------------------------------------------------------


@bp.get("/reports/<int:report_id>")
def report(report_id: int) -> str:
    """A report as written: public once submitted, for the council's staff while a draft."""
    report = readable_report(report_id, *_report_options())
    return render_template(
        "plans/report.html",
        report=report,
        council=report.council,
        period=_period(report),
        can_edit=can_edit_report(current_user, report) and report.submitted_on is None,
    )


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit_report(report_id: int) -> Page:
    """Edit a draft's text like minutes; a second save from a stale page answers 409."""
    report = writable_report(report_id, *_report_options())
    if report.submitted_on is not None:
        return _submitted_refusal()
    form = ReportTextForm(version=report.version_id)
    if request.method == "GET":
        form.text.data = body_text(report.body)

    def page(status: int, current: ActivityReport, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "plans/report_form.html",
            council=current.council,
            report=current,
            form=form,
            conflict=conflict,
            stored={"text": body_text(current.body)},
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200, report)
    report.body = text_to_html(form.text.data)
    session = get_session()
    if not commit_if_current(session, report, form.version.data):
        current = writable_report(report_id, *_report_options())
        if current.submitted_on is not None:
            return _submitted_refusal()
        rebase_on(form.version, current)
        return page(409, current, conflict=True)
    flash(_("The report has been saved."), "success")
    return redirect(url_for("plans.report", report_id=report.id))


@bp.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@login_required
def submit_report(report_id: int) -> Page:
    """Record the day the report went to the Municipal Assembly; it is then public and final."""
    report = writable_report(report_id, *_report_options())
    if report.submitted_on is not None:
        return _submitted_refusal()
    period = _period(report)
    form = SubmitReportForm(period_end=period.last_day, version=report.version_id)
    if request.method == "GET":
        # Usually sent the day it is recorded; never offered before the period is over.
        form.submitted_on.data = today() if today() >= period.last_day else None

    def page(status: int, current: ActivityReport, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "plans/report_submit.html",
            council=current.council,
            report=current,
            period=period,
            form=form,
            conflict=conflict,
            stored={"submitted_on": current.submitted_on},
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200, report)
    report.submitted_on = form.submitted_on.data
    session = get_session()
    if not commit_if_current(session, report, form.version.data):
        current = writable_report(report_id, *_report_options())
        if current.submitted_on is not None:
            return _submitted_refusal()
        rebase_on(form.version, current)
        return page(409, current, conflict=True)
    flash(_("The report has been recorded as submitted to the Municipal Assembly."), "success")
    return redirect(url_for("plans.report", report_id=report.id))


# The printable report ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintColumn:
    """The printed report's fixed texts in one official language."""

    language: str
    tag: str
    texts: dict[str, str]


def print_column(report: ActivityReport, language: str) -> PrintColumn:
    period = _period(report)
    municipality = report.council.municipality
    with force_locale(language):
        if report.submitted_on is None:
            submitted = _("Draft: not yet submitted to the Municipal Assembly.")
        else:
            submitted = _(
                "Submitted to the Municipal Assembly on %(date)s.",
                date=long_date(report.submitted_on, language),
            )
        texts = {
            "republic": _("Republic of Kosovo"),
            "council": _("Municipal Community Safety Council"),
            "municipality": municipality.name(language),
            "title": label(report.kind),
            "period": _(
                "Period: %(first)s to %(last)s",
                first=long_date(period.first_day, language),
                last=long_date(period.last_day, language),
            ),
            "submitted": submitted,
            "chair": _("Chair of the Council"),
            "secretary": _("Secretary of the Council"),
        }
    return PrintColumn(language, LANGUAGE_TAGS.get(language, language), texts)


@bp.get("/reports/<int:report_id>/print")
def print_report(report_id: int) -> str:
    """The report on A4: its heading and signatures in Albanian and Serbian, the text as
    written."""
    report = readable_report(report_id, *_report_options())
    return render_template(
        "plans/report_print.html",
        report=report,
        council=report.council,
        columns=[print_column(report, language) for language in PAPER_LANGUAGES],
    )
