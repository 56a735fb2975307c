"""Demo comments on the budget process's published proposals. Idempotent: skipped when comments exist.

Rows are written directly (not through services) so the demo does not depend on today's phase, but the
counters are kept exactly as the services keep them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from apps.notifications.services import notify_comment_created

from .mentions import mentioned_users
from .models import Comment

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


def _create(*, target, content_type, process, author, opinion, body, parent=None):
    comment = Comment.objects.create(
        content_type=content_type,
        object_id=target.pk,
        process=process,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        author=author,
        opinion=opinion,
        body=body,
    )
    comment.mentions.set(mentioned_users(body, exclude=author))
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    type(target).objects.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
    # Followers, replied-to authors and mentioned people get their in-app notifications, as in real life.
    notify_comment_created(comment=comment)
    return comment


def _seed_thread(entries, *, users, target, content_type, process, parent=None):
    for author_key, opinion, body, replies in entries:
        author = users.get(author_key)
        if author is None:
            continue
        comment = _create(
            target=target,
            content_type=content_type,
            process=process,
            author=author,
            opinion=opinion,
            body=body,
            parent=parent,
        )
        _seed_thread(replies, users=users, target=target, content_type=content_type, process=process, parent=comment)


def seed(context):
    try:
        from apps.proposals.models import Proposal
    except ImportError:  # pragma: no cover
        return
    process = context.get("processes", {}).get("budget")
    users = context.get("users", {})
    if process is None or Comment.objects.filter(process=process).exists():
        return
    proposals = list(Proposal.objects.filter(process=process, status="published").order_by("pk")[: len(THREADS)])
    if not proposals:
        return
    content_type = ContentType.objects.get_for_model(Proposal)
    for proposal, entries in zip(proposals, THREADS, strict=False):
        _seed_thread(entries, users=users, target=proposal, content_type=content_type, process=process)
