"""Full-text search: PostgreSQL's ranked search over stored vectors, `icontains` on SQLite.

On PostgreSQL, a content table keeps one stored search vector per site language (`search_fr`, `search_en`,
`search_es`): a generated column built from its text with that language's text search configuration
(`pb_fr`, `pb_en`, `pb_es`: the language's stemmer after `unaccent`, so "ecoles" finds "École"), with a GIN
index. The columns are a database concern, created by the content app's migration (PostgreSQL only): they are
not model fields, so ordinary reads never load them. `text_search()` filters a queryset on the vector of the
current language with `websearch_to_tsquery` (quoted phrases, `or`, `-word`) and annotates `search_rank`.

Elsewhere (SQLite, or content without vectors) it falls back to `icontains` over the given fields, all of them
in every language for translated ones.

`highlight()` gives the matched words of a page of results between <mark> tags as safe HTML: PostgreSQL's
`ts_headline` marks the words with sentinel characters that user text cannot hold (they are removed from it
first), the result is escaped, then the sentinels become tags. Nothing of the user's text is ever marked safe
unescaped.

The migrations' SQL (`TEXT_SEARCH_SQL`, `vector_sql()`) lives here so each content app builds its vectors the
same way. This module imports no other app of the project.
"""

import re
import unicodedata

from django.conf import settings
from django.db import connection
from django.db.models import Expression, F, FloatField, Func, Q, TextField, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apps.core.pagination import SliceReadable
from apps.core.sanitize import html_to_text

# The site languages and the PostgreSQL text search configuration of each (built on unaccent).
CONFIGS = {"fr": ("pb_fr", "french"), "en": ("pb_en", "english"), "es": ("pb_es", "spanish")}
DEFAULT_LANGUAGE = "fr"
VECTOR = "search"  # the stored vectors' prefix: search_fr, search_en, search_es

START, STOP = "\ue000", "\ue001"  # private-use characters: the headline's markers before escaping
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
)
QUERY_MAX_LENGTH = 200


def _extension_sql():
    yield "CREATE EXTENSION IF NOT EXISTS unaccent"
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    for config, base in CONFIGS.values():
        yield (
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{config}') THEN "
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{base}); "
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {base}_stem; END IF; END $$"
        )


TEXT_SEARCH_SQL = list(_extension_sql())


def vector_sql(weighted_columns, config):
    """The SQL of a stored vector: `weighted_columns` is [(column, weight "A".."D"), ...]."""
    parts = [
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({column}, '')), '{weight}')"
        for column, weight in weighted_columns
    ]
    return " || ".join(parts)


def add_vectors_sql(table, weighted_columns, *, prefix=VECTOR):
    """ADD COLUMN ... GENERATED ALWAYS AS (...) STORED and its GIN index, one per language (PostgreSQL)."""
    for language, (config, _base) in CONFIGS.items():
        column = f"{prefix}_{language}"
        yield (
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(weighted_columns, config)}) STORED"
        )
        yield f"CREATE INDEX {table}_{column}_gin ON {table} USING gin ({column})"


def drop_vectors_sql(table, *, prefix=VECTOR):
    for language in CONFIGS:
        yield f"ALTER TABLE {table} DROP COLUMN IF EXISTS {prefix}_{language}"


def vectors_operation(table, weighted_columns, *, prefix=VECTOR):
    """A content app's migration operation: its stored vectors and their GIN indexes (add_vectors_sql), on
    PostgreSQL only. The database keeps generated columns current on every insert and update, whichever service
    writes the row. The indexes do without a GIN pending list, as the proposals' (content is written a few rows
    at a time; a long pending list makes the planner price the index high and pick a sequential scan)."""
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in add_vectors_sql(table, weighted_columns, prefix=prefix):
            schema_editor.execute(statement)
        for language in CONFIGS:
            schema_editor.execute(f"ALTER INDEX {table}_{prefix}_{language}_gin SET (fastupdate = off)")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in drop_vectors_sql(table, prefix=prefix):
            schema_editor.execute(statement)

    return migrations.RunPython(forward, backward, elidable=False)


def is_postgresql():
    return connection.vendor == "postgresql"


