"""Who may read or write a meeting: one place for the checks every meeting route makes.

A meeting a reader may not see answers 404, so its existence is not revealed; one they may
see but not change answers 403. Deny by default: every route goes through one of these.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from safety.accounts.models import Role
from safety.consultations.models import Meeting
from safety.councils.models import Council
from safety.db import get_session


def load_meeting(meeting_id: int, *options: Any) -> Meeting:
    """The meeting with its hosts (which every permission check reads), or 404."""
    meeting = (
        get_session()
        .scalars(
            select(Meeting)
            .where(Meeting.id == meeting_id)
            .options(selectinload(Meeting.hosts), *options)
        )
        .one_or_none()
    )
    if meeting is None:
        abort(404)
    return meeting


def readable_meeting(meeting_id: int, *options: Any) -> Meeting:
    """A meeting the current user may see (public kinds: everyone), else 404."""
    meeting = load_meeting(meeting_id, *options)
    if not meeting.can_view(current_user):
        abort(404)
    return meeting


def internal_meeting(meeting_id: int, *options: Any) -> Meeting:
    """A meeting whose internal record (attendance, drafts, scans) the user may read, else 404."""
    meeting = load_meeting(meeting_id, *options)
    if not meeting.can_view_internal(current_user):
        abort(404)
    return meeting


def writable_meeting(meeting_id: int, *options: Any) -> Meeting:
    """A meeting the current user may change: 404 if they may not see it, 403 if only read it."""
    meeting = load_meeting(meeting_id, *options)
    if not meeting.can_view(current_user):
        abort(404)
    if not meeting.can_edit(current_user):
        abort(403)
    return meeting


def council_or_404(council_id: int, *options: Any) -> Council:
    council = (
        get_session()
        .scalars(select(Council).where(Council.id == council_id).options(*options))
        .one_or_none()
    )
    if council is None:
        abort(404)
    return council


def can_manage_meetings(council: Council) -> bool:
    """Only the council's own secretary schedules and records its meetings."""
    return (
        current_user.is_authenticated
        and current_user.role == Role.SECRETARY
        and current_user.council_id == council.id
    )


def can_read_council_meetings(council: Council) -> bool:
    """Staff who may list all of a council's meetings, council meetings included."""
    if not current_user.is_authenticated:
        return False
    if current_user.role in (Role.ADMIN, Role.MINISTRY):
        return True
    return current_user.role == Role.SECRETARY and current_user.council_id == council.id
