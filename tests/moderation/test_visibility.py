"""Hidden content leaves every public list, count, map and search; a direct link says "hidden by moderation"; its
author (and the process's staff) still see it, the author with the justification."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from apps.comments.models import Comment
from apps.core import content
from apps.moderation import services
from apps.moderation.models import ModeratedItem, Report
from apps.proposals import selectors as proposal_selectors
from apps.proposals.models import Proposal
from apps.spaces.selectors import key_figures
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Publicité sans rapport avec le projet."


def hide(target, moderator, citizen):
    services.report_create(user=citizen, target=target, reason=Report.Reason.SPAM)
    item = ModeratedItem.objects.get(object_id=target.pk, content_type__model=target._meta.model_name)
    services.item_hide(actor=moderator, item=item, justification=JUSTIFICATION)
    target.refresh_from_db()
    return target


@pytest.fixture
def hidden_proposal(process, moderator, citizen):
    proposal = ProposalFactory(
        process=process, title="Trottinettes en promotion exceptionnelle", latitude=50.63, longitude=3.06
    )
    return hide(proposal, moderator, citizen)


@pytest.fixture
def shown_proposal(process):
    return ProposalFactory(process=process, title="Des arbres dans la cour des écoles", latitude=50.6, longitude=3.0)


def list_url(process, **query):
    url = reverse("proposals:list", kwargs={"slug": process.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class TestProposals:
    def test_absent_from_the_list_for_everyone(self, client, process, hidden_proposal, shown_proposal, moderator):
        for viewer in (None, hidden_proposal.author, moderator):
            if viewer:
                client.force_login(viewer)
            page = client.get(list_url(process)).content.decode()
            assert shown_proposal.title in page
            assert hidden_proposal.title not in page

    def test_absent_from_the_search_and_the_map(self, client, process, hidden_proposal, shown_proposal):
        page = client.get(list_url(process, q="Trottinettes")).content.decode()
        assert hidden_proposal.title not in page
        response = client.get(list_url(process, view="map"))
        points = response.context["map_points"]
        assert [p["id"] for p in points] == [shown_proposal.pk]
        assert hidden_proposal.title not in json.dumps(points)

    def test_absent_from_the_counts(self, process, hidden_proposal, shown_proposal):
        assert proposal_selectors.public_proposal_count(process=process) == 1
        assert proposal_selectors.site_proposal_count() == 1
        assert hidden_proposal.title not in str(key_figures())

    def test_absent_from_what_exports_and_other_apps_read_through_the_contract(
        self, process, hidden_proposal, shown_proposal, citizen
    ):
        entry = content.content_for(Proposal)
        for viewer in (AnonymousUser(), citizen):
            assert list(entry.visible_to(viewer, process)) == [shown_proposal]
        assert not content.is_visible(citizen, hidden_proposal)
        assert hidden_proposal not in proposal_selectors.published_proposals_of(user=hidden_proposal.author)

    def test_a_direct_link_says_hidden_by_moderation(self, client, hidden_proposal, citizen):
        client.force_login(citizen)
        response = client.get(hidden_proposal.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 410
        assert "Hidden by moderation" in page
        assert hidden_proposal.title not in page and hidden_proposal.body not in page

    def test_the_author_sees_it_with_the_justification(self, client, hidden_proposal):
        client.force_login(hidden_proposal.author)
        response = client.get(hidden_proposal.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 200
        assert hidden_proposal.title in page and JUSTIFICATION in page

    def test_the_moderator_sees_it(self, client, hidden_proposal, moderator):
        client.force_login(moderator)
        assert client.get(hidden_proposal.get_absolute_url()).status_code == 200


class TestComments:
    @pytest.fixture
    def thread(self, proposal, moderator, citizen):
        from apps.comments.services import comment_store

        parent = comment_store(
            target=proposal, process=proposal.process, parent=None, author=citizen.__class__.objects.create_user(
                email="troll@example.org", nickname="troll"), body="Achetez mes trottinettes !!!", opinion="neutral"
        )
        reply = comment_store(target=proposal, process=proposal.process, parent=parent, author=moderator,
                              body="Merci de rester dans le sujet.", opinion="neutral")
        proposal.refresh_from_db()
        assert proposal.comment_count == 2
        hide(parent, moderator, citizen)
        return parent, reply

    def test_a_hidden_comment_keeps_its_replies_and_leaves_the_count(self, client, proposal, thread):
        parent, reply = thread
        proposal.refresh_from_db()
        assert proposal.comment_count == 1
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert "This comment has been hidden by the moderators." in page
        assert "Achetez mes trottinettes" not in page and JUSTIFICATION not in page
        replies = client.get(reverse("comments:replies", kwargs={"pk": parent.pk})).content.decode()
        assert "Merci de rester dans le sujet." in replies

    def test_its_author_reads_it_with_the_justification(self, client, proposal, thread):
        parent, _reply = thread
        client.force_login(parent.author)
        page = client.get(reverse("comments:detail", kwargs={"pk": parent.pk}), follow=True).content.decode()
        assert "Achetez mes trottinettes" in page and JUSTIFICATION in page

    def test_the_profile_activity_leaves_it_out(self, proposal, thread):
        from apps.comments.selectors import activity_comments

        parent, _reply = thread
        assert activity_comments(parent.author) == []

    def test_the_backoffice_panel_counts_hidden_comments(self, proposal, thread):
        assert Comment.objects.filter(hidden_at__isnull=False).count() == 1


def test_auto_hidden_item_reads_awaiting_a_decision_to_its_author(client, comment, reporters):
    for user in reporters[:3]:
        services.report_create(user=user, target=comment, reason=Report.Reason.OFFENSIVE)
    client.force_login(comment.author)
    page = client.get(reverse("comments:detail", kwargs={"pk": comment.pk}), follow=True).content.decode()
    assert "awaits a moderator's decision" in page
    assert comment.body in page
    assert Comment.objects.get(pk=comment.pk).hidden_at <= timezone.now()


