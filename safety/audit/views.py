"""The audit-trail browser: read-only, filterable, newest first. No route changes audit rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms import SelectChoice

from safety.accounts.models import Role
from safety.audit.forms import AuditFilterForm
from safety.audit.models import AUDIT_ACTION_LABELS, AuditAction, AuditEvent
from safety.auth import role_required
from safety.dates import KOSOVO_TZ
from safety.db import Base, get_session
from safety.pagination import paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str | None
    new: str


def audited_entity_types() -> list[str]:
    """Table names of every model the audit listener records, from the mappers (no query)."""
    return sorted(
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audit__", True)
    )


def _display(value: Any) -> str:
    """A stored JSON value as short text for a table cell (never a Python repr)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    """The event's changes as rows; updates carry [old, new] pairs, other events plain values."""
    if not isinstance(event.changes, dict):
        return []
    rows = []
    for key, value in sorted(event.changes.items()):
        if event.action == AuditAction.UPDATE and isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(key, _display(value[0]), _display(value[1])))
        else:
            rows.append(ChangeRow(key, None, _display(value)))
    return rows


def _start_of_day_utc(day: date) -> datetime:
    """Midnight of `day` in Kosovo, as UTC (the dates people type are local dates)."""
    return datetime.combine(day, time.min, tzinfo=KOSOVO_TZ).astimezone(UTC)


@bp.get("/")
@role_required(Role.ADMIN, Role.MINISTRY)
def index() -> str | tuple[str, int]:
    """List audit events, newest first, with filters and older/newer pages."""
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", _("All actions")),
        *(SelectChoice(action.value, str(text)) for action, text in AUDIT_ACTION_LABELS.items()),
    ]
    form.entity_type.choices = [
        SelectChoice("", _("All records")),
        *(SelectChoice(name) for name in audited_entity_types()),
    ]
    if not form.validate():
        return render_template("audit/index.html", form=form, events=[]), 400
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
    page = paginate(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()),
        get_session().scalars,
        form,
    )
    return render_template(
        "audit/index.html",
        form=form,
        events=[(event, change_rows(event)) for event in page.items],
        newer_url=page.newer_url,
        older_url=page.older_url,
    )
