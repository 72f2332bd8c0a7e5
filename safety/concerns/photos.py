"""Concern photos: re-encoded on upload so no location or camera metadata is kept; who sees them.

A photo is accepted only if Pillow recognises its content as JPEG, PNG or WebP (the name and
declared type are ignored). It is decoded once, turned upright by its EXIF orientation, and
drawn into a fresh RGB image no larger than 2000 px a side, which is saved as JPEG with no
EXIF (so no GPS position, camera or owner), no ICC profile and no comments. Decompression
bombs (a few kilobytes declaring billions of pixels) are refused before they are decoded.

Photos are private: the council's staff and the submitting organisation see them all; anyone
else who may read the concern sees only those the council's secretary published, and never
one of a restricted concern.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.concerns.access import (
    can_manage,
    can_read_council_concerns,
    can_view,
    is_public,
    is_submitting_organisation,
)
from safety.concerns.models import OPEN_STATUSES, Concern, ConcernPhoto

MAX_PHOTOS = 3
"""Photos per concern (records.md, "Limits on what people send")."""

MAX_PHOTO_BYTES = 5 * 1024 * 1024
"""Each file as sent, before re-encoding (records.md)."""

MAX_UPLOAD_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024
"""The upload request as a whole: three full-size photos plus room for the form around them."""

MAX_SIDE = 2000
"""Longest side kept: enough to see a broken lamp or a pothole, small enough to store."""

MAX_PIXELS = 50_000_000
"""Largest image decoded (a 50-megapixel camera): a bigger one is refused, not decoded.

A 5 MiB PNG can declare far more pixels than memory holds; this keeps one decode under
about 200 MB. Pillow's own guard is set to it too: above twice this, Image.open refuses.
"""

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85
MEDIA_TYPE = "image/jpeg"

# Pillow's documented guard against decompression bombs: it warns above this many pixels and
# refuses (DecompressionBombError) above twice as many. This module is the app's only user.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PhotoRefusedError(Exception):
    """Why a file cannot become a concern photo: `not_an_image`, `too_big` or `too_many_pixels`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class EncodedPhoto:
    """A re-encoded photo, ready to store."""

    content: bytes
    width: int
    height: int
    media_type: str = MEDIA_TYPE


def reencode(data: bytes) -> EncodedPhoto:
    """Decode `data` as a JPEG, PNG or WebP photo and encode it afresh without metadata.

    Raises PhotoRefusedError for anything else, for files over MAX_PHOTO_BYTES and for
    images of more than MAX_PIXELS.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefusedError("too_big")
    try:
        with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefusedError("too_many_pixels")
            # A JPEG can be decoded straight at a fraction of its size: less memory and time.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = _as_rgb(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # The warning arrives as an exception only where warnings are errors (the tests).
        raise PhotoRefusedError("too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as e:
        # Pillow reports a truncated or malformed file through any of these.
        raise PhotoRefusedError("not_an_image") from e
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image carries none of the source's `info` (EXIF, ICC profile, comments, XMP).
    fresh = Image.new("RGB", pixels.size)
    fresh.paste(pixels)
    output = BytesIO()
    fresh.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return EncodedPhoto(content=output.getvalue(), width=fresh.width, height=fresh.height)


def _as_rgb(image: Image.Image) -> Image.Image:
    """Plain 8-bit RGB: transparency over white, 16-bit grey scaled down, CMYK converted."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits, since a plain conversion clips everything to white.
        return image.convert("I").point(lambda value: value / 256).convert("RGB")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# -- Who may do what with photos --------------------------------------------------------------


def is_staff(user: User, concern: Concern) -> bool:
    """The council's secretary, the ministry and administrators: they see every photo."""
    return can_read_council_concerns(user, concern.council_id)


def can_add_photos(user: User, concern: Concern) -> bool:
    """The council's secretary, or the submitting organisation while the concern is open.

    A submitting organisation's user adds photos of what it reported while the council is
    still working on it, and only while the organisation may act (verified). Once answered
    (resolved, referred, ...) the record is the council's; the secretary may still add
    photos, for example of the repair. Nobody adds photos to a deleted concern.
    """
    if concern.deleted_on is not None:
        return False
    if can_manage(user, concern):
        return True
    return (
        is_submitting_organisation(user, concern)
        and concern.status in OPEN_STATUSES
        and concern.organisation is not None
        and concern.organisation.can_act(user)
    )


def can_manage_photos(user: User, concern: Concern) -> bool:
    """Publish, withdraw and delete: the council's secretary only (never on a deleted one)."""
    return concern.deleted_on is None and can_manage(user, concern)


def sees_unpublished(user: User, concern: Concern) -> bool:
    return is_staff(user, concern) or is_submitting_organisation(user, concern)


def can_see_photo(user: User, concern: Concern, photo: ConcernPhoto) -> bool:
    """Only readers of the concern; others than staff and the submitter: published ones only."""
    if photo.concern_id != concern.id or not can_view(user, concern):
        return False
    return photo.is_published or sees_unpublished(user, concern)


def is_publicly_cacheable(concern: Concern, photo: ConcernPhoto) -> bool:
    """The same bytes for every reader, signed in or not: a shared cache may keep them."""
    return photo.is_published and is_public(concern)


# -- Writes (flush only; the view commits) -----------------------------------------------------


def photo_count(session: Session, concern_id: int) -> int:
    return session.scalar(
        select(func.count(ConcernPhoto.id)).where(ConcernPhoto.concern_id == concern_id)
    )


def add_photos(
    session: Session, concern: Concern, photos: list[EncodedPhoto]
) -> list[ConcernPhoto]:
    """Store re-encoded photos, unpublished; refuses to go beyond MAX_PHOTOS.

    The concern's row is locked first (PostgreSQL; SQLite serialises writers), so two
    uploads at once cannot both see room for three and store six.
    """
    session.execute(select(Concern.id).where(Concern.id == concern.id).with_for_update())
    if photo_count(session, concern.id) + len(photos) > MAX_PHOTOS:
        raise PhotoRefusedError("too_many")
    stored = [
        ConcernPhoto(
            concern_id=concern.id,
            content=photo.content,
            media_type=photo.media_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
            is_published=False,
        )
        for photo in photos
    ]
    session.add_all(stored)
    session.flush()
    return stored


def set_published(concern: Concern, photo: ConcernPhoto, published: bool) -> None:
    """Publish or withdraw a photo; a restricted concern's photos are never published."""
    if published and concern.is_restricted:
        raise PhotoRefusedError("restricted")
    photo.is_published = published
