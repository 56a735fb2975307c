"""Private uploaded files: stored outside MEDIA_ROOT, under random names, served only after a permission check.

Participants' attachments may belong to private content (drafts). They are kept in PRIVATE_MEDIA_ROOT, which no
public URL maps to, and every download goes through `private_file`, which asks the owning app whether this
visitor may see the content the file belongs to (the content's `view` rule). Apps declare their files with
`register_private_files(prefix, resolver)`: names under `prefix/` are looked up by `resolver(user, name)`,
which returns the content type of the file when the user may see it, else None (404, so existence is not revealed).

In production the bytes are sent by the reverse proxy: with PRIVATE_MEDIA_ACCEL_REDIRECT set (for example
"/_private_media/"), Django answers with an `X-Accel-Redirect` header to an `internal` proxy location that maps
to PRIVATE_MEDIA_ROOT (see docker-compose.yml and the README).
"""

import mimetypes
import os
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Shown inline; anything else (PDF, office documents...) is sent as a download.
INLINE_CONTENT_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}
# Files uploaded by participants never run as code on our origin.
FILE_CSP = "default-src 'none'; img-src 'self'; sandbox"

_RESOLVERS = {}


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT (read at each use, so tests can move it).

    Its URLs point to the `private_file` view, never to a public media URL.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        return reverse("private_file", kwargs={"name": name})


_storage = PrivateStorage()


def private_storage():
    """Storage callable for FileFields holding private files (keeps migrations free of instance details)."""
    return _storage


def random_name(prefix, extension):
    """`prefix/<uuid>.<extension>`: nothing of the uploader's file name, nothing guessable."""
    extension = "".join(c for c in (extension or "").lower() if c.isalnum())[:10]
    return f"{prefix}/{uuid.uuid4().hex}" + (f".{extension}" if extension else "")


def register_private_files(prefix, resolver):
    """`resolver(user, name)` returns the file's content type when `user` may download `name`, else None."""
    _RESOLVERS[prefix] = resolver


def serve_file(request, storage, name, *, content_type=None):
    """The file's response: X-Accel-Redirect when the proxy sends files, else streamed by Django."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if accel:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, IsADirectoryError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    if content_type not in INLINE_CONTENT_TYPES:
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    # Per visitor: another visitor may not be allowed to see it.
    response["Cache-Control"] = "private, max-age=600"
    response["Vary"] = "Cookie"
    return response


@require_safe
def private_file(request, name):
    prefix = name.split("/", 1)[0]
    resolver = _RESOLVERS.get(prefix)
    if resolver is None or ".." in name.split("/") or "\x00" in name:
        raise Http404
    content_type = resolver(request.user, name)
    if not content_type:
        raise Http404
    return serve_file(request, private_storage(), name, content_type=content_type)
