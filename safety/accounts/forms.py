"""Sign-in, password change and password rules as form validators."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from safety.forms import Form
from safety.passwords import MAX_LENGTH, password_problems


class NewPasswordRule:
    """Apply the ASVS password rules; messages come back in the reader's language."""

    def __init__(self, email_field: str | None = "email") -> None:
        self.email_field = email_field

    def __call__(self, form: Form, field: PasswordField) -> None:
        # The address comes from the form's own field (a new account) or, when the form has
        # none, from the account the form belongs to (a password change).
        email = getattr(form, "account_email", "")
        if self.email_field and self.email_field in form:
            email = form[self.email_field].data or ""
        problems = password_problems(field.data or "", email=email)
        if problems:
            raise ValidationError(" ".join(problems))


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), NewPasswordRule(email_field=None)]
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )

    def __init__(self, *args: Any, account_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules refuse the account's own address as its password.
        self.account_email = account_email


class EmailRequiredField(StringField):
    """A text field for an e-mail address that must look valid."""

    def __init__(self, label: object = None, **kwargs: object) -> None:
        kwargs.setdefault(
            "validators",
            [DataRequired(), Email(message=_l("Enter a valid e-mail address.")), Length(max=254)],
        )
        super().__init__(label, **kwargs)  # type: ignore[arg-type]
