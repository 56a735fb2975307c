"""Django's Redis cache that survives Redis being unreachable.

The cache holds rate-limit counters (ours and allauth's), allauth's short locks and a few cached values
(the terms version read on every signed-in page). When Redis does not answer, each operation falls back to
a local-memory cache of this process, with one log line per outage: limits keep working per process, pages
keep rendering, and nothing answers 500. Redis is tried again RETRY_AFTER seconds later.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every cache operation, and redis-py's constructor copies its
    table of ~200 response callbacks each time (about as long as the round trip itself). One client per connection
    pool does (redis.Redis is thread-safe; the pool hands out the connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    RETRY_AFTER = 15  # seconds without trying Redis after a failure: a dead server is not waited for each time

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._fallback = LocMemCache(f"redis-fallback:{server}", params)
        self._down_until = 0.0

    def _unavailable(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

    def shared(self, name, *args, default=None, **kwargs):
        """Redis or nothing: `default` when Redis does not answer, never this process's memory.

        For values every process must see alike (the sessions' copies, apps/core/sessions.py): a copy kept in one
        process's memory during an outage would outlive a change made through another process.
        """
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except self._unavailable() as error:
            if not self._down_until:
                logger.warning("cache: Redis unavailable (%s); using this process's memory for now", error)
            self._down_until = time.monotonic() + self.RETRY_AFTER
            return default


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
