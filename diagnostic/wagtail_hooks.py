"""Diagnostic plugin hooks: demo content (the host runs it through a hook, never importing
this plugin), its card on the home page ("read the diagnostic") and the admin's
"Indicateurs" menu (indicators and their import).
"""

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.hooks import DEMO_CONTENT, HOME_PARTICIPATION, PUBLIC_URLS

from . import urls
from .demo import create_diagnostic
from .indicators.admin import IndicatorViewSet
from .models import DiagnosticIndexPage

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


@hooks.register(HOME_PARTICIPATION, order=30)
def diagnostic_participation(request):
    """Home page card of the diagnostic: dict ``{"key": "diagnostic", "title", "text",
    "url", "link_label"}`` (translated str, ``url`` the live, public diagnostic's URL), or
    None when no diagnostic page is live and public."""
    page = DiagnosticIndexPage.objects.live().public().order_by("path").first()
    url = page.get_url(request) if page is not None else None
    if not url:
        return None
    return {
        "key": "diagnostic",
        "title": _("Territorial diagnostic"),
        "text": _("Read the social diagnostic of the département: key figures, maps by "
                  "commune and the full report."),
        "url": url,
        "link_label": _("Read the diagnostic"),
    }
