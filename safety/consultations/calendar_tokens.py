"""Private calendar-feed links: create, find, verify and revoke the secret token in the URL.

Calendar apps cannot sign in, so the URL itself is the credential. Only the token's SHA-256
is stored: a copy of the database does not give anyone a working link. A 256-bit random
token needs no slow hash or rate limit; the lookup is by the hash's unique index.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from safety.accounts.models import Role, User
from safety.consultations.models import CalendarToken
from safety.councils.models import Council

FEED_ROLES = frozenset({Role.SECRETARY, Role.MINISTRY, Role.ADMIN})
"""Staff, who read council meetings; CSOs and the public have the public feeds."""

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64
"""token_urlsafe(32) is 43 characters; anything much longer is not one of ours."""


def may_have_private_feed(user: User) -> bool:
    return bool(user.is_authenticated) and user.role in FEED_ROLES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_token(session: Session, user: User) -> CalendarToken | None:
    """The user's link in force, if any (there is at most one)."""
    return session.scalars(
        select(CalendarToken)
        .where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
        .order_by(CalendarToken.id.desc())
    ).first()


def revoke_tokens(session: Session, user: User, *, now: datetime) -> int:
    """Revoke every link of the user still in force; return how many were."""
    tokens = session.scalars(
        select(CalendarToken).where(
            CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)
        )
    ).all()
    for token in tokens:
        token.revoked_at = now
    session.flush()
    return len(tokens)


def issue_token(session: Session, user: User, *, now: datetime) -> str:
    """A new link for the user, replacing (revoking) the one in force; return the secret.

    The secret is returned once and never stored: the page shows it, then it is gone.
    """
    revoke_tokens(session, user, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(CalendarToken(user_id=user.id, token_hash=hash_token(token), created_at=now))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The staff member whose link in force this is; None for unknown, revoked or inactive."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = session.scalars(
        select(User)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .where(CalendarToken.token_hash == hash_token(token), CalendarToken.revoked_at.is_(None))
        .options(joinedload(User.council).joinedload(Council.municipality))
    ).first()
    # A deactivated account, or one whose role no longer reads council meetings, loses the
    # feed with its other rights, without anyone having to remember to revoke the link.
    if user is None or not user.is_active or user.role not in FEED_ROLES:
        return None
    return user
