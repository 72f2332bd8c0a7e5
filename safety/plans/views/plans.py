"""Plan pages: a council's plans, the plan page, drafting with versions, items, CSV import.

Every route asks `safety.plans.access`: a draft is for the council's staff (others get 404,
with nothing of the plan in the page); only the council's own secretary writes (the
ministry and administrators get 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from safety.concerns.access import is_public
from safety.concerns.models import Concern
from safety.dates import format_date, today
from safety.db import get_session
from safety.plans.access import (
    can_edit_plan,
    is_council_secretary,
    is_council_staff,
    readable_plan,
    writable_plan,
)
from safety.plans.blueprint import bp
from safety.plans.csv_import import MAX_BYTES, MAX_ROWS, ImportResult, read_items, template_csv
from safety.plans.forms import (
    ImportForm,
    ItemForm,
    ItemStatusForm,
    NewItemForm,
    NewPlanForm,
    PlanForm,
    ProgressForm,
    default_plan_year,
)
from safety.plans.models import ActionPlan, ItemStatus, PlanItem
from safety.plans.overdue import is_overdue
from safety.plans.queries import (
    AnsweringItem,
    concern_choices,
    council_or_404,
    council_plan_rows,
    item_of_plan,
    items_answering,
    plan_council_options,
    plan_page_options,
    plan_versions,
)
from safety.plans.services import (
    PlanChangeRefusedError,
    add_item,
    change_item_status,
    create_plan,
    import_items,
    record_progress,
    record_version,
    update_item,
)
from safety.plans.versions import FIELD_LABELS, changes
from safety.security import accepts_uploads
from safety.versioning import rebase_on

Page = Response | str | tuple[str, int]


def _refusal_message(refusal: PlanChangeRefusedError) -> str:
    """The reader's words for a change the plan's data does not allow."""
    on = format_date(refusal.on)
    messages = {
        "year_taken": _("The council already has a plan for this year: open it from the list."),
        "same_status": _("The item already has this status: choose another."),
        "reason_required": _("Say why the item is cancelled."),
        "in_future": _("This date cannot be in the future."),
        "before_plan": _("Choose a date from %(date)s: the plan's work starts then.", date=on),
        "before_latest": _(
            "Choose a date from %(date)s: an earlier date would come before the last one recorded.",
            date=on,
        ),
        "out_of_range": _("Enter a percentage from 0 to 100."),
    }
    return messages[refusal.code]


def _saved(
    session: Session, record: Any, opened_version: int | None, write: Callable[[], Any]
) -> bool:
    """Run `write` and commit, unless the record changed since the form was opened.

    False (after a rollback) when the form was opened on an older version, when another
    request saved the record in between, or when another save of the same plan took the
    same version number at the same moment.
    """
    if opened_version != record.version_id:
        session.rollback()
        return False
    try:
        write()
        session.commit()
    except (StaleDataError, IntegrityError):
        session.rollback()
        return False
    return True


def _written(session: Session, write: Callable[[], Any]) -> bool:
    """Run `write` and commit; False when another save of the plan took its version number."""
    try:
        write()
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


# A council's plans ---------------------------------------------------------------------------


@bp.get("/councils/<int:council_id>/plans/")
def index(council_id: int) -> str:
    """List a council's plans by year with item and overdue counts; drafts for its staff only."""
    session = get_session()
    council = council_or_404(session, council_id)
    staff = is_council_staff(current_user, council.id)
    secretary = is_council_secretary(current_user, council.id)
    return render_template(
        "plans/index.html",
        council=council,
        rows=council_plan_rows(session, council.id, today(), include_drafts=staff),
        can_create=secretary,
        # From a concern's page: each plan offers a new item answering that concern.
        concern_id=request.args.get("concern", type=int) if secretary else None,
    )


