"""The ONE list of models that can be commented on.

Each entry, keyed by "app_label.model_name", says how to find the target's process (for settings and
permissions), its public URL, and whether a user may see it. Views refuse any other target with a 404.
Budget projects, events and results add their entry here when they exist.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from apps.core.permissions import refusal_reason


def _published_process_visible(user, process):
    return refusal_reason("spaces.view_process", user, process) is None


def _proposal_visible(user, proposal):
    if proposal.status == "draft":
        return user.is_authenticated and proposal.author_id == user.pk
    return _published_process_visible(user, proposal.process)


COMMENTABLE = {
    "proposals.proposal": {
        "process": lambda obj: obj.process,
        "url": lambda obj: obj.get_absolute_url(),
        "title": lambda obj: obj.title,
        "is_visible": _proposal_visible,
        "select_related": ("process__comment_settings",),
    },
}


def key_for(obj_or_model):
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def config_for(obj_or_model):
    """The registry entry, or None when the model is not commentable."""
    return COMMENTABLE.get(key_for(obj_or_model))


def is_commentable(obj_or_model):
    return config_for(obj_or_model) is not None


def _config_or_error(obj):
    config = config_for(obj)
    if config is None:
        raise ValueError(f"{key_for(obj)} is not commentable (add it to apps/comments/registry.py)")
    return config


def process_for(obj):
    return _config_or_error(obj)["process"](obj)


def title_for(obj):
    return str(_config_or_error(obj)["title"](obj))


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
        return _config_or_error(obj)["url"](obj)
    except NoReverseMatch:
        return thread_url(obj)


def is_visible(user, obj):
    return bool(_config_or_error(obj)["is_visible"](user, obj))


def get_target_or_404(*, content_type_id, object_id, user=None):
    """Load a registered, visible target from its content type id and primary key."""
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
    except (ContentType.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    model = content_type.model_class()
    config = config_for(model) if model is not None else None
    if config is None:
        raise Http404
    try:
        target = model._default_manager.select_related(*config.get("select_related", ())).get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    if user is not None and not config["is_visible"](user, target):
        raise Http404
    return target
