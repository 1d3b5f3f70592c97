"""Request handling of the diagnostic's pages (the page models route here)."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from portal.csv_files import csv_text


def find_block(page, block_id):
    """The top-level block of ``page.body`` whose id is ``block_id`` (str, a StreamField
    block UUID), or None. Output: a ``StreamValue.StreamChild``."""
    for child in page.body:
        if child.id == block_id:
            return child
    return None


def block_csv(page, request, block_id):
    """The CSV of one block's data table (the same table the page shows beside the
    block's chart or map).

    Inputs: a :class:`diagnostic.pages.DiagnosticChapterPage`, the request and the
    block's id. Output: ``text/csv`` attachment named "<chapter slug>-<caption>.csv"
    (UTF-8 with BOM, comma separator, dot as decimal separator, "secret" for secret
    cells, empty for missing ones). Raises Http404 when no block has that id or the
    block has no table.
    """
    child = find_block(page, block_id)
    get_table = getattr(child.block, "get_table", None) if child else None
    table = get_table(child.value) if get_table else None
    if table is None:
        raise Http404("no data table")
    response = HttpResponse(
        csv_text(table.csv_rows()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = slugify(table.caption)[:60] or "donnees"
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-{name}.csv"'
    return response
