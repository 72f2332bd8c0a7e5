"""Handling a concern: its page, status changes with answers, review, notes, deletion, agendas.

Every route asks `safety.concerns.access`: a concern the reader may not see answers 404; one
they may see but not handle answers 403. Only the council's own secretary handles concerns.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from safety.concerns import cases as services
from safety.concerns.access import (
    can_manage,
    can_read_council_concerns,
    can_see_submitter,
    can_view,
    manageable_concern,
    readable_concern,
)
from safety.concerns.blueprint import bp
from safety.concerns.case_forms import NoteForm
from safety.concerns.deadlines import answer_days, deadline
from safety.concerns.models import Concern
from safety.concerns.queries import (
    concern_meetings,
    concern_notes,
    concern_page_options,
    concern_timeline,
    duplicates_of,
)
from safety.dates import today
from safety.db import get_session
from safety.errors import render_error

Page = Response | str | tuple[str, int]


def _show_page(concern: Concern, *, note_form: NoteForm | None = None, status: int = 200) -> Page:
    session = get_session()
    user = current_user
    is_staff = can_read_council_concerns(user, concern.council_id)
    manage = can_manage(user, concern)
    timeline = concern_timeline(session, concern.id)
    duplicate_of = concern.duplicate_of
    if duplicate_of is not None and not can_view(user, duplicate_of):
        duplicate_of = None
    if manage and note_form is None and concern.deleted_on is None:
        note_form = NoteForm()
    page = render_template(
        "concerns/show.html",
        concern=concern,
        community_values=concern.community_list,
        timeline=timeline,
        deadline=deadline(
            submitted_on=concern.submitted_on,
            reopened_on=concern.reopened_on,
            events=[entry.event for entry in timeline],
            today=today(),
            days=answer_days(current_app.config),
        ),
        duplicate_of=duplicate_of,
        duplicates=[other for other in duplicates_of(session, concern.id) if can_view(user, other)],
        # The concern's council hosts every linked meeting: its staff may read them all,
        # others only the public kinds (consultations and community activities).
        meetings=[
            meeting
            for meeting in concern_meetings(session, concern.id)
            if is_staff or meeting.kind.is_public
        ],
        notes=concern_notes(session, concern.id) if is_staff else [],
        note_form=note_form if manage else None,
        is_staff=is_staff,
        can_read_notes=is_staff,
        can_manage=manage,
        can_change_status=bool(services.allowed_statuses(concern.status)),
        can_see_submitter=can_see_submitter(user, concern),
    )
    return page, status


@bp.get("/concerns/<int:concern_id>")
def show(concern_id: int) -> Page:
    """Show a concern with its history and answers, to each reader what they may see."""
    return _show_page(readable_concern(concern_id, *concern_page_options()))


@bp.post("/concerns/<int:concern_id>/notes")
@login_required
def add_note(concern_id: int) -> Page:
    """Add an internal note (the council's secretary only)."""
    concern = manageable_concern(concern_id, *concern_page_options())
    if concern.deleted_on is not None:
        return render_error(400, _("This concern has been deleted; it can no longer be changed."))
    form = NoteForm()
    if not form.validate_on_submit():
        return _show_page(concern, note_form=form, status=400)
    session = get_session()
    try:
        services.add_note(session, current_user, concern, body=form.body.data)
    except services.CaseChangeRefusedError:
        session.rollback()
        form.body.errors.append(_("Write the note."))
        return _show_page(
            manageable_concern(concern_id, *concern_page_options()), note_form=form, status=400
        )
    session.commit()
    flash(_("The note has been added."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id, _anchor="notes"))
