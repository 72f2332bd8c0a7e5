"""Jinja filters and globals: dates in Kosovo's format and time zone, labels, names."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask import Flask
from flask_babel import gettext as _

from safety.compliance.explanations import explain, obligation
from safety.compliance.remedies import remedy, source
from safety.dates import format_date, format_datetime
from safety.i18n import current_language
from safety.labels import label
from safety.passwords import MIN_LENGTH


def display(value: object) -> str:
    """Any stored value as text for a page: dates, yes/no, enum labels, a dash for nothing."""
    if value is None or value == "":
        return "\u2013"  # an en dash, as the pages write "nothing recorded"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, enum.Enum):
        return label(value)
    return str(value)


def municipality_name(municipality: object) -> str:
    return municipality.name(current_language())  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["display"] = display
    app.jinja_env.filters["explain"] = explain
    app.jinja_env.filters["obligation"] = obligation
    app.jinja_env.filters["remedy"] = remedy
    app.jinja_env.filters["rule_source"] = source
    app.jinja_env.globals["municipality_name"] = municipality_name
    app.jinja_env.globals["PASSWORD_MIN_LENGTH"] = MIN_LENGTH
