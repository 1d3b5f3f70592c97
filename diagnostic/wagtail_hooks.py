"""Diagnostic plugin hooks: demo content (the host runs it through a hook, never importing
this plugin) and the admin's "Indicateurs" menu (indicators and their import).

The diagnostic is not a way to take part: it registers no HOME_PARTICIPATION card.
"""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.hooks import DEMO_CONTENT, PUBLIC_URLS

from . import urls
from .demo import create_diagnostic
from .indicators.admin import IndicatorViewSet

register_snippet(IndicatorViewSet)


@hooks.register(DEMO_CONTENT, order=30)
def create_demo_diagnostic(home_page, stdout):
    """Create /diagnostic/ and its two published chapters (idempotent)."""
    create_diagnostic(home_page, stdout)


@hooks.register(PUBLIC_URLS)
def diagnostic_public_urls():
    """The chapters' CSV routes, handed to Wagtail's page serving
    (:mod:`diagnostic.urls`)."""
    return urls.public_urls()
