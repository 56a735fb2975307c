"""Reads for proposals: lists with a constant number of queries, similar proposals, random order per visitor."""

import hashlib
import math
import re
import secrets
import unicodedata

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Exists, ExpressionWrapper, FloatField, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import SliceReadable
from apps.core.prepared import PreparedQuery
from apps.core.search import RankedWindow, highlight, text_search
from apps.spaces.selectors import moderated_process_q, visible_process_q

from .models import RANDOM_KEY_SPAN, Proposal, ProposalAttachment, proposal_settings_for

SIMILAR_CANDIDATES = 500  # the Python fallback never scores more rows than this
SIMILAR_MIN_SCORE = 0.2
SIMILAR_MIN_TRIGRAM = 0.3
SIMILAR_CANDIDATES_TRIGRAM = 30  # PostgreSQL scores the descriptions of the closest titles only
SIMILAR_TITLE_THRESHOLD = 0.35  # PostgreSQL: the title similarity (pg_trgm) a candidate needs


def proposal_visible_to(user, process=None):
    """The proposals `user` may see: the queryset twin of the `proposals.view_proposal` rule (the contract test
    checks they agree). Published and withdrawn proposals of a process the user may see; one's own drafts.
    Proposals hidden by the moderators only for their author and the process's moderators and administrators."""
    queryset = Proposal.objects.all()
    if process is not None:
        queryset = queryset.filter(process=process)
    shown = Q(hidden_at__isnull=True)
    if user.is_authenticated and user.is_superuser:
        shown = Q()  # (an empty Q in an OR would be dropped, not read as "everything")
    elif user.is_authenticated:
        shown |= Q(author=user) | moderated_process_q(user)
    condition = ~Q(status=Proposal.Status.DRAFT) & visible_process_q(user) & shown
    if user.is_authenticated:
        condition |= Q(status=Proposal.Status.DRAFT, author=user)
    return queryset.filter(condition)


def with_viewer_support(queryset, *, user):
    """Annotate `is_supported` for the viewer, through the reverse relation (no import of the supports app)."""
    if not user.is_authenticated:
        return queryset.annotate(is_supported=Value(False))
    return queryset.annotate(is_supported=Exists(Proposal.objects.filter(pk=OuterRef("pk"), supports__user=user)))


def counted_proposals_of(*, user, process):
    """How many proposals count against the per-participant limit (published and withdrawn, not drafts)."""
    return Proposal.objects.public().filter(process=process, author=user).count()


def public_proposal_count(*, process):
    return Proposal.objects.shown().filter(process=process).count()


def drafts_of(*, user, process):
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(process=process, author=user, status=Proposal.Status.DRAFT).order_by("-updated_at")


def _with_relations(queryset):
    return queryset.select_related("author", "category__parent", "theme")


def proposal_list_base(*, process, user):
    """The listed (published and withdrawn) proposals of a process this user may see, with everything a card
    shows, including whether the viewer supports each one (no query per row). Hidden proposals leave public lists
    (and so the map and the search, which filter this list) for everyone, their author included."""
    # proposal_visible_to(user, process).shown(), written out: of what the viewer may see, the shown rows are those of
    # a process they may see. No condition on the author, so every row is decided by the list's indexes alone.
    listed = Proposal.objects.shown().filter(visible_process_q(user))
    if process is not None:
        listed = listed.filter(process=process)
    return with_viewer_support(_with_relations(listed), user=user)


def attach_card_images(proposals):
    """Give each proposal of a page its first image as `card_image` (None without one): one query per page."""
    proposals = list(proposals)
    first = {}
    images = ProposalAttachment.objects.filter(
        proposal__in=[p.pk for p in proposals], kind=ProposalAttachment.Kind.IMAGE
    ).order_by("proposal_id", "pk")
    for image in images:
        first.setdefault(image.proposal_id, image)
    for proposal in proposals:
        proposal.card_image = first.get(proposal.pk)
    return proposals


