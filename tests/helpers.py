"""Helpers shared by test modules. Fixtures live in conftest.py files; plain functions and constants live here."""

import io
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from PIL import Image

# Headers of a request sent by htmx.
HTMX = {"HTTP_HX_REQUEST": "true"}

# What `manage.py seed_demo` creates (browser tests sign in with it).
DEMO_PASSWORD = "demo-budget-2026"
DEMO_PROCESS_SLUG = "budget-participatif-2026"


@contextmanager
def freeze_phase(phase, where="inside"):
    """Move 'today' inside, before or after a phase, for code that calls timezone.localdate()/now().

    `where` is "inside", "before" or "after".
    """
    day = {
        "inside": phase.start_date,
        "before": phase.start_date - timedelta(days=1),
        "after": phase.end_date + timedelta(days=1),
    }[where]
    moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=12))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield day


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    """The bytes of a small PNG image, for uploads."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def thread_url(target):
    """URL of the comment thread of `target`."""
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:thread", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


def create_url(target):
    """URL that posts a new comment on `target`."""
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})
