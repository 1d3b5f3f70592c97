"""Forms of the proposal box: the public proposal form and the staff's
"turn a questionnaire answer into a proposal" form."""

import django.forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from portal.communes import commune_choices
from portal.contact import check_contact_consent, contact_formfields
from portal.models import Commune, Theme
from portal.theme_choices import theme_choices
from portal.widgets import OnePassSelect

from ..questionnaire.forms import ConsultationBaseForm

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .()-]{5,18}[0-9]$",
    _("Enter a phone number made of digits, e.g. 05 58 00 00 00 or +33 5 58 00 00 00."),
)

#: The contact fields of the proposal form (portal.contact), the phone number checked.
CONTACT = contact_formfields(
    _(
        "I agree that the Département may contact me about this proposal, using the "
        "details below. They are not published and are deleted after 12 months."
    ),
    phone_validators=[phone_validator],
)


class ProposalForm(ConsultationBaseForm):
    """A resident's proposal.

    Inherits the hidden one-time ``form_token`` and ``aria-invalid`` marking of the
    questionnaire (:class:`consultation.questionnaire.forms.ConsultationBaseForm`). Cleaned data:
    ``title`` and ``description`` (str, stripped, at most 120 / 2000 characters),
    ``themes`` (QuerySet of portal.Theme), ``commune`` (portal.Commune or None),
    ``contact_consent`` (bool) and the contact fields (str; all "" without consent).
    Errors (French, through gettext): an empty title or description, too long a text, a
    theme or commune not in the lists (a tampered POST), contact details without consent
    (RGPD art. 7: consent is a separate, explicit act), consent without an
    e-mail address or phone number.
    """

    title = django.forms.CharField(
        label=_("Title of your proposal"), max_length=120,
        help_text=_("In a few words, at most 120 characters."),
    )
    description = django.forms.CharField(
        label=_("Describe the action you would like to see"),
        max_length=2000,
        widget=django.forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What, for whom, where? At most 2000 characters. Do not write names, "
            "addresses or phone numbers here: this text may be published."
        ),
    )
    themes = django.forms.MultipleChoiceField(
        label=_("Which domains does it concern?"), required=False,
        widget=django.forms.CheckboxSelectMultiple,
        help_text=_("Several answers possible."),
    )
    commune = django.forms.ChoiceField(
        label=_("Commune concerned"), required=False,
        help_text=_("Leave “Whole département” if the action concerns everyone."),
        widget=OnePassSelect,
    )
    # The optional contact block (portal.contact), consent box first.
    contact_consent = CONTACT["contact_consent"]
    contact_name = CONTACT["contact_name"]
    contact_email = CONTACT["contact_email"]
    contact_phone = CONTACT["contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices()
        self.fields["commune"].choices = [("", _("Whole département"))] + commune_choices()

    def clean_themes(self):
        """Output: QuerySet of the chosen portal.Theme (the choices already refused
        unknown slugs)."""
        return Theme.objects.filter(slug__in=self.cleaned_data["themes"])

    def clean_commune(self):
        """Output: the chosen portal.Commune, or None for the whole département."""
        code = self.cleaned_data["commune"]
        return Commune.objects.get(insee_code=code) if code else None

    def clean(self):
        """Contact details only with consent, and then a way to reach the resident."""
        cleaned = super().clean()
        check_contact_consent(
            self, cleaned,
            without_consent=_(
                "To leave your contact details, tick this box; otherwise leave the "
                "contact fields empty."
            ),
            without_means=_(
                "Give an e-mail address or a phone number so that we can contact you."
            ),
        )
        return cleaned


class FromSubmissionForm(django.forms.Form):
    """Staff's choice of the questionnaire answer that becomes a proposal.

    Input: ``submission`` (a ConsultationSubmission) and optionally ``answers`` (its
    :func:`text_answers`, if already computed). Field ``question``: the key of one of its
    non-empty long-text answers; when it is not posted, the longest answer. Raises
    nothing; an unknown key, or no long-text answer at all, is a form error.
    """

    question = django.forms.ChoiceField(label=_("Answer to turn into a proposal"), required=False)

    def __init__(self, submission, *args, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        choices = text_answers(submission) if answers is None else answers
        self.fields["question"].choices = [(key, label) for key, label, _text in choices]
        if choices:
            self.fields["question"].initial = choices[0][0]

    def clean_question(self):
        """Output: the chosen key (str), or the longest answer's key when none was posted."""
        key = self.cleaned_data["question"] or self.fields["question"].initial
        if not key:
            raise django.forms.ValidationError(_(
                "Choose an answer of this submission to turn into a proposal."
            ))
        return key


def text_answers(submission, fields=None):
    """Non-empty long-text answers of a questionnaire submission, longest first.

    Input: a ConsultationSubmission, and optionally its page's questions (list of
    FormField, to spare a query per submission). Output: list of (key, question label,
    answer text) for the questions of type "multiline" (current labels; keys are stable).
    """
    data = submission.form_data or {}
    if fields is None:
        fields = submission.page.specific.get_form_fields()
    rows = []
    for field in fields:
        text = data.get(field.clean_name)
        if field.field_type == "multiline" and isinstance(text, str) and text.strip():
            rows.append((field.clean_name, field.label, text.strip()))
    rows.sort(key=lambda row: -len(row[2]))
    return rows
