"""A council's compliance page: every finding explained, and its 12-month trend."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.compliance.blueprint import bp
from safety.compliance.evaluation import load_compliance, month_ends
from safety.compliance.explanations import STATUS_SYMBOLS
from safety.compliance.rules import Finding
from safety.compliance.sections import SECTIONS
from safety.compliance.threshold_catalogue import CATALOGUE, Kind
from safety.compliance.trend import MONTHS, council_trend
from safety.councils.models import UNKNOWN_COMMUNITIES, Community, MunicipalityCommunity
from safety.dates import format_date, today
from safety.db import get_session
from safety.errors import render_error
from safety.plans.access import is_council_secretary

EARLIEST_DAY = date(2000, 1, 1)
"""No council existed before the 2000s; an earlier date is a typing error, not a question."""

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadDateError(ValueError):
    """`?as_of=` is not a date the page can answer for; the message says why."""


def _latest_day(day: date) -> date:
    # A year ahead is enough to see a deadline coming; further is a typing error.
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


def as_of_argument(raw: str | None, day: date) -> date:
    """The evaluation date from `?as_of=YYYY-MM-DD`: today when absent, within 2000..a year on."""
    if not raw:
        return day
    # Only the documented form: fromisoformat alone would also take 20260331 or 2026-W13-2.
    try:
        if not ISO_DAY.fullmatch(raw):
            raise ValueError(raw)
        as_of = date.fromisoformat(raw)
    except ValueError:
        raise BadDateError(
            _("Write the date as year-month-day, for example %(example)s.", example="2026-03-31")
        ) from None
    latest = _latest_day(day)
    if not EARLIEST_DAY <= as_of <= latest:
        raise BadDateError(
            _(
                "Choose a date from %(first)s to %(last)s.",
                first=format_date(EARLIEST_DAY),
                last=format_date(latest),
            )
        )
    return as_of


def municipality_communities(
    session: Session, municipality_id: int
) -> tuple[list[Community], bool]:
    """The communities recorded for a municipality (in the Community list's order), and
    whether the list says nobody has checked yet (`unknown`)."""
    recorded = set(
        session.scalars(
            select(MunicipalityCommunity.community).where(
                MunicipalityCommunity.municipality_id == municipality_id
            )
        )
    )
    return [c for c in Community if c in recorded], UNKNOWN_COMMUNITIES in recorded


@dataclass(frozen=True)
class ThresholdUsed:
    """A threshold a finding used, in words: what it means and its value."""

    name: str
    meaning: str
    value: str


def thresholds_used(finding: Finding) -> list[ThresholdUsed]:
    """The finding's thresholds as the settings page describes them."""
    used = []
    for name, value in finding.thresholds.items():
        entry = CATALOGUE.get(name)
        if entry is None:
            used.append(ThresholdUsed(name, "", str(value)))
        elif entry.kind == Kind.MONTH_DAY:
            # Numeric day.month, as every date here: Babel's month names are Cyrillic in sr.
            month, day = str(value).split("-")
            used.append(ThresholdUsed(name, str(entry.meaning), f"{day}.{month}."))
        else:
            used.append(ThresholdUsed(name, str(entry.meaning), entry.format(value)))
    return used


def can_open_reviews(user: User, council_id: int) -> bool:
    """Whether the page links to the council's reviews: only once the reviews list exists
    (it is built beside this page), and only for those it opens to, the ministry and this
    council's secretary."""
    if "compliance.reviews" not in current_app.view_functions or not user.is_authenticated:
        return False
    return user.role == Role.MINISTRY or is_council_secretary(user, council_id)


@bp.get("/councils/<int:council_id>/compliance")
def council(council_id: int) -> str | tuple[str, int]:
    """Show a council's findings on a date, with what would fix them, and its 12-month trend."""
    day = today()
    try:
        as_of = as_of_argument(request.args.get("as_of"), day)
    except BadDateError as error:
        return render_error(400, str(error))
    session = get_session()
    # One load for the page and the trend: 12 evaluations read the same facts.
    facts = load_compliance(session, [council_id], since=month_ends(as_of, MONTHS)[0])
    if not facts.councils:
        abort(404)
    compliance = facts.council_on(council_id, as_of)
    municipality = compliance.municipality
    communities, communities_unknown = municipality_communities(session, municipality.id)
    by_rule = {finding.rule: finding for finding in compliance.findings}
    return render_template(
        "compliance/council.html",
        compliance=compliance,
        council=compliance.council,
        municipality=municipality,
        as_of=as_of,
        is_today=as_of == day,
        thresholds={finding.rule: thresholds_used(finding) for finding in compliance.findings},
        groups=[(key, [by_rule[rule] for rule in rules]) for key, rules in SECTIONS],
        trend=council_trend(facts, council_id, as_of),
        symbols=STATUS_SYMBOLS,
        communities=communities,
        communities_unknown=communities_unknown,
        reviews_url_open=can_open_reviews(current_user, council_id),
    )
