"""The forms of contact through the portal: a visitor's message, the author's answer,
a problem report. Plain text (:class:`portal.forms.PlainTextFormMixin`), accessible
errors (:class:`portal.forms.AccessibleFormMixin`), the honeypot of :mod:`portal.spam`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import AccessibleFormMixin, PlainTextFormMixin
from portal.spam import HONEYPOT_NAME, honeypot_field

#: Limits of the texts (characters).
NAME_MAX = 100
MESSAGE_MAX = 3000
REPORT_MAX = 2000

#: Reasons of a problem report: stable keys, French labels through gettext.
REPORT_REASONS = [
    ("erronee", _("Wrong information")),
    ("terminee", _("The action has ended")),
    ("inappropriee", _("Inappropriate content")),
    ("autre", _("Other")),
]


class _PublicForm(PlainTextFormMixin, AccessibleFormMixin, forms.Form):
    """Base of the three forms: adds the honeypot field (:data:`portal.spam.HONEYPOT_NAME`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_NAME] = honeypot_field()


class ContactForm(_PublicForm):
    """A visitor's message to the author of an action.

    ``cleaned_data``: ``name`` (str, one line), ``email`` (str, the address the answer
    goes to; never shown to the author), ``message`` (str, plain text, ``\\n`` line
    breaks).
    """

    name = forms.CharField(
        label=_("Your name"), max_length=NAME_MAX,
        error_messages={"required": _("Give your name: it is shown to the action's author.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        error_messages={"required": _("Give your e-mail address: the answer is sent there.")},
        help_text=_("Never shown to the action's author: their answer reaches you through "
                    "the portal."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX,
        error_messages={"required": _("Write your message.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReplyForm(_PublicForm):
    """The author's answer to a visitor. ``cleaned_data``: ``message`` (str)."""

    message = forms.CharField(
        label=_("Your answer"), max_length=MESSAGE_MAX,
        error_messages={"required": _("Write your answer.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReportForm(_PublicForm):
    """A problem report on an action.

    ``cleaned_data``: ``reason`` (a key of :data:`REPORT_REASONS`), ``message`` (str,
    may be empty), ``email`` (str, may be empty: the address the moderators may answer).
    """

    reason = forms.ChoiceField(
        label=_("What is the problem?"), choices=REPORT_REASONS, widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
    message = forms.CharField(
        label=_("Details"), max_length=REPORT_MAX, required=False,
        help_text=_("Optional: what is wrong, what has changed."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, required=False,
        help_text=_("Optional: only if you want an answer from the moderators."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def reason_label(self):
        """French label (str) of the chosen reason (after ``is_valid()``)."""
        return str(dict(REPORT_REASONS)[self.cleaned_data["reason"]])
