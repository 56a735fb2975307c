import pytest

from tests.factories import ProposalFactory


@pytest.fixture
def phase(process):
    return process.phases.get()


@pytest.fixture
def proposal(process):
    return ProposalFactory(process=process)


@pytest.fixture
def fresh():
    """Reload a proposal with its process, so cached properties (active phase, ...) are recomputed."""
    from apps.proposals.models import Proposal

    def reload(proposal):
        return Proposal.objects.select_related("process").get(pk=proposal.pk)

    return reload
