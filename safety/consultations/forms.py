"""Forms for scheduling meetings and recording what became of them (shape checks only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    MonthField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from safety.consultations.models import MeetingKind, MeetingLanguage, MeetingStatus
from safety.consultations.series import LAST, MAX_MONTHS
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.councils.models import Community
from safety.dates import today
from safety.forms import (
    TEXT_FILTERS,
    Form,
    NotBefore,
    NotInFuture,
    VersionField,
    VisibleText,
    enum_coerce,
    has_visible_character,
    optional_int,
)
from safety.labels import choices

MAX_AGENDA_ITEMS = 30
MAX_AGENDA_ITEM_LENGTH = 300
"""An agenda fits a meeting and a printed invitation: 30 points of at most 300 characters."""


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


def _not_before_councils() -> NotBefore:
    return NotBefore(
        EARLIEST_APPOINTMENT, _l("Councils did not exist before 1999: check the year.")
    )


class WebAddress:
    """An online meeting link: a complete http(s) address, nothing a browser would run."""

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        parts = urlsplit(field.data)
        if (
            parts.scheme.lower() not in ("http", "https")
            or not parts.netloc
            or any(char.isspace() for char in field.data)
        ):
            raise ValidationError(
                _l("Enter a complete web address starting with https:// or http://.")
            )


class LanguagesField(SelectMultipleField):
    """Languages as checkboxes, stored on the meeting as codes separated by commas."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value: Any) -> None:
        if isinstance(value, str):
            value = [code for code in value.split(",") if code]
        super().process_data(value)

    def populate_obj(self, obj: Any, name: str) -> None:
        # In the order of the choices, so the same languages always read the same way.
        chosen = set(self.data or ())
        setattr(obj, name, ",".join(code for code in MeetingLanguage if code in chosen))


class AgendaField(TextAreaField):
    """An ordered agenda typed one item per line; the service writes the items."""

    def process_data(self, value: Any) -> None:
        if isinstance(value, Sequence) and not isinstance(value, str):
            value = "\n".join(getattr(item, "title", item) for item in value)
        super().process_data(value)

    @property
    def items(self) -> list[str]:
        """The non-empty lines, trimmed, in the order typed."""
        lines = (line.strip() for line in (self.data or "").splitlines())
        return [line for line in lines if line and has_visible_character(line)]

    def pre_validate(self, form: Form) -> None:
        items = self.items
        if len(items) > MAX_AGENDA_ITEMS:
            raise ValidationError(
                _l(
                    "An agenda has at most %(max)s items; this one has %(count)s.",
                    max=MAX_AGENDA_ITEMS,
                    count=len(items),
                )
            )
        for number, item in enumerate(items, start=1):
            if len(item) > MAX_AGENDA_ITEM_LENGTH:
                raise ValidationError(
                    _l(
                        "Item %(number)s is longer than %(max)s characters: shorten it.",
                        number=number,
                        max=MAX_AGENDA_ITEM_LENGTH,
                    )
                )

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


class UnstoredBooleanField(BooleanField):
    """A choice about how to save, not a column of the record."""

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


class CoHostsField(SelectMultipleField):
    """The other councils hosting an inter-municipal event; the service writes the hosts."""

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


def _optional_text(label: Any, length: int) -> StringField:
    return StringField(
        label, validators=[Optional(), Length(max=length), VisibleText()], filters=TEXT_FILTERS
    )


