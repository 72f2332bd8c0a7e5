"""Minutes and records: writing, circulating or publishing, approving, and the signed scan.

Only a host council's secretary writes (`writable_meeting`); the scan, which carries
signatures, is downloaded by staff who may read the meeting's internal record only
(`internal_meeting`), whatever the kind of meeting. A refusal because of the record's state
(a meeting not held, minutes already approved) answers 400 with the reason and saves nothing.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from safety.consultations.access import internal_meeting, writable_meeting
from safety.consultations.blueprint import bp
from safety.consultations.models import Meeting, MeetingRecord, RecordScan
from safety.consultations.pdf import MAX_SCAN_BYTES
from safety.consultations.record_forms import (
    ApprovalForm,
    CirculationForm,
    PublicationForm,
    RecordForm,
    ScanForm,
)
from safety.consultations.records import (
    RecordRefusedError,
    approval_candidates,
    approval_refusal,
    approve_minutes,
    attach_scan,
    body_text,
    circulate_minutes,
    circulation_refusal,
    download_name,
    publication_refusal,
    remove_scan,
    sanitise,
    write_record,
    writing_refusal,
)
from safety.consultations.records import minutes_approved_at as approved_at_query
from safety.consultations.records import publish_record as publish_record_service
from safety.dates import format_date, today
from safety.db import get_session
from safety.errors import render_error
from safety.forms import Form
from safety.security import accepts_uploads
from safety.versioning import commit_if_current, rebase_on

Page = Response | str | tuple[str, int]

REFUSALS = {
    "not_held": _l(
        "Minutes and records are kept only for meetings that were held. "
        "Record the meeting as held first."
    ),
    "approved": _l("These minutes have been approved and can no longer be changed."),
    "written_before_held": _l("The record cannot be written before the meeting was held."),
    "written_after_released": _l(
        "The record was circulated or published on an earlier date than this."
    ),
    "too_many_decisions": _l("There are too many decisions in the list."),
    "no_record": _l("No minutes or record have been written for this meeting yet."),
    "not_draft": _l("This record is no longer a draft."),
    "published_not_circulated": _l(
        "Records of consultations and activities are published, not circulated."
    ),
    "minutes_not_published": _l(
        "Council minutes are circulated to the members and approved at a later meeting; "
        "they are not published."
    ),
    "circulated_before_written": _l(
        "The minutes cannot be circulated before the meeting or before they were written."
    ),
    "published_before_written": _l("The record cannot be published before it was written."),
    "records_not_approved": _l(
        "Only council minutes are approved. Records of consultations and activities are "
        "published instead."
    ),
    "already_approved": _l("These minutes have already been approved."),
    "not_circulated": _l("Draft minutes cannot be approved: circulate them to the members first."),
    "no_approving_meeting": _l(
        "Choose the meeting that approved the minutes: a held meeting of this council."
    ),
    "approving_not_council_meeting": _l(
        "Minutes are approved at a council meeting, not at a public consultation or an activity."
    ),
    "approving_other_council": _l("Minutes are approved at a meeting of the same council."),
    "approving_not_held": _l("Minutes can only be approved at a meeting that was held."),
    "approving_not_later": _l(
        "Minutes are approved at a later meeting: the chosen meeting was not held after this one."
    ),
    "approving_before_circulated": _l(
        "The chosen meeting was held before the minutes were circulated to the members."
    ),
    "no_scan": _l("There is no signed scan to delete."),
}


def _record_options(*extra: object) -> tuple[object, ...]:
    return (selectinload(Meeting.record).options(*extra),)


def _editable(meeting_id: int, *extra: object) -> Meeting:
    """The meeting with its record, for its host council's secretary (404/403 for others)."""
    return writable_meeting(meeting_id, *_record_options(*extra))


def _refused(code: str) -> tuple[str, int]:
    return render_error(400, str(REFUSALS[code]))


def _back_to(meeting: Meeting) -> Response:
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


