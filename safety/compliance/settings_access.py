"""Who reads and who changes the compliance settings (thresholds, communities of municipalities).

Administrators keep them (records.md, "Who may do what"); the ministry reads them, since its
reviews rest on them; everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from safety.accounts.models import Role
from safety.compliance.blueprint import bp


@bp.app_template_global()
def can_change_settings(user: Any) -> bool:
    """Administrators change thresholds and communities."""
    return bool(user.is_authenticated and user.role == Role.ADMIN)


@bp.app_template_global()
def can_read_settings(user: Any) -> bool:
    """Administrators and the ministry read them."""
    return bool(user.is_authenticated and user.role in (Role.ADMIN, Role.MINISTRY))


def require_reader() -> None:
    if not can_read_settings(current_user):
        abort(403)


def require_changer() -> None:
    if not can_change_settings(current_user):
        abort(403)
