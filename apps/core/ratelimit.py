"""A small fixed-window rate limit on the shared cache (Redis in production, local memory otherwise),
and the one place that decides who the client is (`client_ip`)."""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def parse_rate(rate):
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def _clean_ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's address, for per-IP limits (ours and allauth's, through the account adapter).

    Behind a reverse proxy REMOTE_ADDR is the proxy for everybody, so the address comes from what the
    proxies we run put in the request: a header they set (TRUSTED_CLIENT_IP_HEADER) or, with
    TRUSTED_PROXY_COUNT proxies, the X-Forwarded-For entry the outermost one added (entries to its left
    are whatever the client sent). Without a configured proxy, forwarding headers are never trusted.
    """
    candidate = None
    header = settings.TRUSTED_CLIENT_IP_HEADER
    proxies = settings.TRUSTED_PROXY_COUNT
    if header:
        candidate = request.headers.get(header)
    elif proxies > 0:
        forwarded = [part for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        # Fewer entries than proxies: the request did not come through all of them; use the peer.
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    return _clean_ip(candidate) or _clean_ip(request.META.get("REMOTE_ADDR")) or "unknown"


def hit(*, key, rate):
    """Count one attempt; True when it is within the limit.

    If the cache cannot be reached, the limit fails open (with a log line): an outage of Redis must not
    stop people from taking part.
    """
    limit, window = parse_rate(rate)
    cache_key = f"ratelimit:{key}"
    try:
        cache.add(cache_key, 0, window)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window)
            count = 1
    except Exception:  # any cache failure
        logger.warning("rate limit %s not checked: cache unavailable", key, exc_info=True)
        return True
    return count <= limit
