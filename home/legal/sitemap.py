"""The site map's tree (RGAA 12.1: a second navigation system besides the main menu)."""

from django.db.models import Q
from wagtail.models import Page

#: Levels of pages shown below the home page.
MAX_DEPTH = 3
#: A page with more child pages than this (e.g. the map and its hundreds of actions)
#: links to its own list instead of listing them.
MAX_CHILDREN = 30


def site_tree(root, request, max_depth=MAX_DEPTH, max_children=MAX_CHILDREN):
    """The tree of the live, public pages below ``root`` (a Wagtail Page, the site's
    home page), in tree order.

    Output: a dict ``{"title", "url", "children": [...], "more": bool}`` for ``root``,
    each child the same shape, down to ``max_depth`` levels below ``root``. A page with
    more than ``max_children`` child pages (counted by Wagtail's ``numchild``, drafts
    included) is not expanded: its ``more`` is True and its children list empty, and the
    template links to the page itself, which lists them. URLs are those of
    ``Page.get_url(request)``. One query per level.
    """
    top = {"title": root.title, "url": root.get_url(request), "children": [], "more": False}
    nodes = {root.path: top}
    expand = [root]
    for _level in range(max_depth):
        if not expand:
            break
        prefixes = Q()
        for page in expand:
            prefixes |= Q(path__startswith=page.path)
        depth = expand[0].depth + 1
        children = Page.objects.live().public().filter(prefixes, depth=depth).order_by("path")
        expand = []
        for page in children:
            parent = nodes.get(page.path[:-Page.steplen])
            if parent is None:
                continue
            node = {"title": page.title, "url": page.get_url(request), "children": [],
                    "more": page.numchild > max_children}
            parent["children"].append(node)
            nodes[page.path] = node
            if page.numchild and not node["more"]:
                expand.append(page)
    return top
