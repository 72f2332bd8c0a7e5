"""Forms for handling a concern: status changes with answers, review, notes, deletion, links.

Shape only: which fields a status needs, dates against the dates the view passes in. Checks
that read the database (the other concern of a duplicate, the meeting) are the services'.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from safety.concerns.models import (
    AnswerChannel,
    ConcernCategory,
    ConcernStatus,
    ReferralBody,
    Sensitivity,
)
from safety.councils.models import Community
from safety.dates import format_date
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotInFuture,
    VersionField,
    VisibleText,
    enum_coerce,
    optional_int,
)
from safety.labels import choices

TEXT_MAX = 5000
"""An answer, a reason or a note: a letter's length, not a document."""

TEMPLATE_LANGUAGES = (("sq", "Shqip"), ("sr", "Srpski"), ("en", "English"))


class UnstoredBooleanField(BooleanField):
    """A decision about how to save, not a column of the concern."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Drawn as the checkbox it is: the form macros recognise check boxes by this name.
        self.type = "BooleanField"

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


def _text(label: Any, *, required: bool = False, length: int = TEXT_MAX) -> TextAreaField:
    first = DataRequired() if required else Optional()
    return TextAreaField(
        label, validators=[first, Length(max=length), VisibleText()], filters=TEXT_FILTERS
    )


def _line(label: Any, *, required: bool = False, length: int) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(
        label, validators=[first, Length(max=length), VisibleText()], filters=TEXT_FILTERS
    )


class StatusForm(Form):
    """A change of status with the answer the submitter reads (the view sets the choices).

    `earliest` is the first day an answer given outside the app may be dated: the
    submission, or the reopening of a reopened concern.
    """

    status = SelectField(
        _l("New status"), coerce=enum_coerce(ConcernStatus), validators=[DataRequired()]
    )
    answer = _text(_l("Answer to the submitter"))
    answer_channel = SelectField(
        _l("How the answer was given"),
        coerce=enum_coerce(AnswerChannel),
        default=AnswerChannel.IN_APP.value,
        validators=[DataRequired()],
    )
    answered_on = DateField(_l("Date the answer was given"), validators=[Optional(), NotInFuture()])
    reason = _text(_l("Reason for rejecting"))
    referred_to = SelectField(
        _l("Referred to"), coerce=enum_coerce(ReferralBody), validators=[Optional()]
    )
    referred_to_name = _line(_l("Name of the body"), length=200)
    duplicate_of = _line(_l("Reference of the concern it repeats"), length=20)
    version = VersionField()

    def __init__(self, *args: Any, earliest: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earliest = earliest
        self.answer_channel.choices = choices(AnswerChannel)
        self.referred_to.choices = [("", _l("Choose...")), *choices(ReferralBody)]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        status = self.status.data
        if not isinstance(status, ConcernStatus):
            return False
        outside = self.answer_channel.data not in (None, AnswerChannel.IN_APP)
        if status != ConcernStatus.UNDER_REVIEW and not self.answer.data:
            valid = _fail(self.answer, _l("Write the answer the submitter will read."))
        elif outside and not self.answer.data:
            valid = _fail(self.answer, _l("Write down the answer that was given."))
        if outside:
            if self.answered_on.data is None and not self.answered_on.errors:
                valid = _fail(
                    self.answered_on,
                    _l("Enter the date the answer was given outside this application."),
                )
            elif self.answered_on.data is not None and self.answered_on.data < self.earliest:
                valid = _fail(
                    self.answered_on,
                    _l(
                        "The answer cannot be dated before %(date)s, when the concern was "
                        "submitted or reopened.",
                        date=format_date(self.earliest),
                    ),
                )
        if status == ConcernStatus.REJECTED and not self.reason.data:
            valid = _fail(self.reason, _l("Give the reason for rejecting the concern."))
        if status == ConcernStatus.REFERRED:
            if not isinstance(self.referred_to.data, ReferralBody):
                valid = _fail(self.referred_to, _l("Choose the body the concern is referred to."))
            if not self.referred_to_name.data:
                valid = _fail(
                    self.referred_to_name,
                    _l("Name the body, for example the police station of the town."),
                )
        if status == ConcernStatus.DUPLICATE and not self.duplicate_of.data:
            valid = _fail(
                self.duplicate_of, _l("Enter the reference of the concern this one repeats.")
            )
        return valid

    @property
    def stated_on(self) -> date | None:
        """The stated date of an answer given outside the app; None means today."""
        if self.answer_channel.data in (None, AnswerChannel.IN_APP):
            return None
        return self.answered_on.data


def _fail(field: Any, message: Any) -> bool:
    field.errors = [*field.errors, message]
    return False


class TemplatePickerForm(Form):
    """GET: pre-fill the answer from a saved template, without JavaScript."""

    class Meta:
        csrf = False

    template = SelectField(_l("Start from a saved answer"), coerce=optional_int)


class CommunitiesField(SelectMultipleField):
    """Communities as checkboxes, stored on the concern as values separated by commas."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value: Any) -> None:
        if isinstance(value, str):
            value = [item for item in value.split(",") if item]
        super().process_data(value)

    def populate_obj(self, obj: Any, name: str) -> None:
        chosen = set(self.data or ())
        setattr(obj, name, ",".join(c.value for c in Community if c.value in chosen))


