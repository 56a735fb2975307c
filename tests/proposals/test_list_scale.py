"""The proposal list at scale (issue 13): a random order read from an index, stable across pages; counts capped at
LIST_COUNT_CAP ("1,000+") with working page links; a constant number of queries; and, on PostgreSQL with 50,000
proposals, no sequential scan of the proposals table on any sort or default filter."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.pagination import CappedPaginator
from apps.proposals import selectors
from apps.proposals.models import RANDOM_KEY_SPAN, Proposal
from apps.proposals.views import listing
from tests.factories import CategoryFactory, PhaseFactory, ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

SORTS = ["recent", "supports", "comments", "random"]


def _bulk(process, count, *, authors, categories=(None,), start=0):
    now = timezone.now()
    return Proposal.objects.bulk_create(
        (
            Proposal(
                process=process, author=authors[i % len(authors)], title=f"Proposition de quartier {i}",
                body="Des bancs le long du canal.", category=categories[i % len(categories)],
                status=Proposal.Status.WITHDRAWN if i % 30 == 29 else Proposal.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i), reference=f"SC-{process.pk}-{i:06d}",
                support_count=(i * 37) % 300, comment_count=(i * 11) % 40,
            )
            for i in range(start, start + count)
        ),
        batch_size=5000,
    )


def _page_pks(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [p.pk for p in response.context["proposals"]]


# --- random order ------------------------------------------------------------------------------------------------


def test_random_walk_slices_are_the_slices_of_its_whole_order(process):
    _bulk(process, 47, authors=[UserFactory()])
    base = selectors.proposal_list_base(process=process, user=AnonymousUser())
    everything = sorted(base.values_list("pk", flat=True))
    for seed in (0, 1, RANDOM_KEY_SPAN // 2, RANDOM_KEY_SPAN - 1, RANDOM_KEY_SPAN + 5, 2**59 + 12345):
        walk = selectors.order_proposals(base, sort="random", seed=seed)
        whole = [p.pk for p in walk]
        assert sorted(whole) == everything  # every proposal once
        for start, stop in ((0, 20), (20, 40), (40, 60), (5, 13), (46, 47), (47, 60), (60, 80)):
            assert [p.pk for p in walk[start:stop]] == whole[start:stop]
        assert walk[3].pk == whole[3]
        assert walk.count() == len(everything)


def _next_link(response):
    return re.search(r'href="([^"]+)" rel="next"', response.content.decode()).group(1).replace("&amp;", "&")


def test_random_order_pages_are_stable_and_complete_for_one_visitor_and_differ_between_visitors(process):
    """An anonymous visitor gets one of the day's RANDOM_ORDERS orders and keeps it through the page links
    (?seed=); visitors are shared out among those orders. A signed-in visitor keeps their own."""
    _bulk(process, 55, authors=[UserFactory()])
    url = f"/fr/processes/{process.slug}/proposals/?order=random"
    visitor = Client()
    first = visitor.get(url)
    pages, response = [[p.pk for p in first.context["proposals"]]], first
    for _number in (2, 3):
        response = visitor.get(url.split("?")[0] + _next_link(response))
        pages.append([p.pk for p in response.context["proposals"]])
    assert [len(page) for page in pages] == [20, 20, 15]
    seen = [pk for page in pages for pk in page]
    assert len(set(seen)) == 55  # no proposal twice, none missing
    assert set(seen) == set(Proposal.objects.filter(process=process).shown().values_list("pk", flat=True))
    page_two = url.split("?")[0] + _next_link(first)
    assert "seed=" in page_two
    assert _page_pks(Client(), page_two) == pages[1]  # the same link: the same page, for anyone

    member = UserFactory()
    signed_in = Client()
    signed_in.force_login(member)
    own = _page_pks(signed_in, url)
    assert own == _page_pks(signed_in, url)  # a signed-in visitor's own order, without a link's seed
    with mock.patch("apps.proposals.selectors.secrets.randbelow", side_effect=range(selectors.RANDOM_ORDERS)):
        others = {tuple(_page_pks(Client(), url)) for _ in range(selectors.RANDOM_ORDERS)}
    # Visitors do not share one order (two of the eight may start in the same gap between 55 keys, so not "== 8").
    assert len(others) > 2
    with mock.patch("apps.proposals.selectors.secrets.randbelow", return_value=4):
        assert _page_pks(Client(), url) == _page_pks(Client(), f"{url}&seed=4")


def test_a_forged_or_unknown_order_is_one_of_the_days_orders(process):
    _bulk(process, 25, authors=[UserFactory()])
    url = f"/fr/processes/{process.slug}/proposals/?order=random"
    known = {tuple(_page_pks(Client(), f"{url}&seed={slot}")) for slot in range(selectors.RANDOM_ORDERS)}
    for value in ("99", "-1", "x", "٣", "3 "):
        response = Client().get(f"{url}&seed={value}")
        assert response.status_code == 200
        assert tuple(p.pk for p in response.context["proposals"]) in known, value


def test_random_order_changes_with_the_day(process):
    _bulk(process, 40, authors=[UserFactory()])
    base = selectors.proposal_list_base(process=process, user=AnonymousUser())
    user = UserFactory()
    days = [timezone.localdate() - timedelta(days=n) for n in range(4)]
    orders = {
        tuple(p.pk for p in selectors.order_proposals(
            base, sort="random", seed=selectors.visitor_seed(user=user, visitor_key=None, day=day)
        )[:20])
        for day in days
    }
    assert len(orders) > 1


def test_new_proposals_get_their_own_random_key(process):
    first, second = ProposalFactory(process=process), ProposalFactory(process=process)
    bulk = _bulk(process, 3, authors=[UserFactory()])
    keys = {first.random_key, second.random_key, *(p.random_key for p in bulk)}
    assert len(keys) == 5 and all(0 <= key < RANDOM_KEY_SPAN for key in keys)


# --- capped counts -----------------------------------------------------------------------------------------------


def test_capped_count_says_cap_plus_and_page_links_still_work(process, settings, monkeypatch):
    settings.LIST_COUNT_CAP = 10
    monkeypatch.setattr(listing, "PAGE_SIZE", 5)
    _bulk(process, 31, authors=[UserFactory()])  # published and withdrawn: all 31 are listed
    url = f"/fr/processes/{process.slug}/proposals/?order=recent"
    client = Client()
    response = client.get(url)
    page = response.content.decode()
    # The count stopped at (1 + 3) pages of 5 rows, more than the cap of 10: "10+" (in English until translated).
    assert re.search(r"\b10\+ propos", page)
    assert response.context["paginator"].capped
    links = response.context["page_range"]
    assert links[:4] == [1, 2, 3, 4] and links[-1] == response.context["paginator"].ELLIPSIS
    assert 'rel="next"' in page and "page=4" in page

    # Following the links to the end: the count grows with the page asked for, then the real total shows.
    seen = []
    for number in range(1, 8):
        response = client.get(f"{url}&page={number}")
        seen += [p.pk for p in response.context["proposals"]]
    assert len(seen) == len(set(seen)) == 31
    last = client.get(f"{url}&page=7")
    assert not last.context["paginator"].capped
    assert "31 propositions" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


def test_uncapped_count_is_exact(process, settings):
    settings.LIST_COUNT_CAP = 1000
    _bulk(process, 25, authors=[UserFactory()])
    response = Client().get(f"/fr/processes/{process.slug}/proposals/?order=supports")
    assert "25 propositions" in response.content.decode()
    assert response.context["page_range"] == [1, 2]


def test_capped_paginator_on_a_random_walk(process):
    _bulk(process, 30, authors=[UserFactory()])
    walk = selectors.order_proposals(
        selectors.proposal_list_base(process=process, user=AnonymousUser()), sort="random", seed=99
    )
    paginator = CappedPaginator(walk, 5, page=1, cap=8)
    page = paginator.get_page()
    assert paginator.capped and paginator.count == 20 and len(page.object_list) == 5
    paginator = CappedPaginator(walk, 5, page="6", cap=8)
    assert not paginator.capped and paginator.count == 30 and paginator.get_page().number == 6
    assert CappedPaginator(walk, 5, page="x", cap=8).get_page().number == 1


# --- query counts ------------------------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("sort", SORTS)
def test_queries_do_not_grow_with_the_list(sort):
    process = ProcessFactory()
    PhaseFactory(process=process)
    categories = [CategoryFactory(process=process) for _ in range(3)]
    member = UserFactory()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    url = f"/fr/processes/{process.slug}/proposals/?order={sort}"
    authors = [UserFactory() for _ in range(3)]
    _bulk(process, 25, authors=authors, categories=categories)
    small = {who: _queries(client, url) for who, client in (("anonymous", anonymous), ("member", signed_in))}
    _bulk(process, 400, authors=authors, categories=categories, start=25)
    large = {who: _queries(client, url) for who, client in (("anonymous", anonymous), ("member", signed_in))}
    for who in small:
        # the random order may read a second index range when a page wraps around the end of the key (+2 at most)
        assert large[who] <= small[who] + (2 if sort == "random" else 0), (who, small, large)
        assert small[who] <= large[who] + (2 if sort == "random" else 0), (who, small, large)


def test_a_signed_in_list_asks_the_terms_version_once(process):
    """Each card's support button asks whether the visitor accepted the current terms; the version comes from the
    cache (Redis in production), once per request rather than once per card."""
    from unittest import mock

    from django.core.cache import cache

    from apps.spaces.selectors import TERMS_CACHE_KEY

    _bulk(process, 25, authors=[UserFactory()])
    client = Client()
    client.force_login(UserFactory())
    with mock.patch.object(cache, "get", wraps=cache.get) as reads:
        response = client.get(f"/fr/processes/{process.slug}/proposals/?order=recent")
    assert response.status_code == 200 and len(response.context["proposals"]) == 20
    assert [call.args[0] for call in reads.call_args_list].count(TERMS_CACHE_KEY) == 1


# --- PostgreSQL: the plans at 50,000 proposals -------------------------------------------------------------------


@pytest.mark.postgres
def test_no_sequential_scan_of_proposals_at_50000():
    process = ProcessFactory(slug="scale")
    PhaseFactory(process=process)
    other = ProcessFactory(slug="scale-other")
    categories = [CategoryFactory(process=process) for _ in range(6)]
    authors = [UserFactory() for _ in range(50)]
    _bulk(process, 50_000, authors=authors, categories=categories)
    _bulk(other, 2_000, authors=authors, start=50_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    member = authors[0]
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    listing_url = f"/fr/processes/{process.slug}/proposals/"
    urls = [f"{listing_url}?order={sort}" for sort in SORTS] + [
        listing_url,  # the default (random) order
        f"{listing_url}?order=random&page=40",
        f"{listing_url}?category={categories[0].pk}&order=recent",
        f"{listing_url}?category={categories[1].pk}&order=supports",
        f"{listing_url}?status=withdrawn&order=recent",
        f"{listing_url}?status=published&order=comments",
        f"{listing_url}?official=on&order=recent",
        f"{listing_url}?order=recent&page=30",
    ]
    member_urls = [f"{listing_url}?mine=on&order=recent", f"{listing_url}?supported=on&order=random"]
    explained, scans = 0, []
    for client, pages in ((anonymous, urls), (signed_in, urls + member_urls)):
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            for query in captured.captured_queries:
                sql = query["sql"]
                if '"proposals_proposal"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN {sql}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                explained += 1
                if "Seq Scan on proposals_proposal" in plan:
                    scans.append(f"{url}\n{sql}\n{plan}")
    assert not scans, "\n\n".join(scans)
    assert explained > 20
