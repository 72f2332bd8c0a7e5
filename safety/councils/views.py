"""The councils area: the public list and detail pages, and editing councils and members."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from safety.collation import sort_key
from safety.compliance.evaluation import load_compliance
from safety.compliance.rules import composition
from safety.compliance.sections import CONCERNS, MEETINGS, MEMBERSHIP, PLANS
from safety.consultations.public_queries import council_public_section
from safety.councils.forms import (
    CouncilFilterForm,
    CouncilForm,
    DecisionForm,
    DeletionForm,
    MemberForm,
    NewMemberForm,
    ReappointmentForm,
)
from safety.councils.models import Community, CouncilDecision, Member
from safety.councils.queries import (
    CouncilRow,
    council_for_edit,
    council_rows,
    decision_of_council,
    likely_duplicates,
    member_of_council,
)
from safety.councils.search import matches_name
from safety.councils.services import ChangeRefusedError, is_referred_to
from safety.councils.services import delete_decision as delete_decision_service
from safety.councils.services import delete_member as delete_member_service
from safety.councils.services import reappoint_member as reappoint_member_service
from safety.dates import format_date, today
from safety.db import get_session
from safety.i18n import current_language
from safety.labels import label
from safety.plans.access import is_council_staff
from safety.plans.queries import current_plan
from safety.versioning import commit_if_current, rebase_on

bp = Blueprint("councils", __name__, url_prefix="/councils")

Page = Response | str | tuple[str, int]


@bp.get("/")
def index() -> str:
    """List the 38 councils, filtered by district, region, majority community or name."""
    language = current_language()
    # Sorted in SQL in the reader's alphabet; the filters keep that order.
    rows = council_rows(get_session(), today(), language)
    form = CouncilFilterForm(formdata=request.args)
    _set_filter_choices(form, rows, language)
    # An unknown filter value is shown as an error and ignored rather than failing the page.
    form.validate()
    shown = [row for row in rows if _matches_filters(row, form)]
    return render_template("councils/index.html", form=form, rows=shown, total=len(rows))


def _set_filter_choices(form: CouncilFilterForm, rows: list[CouncilRow], language: str) -> None:
    municipalities = [row.municipality for row in rows]
    every = ("", _("All"))
    key = sort_key(language)
    form.district.choices = [
        every,
        *((d, d) for d in sorted({m.district for m in municipalities}, key=key)),
    ]
    form.osce_region.choices = [
        every,
        *((r, r) for r in sorted({m.osce_region for m in municipalities}, key=key)),
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
    """Show a council's facts, its R01-R18 findings, and its present and former members."""
    day = today()
    session = get_session()
    # The compliance path every page uses (thresholds in force today); its council query
    # brings the municipality, members and decisions this page lists as well.
    loaded = load_compliance(session, [council_id], since=day)
    if not loaded.councils:
        abort(404)
    compliance = loaded.council_on(council_id, day)
    council = compliance.council
    members = council.members
    by_rule = {finding.rule: finding for finding in compliance.findings}
    return render_template(
        "councils/show.html",
        council=council,
        municipality=council.municipality,
        today=day,
        active=[m for m in members if m.is_active_on(day)],
        upcoming=[m for m in members if m.appointed_on > day and not m.has_left_by(day)],
        former=[m for m in members if m.has_left_by(day)],
        composition=composition(loaded.facts[council_id], day, loaded.thresholds.on(day)),
        findings=[by_rule[rule] for rule in MEMBERSHIP],
        meeting_findings=[by_rule[rule] for rule in MEETINGS],
        concern_findings=[by_rule[rule] for rule in CONCERNS],
        plan_findings=[by_rule[rule] for rule in PLANS],
        can_see_personal=council.can_view_personal_data(current_user),
        can_edit=council.can_edit(current_user),
        # This year's plan and its overdue items: the secretary's home shows what is late.
        current_plan=current_plan(
            get_session(),
            council.id,
            day,
            include_drafts=is_council_staff(current_user, council.id),
        ),
        public_section=council_public_section(session, council.id, day, current_language()),
    )


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
    form.populate_obj(council)
    if not commit_if_current(get_session(), council, form.version.data):
        council = council_for_edit(council_id)
        rebase_on(form.version, council)
        return render_template("councils/edit.html", council=council, form=form, conflict=True), 409
    flash(_("The council's details have been saved."), "success")
    return redirect(url_for("councils.show", council_id=council.id))


