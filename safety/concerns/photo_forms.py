"""Forms for a concern's photos: the upload (checked and re-encoded by content) and publishing."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField
from wtforms.validators import AnyOf, InputRequired

from safety.concerns.photos import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_PIXELS,
    EncodedPhoto,
    PhotoRefusedError,
    reencode,
)
from safety.forms import Form


def refusal_message(code: str, name: str) -> str:
    """Why the file called `name` was refused, in the reader's language."""
    if code == "too_big":
        return _(
            "%(name)s is larger than %(size)s MiB: send a smaller photo.",
            name=name,
            size=MAX_PHOTO_BYTES // (1024 * 1024),
        )
    if code == "too_many_pixels":
        return _(
            "%(name)s has too many pixels to be processed (at most %(megapixels)s million).",
            name=name,
            megapixels=MAX_PIXELS // 1_000_000,
        )
    return _("%(name)s is not a photo in JPEG, PNG or WebP format.", name=name)


def room_message(room: int) -> str:
    if room <= 0:
        return _(
            "This concern already has %(max)s photos: delete one before adding another.",
            max=MAX_PHOTOS,
        )
    return ngettext(
        "A concern has at most %(max)s photos: you can add %(num)s more.",
        "A concern has at most %(max)s photos: you can add %(num)s more.",
        room,
        max=MAX_PHOTOS,
    )


class PhotoUploadForm(Form):
    """One to three photos; each is read (bounded), recognised and re-encoded when validated.

    The view sets `room` (how many more the concern may hold) before validating: forms do not
    query the database.
    """

    photos = MultipleFileField(
        _l("Photos"),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "multiple": True},
    )

    room: int = MAX_PHOTOS
    encoded: list[EncodedPhoto]

    def validate(self, extra_validators: Any = None) -> bool:
        self.encoded = []
        if not super().validate(extra_validators):
            return False
        files = self.photos.data or []
        if not files:
            self.photos.errors.append(_("Choose at least one photo."))
            return False
        if len(files) > self.room:
            self.photos.errors.append(room_message(self.room))
            return False
        for upload in files:
            # The request as a whole is capped (MAX_UPLOAD_BYTES): this read is bounded too.
            data = upload.read(MAX_PHOTO_BYTES + 1)
            try:
                self.encoded.append(reencode(data))
            except PhotoRefusedError as refusal:
                self.photos.errors.append(refusal_message(refusal.code, upload.filename or ""))
        if self.photos.errors:
            self.encoded = []
            return False
        return True


class PublishPhotoForm(Form):
    """Publish ("1") or withdraw ("0") a photo: the buttons on the photos page send one."""

    published = HiddenField(validators=[InputRequired(), AnyOf(("1", "0"))])
