"""A concern's photos: upload (re-encoded), the page to manage them, serving, publishing, deleting.

Who may do what is `safety.concerns.photos`: the council's secretary adds, publishes,
withdraws and deletes; the submitting organisation adds photos while the concern is open; a
photo is served only to readers of the concern, and an unpublished one only to staff and
the submitting organisation. A photo someone may not see answers 404, like a concern.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, undefer
from werkzeug.wrappers import Response

from safety.concerns import photos as services
from safety.concerns.access import keep_submitter_out_of_the_trail, readable_concern
from safety.concerns.blueprint import bp
from safety.concerns.models import Concern, ConcernPhoto
from safety.concerns.photo_forms import PhotoUploadForm, PublishPhotoForm, room_message
from safety.concerns.queries import concern_form_options
from safety.db import get_session
from safety.errors import render_error
from safety.security import accepts_uploads

Page = Response | str | tuple[str, int]

PUBLIC_MAX_AGE = 300
"""Seconds a shared cache may keep a published photo: a withdrawn one is gone within minutes."""


def _photo_options() -> list[Any]:
    """The council's name for the heading, the organisation for `can_act`, the photos' sizes."""
    return [
        *concern_form_options(),
        joinedload(Concern.organisation),
        selectinload(Concern.photos),
    ]


def _concern_for_photos(concern_id: int) -> Concern:
    """404 unless the reader may see the concern; 403 unless they may add photos.

    Whoever manages photos (the secretary) may also add them, so this one test opens the page.
    """
    concern = readable_concern(concern_id, *_photo_options())
    if not services.can_add_photos(current_user, concern):
        abort(403)
    return concern


def _managed_photo(concern_id: int, photo_id: int) -> tuple[Concern, ConcernPhoto]:
    """The concern and its photo for the council's secretary: 404 unseen, 403 read-only."""
    concern = readable_concern(concern_id, joinedload(Concern.organisation))
    photo = _photo_of(concern, photo_id)
    if photo is None or not services.can_see_photo(current_user, concern, photo):
        abort(404)
    if not services.can_manage_photos(current_user, concern):
        abort(403)
    return concern, photo


def _photo_of(concern: Concern, photo_id: int, *options: Any) -> ConcernPhoto | None:
    """The photo, scoped to its concern in SQL: another concern's photo id finds nothing."""
    return (
        get_session()
        .scalars(
            select(ConcernPhoto)
            .where(ConcernPhoto.id == photo_id, ConcernPhoto.concern_id == concern.id)
            .options(*options)
        )
        .one_or_none()
    )


def _photos_page(concern: Concern, form: PhotoUploadForm | None = None, status: int = 200) -> Page:
    room = services.MAX_PHOTOS - len(concern.photos)
    return render_template(
        "concerns/photos.html",
        concern=concern,
        form=form if form is not None else PhotoUploadForm(),
        room=room,
        room_message=room_message(room),
        can_manage=services.can_manage_photos(current_user, concern),
        max_photos=services.MAX_PHOTOS,
        max_photo_bytes=services.MAX_PHOTO_BYTES,
    ), status


# One rule for the page and the upload: with two rules on one path, an id beyond any row
# would answer 405 (the other method's rule matches first) instead of 404.
@bp.route("/concerns/<int:concern_id>/photos", methods=["GET", "POST"])
@accepts_uploads(max_bytes=services.MAX_UPLOAD_BYTES)
@login_required
def upload_photos(concern_id: int) -> Page:
    """Show a concern's photos to manage them; add up to three, each re-encoded on upload."""
    concern = _concern_for_photos(concern_id)
    form = PhotoUploadForm()
    form.room = services.MAX_PHOTOS - len(concern.photos)
    if not form.validate_on_submit():
        return _photos_page(concern, form, status=400 if request.method == "POST" else 200)
    session = get_session()
    keep_submitter_out_of_the_trail(current_user)
    try:
        stored = services.add_photos(session, concern, form.encoded)
    except services.PhotoRefusedError:
        # Another upload took the room between the page and this request.
        session.rollback()
        concern = _concern_for_photos(concern_id)
        form.photos.errors.append(room_message(services.MAX_PHOTOS - len(concern.photos)))
        return _photos_page(concern, form, status=400)
    session.commit()
    flash(
        ngettext(
            "%(num)s photo added. Only staff and the submitter see it until it is published.",
            "%(num)s photos added. Only staff and the submitter see them until they are published.",
            len(stored),
        ),
        "success",
    )
    return redirect(url_for("concerns.upload_photos", concern_id=concern_id))


