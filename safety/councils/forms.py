"""Forms for the councils area: list filters, council facts and members (shape checks only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from safety.councils.models import Community, DecisionKind, Gender, MemberRole
from safety.dates import today
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotBefore,
    NotInFuture,
    PhoneNumber,
    VersionField,
    VisibleText,
    enum_coerce,
)
from safety.labels import choices

EARLIEST_APPOINTMENT = date(1999, 6, 10)
"""No council existed before UNMIK's administration began (Resolution 1244, 10 June 1999)."""

YOUNGEST_MEMBER_AGE = 15
OLDEST_MEMBER_AGE = 100
"""A member is at least 15 and at most 100 years old (by year of birth) when appointed."""


class CouncilFilterForm(Form):
    """GET filters for the list; the view fills the choices from the data."""

    class Meta:
        # A read-only search in the query string: nothing to protect, and links must work.
        csrf = False

    q = SearchField(lazy_pgettext("organisation", "Name"), validators=[Optional(), Length(max=80)])
    district = SelectField(_l("District"), validators=[Optional()])
    osce_region = SelectField(_l("OSCE region"), validators=[Optional()])
    majority = SelectField(_l("Majority community"), validators=[Optional()])


class CouncilForm(Form):
    """The council's coordinator and notes (decisions of the Assembly have their own form)."""

    coordinator_name = StringField(
        _l("Coordinator"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    coordinator_email = EmailField(
        _l("Coordinator's e-mail"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        filters=TEXT_FILTERS,
    )
    coordinator_phone = TelField(
        _l("Coordinator's telephone"),
        validators=[Optional(), Length(max=40), PhoneNumber()],
        filters=TEXT_FILTERS,
    )
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=5000)], filters=TEXT_FILTERS
    )
    version = VersionField()


def _not_before_councils_existed() -> NotBefore:
    return NotBefore(
        EARLIEST_APPOINTMENT, _l("Councils did not exist before 1999: check the year.")
    )


class DecisionForm(Form):
    """A decision of the Municipal Assembly constituting or re-constituting the council."""

    kind = SelectField(
        _l("Kind of decision"), coerce=enum_coerce(DecisionKind), validators=[DataRequired()]
    )
    number = StringField(
        _l("Decision number"),
        validators=[DataRequired(), Length(max=60), VisibleText()],
        filters=TEXT_FILTERS,
    )
    decided_on = DateField(
        _l("Date of the decision"),
        validators=[DataRequired(), NotInFuture(), _not_before_councils_existed()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Choose...")), *choices(DecisionKind)]


class MemberForm(Form):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    role = SelectField(
        _l("Role on the council"), coerce=enum_coerce(MemberRole), validators=[DataRequired()]
    )
    institution = StringField(
        _l("Institution or organisation"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    community = SelectField(_l("Community"), coerce=enum_coerce(Community), validators=[Optional()])
    gender = SelectField(_l("Gender"), coerce=enum_coerce(Gender), validators=[DataRequired()])
    birth_year = IntegerField(_l("Year of birth"), validators=[Optional()])
    appointed_on = DateField(
        _l("Appointed on"),
        validators=[DataRequired(), NotInFuture(), _not_before_councils_existed()],
    )
    term_ends_on = DateField(_l("Term ends on"), validators=[Optional()])
    left_on = DateField(_l("Left the council on"), validators=[Optional(), NotInFuture()])
    appointing_decision = StringField(
        _l("Appointing decision"),
        validators=[Optional(), Length(max=100), VisibleText()],
        filters=TEXT_FILTERS,
    )
    is_publicly_named = BooleanField(_l("May be named publicly (the member agreed)"))
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Enum choices are built per request so the labels come in the reader's language;
        # required selects start empty so nothing is chosen for the user by accident.
        self.role.choices = [("", _l("Choose a role")), *choices(MemberRole)]
        self.community.choices = [("", _l("Not recorded")), *choices(Community)]
        self.gender.choices = [("", _l("Choose...")), *choices(Gender)]

    def validate_birth_year(self, field: IntegerField) -> None:
        if field.data is None:
            return
        appointed = self.appointed_on.data or today()
        youngest, oldest = (
            appointed.year - YOUNGEST_MEMBER_AGE,
            appointed.year - OLDEST_MEMBER_AGE,
        )
        NumberRange(
            min=oldest,
            max=youngest,
            message=_l(
                "A member is at least 15 and at most 100 years old when appointed: "
                "enter a year between %(min)s and %(max)s."
            ),
        )(self, field)

    def validate_term_ends_on(self, field: DateField) -> None:
        if field.data and self.appointed_on.data and field.data < self.appointed_on.data:
            raise ValidationError(_l("The term cannot end before the appointment."))

    def validate_left_on(self, field: DateField) -> None:
        if field.data and self.appointed_on.data and field.data < self.appointed_on.data:
            raise ValidationError(_l("A member cannot leave before being appointed."))


class NewMemberForm(MemberForm):
    """Adding a member: a likely duplicate (same name on this council) must be confirmed."""

    confirm_duplicate = BooleanField(_l("Yes, this is a different person with the same name"))


class ReappointmentForm(Form):
    """A role change or a new term: the current appointment ends, a new one starts that day."""

    role = SelectField(
        _l("Role on the council"), coerce=enum_coerce(MemberRole), validators=[DataRequired()]
    )
    appointed_on = DateField(
        _l("Appointed on"),
        validators=[DataRequired(), NotInFuture(), _not_before_councils_existed()],
    )
    term_ends_on = DateField(_l("Term ends on"), validators=[Optional()])
    appointing_decision = StringField(
        _l("Appointing decision"),
        validators=[Optional(), Length(max=100), VisibleText()],
        filters=TEXT_FILTERS,
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("Choose a role")), *choices(MemberRole)]

    def validate_term_ends_on(self, field: DateField) -> None:
        if field.data and self.appointed_on.data and field.data < self.appointed_on.data:
            raise ValidationError(_l("The term cannot end before the appointment."))


class DeletionForm(Form):
    """Deleting a record entered by mistake: the reason goes into the audit trail."""

    reason = TextAreaField(
        _l("Why is this record being deleted?"),
        validators=[DataRequired(), Length(max=500), VisibleText()],
        filters=TEXT_FILTERS,
    )
