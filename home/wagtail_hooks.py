"""Home plugin hooks: demo content (the home page first, its hero, cards and news once
the plugins' pages exist, the legal pages last), the committee's calendar in the snippets
admin, the footer's legal links."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.hooks import DEMO_CONTENT, FOOTER_LINKS

from .calendar.admin import CommitteeMeetingViewSet
from .demo import complete_home, create_home
from .legal.demo import create_legal_pages
from .legal.footer import footer_links

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


@hooks.register(DEMO_CONTENT, order=90)
def create_demo_legal_pages(home_page, stdout):
    """Create the legal pages under the home page (idempotent), after the other plugins'
    pages, so that the site map and the statement's sample find them."""
    create_legal_pages(home_page, stdout)


@hooks.register(FOOTER_LINKS)
def legal_footer_links(request, site):
    """The legal pages' footer links (:func:`home.legal.footer.footer_links`)."""
    return footer_links(request, site)
