"""Queue an e-mail in the outbox, in the caller's transaction, at most once per key.

The change and its message commit together or not at all; `flask send-notifications`
delivers later. The key names the change and the recipient, so a retried request cannot
queue the same message twice.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from safety.concerns.models import OutboxMessage


def queue_message(
    session: Session,
    *,
    key: str,
    recipient: str,
    subject: str,
    body: str,
    concern_id: int | None = None,
) -> OutboxMessage | None:
    """Add a message unless one with `key` exists; return it, or None if already queued.

    Never pass restricted concern text here: callers write bodies that point to the
    tracking page instead of quoting what the submitter wrote.
    """
    if session.scalar(select(exists().where(OutboxMessage.dedupe_key == key))):
        return None
    message = OutboxMessage(
        dedupe_key=key, recipient=recipient, subject=subject, body=body, concern_id=concern_id
    )
    session.add(message)
    session.flush()
    return message
