import io

import pytest
from django.conf import settings
from django.utils import translation
from PIL import Image

from tests.factories import CategoryFactory, ProcessRoleFactory, ProposalFactory, UserFactory


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


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def png():
    return png_bytes()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the thread; later code would then run in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