@bp.route("/councils/<int:council_id>/plans/new", methods=["GET", "POST"])
@login_required
def new(council_id: int) -> Page:
    """Start a council's plan for a year: one plan per council and year."""
    session = get_session()
    council = council_or_404(session, council_id)
    if not is_council_secretary(current_user, council.id):
        abort(403)
    form = NewPlanForm(year=default_plan_year(today()))

    def page(status: int) -> tuple[str, int]:
        return render_template("plans/form.html", council=council, plan=None, form=form), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    try:
        plan = create_plan(
            session,
            current_user,
            council_id=council.id,
            year=form.year.data,
            title=form.title.data,
            summary=form.summary.data or "",
            today=today(),
        )
        session.commit()
    except (PlanChangeRefusedError, IntegrityError):
        # The check, or the unique constraint when two requests raced past it.
        session.rollback()
        council = council_or_404(session, council_id)
        form.year.errors.append(
            _("The council already has a plan for this year: open it from the list.")
        )
        return page(400)
    flash(_("The plan for %(year)s has been created.", year=plan.year), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


# The plan page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    """An item as the plan page shows it: overdue today, and the concerns this reader may see."""

    item: PlanItem
    is_overdue: bool
    concerns: list[Concern]

    @property
    def cancel_reason(self) -> str | None:
        """Why a cancelled item was cancelled (its last change says)."""
        if self.item.status != ItemStatus.CANCELLED or not self.item.status_events:
            return None
        return self.item.status_events[-1].reason


def overall_progress(items: list[PlanItem]) -> int | None:
    """The mean progress of the items that are not cancelled (None when there are none)."""
    counted = [item.progress for item in items if item.status != ItemStatus.CANCELLED]
    return round(sum(counted) / len(counted)) if counted else None


@bp.get("/plans/<int:plan_id>")
def show(plan_id: int) -> str:
    """Show a plan: its dates, overall progress, items with overdue ones marked, comments."""
    plan = readable_plan(plan_id, *plan_page_options())
    day = today()
    staff = is_council_staff(current_user, plan.council_id)
    lines = [
        ItemLine(
            item=item,
            is_overdue=is_overdue(item.deadline, item.status, day),
            concerns=[
                link.concern for link in item.concern_links if staff or is_public(link.concern)
            ],
        )
        for item in plan.items
    ]
    return render_template(
        "plans/show.html",
        plan=plan,
        council=plan.council,
        lines=lines,
        overall=overall_progress(plan.items),
        overdue_count=sum(line.is_overdue for line in lines),
        can_edit=can_edit_plan(current_user, plan),
        is_staff=staff,
        today=day,
    )


@bp.app_template_global()
def plan_items_answering(concern: Concern) -> list[AnsweringItem]:
    """The plan items answering `concern` that the reader may see (one query)."""
    return items_answering(
        get_session(),
        concern.id,
        include_drafts=is_council_staff(current_user, concern.council_id),
    )


# Drafting: the plan's text and its versions -------------------------------------------------


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit(plan_id: int) -> Page:
    """Edit a plan's title and summary; a stale form gets 409 with what was typed kept."""
    plan = writable_plan(plan_id, *plan_council_options())
    session = get_session()
    form = PlanForm(obj=plan, version=plan.version_id)

    def page(status: int, conflict: bool = False) -> tuple[str, int]:
        return render_template(
            "plans/form.html", council=plan.council, plan=plan, form=form, conflict=conflict
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)

    def write() -> None:
        form.populate_obj(plan)
        record_version(session, current_user, plan)

    if not _saved(session, plan, form.version.data, write):
        plan = writable_plan(plan_id, *plan_council_options())
        rebase_on(form.version, plan)
        return page(409, conflict=True)
    flash(_("The plan has been saved."), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.get("/plans/<int:plan_id>/versions")
@login_required
def versions(plan_id: int) -> str:
    """List the plan's saved versions, each with what changed since the one before."""
    plan = readable_plan(plan_id, *plan_council_options())
    if not is_council_staff(current_user, plan.council_id):
        abort(403)
    rows = plan_versions(get_session(), plan.id)
    # Newest first: each version is compared with the next row, the one saved before it.
    before = [older.snapshot for older in rows[1:]] + [None]
    return render_template(
        "plans/versions.html",
        plan=plan,
        council=plan.council,
        entries=[
            (row, changes(older, row.snapshot)) for row, older in zip(rows, before, strict=False)
        ],
        field_labels=FIELD_LABELS,
    )


# Items ----------------------------------------------------------------------------------------


def _item_page(
    template: str, plan: ActionPlan, item: PlanItem | None, form: Any, status: int, **extra: Any
) -> tuple[str, int]:
    return render_template(
        template, plan=plan, council=plan.council, item=item, form=form, **extra
    ), status


def _back_to_item(plan: ActionPlan, item: PlanItem) -> Response:
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"item-{item.id}"))


@bp.route("/plans/<int:plan_id>/items/new", methods=["GET", "POST"])
@login_required
def new_item(plan_id: int) -> Page:
    """Add an item to a plan, with the concerns it answers."""
    plan = writable_plan(plan_id, *plan_council_options())
    session = get_session()
    form = NewItemForm()
    form.concerns.choices = concern_choices(session, plan.council_id)
    asked = request.args.get("concern", type=int)
    if request.method == "GET" and asked in {value for value, _label in form.concerns.choices}:
        form.concerns.data = [asked]
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _item_page("plans/item_form.html", plan, None, form, status)
    item = PlanItem()
    form.populate_obj(item)

    def write() -> None:
        add_item(session, current_user, plan, item, concern_ids=form.concerns.data, today=today())

    if not _written(session, write):
        plan = writable_plan(plan_id, *plan_council_options())
        return _item_page("plans/item_form.html", plan, None, form, 409, busy=True)
    flash(_("The item has been added."), "success")
    return _back_to_item(plan, item)


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(plan_id: int, item_id: int) -> Page:
    """Edit an item's content (in any status of the plan: every save is a new version)."""
    plan = writable_plan(plan_id, *plan_council_options())
    session = get_session()
    item = item_of_plan(session, plan.id, item_id, selectinload(PlanItem.concern_links))
    form = ItemForm(
        obj=item,
        version=item.version_id,
        concerns=[link.concern_id for link in item.concern_links],
    )
    form.concerns.choices = concern_choices(session, plan.council_id, item.id)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _item_page("plans/item_form.html", plan, item, form, status)

    def write() -> None:
        form.populate_obj(item)
        update_item(session, current_user, plan, item, concern_ids=form.concerns.data)

    if not _saved(session, item, form.version.data, write):
        plan = writable_plan(plan_id, *plan_council_options())
        item = item_of_plan(session, plan.id, item_id, selectinload(PlanItem.concern_links))
        rebase_on(form.version, item)
        return _item_page("plans/item_form.html", plan, item, form, 409, conflict=True)
    flash(_("The item has been saved."), "success")
    return _back_to_item(plan, item)


