"""Upload checks by CONTENT (never by file name) and image re-encoding with Pillow.

Images (JPEG, PNG, WebP) are decoded, re-oriented, stripped of every metadata block (EXIF, GPS, XMP,
ICC comments) by re-encoding the pixels only, bounded in size, and given a thumbnail. Documents are
recognised by their signature: PDF by its header, DOCX and ODT by the structure of their zip container.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
MAX_IMAGE_SIDE = 2000
THUMBNAIL_SIZE = (480, 360)
MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs


def _read_head(uploaded_file, size=8):
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def _zip_names(uploaded_file):
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "ignore").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, KeyError, OSError):
        return set(), ""
    finally:
        uploaded_file.seek(0)
    return names, mimetype


def sniff(uploaded_file):
    """Return (kind, subtype): ("image", "JPEG"|"PNG"|"WEBP") or ("document", "pdf"|"docx"|"odt"), else (None, None)."""
    head = _read_head(uploaded_file, 12)
    if head.startswith(b"%PDF-"):
        return "document", "pdf"
    if head.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_names(uploaded_file)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "document", "docx"
        if mimetype == DOCUMENT_TYPES["odt"] and "content.xml" in names:
            return "document", "odt"
        return None, None
    uploaded_file.seek(0)
    try:
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
        return "image", image_format
    return None, None


def validate_upload(uploaded_file, *, max_bytes):
    """The kind ("image" or "document") of a valid upload; otherwise a ValidationError saying what is wrong."""
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
        image = ImageOps.exif_transpose(source)
        has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if has_alpha and image_format != "JPEG" else "RGB")
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
