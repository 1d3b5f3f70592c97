"""How an answer reached the consultation, and which version of the questionnaire was
answered: the fixed lists stored on every
:class:`~consultation.questionnaire.models.ConsultationSubmission` (stable ASCII keys
stored, French labels shown).

- ``channel``: answered online by the resident (``en-ligne``), or entered by staff of
  the "Saisie accompagnée" group from a paper form (``papier``), a phone call
  (``telephone``) or a conversation at a front desk (``accueil``);
- ``version``: the standard questionnaire (``standard``) or its easy-read version
  (``facile``, "facile à lire et à comprendre", the European easy-to-read rules of
  Inclusion Europe).
"""

from django.utils.translation import gettext_lazy as _

ONLINE = "en-ligne"
PAPER = "papier"
PHONE = "telephone"
FRONT_DESK = "accueil"

#: (key, label) pairs of ``ConsultationSubmission.channel``, in the order shown.
CHANNELS = [
    (ONLINE, _("Online")),
    (PAPER, _("Paper")),
    (PHONE, _("Telephone")),
    (FRONT_DESK, _("Front desk")),
]
#: The channels of answers entered by staff (assisted entry), not by the resident.
ASSISTED_CHANNELS = (PAPER, PHONE, FRONT_DESK)

STANDARD = "standard"
EASY_READ = "facile"

#: (key, label) pairs of ``ConsultationSubmission.version``.
VERSIONS = [
    (STANDARD, _("Standard")),
    (EASY_READ, _("Easy to read and understand")),
]


def channel_label(key):
    """French label (str) of a channel key; the key itself when unknown. Never raises."""
    return str(dict(CHANNELS).get(key, key))


def version_label(key):
    """French label (str) of a version key; the key itself when unknown. Never raises."""
    return str(dict(VERSIONS).get(key, key))
