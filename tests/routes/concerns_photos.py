"""Routes of concern photos: the page to manage them, upload, serving, publishing, deleting.

Council A's public concern (submitted by the verified CSO's organisation, still open) has a
published photo; its restricted concern has an unpublished one. The secretary adds, publishes
and deletes; the submitting organisation adds photos while its concern is open; an
unpublished photo is served only to staff and the submitting organisation, a restricted
concern's to nobody who may not read the concern (404).
"""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from safety.concerns.models import ConcernPhoto
from tests.routes.base import Route, World, statuses


def _jpeg() -> bytes:
    output = BytesIO()
    Image.new("RGB", (32, 24), (200, 160, 20)).save(output, "JPEG")
    return output.getvalue()


PHOTO = _jpeg()


def _photo(session, concern_id: int, *, published: bool) -> ConcernPhoto:
    photo = ConcernPhoto(
        concern_id=concern_id,
        content=PHOTO,
        media_type="image/jpeg",
        width=32,
        height=24,
        size=len(PHOTO),
        is_published=published,
    )
    session.add(photo)
    session.commit()
    return photo


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    session = request.getfixturevalue("session")
    published = _photo(session, world["concern_a"], published=True)
    unpublished = _photo(session, world["concern_a_restricted"], published=False)
    return {
        "photos_concern_a_published": published.id,
        "photos_restricted_unpublished": unpublished.id,
    }


# concern_a is public: every signed-in role may read it; only its secretary and the
# submitting organisation (open concern) add photos.
ADD_PHOTOS_PAGE = statuses(403, anonymous=302, cso=200, secretary_a=200)
ADD_PHOTOS_POST = statuses(403, anonymous=302, cso=302, secretary_a=302)
# A published photo of the public concern: seen by all, withdrawn by the secretary only.
WITHDRAW = statuses(403, anonymous=302, secretary_a=302)
# The restricted concern's unpublished photo: readers of the concern who are staff see it.
RESTRICTED_PHOTO = statuses(404, secretary_a=200, ministry=200, admin=200)
DELETE_RESTRICTED_PHOTO = statuses(404, anonymous=302, secretary_a=302, ministry=403, admin=403)


def _restricted_photo(path: str) -> object:
    return lambda w: (
        f"/concerns/{w['concern_a_restricted']}/photos/{w['photos_restricted_unpublished']}{path}"
    )


ROUTES: list[Route] = [
    Route(
        "concerns.upload_photos",
        "GET",
        lambda w: f"/concerns/{w['concern_a']}/photos",
        ADD_PHOTOS_PAGE,
    ),
    Route(
        "concerns.upload_photos",
        "POST",
        lambda w: f"/concerns/{w['concern_a']}/photos",
        ADD_PHOTOS_POST,
        data=lambda w: {"photos": (BytesIO(PHOTO), "pothole.jpg")},
    ),
    Route("concerns.photo", "GET", _restricted_photo(".jpg"), RESTRICTED_PHOTO),
    Route(
        "concerns.publish_photo",
        "POST",
        lambda w: f"/concerns/{w['concern_a']}/photos/{w['photos_concern_a_published']}/publish",
        WITHDRAW,
        data=lambda w: {"published": "0"},
    ),
    Route("concerns.delete_photo", "POST", _restricted_photo("/delete"), DELETE_RESTRICTED_PHOTO),
]
