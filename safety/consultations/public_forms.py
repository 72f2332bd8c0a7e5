"""The GET filter of a council's public list of consultations and activities."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from safety.forms import Form, optional_int


class PublicActivityFilterForm(Form):
    """The year to list; the view offers the years that have activities."""

    class Meta:
        # A read-only filter in the query string: nothing to protect, and links must work.
        csrf = False

    year = SelectField(_l("Year"), coerce=optional_int, validators=[Optional()])
