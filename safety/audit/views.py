"""The audit-trail browser and its CSV export: read-only, filterable, newest first.

No route here (or anywhere) changes audit rows, and the database refuses it anyway.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Select, func, select
from wtforms import SelectChoice

from safety.audit.describe import Describer, record_type_choices
from safety.audit.export import stream_csv
from safety.audit.forms import AuditFilterForm
from safety.audit.models import AUDIT_ACTION_LABELS, AuditAction, AuditEvent
from safety.dates import KOSOVO_TZ, today
from safety.db import get_session
from safety.i18n import current_language
from safety.pagination import filter_args, paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.before_request
@login_required
def _readers_only() -> None:
    """Every page of the trail: the same predicate the navigation asks (denied by default)."""
    if not current_user.can_read_audit_trail():
        abort(403)


def _start_of_day_utc(day: date) -> datetime:
    """Midnight of `day` in Kosovo, as UTC (the dates people type are local dates)."""
    return datetime.combine(day, time.min, tzinfo=KOSOVO_TZ).astimezone(UTC)


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", _("All actions")),
        *(SelectChoice(action.value, str(text)) for action, text in AUDIT_ACTION_LABELS.items()),
    ]
    form.entity_type.choices = [
        SelectChoice("", _("All records")),
        *(SelectChoice(name, text) for name, text in record_type_choices()),
    ]
    return form


def _filtered(form: AuditFilterForm) -> Select[Any]:
    """The events the (valid) filters select, newest first: one query for page and export."""
    query = select(AuditEvent)
    if form.action.data:
        query = query.where(AuditEvent.action == AuditAction(form.action.data))
    if form.entity_type.data:
        query = query.where(AuditEvent.entity_type == form.entity_type.data)
    if form.actor.data and form.actor.data.strip():
        needle = form.actor.data.strip().lower()
        query = query.where(func.lower(AuditEvent.actor_label).contains(needle, autoescape=True))
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _start_of_day_utc(form.date_from.data))
    if form.date_to.data:
        next_day = form.date_to.data + timedelta(days=1)
        query = query.where(AuditEvent.occurred_at < _start_of_day_utc(next_day))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def _describer() -> Describer:
    return Describer(get_session(), current_language(), current_user.role)


def _invalid(form: AuditFilterForm) -> tuple[str, int]:
    return render_template("audit/index.html", form=form, entries=[], export_url=None), 400


@bp.get("/")
def index() -> str | tuple[str, int]:
    """List audit events, newest first, with filters and older/newer pages."""
    form = _filter_form()
    if not form.validate():
        return _invalid(form)
    page = paginate(_filtered(form), get_session().scalars, form)
    return render_template(
        "audit/index.html",
        form=form,
        entries=_describer().describe(page.items),
        newer_url=page.newer_url,
        older_url=page.older_url,
        export_url=url_for("audit.export_csv", **filter_args(form)),
    )


@bp.get("/export.csv")
def export_csv() -> Response | tuple[str, int]:
    """Download the events the filters select as CSV (every page, newest first)."""
    form = _filter_form()
    if not form.validate():
        return _invalid(form)
    rows = stream_csv(_filtered(form), current_language(), current_user.role)
    filename = f"audit-trail-{today().isoformat()}.csv"
    return Response(
        stream_with_context(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
