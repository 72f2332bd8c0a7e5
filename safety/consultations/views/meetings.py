"""Meeting pages: a council's list, the meeting page, scheduling, editing and the lifecycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from safety.consultations.access import (
    can_manage_meetings,
    can_read_council_meetings,
    council_or_404,
    readable_meeting,
    writable_meeting,
)
from safety.consultations.blueprint import bp
from safety.consultations.forms import (
    CancelForm,
    EditMeetingForm,
    HoldForm,
    MeetingFilterForm,
    NewMeetingForm,
    PostponeForm,
    SeriesForm,
    SeriesMeetingForm,
)
from safety.consultations.meeting_queries import (
    meeting_for_edit,
    meeting_rows_query,
    meeting_years,
    other_councils,
    to_rows,
)
from safety.consultations.models import (
    PUBLIC_KINDS,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
)
from safety.consultations.queries import meeting_page_options
from safety.consultations.series import monthly_dates
from safety.consultations.services import (
    MeetingChangeRefusedError,
    cancel_meeting,
    create_series,
    hold_meeting,
    postpone_meeting,
    schedule_meeting,
    update_meeting,
)
from safety.councils.models import Council
from safety.dates import today
from safety.db import get_session
from safety.i18n import current_language
from safety.labels import choices, label
from safety.pagination import paginate
from safety.versioning import rebase_on

Page = Response | str | tuple[str, int]


@bp.get("/councils/<int:council_id>/meetings/")
def index(council_id: int) -> Page:
    """List a council's meetings, newest first; council meetings only to its staff readers."""
    council = council_or_404(council_id, joinedload(Council.municipality))
    staff = can_read_council_meetings(council)
    kinds = list(MeetingKind) if staff else [k for k in MeetingKind if k in PUBLIC_KINDS]
    session = get_session()
    form = MeetingFilterForm(formdata=request.args)
    form.kind.choices = [("", _("All kinds")), *((k.value, label(k)) for k in kinds)]
    form.status.choices = [("", _("All statuses")), *choices(MeetingStatus)]
    form.year.choices = [
        ("", _("All years")),
        *((str(year), str(year)) for year in meeting_years(session, council.id, kinds)),
    ]
    page_args = {
        "council": council,
        "form": form,
        "can_manage": can_manage_meetings(council),
        "is_staff": staff,
    }
    if not form.validate():
        return render_template(
            "consultations/index.html", rows=[], newer_url=None, older_url=None, **page_args
        ), 400
    query = meeting_rows_query(
        council.id,
        kinds=kinds,
        kind=form.kind.data,
        status=form.status.data,
        year=form.year.data,
    )
    page = paginate(query, session.execute, form)
    return render_template(
        "consultations/index.html",
        rows=to_rows(page.items),
        newer_url=page.newer_url,
        older_url=page.older_url,
        **page_args,
    )


@bp.get("/meetings/<int:meeting_id>")
def show(meeting_id: int) -> str:
    """Show a meeting: when and where, hosts, agenda, history, and the parts others record."""
    meeting = readable_meeting(meeting_id, *meeting_page_options())
    return render_template(
        "consultations/show.html",
        meeting=meeting,
        can_edit=meeting.can_edit(current_user),
        can_view_internal=meeting.can_view_internal(current_user),
    )


def _refusal_message(code: str, meeting: Meeting | None = None) -> str:
    """The reader's words for a change the meeting's state does not allow."""
    if code == "not_open" and meeting is not None:
        return _(
            "Only a scheduled or postponed meeting can be held, postponed or cancelled; "
            "this one is %(status)s.",
            status=label(meeting.status),
        )
    messages = {
        "held_in_future": _("A meeting cannot be recorded as held on a future date."),
        "same_date": _("Choose a date other than the current one."),
        "kind_has_records": _(
            "Attendance, participation or a record has been entered for this meeting, so it "
            "cannot change between a council meeting and a public consultation or activity."
        ),
        "no_dates": _("Every date of this series is already past: choose a later starting month."),
    }
    return messages[code]


