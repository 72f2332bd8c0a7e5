"""Forms for a council meeting's attendance register and a consultation's participation.

They check shape only: the view checks the register against the roster on the meeting's
date, and fills the organisations' choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from safety.consultations.attendance import AttendanceMark, GuestEntry, ParticipationCounts
from safety.consultations.models import (
    ATTENDANCE_STATUS_LABELS,
    PARTICIPANT_COMMUNITY_LABELS,
    AttendanceStatus,
    ParticipantCommunity,
)
from safety.form_translations import AppTranslations
from safety.forms import TEXT_FILTERS, Form, VersionField, VisibleText, enum_coerce, strip

MAX_MEMBER_ROWS = 200
"""More rows than any council has members: a longer register is refused, not cut short."""

MAX_GUESTS = 50
BLANK_GUEST_ROWS = 5
"""Empty guest lines offered under the saved ones; saving offers five more (no script needed)."""

MAX_PARTICIPANTS = 100_000
MAX_TYPED_ORGANISATIONS = 50


class RowForm(PlainForm):
    """A repeated line inside a form: no CSRF field of its own, the app's translations."""

    class Meta:
        def get_translations(self, form: Any) -> AppTranslations:
            return AppTranslations()


class AttendanceRowForm(RowForm):
    """One member's line: present, absent or excused, and who stood in for them."""

    member_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    status = RadioField(
        _l("Attendance"),
        choices=[
            SelectChoice(status.value, text) for status, text in ATTENDANCE_STATUS_LABELS.items()
        ],
        coerce=enum_coerce(AttendanceStatus),
        # Checked by the validators below, so a missing mark gets one message, not two.
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Mark this member present, absent or excused.")),
            AnyOf(list(AttendanceStatus), message=_l("Not a valid choice.")),
        ],
    )
    substitute_name = StringField(
        _l("Substitute"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    substitute_institution = StringField(
        _l("Substitute's institution"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )

    def validate_substitute_name(self, field: StringField) -> None:
        # A member who came in person has no substitute; one represented is absent or excused
        # and still counts as present for quorum (decided reading 14).
        if field.data and self.status.data == AttendanceStatus.PRESENT:
            raise ValidationError(
                _l(
                    "A substitute stands in for a member who did not come: mark the member "
                    "absent or excused, or remove the substitute."
                )
            )

    def validate_substitute_institution(self, field: StringField) -> None:
        if field.data and not self.substitute_name.data:
            raise ValidationError(_l("Enter the substitute's name as well."))

    def mark(self) -> AttendanceMark:
        return AttendanceMark(
            member_id=self.member_id.data,
            status=self.status.data,
            substitute_name=self.substitute_name.data,
            substitute_institution=self.substitute_institution.data,
        )


class GuestRowForm(RowForm):
    """A guest (an LPSC chair, a school director): recorded, never counted for quorum."""

    name = StringField(
        _l("Guest's name"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )
    institution = StringField(
        _l("Institution or role"),
        validators=[Optional(), Length(max=200), VisibleText()],
        filters=TEXT_FILTERS,
    )

    def validate_institution(self, field: StringField) -> None:
        if field.data and not self.name.data:
            raise ValidationError(_l("Enter the guest's name as well."))


class AttendanceForm(Form):
    """The whole register of one meeting, saved at once; the meeting's version guards it."""

    version = VersionField()
    members = FieldList(FormField(AttendanceRowForm), max_entries=MAX_MEMBER_ROWS + 1)
    guests = FieldList(FormField(GuestRowForm), max_entries=MAX_GUESTS + 1)

    def validate_guests(self, field: FieldList) -> None:
        if len(self.guest_entries()) > MAX_GUESTS:
            raise ValidationError(_l("At most %(count)d guests can be recorded.", count=MAX_GUESTS))

    def match_roster(self, member_ids: Sequence[int]) -> list[str]:
        """Put the lines in roster order; return what did not match (unknown ids, missing).

        Lines for ids not on the roster are dropped (they are refused with a message, never
        saved); members with no line get an empty one to fill in.
        """
        by_member: dict[Any, Any] = {}
        unknown = duplicated = False
        for entry in self.members.entries:
            member_id = entry.form.member_id.data
            if member_id not in member_ids:
                unknown = True
            elif member_id in by_member:
                duplicated = True
            else:
                by_member[member_id] = entry
        missing = [member_id for member_id in member_ids if member_id not in by_member]
        self.members.entries = list(by_member.values())
        for member_id in missing:
            self.members.append_entry({"member_id": member_id})
        position = {member_id: index for index, member_id in enumerate(member_ids)}
        self.members.entries.sort(key=lambda entry: position[entry.form.member_id.data])
        problems = []
        if unknown:
            problems.append(
                _l(
                    "The register named someone who was not a member of this council on the "
                    "day of the meeting. Nothing has been saved."
                )
            )
        if duplicated:
            problems.append(_l("A member was listed twice. Nothing has been saved."))
        if missing:
            problems.append(
                _l(
                    "Every member active on the day of the meeting must be marked: the list "
                    "below now shows all of them. Nothing has been saved."
                )
            )
        return [str(problem) for problem in problems]

    def marks(self) -> list[AttendanceMark]:
        return [entry.form.mark() for entry in self.members]

    def guest_entries(self) -> list[GuestEntry]:
        """The guest lines filled in, in order; an emptied line removes its guest."""
        return [
            GuestEntry(name=entry.form.name.data, institution=entry.form.institution.data)
            for entry in self.guests
            if entry.form.name.data
        ]


def _count_field(label: Any, *, required: bool = False) -> IntegerField:
    presence = (
        InputRequired(message=_l("Enter the number of participants.")) if required else Optional()
    )
    return IntegerField(
        label,
        validators=[
            presence,
            NumberRange(
                min=0,
                max=MAX_PARTICIPANTS,
                message=_l(
                    "Enter a whole number from 0 to %(max)d.",
                    max=MAX_PARTICIPANTS,
                ),
            ),
        ],
    )


GENDER_FIELDS = ("women", "men", "gender_undisclosed")
AGE_FIELDS = ("under_30", "aged_30_plus", "age_undisclosed")


def community_field_name(community: ParticipantCommunity) -> str:
    return f"community_{community.value}"


class ParticipationForm(Form):
    """How many took part, by gender, age and community; nobody is named."""

    version = VersionField()
    total = _count_field(_l("Participants in total"), required=True)
    women = _count_field(_l("Women"))
    men = _count_field(_l("Men"))
    gender_undisclosed = _count_field(_l("Gender not stated"))
    under_30 = _count_field(_l("Under 30"))
    aged_30_plus = _count_field(_l("30 and over"))
    age_undisclosed = _count_field(_l("Age not stated"))
    organisations = SelectMultipleField(
        _l("Registered organisations that attended"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    other_organisations = TextAreaField(
        _l("Other organisations that attended"),
        validators=[Optional(), Length(max=MAX_TYPED_ORGANISATIONS * 201), VisibleText()],
        filters=[strip],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per-breakdown messages, shown beside each group of numbers.
        self.breakdown_errors: dict[str, str] = {}

    def community_fields(self) -> list[tuple[ParticipantCommunity, IntegerField]]:
        return [
            (community, self[community_field_name(community)]) for community in ParticipantCommunity
        ]

    def validate_other_organisations(self, field: TextAreaField) -> None:
        names = self.typed_organisations()
        if len(names) > MAX_TYPED_ORGANISATIONS:
            raise ValidationError(
                _l(
                    "Type at most %(count)d organisations, one per line.",
                    count=MAX_TYPED_ORGANISATIONS,
                )
            )
        if any(len(name) > 200 for name in names):
            raise ValidationError(_l("An organisation's name can be at most 200 characters."))

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        total = self.total.data
        groups = {
            "gender": (
                _l("Women, men and gender not stated"),
                sum(self._count(name) for name in GENDER_FIELDS),
            ),
            "age": (
                _l("Under 30, 30 and over and age not stated"),
                sum(self._count(name) for name in AGE_FIELDS),
            ),
            "community": (
                _l("The numbers by community"),
                sum(field.data or 0 for _, field in self.community_fields()),
            ),
        }
        for key, (what, counted) in groups.items():
            if counted == total:
                continue
            message = (
                _l(
                    "%(what)s add up to %(counted)d, but the total is %(total)d: "
                    "%(difference)d missing.",
                    what=what,
                    counted=counted,
                    total=total,
                    difference=total - counted,
                )
                if counted < total
                else _l(
                    "%(what)s add up to %(counted)d, but the total is %(total)d: "
                    "%(difference)d too many.",
                    what=what,
                    counted=counted,
                    total=total,
                    difference=counted - total,
                )
            )
            self.breakdown_errors[key] = str(message)
        self.form_errors.extend(self.breakdown_errors.values())
        return not self.breakdown_errors

    def _count(self, name: str) -> int:
        return self[name].data or 0

    def counts(self) -> ParticipationCounts:
        return ParticipationCounts(
            total=self.total.data,
            women=self._count("women"),
            men=self._count("men"),
            gender_undisclosed=self._count("gender_undisclosed"),
            under_30=self._count("under_30"),
            aged_30_plus=self._count("aged_30_plus"),
            age_undisclosed=self._count("age_undisclosed"),
            communities={
                community: field.data or 0 for community, field in self.community_fields()
            },
        )

    def typed_organisations(self) -> list[str]:
        """The typed names, one per line, without blanks or repeats (case aside)."""
        seen: dict[str, str] = {}
        for line in (self.other_organisations.data or "").splitlines():
            name = " ".join(line.split())
            if name and name.casefold() not in seen:
                seen[name.casefold()] = name
        return list(seen.values())


def _add_community_fields() -> None:
    # One number per community, "did not say" included, in the enum's order.
    for community in ParticipantCommunity:
        setattr(
            ParticipationForm,
            community_field_name(community),
            _count_field(PARTICIPANT_COMMUNITY_LABELS[community]),
        )


_add_community_fields()
