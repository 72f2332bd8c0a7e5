"""Recording audit events: one row for every change, sign-in, sign-out and refused access."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from safety.audit.models import AuditAction, AuditEvent
from safety.dates import utcnow

SYSTEM_ACTOR = "system"


def set_actor(actor_id: int | None, label: str) -> None:
    """Name who is acting for the rest of this app context (a signed-in user or a command)."""
    g.audit_actor = (actor_id, label)


def _actor() -> tuple[int | None, str]:
    if has_app_context():
        return g.get("audit_actor", (None, SYSTEM_ACTOR))
    return (None, SYSTEM_ACTOR)


def _request_context_fields() -> dict[str, Any]:
    if not has_request_context():
        return {"ip_address": None, "path": None}
    return {"ip_address": request.remote_addr, "path": request.path[:500]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _is_audited(obj: Any) -> bool:
    return getattr(obj, "__audit__", True)


def _column_values(obj: Any) -> dict[str, Any]:
    ignored = getattr(obj, "__audit_ignore__", frozenset())
    state = inspect(obj)
    return {
        attr.key: _jsonable(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in ignored
    }


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
    ignored = getattr(obj, "__audit_ignore__", frozenset())
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
                changes[attr.key] = [_jsonable(old), _jsonable(new)]
    return changes


def _primary_key(obj: Any) -> Any:
    # Read the key from the object itself: in after_flush a new object's identity key is not
    # assigned yet, although the INSERT has already filled in its primary key.
    return inspect(obj).mapper.primary_key_from_instance(obj)[0]


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
    rows = [
        _event_row(AuditAction.CREATE, obj, _column_values(obj))
        for obj in session.new
        if _is_audited(obj)
    ]
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj):
            changes = _changed_values(obj)
            if changes:
                rows.append(_event_row(AuditAction.UPDATE, obj, changes))
    rows.extend(
        _event_row(AuditAction.DELETE, obj, _column_values(obj))
        for obj in session.deleted
        if _is_audited(obj)
    )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


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