# The text and decisions ----------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/record", methods=["GET", "POST"])
@login_required
def record(meeting_id: int) -> Page:
    """Write or correct the minutes (or the record) of a held meeting, with its decisions."""
    meeting = _editable(meeting_id, selectinload(MeetingRecord.decisions))
    refusal = writing_refusal(meeting)
    if refusal:
        return _refused(refusal)
    current = meeting.record
    form = RecordForm(
        held_on=meeting.held_on,
        released_on=current.minutes_on if current else None,
        version=current.version_id if current else 0,
    )
    if request.method == "GET":
        _fill_record_form(form, current)

    def page(status: int, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "consultations/record.html",
            meeting=meeting,
            form=form,
            conflict=conflict,
            stored=_stored_values(meeting.record),
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    session = get_session()
    opened = form.version.data
    if opened != (current.version_id if current else 0):
        return _record_conflict(meeting_id, form)
    try:
        saved = write_record(
            session,
            meeting,
            text=form.text.data,
            decisions=form.decision_lines,
            written_on=form.written_on.data,
        )
    except RecordRefusedError as refusal_error:
        form.form_errors.append(str(REFUSALS[str(refusal_error)]))
        return page(400)
    if current is not None:
        if not commit_if_current(session, saved, opened):
            return _record_conflict(meeting_id, form)
    else:
        try:
            session.commit()
        except IntegrityError:
            # Someone else wrote the first version of this record meanwhile.
            session.rollback()
            return _record_conflict(meeting_id, form)
    flash(_("The record has been saved."), "success")
    return _back_to(meeting)


def _fill_record_form(form: RecordForm, current: MeetingRecord | None) -> None:
    if current is None:
        form.written_on.data = today()
        return
    form.text.data = body_text(current.body)
    form.decisions.data = "\n".join(decision.text for decision in current.decisions)
    form.written_on.data = current.written_on


def _stored_values(current: MeetingRecord | None) -> dict[str, object]:
    """The stored record as the form's fields, to set beside the user's input on a conflict."""
    if current is None:
        return {}
    return {
        "text": body_text(current.body),
        "decisions": "\n".join(decision.text for decision in current.decisions),
        "written_on": current.written_on,
    }


def _record_conflict(meeting_id: int, form: RecordForm) -> tuple[str, int]:
    """409 with what the user typed still in the form and the stored version beside it."""
    get_session().rollback()
    meeting = _editable(meeting_id, selectinload(MeetingRecord.decisions))
    if meeting.record is not None:
        rebase_on(form.version, meeting.record)
    return render_template(
        "consultations/record.html",
        meeting=meeting,
        form=form,
        conflict=True,
        stored=_stored_values(meeting.record),
    ), 409


# Leaving draft --------------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/record/circulate", methods=["GET", "POST"])
@login_required
def circulate_record(meeting_id: int) -> Page:
    """Mark draft council minutes as circulated to the members, on the date they were sent."""
    meeting = _editable(meeting_id)
    refusal = circulation_refusal(meeting)
    if refusal:
        return _refused(refusal)
    current = meeting.record
    form = CirculationForm(written_on=current.written_on, version=current.version_id)
    if request.method == "GET":
        form.circulated_on.data = today()

    def page(status: int, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "consultations/record_circulate.html", meeting=meeting, form=form, conflict=conflict
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    try:
        circulate_minutes(meeting, circulated_on=form.circulated_on.data)
    except RecordRefusedError as refusal_error:
        form.circulated_on.errors.append(str(REFUSALS[str(refusal_error)]))
        return page(400)
    if not commit_if_current(get_session(), current, form.version.data):
        return _release_conflict(meeting_id, form, "consultations/record_circulate.html")
    flash(_("The minutes are recorded as circulated to the members."), "success")
    return _back_to(meeting)


@bp.route("/meetings/<int:meeting_id>/record/publish", methods=["GET", "POST"])
@login_required
def publish_record(meeting_id: int) -> Page:
    """Publish the record of a consultation or activity, dated today."""
    meeting = _editable(meeting_id)
    refusal = publication_refusal(meeting)
    if refusal:
        return _refused(refusal)
    current = meeting.record
    form = PublicationForm(version=current.version_id)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "consultations/record_publish.html", meeting=meeting, form=form, today=today()
        ), status
    publish_record_service(meeting, today=today())
    if not commit_if_current(get_session(), current, form.version.data):
        return _release_conflict(meeting_id, form, "consultations/record_publish.html")
    flash(_("The record has been published."), "success")
    return _back_to(meeting)


def _release_conflict(meeting_id: int, form: Form, template: str) -> tuple[str, int]:
    get_session().rollback()
    meeting = _editable(meeting_id)
    return render_template(template, meeting=meeting, form=form, conflict=True, today=today()), 409


# Approval -------------------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/record/approve", methods=["GET", "POST"])
@login_required
def approve_record(meeting_id: int) -> Page:
    """Record the later held council meeting at which circulated minutes were approved."""
    meeting = _editable(meeting_id)
    refusal = approval_refusal(meeting)
    if refusal:
        return _refused(refusal)
    session = get_session()
    current = meeting.record
    form = ApprovalForm(version=current.version_id)
    candidates = approval_candidates(session, meeting)
    form.approved_at.choices = [
        ("", _("Choose...")),
        *((m.id, f"{format_date(m.held_on)}: {m.title}") for m in candidates),
    ]

    def page(status: int, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "consultations/approve.html",
            meeting=meeting,
            form=form,
            candidates=candidates,
            conflict=conflict,
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    approving = session.scalars(
        select(Meeting).where(Meeting.id == form.approved_at.data)
    ).one_or_none()
    try:
        approve_minutes(meeting, approving)
    except RecordRefusedError as refusal_error:
        form.approved_at.errors.append(str(REFUSALS[str(refusal_error)]))
        return page(400)
    if not commit_if_current(session, current, form.version.data):
        session.rollback()
        meeting = _editable(meeting_id)
        candidates = approval_candidates(session, meeting)
        return page(409, conflict=True)
    flash(_("The approval of the minutes has been recorded."), "success")
    return _back_to(meeting)


# The signed scan ------------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/record/scan", methods=["GET", "POST"])
@accepts_uploads(max_bytes=MAX_SCAN_BYTES)
@login_required
def upload_scan(meeting_id: int) -> Page:
    """Upload (or replace) the signed scan of the record: a PDF of at most 10 MiB."""
    meeting = _editable(meeting_id, joinedload(MeetingRecord.scan))
    if meeting.record is None:
        return _refused("no_record")
    form = ScanForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "consultations/record_scan.html", meeting=meeting, form=form, max_bytes=MAX_SCAN_BYTES
        ), status
    attach_scan(
        get_session(),
        current_user,
        meeting.record,
        content=form.content,
        uploaded_name=form.scan.data.filename or "",
    )
    get_session().commit()
    flash(_("The signed scan has been saved."), "success")
    return _back_to(meeting)


@bp.post("/meetings/<int:meeting_id>/record/scan/delete")
@login_required
def delete_scan(meeting_id: int) -> Page:
    """Delete the signed scan (uploaded by mistake, or to be replaced by a new one)."""
    meeting = _editable(meeting_id, joinedload(MeetingRecord.scan))
    if meeting.record is None or meeting.record.scan is None:
        return _refused("no_scan")
    # The CSRF token is checked for every POST before any view runs (safety.security).
    remove_scan(get_session(), meeting.record)
    get_session().commit()
    flash(_("The signed scan has been deleted."), "success")
    return _back_to(meeting)


@bp.get("/meetings/<int:meeting_id>/record/scan.pdf")
def download_scan(meeting_id: int) -> Response:
    """Send the signed scan as a download, to staff who may read the meeting's internal record."""
    meeting = internal_meeting(
        meeting_id, *_record_options(joinedload(MeetingRecord.scan).undefer(RecordScan.content))
    )
    stored = meeting.record.scan if meeting.record else None
    if stored is None:
        abort(404)
    response = Response(stored.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(meeting)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Signed pages of a council: never kept by a shared cache, nor by the browser.
    response.headers["Cache-Control"] = "private, no-store"
    return response


# What the meeting page asks of this module -----------------------------------------------------


@bp.app_template_global()
def minutes_approved_at(meeting: Meeting) -> list[Meeting]:
    """The meetings whose minutes were approved at `meeting` (one query)."""
    return approved_at_query(get_session(), meeting.id)


@bp.app_template_filter("record_body")
def record_body(html: str) -> Markup:
    """A stored record body, sanitised again as it is shown, whoever or whatever stored it."""
    return Markup(sanitise(html))  # noqa: S704  (nh3 has just removed everything but ALLOWED_TAGS)
