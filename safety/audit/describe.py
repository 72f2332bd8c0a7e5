"""The audit trail in words: record types, field names and values translated, records named.

Each audited model describes itself beside its columns (see `REDACTED` in models.py for the
attributes); this module reads those declarations through the mapper registry, so it imports
no slice. Names are loaded in one query per record type present, never one per event.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, Enum, select
from sqlalchemy.orm import Mapper, Session

from safety.audit.models import REDACTED, AuditAction, AuditEvent, AuditLink
from safety.db import Base, UTCDateTime
from safety.labels import label
from safety.templating import display, format_date, format_datetime

NOTHING = "—"

# Keys of the details explicit events carry (safety.audit.record.record, give_reason).
DETAIL_LABELS: Mapping[str, Any] = {
    "email": _l("E-mail entered"),
    "reason": _l("Reason"),
    "method": _l("Request method"),
}
# Coded reasons the app itself writes; a reason a person typed is shown as typed.
REASON_LABELS: Mapping[str, Any] = {
    "locked": _l("Too many failed attempts: signing in is locked for a while"),
}


@dataclass(frozen=True)
class Change:
    """One line of an event's changes, in words. `whole` fills both the before and after cells."""

    field: str
    old: str | None
    new: str
    whole: bool = False


@dataclass(frozen=True)
class Entry:
    """An audit event as its reader sees it."""

    event: AuditEvent
    record_type: str
    record_name: str | None
    record_url: str | None
    refused: str | None
    changes: list[Change]

    @property
    def record_number(self) -> str:
        return "" if self.event.entity_id is None else str(self.event.entity_id)


@dataclass(frozen=True)
class _Named:
    name: str
    url_args: dict[str, Any]


def audited_models() -> dict[str, type[Any]]:
    """Table name -> class of every model the audit listener records (from the mappers)."""
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audit__", True)
    }


def type_label(entity_type: str | None) -> str:
    """The translated name of a record type ("Council member"), or the table name."""
    if entity_type is None:
        return ""
    model = audited_models().get(entity_type)
    return str(getattr(model, "__audit_type__", entity_type))


def record_type_choices() -> list[tuple[str, str]]:
    """(table name, translated type name) for the filter, sorted by the name the reader sees."""
    return sorted(
        ((name, type_label(name)) for name in audited_models()),
        key=lambda choice: choice[1].casefold(),
    )


def field_label(model: type[Any] | None, key: str) -> str:
    labels = getattr(model, "__audit_labels__", {})
    return str(labels.get(key) or DETAIL_LABELS.get(key) or key)


def _mapper(model: type[Any]) -> Mapper[Any]:
    return model.__mapper__


def _referred_table(model: type[Any] | None, key: str) -> str | None:
    """The table a foreign-key column or a many-to-many collection of `model` points at."""
    if model is None:
        return None
    mapper = _mapper(model)
    if key in mapper.relationships:
        return mapper.relationships[key].mapper.class_.__tablename__
    column = model.__table__.columns.get(key)
    if column is None or not column.foreign_keys:
        return None
    return next(iter(column.foreign_keys)).column.table.name


def _wanted_names(events: Iterable[AuditEvent]) -> dict[str, set[int]]:
    """Ids per table this batch of events names: the records and the records they point at."""
    models = audited_models()
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.entity_type and event.entity_id is not None:
            wanted[event.entity_type].add(event.entity_id)
        model = models.get(event.entity_type or "")
        if model is None or not isinstance(event.changes, dict):
            continue
        for key, value in event.changes.items():
            table = _referred_table(model, key)
            if table is not None:
                wanted[table].update(_ids_in(value))
    return wanted


