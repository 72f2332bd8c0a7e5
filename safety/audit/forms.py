"""The audit trail's filter form (read from the query string)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from safety.dates import format_date
from safety.forms import Form

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _within_range(form: Form, field: DateField) -> None:
    """Refuse far-off dates (0001-01-01, 9999-12-31): converting such a local day to UTC
    overflows. The trail begins long after 2000. (WTForms' NumberRange cannot compare dates.)
    """
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(
            _l(
                "Enter a date between %(min)s and %(max)s.",
                min=format_date(EARLIEST),
                max=format_date(LATEST),
            )
        )


class AuditFilterForm(Form):
    """The audit list's filters, read from the query string."""

    class Meta:
        # A GET filter changes nothing, so it needs no CSRF token (and must stay bookmarkable).
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    entity_type = SelectField(_l("Record type"), validators=[Optional()])
    actor = StringField(_l("Who (e-mail contains)"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From"), validators=[Optional(), _within_range])
    date_to = DateField(_l("To"), validators=[Optional(), _within_range])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))
