"""Merging duplicates: supports combined without counting anybody twice, co-authors, followers, closed originals
with a link, one atomic service and its audit entry. Staff log in as their role, never as a superuser."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from apps.core.models import AuditEntry
from apps.notifications import services as notification_services
from apps.notifications.models import Follow
from apps.proposals import services
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from apps.supports.models import Support
from tests.factories import ProcessFactory, ProcessRoleFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = ProcessRole.Role


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def agent(process):
    return ProcessRoleFactory(process=process, role=Role.ADMIN).user


@pytest.fixture
def duplicates(process):
    return [ProposalFactory(process=process, title=f"Des bancs le long du canal, version {n}") for n in (1, 2, 3)]


def supports(proposal, *users):
    for user in users:
        SupportFactory(proposal=proposal, user=user)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=Support.objects.filter(proposal=proposal).count())
    proposal.refresh_from_db()


def url(process):
    return f"/en/backoffice/processes/{process.slug}/merge/"


class TestService:
    def test_a_person_who_supported_two_merged_proposals_counts_once(self, process, agent, duplicates):
        a, b, c = duplicates
        both, only_a, only_b = UserFactory(), UserFactory(), UserFactory()
        supports(a, both, only_a)
        supports(b, both, only_b)
        target = services.proposal_merge(
            actor=agent, process=process, proposals=[a, b], title="Des bancs partout le long du canal", body="Fusion."
        )
        target.refresh_from_db()
        assert target.support_count == 3
        assert set(Support.objects.filter(proposal=target).values_list("user_id", flat=True)) == {
            both.pk,
            only_a.pk,
            only_b.pk,
        }
        assert not Support.objects.filter(proposal__in=[a, b]).exists()

    def test_into_an_existing_proposal_whose_supporters_are_not_counted_twice(self, process, agent, duplicates):
        a, b, c = duplicates
        fan = UserFactory()
        supports(a, fan)
        supports(c, fan, UserFactory())
        target = services.proposal_merge(actor=agent, process=process, proposals=[a, b], target=c)
        assert target.pk == c.pk
        c.refresh_from_db()
        assert c.support_count == 2
        assert Support.objects.filter(proposal=c, user=fan).count() == 1

    def test_authors_become_coauthors_and_originals_are_closed_with_a_link(self, process, agent, duplicates):
        a, b, c = duplicates
        services.proposal_merge(actor=agent, process=process, proposals=[a, b], target=c)
        c.refresh_from_db()
        assert set(c.coauthors.all()) == {a.author, b.author}
        for original in (a, b):
            original.refresh_from_db()
            assert original.status == Proposal.Status.MERGED
            assert original.merged_into == c

    def test_followers_follow_the_merged_proposal(self, process, agent, duplicates):
        a, b, c = duplicates
        follower = UserFactory()
        notification_services.follow_add(user=follower, target=a)
        notification_services.follow_add(user=follower, target=b)
        services.proposal_merge(actor=agent, process=process, proposals=[a, b], target=c)
        followers = set(Follow.objects.filter(object_id=c.pk).values_list("user_id", flat=True))
        assert {follower.pk, a.author_id, b.author_id} <= followers
        assert Follow.objects.filter(object_id=c.pk, user=follower).count() == 1

    def test_one_merge_entry_lists_the_originals_with_before_and_after(self, process, agent, duplicates):
        a, b, c = duplicates
        supports(a, UserFactory())
        services.proposal_merge(actor=agent, process=process, proposals=[a, b], target=c)
        entry = AuditEntry.objects.get(action="proposals.merge")
        assert entry.actor == agent
        assert entry.target == c
        assert entry.process_id == process.pk
        assert entry.data["originals"] == [a.reference, b.reference]
        assert entry.data["before"]["supports"] == 0 and entry.data["after"]["supports"] == 1
        # Each original's status move is audited by the status service, once.
        moves = AuditEntry.objects.filter(action="proposals.merged")
        assert {m.target_id for m in moves} == {str(a.pk), str(b.pk)}
        assert all(m.data["before"] == "published" and m.data["after"] == "merged" for m in moves)

    def test_a_new_proposal_is_official_published_and_referenced(self, process, agent, duplicates):
        a, b, _ = duplicates
        target = services.proposal_merge(
            actor=agent, process=process, proposals=[a, b], title="Des bancs partout le long du canal", body="Fusion."
        )
        assert target.is_official and target.status == Proposal.Status.PUBLISHED and target.reference

    def test_nothing_changes_when_a_step_fails(self, process, agent, duplicates):
        a, b, _ = duplicates
        supports(a, UserFactory())
        with pytest.raises(ValidationError):
            services.proposal_merge(actor=agent, process=process, proposals=[a, b], title="Court", body="Fusion.")
        a.refresh_from_db()
        assert a.status == Proposal.Status.PUBLISHED and a.support_count == 1
        assert Proposal.objects.count() == 3
        assert not AuditEntry.objects.filter(action__startswith="proposals.merge").exists()

    @pytest.mark.parametrize("status", [Proposal.Status.WITHDRAWN, Proposal.Status.DRAFT])
    def test_a_closed_or_draft_proposal_cannot_be_merged(self, process, agent, duplicates, status):
        a, b, c = duplicates
        Proposal.objects.filter(pk=b.pk).update(status=status)
        with pytest.raises(ValidationError, match="cannot be merged"):
            services.proposal_merge(actor=agent, process=process, proposals=[a, b], target=c)

    def test_proposals_of_another_process_are_refused(self, process, agent, duplicates):
        a, _, c = duplicates
        elsewhere = ProposalFactory(process=ProcessFactory())
        with pytest.raises(ValidationError, match="Only proposals of this process"):
            services.proposal_merge(actor=agent, process=process, proposals=[a, elsewhere], target=c)

    def test_one_proposal_alone_is_not_a_merge(self, process, agent, duplicates):
        with pytest.raises(ValidationError, match="at least two"):
            services.proposal_merge(actor=agent, process=process, proposals=[duplicates[0]], title="x" * 20, body="y")

    @pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MODERATOR])
    def test_evaluators_and_moderators_are_refused_by_the_service(self, process, duplicates, role):
        actor = ProcessRoleFactory(process=process, role=role).user
        with pytest.raises(PermissionDenied, match="Only the administrators of this process can merge"):
            services.proposal_merge(actor=actor, process=process, proposals=duplicates[:2], target=duplicates[2])


class TestScreen:
    @pytest.mark.parametrize(
        "who, allowed",
        [("admin", True), ("other_admin", False), ("evaluator", False), ("moderator", False), ("citizen", False)],
    )
    def test_permission_matrix(self, client, process, duplicates, who, allowed):
        a, b, c = duplicates
        user = {
            "admin": lambda: ProcessRoleFactory(process=process, role=Role.ADMIN).user,
            "other_admin": lambda: ProcessRoleFactory(process=ProcessFactory(), role=Role.ADMIN).user,
            "evaluator": lambda: ProcessRoleFactory(process=process, role=Role.EVALUATOR).user,
            "moderator": lambda: ProcessRoleFactory(process=process, role=Role.MODERATOR).user,
            "citizen": UserFactory,
        }[who]()
        client.force_login(user)
        page = client.get(url(process))
        post = client.post(url(process), {"proposals": [a.pk, b.pk], "target": c.pk})
        a.refresh_from_db()
        if allowed:
            assert page.status_code == 200
            assert post.status_code == 302 and post["Location"] == c.get_absolute_url()
            assert a.status == Proposal.Status.MERGED
        else:
            assert page.status_code == 403 and post.status_code == 403
            assert "Only the administrators of this process can merge its proposals." in post.content.decode()
            assert a.status == Proposal.Status.PUBLISHED

    def test_anonymous_is_sent_to_log_in(self, client, process, duplicates):
        assert client.get(url(process)).status_code == 302
        assert client.post(url(process), {"proposals": [d.pk for d in duplicates[:2]]}).status_code == 302
        assert not Proposal.objects.filter(status=Proposal.Status.MERGED).exists()

    def test_a_new_proposal_needs_a_title_and_a_description(self, client, process, agent, duplicates):
        client.force_login(agent)
        response = client.post(url(process), {"proposals": [d.pk for d in duplicates[:2]]})
        assert response.status_code == 200
        assert response.content.decode().count("Needed for a new proposal.") == 2

    def test_the_pages_show_the_link_and_the_coauthors(self, client, process, agent, duplicates):
        a, b, _ = duplicates
        client.force_login(agent)
        response = client.post(
            url(process),
            {"proposals": [a.pk, b.pk], "title": "Des bancs partout le long du canal", "body": "Fusion des idées."},
            follow=True,
        )
        html = response.content.decode()
        assert "The proposals have been merged." in html
        assert a.author.public_name in html and b.author.public_name in html
        target = Proposal.objects.get(title="Des bancs partout le long du canal")
        html = client.get(a.get_absolute_url()).content.decode()
        assert "This proposal was merged into" in html
        assert f'href="{target.get_absolute_url()}"' in html
        assert 'data-testid="badge-merged"' in html


def test_demo_shows_one_merge_counting_a_double_supporter_once():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    merged = Proposal.objects.get(title="Des ateliers vélo participatifs dans chaque quartier")
    assert merged.support_count == 3  # Léa supported both originals
    assert merged.merged_from.count() == 2
    assert merged.coauthors.count() == 2
    assert AuditEntry.objects.filter(action="proposals.merge").count() == 1