def _detail_queryset(process_id, pk):
    proposals = Proposal.objects.filter(process_id=process_id, pk=pk)
    # Whether there are co-authors and files to read: most proposals have neither, and two EXISTS in this query
    # cost less than two queries.
    return (
        _with_relations(proposals)
        .select_related("merged_into", "review")
        .annotate(
            has_coauthors=Exists(Proposal.coauthors.through.objects.filter(proposal_id=OuterRef("pk"))),
            has_attachments=Exists(ProposalAttachment.objects.filter(proposal_id=OuterRef("pk"))),
        )
    )


# The proposal page's reads, compiled once per process (apps/core/prepared.py): building and compiling them was
# about a third of the CPU of a proposal page rendered again.
_DETAIL_ANONYMOUS = PreparedQuery(
    lambda process_id, pk: _detail_queryset(process_id, pk).annotate(is_supported=Value(False))
)
_DETAIL_SIGNED_IN = PreparedQuery(
    lambda process_id, pk, user_id: _detail_queryset(process_id, pk).annotate(
        is_supported=Exists(Proposal.objects.filter(pk=OuterRef("pk"), supports__user_id=user_id))
    )
)
_COAUTHORS = PreparedQuery(
    lambda proposal_id: Proposal.coauthors.field.related_model.objects.filter(coauthored_proposals__id=proposal_id)
)
_ATTACHMENTS = PreparedQuery(
    lambda proposal_id: ProposalAttachment.objects.filter(proposal_id=proposal_id).order_by("pk")
)


def proposal_detail(*, process, pk, user):
    """The proposal with its relations, attachments and the viewer's support; raises Proposal.DoesNotExist.

    Visibility is asked by the caller (the view rule says why not)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as invalid:
        raise Proposal.DoesNotExist from invalid
    if user.is_authenticated:
        proposal = _DETAIL_SIGNED_IN.first(process_id=process.pk, pk=pk, user_id=user.pk)
    else:
        proposal = _DETAIL_ANONYMOUS.first(process_id=process.pk, pk=pk)
    if proposal is None:
        raise Proposal.DoesNotExist(f"No proposal {pk} in process {process.pk}")
    # As prefetch_related("coauthors") leaves it, from a compiled query.
    coauthors = proposal.coauthors.all()
    coauthors._result_cache = _COAUTHORS.list(proposal_id=proposal.pk) if proposal.has_coauthors else []
    coauthors._prefetch_done = True
    proposal._prefetched_objects_cache = {"coauthors": coauthors}
    proposal.process = process  # reuse the process already loaded with its phases
    proposal.attachment_list = _ATTACHMENTS.list(proposal_id=proposal.pk) if proposal.has_attachments else []
    return proposal


def in_theme_q(theme):
    """Proposals of a theme: filed under it, or under one of its categories (or their sub-categories)."""
    return Q(theme=theme) | Q(category__theme=theme) | Q(category__parent__theme=theme)


def theme_proposals(*, process, theme, user):
    """The listed proposals of one theme (its page shows them): the list's filter by theme."""
    return proposal_list_base(process=process, user=user).filter(in_theme_q(theme))


RANDOM_ORDERS = 8  # the random orders of a day that anonymous visitors are shared out among (each cacheable)
RANDOM_ORDER_PARAM = "seed"  # the query parameter carrying a visitor's random order (0 to RANDOM_ORDERS - 1)


def visitor_seed(*, user, visitor_key=None, day=None):
    """A number fixed for one visitor on one day: the random order stays put while they browse.

    A signed-in visitor's own (their pages are never cached); `visitor_key` identifies anyone else.
    """
    day = day or timezone.localdate()
    visitor = f"user:{user.pk}" if user.is_authenticated else f"visitor:{visitor_key or ''}"
    digest = hashlib.sha256(f"{day.isoformat()}|{visitor}".encode()).hexdigest()
    return int(digest[:15], 16)


def random_order_seed(slot, *, day=None):
    """The seed of the day's random order number `slot` (0 to RANDOM_ORDERS - 1): anonymous visitors get one of
    these few orders, so each page of the list in random order is the same for a visitor in eight and is cached."""
    day = day or timezone.localdate()
    digest = hashlib.sha256(f"{day.isoformat()}|order:{slot}".encode()).hexdigest()
    return int(digest[:15], 16)


