"""The contact page's form: plain text (:class:`portal.forms.PlainTextFormMixin`),
accessible errors (:class:`portal.forms.AccessibleFormMixin`), the honeypot of
:mod:`portal.spam`, ``autocomplete`` on the personal fields (RGAA 11.13)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import AccessibleFormMixin, PlainTextFormMixin
from portal.spam import HONEYPOT_NAME, honeypot_field

#: Limits of the texts (characters).
NAME_MAX = 100
SUBJECT_MAX = 150
MESSAGE_MAX = 3000


class ContactForm(PlainTextFormMixin, AccessibleFormMixin, forms.Form):
    """A visitor's message to the site's team.

    ``cleaned_data``: ``name`` (str, may be empty), ``email`` (str: where the answer
    goes), ``subject`` (str, one line), ``message`` (str, plain text, ``\\n`` line
    breaks).
    """

    name = forms.CharField(
        label=_("Your name"), max_length=NAME_MAX, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        error_messages={"required": _("Give your e-mail address: the answer is sent there.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX,
        error_messages={"required": _("Give the subject of your message.")},
    )
    message = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX,
        error_messages={"required": _("Write your message.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_NAME] = honeypot_field()
