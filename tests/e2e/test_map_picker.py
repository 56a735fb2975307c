"""Placing an idea on the map (issue 12 §3), at 390 px: no latitude or longitude field in sight; an address
suggestion from a fake geocoder (served by the test) places the marker, a tap on the map moves it; the preview
shows a small map, not "50,631932, 3,066301"."""

import pytest

from apps.accounts.models import User
from apps.proposals.models import Proposal
from tests.core.test_geocoding import FakeGeocoder, fake_server  # noqa: F401 (the fake geocoder's fixture)
from tests.e2e.conftest import PHONE
from tests.e2e.test_phone import assert_fits_a_phone
from tests.factories import ProposalFactory
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e


def test_wizard_map_step_on_a_phone(page_factory, login, settings, fake_server):  # noqa: F811
    settings.GEOCODER_URL = fake_server  # address search on, answered by the fake Nominatim
    settings.GEOCODER_API = ""
    camille = User.objects.get(email="camille@demo.pbplatform.fr")
    process_id = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG).values_list("process_id", flat=True)[0]
    draft = ProposalFactory(
        process_id=process_id,
        author=camille,
        status=Proposal.Status.DRAFT,
        published_at=None,
        reference=None,
        wizard_step=3,
        title="Des bancs le long du canal",
    )
    page = page_factory(locale="fr-FR", viewport=PHONE)
    login(page, camille.email, language="fr")
    step3 = f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/{draft.pk}/draft/3/"
    assert_fits_a_phone(page, step3)

    # No raw coordinates: the fields are hidden, nothing says "Latitude".
    assert not page.locator("input[name=latitude]").is_visible()
    assert not page.locator("input[name=longitude]").is_visible()
    assert "latitude" not in page.by_testid("map-picker").inner_text().lower()
    assert page.locator(".js-map-picker .leaflet-container, .js-map-picker.leaflet-container").count() == 1

    # An address suggestion places the marker.
    page.locator("select[name=category]").select_option(index=1)
    page.fill("input[name=address]", "Place de la Gare")
    suggestion = page.locator(".js-address-choice").first
    suggestion.wait_for()
    assert suggestion.inner_text() == "Place de la Gare, Villeneuve-sur-Lys, France"
    suggestion.click()
    assert page.input_value("input[name=address]") == "Place de la Gare, Villeneuve-sur-Lys, France"
    assert page.input_value("input[name=latitude]") == "50.636600"
    assert page.input_value("input[name=longitude]") == "3.070000"
    assert page.locator(".js-map-picker .leaflet-marker-icon").count() == 1
    assert FakeGeocoder.requests, "the server asked the geocoder"

    # A tap on the map moves it.
    page.locator(".js-map-picker").click(position={"x": 60, "y": 60})
    assert page.input_value("input[name=latitude]") != "50.636600"
    assert page.locator(".js-map-picker .leaflet-marker-icon").count() == 1

    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    assert page.path().endswith("/draft/4/")
    preview = page.by_testid("preview")
    assert preview.locator("[data-testid=preview-map].leaflet-container").count() == 1
    assert preview.locator(".leaflet-interactive").count() == 1  # the marker
    draft.refresh_from_db()
    assert str(draft.latitude)[:4] not in preview.inner_text()  # no raw coordinates
    page.assert_clean()
