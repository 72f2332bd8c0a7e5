"""Forms for creating and editing accounts, confirming disruptive actions, filtering the list."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from safety.accounts.forms import EmailRequiredField
from safety.accounts.models import Role
from safety.forms import Form, enum_coerce, optional_int, strip
from safety.i18n import LANGUAGE_NAMES
from safety.labels import choices


class UserDetailsForm(Form):
    """What an administrator may change on any account (the e-mail is fixed once created)."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[strip]
    )
    role = SelectField(
        _l("Role"),
        coerce=enum_coerce(Role),
        validators=[DataRequired(message=_l("Choose the role of this account."))],
    )
    # Choices for the two selects below are set by the view from the database.
    council_id = SelectField(_l("Council"), coerce=optional_int)
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)
    locale = SelectField(
        _l("Preferred language"),
        validators=[DataRequired(message=_l("Choose the language of this account."))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Required selects start empty: nobody becomes an administrator, or gets a language,
        # because it happened to be the first option.
        self.role.choices = [("", _l("Choose a role")), *choices(Role)]
        self.locale.choices = [("", _l("Choose...")), *LANGUAGE_NAMES.items()]

    def validate(self, extra_validators: Any = None) -> bool:
        is_valid = super().validate(extra_validators)
        # The database enforces the same pairing (users' check constraints); checking here
        # turns a would-be IntegrityError into a message next to the field.
        is_secretary = self.role.data == Role.SECRETARY
        if is_secretary and self.council_id.data is None:
            self.council_id.errors.append(_l("Choose the council of this secretary."))
            is_valid = False
        elif not is_secretary and self.council_id.data is not None:
            self.council_id.errors.append(_l("Only council secretaries belong to a council."))
            is_valid = False
        is_cso = self.role.data == Role.CSO
        if is_cso and self.organisation_id.data is None:
            self.organisation_id.errors.append(_l("Choose the organisation of this user."))
            is_valid = False
        elif not is_cso and self.organisation_id.data is not None:
            self.organisation_id.errors.append(
                _l("Only civil-society users belong to an organisation.")
            )
            is_valid = False
        return is_valid


class NewUserForm(UserDetailsForm):
    email = EmailRequiredField(_l("E-mail"))


class ConfirmForm(Form):
    """The confirmation of a disruptive action (deactivation, password reset): its CSRF token."""


class UserFilterForm(Form):
    """The account list's filters, read from the query string."""

    class Meta:
        # A GET filter changes nothing, so it needs no CSRF token (and must stay bookmarkable).
        csrf = False

    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), coerce=enum_coerce(Role), validators=[Optional()])
    active = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("All roles")), *choices(Role)]
        self.active.choices = [
            ("", _l("Active and deactivated")),
            ("1", _l("Active")),
            ("0", _l("Deactivated")),
        ]
