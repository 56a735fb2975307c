import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from apps.core.figures import extra_key_figures

from .models import Phase, Process, ProcessRole, SitePage, process_extensions

TERMS_CACHE_KEY = "spaces:current-terms-version"


# Every signed-in vote or support request asks the terms version (the rules' "accepted the current terms"), and each
# ask was a round trip to Redis. Each process also keeps the answer for TERMS_VERSION_LOCAL_SECONDS (a few seconds):
# new terms reach the process that published them at once (forget_terms_version) and the others within that time.
# One (version, until) pair, replaced whole: a thread reads the old pair or the new one, never half of each.
_local_terms = [(None, 0.0)]


def current_terms_version():
    seconds = settings.TERMS_VERSION_LOCAL_SECONDS
    if seconds:
        version, until = _local_terms[0]
        if until > time.monotonic():
            return version
    version = cache.get(TERMS_CACHE_KEY)
    if version is None:
        version = SitePage.objects.filter(slug=SitePage.Kind.TERMS).values_list("version", flat=True).first() or ""
        cache.set(TERMS_CACHE_KEY, version, 60)
    if seconds:
        _local_terms[0] = (version, time.monotonic() + seconds)
    return version


def forget_terms_version():
    """After the terms page changed: read again, by this process at once, by the others within
    TERMS_VERSION_LOCAL_SECONDS."""
    _local_terms[0] = (None, 0.0)
    cache.delete(TERMS_CACHE_KEY)


def terms_version_seen_by(user):
    """current_terms_version(), asked once per user object: a list page asks whether its visitor accepted the terms
    for each card's support button, and each ask was a round trip to the cache (Redis in production)."""
    version = getattr(user, "_pb_terms_version", None)
    if version is None:
        version = current_terms_version()
        user._pb_terms_version = version
    return version


_ROLES_SQL = f'SELECT "process_id", "role" FROM "{ProcessRole._meta.db_table}" WHERE "user_id" = %s'


def roles_of(user):
    """{process_id: {role, ...}} for this user, loaded once per user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_pb_process_roles", None)
    if cached is None:
        cached = {}
        # Asked on every page of a signed-in visitor (the rules, the back-office link): as SQL, a third of the CPU
        # of the ORM's values_list (bench/voting.py).
        with connection.cursor() as cursor:
            cursor.execute(_ROLES_SQL, [user.pk])
            for process_id, role in cursor.fetchall():
                cached.setdefault(process_id, set()).add(role)
        user._pb_process_roles = cached
    return cached


def has_verified_email(user):
    """Whether the user confirmed an e-mail address; asked once per user object (a list asks it per row)."""
    cached = getattr(user, "_pb_verified_email", None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._pb_verified_email = cached
    return cached


def user_administers_any_process(*, user):
    return any(ProcessRole.Role.ADMIN in roles for roles in roles_of(user).values())


def user_has_any_process_role(*, user):
    """Administrator, evaluator or moderator of at least one process."""
    return any(roles_of(user).values())


def processes_administered_by(*, user):
    if not user.is_authenticated:
        # The admin's log-in page asks this for anonymous visitors.
        return Process.objects.none()
    if user.is_superuser:
        return Process.objects.all()
    return Process.objects.filter(roles__user=user, roles__role=ProcessRole.Role.ADMIN).distinct()


def _with_phases(queryset):
    return queryset.prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start_date", "pk")))


def process_list_public():
    return _with_phases(Process.objects.filter(is_published=True)).order_by("-start_date", "pk")


class ProcessState(models.TextChoices):
    """The process list's filter (its `state` query parameter)."""

    OPEN = "open", pgettext_lazy("process state", "Open")
    UPCOMING = "upcoming", pgettext_lazy("process state", "Upcoming")
    FINISHED = "finished", pgettext_lazy("process state", "Finished")


def processes_in_state(state):
    """Published processes open today, starting later or over; any other `state` gives them all."""
    today = timezone.localdate()
    processes = process_list_public()
    if state == ProcessState.OPEN:
        return processes.filter(start_date__lte=today, end_date__gte=today)
    if state == ProcessState.UPCOMING:
        return processes.filter(start_date__gt=today).order_by("start_date", "pk")
    if state == ProcessState.FINISHED:
        return processes.filter(end_date__lt=today).order_by("-end_date", "pk")
    return processes


def open_processes():
    today = timezone.localdate()
    return process_list_public().filter(start_date__lte=today, end_date__gte=today)


def upcoming_phases(*, limit=5):
    today = timezone.localdate()
    return (
        Phase.objects.filter(process__is_published=True, start_date__gt=today)
        .select_related("process")
        .order_by("start_date", "pk")[:limit]
    )


def process_detail(*, slug):
    """The process with what its pages show, and every feature's settings joined (no query when a page reads them)."""
    # Themes and categories hang off the process by their related names; reaching their model through the
    # relation keeps spaces from importing taxonomy (which builds on spaces).
    themes = Process._meta.get_field("themes").related_model.objects
    categories = Process._meta.get_field("categories").related_model.objects
    return (
        _with_phases(Process.objects.select_related(*process_extensions()))
        .prefetch_related(
            Prefetch("themes", queryset=themes.order_by("position", "pk")),
            Prefetch(
                "categories",
                queryset=categories.filter(parent__isnull=True)
                .prefetch_related("children")
                .order_by("position", "pk"),
                to_attr="top_categories",
            ),
            "pages",
        )
        .get(slug=slug)
    )


def process_for_reading(*, slug):
    """process_detail() for a GET: kept in the page cache's store until the site's or the process's version changes
    (every write of a process, its phases, settings, pages or taxonomy bumps one: the admin bumps the site).
    Raises Process.DoesNotExist as process_detail() does (a missing slug is not kept)."""
    from apps.core.pagecache import read_through

    return read_through(f"spaces:process:{slug}", lambda: process_detail(slug=slug), process_slug=slug)


def key_figures():
    return {
        "processes": Process.objects.filter(is_published=True).count(),
        "participants": get_user_model().objects.filter(is_active=True, deleted_at__isnull=True).count(),
        "extra": extra_key_figures(),
    }


def visible_process_q(user, *, prefix="process"):
    """A Q on `<prefix>` matching the processes `user` may see: the queryset side of spaces.view_process
    (published, or administered by the user; every process for a site administrator). No extra query."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    published = Q(**{f"{prefix}__is_published": True})
    if not user.is_authenticated:
        return published
    administered = ProcessRole.objects.filter(process=OuterRef(prefix), user=user, role=ProcessRole.Role.ADMIN)
    return published | Q(Exists(administered))


def moderated_process_q(user, *, prefix="process"):
    """A Q on `<prefix>` matching the processes `user` moderates (moderator or administrator; every process for a
    site administrator): they still see what the moderators hid there. No extra query."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(**{f"{prefix}__isnull": False})
    roles = ProcessRole.objects.filter(
        process=OuterRef(prefix), user=user, role__in=[ProcessRole.Role.ADMIN, ProcessRole.Role.MODERATOR]
    )
    return Q(Exists(roles))
