"""Sessions in the database, with a short-lived copy in the shared cache (Redis) so a request reads no session row.

Django's `cached_db` engine, with two changes:
- the copy lives SESSION_CACHE_SECONDS (5 minutes), not as long as the session: what the database says wins again
  soon after anything the copy missed (a change made while Redis was unreachable, a row deleted by hand);
- with `FallbackRedisCache`, the copy is in Redis or nowhere: during an outage, sessions are read from and written
  to the database only, never to one process's memory (which another process's log-out would not reach).

The database stays the reference: a Redis outage signs nobody out (settings: used when REDIS_URL is set).
"""

import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SECONDS = 300


class SessionStore(CachedDBStore):
    cache_key_prefix = "pb.session:"

    def _cache_call(self, name, *args, default=None):
        shared = getattr(self._cache, "shared", None)
        try:
            if shared is not None:
                return shared(name, *args, default=default)
            return getattr(self._cache, name)(*args)
        except Exception:  # noqa: BLE001 - a cache problem falls back to the database, as cached_db does
            logger.exception("sessions: cache %s failed", name)
            return default

    def _cache_seconds(self, expiry_age):
        return max(0, min(expiry_age, getattr(settings, "SESSION_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)))

    def load(self):
        data = self._cache_call("get", self.cache_key)
        if data is None:
            stored = self._get_session_from_db()
            if stored:
                data = self.decode(stored.session_data)
                seconds = self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date))
                if seconds:
                    self._cache_call("set", self.cache_key, data, seconds)
            else:
                data = {}
        return data

    def exists(self, session_key):
        # A new session key must be free in the database, the reference (a cached copy may be gone already).
        return super(CachedDBStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)
        seconds = self._cache_seconds(self.get_expiry_age())
        if seconds:
            self._cache_call("set", self.cache_key, self._session, seconds)
        else:
            self._cache_call("delete", self.cache_key)

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache_call("delete", self.cache_key_prefix + session_key)

    # The async twins go through the same code (Django's would keep the copy as long as the session).
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)
