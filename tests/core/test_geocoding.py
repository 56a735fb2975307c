"""Address search (issue 12 §3) against a fake geocoder served by the test itself: a Nominatim-compatible server
and the French national address API (api-adresse.data.gouv.fr), both behind apps.core.geocoding, reached by the
browser only through the site's own /geocode/ (so the CSP keeps connect-src 'self')."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from apps.core import geocoding
from tests.factories import UserFactory

NOMINATIM_ROWS = [
    {"display_name": "Place de la Gare, Villeneuve-sur-Lys, France", "lat": "50.6366", "lon": "3.0700"},
    {"display_name": "Rue de la Gare, Villeneuve-sur-Lys, France", "lat": "50.6350", "lon": "3.0720"},
    {"display_name": "broken row without coordinates"},
]
ADDRESS_API_ANSWER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [3.0573, 50.6292]},
            "properties": {"label": "1 Place du Théâtre 59800 Lille", "score": 0.9},
        }
    ],
}


class FakeGeocoder(BaseHTTPRequestHandler):
    requests = []  # (path, query, headers) of every request, for the assertions

    def do_GET(self):
        parts = urlsplit(self.path)
        FakeGeocoder.requests.append((parts.path, parse_qs(parts.query), dict(self.headers)))
        if parts.path == "/search":
            body = NOMINATIM_ROWS
        elif parts.path == "/adresse/search/":
            body = ADDRESS_API_ANSWER
        elif parts.path == "/broken/search":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{not json")
            return
        else:
            self.send_response(404)
            self.end_headers()
            return
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def fake_server():
    FakeGeocoder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGeocoder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cache.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    cache.clear()


@pytest.fixture
def nominatim(settings, fake_server):
    settings.GEOCODER_URL = fake_server
    settings.GEOCODER_API = ""
    return fake_server


def geocode_url():
    with translation.override("en"):
        return reverse("core:geocode")


def test_off_by_default(settings, client, db):
    assert settings.GEOCODER_URL == ""
    assert geocoding.get_geocoder() is None
    assert geocoding.geocode("rue de la Gare", language="fr") == []
    client.force_login(UserFactory())
    assert client.get(geocode_url(), {"q": "rue de la Gare"}).status_code == 404


@pytest.mark.parametrize(
    ("url", "api"),
    [
        ("https://api-adresse.data.gouv.fr", "adresse"),
        ("https://nominatim.openstreetmap.org", "nominatim"),
        ("https://geo.example.org/nominatim/", "nominatim"),
    ],
)
def test_the_api_is_guessed_from_the_url(url, api):
    assert geocoding.api_of(url) == api
    assert geocoding.api_of(url, "adresse") == "adresse"


def test_nominatim_search(nominatim):
    places = geocoding.geocode("Place de la Gare", language="fr", near=(50.63, 3.06))
    assert [p.label for p in places] == [row["display_name"] for row in NOMINATIM_ROWS[:2]]
    assert (places[0].latitude, places[0].longitude) == (50.6366, 3.07)
    path, query, headers = FakeGeocoder.requests[0]
    assert path == "/search"
    assert query["q"] == ["Place de la Gare"] and query["format"] == ["jsonv2"]
    assert query["accept-language"] == ["fr"]
    assert "viewbox" in query  # nearby places first
    assert headers["User-Agent"].startswith("pbplatform")  # Nominatim's policy: say who asks


def test_answers_are_cached(nominatim):
    geocoding.geocode("Place de la Gare", language="fr")
    geocoding.geocode("  place de la   GARE ", language="fr")
    assert len(FakeGeocoder.requests) == 1


def test_the_national_address_api(settings, fake_server):
    settings.GEOCODER_URL = f"{fake_server}/adresse/"
    settings.GEOCODER_API = "adresse"
    places = geocoding.geocode("1 place du théâtre lille", language="fr", near=(50.63, 3.06))
    assert places == [geocoding.Place("1 Place du Théâtre 59800 Lille", 50.6292, 3.0573)]  # GeoJSON is lon, lat
    path, query, _headers = FakeGeocoder.requests[0]
    assert path == "/adresse/search/"
    assert query["lat"] == ["50.63"] and query["lon"] == ["3.06"]


def test_a_broken_answer_is_an_error_not_a_crash(settings, fake_server):
    settings.GEOCODER_URL = f"{fake_server}/broken"
    with pytest.raises(geocoding.GeocoderError):
        geocoding.geocode("anything", language="fr")


@pytest.mark.django_db
def test_the_view_suggests_addresses_to_participants(client, nominatim):
    client.force_login(UserFactory())
    response = client.get(geocode_url(), {"q": "Place de la Gare", "lat": "50.63", "lng": "3.06"})
    assert response.status_code == 200
    data = response.json()
    assert data["results"][0] == {"label": NOMINATIM_ROWS[0]["display_name"], "lat": 50.6366, "lng": 3.07}
    assert data["message"] == "2 addresses found."


@pytest.mark.django_db
def test_the_view_refuses_anonymous_visitors_and_ignores_short_queries(client, nominatim):
    assert client.get(geocode_url(), {"q": "Place de la Gare"}).status_code == 403
    client.force_login(UserFactory())
    assert client.get(geocode_url(), {"q": "Pl"}).json() == {"results": [], "message": ""}
    assert FakeGeocoder.requests == []


@pytest.mark.django_db
@pytest.mark.parametrize("near", [{"lat": "nan", "lng": "3"}, {"lat": "1e999", "lng": "x"}, {"lat": "95", "lng": "0"}])
def test_the_view_ignores_a_bad_centre(client, nominatim, near):
    client.force_login(UserFactory())
    response = client.get(geocode_url(), {"q": "Place de la Gare", **near})
    assert response.status_code == 200
    assert "viewbox" not in FakeGeocoder.requests[0][1]


@pytest.mark.django_db
def test_the_view_says_when_the_service_is_down(client, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.GEOCODER_TIMEOUT = 1
    cache.clear()
    client.force_login(UserFactory())
    response = client.get(geocode_url(), {"q": "Place de la Gare"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [],
        "message": "Address search is not available right now: click on the map instead.",
    }


@pytest.mark.django_db
def test_the_view_is_rate_limited(client, nominatim, settings):
    settings.GEOCODER_RATE_LIMIT = "2/60"
    client.force_login(UserFactory())
    statuses = [client.get(geocode_url(), {"q": f"Place numéro {n}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
