"""Forms of the compliance settings: a threshold's change, a municipality's communities."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from safety.compliance.services import REASON_MAX_LENGTH
from safety.compliance.threshold_catalogue import InvalidValueError, Threshold
from safety.councils.models import UNKNOWN_COMMUNITIES
from safety.dates import today
from safety.forms import TEXT_FILTERS, Form, VisibleText


class ThresholdChangeForm(Form):
    """A threshold's new value, the day it takes effect (today or later) and why."""

    value = StringField(_l("New value"), validators=[InputRequired()], filters=TEXT_FILTERS)
    effective_from = DateField(_l("In force from"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason for the change"),
        validators=[DataRequired(), Length(max=REASON_MAX_LENGTH), VisibleText()],
        filters=TEXT_FILTERS,
    )

    def __init__(self, threshold: Threshold, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threshold = threshold
        # The value the rule will read, once `validate_value` has parsed it.
        self.parsed_value: Any = None
        if not self.is_submitted() and self.effective_from.data is None:
            self.effective_from.data = today()

    def validate_value(self, field: StringField) -> None:
        try:
            self.parsed_value = self.threshold.parse(field.data or "")
        except InvalidValueError as error:
            raise ValidationError(str(error)) from None

    def validate_effective_from(self, field: DateField) -> None:
        # Decided reading 22: today or later, never earlier.
        if field.data is not None and field.data < today():
            raise ValidationError(_l("A change takes effect today or later, never earlier."))


class CommunitiesField(SelectMultipleField):
    """Check boxes, one per community (the view sets the choices)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CommunitiesForm(Form):
    """The communities living in a municipality, or "not known"."""

    communities = CommunitiesField(_l("Communities living in the municipality"))

    def __init__(self, majority: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.majority = majority

    def validate_communities(self, field: CommunitiesField) -> None:
        chosen = set(field.data or ())
        if UNKNOWN_COMMUNITIES not in chosen and self.majority not in chosen:
            raise ValidationError(
                _l(
                    "Check the majority community too: it lives in the municipality. If you "
                    'do not know which communities live there, check "Not known".'
                )
            )
