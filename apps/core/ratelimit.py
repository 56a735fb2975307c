"""A small fixed-window rate limit on the shared cache (Redis in production, local memory otherwise)."""

from django.core.cache import cache


def parse_rate(rate):
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(*, key, rate):
    """Count one attempt; True when it is within the limit."""
    limit, window = parse_rate(rate)
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        count = 1
    return count <= limit
