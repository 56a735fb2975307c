import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the thread; factories would then fill *_en fields.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
