"""Reads for supports. The per-user state is loaded once per (user object, process) and cached on the user,
so a list of proposals asks "has this user supported it / how many supports are left" without a query per row."""

from .models import Support

_CACHE_ATTR = "_pb_supported_ids"


def _process_id(process):
    return process if isinstance(process, int) else process.pk


def _supported(user, process):
    if user is None or not user.is_authenticated or process is None:
        return frozenset()
    process_id = _process_id(process)
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    if process_id not in cache:
        cache[process_id] = frozenset(
            Support.objects.filter(user=user, process_id=process_id).order_by().values_list("proposal_id", flat=True)
        )
    return cache[process_id]


def supported_proposal_ids(*, user, process) -> set[int]:
    """Ids of the proposals of `process` this user supports (empty for anonymous visitors)."""
    return set(_supported(user, process))


def has_supported(*, user, proposal) -> bool:
    return proposal.pk in _supported(user, proposal.process_id)


def user_support_count(*, user, process) -> int:
    """How many supports this user has given in `process` (shares the cache of supported_proposal_ids)."""
    return len(_supported(user, process))


def supports_left(*, user, process) -> int | None:
    """How many more proposals this user may support in `process`: None when there is no per-participant limit
    (or for anonymous visitors), never below 0. `process` carries its support settings."""
    from .models import support_settings_for

    if user is None or not user.is_authenticated or process is None:
        return None
    limit = support_settings_for(process).supports_per_user
    if limit is None:
        return None
    return max(limit - user_support_count(user=user, process=process), 0)


def forget_user_supports(user):
    """Drop the per-request cache after a write, so the next read sees it."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def note_user_support(user, proposal, *, supported):
    """After a write made under the user's row lock: the per-request cache, when it was read under that lock (see
    services._lock), gains or loses the proposal instead of being read again."""
    cache = getattr(user, _CACHE_ATTR, None)
    if cache and proposal.process_id in cache:
        ids = cache[proposal.process_id]
        cache[proposal.process_id] = ids | {proposal.pk} if supported else ids - {proposal.pk}


def supports_of(*, user):
    """A participant's supports, newest first, for the data export."""
    return Support.objects.filter(user=user).select_related("proposal", "process").order_by("-created_at", "-pk")
