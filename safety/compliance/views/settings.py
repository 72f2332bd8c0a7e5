"""Administrators change thresholds from a stated date, with a reason; the ministry reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from safety.compliance.blueprint import bp
from safety.compliance.models import ThresholdChange
from safety.compliance.services import SettingsError, change_threshold
from safety.compliance.settings_access import require_changer, require_reader
from safety.compliance.settings_forms import ThresholdChangeForm
from safety.compliance.threshold_catalogue import CATALOGUE, Threshold, by_rule
from safety.compliance.thresholds import ThresholdHistory
from safety.dates import format_date, today
from safety.db import get_session


@dataclass(frozen=True)
class ThresholdRow:
    """One threshold as the page shows it: today's value, and its past and coming changes."""

    threshold: Threshold
    in_force: Any
    # Newest first; `scheduled` take effect after today.
    history: list[ThresholdChange]
    scheduled: list[ThresholdChange]


def _changes() -> list[ThresholdChange]:
    """Every change with who made it, in the order they apply (one query)."""
    return list(
        get_session().scalars(
            select(ThresholdChange)
            .options(joinedload(ThresholdChange.changed_by))
            .order_by(ThresholdChange.effective_from, ThresholdChange.id)
        )
    )


def _rows(changes: list[ThresholdChange], day: date) -> dict[str, ThresholdRow]:
    history = ThresholdHistory(
        tuple((change.effective_from, change.id, change.name, change.value) for change in changes)
    )
    in_force = history.on(day)
    rows = {}
    for name, threshold in CATALOGUE.items():
        own = [change for change in changes if change.name == name]
        rows[name] = ThresholdRow(
            threshold=threshold,
            in_force=in_force[name],
            history=[change for change in reversed(own) if change.effective_from <= day],
            scheduled=[change for change in own if change.effective_from > day],
        )
    return rows


@bp.get("/admin/thresholds")
@login_required
def thresholds() -> str:
    """List every threshold by rule: today's value, the default, its meaning, source and history."""
    require_reader()
    day = today()
    rows = _rows(_changes(), day)
    groups = [(rule, [rows[entry.name] for entry in entries]) for rule, entries in by_rule()]
    return render_template("compliance/thresholds.html", groups=groups, today=day)


# The endpoint is named for the page; the function's name would hide the service's.
@bp.route("/admin/thresholds/<name>", methods=["GET", "POST"], endpoint="change_threshold")
@login_required
def change_threshold_view(name: str) -> Response | str | tuple[str, int]:
    """Change a threshold from a stated date (today or later), with the reason."""
    require_changer()
    threshold = CATALOGUE.get(name)
    if threshold is None:
        abort(404)
    day = today()
    row = _rows(_changes(), day)[name]
    form = ThresholdChangeForm(threshold)

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "compliance/threshold_change.html", form=form, row=row, today=day
        ), status

    if not form.validate_on_submit():
        return page(400 if form.is_submitted() else 200)
    session = get_session()
    try:
        change_threshold(
            session,
            current_user,
            name,
            form.parsed_value,
            form.effective_from.data,
            form.reason.data,
            today=day,
        )
    except SettingsError as error:
        session.rollback()
        form.form_errors.append(str(error))
        return page(400)
    session.commit()
    flash(
        _(
            "%(name)s will be %(value)s from %(date)s.",
            name=name,
            value=threshold.format(form.parsed_value),
            date=format_date(form.effective_from.data),
        ),
        "success",
    )
    return redirect(url_for("compliance.thresholds", _anchor=name))
