"""Forms of the ministry's reviews: a new review, a message in its thread, a ministry reply.

They check shape only (required, lengths, date ranges); whether the review still takes
messages is the services' to judge (`reviews.ReviewRefusedError`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from safety.compliance.explanations import obligation
from safety.compliance.grid import RULE_IDS
from safety.compliance.models import ReviewStatus
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.dates import format_date, today
from safety.forms import TEXT_FILTERS, Form, NotBefore, NotInFuture, VisibleText, optional_int
from safety.labels import choices

REVIEW_TEXT_MAX = 10_000
"""Findings or recommendations: a few pages of a reviewer's own words, not a report."""

MESSAGE_MAX = 5_000
"""A message in a review's thread: a letter's length."""


def latest_respond_by(day: date) -> date:
    """A response is due within a year: a later date is a typing error, not a deadline."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


def _text(label: Any, length: int) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[DataRequired(), Length(max=length), VisibleText()],
        filters=TEXT_FILTERS,
    )


def _check_respond_by(field: Any) -> None:
    """After today and at most a year ahead; a blank or mistyped date keeps its own message."""
    if field.data is None:
        return
    day = today()
    if field.data <= day:
        raise ValidationError(_l("The response is due after today."))
    latest = latest_respond_by(day)
    if field.data > latest:
        raise ValidationError(_l("Choose a date no later than %(date)s.", date=format_date(latest)))


class ReviewForm(Form):
    """A reviewer's review of a council on a date: findings, recommendations, deadline, rules."""

    reviewed_as_of = DateField(
        _l("Compliance as of"),
        validators=[
            InputRequired(),
            NotBefore(EARLIEST_APPOINTMENT, _l("No council existed before 10.06.1999.")),
            NotInFuture(),
        ],
    )
    findings = _text(_l("Findings"), REVIEW_TEXT_MAX)
    recommendations = _text(_l("Recommendations"), REVIEW_TEXT_MAX)
    respond_by = DateField(_l("Response due by"), validators=[InputRequired()])
    rules = SelectMultipleField(
        _l("Rules the review is about"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules.choices = [(rule, f"{rule} {obligation(rule)}") for rule in RULE_IDS]

    def validate_respond_by(self, field: Any) -> None:
        _check_respond_by(field)


class ReviewMessageForm(Form):
    """The council's response in a review's thread."""

    body = _text(_l("Message"), MESSAGE_MAX)


class ReviewReplyForm(ReviewMessageForm):
    """The ministry's reply: a message, and a new deadline when the council must answer again."""

    respond_by = DateField(_l("New response deadline (optional)"), validators=[Optional()])

    def validate_respond_by(self, field: Any) -> None:
        _check_respond_by(field)


class CloseReviewForm(Form):
    """Closing a review: nothing to fill in but the CSRF token."""


OVERDUE_ONLY = "yes"


class ReviewFilterForm(Form):
    """Filters of the review list, read from the address; the view sets the councils."""

    class Meta:
        # A read-only query in the address: nothing to protect, and links must work.
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()])
    overdue = SelectField(_l("Response"), validators=[Optional()])
    council_id = SelectField(_l("Council"), coerce=optional_int, validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("All")), *choices(ReviewStatus)]
        self.overdue.choices = [("", _l("All")), (OVERDUE_ONLY, _l("Only overdue"))]

    def set_councils(self, councils: list[tuple[int, str, str]]) -> None:
        self.council_id.choices = [
            ("", _l("All")),
            *((ident, f"{code} {name}") for ident, code, name in councils),
        ]
