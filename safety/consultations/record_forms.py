"""Forms for minutes and records: the text and decisions, releasing, approving, the scan."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from safety.consultations.pdf import MAX_SCAN_BYTES, is_pdf
from safety.consultations.records import MAX_DECISIONS
from safety.forms import Form, NotInFuture, VersionField, VisibleText, optional_int, strip

MAX_BODY_CHARACTERS = 100_000
MAX_DECISION_CHARACTERS = 2_000


class RecordForm(Form):
    """The record's text, its decisions (one a line) and the date it was written.

    `held_on` is the meeting's date and `released_on` the day the record left draft, if it
    has: the written date must fall between them (the view passes both in).
    """

    text = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=MAX_BODY_CHARACTERS), VisibleText()],
        filters=(strip,),
    )
    decisions = TextAreaField(
        _l("Decisions"),
        validators=[Optional(), Length(max=MAX_DECISIONS * MAX_DECISION_CHARACTERS)],
        filters=(strip,),
    )
    written_on = DateField(_l("Written on"), validators=[DataRequired(), NotInFuture()])
    version = VersionField()

    def __init__(
        self, *args: Any, held_on: date, released_on: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.held_on = held_on
        self.released_on = released_on

    @property
    def decision_lines(self) -> list[str]:
        """The decisions in order: one a line, blank lines ignored."""
        return [line.strip() for line in (self.decisions.data or "").splitlines() if line.strip()]

    def validate_decisions(self, field: Any) -> None:
        lines = self.decision_lines
        if len(lines) > MAX_DECISIONS:
            raise ValidationError(_l("List at most %(count)d decisions.", count=MAX_DECISIONS))
        if any(len(line) > MAX_DECISION_CHARACTERS for line in lines):
            raise ValidationError(
                _l(
                    "Each decision can be at most %(count)d characters long.",
                    count=MAX_DECISION_CHARACTERS,
                )
            )
        if field.data:
            VisibleText()(self, field)

    def validate_written_on(self, field: Any) -> None:
        # Runs only once DataRequired has passed: there is a date.
        if field.data < self.held_on:
            raise ValidationError(_l("The record cannot be written before the meeting was held."))
        if self.released_on is not None and field.data > self.released_on:
            raise ValidationError(
                _l("The record was circulated or published on an earlier date than this.")
            )


class CirculationForm(Form):
    """The date draft minutes were sent to the members (on paper or by e-mail)."""

    circulated_on = DateField(
        _l("Circulated to the members on"), validators=[DataRequired(), NotInFuture()]
    )
    version = VersionField()

    def __init__(self, *args: Any, written_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written_on = written_on

    def validate_circulated_on(self, field: Any) -> None:
        if field.data is not None and field.data < self.written_on:
            raise ValidationError(_l("The minutes cannot be circulated before they were written."))


class PublicationForm(Form):
    """Confirms publishing: the date is today's, so there is nothing else to fill in."""

    version = VersionField()


class ApprovalForm(Form):
    """The later held council meeting at which the minutes were approved.

    The choices are set by the view; any id is accepted here so that the service, not a
    generic "not a valid choice", says why a meeting cannot approve these minutes.
    """

    approved_at = SelectField(
        _l("Approved at the meeting of"),
        coerce=optional_int,
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose the meeting that approved the minutes."))],
    )
    version = VersionField()

    def validate_approved_at(self, field: Any) -> None:
        # A number beyond any id cannot name a meeting; the view would look it up in vain.
        if field.data is not None and not 0 < field.data < 2**31:
            raise ValidationError(_l("Choose the meeting that approved the minutes."))


class ScanForm(Form):
    """A signed scan: a PDF, recognised by its content, not its name or declared type."""

    scan = FileField(
        _l("Signed scan (PDF)"),
        validators=[FileRequired(message=_l("Choose the PDF file of the signed scan."))],
    )

    content: bytes = b""

    def validate_scan(self, field: Any) -> None:
        # The request as a whole is capped at MAX_SCAN_BYTES, so this read is bounded.
        self.content = field.data.read(MAX_SCAN_BYTES + 1)
        if not is_pdf(self.content):
            raise ValidationError(
                _l("This file is not a PDF. Scan the signed pages to PDF and upload that file.")
            )