@bp.get("/concerns/<int:concern_id>/photos/<int:photo_id>.jpg")
def photo(concern_id: int, photo_id: int) -> Response:
    """Send one photo to a reader who may see it."""
    concern = readable_concern(concern_id)
    stored = _photo_of(concern, photo_id, undefer(ConcernPhoto.content))
    if stored is None or not services.can_see_photo(current_user, concern, stored):
        abort(404)
    response = Response(stored.content, mimetype=stored.media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="{_file_name(concern, stored)}"'
    if services.is_publicly_cacheable(concern, stored):
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        # Unpublished, or of a concern the public cannot read: never in a shared cache, nor
        # kept by the browser after the reader signs out.
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _file_name(concern: Concern, stored: ConcernPhoto) -> str:
    """`PR-2026-0042-photo-7.jpg`: the reference is letters, digits and dashes; keep it so."""
    reference = "".join(c for c in concern.reference if c.isascii() and (c.isalnum() or c == "-"))
    return f"{reference or 'concern'}-photo-{stored.id}.jpg"


@bp.post("/concerns/<int:concern_id>/photos/<int:photo_id>/publish")
@login_required
def publish_photo(concern_id: int, photo_id: int) -> Page:
    """Publish a photo (shown with the public concern) or withdraw it: the secretary only."""
    concern, stored = _managed_photo(concern_id, photo_id)
    form = PublishPhotoForm()
    if not form.validate_on_submit():
        return render_error(400)
    publish = form.published.data == "1"
    try:
        services.set_published(concern, stored, publish)
    except services.PhotoRefusedError:
        return render_error(
            400,
            _(
                "This concern is restricted: its photos cannot be published. Change its "
                "sensitivity first if it may be public."
            ),
        )
    get_session().commit()
    if publish:
        flash(_("The photo is published: everyone who can read the concern sees it."), "success")
    else:
        flash(_("The photo is no longer published."), "success")
    return redirect(url_for("concerns.upload_photos", concern_id=concern_id))


@bp.post("/concerns/<int:concern_id>/photos/<int:photo_id>/delete")
@login_required
def delete_photo(concern_id: int, photo_id: int) -> Page:
    """Delete a photo (the secretary only)."""
    concern, stored = _managed_photo(concern_id, photo_id)
    # The CSRF token is checked for every POST before any view runs (safety.security).
    get_session().delete(stored)
    get_session().commit()
    flash(_("The photo has been deleted."), "success")
    return redirect(url_for("concerns.upload_photos", concern_id=concern.id))


# -- What the concern page asks of this module (its `_photos.html` partial) --------------------


@bp.app_template_global()
def visible_photos(concern: Concern) -> list[ConcernPhoto]:
    """The concern's photos the reader may see (its `photos` loaded, without their bytes)."""
    return [p for p in concern.photos if services.can_see_photo(current_user, concern, p)]


@bp.app_template_global()
def can_add_concern_photos(concern: Concern) -> bool:
    """May the reader open the photos page to add (and, the secretary, manage) photos?"""
    return services.can_add_photos(current_user, concern)


@bp.app_template_global()
def sees_unpublished_photos(concern: Concern) -> bool:
    return services.sees_unpublished(current_user, concern)
