import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from tests.factories import ProposalFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; URLs are reversed under /en/.
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(process):
    """A published proposal in a process whose active phase enables comments."""
    return ProposalFactory(process=process)


@pytest.fixture
def commenter(db):
    return UserFactory(nickname="camille")


@pytest.fixture
def other(db):
    return UserFactory(nickname="karim")


def thread_url(target):
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:thread", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


def create_url(target):
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


HTMX = {"HTTP_HX_REQUEST": "true"}
