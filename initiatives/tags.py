"""Case-insensitive matching of action tags on every database.

``TAGGIT_CASE_INSENSITIVE = True`` makes django-taggit (hence modelcluster's
``ClusterTaggableManager`` in Wagtail's admin, and the public form) look tags up with
``name__iexact``. PostgreSQL compares ``UPPER()`` of both sides, which folds accented
capitals with a UTF-8 locale; SQLite's ``LIKE`` folds ASCII letters only, so "ÉPICERIE"
would not find "épicerie". :func:`install` gives the ``name`` field of
:class:`~initiatives.actions.InitiativeTag` (this field only) an ``iexact`` that compares
Python's ``str.casefold`` on SQLite, through a function registered on each connection.
"""

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.lookups import Exact, IExact

from .actions import InitiativeTag

#: Name of the SQL function registered on SQLite connections.
SQLITE_CASEFOLD = "initiatives_casefold"


def fold_tag_name(name):
    """The key under which two tag names are the same tag (str): blanks collapsed,
    ``str.casefold`` (accents kept: "épicerie" and "epicerie" stay two tags)."""
    return " ".join((name or "").split()).casefold()


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_casefold(sender, connection, **kwargs):
    """``connection_created`` receiver: register :data:`SQLITE_CASEFOLD` on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_CASEFOLD, 1, _casefold,
                                              deterministic=True)


class CaseFoldedIExact(Exact):
    """``iexact`` comparing casefolded texts on SQLite; Django's own elsewhere."""

    lookup_name = "iexact"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if connection.vendor != "sqlite":
            return IExact(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (f"{SQLITE_CASEFOLD}({lhs}) = {SQLITE_CASEFOLD}({rhs})",
                (*lhs_params, *rhs_params))


def install():
    """Register the lookup on ``InitiativeTag.name`` and the SQLite function (idempotent;
    called from ``InitiativesConfig.ready``)."""
    InitiativeTag._meta.get_field("name").register_lookup(CaseFoldedIExact)
    connection_created.connect(register_sqlite_casefold,
                               dispatch_uid="initiatives_sqlite_casefold")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            register_sqlite_casefold(None, connection)
