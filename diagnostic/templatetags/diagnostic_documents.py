"""Template filter ``document_details``: "PDF, 1,2 Mo" for a Wagtail Document
(:func:`diagnostic.documents.document_details`)."""

from django import template

from ..documents import document_details as _document_details

register = template.Library()


@register.filter
def document_details(document):
    """Format and size of ``document``'s file (str, "" when unknown)."""
    return _document_details(document)
