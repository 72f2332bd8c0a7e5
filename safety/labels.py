"""The registry of translated enum labels: each slice registers its own beside its enums."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar

E = TypeVar("E", bound=enum.Enum)

_LABELS: dict[type[enum.Enum], Mapping[Any, Any]] = {}


def register_labels(enum_cls: type[E], labels: Mapping[E, Any]) -> Mapping[E, Any]:
    """Record the display labels of `enum_cls`; every member must have one."""
    missing = set(enum_cls) - set(labels)
    if missing:
        raise ValueError(f"{enum_cls.__name__} members without a label: {sorted(missing)}")
    _LABELS[enum_cls] = labels
    return labels


def label(value: object) -> str:
    """The translated label of an enum member (or the value itself when it has none)."""
    if value is None:
        return ""
    labels = _LABELS.get(type(value), {})
    return str(labels.get(value, value))


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, str]]:
    """(value, label) pairs for a SelectField, in declaration order, in the reader's language."""
    return [(member.value, label(member)) for member in enum_cls]
