"""Text search of solidarity actions: folded columns, the same on SQLite and PostgreSQL.

Why our own columns rather than Wagtail's search backend: its database backend behaves
differently on the two databases (FTS5 folds accents on SQLite, PostgreSQL's default
configuration does not; a lone ``"`` is a database error on SQLite), and its results
cannot be combined with the other filters, ordered and paginated in one query. So each
InitiativePage keeps two columns, folded to lowercase ASCII words with ``anyascii``:

- ``search_text``: everything searchable (title, summary, description, organisation,
  address, commune name, theme labels, tag names);
- ``search_keywords``: the words that say what the action is (title, theme labels, tag
  names), which weigh more in the relevance score.

Both are rebuilt on every save of the page, when a theme's label, a tag or a commune's
name changes (:mod:`initiatives.signals`) and for existing rows by a data migration.

Matching rules (:func:`query_terms`, :func:`text_search`):

- a word matches at the start of a word of the text, never inside it: ``aire`` finds
  "Aire-sur-l'Adour" but not "solidaire";
- a word is a prefix: ``epicer`` finds "épicerie" (people type incomplete words, and
  plural and suffix folding rely on it);
- plural folding: a final ``s``/``x`` of a word longer than 3 letters is dropped
  (``epiceries`` -> ``epicerie``, ``reseaux`` -> ``reseau``);
- suffix folding: a word ending in ``-ation``, ``-aire`` or ``-ement`` keeps its stem
  when at least 5 letters remain (``alimentaire`` -> ``aliment``, so "aide
  alimentaire" finds the theme "Alimentation");
- every word must match (AND), except :data:`OPTIONAL_WORDS` (French articles and
  prepositions, and words such as "aide" or "solidaire" that describe nearly every
  action): they only raise the score, unless the query holds nothing else;
- the score of an action is, for each word, 2 when it matches the title (the folded
  ``sort_title``, whose words are folded the same way), plus 3 when it matches
  ``search_keywords``, plus 1 when it matches ``search_text``: an action named after
  what was typed comes before one that only has it as a theme; results are ordered by
  score, then by the list's French title order (:data:`initiatives.actions.LIST_ORDER`),
  in SQL.
"""

import html
import re
from dataclasses import dataclass

from anyascii import anyascii
from django.db.models import Case, IntegerField, Q, Value, When

#: Longest query (characters) taken into account; the rest is ignored.
MAX_QUERY_LENGTH = 200
#: At most this many words of a query are used (each one is a LIKE in SQL).
MAX_QUERY_TERMS = 8
#: Score of a word found in the title (``sort_title``).
TITLE_WEIGHT = 2
#: Score of a word found in ``search_keywords`` (title, theme labels, tag names).
KEYWORD_WEIGHT = 3
#: Score of a word found in ``search_text`` (everything searchable).
TEXT_WEIGHT = 1
#: Words (folded, singular) that need not match: French articles and prepositions, and
#: words that describe nearly every solidarity action, so requiring them would hide the
#: actions that do not spell them out ("aide alimentaire" finds a food bank).
OPTIONAL_WORDS = frozenset({
    "a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le",
    "les", "ou", "par", "pour", "sur", "un", "une",
    "aide", "action", "solidaire", "solidarite",
})
#: Derivational suffixes folded away (longest first) when a stem of at least
#: :data:`MIN_STEM` letters remains.
SUFFIXES = ("ation", "ement", "aire")
MIN_STEM = 5

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


