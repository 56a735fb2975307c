"""Which models can be followed, and who may follow a given object.

Apps (or this app's ready(), for proposals) call `register_followable(Model, can_follow=func)`;
`can_follow(user, obj) -> bool` says whether the user may see (hence follow) that object.
"""

_FOLLOWABLE = {}


def _always(user, obj):
    return True


def register_followable(model, *, can_follow=None):
    _FOLLOWABLE[model._meta.label_lower] = can_follow or _always


def is_followable(obj):
    return obj is not None and obj._meta.label_lower in _FOLLOWABLE


def is_followable_model(model):
    return model is not None and model._meta.label_lower in _FOLLOWABLE


def can_follow(user, obj):
    if not is_followable(obj):
        return False
    return bool(_FOLLOWABLE[obj._meta.label_lower](user, obj))


def proposal_can_follow(user, proposal):
    """Proposals the user may see: an author their own draft; others a published/withdrawn proposal of a
    process they may view."""
    from apps.core.permissions import refusal_reason

    if getattr(user, "is_authenticated", False) and proposal.author_id == user.pk:
        return True
    if proposal.status == "draft":
        return False
    return refusal_reason("spaces.view_process", user, proposal.process) is None
