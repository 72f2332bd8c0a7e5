"""Forms for activity reports: which report to draft, its text, and its submission date."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from safety.consultations.record_forms import MAX_BODY_CHARACTERS
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.dates import format_date, today
from safety.forms import Form, NotInFuture, VersionField, VisibleText, enum_coerce, strip
from safety.labels import choices
from safety.plans.forms import DATE_FORMATS
from safety.plans.models import ReportKind


class NewReportForm(Form):
    """The report to draft: its kind and year (the list links here with both filled in)."""

    kind = SelectField(_l("Report"), coerce=enum_coerce(ReportKind), validators=[InputRequired()])
    year = IntegerField(_l("Year"), validators=[InputRequired()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(ReportKind)

    def validate_year(self, field: IntegerField) -> None:
        # A period that has not begun holds nothing to report.
        latest = today().year
        if field.data is not None and not EARLIEST_APPOINTMENT.year <= field.data <= latest:
            raise ValidationError(
                _l(
                    "Choose a year from %(first)s to %(last)s.",
                    first=EARLIEST_APPOINTMENT.year,
                    last=latest,
                )
            )


class ReportTextForm(Form):
    """The report's text, written like minutes: plain paragraphs with a little formatting."""

    text = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=MAX_BODY_CHARACTERS), VisibleText()],
        filters=(strip,),
    )
    version = VersionField()


class SubmitReportForm(Form):
    """The day the report went to the Municipal Assembly (on paper): stated, never in the
    future, and not before the period it covers is over."""

    submitted_on = DateField(
        _l("Submitted to the Municipal Assembly on"),
        format=DATE_FORMATS,
        validators=[DataRequired(), NotInFuture()],
    )
    version = VersionField()

    def __init__(self, *args: Any, period_end: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period_end = period_end

    def validate_submitted_on(self, field: DateField) -> None:
        if field.data is not None and field.data < self.period_end:
            raise ValidationError(
                _l(
                    "A report cannot be submitted before the end of its period, %(date)s.",
                    date=format_date(self.period_end),
                )
            )
