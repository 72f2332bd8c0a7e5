"""Forms for scheduling meetings and recording what became of them (shape checks only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from safety.consultations.models import MeetingKind, MeetingStatus
from safety.forms import Form, enum_coerce, optional_int


class MeetingFilterForm(Form):
    """GET filters of a council's meeting list; the view fills the choices."""

    class Meta:
        # A read-only filter in the query string: nothing to protect, and links must work.
        csrf = False

    kind = SelectField(
        _l("Kind of meeting"), coerce=enum_coerce(MeetingKind), validators=[Optional()]
    )
    status = SelectField(_l("Status"), coerce=enum_coerce(MeetingStatus), validators=[Optional()])
    year = SelectField(_l("Year"), coerce=optional_int, validators=[Optional()])