def _manageable_council(council_id: int) -> Council:
    council = council_or_404(council_id, joinedload(Council.municipality))
    if not can_manage_meetings(council):
        abort(403)
    return council


@bp.route("/councils/<int:council_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new(council_id: int) -> Page:
    """Schedule a meeting, or enter one already held on its date."""
    council = _manageable_council(council_id)
    session = get_session()
    form = NewMeetingForm()
    form.co_hosts.choices = other_councils(session, council.id, current_language())

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "consultations/form.html", council=council, meeting=None, form=form
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    meeting = Meeting(council_id=council.id)
    form.populate_obj(meeting)
    try:
        schedule_meeting(
            session,
            current_user,
            meeting,
            co_host_ids=form.co_hosts.data or [],
            agenda=form.agenda.items,
            already_held=form.already_held.data,
            today=today(),
        )
    except MeetingChangeRefusedError as refusal:
        session.rollback()
        council = _manageable_council(council_id)
        form.already_held.errors.append(_refusal_message(refusal.code))
        return page(400)
    session.commit()
    if meeting.status == MeetingStatus.HELD:
        flash(_("The meeting has been recorded as held."), "success")
    else:
        flash(_("The meeting has been scheduled."), "success")
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int) -> Page:
    """Correct a meeting's details; a corrected date is kept in its history."""
    meeting = meeting_for_edit(meeting_id)
    session = get_session()
    form = EditMeetingForm(
        obj=meeting,
        version=meeting.version_id,
        co_hosts=[h.council_id for h in meeting.hosts if h.council_id != meeting.council_id],
    )
    form.co_hosts.choices = other_councils(session, meeting.council_id, current_language())
    if meeting.status != MeetingStatus.HELD:
        # Only a held meeting has a held date to correct; holding is its own action.
        del form.held_on

    def page(status: int, *, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "consultations/form.html",
            council=meeting.council,
            meeting=meeting,
            form=form,
            conflict=conflict,
        ), status

    def conflict() -> tuple[str, int]:
        nonlocal meeting
        session.rollback()
        meeting = meeting_for_edit(meeting_id)
        rebase_on(form.version, meeting)
        return page(409, conflict=True)

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    if form.version.data != meeting.version_id:
        return conflict()
    form.populate_obj(meeting)
    try:
        update_meeting(
            session,
            current_user,
            meeting,
            co_host_ids=form.co_hosts.data or [],
            agenda=form.agenda.items,
        )
        session.commit()
    except MeetingChangeRefusedError as refusal:
        session.rollback()
        meeting = meeting_for_edit(meeting_id)
        form.kind.errors.append(_refusal_message(refusal.code))
        return page(400)
    except StaleDataError:
        return conflict()
    flash(_("The meeting has been saved."), "success")
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


LifecycleForm = HoldForm | CancelForm | PostponeForm


def _summary_options() -> tuple[Any, ...]:
    return (joinedload(Meeting.council).joinedload(Council.municipality),)


