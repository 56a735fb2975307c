"""Demo comments on the budget process's public content (its proposals). Idempotent: skipped when comments exist.

The targets come from the content contract (what an anonymous visitor sees of each commentable type), so this
app names no content app.

Comments are stored with `comment_store` (the service's bookkeeping without its permission check), so the demo
does not depend on today's phase and counters, mentions and notifications are exactly as in real use.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.core import content
from apps.core.content import Capability

from .models import Comment
from .services import comment_store

# (author key, opinion, body, replies [(author key, opinion, body, replies)])
THREADS = [
    [
        (
            "karim",
            "in_favour",
            "Très bonne idée ! Je passe par là tous les jours à vélo et il manque vraiment d'ombre l'été.",
            [
                (
                    "lea",
                    "neutral",
                    "D'accord sur le principe, mais qui s'occupera de l'arrosage des arbres ?",
                    [
                        (
                            "camille",
                            "in_favour",
                            "@lea la mairie a un contrat d'entretien des espaces verts, "
                            "ce serait inclus d'après l'agent rencontré en réunion publique.",
                            [],
                        ),
                    ],
                ),
            ],
        ),
        (
            "lea",
            "against",
            "Le budget me semble élevé pour ce quartier.\nNe pourrait-on pas commencer par une seule rue ?",
            [],
        ),
    ],
    [
        (
            "camille",
            "in_favour",
            "Les enfants de l'école voisine en profiteraient directement. Je soutiens !",
            [("karim", "in_favour", "Pareil, et les parents pourraient s'asseoir en attendant la sortie.", [])],
        ),
        ("karim", "neutral", "Est-ce que le terrain appartient bien à la commune ?", []),
    ],
]

# An advertisement, which the moderation demo reports and hides (see apps/moderation/demo.py).
SPAM = ("lea", "neutral", "Promo exceptionnelle sur les trottinettes électriques !!! Écrivez-moi pour le prix.")


def _create(*, target, process, author, opinion, body, parent=None):
    # The service's bookkeeping (counters, mentions, notifications) without its phase check.
    return comment_store(target=target, process=process, parent=parent, author=author, body=body, opinion=opinion)


def _seed_thread(entries, *, users, target, process, parent=None, created=None):
    """Store the thread depth first; returns the comments in the order they were written."""
    created = [] if created is None else created
    for author_key, opinion, body, replies in entries:
        author = users.get(author_key)
        if author is None:
            continue
        comment = _create(
            target=target,
            process=process,
            author=author,
            opinion=opinion,
            body=body,
            parent=parent,
        )
        created.append(comment)
        _seed_thread(replies, users=users, target=target, process=process, parent=comment, created=created)
    return created


def _spread_dates(comments, target):
    """Date the comments over the days after the target was published (a reply after what it answers), never in
    the future, instead of all at the seeding minute."""
    now = timezone.now()
    start = getattr(target, "published_at", None) or getattr(target, "created_at", None) or now - timedelta(days=7)
    step = max((now - start) / (len(comments) + 1), timedelta(minutes=10))
    for position, comment in enumerate(comments, start=1):
        # Whole hours and minutes that vary from one comment to the next, as people write when they can.
        when = min(start + step * position + timedelta(minutes=(comment.pk * 37) % 180), now)
        Comment.objects.filter(pk=comment.pk).update(created_at=when, updated_at=when)


def _public_targets(process, limit):
    visitor = AnonymousUser()
    found = []
    for entry in content.registered(Capability.COMMENTABLE):
        found.extend(entry.visible_to(visitor, process).order_by("pk")[: limit - len(found)])
    return found[:limit]


def seed(context):
    process = context.get("processes", {}).get("budget")
    users = context.get("users", {})
    if process is None or Comment.objects.filter(process=process).exists():
        return
    targets = _public_targets(process, len(THREADS))
    for target, entries in zip(targets, THREADS, strict=False):
        comments = _seed_thread(entries, users=users, target=target, process=process)
        _spread_dates(comments, target)
    author, opinion, body = SPAM
    if targets and users.get(author):
        spam = _create(target=targets[-1], process=process, author=users[author], opinion=opinion, body=body)
        _spread_dates([spam], targets[-1])
        context.setdefault("moderation", {})["spam_comment"] = spam
