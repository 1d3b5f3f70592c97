"""The quick start's local logins (``manage.py create_local_logins``, DEBUG only)."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_logins_are_printed_with_the_address_served(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_local_logins", address="127.0.0.1:8012", stdout=out)
    assert "Connexions locales (http://127.0.0.1:8012/admin/) :" in out.getvalue()
    assert "comite@localhost / comite-solidarites" in out.getvalue()
