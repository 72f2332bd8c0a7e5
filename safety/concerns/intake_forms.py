"""Forms for raising a concern: the public form, an organisation's, and the secretary's entry.

Shape only: required fields, lengths, dates against today, a map point's numbers and
whether it lies in Kosovo (`safety.concerns.geo`). The views set the council choices.
"""

from __future__ import annotations

import math
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from safety.concerns.case_forms import CommunitiesField
from safety.concerns.geo import in_kosovo
from safety.concerns.models import ConcernCategory, ConcernChannel
from safety.councils.models import Community
from safety.dates import format_date
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotInFuture,
    PhoneNumber,
    VisibleText,
    enum_coerce,
    optional_int,
    strip,
)
from safety.labels import choices

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
SETTLEMENT_MAX = 120

STAFF_CHANNELS = (
    ConcernChannel.PHONE,
    ConcernChannel.PAPER,
    ConcernChannel.MEETING,
    ConcernChannel.IN_PERSON,
    ConcernChannel.EMAIL,
)
"""How a concern reaches the secretary outside the app (organisations and the public form
have their own ways in)."""


class CoordinateField(StringField):
    """A latitude or longitude typed as a number, with a dot or a decimal comma."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.raw_text = text
        if not text:
            self.data = None
            return
        try:
            number = float(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a number, for example 42.6629.")) from None
        if not math.isfinite(number):
            self.data = None
            raise ValueError(_l("Enter a number, for example 42.6629."))
        self.data = number

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:g}"


class UnstoredField(HiddenField):
    """A step of the form (the similar concerns were shown), not a column of the concern."""

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


def _category_field() -> SelectField:
    return SelectField(
        _l("Category"),
        coerce=enum_coerce(ConcernCategory),
        validators=[DataRequired(message=_l("Choose the category that fits best."))],
        invalid_choice_message=_l("Choose one of the listed categories."),
    )


class ConcernFieldsForm(Form):
    """What every way in asks about the concern itself."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the concern a short title.")),
            Length(max=TITLE_MAX),
            VisibleText(),
        ],
        filters=TEXT_FILTERS,
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            DataRequired(message=_l("Describe the concern: what, where and since when.")),
            Length(max=DESCRIPTION_MAX),
            VisibleText(),
        ],
        filters=TEXT_FILTERS,
    )
    category = _category_field()
    settlement = StringField(
        _l("Settlement or neighbourhood"),
        validators=[Optional(), Length(max=SETTLEMENT_MAX), VisibleText()],
        filters=TEXT_FILTERS,
    )
    communities = CommunitiesField(
        _l("Communities affected"),
        validators=[Optional()],
        invalid_choice_message=_l("Choose communities from the list."),
    )
    observed_on = DateField(_l("Date observed"), validators=[Optional(), NotInFuture()])
    # Typed as text with a decimal keyboard: a number input would refuse the decimal comma.
    latitude = CoordinateField(_l("Latitude"), render_kw={"inputmode": "decimal"})
    longitude = CoordinateField(_l("Longitude"), render_kw={"inputmode": "decimal"})
    # Set once the similar concerns have been shown: the next send saves.
    checked = UnstoredField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("Choose...")), *choices(ConcernCategory)]
        self.communities.choices = choices(Community)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self._validate_point() and valid

    def _validate_point(self) -> bool:
        latitude, longitude = self.latitude.data, self.longitude.data
        if self.latitude.errors or self.longitude.errors:
            return False
        if latitude is None and longitude is None:
            return True
        if latitude is None or longitude is None:
            missing = self.latitude if latitude is None else self.longitude
            return _fail(missing, _l("Give both the latitude and the longitude, or neither."))
        if not -90 <= latitude <= 90:
            return _fail(self.latitude, _l("A latitude lies between -90 and 90."))
        if not -180 <= longitude <= 180:
            return _fail(self.longitude, _l("A longitude lies between -180 and 180."))
        if not in_kosovo(latitude, longitude):
            return _fail(
                self.latitude,
                _l(
                    "This point is outside Kosovo. Check the numbers: latitude first "
                    "(about 42), then longitude (about 21)."
                ),
            )
        return True


def _fail(field: Field, message: Any) -> bool:
    field.errors = [*field.errors, message]
    return False


class ReportForm(ConcernFieldsForm):
    """The public form: anonymous, with an optional name and e-mail for a tracking link."""

    submitter_name = StringField(
        _l("Your name (optional)"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
        render_kw={"autocomplete": "name"},
    )
    submitter_email = StringField(
        _l("Your e-mail (optional)"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        filters=TEXT_FILTERS,
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    # The honeypot: hidden from people, filled in by form-filling robots.
    website = StringField(_l("Leave this field empty"), filters=[strip])


class SubmitForm(ConcernFieldsForm):
    """An organisation's concern: the council it is for (the view sets the choices)."""

    council_id = SelectField(
        _l("Council"),
        coerce=optional_int,
        validators=[DataRequired(message=_l("Choose the council."))],
        invalid_choice_message=_l("Choose one of the listed councils."),
        invalid_value_message=_l("Choose one of the listed councils."),
    )


class StaffConcernForm(ConcernFieldsForm):
    """A concern the secretary enters: how and when it was raised, the citizen's contact."""

    channel = SelectField(
        _l("How the concern was raised"),
        coerce=enum_coerce(ConcernChannel),
        validators=[DataRequired(message=_l("Choose how the concern was raised."))],
        invalid_choice_message=_l("Choose one of the listed ways."),
    )
    submitted_on = DateField(
        _l("Date it was raised"),
        validators=[
            DataRequired(message=_l("Enter the date the concern was raised.")),
            NotInFuture(),
        ],
    )
    submitter_name = StringField(
        _l("Citizen's name (optional)"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    submitter_email = StringField(
        _l("Citizen's e-mail (optional)"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        filters=TEXT_FILTERS,
    )
    submitter_phone = StringField(
        _l("Citizen's telephone (optional)"),
        validators=[Optional(), Length(max=40), PhoneNumber()],
        filters=TEXT_FILTERS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = [
            ("", _l("Choose...")),
            *((channel.value, label) for channel, label in _channel_labels()),
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        raised, observed = self.submitted_on.data, self.observed_on.data
        if raised is not None and observed is not None and observed > raised:
            valid = _fail(
                self.observed_on,
                _l(
                    "What was observed cannot be after the concern was raised (%(date)s).",
                    date=format_date(raised),
                ),
            )
        return valid


def _channel_labels() -> list[tuple[ConcernChannel, str]]:
    labelled = dict(choices(ConcernChannel))
    return [(channel, labelled[channel.value]) for channel in STAFF_CHANNELS]


class ReopenForm(Form):
    """The submitter reopens a resolved or rejected concern, once, saying why."""

    reason = TextAreaField(
        _l("Why are you reopening the concern?"),
        validators=[
            DataRequired(message=_l("Say why the concern should be looked at again.")),
            Length(max=DESCRIPTION_MAX),
            VisibleText(),
        ],
        filters=TEXT_FILTERS,
    )
