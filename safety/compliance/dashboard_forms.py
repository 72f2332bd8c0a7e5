"""The dashboard's GET filter form: date, filters and order, checked for shape only."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from safety.compliance.explanations import obligation
from safety.compliance.grid import RULE_IDS, SORTS, STATUS_ORDER, GridQuery, worst_first
from safety.compliance.rules import Status
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.councils.models import Community
from safety.forms import Form, NotBefore, NotInFuture
from safety.labels import label

ASCENDING, DESCENDING = "asc", "desc"


class DashboardFilterForm(Form):
    """Filters of the grid; the view fills district, region and community choices from data.

    The date cannot lie ahead: the records only know what has happened up to today, so a
    future date would judge councils on meetings and answers that cannot have been recorded.
    """

    class Meta:
        # A read-only query in the address: nothing to protect, and links must work.
        csrf = False

    as_of = DateField(
        _l("As of"),
        validators=[
            Optional(),
            NotBefore(EARLIEST_APPOINTMENT, _l("No council existed before 10.06.1999.")),
            NotInFuture(),
        ],
    )
    district = SelectField(_l("District"), validators=[Optional()])
    osce_region = SelectField(_l("OSCE region"), validators=[Optional()])
    majority = SelectField(_l("Majority community"), validators=[Optional()])
    overall = SelectField(_l("Overall status"), validators=[Optional()])
    rule = SelectField(_l("Rule"), validators=[Optional()])
    rule_status = SelectField(_l("Status on that rule"), validators=[Optional()])
    # Chosen by the column headers' links; the form carries them as hidden inputs.
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    dir = SelectField(_l("Order"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = ("", _l("All"))
        statuses = [(status.value, label(status)) for status in STATUS_ORDER]
        self.overall.choices = [every, *statuses]
        self.rule.choices = [every, *((rule, f"{rule} {obligation(rule)}") for rule in RULE_IDS)]
        self.rule_status.choices = [("", _l("Not met or slipping")), *statuses]
        self.sort.choices = [("", ""), *((key, key) for key in SORTS)]
        self.dir.choices = [("", ""), (ASCENDING, ASCENDING), (DESCENDING, DESCENDING)]
        # Choices the view fills from the loaded municipalities: none until it does.
        self.district.choices = [every]
        self.osce_region.choices = [every]
        self.majority.choices = [every]

    def validate_rule_status(self, field: SelectField) -> None:
        if field.data and not self.rule.data:
            raise ValidationError(_l("Choose the rule this status is about."))

    def query(self, default_day: date) -> GridQuery:
        """The validated choices as a grid query (call after `validate()`)."""
        sort = self.sort.data or "municipality"
        descending = self.dir.data == DESCENDING if self.dir.data else worst_first(sort)
        return GridQuery(
            as_of=self.as_of.data or default_day,
            district=self.district.data or "",
            osce_region=self.osce_region.data or "",
            majority=self.majority.data or "",
            overall=Status(self.overall.data) if self.overall.data else None,
            rule=self.rule.data or "",
            rule_status=Status(self.rule_status.data) if self.rule_status.data else None,
            sort=sort,
            descending=descending,
        )

    def set_place_choices(self, districts: Any, regions: Any, majorities: Any) -> None:
        """The district, region and majority-community options, each with "All" first."""
        every = ("", _l("All"))
        self.district.choices = [every, *((value, value) for value in districts)]
        self.osce_region.choices = [every, *((value, value) for value in regions)]
        present = set(majorities)
        self.majority.choices = [
            every,
            *((c.value, label(c)) for c in Community if c in present),
        ]
