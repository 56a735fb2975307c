"""What comments need to know about their targets, read from the content contract (apps/core/content.py).

A model is commentable when its app registers it with Capability.COMMENTABLE; this app never imports a content
app. Views refuse any other target with a 404.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from apps.core import content
from apps.core.content import Capability


def key_for(obj_or_model):
    return obj_or_model._meta.label_lower


def config_for(obj_or_model):
    """The content registration when the model is commentable, else None."""
    entry = content.content_for(obj_or_model)
    return entry if entry is not None and entry.has(Capability.COMMENTABLE) else None


def is_commentable(obj_or_model):
    return config_for(obj_or_model) is not None


def _config_or_error(obj):
    entry = config_for(obj)
    if entry is None:
        raise ValueError(f"{key_for(obj)} is not commentable (register it with Capability.COMMENTABLE)")
    return entry


def process_for(obj):
    return _config_or_error(obj).process_of(obj)


def title_for(obj):
    return _config_or_error(obj).title_of(obj)


def thread_url(obj, *, page=None, order=None):
    content_type = ContentType.objects.get_for_model(obj)
    url = reverse("comments:thread", kwargs={"content_type_id": content_type.pk, "object_id": obj.pk})
    params = [f"{name}={value}" for name, value in (("page", page), ("order", order)) if value]
    return f"{url}?{'&'.join(params)}" if params else url


def create_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("comments:create", kwargs={"content_type_id": content_type.pk, "object_id": obj.pk})


def target_url(obj):
    """The target's public page; the standalone thread page when the target has no page (yet)."""
    try:
        return _config_or_error(obj).url_of(obj)
    except NoReverseMatch:
        return thread_url(obj)


def get_target_or_404(*, content_type_id, object_id, user):
    """A commentable target the user may see (its own view rule), from its content type id and primary key."""
    return content.get_visible_or_404(
        content_type_id=content_type_id,
        object_id=object_id,
        user=user,
        capability=Capability.COMMENTABLE,
        # Every commentable content belongs to a process (the contract); its comment settings come along.
        select_related=("process__comment_settings",),
    )