@bp.route("/<int:council_id>/members/new", methods=["GET", "POST"])
@login_required
def new_member(council_id: int) -> Page:
    """Add a member to a council's roster; a same-name member must be confirmed first."""
    council = council_for_edit(council_id)
    if not council.can_edit(current_user):
        abort(403)
    form = NewMemberForm(version=0)

    def page(status: int, duplicates: list[Member] | None = None) -> tuple[str, int]:
        return render_template(
            "councils/member_form.html",
            council=council,
            member=None,
            form=form,
            duplicates=duplicates or [],
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    session = get_session()
    duplicates = likely_duplicates(session, council.id, form.full_name.data)
    if duplicates and not form.confirm_duplicate.data:
        # Nothing is saved: the form comes back with the warning and a box to confirm.
        return page(200, duplicates)
    member = Member(council_id=council.id)
    form.populate_obj(member)
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
    if not member.council.can_edit(current_user):
        abort(403)
    form = MemberForm(obj=member, version=member.version_id)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "councils/member_form.html", council=member.council, member=member, form=form
        ), status
    form.populate_obj(member)
    if not commit_if_current(session, member, form.version.data):
        member = member_of_council(session, council_id, member_id)
        rebase_on(form.version, member)
        return render_template(
            "councils/member_form.html",
            council=member.council,
            member=member,
            form=form,
            conflict=True,
        ), 409
    flash(_("The member's details have been saved."), "success")
    return redirect(url_for("councils.show", council_id=council_id))


@bp.route("/<int:council_id>/members/<int:member_id>/reappoint", methods=["GET", "POST"])
@login_required
def reappoint_member(council_id: int, member_id: int) -> Page:
    """Record a role change or a new term: the current appointment ends, the next starts."""
    session = get_session()
    member = member_of_council(session, council_id, member_id)
    if not member.council.can_edit(current_user):
        abort(403)
    form = ReappointmentForm(obj=member, version=member.version_id)
    if request.method == "GET":
        form.appointed_on.data = today()
        form.term_ends_on.data = None
        form.appointing_decision.data = None

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "councils/reappoint.html", council=member.council, member=member, form=form
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    if form.version.data != member.version_id:
        return page(409)
    try:
        successor = reappoint_member_service(
            session,
            current_user,
            member,
            role=form.role.data,
            appointed_on=form.appointed_on.data,
            term_ends_on=form.term_ends_on.data,
            appointing_decision=form.appointing_decision.data,
        )
    except ChangeRefusedError as refusal:
        session.rollback()
        member = member_of_council(session, council_id, member_id)
        if str(refusal) == "left":
            form.form_errors.append(_("This appointment has already ended."))
        else:
            form.appointed_on.errors.append(
                _(
                    "The new appointment must start after the current one (%(date)s).",
                    date=format_date(member.appointed_on),
                )
            )
        return page(400)
    session.commit()
    flash(_("%(name)s's new appointment has been recorded.", name=successor.full_name), "success")
    return redirect(url_for("councils.show", council_id=council_id))


@bp.route("/<int:council_id>/members/<int:member_id>/delete", methods=["GET", "POST"])
@login_required
def delete_member(council_id: int, member_id: int) -> Page:
    """Delete a member entered by mistake (a departure is recorded, never deleted)."""
    session = get_session()
    member = member_of_council(session, council_id, member_id)
    if not member.council.can_edit(current_user):
        abort(403)
    form = DeletionForm()
    referred = is_referred_to(session, member)

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "councils/delete_member.html",
            council=member.council,
            member=member,
            form=form,
            referred=referred,
        ), status

    if referred:
        return page(409 if request.method == "POST" else 200)
    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    name = member.full_name
    delete_member_service(session, current_user, member, reason=form.reason.data)
    session.commit()
    flash(_("%(name)s has been deleted from the roster.", name=name), "success")
    return redirect(url_for("councils.show", council_id=council_id))


@bp.route("/<int:council_id>/decisions/new", methods=["GET", "POST"])
@login_required
def new_decision(council_id: int) -> Page:
    """Record a decision of the Municipal Assembly constituting or re-constituting the council."""
    council = council_for_edit(council_id)
    if not council.can_edit(current_user):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("councils/decision_form.html", council=council, form=form), status
    decision = CouncilDecision(council_id=council.id)
    form.populate_obj(decision)
    session = get_session()
    session.add(decision)
    session.commit()
    flash(_("The decision has been recorded."), "success")
    return redirect(url_for("councils.show", council_id=council.id))


@bp.route("/<int:council_id>/decisions/<int:decision_id>/delete", methods=["GET", "POST"])
@login_required
def delete_decision(council_id: int, decision_id: int) -> Page:
    """Delete a decision recorded by mistake, with the reason kept in the audit trail."""
    session = get_session()
    decision = decision_of_council(session, council_id, decision_id)
    if not decision.council.can_edit(current_user):
        abort(403)
    form = DeletionForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "councils/delete_decision.html", council=decision.council, decision=decision, form=form
        ), status
    delete_decision_service(session, current_user, decision, reason=form.reason.data)
    session.commit()
    flash(_("The decision has been deleted."), "success")
    return redirect(url_for("councils.show", council_id=council_id))
