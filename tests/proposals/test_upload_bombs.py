"""Uploads that cost a lot to inspect: zip bombs, huge images. Refused clearly, with bounded memory."""

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from apps.proposals import uploads
from apps.proposals.uploads import reencode_image, validate_upload

MB = 1024 * 1024
ODT = b"application/vnd.oasis.opendocument.text"


def bomb(inflated_mb, *, prefix=ODT, members=None):
    """A small .odt whose `mimetype` member inflates to `inflated_mb` MB (zeros deflate about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            member.write(prefix)
            zeros = b"\0" * MB
            for _ in range(inflated_mb):
                member.write(zeros)
        archive.writestr("content.xml", "<office:document-content/>")
        for n in range(members or 0):
            archive.writestr(f"pad/{n}", "")
    return buffer.getvalue()


@pytest.fixture
def small_limits(monkeypatch):
    # The real bound is 100 MB; a 10 MB one keeps the test quick and shows the same thing.
    monkeypatch.setattr(uploads, "MAX_ZIP_INFLATED", 10 * MB)


def test_the_bounds():
    assert uploads.MAX_ZIP_INFLATED == 100 * MB
    assert uploads.MAX_ZIP_MEMBERS == 1000


def test_a_zip_bomb_is_refused_clearly_without_being_inflated(small_limits):
    large_bomb = bomb(12)
    assert len(large_bomb) < 30 * 1024  # what the attacker uploads
    tracemalloc.start()
    try:
        # The message is asserted in English (the tests run in French, the default language).
        with translation.override("en"), pytest.raises(ValidationError) as error:
            validate_upload(SimpleUploadedFile("dossier.odt", large_bomb), max_bytes=5 * MB)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "archive_too_large"
    assert "expands to more than 10" in error.value.messages[0]
    assert peak < 2 * MB


def test_an_oversized_mimetype_member_is_never_read_in_full(small_limits):
    quiet_bomb = bomb(8)  # below the bound, but its `mimetype` is no mimetype
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as error:
            validate_upload(SimpleUploadedFile("note.odt", quiet_bomb), max_bytes=5 * MB)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "file_type"
    assert peak < 2 * MB  # the old check inflated all 8 MB


def test_too_many_members_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("note.odt", bomb(0, members=uploads.MAX_ZIP_MEMBERS)), max_bytes=5 * MB)
    assert error.value.code == "archive_too_large"


def test_a_real_odt_still_passes():
    assert validate_upload(SimpleUploadedFile("note.odt", bomb(0)), max_bytes=MB) == "document"


def test_encrypted_or_corrupt_containers_are_just_not_accepted():
    corrupt = bomb(0)[:-30]
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("note.odt", corrupt), max_bytes=MB)
    assert error.value.code == "file_type"


def png_claiming(width, height):
    """A tiny PNG whose header announces width x height (what a pixel bomb does)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def test_pixel_cap_is_that_of_a_photo():
    assert uploads.MAX_IMAGE_PIXELS == 24_000_000
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_IMAGE_PIXELS
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("plan.png", png_claiming(5000, 5000)), max_bytes=5 * MB)
    assert error.value.code == "file_type"


def test_a_large_photo_is_decoded_at_reduced_scale(monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4000), (200, 30, 30)).save(buffer, format="JPEG", quality=50)
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue())
    decoded = []
    original_load = Image.Image.load

    def spy(image):
        result = original_load(image)
        decoded.append(image.size)
        return result

    monkeypatch.setattr(Image.Image, "load", spy)
    full, thumb, content_type = reencode_image(upload, "JPEG")
    # The decoder produced at most half the pixels in each direction (3000 x 2000), never 6000 x 4000.
    assert decoded and max(width for width, _height in decoded) <= 3000
    with Image.open(full) as stored:
        assert stored.size == (2000, 1333)
    assert content_type == "image/jpeg"


def test_orientation_is_still_applied():
    image = Image.new("RGB", (300, 100), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    full, _thumb, _type = reencode_image(SimpleUploadedFile("photo.jpg", buffer.getvalue()), "JPEG")
    with Image.open(full) as stored:
        assert stored.size == (100, 300)
        assert not stored.getexif()


def test_palette_png_with_transparency_keeps_its_alpha():
    image = Image.new("P", (40, 40), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)
    full, _thumb, _type = reencode_image(SimpleUploadedFile("logo.png", buffer.getvalue()), "PNG")
    with Image.open(full) as stored:
        assert stored.mode == "RGBA"
