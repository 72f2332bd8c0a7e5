"""Calendar routes: public and private iCalendar feeds, the private-link page, the month view."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import partial

from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from safety.accounts.models import Role, User
from safety.collation import sort_key
from safety.consultations.access import council_or_404
from safety.consultations.blueprint import bp
from safety.consultations.calendar_queries import (
    districts,
    month_meetings,
    private_feed_meetings,
    public_feed_meetings,
)
from safety.consultations.calendar_tokens import (
    active_token,
    issue_token,
    may_have_private_feed,
    revoke_tokens,
    user_for_token,
)
from safety.consultations.ical import build_calendar, host_names
from safety.consultations.models import Meeting
from safety.consultations.month import MonthGrid, month_of, parse_month
from safety.councils.models import Council
from safety.dates import today, utcnow
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import LANGUAGE_NAMES, LANGUAGE_TAGS, current_language

PUBLIC_FEED_PAST = timedelta(days=365)
"""The public feed: the last twelve months and everything ahead."""
OWN_COUNCIL_FEED_PAST = timedelta(days=365)
"""A secretary's private feed: one council, so a year back stays small."""
ALL_COUNCILS_FEED_PAST = timedelta(days=92)
"""Ministry and administrators see all 38 councils: three months back keeps the feed small."""

ICS_MIMETYPE = "text/calendar"

Page = Response | str | tuple[str, int]


@bp.app_template_global()
def can_view_meetings_month(user: User) -> bool:
    """The month view across councils is the ministry's review tool (and administrators')."""
    return bool(user.is_authenticated) and user.role in (Role.MINISTRY, Role.ADMIN)


def feed_language(preferred: str | None = None) -> str:
    """The `lang` parameter, else the account's language, else the client's, else Albanian."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if preferred in languages:
        return preferred
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def _meeting_url(meeting: Meeting) -> str:
    return url_for("consultations.show", meeting_id=meeting.id, _external=True)


def _ics_response(body: bytes, filename: str, *, private: bool) -> Response:
    response = Response(body, mimetype=ICS_MIMETYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The URL is the credential: keep the feed out of every cache and search index.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    else:
        response.headers["Cache-Control"] = "public, max-age=900"
        response.vary.add("Accept-Language")
    return response


@bp.get("/councils/<int:council_id>/meetings.ics")
def council_feed(council_id: int) -> Response:
    """Serve the council's public consultations and activities as an iCalendar feed."""
    council = council_or_404(council_id, joinedload(Council.municipality))
    language = feed_language()
    meetings = public_feed_meetings(get_session(), council.id, today() - PUBLIC_FEED_PAST)
    with force_locale(language):
        name = _(
            "%(council)s: public consultations and activities",
            council=council.municipality.name(language),
        )
        body = build_calendar(
            meetings,
            name=name,
            uid=f"council-{council.id}-public",
            language=language,
            meeting_url=_meeting_url,
        )
    return _ics_response(body, f"council-{council.id}-meetings.ics", private=False)


@bp.get("/calendar/<token>.ics")
def private_feed(token: str) -> Response:
    """Serve a staff member's meetings to their calendar app; the token is the credential."""
    session = get_session()
    user = user_for_token(session, token)
    if user is None:
        abort(404)
    language = feed_language(user.locale)
    own_council = user.role == Role.SECRETARY
    past = OWN_COUNCIL_FEED_PAST if own_council else ALL_COUNCILS_FEED_PAST
    meetings = private_feed_meetings(session, user, today() - past)
    with force_locale(language):
        if own_council and user.council is not None:
            name = _(
                "%(council)s: meetings and consultations",
                council=user.council.municipality.name(language),
            )
        else:
            name = _("Meetings of all councils")
        body = build_calendar(
            meetings,
            name=name,
            uid=f"user-{user.id}-private",
            language=language,
            meeting_url=_meeting_url,
        )
    return _ics_response(body, "meetings.ics", private=True)


@bp.route("/calendar/feed", methods=["GET", "POST"])
@login_required
def calendar_feed() -> Page:
    """Show, create or revoke the signed-in staff member's private calendar-feed link."""
    if not may_have_private_feed(current_user):
        abort(403)
    session = get_session()
    new_url = None
    if request.method == "POST":
        action = request.form.get("action")
        if action == "create":
            token = issue_token(session, current_user, now=utcnow())
            session.commit()
            # Shown in this response and nowhere else: no redirect, because carrying the
            # secret to the next page would put it in the (signed, not encrypted) cookie.
            # In the language the page is read in; the feed falls back to the account's.
            new_url = url_for(
                "consultations.private_feed",
                token=token,
                lang=current_language(),
                _external=True,
            )
        elif action == "revoke":
            revoked = revoke_tokens(session, current_user, now=utcnow())
            session.commit()
            if revoked:
                flash(
                    _("The link has been revoked: calendars using it get nothing more."), "success"
                )
            else:
                flash(_("There was no link to revoke."), "info")
            return redirect(url_for("consultations.calendar_feed"))
        else:
            return render_error(400, _("Choose whether to create or to revoke the link."))
    council_feed_url = None
    if current_user.role == Role.SECRETARY and current_user.council_id:
        council_feed_url = url_for(
            "consultations.council_feed", council_id=current_user.council_id, _external=True
        )
    return render_template(
        "consultations/calendar_feed.html",
        token=active_token(session, current_user),
        new_url=new_url,
        council_feed_url=council_feed_url,
        language_name=LANGUAGE_NAMES[current_language()],
    )


def _babel_locale() -> str:
    # Babel's plain "sr" is Cyrillic; the site writes Serbian in Latin script.
    return LANGUAGE_TAGS[current_language()].replace("-", "_")


def month_title(grid: MonthGrid) -> str:
    title = babel_format_date(grid.first, "LLLL y", locale=_babel_locale())
    return title[:1].upper() + title[1:]


def weekday_names() -> list[tuple[str, str]]:
    """(short, full) names, Monday first."""
    locale = _babel_locale()
    short = get_day_names("abbreviated", context="stand-alone", locale=locale)
    full = get_day_names("wide", context="stand-alone", locale=locale)
    return [(str(short[day]), str(full[day])) for day in range(7)]


@bp.get("/meetings/calendar")
@login_required
def month() -> Page:
    """Show a month of every council's meetings, optionally of one district."""
    if not can_view_meetings_month(current_user):
        abort(403)
    written = request.args.get("month", "").strip()
    grid = parse_month(written) if written else month_of(today())
    if grid is None:
        return render_error(
            400,
            _(
                "The month must be written as year and month, for example %(example)s.",
                example=month_of(today()).key,
            ),
        )
    session = get_session()
    every_district = sorted(districts(session), key=sort_key(current_language()))
    district = request.args.get("district", "").strip()
    if district and district not in every_district:
        return render_error(400, _("Choose a district from the list."))
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    meetings = month_meetings(session, grid.first, grid.last, district or None)
    for meeting in meetings:
        by_day[meeting.effective_on].append(meeting)
    return render_template(
        "consultations/month.html",
        grid=grid,
        title=month_title(grid),
        weekdays=weekday_names(),
        by_day=by_day,
        meeting_count=len(meetings),
        districts=every_district,
        district=district,
        today=today(),
        host_names=partial(host_names, language=current_language()),
    )