def _ids_in(value: Any) -> list[int]:
    """Record ids in a stored value: an id, [old, new], a list, or {"added", "removed"}."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [item for part in value for item in _ids_in(part)]
    if isinstance(value, dict) and value != REDACTED:
        return _ids_in(value.get("added", [])) + _ids_in(value.get("removed", []))
    return []


def _load_names(
    session: Session, wanted: Mapping[str, set[int]], locale: str
) -> dict[tuple[str, int], _Named]:
    """One query per record type: its records' names and the arguments of their pages' URLs."""
    models = audited_models()
    names: dict[tuple[str, int], _Named] = {}
    for table, ids in sorted(wanted.items()):
        model = models.get(table)
        namer = getattr(model, "__audit_name__", None)
        if model is None or namer is None or not ids:
            continue
        link: AuditLink | None = getattr(model, "__audit_link__", None)
        link_args = dict(link.args) if link else {}
        columns = [getattr(model, column) for column in link_args.values()]
        query = select(model.id, namer(locale), *columns).where(model.id.in_(sorted(ids)))
        for record_id, name, *values in session.execute(query):
            names[(table, record_id)] = _Named(name, dict(zip(link_args, values, strict=True)))
    return names


class Describer:
    """Describes events for one reader: their language, their role, the names on this page."""

    def __init__(self, session: Session, locale: str, viewer_role: str | None) -> None:
        self.session = session
        self.locale = locale
        self.viewer_role = viewer_role
        self.models = audited_models()

    def describe(self, events: Sequence[AuditEvent], *, with_links: bool = True) -> list[Entry]:
        names = _load_names(self.session, _wanted_names(events), self.locale)
        return [self._entry(event, names, with_links) for event in events]

    def _entry(
        self, event: AuditEvent, names: Mapping[tuple[str, int], _Named], with_links: bool
    ) -> Entry:
        model = self.models.get(event.entity_type or "")
        named = names.get((event.entity_type or "", event.entity_id or 0))
        url = self._url(model, named) if with_links and named else None
        changes = event.changes if isinstance(event.changes, dict) else {}
        refused = None
        if event.action == AuditAction.ACCESS_DENIED:
            refused = " ".join(part for part in (changes.get("method"), event.path) if part)
            changes = {key: value for key, value in changes.items() if key != "method"}
        return Entry(
            event=event,
            record_type=type_label(event.entity_type),
            record_name=named.name if named else None,
            record_url=url,
            refused=refused or None,
            changes=self._changes(event, model, changes, names),
        )

    def _url(self, model: type[Any] | None, named: _Named) -> str | None:
        link: AuditLink | None = getattr(model, "__audit_link__", None)
        if link is None or (link.roles is not None and self.viewer_role not in link.roles):
            return None
        return url_for(link.endpoint, **named.url_args)

    def _changes(
        self,
        event: AuditEvent,
        model: type[Any] | None,
        changes: Mapping[str, Any],
        names: Mapping[tuple[str, int], _Named],
    ) -> list[Change]:
        order = list(model.__table__.columns.keys()) if model is not None else []

        def position(key: str) -> tuple[int, int, str]:
            # The reason for a deletion first, then columns in the model's order.
            if key == "reason":
                return (0, 0, key)
            return (1, order.index(key) if key in order else len(order), key)

        # The record's own id is its number, shown beside its name; a created or deleted
        # record reads better without the fields that were left empty.
        shown = [
            key
            for key in changes
            if key != "id"
            and (event.action == AuditAction.UPDATE or changes[key] not in (None, "", []))
        ]
        return [
            self._change(event, model, key, changes[key], names)
            for key in sorted(shown, key=position)
        ]

    def _change(
        self,
        event: AuditEvent,
        model: type[Any] | None,
        key: str,
        value: Any,
        names: Mapping[tuple[str, int], _Named],
    ) -> Change:
        field = field_label(model, key)
        is_update = event.action == AuditAction.UPDATE
        if value == REDACTED:
            text = (
                _("Changed (the value is not kept in the audit trail)")
                if is_update
                else _("Filled in (the value is not kept in the audit trail)")
            )
            return Change(field, None, text, whole=is_update)
        referred = _referred_table(model, key)
        if isinstance(value, dict) and referred is not None:
            return Change(field, None, self._collection_change(referred, value, names), whole=True)
        if is_update and isinstance(value, list) and len(value) == 2:
            old, new = (self._value(event, model, key, part, names) for part in value)
            return Change(field, old, new)
        return Change(field, None, self._value(event, model, key, value, names))

    def _collection_change(
        self, table: str, value: Mapping[str, Any], names: Mapping[tuple[str, int], _Named]
    ) -> str:
        added = self._names_of(table, value.get("added", []), names)
        removed = self._names_of(table, value.get("removed", []), names)
        parts = []
        if added:
            parts.append(_("Added: %(names)s.", names=added))
        if removed:
            parts.append(_("Removed: %(names)s.", names=removed))
        return " ".join(parts) or NOTHING

    def _names_of(
        self, table: str, ids: Iterable[Any], names: Mapping[tuple[str, int], _Named]
    ) -> str:
        return ", ".join(self._name_of(table, record_id, names) for record_id in ids)

    def _name_of(self, table: str, record_id: Any, names: Mapping[tuple[str, int], _Named]) -> str:
        named = names.get((table, record_id))
        return named.name if named else f"#{record_id}"

    def _value(
        self,
        event: AuditEvent,
        model: type[Any] | None,
        key: str,
        value: Any,
        names: Mapping[tuple[str, int], _Named],
    ) -> str:
        """A stored JSON value in words: names for ids, labels for enums, local dates."""
        if value is None or value == "":
            return NOTHING
        if key == "reason" and event.action == AuditAction.LOGIN_FAILED:
            return str(REASON_LABELS.get(value, value))
        referred = _referred_table(model, key)
        if referred is not None:
            if isinstance(value, list):
                return self._names_of(referred, value, names) or NOTHING
            return self._name_of(referred, value, names)
        column = model.__table__.columns.get(key) if model is not None else None
        column_type = column.type if column is not None else None
        if isinstance(column_type, Enum) and column_type.enum_class is not None:
            try:
                return label(column_type.enum_class(value))
            except ValueError:
                return str(value)
        if isinstance(column_type, UTCDateTime | DateTime):
            return _datetime_text(value)
        if isinstance(column_type, Date) and isinstance(value, str):
            return _date_text(value)
        if isinstance(column_type, Boolean) or isinstance(value, bool):
            return display(bool(value))
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return str(value)


def _date_text(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def _datetime_text(value: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    # Stored values are UTC; an old naive one is UTC too (UTCDateTime never stores others).
    return format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def changes_text(entry: Entry) -> str:
    """The changes of an entry on one line, for the CSV export."""
    parts = []
    for change in entry.changes:
        if change.old is not None:
            parts.append(f"{change.field}: {change.old} → {change.new}")
        else:
            parts.append(f"{change.field}: {change.new}")
    return "; ".join(parts)
