"""Home plugin hooks: demo content (runs first)."""

from wagtail import hooks

from portal.hooks import DEMO_CONTENT

from .demo import create_home


@hooks.register(DEMO_CONTENT, order=0)
def create_demo_home(home_page, stdout):
    """Create the HomePage and the comité's organisations (idempotent)."""
    create_home(stdout)
