"""Recording audit events: one row for every change, sign-in, sign-out and refused access.

Values of fields a model names in `__audit_redact__` never reach the trail: their changes are
recorded as facts (`REDACTED`). A change made only to such fields is written when the
transaction commits, unless an explicit event about the same record in that transaction
(a password change or reset, a sign-in that upgraded the hash) already states the fact, so
each action still writes exactly one row.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, SessionTransaction

from safety.audit.models import REDACTED, AuditAction, AuditEvent
from safety.dates import utcnow

SYSTEM_ACTOR = "system"

# Keys in Session.info for the current transaction: UPDATE rows that change only redacted
# fields (written at commit), and the records explicit events in this transaction are about.
_DEFERRED = "audit_deferred_rows"
_EXPLAINED = "audit_explained_records"


def set_actor(actor_id: int | None, label: str) -> None:
    """Name who is acting for the rest of this app context (a signed-in user or a command)."""
    g.audit_actor = (actor_id, label)


def _actor() -> tuple[int | None, str]:
    if has_app_context():
        return g.get("audit_actor", (None, SYSTEM_ACTOR))
    return (None, SYSTEM_ACTOR)


# URL parts that are credentials (a concern's tracking token, a calendar feed's token): whoever
# reads the trail must not be able to follow or reopen a submitter's concern with them.
_SECRET_VIEW_ARGS = frozenset({"token"})


def _request_path() -> str:
    """The request's path with credential parts replaced by their placeholder (`<token>`)."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in _SECRET_VIEW_ARGS and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path[:500]


def _request_context_fields() -> dict[str, Any]:
    if not has_request_context():
        return {"ip_address": None, "path": None}
    return {"ip_address": request.remote_addr, "path": _request_path()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _is_audited(obj: Any) -> bool:
    return getattr(obj, "__audit__", True)


def _redacted_fields(obj: Any) -> frozenset[str]:
    return getattr(obj, "__audit_redact__", frozenset())


def _column_values(obj: Any) -> dict[str, Any]:
    """Every recorded column of a created or deleted object; redacted ones only as a fact."""
    ignored = getattr(obj, "__audit_ignore__", frozenset())
    redacted = _redacted_fields(obj)
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in ignored:
            continue
        value = getattr(obj, attr.key)
        # "No value" gives nothing away, and tells the reader the field was left empty.
        values[attr.key] = (
            REDACTED if attr.key in redacted and value is not None else _jsonable(value)
        )
    return values


def _created_values(obj: Any) -> dict[str, Any]:
    """A new object's columns plus the ids in its many-to-many collections."""
    state = inspect(obj)
    collections = {
        relation.key: sorted(_primary_key(item) for item in state.attrs[relation.key].history.added)
        for relation in state.mapper.relationships
        if relation.uselist and relation.secondary is not None
    }
    return {**_column_values(obj), **{key: ids for key, ids in collections.items() if ids}}


def _changed_collections(obj: Any) -> dict[str, dict[str, list[Any]]]:
    """Ids added to and removed from many-to-many collections (an organisation's municipalities)."""
    state = inspect(obj)
    changes: dict[str, dict[str, list[Any]]] = {}
    for relation in state.mapper.relationships:
        if not relation.uselist or relation.secondary is None:
            continue
        history = state.attrs[relation.key].history
        if history.added or history.deleted:
            changes[relation.key] = {
                "added": sorted(_primary_key(item) for item in history.added),
                "removed": sorted(_primary_key(item) for item in history.deleted),
            }
    return changes


def _changed_values(obj: Any) -> dict[str, Any]:
    """[old, new] per changed column, REDACTED for redacted ones, added/removed collection ids."""
    ignored = getattr(obj, "__audit_ignore__", frozenset())
    redacted = _redacted_fields(obj)
    state = inspect(obj)
    changes: dict[str, Any] = dict(_changed_collections(obj))
    for attr in state.mapper.column_attrs:
        if attr.key in ignored:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = (
                    REDACTED if attr.key in redacted else [_jsonable(old), _jsonable(new)]
                )
    return changes


def _primary_key(obj: Any) -> Any:
    # Read the key from the object itself: in after_flush a new object's identity key is not
    # assigned yet, although the INSERT has already filled in its primary key.
    return inspect(obj).mapper.primary_key_from_instance(obj)[0]


def give_reason(session: Session, obj: Any, reason: str) -> None:
    """Attach the user's reason to the audit row this flush writes for `obj` (a deletion)."""
    session.info.setdefault("audit_reasons", {})[id(obj)] = reason


def _reason(session: Session, obj: Any) -> dict[str, str]:
    reason = session.info.get("audit_reasons", {}).pop(id(obj), None)
    return {"reason": reason} if reason else {}


def _event_row(action: AuditAction, obj: Any, changes: dict[str, Any]) -> dict[str, Any]:
    actor_id, actor_label = _actor()
    return {
        "occurred_at": utcnow(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "entity_type": obj.__tablename__,
        "entity_id": _primary_key(obj),
        "changes": changes,
        **_request_context_fields(),
    }


@event.listens_for(Session, "after_flush")
def _audit_flush(session: Session, _flush_context: Any) -> None:
    """Write one audit row per created, changed or deleted audited object in this flush."""
    # In after_flush, session.new still lists what this flush inserted: explicit events too.
    session.info.setdefault(_EXPLAINED, set()).update(
        (obj.entity_type, obj.entity_id)
        for obj in session.new
        if isinstance(obj, AuditEvent) and obj.entity_type is not None
    )
    rows = [
        _event_row(AuditAction.CREATE, obj, _created_values(obj))
        for obj in session.new
        if _is_audited(obj)
    ]
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj):
            changes = _changed_values(obj)
            if not changes:
                continue
            row = _event_row(AuditAction.UPDATE, obj, changes)
            if set(changes) <= _redacted_fields(obj):
                session.info.setdefault(_DEFERRED, []).append(row)
            else:
                rows.append(row)
    rows.extend(
        _event_row(AuditAction.DELETE, obj, {**_column_values(obj), **_reason(session, obj)})
        for obj in session.deleted
        if _is_audited(obj)
    )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


@event.listens_for(Session, "before_commit")
def _audit_redacted_changes(session: Session) -> None:
    """Write the deferred redacted-only changes no explicit event of this transaction states."""
    # Flush first: the change itself, or an explicit event added after it, may be pending.
    session.flush()
    if not session.info.get(_DEFERRED):
        return
    explained = session.info.get(_EXPLAINED, set())
    rows = [
        row
        for row in session.info.pop(_DEFERRED)
        if (row["entity_type"], row["entity_id"]) not in explained
    ]
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_DEFERRED, None)
        session.info.pop(_EXPLAINED, None)


def record(
    session: Session,
    action: AuditAction,
    entity: Any = None,
    details: dict[str, Any] | None = None,
    actor: tuple[int | None, str] | None = None,
) -> AuditEvent:
    """Add an explicit audit event (sign-in, sign-out, refused access, password events)."""
    actor_id, actor_label = actor or _actor()
    audit_event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        entity_type=entity.__tablename__ if entity is not None else None,
        entity_id=entity.id if entity is not None else None,
        changes={key: _jsonable(value) for key, value in (details or {}).items()} or None,
        **_request_context_fields(),
    )
    session.add(audit_event)
    return audit_event
