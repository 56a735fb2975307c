import pytest
from django.utils import translation

from apps.proposals import review_services
from apps.proposals.models import ReviewCriterion
from apps.spaces.models import ProcessRole
from tests.factories import CategoryFactory, ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory
from tests.helpers import png_bytes
from tests.proposals.review_helpers import staff


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def process_admin(process):
    return ProcessRoleFactory(process=process).user


@pytest.fixture
def category(process):
    return CategoryFactory(process=process, name="Écologie")


@pytest.fixture
def published(process, citizen, category):
    return ProposalFactory(process=process, author=citizen, category=category)


@pytest.fixture
def draft(process, citizen):
    return ProposalFactory(
        process=process, author=citizen, status="draft", published_at=None, reference=None, wizard_step=3
    )


@pytest.fixture
def png():
    return png_bytes()


# --- Feasibility review (tests/proposals/test_review_*.py)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def team(db, process):
    """Everybody of the permission matrix, and one proposal assigned to `evaluator`."""
    other = ProcessFactory(slug="other-process")
    people = {
        "admin": staff(process, ProcessRole.Role.ADMIN),
        "evaluator": staff(process, ProcessRole.Role.EVALUATOR),
        "other_evaluator": staff(process, ProcessRole.Role.EVALUATOR),
        "moderator": staff(process, ProcessRole.Role.MODERATOR),
        "other_admin": staff(other, ProcessRole.Role.ADMIN),
        "citizen": UserFactory(language="en"),
    }
    category = CategoryFactory(process=process, name="Sport")
    criteria = [
        ReviewCriterion.objects.create(
            process=process, label_en="On public land", label_fr="Sur un terrain public", position=1
        ),
        ReviewCriterion.objects.create(
            process=process, label_en="Technically feasible", label_fr="Réalisable", position=2
        ),
    ]
    proposal = ProposalFactory(process=process, author=people["citizen"], category=category)
    review_services.review_assign(proposals=[proposal], evaluators=[people["evaluator"]], actor=people["admin"])
    proposal.refresh_from_db()
    return {
        "process": process, "other": other, "proposal": proposal, "criteria": criteria, "category": category, **people
    }
