"""The proposal list's searched order (issue 13): the best matches first, ranking only the newest matches the capped
count can promise (core.search.RankedWindow), so a word in every proposal is not ranked 50,000 times for a page of
20. On SQLite (icontains) and PostgreSQL (stored vectors)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.search import RankedWindow
from apps.proposals import selectors
from apps.proposals.models import Proposal
from apps.proposals.views import listing
from tests.factories import CategoryFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bulk(process, count, *, start=0, title="Proposition de quartier {i}", body="Des bancs le long du canal."):
    """`count` proposals, the newest first (proposal i was published i minutes ago)."""
    author = UserFactory()
    now = timezone.now()
    return Proposal.objects.bulk_create(
        Proposal(
            process=process, author=author, title=title.format(i=i), body=body, status=Proposal.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i), reference=f"RW-{process.pk}-{i:05d}",
        )
        for i in range(start, start + count)
    )


def _searched(process, query, user=None):
    base = selectors.proposal_list_base(process=process, user=user or AnonymousUser())
    return selectors.search_proposals(base, query)


def test_the_window_ranks_its_newest_matches_best_first(process):
    _bulk(process, 12)  # "canal" in each description, published 0..11 minutes ago
    in_title = _bulk(process, 1, start=12, title="Un ponton sur le canal {i}")[0]  # older than the others
    too_old = _bulk(process, 1, start=30, title="Une passerelle sur le canal {i}")[0]  # the 14th newest match
    ProposalFactory(process=process, title="Des bancs au parc", body="Sans rapport.")  # no match
    window = selectors.best_matches(_searched(process, "canal"), user=AnonymousUser(), window=13)
    whole = window[0:20]
    assert whole[0].pk == in_title.pk  # a title outranks a description, within the window
    assert too_old.pk not in [p.pk for p in whole]  # outside the window of the 13 newest matches
    assert len(whole) == 13 and len({p.pk for p in whole}) == 13
    # The body matches rank equally: newest first among them.
    rest = [p.published_at for p in whole[1:]]
    assert rest == sorted(rest, reverse=True)
    # Slices are the slices of the whole order; the count stops at the window.
    assert [p.pk for p in window[3:7]] == [p.pk for p in whole[3:7]]
    assert window[12].pk == whole[12].pk
    assert window.count() == 13 and window.count_at_most(5) == 5
    assert window[13:20] == []
    assert all(hasattr(p, "search_rank") for p in whole)


def test_window_rows_carry_what_a_card_shows_and_the_viewer_support(process):
    category = CategoryFactory(process=process)
    proposal = ProposalFactory(process=process, title="Un kiosque à musique", category=category)
    member = UserFactory()
    proposal.supports.create(user=member, process=process)
    window = selectors.best_matches(_searched(process, "kiosque", member), user=member, window=5)
    with CaptureQueriesContext(connection) as captured:
        (row,) = window[0:5]
        assert row.category.name == category.name and row.author.pk == proposal.author_id
        assert row.is_supported is True
    assert len(captured) == 2  # the ranked keys, then the page's rows


def test_ranked_window_takes_plain_slices_only(process):
    window = RankedWindow(_searched(process, "canal"), Proposal.objects.all(), window=5, order=("-published_at", "-pk"))
    with pytest.raises(ValueError):
        window[1:5:2]
    with pytest.raises(IndexError):
        window[0]


def test_searched_list_pages_follow_each_other_and_say_cap_plus(process, settings, monkeypatch):
    settings.LIST_COUNT_CAP = 10
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    _bulk(process, 30)
    best = _bulk(process, 1, start=30, title="Le canal {i}")[0]  # the oldest match, outside the first window
    client = Client()
    url = f"/fr/processes/{process.slug}/proposals/?q=canal"
    first = client.get(url)
    assert first.context["paginator"].capped and "10+ propos" in first.content.decode()
    seen = []
    for number in (1, 2, 3, 4, 5):  # the pages within the cap share one window of 11 matches
        seen += [p.pk for p in client.get(f"{url}&page={number}").context["proposals"]]
    assert len(seen) == len(set(seen)) == 10
    assert best.pk not in seen
    # A page past the cap ranks a wider window: the last one holds every match, the count is exact.
    last = client.get(f"{url}&page=16")
    assert not last.context["paginator"].capped
    assert "31 propositions" in last.content.decode()
    assert [p.pk for p in last.context["proposals"]]
    widened = selectors.best_matches(_searched(process, "canal"), user=AnonymousUser(), window=100)
    assert widened[0].pk == best.pk


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_searched_list_queries_do_not_grow(process):
    member = UserFactory()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    url = f"/fr/processes/{process.slug}/proposals/?q=canal"
    _bulk(process, 25)
    small = [_queries(anonymous, url), _queries(signed_in, url)]
    _bulk(process, 400, start=25)
    assert [_queries(anonymous, url), _queries(signed_in, url)] == small
