"""Placing an idea on the map (issue 12 §3), server side: hidden coordinates, the maps' centre from the process or
the site, a preview map instead of raw numbers, and Leaflet only on pages that show a map."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.proposals.models import proposal_settings_for
from apps.proposals.selectors import map_defaults
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def wizard(proposal, step):
    return _url("proposals:wizard", slug=proposal.process.slug, pk=proposal.pk, step=step)


def test_maps_open_on_the_site_default(settings, process):
    settings.MAP_DEFAULT_CENTER = "48.8566,2.3522"
    settings.MAP_DEFAULT_ZOOM = 12
    assert map_defaults(process=process) == {"lat": 48.8566, "lng": 2.3522, "zoom": 12}


def test_a_process_sets_its_own_centre_and_zoom(process):
    own = proposal_settings_for(process)
    own.map_latitude, own.map_longitude, own.map_zoom = "43.604652", "1.444209", 15
    own.save()
    assert map_defaults(process=process) == {"lat": 43.604652, "lng": 1.444209, "zoom": 15}


def test_the_map_centre_is_both_or_neither(process):
    from django.core.exceptions import ValidationError

    own = proposal_settings_for(process)
    own.map_latitude = "43.6"
    with pytest.raises(ValidationError):
        own.full_clean()


def test_step_3_hides_the_coordinates_and_opens_the_map_on_the_process(citizen_client, draft):
    own = proposal_settings_for(draft.process)
    own.map_latitude, own.map_longitude, own.map_zoom = "43.604652", "1.444209", 15
    own.save()
    with translation.override("fr"):  # French decimal commas must not reach the map's data attributes
        html = citizen_client.get(wizard(draft, 3).replace("/en/", "/fr/")).content.decode()
    assert re.search(r'<input type="hidden" name="latitude"[^>]*id="id_latitude"', html)
    assert re.search(r'<input type="hidden" name="longitude"[^>]*id="id_longitude"', html)
    assert 'for="id_latitude"' not in html and 'for="id_longitude"' not in html  # no labelled field
    assert 'data-center-lat="43.604652" data-center-lng="1.444209" data-zoom="15"' in html
    assert "leaflet.js" in html
    assert "data-geocode-url" not in html  # address search is off by default: free text


def test_step_3_offers_address_search_when_a_geocoder_is_set(citizen_client, draft, settings):
    settings.GEOCODER_URL = "https://api-adresse.data.gouv.fr"
    html = citizen_client.get(wizard(draft, 3)).content.decode()
    assert f'data-geocode-url="{_url("core:geocode")}"' in html
    assert 'id="address-suggestions"' in html


def test_the_point_set_on_step_3_is_kept(citizen_client, draft, category):
    citizen_client.post(
        wizard(draft, 3),
        {"category": category.pk, "address": "Quai du canal", "latitude": "50.631932", "longitude": "3.066301",
         "action": "next"},
    )
    draft.refresh_from_db()
    assert (str(draft.latitude), str(draft.longitude)) == ("50.631932", "3.066301")


def test_the_preview_shows_a_map_not_numbers(citizen_client, process, citizen, category):
    draft = ProposalFactory(
        process=process, author=citizen, status="draft", published_at=None, reference=None, wizard_step=4,
        category=category, latitude="50.631932", longitude="3.066301",
    )
    html = citizen_client.get(wizard(draft, 4).replace("/en/", "/fr/")).content.decode()
    assert 'data-testid="preview-map"' in html
    assert "leaflet.js" in html
    assert "50,631932" not in html and "3,066301" not in html
    assert '"lat": 50.631932' in html  # the point, for the map script (json_script)


def test_no_leaflet_where_no_map_shows(client, citizen_client, process, citizen, category):
    without_place = ProposalFactory(process=process, category=category)
    list_html = client.get(_url("proposals:list", slug=process.slug)).content.decode()
    assert "leaflet" not in list_html
    assert "leaflet" in client.get(_url("proposals:list", slug=process.slug) + "?view=map").content.decode()
    detail = client.get(_url("proposals:detail", slug=process.slug, pk=without_place.pk)).content.decode()
    assert "leaflet" not in detail
    draft = ProposalFactory(
        process=process, author=citizen, status="draft", published_at=None, reference=None, wizard_step=4,
        category=category,
    )
    assert "leaflet" not in citizen_client.get(wizard(draft, 4)).content.decode()
    assert "leaflet" not in citizen_client.get(wizard(draft, 1)).content.decode()
