"""@nickname mentions: found when a comment is saved, turned into profile links when it is shown."""

import re

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

# Same alphabet as accounts.models.nickname_validator; not preceded by a word character (e-mail addresses).
MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])")


def mentioned_nicknames(body):
    return {match.lower() for match in MENTION_RE.findall(body or "")}


def mentioned_users(body, *, exclude=None):
    """Active, non-deleted users whose nickname is @mentioned in `body` (case-insensitive)."""
    nicknames = mentioned_nicknames(body)
    if not nicknames:
        return []
    users = (
        get_user_model()
        .objects.annotate(nickname_lower=Lower("nickname"))
        .filter(nickname_lower__in=nicknames, is_active=True, deleted_at__isnull=True)
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users)


def render_body(body, users):
    """Escape the text, link the stored mentions to their profile, keep line breaks. Nothing else is linked."""
    by_nickname = {user.nickname.lower(): user for user in users}
    escaped = escape(body or "")

    def link(match):
        user = by_nickname.get(match.group(1).lower())
        if user is None:
            return match.group(0)
        url = reverse("accounts:profile", kwargs={"nickname": user.nickname})
        return f'<a class="comment-mention" href="{escape(url)}">@{escape(user.nickname)}</a>'

    return mark_safe(linebreaks(MENTION_RE.sub(link, escaped), autoescape=False))  # noqa: S308 - escaped above
