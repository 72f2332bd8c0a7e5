"""Forms for creating and editing accounts and for filtering the account list."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from safety.accounts.forms import EmailRequiredField
from safety.accounts.models import Role
from safety.forms import Form, optional_int


class UserDetailsForm(Form):
    """What an administrator may change on any account (the e-mail is fixed once created)."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    # Choices for the three selects below are set by the view from the database.
    council_id = SelectField(_l("Council"), coerce=optional_int)
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)
    locale = SelectField(_l("Preferred language"), validators=[DataRequired()])

    def validate(self, extra_validators: Any = None) -> bool:
        is_valid = super().validate(extra_validators)
        # The database enforces the same pairing (users' check constraints); checking here
        # turns a would-be IntegrityError into a message next to the field.
        is_secretary = self.role.data == Role.SECRETARY.value
        if is_secretary and self.council_id.data is None:
            self.council_id.errors.append(_l("Choose the council of this secretary."))
            is_valid = False
        elif not is_secretary and self.council_id.data is not None:
            self.council_id.errors.append(_l("Only council secretaries belong to a council."))
            is_valid = False
        is_cso = self.role.data == Role.CSO.value
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


class UserFilterForm(Form):
    """The account list's filters, read from the query string."""

    class Meta:
        # A GET filter changes nothing, so it needs no CSRF token (and must stay bookmarkable).
        csrf = False

    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), validators=[Optional()])
    active = SelectField(_l("Status"), validators=[Optional()])
