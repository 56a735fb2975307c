"""The events a proposal came out of, as its page shows them (events.selectors.events_of_proposal): for every kind
of visitor, the shown events that event_visible_to gives them, no more (signed-in visitors read them through one
prepared query, the process's visibility asked once)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.events.models import Event, EventProposal
from apps.events.selectors import event_visible_to, events_of_proposal
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _linked(proposal, **fields):
    event = EventFactory(process=proposal.process, **fields)
    EventProposal.objects.create(event=event, proposal=proposal)
    return event


def _expected(proposal, user):
    """What event_visible_to gives, of the shown (not draft, not hidden) events linked to the proposal."""
    visible = event_visible_to(user, proposal.process).exclude(status=Event.Status.DRAFT).filter(hidden_at=None)
    return list(visible.filter(proposal_links__proposal=proposal).order_by("start_at").values_list("pk", flat=True))


@pytest.mark.parametrize("published", [True, False])
def test_each_visitor_sees_the_shown_events_they_may_see(published):
    process = ProcessFactory(is_published=published)
    proposal = ProposalFactory(process=process)
    later = _linked(proposal, start_at=timezone.now() + timedelta(days=9))
    sooner = _linked(proposal, status=Event.Status.CANCELLED, start_at=timezone.now() + timedelta(days=2))
    organiser = UserFactory()
    _linked(proposal, status=Event.Status.DRAFT, author=organiser)
    _linked(proposal, hidden_at=timezone.now(), author=organiser)
    EventFactory(process=process)  # not linked
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    moderator = ProcessRoleFactory(process=process, role=ProcessRole.Role.MODERATOR).user
    superuser = UserFactory(is_superuser=True)
    for user in (AnonymousUser(), UserFactory(), organiser, admin, moderator, superuser):
        shown = [link.event_id for link in events_of_proposal(proposal=proposal, user=user)]
        assert shown == _expected(proposal, user), user
        visible = published or user in (admin, superuser)
        assert shown == ([sooner.pk, later.pk] if visible else []), user