def _next_status(current: ItemStatus) -> ItemStatus:
    """The change most often made next, preselected on the form."""
    return ItemStatus.DONE if current == ItemStatus.IN_PROGRESS else ItemStatus.IN_PROGRESS


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/status", methods=["GET", "POST"])
@login_required
def item_status(plan_id: int, item_id: int) -> Page:
    """Record an item's new status on a stated date; cancelling needs a reason."""
    plan = writable_plan(plan_id, *plan_council_options())
    session = get_session()
    item = item_of_plan(session, plan.id, item_id)
    form = ItemStatusForm(
        version=item.version_id, status=_next_status(item.status), changed_on=today()
    )

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return _item_page("plans/item_status.html", plan, item, form, status, **extra)

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)

    def write() -> None:
        change_item_status(
            session,
            current_user,
            plan,
            item,
            status=form.status.data,
            changed_on=form.changed_on.data,
            reason=form.reason.data,
            today=today(),
        )

    try:
        saved = _saved(session, item, form.version.data, write)
    except PlanChangeRefusedError as refusal:
        session.rollback()
        plan = writable_plan(plan_id, *plan_council_options())
        item = item_of_plan(session, plan.id, item_id)
        target = {"same_status": form.status, "reason_required": form.reason}
        target.get(refusal.code, form.changed_on).errors.append(_refusal_message(refusal))
        return page(400)
    if not saved:
        plan = writable_plan(plan_id, *plan_council_options())
        item = item_of_plan(session, plan.id, item_id)
        rebase_on(form.version, item)
        return page(409, conflict=True)
    flash(_("The item's status has been recorded."), "success")
    return _back_to_item(plan, item)


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/progress", methods=["GET", "POST"])
@login_required
def item_progress(plan_id: int, item_id: int) -> Page:
    """Report an item's progress (0-100 %) on a stated date, with what was done."""
    plan = writable_plan(plan_id, *plan_council_options())
    session = get_session()
    item = item_of_plan(session, plan.id, item_id)
    form = ProgressForm(version=item.version_id, progress=item.progress, reported_on=today())

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return _item_page("plans/progress.html", plan, item, form, status, **extra)

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)

    def write() -> None:
        record_progress(
            session,
            current_user,
            plan,
            item,
            progress=form.progress.data,
            reported_on=form.reported_on.data,
            note=form.note.data,
            today=today(),
        )

    try:
        saved = _saved(session, item, form.version.data, write)
    except PlanChangeRefusedError as refusal:
        session.rollback()
        plan = writable_plan(plan_id, *plan_council_options())
        item = item_of_plan(session, plan.id, item_id)
        field = form.progress if refusal.code == "out_of_range" else form.reported_on
        field.errors.append(_refusal_message(refusal))
        return page(400)
    if not saved:
        plan = writable_plan(plan_id, *plan_council_options())
        item = item_of_plan(session, plan.id, item_id)
        rebase_on(form.version, item)
        return page(409, conflict=True)
    flash(_("The progress has been recorded."), "success")
    return _back_to_item(plan, item)


# CSV import -----------------------------------------------------------------------------------


@bp.get("/plans/import-template.csv")
def import_template() -> Response:
    """Download the CSV template: the column names and one example row."""
    response = Response(template_csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="plan-items-template.csv"'
    return response


@bp.route("/plans/<int:plan_id>/import", methods=["GET", "POST"])
@accepts_uploads(max_bytes=MAX_BYTES)
@login_required
def import_csv(plan_id: int) -> Page:
    """Add items from a CSV file: every row is checked, and nothing is saved if one fails."""
    plan = writable_plan(plan_id, *plan_council_options())
    form = ImportForm()

    def page(status: int, result: ImportResult | None = None) -> tuple[str, int]:
        return render_template(
            "plans/import.html",
            plan=plan,
            council=plan.council,
            form=form,
            result=result,
            max_rows=MAX_ROWS,
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    # The request as a whole is capped at MAX_BYTES, so this read is bounded.
    result = read_items(form.file.data.read(MAX_BYTES + 1))
    if not result.is_valid:
        return page(400, result)
    session = get_session()
    if not _written(session, lambda: import_items(session, current_user, plan, result.items)):
        plan = writable_plan(plan_id, *plan_council_options())
        return page(409, result)
    flash(
        ngettext(
            "%(num)s row read: %(num)s item saved, none refused.",
            "%(num)s rows read: %(num)s items saved, none refused.",
            len(result.items),
        ),
        "success",
    )
    return redirect(url_for("plans.show", plan_id=plan.id))
