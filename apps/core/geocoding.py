"""Address search behind one small interface, off unless GEOCODER_URL is set.

    geocoder = get_geocoder()          # None when address search is off
    places = geocoder.search("12 rue de la Gare, Lille", language="fr", near=(50.63, 3.06))
    places[0].label, places[0].latitude, places[0].longitude

Two kinds of servers speak the interface: a Nominatim-compatible one (`/search?format=jsonv2`) and the French
national address API (api-adresse.data.gouv.fr, `/search/`, GeoJSON). Another service is one more class with a
`search` method, and one more entry in `APIS`. The browser never calls the service: apps.core.views.geocode does,
so the Content-Security-Policy keeps `connect-src 'self'`, and answers are cached.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 3600
MAX_RESULTS = 5


class GeocoderError(Exception):
    """The address service did not answer, or answered something unreadable."""


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float

    def as_json(self):
        return {"label": self.label, "lat": round(self.latitude, 6), "lng": round(self.longitude, 6)}


class _HTTPGeocoder:
    path = ""

    def __init__(self, base_url, *, timeout=4.0):
        self.base_url = base_url.rstrip("/").removesuffix("/search")  # either the root or its /search
        self.timeout = timeout

    def _get(self, params, *, language):
        url = f"{self.base_url}{self.path}?{urlencode(params)}"
        request = Request(
            url,
            headers={
                # Nominatim's usage policy asks for an identifying User-Agent.
                "User-Agent": f"pbplatform ({settings.SITE_NAME}; {settings.SITE_URL})",
                "Accept": "application/json",
                "Accept-Language": language,
            },
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL from the settings)
                return json.loads(response.read(1_000_000).decode("utf-8"))
        except (URLError, TimeoutError, OSError, ValueError) as error:
            raise GeocoderError(str(error)) from error


class NominatimGeocoder(_HTTPGeocoder):
    path = "/search"

    def search(self, query, *, language="fr", near=None, limit=MAX_RESULTS):
        params = {"q": query, "format": "jsonv2", "limit": limit, "accept-language": language}
        if near is not None:  # prefer (not restrict to) the area around the map's centre
            lat, lng = near
            params["viewbox"] = f"{lng - 0.25},{lat + 0.25},{lng + 0.25},{lat - 0.25}"
        rows = self._get(params, language=language)
        if not isinstance(rows, list):
            raise GeocoderError("unexpected answer")
        places = []
        for row in rows[:limit]:
            try:
                places.append(Place(str(row["display_name"]), float(row["lat"]), float(row["lon"])))
            except (KeyError, TypeError, ValueError):
                continue
        return places


class AddressApiGeocoder(_HTTPGeocoder):
    """https://adresse.data.gouv.fr/outils/api-doc/adresse (the Base Adresse Nationale)."""

    path = "/search/"

    def search(self, query, *, language="fr", near=None, limit=MAX_RESULTS):
        params = {"q": query, "limit": limit}
        if near is not None:
            params["lat"], params["lon"] = near
        data = self._get(params, language=language)
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise GeocoderError("unexpected answer")
        places = []
        for feature in features[:limit]:
            try:
                lng, lat = feature["geometry"]["coordinates"][:2]
                places.append(Place(str(feature["properties"]["label"]), float(lat), float(lng)))
            except (KeyError, TypeError, ValueError):
                continue
        return places


APIS = {"nominatim": NominatimGeocoder, "adresse": AddressApiGeocoder}


def api_of(url, api=""):
    """The configured API's name: GEOCODER_API, or guessed from the URL (the national address API by its host)."""
    if api:
        return api
    host = urlsplit(url).hostname or ""
    return "adresse" if host.startswith("api-adresse.") else "nominatim"


def get_geocoder():
    """The configured geocoder, or None when address search is off (no GEOCODER_URL)."""
    url = settings.GEOCODER_URL
    if not url:
        return None
    name = api_of(url, settings.GEOCODER_API)
    if name not in APIS:
        logger.warning("Unknown GEOCODER_API %r: address search is off.", name)
        return None
    return APIS[name](url, timeout=settings.GEOCODER_TIMEOUT)


def geocode(query, *, language, near=None):
    """Places for `query`, cached a day per (service, language, query, area); [] when search is off.
    Raises GeocoderError when the service fails (nothing is cached then)."""
    geocoder = get_geocoder()
    if geocoder is None:
        return []
    query = " ".join(query.split())[:200]
    area = f"{near[0]:.2f},{near[1]:.2f}" if near else ""
    digest = hashlib.sha256(f"{settings.GEOCODER_URL}|{language}|{area}|{query.lower()}".encode()).hexdigest()
    key = f"geocode:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return [Place(**row) for row in cached]
    places = geocoder.search(query, language=language, near=near)
    cache.set(key, [place.__dict__ for place in places], CACHE_SECONDS)
    return places
