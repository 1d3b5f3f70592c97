"""Stable keys of questionnaire fields: never empty, never shared by two questions.

Wagtail derives a field's key (``clean_name``) from its label with ``safe_snake_case``:
"Mise en œuvre" gives ``mise_en_u0153uvre`` and "?" gives an empty key. We transliterate
with ``anyascii`` instead, and refuse empty, reserved and duplicate keys wherever fields
are created (admin form, code, fixtures).
"""

import re

from anyascii import anyascii

#: Keys that may never be used by a question: the form's own hidden one-time token, the
#: submission date column of Wagtail's stock views, the contact fields and the honeypot
#: (``portal.spam.HONEYPOT_NAME``).
RESERVED_KEYS = frozenset({
    "form_token", "submit_time", "csrfmiddlewaretoken",
    "contact_name", "contact_email", "contact_phone", "contact_consent",
    "site_web",
})

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def key_from_label(label):
    """Build a field key from a question label.

    Input: the label (str, any Unicode; non-breaking and other Unicode spaces count as
    spaces). Output: a lower_snake_case ASCII str, possibly empty when the label has no
    letter or digit ("?" -> ""). Examples: "Mise en œuvre" -> "mise_en_oeuvre";
    "Âge" and "Age" -> "age"; "Quel est votre âge\u00a0?" -> "quel_est_votre_age".
    Never raises.
    """
    text = anyascii(label or "").lower()
    return _NON_ALNUM.sub("_", text).strip("_")
