"""The participatory-content contract: what the generic apps may know about a kind of content.

Proposals today, budget projects, events and results tomorrow are "content": they belong to a process, have a
page and a title, are visible to some users and not others, and may be commented on, followed, reported,
exported or searched. Each content app describes its models ONCE, in its `AppConfig.ready()`:

    register_content(
        Proposal,
        process=lambda proposal: proposal.process,
        url=lambda proposal: proposal.get_absolute_url(),
        title=lambda proposal: proposal.title,
        author=lambda proposal: proposal.author_id,
        visible_to=selectors.proposal_visible_to,      # (user, process=None) -> queryset
        view_perm="proposals.view_proposal",             # the same answer as visible_to, for one object
        comment_perm="proposals.comment_proposal",       # asked by comments.add_comment
        follow_perm="proposals.follow_proposal",         # asked by notifications.follow_target
        capabilities={Capability.COMMENTABLE, Capability.FOLLOWABLE, ...},
        pipeline=StatusPipeline(Proposal.TRANSITIONS, ...),
        select_related=("process",),
        set_hidden=services.proposal_set_hidden,        # moderation hides/unhides through it (see below)
        by_author=lambda user_id: Proposal.objects.filter(author_id=user_id),
        search=selectors.proposal_search,               # SEARCHABLE: (*, user, query, language=None) -> queryset
        search_highlight=selectors.proposal_search_highlight,  # optional: marks the matches of a page of results
    )

Search (the site-wide search page, apps/search): a SEARCHABLE content registers `search(*, user, query,
language=None)`, the queryset of what `user` may see matching `query`, best match first (apps/core/search.py's
`text_search` does the PostgreSQL full-text search or the icontains fallback), and may register
`search_highlight(objects, *, query, language=None)`, which sets `headline` (safe HTML, the matches in <mark>) on
each object of a page of results. `search_label` names the kind of content in the results ("Proposals").

Hiding (moderation): a REPORTABLE content that can be hidden keeps its own public state in two fields,
`hidden_at` (null: shown) and `hidden_reason` (the moderators' justification, shown to the author), so its
lists filter on a column, without a join; its `visible_to` and view rule leave hidden items out for everyone
but the author and the process's staff. It registers `set_hidden(obj, *, hidden_at, reason)`, its own service
that writes both fields and adjusts its counters, and `by_author(user_id)`, the queryset of one person's items
(to hide all of a blocked user's content at once). Content without `set_hidden` (user profiles) can be
reported but not hidden.

The generic apps (comments, notifications, and the coming moderation, exports, search and back-office) use
only the lookups below and the named rules they point to; they never import a content app:

- `content_for(model_or_obj)`: the registration (a `Content`), or None;
- `registered(capability=None)`: every registration, or those with a capability;
- `is_visible(user, obj)`: the content's view rule (`<app>.view_<model>`);
- `get_visible_or_404(*, content_type_id, object_id, user, capability)`: load a target named in a URL or a
  form, refusing (404) unregistered models, a missing capability and anything the user may not see
  (`get_or_404` skips the last test, for callers that ask a rule which says why not).

`StatusPipeline` holds a content type's allowed status moves as data ({from: (to, ...)}); its `check()` raises
a ValidationError with a translated sentence ("A proposal cannot go from Withdrawn to Draft.") for any move not
in the table. The content app's `<model>_status_set` service is the only writer of the status and calls it.

This module is the kernel side of the contract: it imports no other app of the project.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .permissions import is_allowed


class Capability(models.TextChoices):
    COMMENTABLE = "commentable", _("Commentable")
    FOLLOWABLE = "followable", _("Followable")
    REPORTABLE = "reportable", _("Reportable")
    EXPORTABLE = "exportable", _("Exportable")
    SEARCHABLE = "searchable", _("Searchable")


class StatusPipeline:
    """The allowed status moves of one content type, as data.

    `transitions` maps a status to the statuses it may move to; anything else is refused. `choices` is the
    status TextChoices (for the labels in messages); `message` may name the model in a translatable sentence
    with %(from)s and %(to)s placeholders.
    """

    def __init__(self, transitions, *, choices, field="status", message=None, initial=None):
        self.transitions = {str(source): tuple(str(t) for t in targets) for source, targets in transitions.items()}
        self.choices = choices
        self.field = field
        self.message = message or _("This cannot go from %(from)s to %(to)s.")
        # The statuses a new object may start in (the first key of the table when not given).
        self.initial = tuple(str(s) for s in (initial or list(transitions)[:1]))

    def label(self, status):
        try:
            return str(self.choices(status).label)
        except ValueError:
            return str(status)

    def allowed(self, status):
        """The statuses `status` may move to."""
        return self.transitions.get(str(status), ())

    def can(self, source, target):
        return str(target) in self.allowed(source)

    def check(self, source, target):
        if not self.can(source, target):
            raise ValidationError(
                {self.field: self.message % {"from": self.label(source), "to": self.label(target)}},
                code="forbidden_transition",
            )

    def check_initial(self, status):
        if str(status) not in self.initial:
            labels = ", ".join(self.label(s) for s in self.initial)
            raise ValidationError(
                {self.field: _("A new item must start as one of: %(statuses)s.") % {"statuses": labels}},
                code="forbidden_initial_status",
            )

    def pairs(self):
        """Every (from, to) pair of distinct statuses, allowed or not (for tests and documentation)."""
        values = [str(v) for v in self.choices.values]
        return [(a, b) for a in values for b in values if a != b]


@dataclass(frozen=True)
class Content:
    """One registered content type. See the module docstring for the meaning of each field."""

    model: type
    process: object
    url: object
    title: object
    visible_to: object
    view_perm: str
    author: object = None
    comment_perm: str | None = None
    follow_perm: str | None = None
    capabilities: frozenset = field(default_factory=frozenset)
    pipeline: StatusPipeline | None = None
    select_related: tuple = ()
    set_hidden: object = None
    by_author: object = None
    search: object = None
    search_highlight: object = None
    search_label: object = None
    # The relation from the model to its process ("budget__process" for a budget's project): consumers ask for
    # "process__..." in `queryset(...)` whatever the model.
    process_path: str = "process"

    @property
    def hideable(self):
        return self.set_hidden is not None

    @property
    def label(self):
        return self.model._meta.label_lower

    def has(self, capability):
        return capability in self.capabilities

    def process_of(self, obj):
        return self.process(obj)

    def url_of(self, obj):
        return self.url(obj)

    def title_of(self, obj):
        return str(self.title(obj))

    def author_id_of(self, obj):
        if self.author is None:
            return None
        author = self.author(obj)
        return getattr(author, "pk", author)

    def queryset(self, *extra_related):
        extra = [
            self.process_path + name.removeprefix("process") if name.split("__")[0] == "process" else name
            for name in extra_related
        ]
        return self.model._default_manager.select_related(*self.select_related, *extra)


_REGISTRY = {}


def register_content(
    model,
    *,
    process,
    url,
    title,
    visible_to,
    view_perm,
    author=None,
    comment_perm=None,
    follow_perm=None,
    capabilities=(),
    pipeline=None,
    select_related=(),
    set_hidden=None,
    by_author=None,
    process_path="process",
    search=None,
    search_highlight=None,
    search_label=None,
):
    """Describe a content model once, from its app's `AppConfig.ready()`."""
    label = model._meta.label_lower
    if label in _REGISTRY:
        raise ImproperlyConfigured(f"{label} is already registered as content")
    capabilities = frozenset(Capability(c) for c in capabilities)
    if Capability.COMMENTABLE in capabilities and not comment_perm:
        raise ImproperlyConfigured(f"{label} is commentable: give its comment_perm (e.g. app.comment_model)")
    if Capability.SEARCHABLE in capabilities and search is None:
        raise ImproperlyConfigured(f"{label} is searchable: give its search(*, user, query, language=None)")
    entry = Content(
        model=model,
        process=process,
        url=url,
        title=title,
        visible_to=visible_to,
        view_perm=view_perm,
        author=author,
        comment_perm=comment_perm,
        follow_perm=follow_perm,
        capabilities=capabilities,
        pipeline=pipeline,
        select_related=tuple(select_related),
        set_hidden=set_hidden,
        by_author=by_author,
        process_path=process_path,
        search=search,
        search_highlight=search_highlight,
        search_label=search_label or model._meta.verbose_name_plural,
    )
    _REGISTRY[label] = entry
    return entry


