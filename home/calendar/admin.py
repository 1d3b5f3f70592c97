"""The committee's calendar in the admin's snippets: its listing and menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CommitteeMeeting


class CommitteeMeetingViewSet(SnippetViewSet):
    """Snippets › Committee meetings: listing by date (most recent first), with place."""

    model = CommitteeMeeting
    icon = "date"
    menu_label = _("Committee calendar")
    list_display = ["title", "starts_at", "place"]
    ordering = ["-starts_at"]
    search_fields = ["title", "place"]
    search_backend_name = None  # a short list: the database's own filter