def _stem(word):
    """Suffix folding of one singular query word: ``alimentaire`` -> ``aliment``,
    ``accompagnement`` -> ``accompagn``; kept when fewer than :data:`MIN_STEM` letters
    would remain (``aire``, ``gaire``)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Term:
    """One word of a query: ``prefix`` (str, the folded beginning of a word to find) and
    ``required`` (bool: False for :data:`OPTIONAL_WORDS`)."""

    prefix: str
    required: bool = True


def parse_query(query):
    """Split a visitor's query into :class:`Term` objects (list, at most
    :data:`MAX_QUERY_TERMS`, no duplicates).

    Input: str (any characters, any length; only the first :data:`MAX_QUERY_LENGTH`
    characters count). Words are folded (:func:`normalize`), singularised and
    suffix-folded. :data:`OPTIONAL_WORDS` are not required, unless the query holds no
    other word. ``'"'`` or ``" : "`` give ``[]``.
    """
    words = normalize((query or "")[:MAX_QUERY_LENGTH]).split()
    terms, seen = [], set()
    for word in words:
        singular = _singular(word)
        prefix = _stem(singular)
        if prefix in seen:
            continue
        seen.add(prefix)
        terms.append(Term(prefix, singular not in OPTIONAL_WORDS and word not in OPTIONAL_WORDS))
    terms = terms[:MAX_QUERY_TERMS]
    if terms and not any(term.required for term in terms):
        terms = [Term(term.prefix, True) for term in terms]
    return terms


def query_terms(query):
    """The folded prefixes of a query (list of str, see :func:`parse_query`):
    ``'"Épiceries  : AIDE aide'`` -> ``["epicerie", "aide"]``; ``'"'`` -> ``[]``."""
    return [term.prefix for term in parse_query(query)]


def word_start(field, prefix):
    """Q: the folded column ``field`` (words separated by single spaces) holds a word
    starting with ``prefix`` (lowercase ASCII letters and digits only)."""
    return Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__contains": " " + prefix})


def text_search(queryset, query):
    """Filter and score ``queryset`` (InitiativePage) for the visitor's ``query`` (str).

    Output: ``(queryset, searched)``: the actions in which every required word of the
    query starts a word of ``search_text``, annotated with ``search_score`` (int, see
    the module's text), and ``searched`` (bool, False when the query holds no word: the
    queryset is then returned unchanged, without the annotation). Ordering is left to
    the caller. Portable SQL: ``LIKE`` and ``CASE`` only.
    """
    terms = parse_query(query)
    if not terms:
        return queryset, False
    score = Value(0)
    for term in terms:
        if term.required:
            queryset = queryset.filter(word_start("search_text", term.prefix))
        score = (
            score
            + Case(When(word_start("sort_title", term.prefix), then=Value(TITLE_WEIGHT)),
                   default=Value(0), output_field=IntegerField())
            + Case(When(word_start("search_keywords", term.prefix), then=Value(KEYWORD_WEIGHT)),
                   default=Value(0), output_field=IntegerField())
            + Case(When(word_start("search_text", term.prefix), then=Value(TEXT_WEIGHT)),
                   default=Value(0), output_field=IntegerField())
        )
    return queryset.annotate(search_score=score), True


def search_columns(title="", summary="", description="", organisation="", address="",
                   commune="", themes=(), tags=()):
    """The two folded columns of an action: ``(search_text, search_keywords)`` (str).

    Inputs: the page's texts (str or None; ``description`` is rich-text HTML, its tags
    stripped), ``commune`` (the commune's name), ``themes`` (theme labels) and ``tags``
    (tag names), iterables of str. Used by the model and its data migrations alike.
    """
    description = html.unescape(_TAG_RE.sub(" ", description or ""))
    themes, tags = list(themes), list(tags)
    everything = [title, summary, description, organisation, address, commune, *themes, *tags]
    keywords = [title, *themes, *tags]
    return (normalize(" ".join(p for p in everything if p)),
            normalize(" ".join(p for p in keywords if p)))


def build_search_columns(page):
    """``(search_text, search_keywords)`` of an InitiativePage (see :func:`search_columns`).

    Reads the page's own fields, its commune's name, its themes' labels and its tag
    names (the in-memory themes and tags of a modelcluster page included, so a revision
    being published is indexed with its own).
    """
    return search_columns(
        page.title, page.summary, page.description, page.organisation, page.address,
        page.commune.name if page.commune_id else "",
        (theme.label for theme in page.themes.all()),
        (tag.name for tag in page.tags.all()),
    )


def build_search_text(page):
    """The folded searchable text of an InitiativePage (str): the first column of
    :func:`build_search_columns`."""
    return build_search_columns(page)[0]
