"""Forms for registering and editing a civil-society organisation, and reviewers' decisions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from safety.accounts.forms import EmailRequiredField, NewPasswordRule
from safety.forms import TEXT_FILTERS, Form, VersionField, enum_coerce, strip
from safety.labels import choices
from safety.organisations.models import REASON_MAX_LENGTH, OrganisationStatus, registration_key
from safety.passwords import MAX_LENGTH


class RegistrationNumber:
    """A number with letters or digits: it is compared without spaces, dashes and the like."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not registration_key(field.data):
            raise ValidationError(_l("Enter the registration number with its letters and digits."))


def lowercase(value: Any) -> Any:
    """Filter: e-mail addresses are stored in lower case."""
    return value.lower() if isinstance(value, str) else value


class MunicipalityIdsField(SelectMultipleField):
    """The chosen municipalities' ids; the view turns them into rows (forms never query)."""

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


class OrganisationForm(Form):
    """The organisation's own details; the view fills the municipality choices."""

    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(), Length(max=200)],
        filters=[strip],
    )
    registration_number = StringField(
        _l("Registration number"),
        validators=[DataRequired(), Length(max=40), RegistrationNumber()],
        filters=[strip],
    )
    contact_email = EmailRequiredField(_l("Contact e-mail"), filters=[strip, lowercase])
    contact_phone = StringField(
        _l("Contact phone"), validators=[Optional(), Length(max=40)], filters=TEXT_FILTERS
    )
    address = StringField(
        _l("Address"), validators=[Optional(), Length(max=300)], filters=TEXT_FILTERS
    )
    description = TextAreaField(
        _l("What the organisation does"),
        validators=[Optional(), Length(max=5000)],
        filters=TEXT_FILTERS,
    )
    municipality_ids = MunicipalityIdsField(
        _l("Municipalities where it works"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one municipality."))],
    )


class OrganisationEditForm(OrganisationForm):
    """The organisation's details as edited later, on the version the editor opened."""

    version = VersionField()


class RegistrationForm(OrganisationForm):
    """The organisation plus its first user account."""

    full_name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailRequiredField(_l("Your e-mail (to sign in)"))
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), NewPasswordRule(email_field="email")]
    )
    confirm_password = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(),
            Length(max=MAX_LENGTH),
            EqualTo("password", message=_l("The passwords differ.")),
        ],
    )


class OrganisationFilterForm(Form):
    """The organisation list's verification filter, read from the query string."""

    class Meta:
        # A GET filter changes nothing, so it needs no CSRF token (and must stay bookmarkable).
        csrf = False

    status = SelectField(
        _l("Verification"), coerce=enum_coerce(OrganisationStatus), validators=[Optional()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("All")), *choices(OrganisationStatus)]


class DecisionForm(Form):
    """A reviewer's confirmation, made on the version of the organisation they saw."""

    version = VersionField()


class ReasonedDecisionForm(DecisionForm):
    """A rejection or withdrawal: the organisation reads the reason on its page."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Give the reason: the organisation will read it.")),
            Length(max=REASON_MAX_LENGTH),
        ],
        filters=[strip],
    )
