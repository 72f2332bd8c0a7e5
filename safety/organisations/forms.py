"""Forms for registering and editing a civil-society organisation."""

from __future__ import annotations

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
from safety.forms import Form
from safety.organisations.models import registration_key
from safety.passwords import MAX_LENGTH


class RegistrationNumber:
    """A number with letters or digits: it is compared without spaces, dashes and the like."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not registration_key(field.data):
            raise ValidationError(_l("Enter the registration number with its letters and digits."))


class OrganisationForm(Form):
    """The organisation's own details; the view fills the municipality choices."""

    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])
    registration_number = StringField(
        _l("Registration number"),
        validators=[DataRequired(), Length(max=40), RegistrationNumber()],
    )
    contact_email = EmailRequiredField(_l("Contact e-mail"))
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(
        _l("What the organisation does"), validators=[Optional(), Length(max=5000)]
    )
    municipality_ids = SelectMultipleField(
        _l("Municipalities where it works"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one municipality."))],
    )


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

    status = SelectField(_l("Verification"), validators=[Optional()])
