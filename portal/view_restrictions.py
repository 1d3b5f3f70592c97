"""Wagtail's page view restrictions read in one query instead of two.

Wagtail checks, before serving any page (its ``check_view_restrictions`` hook), the view
restrictions of the page and of its ancestors, an alias being checked as its source
page: :meth:`wagtail.models.Page.get_view_restrictions` reads the ancestors first (one
query), then the restrictions (a second one). :class:`OneQueryViewRestrictionsMixin`
gives the same restrictions in one query: the page and its ancestors are found by their
tree paths, aliases followed to their source (alias of an alias included) in a recursive
common table expression inside the restrictions' query (PostgreSQL and SQLite).
"""

from django.db.models.expressions import RawSQL
from wagtail.models import Page, PageViewRestriction


class OneQueryViewRestrictionsMixin:
    """For a Wagtail Page model: :meth:`get_view_restrictions` in one query.

    Same result as Wagtail's: the restrictions of this page and of every ancestor, an
    alias contributing its source page's restrictions (never its own). A page not yet
    saved (no primary key or tree path) falls back to Wagtail's method.
    """

    def get_view_restrictions(self):
        """Output: a PageViewRestriction queryset (not evaluated: one query when read)."""
        tree_path = getattr(self, "path", "") or ""
        if self.pk is None or not tree_path:
            return super().get_view_restrictions()
        step = Page.steplen
        paths = [tree_path[:end] for end in range(step, len(tree_path) + 1, step)]
        table = Page._meta.db_table
        placeholders = ", ".join(["%s"] * len(paths))
        # UNION (not UNION ALL) stops on an alias cycle; pages left are the non-aliases.
        sources = RawSQL(
            f"WITH RECURSIVE chain(id, alias_of_id) AS ("
            f" SELECT id, alias_of_id FROM {table} WHERE path IN ({placeholders})"
            f" UNION SELECT p.id, p.alias_of_id FROM {table} p"
            f" INNER JOIN chain c ON p.id = c.alias_of_id)"
            f" SELECT id FROM chain WHERE alias_of_id IS NULL",
            paths,
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