class ConcernEditForm(Form):
    """The secretary's review: category, sensitivity, the serious-incident flag, place.

    `submitted_on` is set by the view: an incident happens before it is reported.
    """

    reviewed = UnstoredBooleanField(
        _l("Reviewed: may be shown publicly if its sensitivity is public")
    )
    category = SelectField(
        _l("Category"), coerce=enum_coerce(ConcernCategory), validators=[DataRequired()]
    )
    sensitivity = SelectField(
        _l("Sensitivity"), coerce=enum_coerce(Sensitivity), validators=[DataRequired()]
    )
    confirm_public = UnstoredBooleanField(_l("I confirm that this concern may be shown publicly"))
    serious_incident = BooleanField(_l("Serious incident affecting a community"))
    incident_on = DateField(_l("Date of the incident"), validators=[Optional(), NotInFuture()])
    settlement = _line(_l("Settlement or neighbourhood"), length=120)
    communities = CommunitiesField(_l("Communities affected"), validators=[Optional()])
    version = VersionField()

    def __init__(self, *args: Any, submitted_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitted_on = submitted_on
        self.category.choices = choices(ConcernCategory)
        self.sensitivity.choices = choices(Sensitivity)
        self.communities.choices = choices(Community)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.serious_incident.data and self.incident_on.data is None:
            if not self.incident_on.errors:
                valid = _fail(self.incident_on, _l("Enter the date the serious incident happened."))
        elif self.incident_on.data is not None and self.incident_on.data > self.submitted_on:
            valid = _fail(
                self.incident_on,
                _l(
                    "The incident cannot be after the concern was submitted (%(date)s).",
                    date=format_date(self.submitted_on),
                ),
            )
        return valid


class NoteForm(Form):
    """An internal note: submitters and the public never read it."""

    body = _text(_l("Internal note"), required=True)


class DeleteConcernForm(Form):
    """Deleting spam or abuse: the concern leaves every list, the audit trail keeps it."""

    reason = _text(_l("Reason for deleting"), required=True, length=2000)


class LinkMeetingForm(Form):
    """The meeting whose agenda the concern goes on (the view sets the choices)."""

    meeting = SelectField(
        _l("Meeting"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose a meeting."))],
    )


class ResponseTemplateForm(Form):
    """A saved answer of the council, in one language."""

    title = _line(_l("Title"), required=True, length=120)
    language = SelectField(_l("Language"), validators=[DataRequired()])
    body = _text(_l("Text of the answer"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = list(TEMPLATE_LANGUAGES)
