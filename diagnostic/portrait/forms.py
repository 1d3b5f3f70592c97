"""The portrait's search form: one text box naming a commune or an EPCI."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import AccessibleFormMixin


class TerritorySearchForm(AccessibleFormMixin, forms.Form):
    """``q``: what the person typed (a commune or EPCI name, an INSEE, postal or SIREN
    code, or a suggestion of the ``<datalist id="territoires-liste">``). Sent by GET, so
    the search works without JavaScript and its answer can be bookmarked."""

    q = forms.CharField(
        label=_("Commune or intercommunality"), max_length=120, strip=True,
        help_text=_("A name (e.g. Mont-de-Marsan, Grand Dax), an INSEE code or a postal code."),
        widget=forms.TextInput(attrs={"list": "territoires-liste", "autocomplete": "off",
                                      "spellcheck": "false"}),
    )