def _lifecycle(
    meeting_id: int,
    template: str,
    make_form: Callable[[Meeting], LifecycleForm],
    change: Callable[[Meeting, Any], object],
    done: str,
) -> Page:
    """The confirmation page of a status change (GET), then the change itself (POST).

    Only an open meeting can change status: asked of any other, the page says why (400 on
    POST). A change saved by someone else meanwhile answers 409; nothing is saved.
    """
    session = get_session()
    meeting = writable_meeting(meeting_id, *_summary_options())
    form = make_form(meeting)

    def page(status: int, refusal: str | None = None) -> tuple[str, int]:
        return render_template(template, meeting=meeting, form=form, refusal=refusal), status

    if not meeting.status.is_open:
        return page(400 if request.method == "POST" else 200, _refusal_message("not_open", meeting))
    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    try:
        change(meeting, form)
        session.commit()
    except MeetingChangeRefusedError as refusal:
        session.rollback()
        meeting = writable_meeting(meeting_id, *_summary_options())
        return page(400, _refusal_message(refusal.code, meeting))
    except StaleDataError:
        session.rollback()
        meeting = writable_meeting(meeting_id, *_summary_options())
        return page(
            409,
            _("Someone else changed this meeting meanwhile: check its page, then try again."),
        )
    flash(done, "success")
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/hold", methods=["GET", "POST"])
@login_required
def hold(meeting_id: int) -> Page:
    """Record that a scheduled or postponed meeting was held, and on which day."""

    def make_form(meeting: Meeting) -> HoldForm:
        # The scheduled date once it has come, else today: a held date is never ahead.
        return HoldForm(held_on=min(meeting.scheduled_on, today()))

    return _lifecycle(
        meeting_id,
        "consultations/hold.html",
        make_form,
        lambda meeting, form: hold_meeting(
            get_session(), current_user, meeting, held_on=form.held_on.data, today=today()
        ),
        _("The meeting has been recorded as held."),
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int) -> Page:
    """Cancel a scheduled or postponed meeting, with the reason."""
    return _lifecycle(
        meeting_id,
        "consultations/cancel.html",
        lambda meeting: CancelForm(),
        lambda meeting, form: cancel_meeting(
            get_session(), current_user, meeting, reason=form.reason.data
        ),
        _("The meeting has been cancelled."),
    )


@bp.route("/meetings/<int:meeting_id>/postpone", methods=["GET", "POST"])
@login_required
def postpone(meeting_id: int) -> Page:
    """Move a scheduled or postponed meeting to a new date; the old one stays in its history."""
    return _lifecycle(
        meeting_id,
        "consultations/postpone.html",
        lambda meeting: PostponeForm(current_on=meeting.scheduled_on),
        lambda meeting, form: postpone_meeting(
            get_session(), current_user, meeting, to_on=form.to_on.data, reason=form.reason.data
        ),
        _("The meeting has been postponed."),
    )


@bp.route("/councils/<int:council_id>/meetings/series", methods=["GET", "POST"])
@login_required
def new_series(council_id: int) -> Page:
    """Preview, then create, one meeting a month on "the Nth weekday" for up to 24 months."""
    council = _manageable_council(council_id)
    pattern = SeriesForm()
    details = SeriesMeetingForm()
    if request.method == "GET":
        pattern.first_month_on.data = today().replace(day=1)
        details.title.data = label(MeetingKind.REGULAR)

    def page(status: int, dates: list[date] | None = None) -> tuple[str, int]:
        day = today()
        return render_template(
            "consultations/series.html",
            council=council,
            pattern=pattern,
            details=details,
            dates=dates,
            upcoming=[d for d in dates or () if d >= day],
            past=[d for d in dates or () if d < day],
        ), status

    if request.method == "GET":
        return page(200)
    # Both forms validate, so every mistake is shown at once.
    if not all([pattern.validate_on_submit(), details.validate_on_submit()]):
        return page(400)
    dates = monthly_dates(
        pattern.first_month_on.data,
        pattern.months.data,
        pattern.weekday.data,
        pattern.week_of_month.data,
    )
    if request.form.get("action") != "create":
        return page(200, dates)
    upcoming = [day for day in dates if day >= today()]
    if not upcoming:
        pattern.first_month_on.errors.append(_refusal_message("no_dates"))
        return page(400, dates)
    meetings = []
    for day in upcoming:
        meeting = Meeting(council_id=council.id, scheduled_on=day)
        details.populate_obj(meeting)
        meetings.append(meeting)
    series = MeetingSeries(council_id=council.id)
    pattern.populate_obj(series)
    session = get_session()
    create_series(session, current_user, series, meetings)
    session.commit()
    flash(
        ngettext(
            "%(num)d meeting has been scheduled.",
            "%(num)d meetings have been scheduled.",
            len(meetings),
        ),
        "success",
    )
    return redirect(url_for("consultations.index", council_id=council.id))
