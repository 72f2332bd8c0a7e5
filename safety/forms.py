"""The base form and the field helpers every slice's forms share (coercion, blanks, versions)."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import HiddenInput

from safety.dates import today
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


class NotInFuture:
    """A stated date of something that happened: never after today in Kosovo."""

    def __init__(self, message: Any = None) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is not None and field.data > today():
            raise ValidationError(self.message or _l("This date cannot be in the future."))


class NotBefore:
    """A date no earlier than `earliest` (for example, no council appointment before 1999)."""

    def __init__(self, earliest: date, message: Any) -> None:
        self.earliest = earliest
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is not None and field.data < self.earliest:
            raise ValidationError(self.message)


_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def has_visible_character(text: str) -> bool:
    """True if `text` has at least one letter, digit or sign a reader can see."""
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text)


class VisibleText:
    """Refuse text made only of spaces, control or invisible characters (zero-width etc.)."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not has_visible_character(field.data):
            raise ValidationError(
                _l("Enter visible text, not only spaces or invisible characters.")
            )
        if field.data and any(
            unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in field.data
        ):
            raise ValidationError(_l("Remove the control characters from this text."))


# Kosovo's own code and the Serbian, Monaco and Slovenian mobile codes still in use there.
_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_INTERNATIONAL = re.compile(r"^(?:\+|00)(?:383|381|377|386)\d{7,9}$")
_NATIONAL = re.compile(r"^0\d{7,9}$")


def is_phone_number(text: str) -> bool:
    """A Kosovo landline or mobile number, national (044 123 456) or international (+383 ...)."""
    digits = _PHONE_SEPARATORS.sub("", text)
    return bool(_INTERNATIONAL.match(digits) or _NATIONAL.match(digits))


class PhoneNumber:
    """Accept Kosovo numbers with +383, or the older +381, +377 and +386 mobile prefixes."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not is_phone_number(field.data):
            raise ValidationError(
                _l("Enter a telephone number such as +383 44 123 456 or 044 123 456.")
            )
