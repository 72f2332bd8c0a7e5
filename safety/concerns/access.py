"""Who may see, answer or read the submitter of a concern: every concern route asks here.

Deny by default. A concern someone may not see answers 404, so its existence is not
revealed. The submitter's identity and contact are for the council's own secretary and the
submitting organisation only: not the ministry, not administrators, never the public
(records.md, "Who may do what").
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from safety.accounts.models import Role, User
from safety.audit.record import set_actor
from safety.concerns.models import Concern, Sensitivity
from safety.db import get_session


def is_council_secretary(user: User, council_id: int) -> bool:
    return user.is_authenticated and user.role == Role.SECRETARY and user.council_id == council_id


def is_submitting_organisation(user: User, concern: Concern) -> bool:
    """A user of the organisation that submitted it (any status: they follow their own)."""
    return (
        user.is_authenticated
        and concern.organisation_id is not None
        and getattr(user, "organisation_id", None) == concern.organisation_id
    )


def is_public(concern: Concern) -> bool:
    """Shown to everyone: reviewed, public sensitivity, not deleted."""
    return (
        concern.deleted_on is None
        and concern.reviewed_on is not None
        and concern.sensitivity == Sensitivity.PUBLIC
    )


def can_view(user: User, concern: Concern) -> bool:
    if concern.deleted_on is not None:
        # Deleted spam stays visible to the council's secretary and the ministry only.
        return is_council_secretary(user, concern.council_id) or (
            user.is_authenticated and user.role in (Role.MINISTRY, Role.ADMIN)
        )
    if is_council_secretary(user, concern.council_id) or is_submitting_organisation(user, concern):
        return True
    if user.is_authenticated and user.role in (Role.MINISTRY, Role.ADMIN):
        return True
    return is_public(concern)


def can_see_submitter(user: User, concern: Concern) -> bool:
    return is_council_secretary(user, concern.council_id) or is_submitting_organisation(
        user, concern
    )


def can_manage(user: User, concern: Concern) -> bool:
    """Only the council's own secretary reviews, answers, flags and deletes."""
    return is_council_secretary(user, concern.council_id)


def can_read_council_concerns(user: User, council_id: int) -> bool:
    """Staff who list every concern of a council (restricted ones included)."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.MINISTRY, Role.ADMIN):
        return True
    return is_council_secretary(user, council_id)


def load_concern(concern_id: int, *options: Any) -> Concern:
    concern = (
        get_session()
        .scalars(select(Concern).where(Concern.id == concern_id).options(*options))
        .one_or_none()
    )
    if concern is None:
        abort(404)
    return concern


def readable_concern(concern_id: int, *options: Any) -> Concern:
    concern = load_concern(concern_id, *options)
    if not can_view(current_user, concern):
        abort(404)
    return concern


def manageable_concern(concern_id: int, *options: Any) -> Concern:
    """404 if the user may not see it, 403 if they may see but not manage it."""
    concern = readable_concern(concern_id, *options)
    if not can_manage(current_user, concern):
        abort(403)
    return concern


def keep_submitter_out_of_the_trail(user: User) -> None:
    """Record an organisation user's writes on its own concern as the organisation's.

    The ministry and administrators read the audit trail but may not learn who submitted
    a concern: the trail names "organisation" instead of the member's account.
    """
    if user.is_authenticated and user.role == Role.CSO:
        set_actor(None, "organisation")
