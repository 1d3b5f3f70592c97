"""Shared fixtures: a test database with the reference data and the demo content.

The database is SQLite unless DATABASE_URL points at PostgreSQL (pytest-django creates
``test_<name>`` next to it). The reference data and the demo content are loaded once per
test session; each test runs in a transaction that is rolled back.
"""

import os

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

# Property-based tests (hypothesis). "default", used by ``make test`` and CI: few
# examples per test, the same ones on every run (``derandomize``): a failure is
# reproduced on any machine, and the suite never fails at random on an unrelated change;
# no example database is written. "explore" (``HYPOTHESIS_PROFILE=explore``): many random
# examples, failures remembered in ``.hypothesis/``, to look for new faults.
_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
           HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "default", max_examples=30, deadline=None, derandomize=True, database=None,
    suppress_health_check=_HEALTH, print_blob=True,
)
settings.register_profile(
    "explore", max_examples=500, deadline=None, suppress_health_check=_HEALTH,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the Landes reference data and the demo content into the test database."""
    from django.db import connection, connections

    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
        call_command("load_demo_content", verbosity=0)
        # Transactional tests (the browser journeys) flush the database when they end;
        # with serialized_rollback=True they restore this snapshot first.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        # Connections are context-local (asgiref): when another test ran first, the
        # browser tests got another connection object, without the snapshot, so Django
        # neither restored it nor kept post_migrate from emptying the groups. Every
        # connection of this backend gets it.
        type(connections["default"])._test_serialized_contents = (
            connection._test_serialized_contents
        )


@pytest.fixture
def home_page(db):
    """The site's HomePage (specific instance)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def make_user(db):
    """Factory: ``make_user(email, groups=[names], **flags)`` -> saved User."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def factory(email, groups=(), password="pass-word-123", **flags):
        user = get_user_model().objects.create_user(email=email, password=password, **flags)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return factory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate-limit counters, feed bodies)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT filled once per session by ``collectstatic`` with Django's
    ManifestStaticFilesStorage: hashed copies (``marker-icon.2273e3d8ad92.png``), the
    unhashed originals and ``staticfiles.json``, as production's
    CompressedManifestStaticFilesStorage writes them (without the compressed copies).
    Output: the directory (pathlib.Path)."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def manifest_static(settings, collected_static):
    """Pages render ``{% static %}`` URLs as in production: hashed names read from the
    manifest of ``collected_static`` (the STATIC_ROOT, returned as pathlib.Path)."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return collected_static
