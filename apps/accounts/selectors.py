"""Reads about participants: public activity (from each app that registers a source), aggregated demographics."""

from django.db.models import Count, F
from django.utils.translation import gettext as _

from .models import Demographics, User

_ACTIVITY_SOURCES = []


def register_activity_source(func):
    """`func(user)` returns a list of dicts with keys: date, label, url."""
    _ACTIVITY_SOURCES.append(func)


def public_activity(*, user, limit=20):
    items = []
    for source in _ACTIVITY_SOURCES:
        items.extend(source(user))
    items.sort(key=lambda item: item["date"], reverse=True)
    return items[:limit]


def user_with_extensions(*, user):
    """A fresh copy of `user` joined with the one-to-one rows apps keep about them (demographics, notification
    preference...), in one query. The settings forms edit it, so an invalid form leaves request.user as it was."""
    extensions = [rel.get_accessor_name() for rel in User._meta.related_objects if rel.one_to_one]
    return User.objects.select_related(*extensions).get(pk=user.pk)


def demographics_of(*, user):
    """The user's optional answers: their row, or an empty unsaved one (reading writes nothing)."""
    try:
        return user.demographics
    except Demographics.DoesNotExist:
        return Demographics(user_id=user.pk)


# Groups smaller than this are never shown on their own (small-cell suppression).
SMALL_CELL_THRESHOLD = 5


def _suppressed(rows, threshold):
    """Keep groups of at least `threshold` people; fold the others into `hidden`.

    When exactly one group is too small, the next smallest is folded in too (secondary suppression), so that
    the small group's size cannot be worked out from the total.
    """
    rows = sorted((row for row in rows if row["count"]), key=lambda row: (-row["count"], str(row["value"])))
    hidden = [row for row in rows if row["count"] < threshold]
    shown = [row for row in rows if row["count"] >= threshold]
    if len(hidden) == 1 and shown:
        hidden.append(shown.pop())
    return {"groups": shown, "hidden": sum(row["count"] for row in hidden)}


def demographics_summary(*, users_queryset, threshold=SMALL_CELL_THRESHOLD):
    """Aggregated counts of the optional demographics of `users_queryset`: never one person's answers.

    Returns {"total", "threshold", "gender", "birth_decade", "socio_professional_category"}; each dimension is
    {"groups": [{"value", "label", "count"}], "hidden": n}, groups sorted by count, the biggest first. People who
    gave no answer form the group whose value is "" (or None for the decade). Groups of fewer than `threshold`
    people are counted only in `hidden`.
    """
    queryset = users_queryset.order_by()
    not_given = _("Not given")
    total = queryset.count()

    def counts(field):
        """{answer: count} of the users' Demographics `field`; no row and an empty answer are both None."""
        totals = {}
        for row in queryset.values(answer=F(f"demographics__{field}")).annotate(count=Count("pk")).order_by():
            answer = row["answer"] or None
            totals[answer] = totals.get(answer, 0) + row["count"]
        return totals

    def by_choice(field, choices):
        labels = dict(choices)
        return [
            {"value": answer or "", "label": str(labels.get(answer, not_given)), "count": count}
            for answer, count in counts(field).items()
        ]

    decades = {}
    for year, count in counts("birth_year").items():
        decade = year // 10 * 10 if year else None
        decades[decade] = decades.get(decade, 0) + count
    decade_rows = [
        {"value": decade, "label": _("%(decade)ss") % {"decade": decade} if decade else not_given, "count": count}
        for decade, count in decades.items()
    ]

    return {
        "total": total,
        "threshold": threshold,
        "gender": _suppressed(by_choice("gender", Demographics.Gender.choices), threshold),
        "birth_decade": _suppressed(decade_rows, threshold),
        "socio_professional_category": _suppressed(
            by_choice("socio_professional_category", Demographics.SocioProfessionalCategory.choices), threshold
        ),
    }


def profile_visible_to(user, process=None):
    """The public profiles `user` may see (every account not deleted): the queryset twin of accounts.view_profile."""
    return User.objects.filter(deleted_at__isnull=True)


NICKNAME_SEARCH_MIN = 2


def nickname_search(*, prefix, limit=8):
    """Active participants whose nickname starts with `prefix` (case-insensitive), shortest first: the @mention
    suggestions. Fewer than NICKNAME_SEARCH_MIN characters find nobody."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Length

    prefix = (prefix or "").strip()
    if len(prefix) < NICKNAME_SEARCH_MIN:
        return []
    users = get_user_model().objects.filter(
        nickname__istartswith=prefix, is_active=True, deleted_at__isnull=True
    )
    return list(users.order_by(Length("nickname"), "nickname").values_list("nickname", flat=True)[:limit])
