"""The concern lists' filter form (read from the query string) and the filters it yields.

An unknown or malformed value is shown as an error beside its field and ignored, as on the
councils list: the rest of the filters still apply. The HTML list and the CSV export read
the same form, so the export holds exactly the rows the list shows.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SearchField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from safety.concerns.listing import OPEN, ConcernFilters, SortKey, search_terms
from safety.concerns.models import (
    OPEN_STATUSES,
    ConcernCategory,
    ConcernStatus,
    Sensitivity,
)
from safety.councils.models import Community
from safety.forms import TEXT_FILTERS, Form, enum_coerce
from safety.labels import choices

DESCENDING = "desc"
ASCENDING = "asc"


class ConcernFilterForm(Form):
    """Filters, search and order of a list of concerns."""

    class Meta:
        # A read-only search in the query string: nothing to protect, and links must work.
        csrf = False

    q = SearchField(
        _l("Search in titles and descriptions"),
        validators=[Optional(), Length(max=200)],
        filters=TEXT_FILTERS,
    )
    status = SelectField(_l("Status"), validators=[Optional()])
    category = SelectField(
        _l("Category"), coerce=enum_coerce(ConcernCategory), validators=[Optional()]
    )
    submitted_from = DateField(_l("Submitted from"), validators=[Optional()])
    submitted_to = DateField(_l("Submitted until"), validators=[Optional()])
    community = SelectField(
        _l("Community affected"), coerce=enum_coerce(Community), validators=[Optional()]
    )
    settlement = StringField(
        _l("Settlement or neighbourhood"),
        validators=[Optional(), Length(max=120)],
        filters=TEXT_FILTERS,
    )
    sensitivity = SelectField(
        _l("Sensitivity"), coerce=enum_coerce(Sensitivity), validators=[Optional()]
    )
    overdue = BooleanField(_l("Only concerns with an overdue answer"))
    serious = BooleanField(_l("Only serious incidents"))
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    order = SelectField(_l("Order"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = ("", _l("All"))
        self.status.choices = [
            every,
            (OPEN, _l("Open (submitted, under review or reopened)")),
            *choices(ConcernStatus),
        ]
        self.category.choices = [every, *choices(ConcernCategory)]
        self.community.choices = [every, *choices(Community)]
        self.sensitivity.choices = [every, *choices(Sensitivity)]
        self.sort.choices = choices(SortKey)
        self.order.choices = [
            (DESCENDING, _l("Descending")),
            (ASCENDING, _l("Ascending")),
        ]

    def validate_submitted_to(self, field: DateField) -> None:
        start = self.submitted_from.data
        if field.data and start and not self.submitted_from.errors and field.data < start:
            raise ValidationError(
                _l("The end date is before the start date: the dates are not applied.")
            )

    def wanted(self, name: str) -> Any:
        """The field's value, or None when it is empty or was refused."""
        field = self[name]
        return None if field.errors or field.data in ("", None) else field.data

    def filters(self) -> ConcernFilters:
        """What the valid fields ask for; call after `validate()`."""
        status = self.wanted("status")
        statuses = (
            (OPEN_STATUSES if status == OPEN else frozenset({ConcernStatus(status)}))
            if status
            else frozenset()
        )
        # A reversed range is refused as a whole: applying one end would mislead.
        dates_refused = bool(self.submitted_to.errors)
        return ConcernFilters(
            words=search_terms(self.wanted("q") or ""),
            statuses=statuses,
            category=self.wanted("category"),
            submitted_from=None if dates_refused else self.wanted("submitted_from"),
            submitted_to=None if dates_refused else self.wanted("submitted_to"),
            community=self.wanted("community"),
            settlement=self.wanted("settlement"),
            sensitivity=self.wanted("sensitivity"),
            overdue_only=bool(self.wanted("overdue")),
            serious_only=bool(self.wanted("serious")),
            sort=SortKey(self.wanted("sort") or SortKey.SUBMITTED),
            descending=(self.wanted("order") or DESCENDING) == DESCENDING,
        )


class AllConcernsFilterForm(ConcernFilterForm):
    """The ministry's list across councils: also by council or district (choices from the view)."""

    council = SelectField(_l("Council"), validators=[Optional()])
    district = SelectField(_l("District"), validators=[Optional()])

    def filters(self) -> ConcernFilters:
        council = self.wanted("council")
        return (
            super()
            .filters()
            .across(council_id=int(council) if council else None, district=self.wanted("district"))
        )
