"""The councils area: the public list and detail pages, and editing councils and members."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from safety.councils.forms import CouncilFilterForm, CouncilForm, MemberForm
from safety.councils.models import Community, Council, Gender, Member, MemberRole
from safety.councils.queries import (
    CouncilRow,
    council_for_edit,
    council_rows,
    council_with_members,
    member_of_council,
)
from safety.councils.services import fold, matches_name, summarise_composition, today
from safety.db import get_session
from safety.i18n import current_language
from safety.labels import label

bp = Blueprint("councils", __name__, url_prefix="/councils")

COUNCIL_FIELDS = (
    "decision_number",
    "decision_on",
    "coordinator_name",
    "coordinator_email",
    "coordinator_phone",
    "notes",
)
MEMBER_FIELDS = (
    "full_name",
    "role",
    "institution",
    "community",
    "gender",
    "birth_year",
    "appointed_on",
    "term_ends_on",
    "left_on",
    "appointing_decision",
    "is_publicly_named",
)

Page = Response | str | tuple[str, int]


@bp.get("/")
def index() -> str:
    """List the 38 councils, filtered by district, region, majority community or name."""
    rows = council_rows(get_session(), today())
    form = CouncilFilterForm(formdata=request.args)
    _set_filter_choices(form, rows)
    # An unknown filter value is shown as an error and ignored rather than failing the page.
    form.validate()
    shown = [row for row in rows if _matches_filters(row, form)]
    language = current_language()
    shown.sort(key=lambda row: fold(row.municipality.name(language)))
    return render_template("councils/index.html", form=form, rows=shown, total=len(rows))


def _set_filter_choices(form: CouncilFilterForm, rows: list[CouncilRow]) -> None:
    municipalities = [row.municipality for row in rows]
    every = ("", _("All"))
    form.district.choices = [
        every,
        *((d, d) for d in sorted({m.district for m in municipalities}, key=fold)),
    ]
    form.osce_region.choices = [
        every,
        *((r, r) for r in sorted({m.osce_region for m in municipalities}, key=fold)),
    ]
    present = {m.majority_community for m in municipalities}
    form.majority.choices = [
        every,
        *((c.value, label(c)) for c in Community if c in present),
    ]


def _matches_filters(row: CouncilRow, form: CouncilFilterForm) -> bool:
    municipality = row.municipality

    def wanted(field: Any) -> str:
        return "" if field.errors else (field.data or "")

    district, region, majority = (
        wanted(form.district),
        wanted(form.osce_region),
        wanted(form.majority),
    )
    return (
        (not district or municipality.district == district)
        and (not region or municipality.osce_region == region)
        and (not majority or municipality.majority_community == majority)
        and matches_name(municipality, wanted(form.q))
    )


@bp.get("/<int:council_id>")
def show(council_id: int) -> str:
    """Show a council's facts, its composition, and its present and former members."""
    council = council_with_members(council_id)
    day = today()
    members = council.members
    return render_template(
        "councils/show.html",
        council=council,
        municipality=council.municipality,
        today=day,
        active=[m for m in members if m.is_active_on(day)],
        upcoming=[m for m in members if m.appointed_on > day and not _has_left(m, day)],
        former=[m for m in members if _has_left(m, day)],
        composition=summarise_composition(members, council.municipality, day),
        can_see_personal=council.can_view_personal_data(current_user),
        can_edit=council.can_edit(current_user),
    )


def _has_left(member: Member, day: date) -> bool:
    return member.left_on is not None and member.left_on <= day


@bp.route("/<int:council_id>/edit", methods=["GET", "POST"])
@login_required
def edit(council_id: int) -> Page:
    """Edit a council's constituting decision, coordinator and notes."""
    council = council_for_edit(council_id)
    if not council.can_edit(current_user):
        abort(403)
    form = CouncilForm(obj=council, version=council.version_id)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("councils/edit.html", council=council, form=form), status
    if form.version.data != council.version_id:
        return _council_conflict(council, form)
    for name in COUNCIL_FIELDS:
        setattr(council, name, _blank_to_none(form[name].data))
    try:
        get_session().commit()
    except StaleDataError:
        get_session().rollback()
        return _council_conflict(council_for_edit(council_id), form)
    flash(_("The council's details have been saved."), "success")
    return redirect(url_for("councils.show", council_id=council.id))


def _council_conflict(council: Council, form: CouncilForm) -> tuple[str, int]:
    """Answer 409 with the stored values beside the user's unsaved input."""
    # Saving again from this page is a deliberate overwrite of the version now shown.
    form.version.data = council.version_id
    form.version.raw_data = [str(council.version_id)]
    return render_template("councils/edit.html", council=council, form=form, conflict=True), 409


@bp.route("/<int:council_id>/members/new", methods=["GET", "POST"])
@login_required
def new_member(council_id: int) -> Page:
    """Add a member to a council's roster."""
    council = council_for_edit(council_id)
    if not council.can_edit(current_user):
        abort(403)
    form = MemberForm(version=0)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "councils/member_form.html", council=council, member=None, form=form
        ), status
    member = Member(council_id=council.id)
    _fill_member(member, form)
    session = get_session()
    session.add(member)
    session.commit()
    flash(_("%(name)s has been added to the council.", name=member.full_name), "success")
    return redirect(url_for("councils.show", council_id=council.id))


@bp.route("/<int:council_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit_member(council_id: int, member_id: int) -> Page:
    """Edit a member; recording a departure is setting the date they left."""
    session = get_session()
    member = member_of_council(session, council_id, member_id)
    if member is None:
        abort(404)
    council = member.council
    if not council.can_edit(current_user):
        abort(403)
    form = MemberForm(obj=member, version=member.version_id)
    if request.method == "GET":
        _load_member_choices(form, member)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "councils/member_form.html", council=council, member=member, form=form
        ), status
    if form.version.data != member.version_id:
        return _member_conflict(member, form)
    _fill_member(member, form)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        fresh = member_of_council(session, council_id, member_id)
        if fresh is None:
            abort(404)
        return _member_conflict(fresh, form)
    flash(_("The member's details have been saved."), "success")
    return redirect(url_for("councils.show", council_id=council.id))


def _load_member_choices(form: MemberForm, member: Member) -> None:
    # WTForms compares select values as strings; the model holds enums or None.
    form.role.data = member.role.value
    form.community.data = member.community.value if member.community else ""
    form.gender.data = member.gender.value


def _member_conflict(member: Member, form: MemberForm) -> tuple[str, int]:
    """Answer 409 with the stored values beside the user's unsaved input."""
    form.version.data = member.version_id
    form.version.raw_data = [str(member.version_id)]
    return render_template(
        "councils/member_form.html",
        council=member.council,
        member=member,
        form=form,
        conflict=True,
    ), 409


def _fill_member(member: Member, form: MemberForm) -> None:
    values = {name: _blank_to_none(form[name].data) for name in MEMBER_FIELDS}
    values["full_name"] = values["full_name"] or ""
    values["role"] = MemberRole(values["role"])
    values["community"] = Community(values["community"]) if values["community"] else None
    values["gender"] = Gender(values["gender"])
    values["is_publicly_named"] = bool(form.is_publicly_named.data)
    for name, value in values.items():
        setattr(member, name, value)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