def random_order_slot(request):
    """The random order of this request: the one its links carry (?seed=), else one drawn for this visitor, who
    keeps it through the page's links. Remembered on the request, so the page cache's key and the view agree."""
    slot = getattr(request, "_random_order_slot", None)
    if slot is None:
        value = request.GET.get(RANDOM_ORDER_PARAM, "")
        if re.fullmatch(r"[0-9]{1,2}", value) and int(value) < RANDOM_ORDERS:
            slot = int(value)
        else:
            slot = secrets.randbelow(RANDOM_ORDERS)
        request._random_order_slot = slot
    return slot


def has_random_order_slot(request):
    """Does the request's URL carry a valid random order (?seed=)?"""
    value = request.GET.get(RANDOM_ORDER_PARAM, "")
    return bool(re.fullmatch(r"[0-9]{1,2}", value)) and int(value) < RANDOM_ORDERS


class RandomWalk(SliceReadable):
    """The proposals of `queryset` in a visitor's random order, read from the `proposal_list_random` index.

    Every proposal holds a `random_key` drawn when it was made. The seed picks a starting point on that key and a
    direction: the order runs from the start to the end of the key's range, then wraps around to the other side
    (key >= start ascending, then key < start ascending; or key <= start descending, then key > start descending).
    A page reads at most two short index ranges instead of ranking every row; the same seed gives the same order
    (stable across pages: nothing is missed or repeated), and each visitor starts elsewhere.

    It slices and counts like a queryset, which is all Paginator and the theme pages ask of it.
    """

    def __init__(self, queryset, *, seed):
        base = queryset.order_by()
        self.queryset = base
        start = seed % RANDOM_KEY_SPAN
        if (seed // RANDOM_KEY_SPAN) % 2:
            order = ("-random_key", "-pk")
            self.head = base.filter(random_key__lte=start).order_by(*order)
            self.tail = base.filter(random_key__gt=start).order_by(*order)
        else:
            order = ("random_key", "pk")
            self.head = base.filter(random_key__gte=start).order_by(*order)
            self.tail = base.filter(random_key__lt=start).order_by(*order)

    def count(self):
        return self.queryset.count()

    def count_at_most(self, limit):
        # In the index's order, so the database reads `limit` entries of it rather than the table's first rows.
        return self.queryset.order_by("random_key", "pk").values("pk")[:limit].count()

    def __len__(self):
        return self.count()

    def __iter__(self):
        yield from self.head.all()  # fresh copies: the querysets are never cached here
        yield from self.tail.all()

    def _rows(self, start, stop):
        rows = list(self.head[start:stop])
        if len(rows) == stop - start:
            return rows
        # The head ran out inside this slice (it holds start + len(rows) rows) or before it (count what it holds,
        # at most `start` rows).
        head_length = start + len(rows) if rows else self.head[:start].count()
        rows += list(self.tail[max(start - head_length, 0) : stop - head_length])
        return rows


class Sort(models.TextChoices):
    """The orders of the proposal list (its `order` query parameter), in the order the menu offers them."""

    RANDOM = "random", _("Random")
    SUPPORTS = "supports", _("Most supported")
    COMMENTS = "comments", _("Most commented")
    RECENT = "recent", _("Newest")


_ORDERINGS = {
    Sort.SUPPORTS: ("-support_count", "-published_at", "-pk"),
    Sort.COMMENTS: ("-comment_count", "-published_at", "-pk"),
    Sort.RECENT: ("-published_at", "-pk"),
}


def order_proposals(queryset, *, sort, seed=0):
    """Order by `sort` (a Sort value): an ordered queryset; anything else is the visitor's random order for `seed`
    (a RandomWalk, which slices and counts like one). Each order reads one of the list's indexes (models.Proposal)."""
    if sort in _ORDERINGS:
        return queryset.order_by(*_ORDERINGS[sort])
    return RandomWalk(queryset, seed=seed)


def _site_map_centre():
    try:
        lat, lng = (float(part) for part in settings.MAP_DEFAULT_CENTER.split(","))
    except ValueError:
        lat, lng = 50.6292, 3.0573
    return lat, lng


def map_defaults(*, process):
    """Where the maps of `process` open: {"lat", "lng", "zoom"}, from its proposal settings, else the site's
    MAP_DEFAULT_CENTER and MAP_DEFAULT_ZOOM."""
    lat, lng = _site_map_centre()
    zoom = settings.MAP_DEFAULT_ZOOM
    if process is not None:
        own = proposal_settings_for(process)
        if own.map_latitude is not None and own.map_longitude is not None:
            lat, lng = float(own.map_latitude), float(own.map_longitude)
        if own.map_zoom:
            zoom = own.map_zoom
    return {"lat": lat, "lng": lng, "zoom": zoom}


def map_points(queryset, *, limit=1000):
    """Markers for the map view: geolocated proposals only, one query, bounded."""
    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).order_by().values(
        "pk", "title", "latitude", "longitude", "reference", "status"
    )[:limit]
    return [
        {
            "id": row["pk"],
            "title": row["title"],
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
            "reference": row["reference"] or "",
            "withdrawn": row["status"] == Proposal.Status.WITHDRAWN,
        }
        for row in rows
    ]


