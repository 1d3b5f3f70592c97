"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every
cache operation; each one fills a table of about 160 response callbacks, which is a
sixth of a page-cache hit. A ``redis.Redis`` object holds no connection of its own (it
takes one from its pool for each command) and redis-py documents it as safe to share
between threads, so one per pool is kept and reused. Everything else, including the
options and the pools, is Django's.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    """``RedisCacheClient`` whose :meth:`get_client` returns the same ``redis.Redis``
    object for the same connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """The ``redis.Redis`` client of the pool Django would pick for ``key``/``write``
        (first server for writes, another one for reads when there are several)."""
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class ReusedClientRedisCache(RedisCache):
    """Django's ``RedisCache`` (same ``LOCATION``, ``OPTIONS`` and key functions) built
    on :class:`ReusedClientRedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
