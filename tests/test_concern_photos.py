"""Concern photos: re-encoded without metadata, refused unless an image, at most three of 5 MiB
each, private until the council's secretary publishes them."""

from __future__ import annotations

import struct
import zlib
from datetime import date
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from safety.audit.models import AuditEvent
from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernPhoto,
    ConcernStatus,
    Sensitivity,
)
from safety.concerns.photos import (
    MAX_PHOTO_BYTES,
    MAX_PIXELS,
    MAX_SIDE,
    PhotoRefusedError,
    add_photos,
    reencode,
)
from safety.organisations.models import Organisation, OrganisationStatus

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg_with_gps(size: tuple[int, int] = (640, 480), orientation: int = 1) -> bytes:
    """A JPEG carrying a GPS position in Prishtina, a camera make and an ICC profile."""
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (42.0, 39.0, 51.0), 3: "E", 4: (21.0, 9.0, 44.0)}
    output = BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes(), icc_profile=b"\0" * 128, comment=b"owner")
    data = output.getvalue()
    assert Image.open(BytesIO(data)).getexif().get_ifd(GPS_IFD), "the test photo has a position"
    return data


def encoded(image: Image.Image, format_: str, **options) -> bytes:
    output = BytesIO()
    image.save(output, format_, **options)
    return output.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width` x `height`: a decompression bomb's shape."""
    data = bytearray(encoded(Image.new("L", (1, 1)), "PNG"))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # Signature (8) + length (4) + b"IHDR" (4), then the 13 header bytes and their CRC.
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def assert_no_metadata(content: bytes) -> None:
    stored = Image.open(BytesIO(content))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "icc_profile" not in stored.info
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"Exif" not in content
    assert b"TestCam" not in content
    assert b"owner" not in content


@pytest.fixture
def login(login):
    """The conftest's signed-in clients, reading pages in English."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def client(login):
    return login(None)


# -- Re-encoding --------------------------------------------------------------------------------


def test_reencoding_strips_position_camera_and_profile():
    photo = reencode(jpeg_with_gps())
    assert_no_metadata(photo.content)
    assert (photo.width, photo.height) == (640, 480)
    assert photo.media_type == "image/jpeg"


def test_reencoding_turns_the_photo_upright_and_downscales_it():
    # Orientation 6: the camera was turned; the stored photo is upright, at most 2000 px.
    photo = reencode(jpeg_with_gps(size=(3000, 1500), orientation=6))
    assert (photo.width, photo.height) == (1000, MAX_SIDE)
    assert Image.open(BytesIO(photo.content)).size == (1000, MAX_SIDE)


@pytest.mark.parametrize(
    ("image", "format_"),
    [
        (Image.new("RGBA", (50, 40), (0, 0, 255, 0)), "PNG"),
        (Image.new("P", (50, 40)), "PNG"),
        (Image.new("I;16", (50, 40), 65535), "PNG"),
        (Image.new("RGB", (50, 40), (0, 200, 0)), "WEBP"),
        (Image.new("CMYK", (50, 40)), "JPEG"),
        (Image.new("L", (50, 40)), "JPEG"),
    ],
    ids=["png-transparent", "png-palette", "png-16-bit", "webp", "jpeg-cmyk", "jpeg-grey"],
)
def test_png_and_webp_and_any_mode_become_an_rgb_jpeg(image, format_):
    photo = reencode(encoded(image, format_))
    stored = Image.open(BytesIO(photo.content))
    assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (50, 40))


def test_transparency_becomes_white_and_16_bit_grey_keeps_its_brightness():
    transparent = Image.open(BytesIO(reencode(encoded(Image.new("RGBA", (8, 8)), "PNG")).content))
    assert transparent.getpixel((4, 4)) == pytest.approx((255, 255, 255), abs=2)
    grey = Image.open(BytesIO(reencode(encoded(Image.new("I;16", (8, 8), 32768), "PNG")).content))
    assert grey.getpixel((4, 4)) == pytest.approx((128, 128, 128), abs=2)


@pytest.mark.parametrize(
    "data",
    [
        b"This is a text file, named photo.jpg by someone.\n" * 20,
        b"",
        encoded(Image.new("RGB", (20, 20)), "GIF"),
        encoded(Image.new("RGB", (20, 20)), "BMP"),
        b"%PDF-1.7\n" + b"0" * 100,
        jpeg_with_gps()[:400],
    ],
    ids=["text", "empty", "gif", "bmp", "pdf", "truncated-jpeg"],
)
def test_anything_but_a_whole_jpeg_png_or_webp_is_refused(data):
    with pytest.raises(PhotoRefusedError) as refusal:
        reencode(data)
    assert refusal.value.code == "not_an_image"


def test_a_file_over_five_mebibytes_is_refused_before_decoding():
    with pytest.raises(PhotoRefusedError) as refusal:
        reencode(b"\xff\xd8\xff" + b"\0" * MAX_PHOTO_BYTES)
    assert refusal.value.code == "too_big"


@pytest.mark.parametrize(
    ("width", "height"),
    [(8_000, 8_000), (40_000, 40_000)],
    ids=["above-the-limit", "far-above-it"],
)
def test_decompression_bombs_are_refused_without_decoding(width, height):
    assert width * height > MAX_PIXELS
    with pytest.raises(PhotoRefusedError) as refusal:
        reencode(png_declaring(width, height))
    assert refusal.value.code == "too_many_pixels"


# -- Uploading ----------------------------------------------------------------------------------


@pytest.fixture
def concern(make_concern, users) -> Concern:
    """Council A's public, reviewed concern submitted by the verified CSO's organisation."""
    cso = users["cso"]
    return make_concern(
        channel=ConcernChannel.ORGANISATION,
        organisation_id=cso.organisation_id,
        submitted_by_id=cso.id,
    )


@pytest.fixture
def add_photo(session):
    def factory(concern: Concern, *, published: bool = False) -> ConcernPhoto:
        photo = reencode(encoded(Image.new("RGB", (40, 30), (10, 120, 10)), "PNG"))
        stored = ConcernPhoto(
            concern_id=concern.id,
            content=photo.content,
            media_type=photo.media_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
            is_published=published,
        )
        session.add(stored)
        session.commit()
        return stored

    return factory


def upload(client, concern_id: int, *files: tuple[bytes, str]):
    """POST the files as one multipart body built in memory (the test client would spool a
    big one to a temporary file it never closes)."""
    boundary, body = encode_multipart(
        MultiDict([("photos", FileStorage(BytesIO(data), name)) for data, name in files])
    )
    return client.post(
        f"/concerns/{concern_id}/photos",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def stored_photos(session, concern_id: int) -> list[ConcernPhoto]:
    return list(
        session.scalars(
            select(ConcernPhoto)
            .where(ConcernPhoto.concern_id == concern_id)
            .order_by(ConcernPhoto.id)
        )
    )


def test_uploaded_photos_are_stored_without_exif_and_unpublished(login, users, concern, session):
    response = upload(
        login(users["secretary_a"]),
        concern.id,
        (jpeg_with_gps(), "IMG_0001.JPG"),
        (encoded(Image.new("RGBA", (30, 30)), "PNG"), "map.png"),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/concerns/{concern.id}/photos"
    photos = stored_photos(session, concern.id)
    assert len(photos) == 2
    for photo in photos:
        assert_no_metadata(photo.content)
        assert photo.is_published is False
        assert photo.media_type == "image/jpeg"
        assert photo.size == len(photo.content)
    assert (photos[0].width, photos[0].height) == (640, 480)
    audited = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "concern_photos")
    ).all()
    assert sorted(event.entity_id for event in audited) == [p.id for p in photos]
    assert all("content" not in (event.changes or {}) for event in audited)


def test_the_submitting_organisation_adds_photos_while_the_concern_is_open(
    login, users, make_concern, session
):
    cso = users["cso"]
    open_concern = make_concern(organisation_id=cso.organisation_id)
    answered = make_concern(
        organisation_id=cso.organisation_id,
        history=[(ConcernStatus.RESOLVED, date(2025, 3, 20), "The lights were repaired.")],
    )
    client = login(cso)
    assert client.get(f"/concerns/{open_concern.id}/photos").status_code == 200
    assert upload(client, open_concern.id, (jpeg_with_gps(), "a.jpg")).status_code == 302
    assert client.get(f"/concerns/{answered.id}/photos").status_code == 403
    assert upload(client, answered.id, (jpeg_with_gps(), "a.jpg")).status_code == 403
    assert len(stored_photos(session, open_concern.id)) == 1
    assert stored_photos(session, answered.id) == []


def test_other_readers_and_an_unverified_organisation_cannot_add_photos(
    login, users, make_concern, session
):
    cso = users["cso"]
    concern = make_concern(organisation_id=cso.organisation_id)
    # All of them may read this public concern, so they are refused (403), not kept unaware.
    for role in ("ministry", "admin", "cso_pending", "secretary_b"):
        response = upload(login(users[role]), concern.id, (jpeg_with_gps(), "a.jpg"))
        assert response.status_code == 403, role
    # Once its organisation is pending again, the user may no longer act in its name.
    session.get(Organisation, cso.organisation_id).status = OrganisationStatus.PENDING
    session.commit()
    assert upload(login(cso), concern.id, (jpeg_with_gps(), "a.jpg")).status_code == 403
    assert stored_photos(session, concern.id) == []


def test_a_text_file_named_jpg_is_refused_with_a_message(login, users, concern, session):
    response = upload(
        login(users["secretary_a"]),
        concern.id,
        (b"just some text, not a photo\n", "holiday.jpg"),
    )
    assert response.status_code == 400
    assert "holiday.jpg is not a photo in JPEG, PNG or WebP format." in response.get_data(True)
    assert stored_photos(session, concern.id) == []


def test_one_bad_file_among_good_ones_saves_none(login, users, concern, session):
    response = upload(
        login(users["secretary_a"]),
        concern.id,
        (jpeg_with_gps(), "good.jpg"),
        (b"GIF89a not really", "bad.jpg"),
    )
    assert response.status_code == 400
    assert "bad.jpg is not a photo" in response.get_data(True)
    assert stored_photos(session, concern.id) == []


def test_a_30_mb_send_gets_the_clear_message_and_saves_nothing(login, users, concern, session):
    body = b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024)
    response = upload(login(users["secretary_a"]), concern.id, (body, "huge.jpg"))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "File too large" in page
    assert "This page accepts at most 16 MiB at a time." in page
    assert stored_photos(session, concern.id) == []


def test_a_single_file_over_five_mebibytes_gets_its_own_message(login, users, concern, session):
    response = upload(
        login(users["secretary_a"]),
        concern.id,
        (b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024), "big.jpg"),
    )
    assert response.status_code == 400
    assert "big.jpg is larger than 5 MiB: send a smaller photo." in response.get_data(True)
    assert stored_photos(session, concern.id) == []


def test_a_decompression_bomb_is_a_400(login, users, concern, session):
    response = upload(
        login(users["secretary_a"]), concern.id, (png_declaring(40_000, 40_000), "bomb.png")
    )
    assert response.status_code == 400
    assert "bomb.png has too many pixels" in response.get_data(True)
    assert stored_photos(session, concern.id) == []


def test_a_fourth_photo_is_refused(login, users, concern, add_photo, session):
    for _ in range(3):
        add_photo(concern)
    client = login(users["secretary_a"])
    response = upload(client, concern.id, (jpeg_with_gps(), "fourth.jpg"))
    assert response.status_code == 400
    assert "This concern already has 3 photos: delete one before adding another." in (
        response.get_data(True)
    )
    assert len(stored_photos(session, concern.id)) == 3
    # The page says so instead of offering the upload.
    page = client.get(f"/concerns/{concern.id}/photos").get_data(True)
    assert 'enctype="multipart/form-data"' not in page


def test_four_at_once_are_refused_and_two_more_when_only_one_fits(
    login, users, concern, add_photo, session
):
    client = login(users["secretary_a"])
    four = [(jpeg_with_gps(), f"{n}.jpg") for n in range(4)]
    response = upload(client, concern.id, *four)
    assert response.status_code == 400
    assert "A concern has at most 3 photos: you can add 3 more." in response.get_data(True)
    add_photo(concern)
    add_photo(concern)
    response = upload(client, concern.id, *four[:2])
    assert response.status_code == 400
    assert "you can add 1 more." in response.get_data(True)
    assert len(stored_photos(session, concern.id)) == 2


def test_no_file_chosen(login, users, concern, session):
    response = login(users["secretary_a"]).post(
        f"/concerns/{concern.id}/photos", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Choose at least one photo." in response.get_data(True)


def test_nobody_adds_photos_to_a_deleted_concern(login, users, make_concern, session):
    deleted = make_concern(deleted_on=date(2025, 4, 1), deleted_reason="Spam.")
    client = login(users["secretary_a"])
    assert client.get(f"/concerns/{deleted.id}/photos").status_code == 403
    assert upload(client, deleted.id, (jpeg_with_gps(), "a.jpg")).status_code == 403
    assert stored_photos(session, deleted.id) == []


# -- Serving ------------------------------------------------------------------------------------


def test_the_public_gets_404_for_an_unpublished_photo_and_the_image_once_published(
    client, concern, add_photo
):
    hidden = add_photo(concern)
    shown = add_photo(concern, published=True)
    assert client.get(f"/concerns/{concern.id}/photos/{hidden.id}.jpg").status_code == 404
    response = client.get(f"/concerns/{concern.id}/photos/{shown.id}.jpg")
    assert response.status_code == 200
    assert response.get_data() == shown.content
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="{concern.reference}-photo-{shown.id}.jpg"'
    )
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary_a", 200),
        ("ministry", 200),
        ("admin", 200),
        ("cso", 200),
        ("cso_pending", 404),
        ("secretary_b", 404),
    ],
)
def test_unpublished_photos_are_for_staff_and_the_submitting_organisation(
    login, users, concern, add_photo, role, status
):
    hidden = add_photo(concern)
    response = login(users[role]).get(f"/concerns/{concern.id}/photos/{hidden.id}.jpg")
    assert response.status_code == status
    if status == 200:
        assert response.headers["Cache-Control"] == "private, no-store"
    else:
        assert hidden.content not in response.get_data()


def test_a_published_photo_of_a_restricted_concern_stays_hidden(
    client, login, users, make_concern, add_photo, session
):
    concern = make_concern(
        category=ConcernCategory.DOMESTIC_VIOLENCE, sensitivity=Sensitivity.RESTRICTED
    )
    # Published while the concern was public, then the concern was restricted.
    photo = add_photo(concern, published=True)
    url = f"/concerns/{concern.id}/photos/{photo.id}.jpg"
    assert client.get(url).status_code == 404
    assert login(users["cso"]).get(url).status_code == 404
    staff = login(users["secretary_a"]).get(url)
    assert staff.status_code == 200
    assert staff.headers["Cache-Control"] == "private, no-store"


def test_a_photo_is_found_only_under_its_own_concern(client, make_concern, concern, add_photo):
    other = make_concern()
    photo = add_photo(other, published=True)
    assert client.get(f"/concerns/{concern.id}/photos/{photo.id}.jpg").status_code == 404
    assert client.get(f"/concerns/{other.id}/photos/{photo.id}.jpg").status_code == 200


def test_an_unreviewed_concerns_published_photo_is_not_public(client, make_concern, add_photo):
    concern = make_concern(channel=ConcernChannel.PUBLIC_FORM, reviewed_on=None)
    photo = add_photo(concern, published=True)
    assert client.get(f"/concerns/{concern.id}/photos/{photo.id}.jpg").status_code == 404


# -- Publishing and deleting --------------------------------------------------------------------


def test_the_secretary_publishes_and_withdraws_a_photo(login, users, concern, add_photo, session):
    photo = add_photo(concern)
    client = login(users["secretary_a"])
    url = f"/concerns/{concern.id}/photos/{photo.id}/publish"
    assert client.post(url, data={"published": "1"}).status_code == 302
    assert session.get(ConcernPhoto, photo.id).is_published is True
    assert client.post(url, data={"published": "0"}).status_code == 302
    assert session.get(ConcernPhoto, photo.id).is_published is False
    assert client.post(url, data={"published": "yes"}).status_code == 400
    assert client.post(url, data={}).status_code == 400
    assert session.get(ConcernPhoto, photo.id).is_published is False


def test_publishing_a_photo_of_a_restricted_concern_is_refused(
    login, users, make_concern, add_photo, session
):
    concern = make_concern(
        category=ConcernCategory.DOMESTIC_VIOLENCE, sensitivity=Sensitivity.RESTRICTED
    )
    photo = add_photo(concern)
    client = login(users["secretary_a"])
    response = client.post(
        f"/concerns/{concern.id}/photos/{photo.id}/publish", data={"published": "1"}
    )
    assert response.status_code == 400
    assert "This concern is restricted: its photos cannot be published." in response.get_data(True)
    assert session.get(ConcernPhoto, photo.id).is_published is False
    # Withdrawing stays possible (for one published before the concern was restricted).
    published = add_photo(concern, published=True)
    response = client.post(
        f"/concerns/{concern.id}/photos/{published.id}/publish", data={"published": "0"}
    )
    assert response.status_code == 302
    assert session.get(ConcernPhoto, published.id).is_published is False


@pytest.mark.parametrize(
    ("role", "status"),
    [("ministry", 403), ("admin", 403), ("cso", 403), ("secretary_b", 404), ("cso_pending", 404)],
)
def test_only_the_secretary_publishes_or_deletes(
    login, users, concern, add_photo, session, role, status
):
    photo = add_photo(concern)
    client = login(users[role])
    base = f"/concerns/{concern.id}/photos/{photo.id}"
    assert client.post(f"{base}/publish", data={"published": "1"}).status_code == status
    assert client.post(f"{base}/delete").status_code == status
    assert session.get(ConcernPhoto, photo.id).is_published is False


def test_the_secretary_deletes_a_photo(login, users, concern, add_photo, session):
    photo = add_photo(concern)
    kept = add_photo(concern)
    response = login(users["secretary_a"]).post(f"/concerns/{concern.id}/photos/{photo.id}/delete")
    assert response.status_code == 302
    assert [p.id for p in stored_photos(session, concern.id)] == [kept.id]


# -- On the concern page ------------------------------------------------------------------------


def test_the_concern_page_shows_each_reader_the_photos_they_may_see(
    client, login, users, concern, add_photo
):
    hidden = add_photo(concern)
    shown = add_photo(concern, published=True)

    def photo_urls(page: str) -> set[int]:
        return {p.id for p in (hidden, shown) if f"/photos/{p.id}.jpg" in page}

    public_page = client.get(f"/concerns/{concern.id}").get_data(True)
    assert photo_urls(public_page) == {shown.id}
    assert "Add or manage photos" not in public_page
    assert "Not published" not in public_page

    staff_page = login(users["secretary_a"]).get(f"/concerns/{concern.id}").get_data(True)
    assert photo_urls(staff_page) == {hidden.id, shown.id}
    assert "Not published" in staff_page
    assert "Add or manage photos" in staff_page

    ministry_page = login(users["ministry"]).get(f"/concerns/{concern.id}").get_data(True)
    assert photo_urls(ministry_page) == {hidden.id, shown.id}
    assert "Add or manage photos" not in ministry_page


def test_the_concern_page_does_not_load_photo_bytes(
    login, users, concern, add_photo, count_queries
):
    for _ in range(3):
        add_photo(concern)
    with count_queries() as counter:
        response = login(users["secretary_a"]).get(f"/concerns/{concern.id}")
    assert response.status_code == 200
    photo_selects = [s for s in counter.statements if "FROM concern_photos" in s]
    assert len(photo_selects) == 1
    assert "concern_photos.content" not in photo_selects[0]


def test_the_photos_page_lists_every_photo_with_its_buttons(login, users, concern, add_photo):
    hidden = add_photo(concern)
    shown = add_photo(concern, published=True)
    page = login(users["secretary_a"]).get(f"/concerns/{concern.id}/photos").get_data(True)
    assert f"/photos/{hidden.id}/publish" in page
    assert f"/photos/{shown.id}/publish" in page
    assert "Withdraw from the public" in page
    assert f"/photos/{hidden.id}/delete" in page
    assert "you can add 1 more." in page
    organisation_page = login(users["cso"]).get(f"/concerns/{concern.id}/photos").get_data(True)
    assert f"/photos/{hidden.id}.jpg" in organisation_page
    assert "/publish" not in organisation_page
    assert "/delete" not in organisation_page


def test_the_service_refuses_a_fourth_photo_even_if_the_form_saw_room(session, concern, add_photo):
    """Two uploads at once: the second finds the room taken when it stores (row locked)."""
    for _ in range(2):
        add_photo(concern)
    photo = reencode(jpeg_with_gps())
    with pytest.raises(PhotoRefusedError) as refusal:
        add_photos(session, concern, [photo, photo])
    assert refusal.value.code == "too_many"
    session.rollback()
    assert len(add_photos(session, concern, [photo])) == 1
    session.commit()
    assert len(stored_photos(session, concern.id)) == 3
