"""The models of the map plugin, gathered here for Django's app registry.

Each lives in the module named for what it holds: the map page in
:mod:`initiatives.pages`, the actions and their tags in :mod:`initiatives.actions`, the
map data's version in :mod:`initiatives.feed_state`, the submitters' private rows (personal
data) in :mod:`initiatives.submitters`, the counts of messages relayed through the
portal in :mod:`initiatives.contact.counts`. Code of the plugin imports them from there; this
module is for Django and for code outside the plugin.
"""

from .actions import InitiativePage, InitiativeTag, TaggedInitiative  # noqa: F401
from .contact.counts import ContactCount  # noqa: F401
from .feed_state import FeedVersion  # noqa: F401
from .pages import InitiativeIndexPage  # noqa: F401
from .submitters import InitiativeSubmitter  # noqa: F401
