"""Meeting pages: a council's list, the meeting page, scheduling, editing and the lifecycle."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from safety.consultations.access import (
    can_manage_meetings,
    can_read_council_meetings,
    council_or_404,
    readable_meeting,
)
from safety.consultations.blueprint import bp
from safety.consultations.forms import MeetingFilterForm
from safety.consultations.meeting_queries import meeting_rows_query, meeting_years, to_rows
from safety.consultations.models import PUBLIC_KINDS, MeetingKind, MeetingStatus
from safety.consultations.queries import meeting_page_options
from safety.councils.models import Council
from safety.db import get_session
from safety.labels import choices, label
from safety.pagination import paginate

Page = str | tuple[str, int]


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
