from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from apps.core.ratelimit import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT calls per client address, counted in the shared cache (Redis in production).

    The address is the one every other per-IP limit of the site uses (`core.ratelimit.client_ip`: the trusted
    proxy's X-Forwarded-For entry or header, never one the client made up). Signed-in callers are counted by
    address too: the API ignores sessions."""

    scope = "api"

    def get_rate(self):
        # Read at each request (not frozen at import as DRF's rates are), so API_RATE_LIMIT may change in tests.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
