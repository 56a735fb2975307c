"""The seams with the apps that plug into proposal pages (supports, comments, follows, attachments).

Each helper degrades gracefully while the other app is not there yet: no partial, nothing rendered.
"""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

SUPPORT_PARTIAL = "supports/partials/_support_button.html"
COMMENTS_PARTIAL = "comments/partials/_section.html"
FOLLOW_PARTIAL = "notifications/partials/_follow_button.html"


def optional_template(name):
    """The template name when it exists, else None (so templates can `{% if %}{% include %}`)."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def supported_ids(*, user, process):
    if not user.is_authenticated:
        return set()
    try:
        from apps.supports.selectors import supported_proposal_ids
    except ImportError:
        return set()
    return set(supported_proposal_ids(user=user, process=process))


def comments_context(*, target, user, request, page=1):
    try:
        from apps.comments.selectors import thread_context
    except ImportError:
        return None
    return thread_context(target=target, user=user, page=page, request=request)


def is_following(*, user, target):
    if not user.is_authenticated:
        return False
    try:
        from apps.notifications.selectors import is_following as following
    except ImportError:
        from apps.notifications.services import is_following as following
    return bool(following(user=user, target=target))


def partials():
    return {
        "support_partial": optional_template(SUPPORT_PARTIAL),
        "comments_partial": optional_template(COMMENTS_PARTIAL),
        "follow_partial": optional_template(FOLLOW_PARTIAL),
    }


def attachment_add(**kwargs):
    from .attachments import attachment_add as add

    return add(**kwargs)


def attachment_remove(**kwargs):
    from .attachments import attachment_remove as remove

    return remove(**kwargs)
