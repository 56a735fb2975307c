import pytest
from django.conf import settings
from django.utils import translation

from apps.spaces.models import ProcessRole
from tests.factories import CommentFactory, ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def moderator(process):
    return ProcessRoleFactory(process=process, role=ProcessRole.Role.MODERATOR).user


@pytest.fixture
def other_admin(db):
    """The administrator of ANOTHER process."""
    return ProcessRoleFactory(process=ProcessFactory(), role=ProcessRole.Role.ADMIN).user


@pytest.fixture
def evaluator(process):
    return ProcessRoleFactory(process=process, role=ProcessRole.Role.EVALUATOR).user


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def proposal(process):
    return ProposalFactory(process=process, title="Des bancs le long du canal pour tous")


@pytest.fixture
def comment(proposal):
    """A comment, counted on its proposal as the comments service counts it."""
    comment = CommentFactory(target=proposal, body="Un commentaire hors sujet et désagréable.")
    type(proposal).objects.filter(pk=proposal.pk).update(comment_count=1)
    proposal.comment_count = 1
    return comment


@pytest.fixture
def reporters(db):
    return [UserFactory() for _ in range(5)]
