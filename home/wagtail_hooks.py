"""Home plugin hooks: demo content (runs first), the footer's legal links."""

from wagtail import hooks

from portal.hooks import DEMO_CONTENT, FOOTER_LINKS

from .demo import create_home
from .legal.demo import create_legal_pages
from .legal.footer import footer_links


@hooks.register(DEMO_CONTENT, order=0)
def create_demo_home(home_page, stdout):
    """Create the HomePage and the comité's organisations (idempotent)."""
    create_home(stdout)


@hooks.register(DEMO_CONTENT, order=90)
def create_demo_legal_pages(home_page, stdout):
    """Create the legal pages under the home page (idempotent), after the other plugins'
    pages, so that the site map and the statement's sample find them."""
    create_legal_pages(home_page, stdout)


@hooks.register(FOOTER_LINKS)
def legal_footer_links(request, site):
    """The legal pages' footer links (:func:`home.legal.footer.footer_links`)."""
    return footer_links(request, site)