# --- text search ------------------------------------------------------------------------------------------------

# PostgreSQL: the stored vectors search_fr/search_en/search_es (reference and title weigh A, the body B), built by
# the database (migration 0012) with a GIN index each. SQLite: icontains over these fields.
SEARCH_VECTOR = "search"
SEARCH_FIELDS = ("title", "reference", "body")
RELEVANCE = "relevance"  # the list's order when it is searched (unless another one is chosen)


def search_proposals(queryset, query, *, language=None):
    """`queryset` narrowed to the proposals matching `query` (French stemming, accents ignored on PostgreSQL; a
    reference such as PB-2026-0042 finds its proposal), annotated with `search_rank`."""
    return text_search(queryset, query, fields=SEARCH_FIELDS, vector=SEARCH_VECTOR, language=language)


def order_by_relevance(queryset):
    return queryset.order_by("-search_rank", "-published_at", "-pk")


def best_matches(matches, *, user, window):
    """The proposals of `matches` (a list searched with search_proposals, perhaps filtered further) best match first,
    ranking only the `window` newest of them (core.search.RankedWindow): a word found in half the proposals of a
    large process is not ranked 50,000 times for a page of 20 (the list says "1,000+" past its count cap anyway, and
    a second word narrows it). The rows carry what a card shows, as proposal_list_base's do."""
    rows = with_viewer_support(_with_relations(Proposal.objects.all()), user=user)
    return RankedWindow(matches, rows, window=window, order=("-published_at", "-pk"))


def proposal_search(*, user, query, language=None):
    """The site-wide search's proposals (the content contract's `search`): published or withdrawn, not hidden,
    in processes the user may see, best match first. Drafts are never found, not even by their author."""
    queryset = proposal_visible_to(user).shown().select_related("process")
    return order_by_relevance(search_proposals(queryset, query, language=language))


def proposal_search_highlight(proposals, *, query, language=None):
    """Each proposal of a page of results gets `headline`: its description with the matches marked (safe HTML)."""
    return highlight(proposals, query=query, field="body", model=Proposal, language=language)


# --- similar proposals -------------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas plus pour qu que qui sa se ses son sur ta te tes toi ton tu un
    une vos votre vous y ete etre avoir fait faire tres tout tous toute toutes comme aussi afin entre sans sous
    chez ici car donc alors quand bien peu ainsi cela ceci celle celui ceux
    the and for with this that from into onto our your their have has are was were will would should could
    about more most some such than then them they there these those what when where which while who why how
    """.split()
)

_TOKEN = re.compile(r"[a-z0-9]+")


def normalise_tokens(text):
    """Lower-case, accent-stripped words of 3+ letters minus stop words, with a crude plural strip."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    tokens = set()
    for word in _TOKEN.findall(plain):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if len(word) > 4 and word[-1] in "sx":
            word = word[:-1]
        tokens.add(word)
    return tokens


