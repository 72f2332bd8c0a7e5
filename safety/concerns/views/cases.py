"""Handling a concern: its page, status changes with answers, review, notes, deletion, agendas.

Every route asks `safety.concerns.access`: a concern the reader may not see answers 404; one
they may see but not handle answers 403. Only the council's own secretary handles concerns.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from safety.concerns import cases as services
from safety.concerns.access import (
    can_manage,
    can_read_council_concerns,
    can_see_submitter,
    can_view,
    is_council_secretary,
    manageable_concern,
    readable_concern,
)
from safety.concerns.answer_days import answer_days_today
from safety.concerns.blueprint import bp
from safety.concerns.case_forms import (
    ConcernEditForm,
    DeleteConcernForm,
    LinkMeetingForm,
    NoteForm,
    ResponseTemplateForm,
    StatusForm,
    TemplatePickerForm,
)
from safety.concerns.deadlines import deadline
from safety.concerns.models import (
    RESTRICTED_BY_DEFAULT,
    Concern,
    ConcernStatus,
    ResponseTemplate,
    Sensitivity,
)
from safety.concerns.queries import (
    answer_templates,
    concern_by_reference,
    concern_form_options,
    concern_meetings,
    concern_notes,
    concern_page_options,
    concern_timeline,
    council_or_404,
    duplicates_of,
    linkable_meetings,
    meeting_of_council,
    template_of_council,
)
from safety.concerns.similar import similar_concerns
from safety.consultations.forms import MAX_AGENDA_ITEMS
from safety.consultations.models import Meeting
from safety.councils.models import Council
from safety.dates import format_date, today
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import current_language
from safety.labels import label
from safety.versioning import commit_if_current, rebase_on

Page = Response | str | tuple[str, int]


def _show_page(concern: Concern, *, note_form: NoteForm | None = None, status: int = 200) -> Page:
    session = get_session()
    user = current_user
    is_staff = can_read_council_concerns(user, concern.council_id)
    manage = can_manage(user, concern)
    timeline = concern_timeline(session, concern.id)
    duplicate_of = concern.duplicate_of
    if duplicate_of is not None and not can_view(user, duplicate_of):
        duplicate_of = None
    if manage and note_form is None and concern.deleted_on is None:
        note_form = NoteForm()
    page = render_template(
        "concerns/show.html",
        concern=concern,
        community_values=concern.community_list,
        timeline=timeline,
        deadline=deadline(
            submitted_on=concern.submitted_on,
            reopened_on=concern.reopened_on,
            events=[entry.event for entry in timeline],
            today=today(),
            days=answer_days_today(),
        ),
        duplicate_of=duplicate_of,
        duplicates=[other for other in duplicates_of(session, concern.id) if can_view(user, other)],
        # The concern's council hosts every linked meeting: its staff may read them all,
        # others only the public kinds (consultations and community activities).
        meetings=[
            meeting
            for meeting in concern_meetings(session, concern.id)
            if is_staff or meeting.kind.is_public
        ],
        notes=concern_notes(session, concern.id) if is_staff else [],
        note_form=note_form if manage else None,
        is_staff=is_staff,
        can_read_notes=is_staff,
        can_manage=manage,
        can_change_status=bool(services.allowed_statuses(concern.status)),
        can_see_submitter=can_see_submitter(user, concern),
    )
    return page, status


@bp.get("/concerns/<int:concern_id>")
def show(concern_id: int) -> Page:
    """Show a concern with its history and answers, to each reader what they may see."""
    return _show_page(readable_concern(concern_id, *concern_page_options()))


@bp.post("/concerns/<int:concern_id>/notes")
@login_required
def add_note(concern_id: int) -> Page:
    """Add an internal note (the council's secretary only)."""
    concern = manageable_concern(concern_id, *concern_page_options())
    if concern.deleted_on is not None:
        return render_error(400, _("This concern has been deleted; it can no longer be changed."))
    form = NoteForm()
    if not form.validate_on_submit():
        return _show_page(concern, note_form=form, status=400)
    session = get_session()
    try:
        services.add_note(session, current_user, concern, body=form.body.data)
    except services.CaseChangeRefusedError:
        session.rollback()
        form.body.errors.append(_("Write the note."))
        return _show_page(
            manageable_concern(concern_id, *concern_page_options()), note_form=form, status=400
        )
    session.commit()
    flash(_("The note has been added."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id, _anchor="notes"))


# -- Status changes and answers ---------------------------------------------------------------

REFUSALS_BY_FIELD = {
    "answer_required": "answer",
    "answer_date_required": "answered_on",
    "answer_in_future": "answered_on",
    "answer_too_early": "answered_on",
    "reason_required": "reason",
    "referral_required": "referred_to_name",
    "duplicate_required": "duplicate_of",
    "duplicate_of_itself": "duplicate_of",
    "duplicate_other_council": "duplicate_of",
    "duplicate_deleted": "duplicate_of",
    "duplicate_loop": "duplicate_of",
    "not_allowed": "status",
}


def _refusal_message(code: str, concern: Concern) -> str:
    """The reader's words for a change the concern's state or the input does not allow."""
    messages = {
        "answer_required": _("Write the answer the submitter will read."),
        "answer_date_required": _("Enter the date the answer was given outside this application."),
        "answer_in_future": _("This date cannot be in the future."),
        "answer_too_early": _(
            "The answer cannot be dated before %(date)s, when the concern was submitted or "
            "reopened.",
            date=format_date(services.earliest_answer_on(concern)),
        ),
        "reason_required": _("Give the reason for rejecting the concern."),
        "referral_required": _("Choose the body the concern is referred to and name it."),
        "duplicate_required": _("Enter the reference of the concern this one repeats."),
        "duplicate_of_itself": _("A concern cannot be a duplicate of itself."),
        "duplicate_other_council": _("Choose a concern raised with the same council."),
        "duplicate_deleted": _("That concern has been deleted: choose another one."),
        "duplicate_loop": _(
            "That concern is already marked as a duplicate of this one: the original cannot "
            "repeat its own duplicate."
        ),
        "not_allowed": _("This status cannot follow %(status)s.", status=label(concern.status)),
        "deleted": _("This concern has been deleted; it can no longer be changed."),
    }
    return messages[code]


def _deleted_refusal() -> tuple[str, int]:
    return render_error(400, _("This concern has been deleted; it can no longer be changed."))


def _read_url(concern: Concern) -> str | None:
    """Where the submitter reads answers in the app: only an organisation's users sign in."""
    if concern.organisation_id is None:
        return None
    return url_for("concerns.show", concern_id=concern.id, _external=True)


def _prefill_from_query(
    form: StatusForm, allowed: list[ConcernStatus], templates: list[ResponseTemplate]
) -> None:
    """`?status=` and `?template=` pre-fill the form, so templates work without JavaScript."""
    wanted = request.args.get("status", "")
    if wanted in {status.value for status in allowed}:
        form.status.data = ConcernStatus(wanted)
    chosen = request.args.get("template", "")
    for template in templates:
        if chosen == str(template.id):
            form.answer.data = template.body


@bp.route("/concerns/<int:concern_id>/status", methods=["GET", "POST"])
@login_required
def change_status(concern_id: int) -> Page:
    """Change a concern's status with the answer the submitter reads (the secretary only)."""
    concern = manageable_concern(concern_id, *concern_form_options())
    if concern.deleted_on is not None:
        return _deleted_refusal()
    allowed = services.allowed_statuses(concern.status)
    if not allowed:
        return render_error(
            400,
            _(
                "This concern is %(status)s: its status can no longer be changed. The "
                "submitter may reopen a resolved or rejected concern once.",
                status=label(concern.status),
            ),
        )
    session = get_session()
    language = current_language()
    templates = answer_templates(session, concern.council_id, language)
    form = StatusForm(earliest=services.earliest_answer_on(concern), version=concern.version_id)
    form.status.choices = [("", _("Choose...")), *((s.value, label(s)) for s in allowed)]
    if request.method == "GET":
        _prefill_from_query(form, allowed, templates)
    picker = TemplatePickerForm(formdata=None)
    picker.template.choices = [("", _("Choose...")), *((t.id, t.title) for t in templates)]

    def page(status: int, *, conflict: bool = False, current: Concern = concern) -> tuple[str, int]:
        return render_template(
            "concerns/status.html",
            concern=current,
            form=form,
            picker=picker,
            templates=templates,
            chosen_status=request.args.get("status", ""),
            similar=similar_concerns(
                session,
                current.council_id,
                f"{current.title} {current.description}",
                exclude_id=current.id,
                statuses=tuple(ConcernStatus),
            ),
            conflict=conflict,
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    if form.version.data != concern.version_id:
        rebase_on(form.version, concern)
        return page(409, conflict=True)
    other = None
    if form.status.data == ConcernStatus.DUPLICATE:
        other = concern_by_reference(session, concern.council_id, form.duplicate_of.data)
        if other is None:
            form.duplicate_of.errors.append(
                _(
                    "No concern of this council has the reference %(reference)s.",
                    reference=form.duplicate_of.data,
                )
            )
            return page(400)
    try:
        services.change_status(
            session,
            current_user,
            concern,
            status=form.status.data,
            today=today(),
            answer=form.answer.data,
            answer_channel=form.answer_channel.data,
            answered_on=form.stated_on,
            reason=form.reason.data,
            referred_to=form.referred_to.data or None,
            referred_to_name=form.referred_to_name.data,
            duplicate_of=other,
            read_url=_read_url(concern),
        )
    except services.CaseChangeRefusedError as refusal:
        session.rollback()
        concern = manageable_concern(concern_id, *concern_form_options())
        message = _refusal_message(refusal.code, concern)
        field_name = REFUSALS_BY_FIELD.get(refusal.code)
        if field_name is None:
            form.form_errors.append(message)
        else:
            form[field_name].errors.append(message)
        return page(400, current=concern)
    except StaleDataError:
        session.rollback()
        concern = manageable_concern(concern_id, *concern_form_options())
        rebase_on(form.version, concern)
        return page(409, conflict=True, current=concern)
    session.commit()
    flash(_("The new status has been recorded."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id))


# -- Review: category, sensitivity, serious incident, place -----------------------------------


def _needs_public_confirmation(concern: Concern, form: ConcernEditForm) -> bool:
    """Making a domestic-violence or inter-ethnic concern public needs a deliberate tick."""
    if form.category.data not in RESTRICTED_BY_DEFAULT:
        return False
    if form.sensitivity.data != Sensitivity.PUBLIC or form.confirm_public.data:
        return False
    # Already public with the same category: it was confirmed when it was made so.
    return not (
        concern.sensitivity == Sensitivity.PUBLIC and concern.category == form.category.data
    )


@bp.route("/concerns/<int:concern_id>/edit", methods=["GET", "POST"])
@login_required
def edit(concern_id: int) -> Page:
    """Review and classify a concern: category, sensitivity, serious incident, place."""
    concern = manageable_concern(concern_id, *concern_form_options())
    if concern.deleted_on is not None:
        return _deleted_refusal()
    form = ConcernEditForm(
        obj=concern, version=concern.version_id, submitted_on=concern.submitted_on
    )
    if request.method == "GET":
        form.reviewed.data = concern.reviewed_on is not None

    def page(status: int, *, conflict: bool = False, current: Concern = concern) -> tuple[str, int]:
        return render_template(
            "concerns/edit.html", concern=current, form=form, conflict=conflict
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    if _needs_public_confirmation(concern, form):
        form.confirm_public.errors.append(
            _(
                "Concerns about %(category)s are restricted by default, to protect the people "
                "involved. Tick the box to confirm that this one may be shown publicly.",
                category=label(form.category.data),
            )
        )
        return page(400)
    session = get_session()
    form.populate_obj(concern)
    if form.reviewed.data and concern.reviewed_on is None:
        concern.reviewed_on = today()
    elif not form.reviewed.data:
        concern.reviewed_on = None
    if not commit_if_current(session, concern, form.version.data):
        concern = manageable_concern(concern_id, *concern_form_options())
        rebase_on(form.version, concern)
        return page(409, conflict=True, current=concern)
    flash(_("The concern's review has been saved."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id))


# -- Deleting spam ----------------------------------------------------------------------------


@bp.route("/concerns/<int:concern_id>/delete", methods=["GET", "POST"])
@login_required
def delete(concern_id: int) -> Page:
    """Delete spam or abuse from today, with a reason; the audit trail keeps the concern."""
    concern = manageable_concern(concern_id, *concern_form_options())
    if concern.deleted_on is not None:
        return _deleted_refusal()
    form = DeleteConcernForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("concerns/delete.html", concern=concern, form=form), status
    session = get_session()
    services.soft_delete(session, current_user, concern, reason=form.reason.data, today=today())
    session.commit()
    flash(_("The concern has been deleted."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id))


# -- Agendas ----------------------------------------------------------------------------------


def _meeting_choice(meeting: Meeting) -> str:
    return f"{format_date(meeting.effective_on)} · {label(meeting.kind)} · {meeting.title}"


@bp.route("/concerns/<int:concern_id>/meetings", methods=["GET", "POST"])
@login_required
def link_meeting(concern_id: int) -> Page:
    """Put the concern on one of the council's meetings' agendas."""
    concern = manageable_concern(concern_id, *concern_form_options())
    if concern.deleted_on is not None:
        return _deleted_refusal()
    session = get_session()
    form = LinkMeetingForm()
    form.meeting.choices = [
        (meeting.id, _meeting_choice(meeting)) for meeting in linkable_meetings(session, concern)
    ]

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "concerns/link_meeting.html",
            concern=concern,
            form=form,
            linked=concern_meetings(session, concern.id),
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    meeting = meeting_of_council(session, concern.council_id, form.meeting.data)
    if meeting is None:
        form.meeting.errors.append(_("Choose one of the council's meetings."))
        return page(400)
    try:
        services.link_meeting(session, current_user, concern, meeting)
    except services.CaseChangeRefusedError as refusal:
        session.rollback()
        concern = manageable_concern(concern_id, *concern_form_options())
        form.meeting.errors.append(
            {
                "meeting_closed": _("A cancelled meeting cannot take new agenda items."),
                "already_linked": _("The concern is already on this meeting's agenda."),
                "agenda_full": _(
                    "This meeting's agenda already has %(max)s items: choose another meeting.",
                    max=MAX_AGENDA_ITEMS,
                ),
            }.get(refusal.code, _("This concern has been deleted; it can no longer be changed."))
        )
        return page(400)
    session.commit()
    flash(_("The concern has been put on the meeting's agenda."), "success")
    return redirect(url_for("concerns.show", concern_id=concern_id))


# -- Answer templates of a council ------------------------------------------------------------


def _templates_council(council_id: int) -> Council:
    """The council, if the current user is its secretary (404 unknown, 403 anyone else)."""
    council = council_or_404(get_session(), council_id)
    if not is_council_secretary(current_user, council.id):
        abort(403)
    return council


@bp.get("/councils/<int:council_id>/answer-templates")
@login_required
def templates(council_id: int) -> Page:
    """List the council's saved answers, by language."""
    council = _templates_council(council_id)
    return render_template(
        "concerns/templates.html",
        council=council,
        templates=answer_templates(get_session(), council.id),
    )


def _template_form_page(
    council: Council, form: ResponseTemplateForm, template: ResponseTemplate | None, status: int
) -> tuple[str, int]:
    return render_template(
        "concerns/template_form.html", council=council, form=form, template=template
    ), status


@bp.route("/councils/<int:council_id>/answer-templates/new", methods=["GET", "POST"])
@login_required
def new_template(council_id: int) -> Page:
    """Save a new answer template in one language."""
    council = _templates_council(council_id)
    form = ResponseTemplateForm()
    if request.method == "GET":
        form.language.data = current_language()
    if not form.validate_on_submit():
        return _template_form_page(council, form, None, 400 if request.method == "POST" else 200)
    session = get_session()
    template = ResponseTemplate(council_id=council.id)
    form.populate_obj(template)
    session.add(template)
    session.commit()
    flash(_("The answer template has been saved."), "success")
    return redirect(url_for("concerns.templates", council_id=council.id))


@bp.route(
    "/councils/<int:council_id>/answer-templates/<int:template_id>/edit", methods=["GET", "POST"]
)
@login_required
def edit_template(council_id: int, template_id: int) -> Page:
    """Correct a saved answer template."""
    council = _templates_council(council_id)
    session = get_session()
    template = template_of_council(session, council.id, template_id)
    form = ResponseTemplateForm(obj=template)
    if not form.validate_on_submit():
        return _template_form_page(
            council, form, template, 400 if request.method == "POST" else 200
        )
    form.populate_obj(template)
    session.commit()
    flash(_("The answer template has been saved."), "success")
    return redirect(url_for("concerns.templates", council_id=council.id))


@bp.post("/councils/<int:council_id>/answer-templates/<int:template_id>/delete")
@login_required
def delete_template(council_id: int, template_id: int) -> Page:
    """Delete a saved answer template (answers already given keep their text)."""
    council = _templates_council(council_id)
    session = get_session()
    session.delete(template_of_council(session, council.id, template_id))
    session.commit()
    flash(_("The answer template has been deleted."), "success")
    return redirect(url_for("concerns.templates", council_id=council.id))
