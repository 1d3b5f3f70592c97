"""Home plugin hooks: demo content (the home page first, its hero, cards and news once
the plugins' pages exist) and the committee's calendar in the snippets admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.hooks import DEMO_CONTENT

from .calendar.admin import CommitteeMeetingViewSet
from .demo import complete_home, create_home

register_snippet(CommitteeMeetingViewSet)


@hooks.register(DEMO_CONTENT, order=0)
def create_demo_home(home_page, stdout):
    """Create the HomePage, the comité's organisations and meetings (idempotent)."""
    create_home(stdout)


@hooks.register(DEMO_CONTENT, order=40)
def complete_demo_home(home_page, stdout):
    """After the plugins' pages (orders 10 to 30): the home page's hero and ways to take
    part, and the news (idempotent)."""
    complete_home(home_page, stdout)
