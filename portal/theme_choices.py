"""The Theme list as form choices, in one order for every form and filter."""

from portal.models import Theme
from portal.text import sort_key


def theme_choices():
    """Choices of the Theme list: list of (slug, label) pairs of str, in the list's
    order: the staff's ``sort_order``, then the French order of labels
    (:func:`portal.text.sort_key`), then the slug. One query. Read by the questionnaire's
    and the proposals' theme questions, the map's filters and the committee's
    statistics."""
    rows = Theme.objects.values_list("sort_order", "slug", "label")
    return [(slug, label) for _order, slug, label
            in sorted(rows, key=lambda row: (row[0], sort_key(row[2]), row[1]))]
