"""How a document link describes its file: format and size in words a reader knows.

Accessibility rule (RGAA 6.1, WCAG 2.4.4 advice): a link to a file states its format
and weight, e.g. "PDF, 1,2 Mo".
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, ngettext

from .data_tables import format_number

#: Units above the byte, in steps of 1024, as French readers write them (Ko, Mo, Go).
_UNITS = [
    lambda size: gettext("%(size)s KB") % {"size": size},
    lambda size: gettext("%(size)s MB") % {"size": size},
    lambda size: gettext("%(size)s GB") % {"size": size},
]


def file_size_text(size):
    """A file size in the active locale.

    Input: ``size`` (int, bytes, or None). Output: str, e.g. "13 octets", "1,2 Ko",
    "1,2 Mo", "3 Go" (steps of 1024, one decimal kept when not zero, no-break space
    before the unit); "" when ``size`` is None or negative.
    """
    if size is None or size < 0:
        return ""
    if size < 1024:
        text = ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
        return text.replace(" ", "\xa0")
    amount = Decimal(size)
    for unit in _UNITS:
        amount = amount / 1024
        if amount < 1024 or unit is _UNITS[-1]:
            rounded = amount.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return unit(format_number(rounded)).replace(" ", "\xa0")
    return ""  # pragma: no cover - the loop always returns


def document_size(document):
    """Size in bytes of a Wagtail Document (int or None): its stored ``file_size``, else
    the storage's size of the file (not saved: a page view writes nothing), else None
    when the file cannot be read."""
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None


def document_details(document):
    """Format and size of a document's file (str), e.g. "PDF, 1,2 Mo"; only the format
    ("PDF") when the size is unknown, only the size when the file has no extension,
    "" when neither is known. Input: a Wagtail Document or None."""
    if document is None:
        return ""
    parts = [document.file_extension.upper(), file_size_text(document_size(document))]
    return ", ".join(part for part in parts if part)
