"""The proposal list's cards render their support boxes from one stamp per state (support_box in
supports_tags.py): the page must be exactly what one render of _support_box.html per card gives, in every state
(supported, the author's own, the per-participant limit reached, the threshold reached, withdrawn, counts of 0, 1
and more, signed out) and language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.proposals.models import Proposal
from apps.supports.models import support_settings_for
from apps.supports.templatetags import supports_tags
from tests.factories import ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db


def _both_ways(client, path, monkeypatch):
    stamped = client.get(path).content.decode()
    monkeypatch.setattr(supports_tags, "STAMPS", False)
    alone = client.get(path).content.decode()
    monkeypatch.setattr(supports_tags, "STAMPS", True)
    # The CSRF token is masked afresh on each request: compare without it.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return strip.sub("", stamped), strip.sub("", alone)


def _settings(process, **fields):
    settings = support_settings_for(process)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


@pytest.mark.parametrize("limit", [None, 3, 2])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cards_are_the_same_as_one_render_each(client, monkeypatch, process, limit, language):
    _settings(process, supports_per_user=limit, support_threshold=5)
    user = UserFactory()
    proposals = [ProposalFactory(process=process) for _ in range(6)]
    own = ProposalFactory(process=process, author=user)
    ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    Proposal.objects.filter(pk=proposals[0].pk).update(support_count=1)
    Proposal.objects.filter(pk=proposals[1].pk).update(support_count=5)  # the threshold reached
    Proposal.objects.filter(pk=proposals[2].pk).update(support_count=12)
    SupportFactory(user=user, proposal=proposals[3])
    SupportFactory(user=user, proposal=proposals[4])
    Proposal.objects.filter(pk=own.pk).update(support_count=1)
    with translation.override(language):
        listing = reverse("proposals:list", kwargs={"slug": process.slug}) + "?order=recent"
    stamped, alone = _both_ways(client, listing, monkeypatch)  # signed out
    assert stamped == alone
    client.force_login(user)
    stamped, alone = _both_ways(client, listing, monkeypatch)
    assert stamped == alone
    assert stamped.count('data-testid="support-box"') == 7  # the published ones, the author's own included
    assert str(supports_tags.STAND_IN_PK) not in stamped and supports_tags.COUNT_MARKER not in stamped
    assert stamped.count('data-testid="supported"') == 2
    # Two buttons (the threshold closes two, the author's own one): disabled once the limit is used.
    assert stamped.count('data-testid="support-button" aria-describedby') == 2
    assert (" disabled>" in stamped) == (limit == 2)
    # The page's address holds the stand-in's digits: every box rendered on its own, the same page.
    stamped, alone = _both_ways(client, f"{listing}&q={supports_tags.STAND_IN_PK}", monkeypatch)
    assert stamped == alone


def test_each_box_shows_its_own_count_and_form(client, process):
    user = UserFactory()
    first, second = ProposalFactory(process=process), ProposalFactory(process=process)
    Proposal.objects.filter(pk=first.pk).update(support_count=3)
    Proposal.objects.filter(pk=second.pk).update(support_count=7)
    client.force_login(user)
    with translation.override("en"):
        html = client.get(reverse("proposals:list", kwargs={"slug": process.slug}) + "?order=recent").content.decode()
        support_first = reverse("supports:support", kwargs={"pk": first.pk})
        support_second = reverse("supports:support", kwargs={"pk": second.pk})
    for proposal, url, count in ((first, support_first, 3), (second, support_second, 7)):
        box = re.search(rf'id="support-box-{proposal.pk}".*?</div>', html, re.S).group(0)
        assert f"{count} supports" in box
        assert f'hx-post="{url}"' in box
        assert f'aria-describedby="support-limit-{proposal.pk}"' in box
