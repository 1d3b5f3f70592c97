"""Live counters shown on pages (numbers of actions, proposals), kept a short while.

A counter is computed at most once per ``PORTAL_LIVE_COUNT_SECONDS`` and content version
(:func:`portal.page_cache.current_version`): pages served fresh (filtered lists, pages
the page cache does not keep) do not count on every view, and a publication, which
changes the version, shows in the count at once, as it does in the list beside it.
"""

import hashlib
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator

from .page_cache import current_version

#: Prefix of the cache keys of counters.
COUNT_PREFIX = "portal:live-count:"


def cached_count(name, compute):
    """The value of counter ``name`` (str, any length: hashed into the key), from the
    cache or else from ``compute()`` (a callable returning an int), then kept
    ``PORTAL_LIVE_COUNT_SECONDS`` seconds under the current content version.

    Output: int. A failing cache is bypassed (the count is computed).
    """
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()
    try:
        key = f"{COUNT_PREFIX}{current_version()}:{digest}"
        value = cache.get(key)
    except Exception:
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, int(getattr(settings, "PORTAL_LIVE_COUNT_SECONDS", 60)))
        except Exception:
            pass
    return value


class CachedCountPaginator(Paginator):
    """Django's Paginator whose total (``count``) is a live counter named ``count_name``
    (str: what is counted, e.g. the page and its filters), see :func:`cached_count`."""

    def __init__(self, object_list, per_page, count_name, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        """Total number of objects (int), from the cache when counted recently."""
        return cached_count(self.count_name, lambda: Paginator.count.func(self))
