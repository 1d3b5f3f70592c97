"""Fixed lists with stable keys. Keys are stored; labels are translated.

Each list is a sequence of (key, lazy label) usable as Django ``choices``.
"""

from django.utils.translation import gettext_lazy as _

ACTOR_TYPES = [
    ("association", _("Association")),
    ("commune-ccas", _("Commune or CCAS")),
    ("collectif", _("Residents' collective")),
    ("entreprise", _("Business")),
    ("particulier", _("Private individual")),
    ("service-public", _("Public service")),
]

AGE_BANDS = [
    ("moins-18", _("Under 18")),
    ("18-24", _("18-24")),
    ("25-34", _("25-34")),
    ("35-49", _("35-49")),
    ("50-64", _("50-64")),
    ("65-79", _("65-79")),
    ("80-plus", _("80 and over")),
]

SITUATIONS = [
    ("emploi", _("In employment")),
    ("recherche-emploi", _("Looking for work")),
    ("etudiant", _("Student")),
    ("retraite", _("Retired")),
    ("foyer", _("Homemaker")),
    ("autre", _("Other")),
]

HELPERS = [
    ("famille", _("Family")),
    ("voisins-amis", _("Neighbours or friends")),
    ("association", _("An association")),
    ("commune-ccas", _("The commune or CCAS")),
    ("departement", _("The Département")),
    ("caf", _("The CAF")),
    ("employeur", _("Employer")),
    ("autre", _("Other")),
]

PERIODS = [
    ("confinement", _("During the lockdown")),
    ("apres", _("After the lockdown")),
    ("en-cours", _("Ongoing")),
]


def label_for(choices, key):
    """Return the label (str) of ``key`` in ``choices``; the key itself if unknown."""
    return str(dict(choices).get(key, key))
