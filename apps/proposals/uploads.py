"""Upload checks by CONTENT (never by file name) and image re-encoding with Pillow.

Images (JPEG, PNG, WebP) are decoded, re-oriented, stripped of every metadata block (EXIF, GPS, XMP,
ICC comments) by re-encoding the pixels only, bounded in size, and given a thumbnail. Documents are
recognised by their signature: PDF by its header, DOCX and ODT by the structure of their zip container.
"""

import io
import warnings
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ProposalAttachment

Kind = ProposalAttachment.Kind

IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
MAX_IMAGE_SIDE = 2000
THUMBNAIL_SIZE = (480, 360)
# Refuse decompression bombs: 24 Mpx is a 6000 x 4000 photo, more than any proposal needs (images are kept at
# MAX_IMAGE_SIDE). Pillow's own guard follows (warning above, error above twice the cap, before decoding).
MAX_IMAGE_PIXELS = 24_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Zip containers (DOCX, ODT): only their directory and the few bytes of ODT's `mimetype` member are read, never
# a whole member; an archive declaring more members or more inflated bytes than a real document is refused.
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_INFLATED = 100 * 1024 * 1024
MIMETYPE_MAX_BYTES = 100


def _read_head(uploaded_file, size=8):
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def _zip_names(uploaded_file):
    """(member names, ODT mimetype) of a zip container, without inflating anything but a few bytes.

    Raises ValidationError for an archive that would expand far beyond a real document (a "zip bomb").
    """
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_ZIP_INFLATED:
                raise ValidationError(
                    _("This document expands to more than %(max)s once unpacked and cannot be accepted.")
                    % {"max": filesizeformat(MAX_ZIP_INFLATED)},
                    code="archive_too_large",
                )
            names = {member.filename for member in members}
            mimetype = ""
            info = next((member for member in members if member.filename == "mimetype"), None)
            if info is not None and info.file_size <= MIMETYPE_MAX_BYTES:
                with archive.open(info) as member:
                    mimetype = member.read(MIMETYPE_MAX_BYTES).decode("ascii", "ignore").strip()
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, RuntimeError, NotImplementedError):
        # Corrupt, encrypted (RuntimeError) or unusually compressed (NotImplementedError): not a document we take.
        return set(), ""
    finally:
        uploaded_file.seek(0)
    return names, mimetype


def sniff(uploaded_file):
    """(Kind.IMAGE, "JPEG"|"PNG"|"WEBP") or (Kind.DOCUMENT, "pdf"|"docx"|"odt"); (None, None) for anything else."""
    head = _read_head(uploaded_file, 12)
    if head.startswith(b"%PDF-"):
        return Kind.DOCUMENT, "pdf"
    if head.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_names(uploaded_file)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return Kind.DOCUMENT, "docx"
        if mimetype == DOCUMENT_TYPES["odt"] and "content.xml" in names:
            return Kind.DOCUMENT, "odt"
        return None, None
    uploaded_file.seek(0)
    try:
        with warnings.catch_warnings():
            # Above the cap Pillow warns; the image is refused just below, so the warning is noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(uploaded_file) as image:
                image_format = image.format
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    return None, None
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None, None
    finally:
        uploaded_file.seek(0)
    if image_format in IMAGE_FORMATS:
        return Kind.IMAGE, image_format
    return None, None


def validate_upload(uploaded_file, *, max_bytes):
    """The kind (Kind.IMAGE or Kind.DOCUMENT) of a valid upload; otherwise a ValidationError saying what is wrong."""
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s). The maximum is %(max)s.")
            % {"size": filesizeformat(uploaded_file.size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    kind, _subtype = sniff(uploaded_file)
    if kind is None:
        raise ValidationError(
            _("This file type is not accepted. Upload an image (JPG, PNG, WebP) or a document (PDF, DOCX, ODT)."),
            code="file_type",
        )
    return kind


def _stem(name):
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")[:60]
    return safe or "file"


def reencode_image(uploaded_file, image_format):
    """(image ContentFile, thumbnail ContentFile, content_type): pixels only, no metadata."""
    extension, content_type = IMAGE_FORMATS[image_format]
    uploaded_file.seek(0)
    with Image.open(uploaded_file) as source:
        # Memory stays bounded: JPEG is decoded straight at a reduced scale (1/2 to 1/8) when that still
        # covers MAX_IMAGE_SIDE, and every image is shrunk in place before any other full-size copy is made.
        source.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        ImageOps.exif_transpose(source, in_place=True)
        has_alpha = source.mode in ("RGBA", "LA") or (source.mode == "P" and "transparency" in source.info)
        mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
        if source.mode in ("RGB", "RGBA", "L"):
            source.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        image = source.convert(mode)
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        # A fresh image built from the pixel data carries no info dict, hence no EXIF/XMP/ICC.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        stem = _stem(uploaded_file.name)

        def encode(img):
            buffer = io.BytesIO()
            options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
            img.save(buffer, format=image_format, **options)
            return buffer.getvalue()

        full = ContentFile(encode(clean), name=f"{stem}.{extension}")
        thumb_image = clean.copy()
        thumb_image.thumbnail(THUMBNAIL_SIZE)
        thumbnail = ContentFile(encode(thumb_image), name=f"{stem}-thumb.{extension}")
    return full, thumbnail, content_type


def document_file(uploaded_file, subtype):
    uploaded_file.seek(0)
    return ContentFile(uploaded_file.read(), name=f"{_stem(uploaded_file.name)}.{subtype}"), DOCUMENT_TYPES[subtype]
