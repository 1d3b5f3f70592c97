"""Settings of the exports benchmark (bench/exports.py): the development settings
(DATABASE_URL points at the bench database) with DEBUG off, so that Django does not keep
every SQL query in memory and the figures are those of production code paths."""

from portal.settings.dev import *  # noqa: F401,F403

DEBUG = False
