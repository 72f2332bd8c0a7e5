"""Forms of a plan's public comment, its adoption and forwarding, and the holiday table.

They check shape only (required, lengths, date order); the plan's state is the lifecycle
service's to judge. Choices that come from the database are set by the views.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from safety.dates import today
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotInFuture,
    VersionField,
    VisibleText,
    enum_coerce,
    optional_int,
    strip,
)
from safety.labels import choices
from safety.plans.lifecycle import REASON_REQUIRED
from safety.plans.models import CommentResponse, HolidayKind

COMMENT_MAX = 5000
"""A comment, an answer's reason or a note: a letter's length, not a document."""

REPORT_SUMMARY_MAX = 20_000


def _text(label: Any, *, required: bool = False, length: int = COMMENT_MAX) -> TextAreaField:
    validators = [DataRequired()] if required else [Optional()]
    return TextAreaField(
        label, validators=[*validators, Length(max=length), VisibleText()], filters=TEXT_FILTERS
    )


def _line(label: Any, *, length: int, required: bool = False) -> StringField:
    validators = [DataRequired()] if required else [Optional()]
    return StringField(
        label, validators=[*validators, Length(max=length), VisibleText()], filters=TEXT_FILTERS
    )


class CommentPeriodForm(Form):
    """The first and last day of the public comment period, both included.

    `confirmed` is set once the secretary has seen the working days the period holds.
    """

    starts_on = DateField(_l("First day of the comment period"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day of the comment period"), validators=[InputRequired()])
    confirmed = HiddenField()
    version = VersionField()

    # A date typed wrongly keeps its "not a valid date" message and no data: nothing to compare.
    def validate_starts_on(self, field: Any) -> None:
        if field.data is not None and field.data < today():
            raise ValidationError(
                _l(
                    "The period starts today or later: the plan is public from the day its "
                    "comment period is opened here."
                )
            )

    def validate_ends_on(self, field: Any) -> None:
        if None not in (field.data, self.starts_on.data) and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot come before the first day."))


class CommentForm(Form):
    """A comment on the whole plan or one of its items (the view sets the items as choices)."""

    item_id = SelectField(
        _l("Your comment is about"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose the whole plan or one of its actions."),
        invalid_value_message=_l("Choose the whole plan or one of its actions."),
    )
    body = _text(_l("Your comment"), required=True)


class PublicCommentForm(CommentForm):
    """The public's comment: anonymous, with an optional name and e-mail kept private."""

    commenter_name = _line(_l("Your name (optional)"), length=200)
    commenter_email = StringField(
        _l("Your e-mail (optional)"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        filters=TEXT_FILTERS,
    )
    # The honeypot: hidden from people, filled in by form-filling robots.
    website = StringField(_l("Leave this field empty"), filters=[strip])


class AnswerForm(Form):
    """The council's answer to a comment; a rejection or partial acceptance says why."""

    response = SelectField(
        _l("Answer"), coerce=enum_coerce(CommentResponse), validators=[DataRequired()]
    )
    reason = _text(_l("Reason"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response.choices = [("", _l("Choose...")), *choices(CommentResponse)]

    def validate_reason(self, field: Any) -> None:
        if self.response.data in REASON_REQUIRED and not field.data:
            raise ValidationError(_l("Say why the comment was rejected or only partly accepted."))


class PublishReportForm(Form):
    """Publishing the consultation report today, with the secretary's introduction."""

    summary = _text(_l("Introduction to the report (optional)"), length=REPORT_SUMMARY_MAX)
    version = VersionField()


class AdoptionForm(Form):
    """The held council meeting that adopted the plan (the view sets the meetings as choices).

    Any id is accepted here, so the service, not a generic "not a valid choice", says why a
    meeting cannot have adopted the plan.
    """

    meeting_id = SelectField(
        _l("Adopted at the meeting of"),
        coerce=optional_int,
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose the meeting that adopted the plan."))],
    )
    note = _text(_l("Note (optional)"))
    acknowledged = BooleanField(_l("I have read the warning and record the adoption as it was"))
    version = VersionField()

    def validate_meeting_id(self, field: Any) -> None:
        # A number beyond any id cannot name a meeting; the view would look it up in vain.
        if field.data is not None and not 0 < field.data < 2**31:
            raise ValidationError(_l("Choose the meeting that adopted the plan."))


class ForwardForm(Form):
    """The day the adopted plan was sent to the Municipal Assembly, and the Assembly's reference."""

    forwarded_on = DateField(
        _l("Sent to the Municipal Assembly on"), validators=[InputRequired(), NotInFuture()]
    )
    assembly_reference = _line(_l("The Assembly's reference"), length=100, required=True)
    version = VersionField()

    def __init__(self, *args: Any, adopted_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adopted_on = adopted_on

    def validate_forwarded_on(self, field: Any) -> None:
        if field.data is not None and field.data < self.adopted_on:
            raise ValidationError(_l("The plan cannot be sent before it was adopted."))


class HolidayForm(Form):
    """A public holiday: its day, its name in the three languages, its kind."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    name_sq = _line(_l("Name in Albanian"), length=120, required=True)
    name_sr = _line(_l("Name in Serbian"), length=120, required=True)
    name_en = _line(_l("Name in English"), length=120, required=True)
    kind = SelectField(_l("Kind of holiday"), coerce=enum_coerce(HolidayKind))
    to_confirm = BooleanField(_l("The date is estimated and still to be confirmed"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(HolidayKind)


class HolidayFilterForm(Form):
    """The year whose holidays are listed (GET; the view sets the years as choices)."""

    class Meta:
        # A read-only filter in the query string: nothing to protect, and links must work.
        csrf = False

    year = SelectField(_l("Year"), coerce=optional_int, validators=[Optional()])
