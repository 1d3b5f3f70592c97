"""Wagtail's routing to a child page in one query instead of two.

Wagtail's :meth:`wagtail.models.Page.route` finds a child by its slug (one query on the
base page table), then reads its specific row (a second query). A parent page using
:class:`OneQueryChildRouteMixin` remembers, per process, the model of the child found
under each slug and next time reads the child directly as that model (one query). The
remembered model is only a guess: when no child of that model holds the slug any more
(the page was moved, deleted or replaced by a page of another type), Wagtail's two
queries run, so a page is never served stale or of the wrong type. Everything else of
Wagtail's page serving (site lookup, ``before_serve_page`` hooks, view restrictions,
the child's own ``route``) is unchanged.
"""

import threading
from collections import OrderedDict

from django.http import Http404

#: (parent page pk, child slug) -> specific model class of the child last found there.
_child_models = OrderedDict()
_lock = threading.Lock()
#: Entries kept per process (least recently used forgotten first).
KEPT = 512


def _remember(key, model):
    with _lock:
        _child_models[key] = model
        _child_models.move_to_end(key)
        while len(_child_models) > KEPT:
            _child_models.popitem(last=False)


class OneQueryChildRouteMixin:
    """For a Wagtail Page model: :meth:`route` reaches a child in one query once its
    model is known in this process (see the module's docstring); same result as
    Wagtail's, ``Http404`` when no child holds the slug."""

    def route(self, request, path_components):
        """Input: the request and the remaining path components (list of str). Output:
        Wagtail's ``RouteResult`` of the page the path leads to; raises ``Http404``."""
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        key = (self.pk, slug)
        with _lock:
            model = _child_models.get(key)
        subpage = None
        if model is not None:
            subpage = (model._default_manager.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=slug).first())
        if subpage is None:
            try:
                child = self.get_children().get(slug=slug)
            except self.base_page_model.DoesNotExist as error:
                raise Http404 from error
            child._cached_parent_obj = self
            subpage = child.specific
            if child.specific_class is not None:
                _remember(key, child.specific_class)
        # The parent is known: no query for it later (Treebeard reads this attribute).
        subpage._cached_parent_obj = self
        return subpage.route(request, remaining)
