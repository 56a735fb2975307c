"""Who a segment reaches: always among the people who opted in, with an active account."""

from django.utils import timezone

from apps.budgets.models import Participation
from apps.newsletters.models import Newsletter
from apps.newsletters.selectors import segment_recipients
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import (
    BudgetFactory,
    CensusEntryFactory,
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)

from .conftest import make_newsletter, opted_in


def recipients(newsletter):
    return set(segment_recipients(newsletter=newsletter))


def test_everyone_means_everyone_who_opted_in_with_an_active_account(db):
    yes = opted_in()
    UserFactory()  # never ticked the box
    opted_in(is_active=False)
    opted_in(blocked_at=timezone.now())
    opted_in(deleted_at=timezone.now())
    assert recipients(make_newsletter()) == {yes}


def test_participants_of_a_process(process):
    author, coauthor, supporter, commenter, voter, registrant = (opted_in() for _ in range(6))
    proposal = ProposalFactory(process=process, author=author, status="published")
    proposal.coauthors.add(coauthor)
    SupportFactory(user=supporter, proposal=ProposalFactory(process=process, status="published"))
    CommentFactory(author=commenter, target=proposal)
    Participation.objects.create(budget=BudgetFactory(process=process), user=voter, channel="online")
    RegistrationFactory(user=registrant, event=EventFactory(process=process))
    # Not participants of this process: a draft's author, someone who cancelled their registration, a participant
    # of another process, and a participant who never opted in.
    ProposalFactory(process=process, author=opted_in(), status="draft")
    RegistrationFactory(user=opted_in(), event=EventFactory(process=process), status="cancelled")
    ProposalFactory(process=ProcessFactory(), author=opted_in(), status="published")
    SupportFactory(user=UserFactory(), proposal=proposal)
    newsletter = make_newsletter(segment=Newsletter.Segment.PROCESS, process=process)
    assert recipients(newsletter) == {author, coauthor, supporter, commenter, voter, registrant}


def test_residents_of_a_district_verified_by_the_census_or_by_their_district_postal_code(process):
    by_census = opted_in(postal_code="")
    CensusEntryFactory(process=process, district="Fives", user=by_census, verified_at=timezone.now())
    BudgetFactory(process=process, district="Fives", district_postal_codes="59800, 59777")
    by_postal_code = opted_in(postal_code="59777")
    elsewhere = opted_in(postal_code="59000")
    CensusEntryFactory(process=process, district="Wazemmes", user=elsewhere, verified_at=timezone.now())
    UserFactory(postal_code="59800")  # lives there, but never opted in
    newsletter = make_newsletter(segment=Newsletter.Segment.DISTRICT, district="fives")
    assert recipients(newsletter) == {by_census, by_postal_code}