def unregister_content(model):
    """For tests that register a throw-away model."""
    _REGISTRY.pop(model._meta.label_lower, None)


def content_for(model_or_obj):
    """The registration of a model (or of an object's model), or None."""
    if model_or_obj is None:
        return None
    return _REGISTRY.get(model_or_obj._meta.label_lower)


def registered(capability=None):
    """Every registration, or those having `capability`, in registration order."""
    return [c for c in _REGISTRY.values() if capability is None or c.has(capability)]


def has_capability(model_or_obj, capability):
    entry = content_for(model_or_obj)
    return entry is not None and entry.has(capability)


def is_visible(user, obj):
    """May `user` see `obj`? The content's own view rule; unregistered objects are never visible."""
    entry = content_for(obj)
    return entry is not None and is_allowed(entry.view_perm, user, obj)


def get_or_404(*, content_type_id, object_id, capability, select_related=()):
    """Load a registered target having `capability`, WITHOUT asking whether the user may see it; 404 otherwise.

    Callers ask a rule right after (follow asks the follow rule, which says why not); use get_visible_or_404
    when nothing may be said about an object the user cannot see.
    """
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
        object_id = int(object_id)
    except (ContentType.DoesNotExist, ValueError, TypeError, OverflowError) as missing:
        raise Http404 from missing
    model = content_type.model_class()
    entry = content_for(model) if model is not None else None
    if entry is None or not entry.has(capability):
        raise Http404
    try:
        return entry.queryset(*select_related).get(pk=object_id)
    except (model.DoesNotExist, OverflowError) as missing:
        raise Http404 from missing


def get_visible_or_404(*, content_type_id, object_id, user, capability, select_related=()):
    """Load a registered target having `capability` that `user` may see; 404 for anything else."""
    target = get_or_404(
        content_type_id=content_type_id, object_id=object_id, capability=capability, select_related=select_related
    )
    if not is_visible(user, target):
        raise Http404
    return target
