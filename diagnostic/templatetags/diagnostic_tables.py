"""Template tag of the diagnostic's data tables."""

from django import template

register = template.Library()


@register.simple_tag
def table_body(table, sortable=False):
    """``{% table_body table sortable %}``: the ``<tbody>`` rows of a
    :class:`diagnostic.data_tables.DataTable` (:meth:`DataTable.body_html`), with the
    ``data-value`` the sorting script reads when ``sortable`` is true."""
    return table.body_html(bool(sortable))