def _set_similarity(query, candidate):
    if not query or not candidate:
        return 0.0
    return len(query & candidate) / math.sqrt(len(query) * len(candidate))


def _similar_python(*, proposal, base, limit):
    query_title = normalise_tokens(proposal.title)
    query_all = query_title | normalise_tokens(proposal.body)
    scored = []
    for candidate in base.order_by("-published_at", "-pk")[:SIMILAR_CANDIDATES]:
        title_tokens = normalise_tokens(candidate.title)
        all_tokens = title_tokens | normalise_tokens(candidate.body)
        score = 0.6 * _set_similarity(query_title, title_tokens) + 0.4 * _set_similarity(query_all, all_tokens)
        if score >= SIMILAR_MIN_SCORE:
            candidate.similarity = round(score, 3)
            scored.append(candidate)
    scored.sort(key=lambda c: (-c.similarity, -c.pk))
    return scored[:limit]


def _similar_postgres(*, proposal, base, limit):
    """The candidates come from the GiST trigram index on the title (`title % :title`: pg_trgm's similarity over
    SIMILAR_TITLE_THRESHOLD), so no row of the table is read but theirs; they are then scored with the body too."""
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity

    title = proposal.title
    text = f"{proposal.title} {proposal.body}"[:2000]
    # The SIMILAR_CANDIDATES_TRIGRAM titles closest to this one, through the index (cheap: short strings); only
    # they are scored with the descriptions (the costly part), in the same query.
    closest = (
        base.filter(TrigramSimilar(models.F("title"), Value(title)))
        .annotate(title_similarity=TrigramSimilarity("title", title))
        .order_by("-title_similarity", "-pk")
        .values("pk")[:SIMILAR_CANDIDATES_TRIGRAM]
    )
    base = base.filter(pk__in=closest)
    # `title % :title` keeps the titles whose similarity passes pg_trgm's threshold, read by the index: raised
    # for this transaction only, so the index itself leaves out the many titles sharing a few common words.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(SIMILAR_TITLE_THRESHOLD)])
        return _best_similar(base, title=title, text=text, limit=limit)


def _best_similar(base, *, title, text, limit):
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

    score = ExpressionWrapper(
        TrigramSimilarity("title", title) * Value(0.5)
        + TrigramWordSimilarity(title, "body") * Value(0.3)
        + TrigramSimilarity("body", text) * Value(0.2),
        output_field=FloatField(),
    )
    # Best first: the threshold cuts the tail in Python rather than computing the score twice in SQL.
    best = base.annotate(similarity=score).order_by("-similarity", "-pk")[:limit]
    return [candidate for candidate in best if candidate.similarity >= SIMILAR_MIN_TRIGRAM * 0.5]


def similar_proposals(*, proposal, limit=5, user=None):
    """Published proposals of the same process close to this one (title + body), best first.

    PostgreSQL: pg_trgm similarity in the database, the candidates found through the title's trigram index
    (migration 0012). Elsewhere: word-set overlap over normalised,
    accent-stripped tokens minus stop words, computed in Python over at most SIMILAR_CANDIDATES rows.
    """
    base = _with_relations(
        Proposal.objects.filter(
            process_id=proposal.process_id, status=Proposal.Status.PUBLISHED, hidden_at__isnull=True
        ).exclude(pk=proposal.pk)
    )
    if user is not None:
        base = with_viewer_support(base, user=user)
    if connection.vendor == "postgresql":
        return _similar_postgres(proposal=proposal, base=base, limit=limit)
    return _similar_python(proposal=proposal, base=base, limit=limit)


# --- profile activity and data export -----------------------------------------------------------------------------


def published_proposals_of(*, user):
    return (
        Proposal.objects.shown().filter(author=user, process__is_published=True)
        .select_related("process")
        .order_by("-published_at")
    )


def proposals_for_export(*, user):
    return Proposal.objects.filter(author=user).select_related("process", "category", "theme").order_by("pk")


def site_proposal_count():
    """Published and withdrawn proposals of published processes (home page key figure)."""
    return Proposal.objects.shown().filter(process__is_published=True).count()