def search_language(language=None):
    """The site language whose vector and configuration a search uses (the request's, else the default)."""
    language = (language or get_language() or settings.LANGUAGE_CODE or DEFAULT_LANGUAGE).split("-")[0]
    return language if language in CONFIGS else DEFAULT_LANGUAGE


def config_for(language=None):
    return CONFIGS[search_language(language)][0]


def clean_query(query):
    """The search text as typed, trimmed and bounded (a search box is not a place for a novel), without NUL
    characters (PostgreSQL refuses them in a string: a fuzzed ?q=%00 was a 500)."""
    return " ".join((query or "").replace("\x00", " ").split())[:QUERY_MAX_LENGTH]


class StoredVector(Expression):
    """A stored tsvector column of the queried table that is not a model field (see the module docstring)."""

    def __init__(self, column):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column = column

    def __repr__(self):
        return f"{self.__class__.__name__}({self.column!r})"

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []

    def get_group_by_cols(self):
        return [self]


def search_query(query, language=None):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config=config_for(language), search_type="websearch")


def text_search(queryset, query, *, fields, vector=None, language=None, rank=True):
    """`queryset` narrowed to what matches `query`, annotated with `search_rank` (higher is better) unless `rank` is
    False (a list that keeps its own order: no rank computed for each match).

    `vector` names the stored vectors' prefix ("search" for search_fr...), PostgreSQL only; without it, or on
    SQLite, `fields` are searched with icontains (and `search_rank` counts the fields that match, the first
    weighing most).
    """
    query = clean_query(query)
    if not query:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())) if rank else queryset
    if vector and is_postgresql():
        from django.contrib.postgres.search import SearchRank

        column = StoredVector(f"{vector}_{search_language(language)}")
        tsquery = search_query(query, language)
        found = queryset.alias(_search_vector=column).filter(_search_vector=tsquery)
        return found.annotate(search_rank=SearchRank(column, tsquery)) if rank else found
    condition = Q()
    score = Value(0.0, output_field=FloatField())
    from django.db.models import Case, When

    for position, name in enumerate(fields):
        matches = Q(**{f"{name}__icontains": query})
        condition |= matches
        score = score + Case(When(matches, then=Value(1.0 / (position + 1))), default=Value(0.0))
    return queryset.filter(condition).annotate(search_rank=score) if rank else queryset.filter(condition)


