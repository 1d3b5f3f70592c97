"""The order of every list shown to people: one French sort key, the same everywhere.

Python's and the databases' default order compares code points (SQLite's BINARY, the
``C`` collations of PostgreSQL): "Écoute" after "Transport", "Bégaar" after "Buanes",
"CV" before "accueil". French readers expect the order of a dictionary: case and accents
ignored at first ("Écoute" with the e's), ties broken so the order is still total.

Two forms of the key:

- :func:`sort_key` for sorting in Python (``sorted(items, key=...)``), used where lists are
  small (communes, EPCI, themes, tags);
- :func:`folded_key` (its first level only) for a column stored next to the text, where
  the database sorts and paginates (``InitiativePage.sort_title``, ``Commune.sort_name``,
  ``EPCI.sort_name``), ordered through :class:`CodePointOrder` so that SQLite and
  PostgreSQL (whatever the database's collation: glibc locales ignore spaces, ``C``
  does not) sort it exactly as Python does.

Words stay apart: "Saint-Yaguen" before "Sainte-Colombe", "Côte Landes" before
"Coteaux", as in a dictionary read word by word.
"""

import re
import unicodedata

from anyascii import anyascii
from django.db.models import Func

_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def folded_key(text):
    """First level of the French sort key (str or None -> str of ``a-z0-9`` only).

    The text is normalised (Unicode NFKC), transliterated to ASCII by ``anyascii``
    ("É" -> "E", "Œ" -> "OE", "’" -> "'"), lowercased; every run of other characters
    than letters and digits (spaces, hyphens, apostrophes, quotes, punctuation) becomes
    one space, and leading and trailing ones are dropped. Examples: ``"Écoute"`` ->
    ``"ecoute"``, ``"Œuvre"`` -> ``"oeuvre"``, ``" 'Sainte-Foy"`` -> ``"sainte foy"``,
    ``"CV"`` -> ``"cv"``.
    """
    if not text:
        return ""
    folded = anyascii(unicodedata.normalize("NFKC", str(text))).lower()
    return _NOT_ALNUM_RE.sub(" ", folded).strip()


def sort_key(text):
    """The French sort key of ``text`` (str or None) for Python's ``sorted()``.

    Output: a tuple ``(folded, text)``: :func:`folded_key` first (case, accents and
    punctuation ignored), then the text itself (code point order) so that texts equal at
    the first level ("Ecoute", "écoute") still have one fixed order, the order
    ``CodePointOrder`` gives to ``folded_key`` columns (then a unique column breaks
    the ties in SQL). Sorting with this key
    is total and stable: equal keys only for equal texts. ``None`` sorts as "".
    """
    text = "" if text is None else str(text)
    return (folded_key(text), text)


def sorted_by_text(items, text=lambda item: item):
    """``items`` (iterable) sorted in French order of ``text(item)`` (a new list).

    ``text`` maps an item to the str shown to people (default: the item itself); items
    whose texts are equal keep their input order (Python's sort is stable).
    """
    return sorted(items, key=lambda item: sort_key(text(item)))


class CodePointOrder(Func):
    """A text column compared by code points, as Python compares str, on every database.

    Use in ``order_by()`` or ``Meta.ordering`` around a column holding
    :func:`folded_key` values: ``order_by(CodePointOrder("sort_title"), "pk")``. SQLite
    compares text by bytes (BINARY) already; on PostgreSQL the column is compared with
    the ``C`` collation (bytes of UTF-8, the same order as code points), never with the
    database's locale (glibc's fr_FR/en_US ignore spaces and punctuation).
    """

    template = "%(expressions)s"
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f'{sql} COLLATE "C"', params