class MeetingDetailsForm(Form):
    """What a single meeting and a series share: time, place, languages."""

    starts_at = TimeField(_l("Starts at"), validators=[InputRequired()])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    place_name = _optional_text(_l("Place"), 200)
    address = _optional_text(_l("Address"), 300)
    settlement = _optional_text(_l("Settlement"), 120)
    settlement_community = SelectField(
        _l("Majority community of the settlement"),
        coerce=enum_coerce(Community),
        validators=[Optional()],
    )
    online_url = URLField(
        _l("Online link"),
        validators=[Optional(), Length(max=500), WebAddress()],
        filters=TEXT_FILTERS,
    )
    languages = LanguagesField(_l("Languages used"), validators=[Optional()])
    interpretation = BooleanField(_l("Interpretation provided"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so the labels come in the reader's language.
        self.settlement_community.choices = [("", _l("Not recorded")), *choices(Community)]
        self.languages.choices = choices(MeetingLanguage)

    def validate_ends_at(self, field: TimeField) -> None:
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The meeting must end after it starts."))


class MeetingForm(MeetingDetailsForm):
    """A meeting's own facts; the view sets the co-host choices (the other councils)."""

    kind = SelectField(
        _l("Kind of meeting"), coerce=enum_coerce(MeetingKind), validators=[DataRequired()]
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    scheduled_on = DateField(_l("Date"), validators=[InputRequired(), _not_before_councils()])
    co_hosts = CoHostsField(_l("Co-hosting councils"), coerce=int, validators=[Optional()])
    declaration = _optional_text(_l("Inter-municipal declaration"), 300)
    agenda = AgendaField(_l("Agenda"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Choose...")), *choices(MeetingKind)]

    def validate_co_hosts(self, field: CoHostsField) -> None:
        kind = self.kind.data
        if field.data and isinstance(kind, MeetingKind) and kind.is_council_meeting:
            raise ValidationError(
                _l(
                    "A council meeting has no co-hosts: only public consultations and "
                    "community activities are held with other councils."
                )
            )

    def validate_declaration(self, field: StringField) -> None:
        if field.data and not self.co_hosts.data:
            raise ValidationError(
                _l("Name a declaration only for an event co-hosted with other councils.")
            )


class NewMeetingForm(MeetingForm):
    """Scheduling a meeting, or entering one after the fact as already held on its date."""

    already_held = UnstoredBooleanField(_l("This meeting has already been held on this date"))

    def validate_already_held(self, field: BooleanField) -> None:
        if field.data and self.scheduled_on.data and self.scheduled_on.data > today():
            raise ValidationError(
                _l("A meeting on a future date cannot have been held: untick this box.")
            )


class EditMeetingForm(MeetingForm):
    """Correcting a meeting; the view removes `held_on` unless the meeting was held."""

    held_on = DateField(
        _l("Held on"), validators=[InputRequired(), NotInFuture(), _not_before_councils()]
    )
    version = VersionField()


class HoldForm(Form):
    held_on = DateField(
        _l("Held on"), validators=[InputRequired(), NotInFuture(), _not_before_councils()]
    )


class CancelForm(Form):
    reason = TextAreaField(
        _l("Why is the meeting cancelled?"),
        validators=[DataRequired(), Length(max=2000), VisibleText()],
        filters=TEXT_FILTERS,
    )


class PostponeForm(Form):
    """Moving an open meeting to a new date; the view passes the date it is moved from."""

    to_on = DateField(_l("New date"), validators=[InputRequired(), _not_before_councils()])
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=2000), VisibleText()],
        filters=TEXT_FILTERS,
    )

    def __init__(self, *args: Any, current_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_on = current_on

    def validate_to_on(self, field: DateField) -> None:
        if field.data == self.current_on:
            raise ValidationError(_l("Choose a date other than the current one."))


WEEK_CHOICES = [
    SelectChoice(1, _l("first")),
    SelectChoice(2, _l("second")),
    SelectChoice(3, _l("third")),
    SelectChoice(4, _l("fourth")),
    SelectChoice(LAST, _l("last")),
]
WEEKDAY_CHOICES = [
    SelectChoice(0, _l("Monday")),
    SelectChoice(1, _l("Tuesday")),
    SelectChoice(2, _l("Wednesday")),
    SelectChoice(3, _l("Thursday")),
    SelectChoice(4, _l("Friday")),
    SelectChoice(5, _l("Saturday")),
    SelectChoice(6, _l("Sunday")),
]


class SeriesForm(Form):
    """The pattern of a monthly series: "the first Tuesday of each month, for 12 months"."""

    week_of_month = SelectField(
        _l("Which one in the month"), coerce=int, choices=WEEK_CHOICES, default=1
    )
    weekday = SelectField(_l("Day of the week"), coerce=int, choices=WEEKDAY_CHOICES, default=1)
    first_month_on = MonthField(_l("Starting with the month"), validators=[InputRequired()])
    months = IntegerField(
        _l("For how many months"),
        validators=[
            InputRequired(),
            NumberRange(
                min=1, max=MAX_MONTHS, message=_l("Enter a number of months from 1 to %(max)s.")
            ),
        ],
        default=12,
    )


class SeriesMeetingForm(MeetingDetailsForm):
    """What every meeting of a series shares; each can be moved or edited on its own later."""

    kind = SelectField(
        _l("Kind of meeting"),
        coerce=enum_coerce(MeetingKind),
        validators=[DataRequired()],
        default=MeetingKind.REGULAR.value,
    )
    title = StringField(
        _l("Title of each meeting"),
        validators=[DataRequired(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(MeetingKind)
