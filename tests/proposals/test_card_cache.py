"""The proposal cards' bodies of the lists are kept in the cache (apps/proposals/cards.py): the same HTML as a card
rendered whole, every change shows at once, and the support box, which differs per visitor, is never shared."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.proposals import cards
from apps.proposals.models import Proposal
from tests.factories import CategoryFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')


def list_url(process, language="en"):
    with translation.override(language):
        return reverse("proposals:list", kwargs={"slug": process.slug}) + "?order=recent"


def cards_of(response):
    """{proposal id: the card's HTML} of a list page, by the card's link to the proposal."""
    html = response.content.decode()
    found = {}
    for chunk in html.split('data-testid="proposal-card">')[1:]:
        card = chunk.split("</article>")[0]
        link = card.split('card-title"><a href="')[1].split('"')[0]
        found[int(link.rstrip("/").rsplit("/", 1)[-1])] = CSRF_TOKEN.sub("csrf", card)  # masked anew each request
    return found


@pytest.fixture
def body_renders(monkeypatch):
    """The proposals whose card body was rendered (not found in the cache)."""
    calls = []
    render = cards.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        calls.append(context["proposal"].pk)
        return render(template_name, context, *args, **kwargs)

    monkeypatch.setattr(cards, "render_to_string", counting)
    return calls


@pytest.fixture
def proposals(process):
    category = CategoryFactory(process=process, name="Nature", name_en="Nature")
    return [
        ProposalFactory(process=process, title="Des bancs le long du canal", category=category),
        ProposalFactory(process=process, title="Une piste cyclable"),
        ProposalFactory(process=process, title="Un jardin partagé", status=Proposal.Status.WITHDRAWN, support_count=4),
    ]


def test_bodies_are_rendered_once_per_language_then_read_from_the_cache(client, proposals, body_renders):
    client.force_login(UserFactory())
    first = client.get(list_url(proposals[0].process))
    assert sorted(body_renders) == sorted(p.pk for p in proposals)
    second = client.get(list_url(proposals[0].process))
    assert len(body_renders) == 3
    assert cards_of(first) == cards_of(second)
    client.get(list_url(proposals[0].process, "fr"))
    assert len(body_renders) == 6


def test_a_card_from_the_cache_is_the_card_rendered_whole(client, proposals, monkeypatch):
    client.force_login(UserFactory())
    client.get(list_url(proposals[0].process))
    from_cache = cards_of(client.get(list_url(proposals[0].process)))
    monkeypatch.setattr(cards, "attach_card_bodies", lambda proposals, **kwargs: proposals)  # the include instead
    whole = cards_of(client.get(list_url(proposals[0].process)))
    assert from_cache == whole
    assert "Nature" in whole[proposals[0].pk] and "4 supports" in whole[proposals[2].pk]


def test_every_change_a_card_shows_is_seen_at_once(client, proposals):
    first, second, withdrawn = proposals
    client.force_login(UserFactory())
    client.get(list_url(first.process))
    # Bulk updates: no timestamp, no service; the key is made of what the card shows.
    Proposal.objects.filter(pk=first.pk).update(title="Des bancs à l'ombre", comment_count=7)
    Proposal.objects.filter(pk=withdrawn.pk).update(support_count=5)
    first.category.name_en = "Parks and trees"
    first.category.save()
    second.author.display_name = "Camille Martin"
    second.author.save()
    shown = cards_of(client.get(list_url(first.process)))
    assert "Des bancs à l&#x27;ombre" in shown[first.pk] and "7 comments" in shown[first.pk]
    assert "Parks and trees" in shown[first.pk]
    assert "Camille Martin" in shown[second.pk]
    assert "5 supports" in shown[withdrawn.pk]
    Proposal.objects.filter(pk=second.pk).update(is_official=True)
    assert "The organisers" in cards_of(client.get(list_url(first.process)))[second.pk]


def test_each_visitor_gets_their_own_support_box_beside_the_shared_bodies(client, proposals):
    first = proposals[0]
    supporter, other = UserFactory(), UserFactory()
    client.force_login(supporter)
    response = client.post(reverse("supports:support", kwargs={"pk": first.pk}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="supported"' in cards_of(client.get(list_url(first.process)))[first.pk]
    client.force_login(other)
    theirs = cards_of(client.get(list_url(first.process)))[first.pk]
    assert 'data-testid="supported"' not in theirs and 'data-testid="support-button"' in theirs
    assert "1 support" in theirs  # the new count, in the box every visitor sees


def test_the_cached_body_holds_nothing_of_the_visitor(client, proposals):
    from django.core.cache import cache

    visitor = UserFactory(display_name="Dominique Secret")
    client.force_login(visitor)
    client.get(list_url(proposals[0].process))
    listed = Proposal.objects.filter(pk__in=[p.pk for p in proposals]).select_related(
        "author", "category__parent", "theme", "process"
    )
    with translation.override("en"):
        bodies = [cache.get(cards.card_key(p, heading_level=2, language="en")) for p in listed]
    assert all(bodies)
    assert not any("Dominique Secret" in body or "csrfmiddlewaretoken" in body for body in bodies)
