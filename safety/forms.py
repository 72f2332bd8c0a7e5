"""The base form and the field helpers every slice's forms share (coercion, blanks, versions)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from safety.form_translations import AppTranslations


class Form(FlaskForm):
    """Every form of the app: WTForms' own messages come from the app's catalogues."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> AppTranslations:
            # WTForms ships no Albanian catalogue and its Serbian wording differs from ours.
            return AppTranslations()


def strip(value: Any) -> Any:
    """Filter: trim the spaces people paste around values."""
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value: Any) -> Any:
    """Filter: an empty text box stores NULL, not an empty string."""
    return None if value == "" else value


TEXT_FILTERS = (strip, blank_to_none)
"""Filters for optional text fields: trimmed, and None when left empty."""


def enum_coerce(enum_cls: type[enum.StrEnum]) -> Callable[[Any], Any]:
    """A SelectField `coerce` giving the enum member, or None for the empty "choose" option."""

    def coerce(value: Any) -> Any:
        if value is None or value == "":
            return None
        try:
            return enum_cls(value)
        except ValueError:
            # Left as typed, so the select's own check answers "Not a valid choice."
            return value

    coerce.__name__ = f"coerce_{enum_cls.__name__}"
    return coerce


def optional_int(value: Any) -> int | None:
    """Coerce a select's value to an id, with the empty option meaning "none"."""
    if value in (None, ""):
        return None
    return int(value)


class VersionField(IntegerField):
    """The record version the form was opened on, so a stale save can be refused (409).

    It is never copied onto the record: SQLAlchemy's version counter owns that column.
    """

    widget = HiddenInput()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validators=[InputRequired()], **kwargs)

    def populate_obj(self, obj: Any, name: str) -> None:
        return None