class RankedWindow(SliceReadable):
    """The matches of a search, best first, ranking only the first `window` of them in `order` (ties in `order`).

    Ranking every match of a common word (ts_rank over each, then a sort) reads the whole list: 150 ms for a word
    in each of 50,000 proposals, for a page of 20. Here the database reads the first `window` matches in `order`
    through that order's index (or the GIN index, then sorts them, for a rarer word), ranks those alone and returns
    the keys of one page (one query); `rows` (a queryset of the same model with what a page shows: relations,
    annotations) then gives those rows by their keys (a second one). A list paginated by CappedPaginator says
    "1,000+" past its count anyway: pagination.ranking_window() gives a window holding every row the count promises.

    `matches` comes from text_search() (it carries `search_rank`). The object counts (count_at_most, for
    CappedPaginator: in `order`, so it reads the same index) and slices like a queryset; each row gets `search_rank`.
    """

    def __init__(self, matches, rows, *, window, order):
        self.matches = matches.order_by(*order)
        self.rows = rows
        self.window = window
        self.order = order

    def count_at_most(self, limit):
        return self.matches.values("pk")[: min(limit, self.window)].count()

    def count(self):
        return self.count_at_most(self.window)

    def __len__(self):
        return self.count()

    def _keys(self, start, stop):
        """[(pk, rank)] of the ranked window's rows start..stop: one query."""
        sort_keys = {f"_w{i}": F(name.lstrip("-")) for i, name in enumerate(self.order)}
        inner = self.matches.annotate(_w_key=F("pk"), _w_rank=F("search_rank"), **sort_keys).values_list(
            "_w_key", "_w_rank", *sort_keys
        )[: self.window]
        sql, params = inner.query.sql_with_params()
        quote = connection.ops.quote_name
        # The window (in `order`, cut at `window` rows), then ranked: the outer query reads the inner's columns by
        # the names of their annotations.
        order = [f"w.{quote('_w_rank')} DESC"] + [
            f"w.{quote(alias)} {'DESC' if name.startswith('-') else 'ASC'}"
            for alias, name in zip(sort_keys, self.order, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w.{quote('_w_key')}, w.{quote('_w_rank')} FROM ({sql}) w "  # noqa: S608 -- Django's SQL
                f"ORDER BY {', '.join(order)} LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
            return cursor.fetchall()

    def _rows(self, start, stop):
        stop = min(stop, self.window)
        if stop <= start:
            return []
        keys = self._keys(start, stop)
        found = {row.pk: row for row in self.rows.filter(pk__in=[pk for pk, _rank in keys])}
        page = []
        for pk, rank in keys:
            if pk in found:
                found[pk].search_rank = rank
                page.append(found[pk])
        return page

    def __iter__(self):
        return iter(self[0 : self.window])


class _Headline(Func):
    function = "ts_headline"
    output_field = TextField()


def _strip_markers(expression):
    return Func(expression, Value(START + STOP), Value(""), function="translate", output_field=TextField())


def marked_to_html(text):
    """Escape `text`, then turn the sentinel markers into <mark> tags (balanced, nothing else)."""
    html = escape(text or "")
    html = html.replace(START, "<mark>").replace(STOP, "</mark>")
    # A fragment could open a mark without closing it: never leave one open.
    if html.count("<mark>") != html.count("</mark>"):
        html = escape(text.replace(START, "").replace(STOP, ""))
    return mark_safe(html)  # noqa: S308 -- escaped above, only our own tags added


def _words(query):
    return [w for w in re.findall(r"\w+", query) if len(w) > 1]


def _fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def python_headline(text, query, *, max_chars=220, whole=False):
    """The SQLite fallback of ts_headline: the text around the first match, query words marked (accents ignored)."""
    text = " ".join((text or "").split())
    words = _words(clean_query(query))
    folded = _fold(text)
    if len(folded) != len(text):  # a character that folds to several: give up marking, keep the text
        return escape(text[:max_chars])
    spans = []
    for word in words:
        for match in re.finditer(re.escape(_fold(word)), folded):
            spans.append((match.start(), match.end()))
    start = 0
    if spans and not whole:
        first = min(s for s, _e in spans)
        start = max(0, first - max_chars // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + max_chars)
    pieces, cursor = [], start
    for s, e in sorted(spans):
        if s < cursor or e > end:
            continue
        pieces.append(escape(text[cursor:s]))
        pieces.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(escape(text[cursor:end]))
    html = ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 -- every piece of text escaped


def translated(*names):
    """Every language's column of translated fields (django-modeltranslation): title -> title_fr, title_en..."""
    return tuple(f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES)


def highlight(objects, *, query, field, model=None, language=None, attr="headline", html=False):
    """Set `attr` on each object of `objects` (a page of results): `field`'s text with the matches marked, as
    safe HTML. One query on PostgreSQL (for plain-text fields), none elsewhere. `html=True` for sanitised rich
    text: its tags are dropped and the text marked in Python."""
    objects = list(objects)
    query = clean_query(query)
    if not objects:
        return objects
    if query and is_postgresql() and not html:
        model = model or type(objects[0])
        from django.contrib.postgres.search import SearchConfig

        headline = _Headline(
            SearchConfig(config_for(language)),
            _strip_markers(F(field)),
            search_query(query, language),
            Value(HEADLINE_OPTIONS),
        )
        marked = dict(
            model._default_manager.filter(pk__in=[o.pk for o in objects])
            .annotate(_headline=headline)
            .values_list("pk", "_headline")
        )
        for obj in objects:
            setattr(obj, attr, marked_to_html(marked.get(obj.pk, "")))
        return objects
    for obj in objects:
        text = getattr(obj, field, "") or ""
        setattr(obj, attr, python_headline(html_to_text(text) if html else text, query))
    return objects


def highlight_text(text, query):
    """Mark the query's words in a short text (a title) in Python, escaped: for titles on any database."""
    return python_headline(text, query, max_chars=max(len(text or ""), 1), whole=True)
