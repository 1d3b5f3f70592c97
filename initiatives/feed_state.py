"""The version of the map's data, bumped whenever what the GeoJSON feed shows may change.

One row (``pk=1``) in the database, so every process and every host sees the same value
(the default cache, LocMem, is per process). :mod:`initiatives.signals` bumps it when an
action is published, saved, unpublished, moved, deleted, when a view restriction changes
and when reference data the feed shows (communes, themes, tags, sites) changes.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from portal.page_cache import bump_version

SINGLETON_PK = 1


class FeedVersion(models.Model):
    """Counter of changes of the map's data (one row, ``pk=1``).

    ``version`` (int) grows by one at each change; ``changed_at`` (aware datetime, UTC)
    is the time of the last change, sent as the feed's ``Last-Modified``.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "map data version"


def bump_feed_version():
    """Add one to the version and set ``changed_at`` to now (one UPDATE; INSERT once).

    Also makes the page cache stale (:func:`portal.page_cache.bump_version`): every
    change of the map's data changes the pages that show it (map, list, home, action).
    The reverse does not hold: a new diagnostic chapter changes pages, not the feed, whose
    version is a durable HTTP validator (a value never reused, hence this row) rather than
    a purge token."""
    bump_version()
    now = timezone.now()
    updated = FeedVersion.objects.filter(pk=SINGLETON_PK).update(
        version=F("version") + 1, changed_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                FeedVersion.objects.create(pk=SINGLETON_PK, version=1, changed_at=now)
        except IntegrityError:  # created meanwhile by another request
            bump_feed_version()


def current_feed_version():
    """Return ``(version, changed_at)``: (int, aware datetime or None), in one query."""
    row = (
        FeedVersion.objects.filter(pk=SINGLETON_PK)
        .values_list("version", "changed_at").first()
    )
    return row if row is not None else (0, None)
