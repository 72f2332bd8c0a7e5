"""The attendance register of held council meetings; participation in consultations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from safety.consultations.access import writable_meeting
from safety.consultations.attendance import (
    Quorum,
    quorum_of_rows,
    record_attendance,
    record_participation,
)
from safety.consultations.attendance_forms import (
    AGE_FIELDS,
    BLANK_GUEST_ROWS,
    GENDER_FIELDS,
    AttendanceForm,
    ParticipationForm,
    community_field_name,
)
from safety.consultations.attendance_queries import (
    active_member_count,
    active_members,
    participation_options,
    register_options,
    selectable_organisations,
)
from safety.consultations.blueprint import bp
from safety.consultations.models import (
    Meeting,
    MeetingStatus,
    ParticipantCommunity,
    ParticipationCommunity,
)
from safety.councils.models import Member
from safety.db import get_session
from safety.i18n import current_language
from safety.versioning import commit_if_current, rebase_on

Page = Response | str | tuple[str, int]


def _is_held(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.HELD and meeting.held_on is not None


@dataclass(frozen=True)
class RegisterSummary:
    quorum: Quorum
    matches_roster: bool
    """False when the roster was corrected after the register was saved: record it again."""


@bp.app_template_global()
def attendance_summary(meeting: Meeting) -> RegisterSummary | None:
    """The quorum of a held council meeting's saved register; None before one is saved.

    Needs `attendance` loaded with each member. The members active on the day are counted in
    SQL (one query), so the figure agrees with rule R07 even if the roster was corrected after
    the register was saved; only lines of members active on the day count.
    """
    if not _is_held(meeting) or not meeting.attendance:
        return None
    active = active_member_count(get_session(), meeting.council_id, meeting.held_on)
    on_roster = [row for row in meeting.attendance if row.member.is_active_on(meeting.held_on)]
    return RegisterSummary(
        quorum=quorum_of_rows(on_roster, active),
        matches_roster=len(on_roster) == len(meeting.attendance) == active,
    )


@bp.app_template_global()
def participation_by_community(meeting: Meeting) -> list[ParticipationCommunity]:
    """The community counts in the order communities are listed everywhere ("did not say" last)."""
    order = {community: index for index, community in enumerate(ParticipantCommunity)}
    return sorted(meeting.community_counts, key=lambda row: order[row.community])


# --- the attendance register ---------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(meeting_id: int) -> Page:
    """Record who came to a held council meeting, with substitutes and guests; show quorum."""
    meeting = writable_meeting(meeting_id, *register_options())
    if not meeting.kind.is_council_meeting:
        abort(404)
    if not _is_held(meeting):
        # Recorded only for what happened: hold the meeting first (a POST is refused).
        status = 400 if request.method == "POST" else 200
        return render_template("consultations/attendance.html", meeting=meeting, form=None), status
    session = get_session()
    roster = active_members(session, meeting.council_id, meeting.held_on, current_language())
    if request.method == "POST":
        form = AttendanceForm()
        roster_problems = form.match_roster([member.id for member in roster])
    else:
        form = AttendanceForm(data=_register_data(meeting, roster))
        roster_problems = []
    is_valid = form.validate_on_submit()
    form.form_errors.extend(roster_problems)
    if not is_valid or roster_problems:
        status = 400 if request.method == "POST" else 200
        return _register_page(meeting, roster, form, status)
    record_attendance(session, meeting, marks=form.marks(), guests=form.guest_entries())
    if not commit_if_current(session, meeting, form.version.data):
        meeting = writable_meeting(meeting_id, *register_options())
        roster = active_members(session, meeting.council_id, meeting.held_on, current_language())
        rebase_on(form.version, meeting)
        return _register_page(meeting, roster, form, 409, conflict=True)
    result = quorum_of_rows(form.marks(), len(roster))
    if result.reached:
        message = _(
            "The attendance register has been saved. Quorum reached: %(present)d of "
            "%(active)d members present.",
            present=result.present,
            active=result.active,
        )
    else:
        message = _(
            "The attendance register has been saved. Quorum not reached: %(present)d of "
            "%(active)d members present, %(needed)d needed.",
            present=result.present,
            active=result.active,
            needed=result.needed,
        )
    flash(message, "success")
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


def _register_data(meeting: Meeting, roster: list[Member]) -> dict[str, Any]:
    """The form as stored: a line per active member (blank if unmarked), guests, blank lines."""
    stored = {row.member_id: row for row in meeting.attendance}
    members = []
    for member in roster:
        row = stored.get(member.id)
        members.append(
            {
                "member_id": member.id,
                "status": row.status if row else None,
                "substitute_name": row.substitute_name if row else None,
                "substitute_institution": row.substitute_institution if row else None,
            }
        )
    guests: list[dict[str, Any]] = [
        {"name": guest.name, "institution": guest.institution} for guest in meeting.guests
    ]
    guests.extend({} for _ in range(BLANK_GUEST_ROWS))
    return {"version": meeting.version_id, "members": members, "guests": guests}


def _register_page(
    meeting: Meeting,
    roster: list[Member],
    form: AttendanceForm,
    status: int,
    *,
    conflict: bool = False,
) -> tuple[str, int]:
    on_roster = {member.id for member in roster}
    stored_quorum = (
        quorum_of_rows(
            (row for row in meeting.attendance if row.member_id in on_roster), len(roster)
        )
        if meeting.attendance
        else None
    )
    return render_template(
        "consultations/attendance.html",
        meeting=meeting,
        form=form,
        members_by_id={member.id: member for member in roster},
        stored_quorum=stored_quorum,
        conflict=conflict,
    ), status


# --- participation in consultations and activities -----------------------------------------


@bp.route("/meetings/<int:meeting_id>/participation", methods=["GET", "POST"])
@login_required
def participation(meeting_id: int) -> Page:
    """Record how many took part in a held consultation or activity, and which organisations."""
    meeting = writable_meeting(meeting_id, *participation_options())
    if not meeting.kind.is_public:
        abort(404)
    if not _is_held(meeting):
        status = 400 if request.method == "POST" else 200
        return render_template(
            "consultations/participation.html", meeting=meeting, form=None
        ), status
    session = get_session()
    form = (
        ParticipationForm()
        if request.method == "POST"
        else ParticipationForm(data=_participation_data(meeting))
    )
    _set_organisation_choices(meeting, form)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _participation_page(meeting, form, status)
    record_participation(
        session,
        meeting,
        counts=form.counts(),
        organisation_ids=form.organisations.data or [],
        organisation_names=form.typed_organisations(),
    )
    if not commit_if_current(session, meeting, form.version.data):
        meeting = writable_meeting(meeting_id, *participation_options())
        _set_organisation_choices(meeting, form)
        rebase_on(form.version, meeting)
        return _participation_page(meeting, form, 409, conflict=True)
    flash(_("The participation has been saved."), "success")
    return redirect(url_for("consultations.show", meeting_id=meeting.id))


def _participation_data(meeting: Meeting) -> dict[str, Any]:
    data: dict[str, Any] = {"version": meeting.version_id}
    stored = meeting.participation
    if stored is not None:
        for name in ("total", *GENDER_FIELDS, *AGE_FIELDS):
            data[name] = getattr(stored, name)
        # Communities nobody came from show 0, so the breakdown reads as complete.
        for community in ParticipantCommunity:
            data[community_field_name(community)] = 0
        for row in meeting.community_counts:
            data[community_field_name(row.community)] = row.count
    data["organisations"] = [
        row.organisation_id for row in meeting.organisations if row.organisation_id is not None
    ]
    data["other_organisations"] = "\n".join(
        row.name for row in meeting.organisations if row.organisation_id is None and row.name
    )
    return data


def _set_organisation_choices(meeting: Meeting, form: ParticipationForm) -> None:
    listed = [row.organisation_id for row in meeting.organisations if row.organisation_id]
    organisations = selectable_organisations(get_session(), current_language(), listed)
    form.organisations.choices = [SelectChoice(str(org.id), org.name) for org in organisations]


def _participation_page(
    meeting: Meeting, form: ParticipationForm, status: int, *, conflict: bool = False
) -> tuple[str, int]:
    return render_template(
        "consultations/participation.html", meeting=meeting, form=form, conflict=conflict
    ), status
