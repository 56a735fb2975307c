"""Django's Redis cache that survives Redis being unreachable.

The cache holds rate-limit counters (ours and allauth's), allauth's short locks and a few cached values
(the terms version read on every signed-in page). When Redis does not answer, each operation falls back to
a local-memory cache of this process, with one log line per outage: limits keep working per process, pages
keep rendering, and nothing answers 500. Redis is tried again RETRY_AFTER seconds later.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")


class FallbackRedisCache(RedisCache):
    RETRY_AFTER = 15  # seconds without trying Redis after a failure: a dead server is not waited for each time

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback:{server}", params)
        self._down_until = 0.0

    def _unavailable(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _failsafe(name):
    redis_operation = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = redis_operation(self, *args, **kwargs)
            except self._unavailable() as error:
                if not self._down_until:
                    logger.warning("cache: Redis unavailable (%s); using this process's memory for now", error)
                self._down_until = time.monotonic() + self.RETRY_AFTER
            else:
                if self._down_until:
                    logger.warning("cache: Redis reachable again")
                    self._down_until = 0.0
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in OPERATIONS:
    setattr(FallbackRedisCache, _name, _failsafe(_name))
