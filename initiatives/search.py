"""Text search of solidarity actions: one normalised column, the same on SQLite and PostgreSQL.

Wagtail's database search backend behaves differently on the two databases (FTS5 folds
accents on SQLite, PostgreSQL's default configuration does not; a lone ``"`` is a database
error on SQLite), and its results cannot be combined with the other filters in
one ``values()`` query. So each InitiativePage keeps ``search_text``: its searchable text
(title, summary, description, organisation, address, commune name, tags) folded to
lowercase ASCII with ``anyascii``, rebuilt on every save. A query is folded the same way,
split into words, and each word must occur in ``search_text`` (``icontains``, AND between
words): "evreux" finds "Évreux" and "EPICERIE" finds "Épicerie" on both databases.
"""

import html
import re

from anyascii import anyascii

#: Longest query (characters) taken into account; the rest is ignored.
MAX_QUERY_LENGTH = 200
#: At most this many words of a query are used (each one is a LIKE in SQL).
MAX_QUERY_TERMS = 8

_WORD_RE = re.compile(r"[a-z0-9]+")
_TAG_RE = re.compile(r"<[^>]*>")


def normalize(text):
    """Fold ``text`` (str or None) for search: lowercase ASCII words separated by spaces.

    Output: str, e.g. ``"Épicerie d'Évreux — cœur"`` -> ``"epicerie d evreux coeur"``.
    Accents, case, punctuation and quotes are dropped (``anyascii`` transliteration).
    """
    if not text:
        return ""
    return " ".join(_WORD_RE.findall(anyascii(str(text)).lower()))


def _singular(word):
    """French plural folding of one query word: ``epiceries`` -> ``epicerie``,
    ``reseaux`` -> ``reseau``; words of 3 letters or fewer are kept (``pas``, ``bus``)."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def query_terms(query):
    """Split a visitor's query into folded words to look for.

    Input: str (any characters, any length). Output: list of at most
    :data:`MAX_QUERY_TERMS` distinct words, folded by :func:`normalize` and singularised
    (so ``épiceries`` also finds ``épicerie``; a word found inside ``search_text`` matches,
    so ``epicerie`` also finds ``épiceries``). ``'"'`` or ``" : "`` give ``[]``.
    """
    words = normalize((query or "")[:MAX_QUERY_LENGTH]).split()
    terms = []
    for word in words:
        term = _singular(word)
        if term not in terms:
            terms.append(term)
    return terms[:MAX_QUERY_TERMS]


def build_search_text(page):
    """The folded searchable text of an InitiativePage (str, see :func:`normalize`).

    Reads the page's title, summary, description (HTML tags stripped), organisation,
    address, commune name and tag names (the in-memory tags of a modelcluster page
    included, so a revision being published is indexed with its own tags).
    """
    parts = [page.title, page.summary, html.unescape(_TAG_RE.sub(" ", page.description or "")),
             page.organisation, page.address]
    if page.commune_id:
        parts.append(page.commune.name)
    parts.extend(tag.name for tag in page.tags.all())
    return normalize(" ".join(part for part in parts if part))
