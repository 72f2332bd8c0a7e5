"""Forms for drafting plans and their items, item status and progress, and CSV imports.

Shape only: lengths, ranges and date order. What needs the database (a second plan for the
same year, the date of the item's last change) is checked by `safety.plans.services`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.dates import today
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotInFuture,
    VersionField,
    VisibleText,
    enum_coerce,
    strip,
)
from safety.labels import choices
from safety.plans.models import ItemStatus, ResponsibleKind

TEXT_MAX = 2000
"""An objective, an activity or an indicator: a paragraph, not a document."""
SUMMARY_MAX = 10000
BUDGET_MAX = Decimal("9999999999.99")
"""The largest amount the budget column (12 digits, 2 of them decimals) holds."""
BUDGET_FORMAT = _l("Enter an amount in euros, such as 1500 or 1500.50.")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
"""The browser's date field sends ISO dates; people type the day first, as dates are shown."""


def default_plan_year(day: date) -> int:
    """From October a secretary drafts next year's plan; before that, this year's."""
    return day.year + 1 if day.month >= 10 else day.year


class PlanForm(Form):
    """A plan's title and summary; the year is chosen once, when the plan is created."""

    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[DataRequired(), Length(max=200), VisibleText()],
    )
    summary = TextAreaField(
        _l("Summary"), filters=[strip], validators=[Length(max=SUMMARY_MAX), VisibleText()]
    )
    version = VersionField()


class NewPlanForm(PlanForm):
    """A new plan: its year, then title and summary."""

    year = IntegerField(_l("Year"), validators=[InputRequired()])
    version = None  # type: ignore[assignment]

    def validate_year(self, field: IntegerField) -> None:
        latest = today().year + 1
        if field.data is not None and not EARLIEST_APPOINTMENT.year <= field.data <= latest:
            raise ValidationError(
                _l(
                    "Choose a year from %(first)s to %(last)s.",
                    first=EARLIEST_APPOINTMENT.year,
                    last=latest,
                )
            )


class BudgetField(DecimalField):
    """An amount in euros with at most two decimals; a decimal comma is read as a point."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = "".join(str(valuelist[0]).split()).replace("\u00a0", "")
        text = text.removesuffix("€").removesuffix("EUR").replace(",", ".")
        if not text:
            self.data = None
            return
        self.data = None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(BUDGET_FORMAT) from None
        if not value.is_finite():
            raise ValueError(BUDGET_FORMAT)
        self.data = value

    def pre_validate(self, form: Form) -> None:
        if self.data is None:
            return
        if self.data.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValidationError(_l("Enter the amount with at most two decimals (cents)."))
        if self.data < 0:
            raise ValidationError(_l("The budget cannot be negative."))
        if self.data > BUDGET_MAX:
            raise ValidationError(_l("This amount is too large for a plan item's budget."))


class ItemFieldsForm(Form):
    """What an item says: the part a form and a CSV row share (one row is checked like a form)."""

    objective = TextAreaField(
        _l("Objective"),
        filters=[strip],
        validators=[DataRequired(), Length(max=TEXT_MAX), VisibleText()],
    )
    activity = TextAreaField(
        _l("Activity"),
        filters=[strip],
        validators=[DataRequired(), Length(max=TEXT_MAX), VisibleText()],
    )
    responsible_kind = SelectField(
        _l("Responsible body"),
        coerce=enum_coerce(ResponsibleKind),
        validators=[InputRequired()],
    )
    responsible_name = StringField(
        _l("Name of the responsible body"),
        filters=[strip],
        validators=[DataRequired(), Length(max=200), VisibleText()],
    )
    partners = StringField(
        _l("Partners"), filters=TEXT_FILTERS, validators=[Length(max=300), VisibleText()]
    )
    starts_on = DateField(_l("Start date"), format=DATE_FORMATS, validators=[Optional()])
    deadline = DateField(_l("Deadline"), format=DATE_FORMATS, validators=[Optional()])
    budget_eur = BudgetField(_l("Budget (EUR)"), places=2, validators=[Optional()])
    budget_source = StringField(
        _l("Source of funding"), filters=TEXT_FILTERS, validators=[Length(max=200), VisibleText()]
    )
    indicator = TextAreaField(
        _l("Indicator"), filters=TEXT_FILTERS, validators=[Length(max=TEXT_MAX), VisibleText()]
    )
    target = StringField(
        _l("Target"), filters=TEXT_FILTERS, validators=[Length(max=300), VisibleText()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.responsible_kind.choices = [("", _l("Choose...")), *choices(ResponsibleKind)]

    def validate_deadline(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The deadline cannot be before the start date."))

    def validate_budget_source(self, field: StringField) -> None:
        if field.data and self.budget_eur.data is None:
            raise ValidationError(_l("Enter the budget too, or leave its source empty."))


class ConcernsField(SelectMultipleField):
    """The council's concerns an item answers; the view sets the choices (ids as text)."""

    def pre_validate(self, form: Form) -> None:
        offered = {str(value) for value, _label in (self.choices or [])}
        for value in self.data or []:
            if str(value) not in offered:
                raise ValidationError(_l("Choose concerns from the list."))

    def populate_obj(self, obj: Any, name: str) -> None:
        # The links are rows of their own, written by the service.
        return None


class ItemForm(ItemFieldsForm):
    """An item of a plan, with the concerns it answers."""

    concerns = ConcernsField(_l("Concerns this item answers"), coerce=int)
    version = VersionField()


class NewItemForm(ItemForm):
    """A new item may start with progress already made (a plan entered after the fact)."""

    progress = IntegerField(
        _l("Progress (%)"),
        default=0,
        validators=[
            InputRequired(),
            NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100.")),
        ],
    )
    version = None  # type: ignore[assignment]


class ItemStatusForm(Form):
    """A dated change of an item's status; cancelling needs the reason."""

    status = SelectField(
        _l("New status"),
        coerce=enum_coerce(ItemStatus),
        validators=[InputRequired()],
    )
    changed_on = DateField(
        _l("Date of the change"), format=DATE_FORMATS, validators=[InputRequired(), NotInFuture()]
    )
    reason = TextAreaField(
        _l("Reason"), filters=TEXT_FILTERS, validators=[Length(max=TEXT_MAX), VisibleText()]
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = choices(ItemStatus)

    def validate_reason(self, field: TextAreaField) -> None:
        if self.status.data == ItemStatus.CANCELLED and not field.data:
            raise ValidationError(_l("Say why the item is cancelled."))


class ProgressForm(Form):
    """A dated progress report: the percentage reached and what was done."""

    progress = IntegerField(
        _l("Progress (%)"),
        validators=[
            InputRequired(),
            NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100.")),
        ],
    )
    reported_on = DateField(
        _l("Date"), format=DATE_FORMATS, validators=[InputRequired(), NotInFuture()]
    )
    note = TextAreaField(
        _l("What was done"), filters=TEXT_FILTERS, validators=[Length(max=TEXT_MAX), VisibleText()]
    )
    version = VersionField()


class ImportForm(Form):
    """A CSV file of items to add to the plan."""

    file = FileField(
        _l("CSV file"), validators=[FileRequired(message=_l("Choose the CSV file to import."))]
    )
