"""Contact details asked by a public form, with the resident's separate consent.

One set of fields (:func:`contact_formfields`, stored in a
:class:`portal.models.ContactDetails` table) and one consent rule
(:func:`check_contact_consent`) for the questionnaire and the proposal box. Rule (RGPD
art. 6.1.a and 7): contact details are kept only with consent, given by a separate
checkbox; details typed without it are refused with an error on the checkbox (and never
stored); consent without an e-mail address or a telephone number is refused (nobody
could be contacted).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import ContactDetails

#: Names of the contact detail fields, in the order they are shown.
CONTACT_DETAIL_FIELDS = ("contact_name", "contact_email", "contact_phone")
#: Name of the consent checkbox.
CONSENT_FIELD = "contact_consent"
#: Every contact field: the details, then the consent checkbox.
CONTACT_FIELDS = CONTACT_DETAIL_FIELDS + (CONSENT_FIELD,)


def _max_length(name):
    return ContactDetails._meta.get_field(name).max_length


def contact_formfields(consent_label, phone_validators=()):
    """The contact fields of a public form: dict name -> form field, in
    :data:`CONTACT_FIELDS` order, all optional.

    Inputs: ``consent_label`` (str, lazy: what the resident agrees to), and the
    validators of the telephone number (list; none: any text). Lengths are those of
    :class:`portal.models.ContactDetails` (name 150, e-mail 254, telephone 30); inputs
    carry their ``autocomplete`` purpose (``name``, ``email``, ``tel``: RGAA 11.13).
    """
    return {
        "contact_name": forms.CharField(
            label=_("Your name"), required=False, max_length=_max_length("name"),
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
        ),
        "contact_email": forms.EmailField(
            label=_("Your e-mail address"), required=False, max_length=_max_length("email"),
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        ),
        "contact_phone": forms.CharField(
            label=_("Your telephone number"), required=False,
            max_length=_max_length("phone"), validators=list(phone_validators),
            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        ),
        CONSENT_FIELD: forms.BooleanField(label=consent_label, required=False),
    }


def check_contact_consent(form, cleaned_data, without_consent, without_means):
    """Apply the consent rule to a form's cleaned data (in place).

    Inputs: the bound ``form`` (errors are added with ``form.add_error``), its
    ``cleaned_data`` (dict), and the two French messages (lazy str) of that form:
    ``without_consent`` (details given, box not ticked: on the checkbox) and
    ``without_means`` (box ticked, neither e-mail nor telephone: on the e-mail, unless
    the e-mail or the telephone already has an error). Without consent the details
    become "" (never stored). Output: None.
    """
    given = any(cleaned_data.get(name) for name in CONTACT_DETAIL_FIELDS)
    if not cleaned_data.get(CONSENT_FIELD):
        if given:
            form.add_error(CONSENT_FIELD, without_consent)
        for name in CONTACT_DETAIL_FIELDS:
            if name in cleaned_data:
                cleaned_data[name] = ""
    elif not (cleaned_data.get("contact_email") or cleaned_data.get("contact_phone")) and not (
        form.has_error("contact_email") or form.has_error("contact_phone")
    ):
        form.add_error("contact_email", without_means)


def contact_details(cleaned_data):
    """The details to store (dict ``name``, ``email``, ``phone`` of str) when the
    consent box is ticked in ``cleaned_data`` (dict), else None."""
    if not cleaned_data.get(CONSENT_FIELD):
        return None
    return {
        "name": cleaned_data.get("contact_name", ""),
        "email": cleaned_data.get("contact_email", ""),
        "phone": cleaned_data.get("contact_phone", ""),
    }
