"""Optimistic locking for edit pages: a save from a stale form is refused, never merged."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from safety.forms import VersionField


def commit_if_current(session: Session, record: Any, opened_version: int | None) -> bool:
    """Commit the edit of `record` if nobody saved it since the form was opened.

    Returns False after rolling back when the form was opened on an older version, or when
    another request saved in between (SQLAlchemy's version check on UPDATE). The caller then
    reloads the record and answers 409 with the stored values beside the user's input.
    """
    if opened_version != record.version_id:
        session.rollback()
        return False
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        return False
    return True


def rebase_on(field: VersionField, record: Any) -> None:
    """Point the form at the stored version: saving again is a deliberate overwrite of it."""
    field.data = record.version_id
    field.raw_data = [str(record.version_id)]
