"""Public URL patterns of the diagnostic that Wagtail's page URL pattern cannot reach.

Wagtail's ``wagtail_serve`` pattern only matches paths of ``[\\w-]+/`` segments, so a
chapter's CSV route ``<chapter url>donnees/<block id>.csv`` (a dot, no trailing slash)
would be a 404 before page routing. This pattern hands such paths to Wagtail's own
``serve`` view, so they still go through its site routing, ``before_serve_page`` hooks
and view restrictions, and the chapter's route (``DiagnosticChapterPage.block_csv``)
answers.
"""

from django.urls import re_path
from wagtail import views as wagtail_views

#: ``<page path>/donnees/<block id>.csv``: group 1 is the path Wagtail's serve view takes.
BLOCK_CSV_PATTERN = r"^((?:[\w\-]+/)+donnees/[\w\-]+\.csv)$"


def public_urls():
    """URL patterns (list) for ``portal.hooks.PUBLIC_URLS``."""
    return [re_path(BLOCK_CSV_PATTERN, wagtail_views.serve, name="diagnostic_block_csv")]
