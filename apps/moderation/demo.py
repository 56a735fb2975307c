"""Demo moderation: a comment reported three times (it hid itself) whose hiding the moderator confirmed with a
justification, and a pending report on a proposal, so the moderator's login has something to do.

Reports and decisions go through the real services (rules, counters, audit entries, notifications). Targets come
from the context (the comments demo's advertisement) and the content contract; no content app is imported.
Idempotent: skipped when the process already has moderation items.
"""

from django.contrib.auth.models import AnonymousUser

from apps.core import content
from apps.core.content import Capability

from . import services
from .models import ModeratedItem, Report


def _a_public_proposal(process, *, not_by):
    for entry in content.registered(Capability.REPORTABLE):
        if entry.hideable and entry.has(Capability.FOLLOWABLE):  # the process's own content, not its comments
            found = entry.visible_to(AnonymousUser(), process).exclude(author_id=not_by.pk).order_by("pk").first()
            if found is not None:
                return found
    return None


def seed(context):
    process = context.get("processes", {}).get("budget")
    users = context.get("users", {})
    if process is None or ModeratedItem.objects.filter(process=process).exists():
        return
    if not all(key in users for key in ("camille", "karim", "evaluator", "moderator")):
        return
    spam = context.get("moderation", {}).get("spam_comment")
    if spam is not None:
        for key, reason in (
            ("camille", Report.Reason.SPAM),
            ("karim", Report.Reason.SPAM),
            ("evaluator", Report.Reason.OFF_TOPIC),
        ):
            services.report_create(user=users[key], target=spam, reason=reason, text="")
        item = ModeratedItem.objects.get(object_id=spam.pk, content_type__model=spam._meta.model_name)
        services.item_hide(
            actor=users["moderator"],
            item=item,
            justification="Publicité sans rapport avec le projet : la charte de participation interdit la "
            "promotion commerciale.",
        )
    proposal = _a_public_proposal(process, not_by=users["camille"])
    if proposal is not None:
        services.report_create(
            user=users["camille"],
            target=proposal,
            reason=Report.Reason.OFF_TOPIC,
            text="Cette idée concerne la commune voisine, pas Villeneuve.",
        )
