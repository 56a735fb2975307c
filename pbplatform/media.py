"""Serve uploaded files in production when SERVE_MEDIA is on (see README, "Production deployment").

django.views.static.serve already refuses paths outside MEDIA_ROOT and never lists directories. On top of
that, files uploaded by participants must never run as code on our origin: raster images are shown inline,
everything else (PDF, SVG, HTML, ...) is sent as a download, always with `nosniff` and a sandboxing CSP.

Only public files live here (process images). Participants' attachments are private files (apps/core/files.py);
the folder they used to have under MEDIA_ROOT is never served, in case a file was left behind.
"""

from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

PRIVATE_PREFIXES = ("proposals/",)
INLINE_CONTENT_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}


@require_safe
def serve_media(request, path, document_root=None):
    if path.lstrip("/").startswith(PRIVATE_PREFIXES):
        raise Http404
    response = serve(request, path, document_root=document_root)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == 200 and content_type not in INLINE_CONTENT_TYPES:
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
