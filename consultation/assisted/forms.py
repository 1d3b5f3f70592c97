"""Forms of assisted entry: the questionnaire as staff type it, and a new batch.

- :class:`AssistedFormBuilder` builds the entry form from the SAME questions, rules
  (show-if, required, "Other (please specify)") and keys as the public form
  (:class:`consultation.questionnaire.forms.ConsultationFormBuilder`), plus the entry's
  provenance (channel, batch, form number); no honeypot (staff are signed in), the
  one-time token kept (a double click stores once).
- :class:`BatchForm` creates an :class:`~consultation.assisted.models.EntryBatch`.
"""

import django.forms
from django.utils.translation import gettext_lazy as _

from portal.contact import CONSENT_FIELD

from ..questionnaire.channels import ASSISTED_CHANNELS, CHANNELS, PAPER
from ..questionnaire.forms import ConsultationFormBuilder
from .models import EntryBatch

#: (key, label) pairs of the channels staff may choose.
ASSISTED_CHOICES = [(key, label) for key, label in CHANNELS if key in ASSISTED_CHANNELS]
#: Names of the provenance fields, shown first and never stored among the answers.
PROVENANCE_FIELDS = ("batch", "channel", "paper_number")

#: Labels of the operator's consent checkbox: the resident's own consent, given on the
#: paper form or orally, recorded by the operator (RGPD art. 7.1: proof of consent).
PAPER_CONSENT_LABEL = _("The resident signed the consent on the paper form")
ORAL_CONSENT_LABEL = _("The resident gave their consent orally to keep their contact "
                       "details")
ANY_CONSENT_LABEL = _("The resident signed the consent on the paper form (or gave it "
                      "orally, by phone or at the front desk)")
#: How the "please specify" text of a question is named after its question.
OTHER_LABEL = _("please specify")


def consent_label(channel):
    """Label (lazy str) of the operator's consent checkbox for ``channel``: the paper
    form's signature for ``papier``, oral consent for ``telephone`` and ``accueil``,
    either when the channel is not known yet (None)."""
    if channel == PAPER:
        return PAPER_CONSENT_LABEL
    if channel in ASSISTED_CHANNELS:
        return ORAL_CONSENT_LABEL
    return ANY_CONSENT_LABEL


class AssistedEntryMixin(django.forms.Form):
    """What an entry form adds to the public questionnaire form.

    Fields: ``batch`` (optional EntryBatch of the page), ``channel`` (one of
    ASSISTED_CHANNELS; required without a batch, the batch's otherwise) and
    ``paper_number`` (the number written on the paper form, at most 40 characters;
    required in a double-entry batch). Keyword arguments: ``page`` (the
    ConsultationPage), ``batch`` (the batch the form is opened for, or None),
    ``operator`` (the EntryOperator typing, or None).

    After ``is_valid()``: ``cleaned_data["channel"]`` is the channel stored;
    ``first_entry`` is the submission this form is the second entry of (double entry),
    else None. Form-wide rules (French errors, nothing stored): a form number already
    entered in a simple batch, or entered twice already, or first entered by the same
    operator (two different people enter a double-entry form).
    """

    batch = django.forms.ModelChoiceField(
        label=_("Batch"), queryset=EntryBatch.objects.none(), required=False,
        empty_label=_("— No batch —"),
    )
    channel = django.forms.ChoiceField(
        label=_("Channel"), choices=[("", "—")] + ASSISTED_CHOICES, required=False,
        help_text=_("Taken from the batch when a batch is chosen."),
    )
    paper_number = django.forms.CharField(
        label=_("Form number"), max_length=40, required=False,
        help_text=_("The number written on the paper form; required in a double-entry "
                    "batch."),
    )
    field_order = list(PROVENANCE_FIELDS)

    def __init__(self, *args, batch=None, operator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.operator = operator
        self.first_entry = None
        page = self.page
        self.fields["batch"].queryset = (
            EntryBatch.objects.filter(page=page) if page is not None
            else EntryBatch.objects.none())
        if batch is not None and not self.is_bound:
            self.initial.update({"batch": batch.pk, "channel": batch.channel})
        if CONSENT_FIELD in self.fields:
            self.fields[CONSENT_FIELD].label = consent_label(batch.channel if batch else None)
            # The bound field, already made for its accessibility attributes, reads
            # its label when made: make it again.
            self._bound_fields_cache.pop(CONSENT_FIELD, None)

    def clean(self):
        """The public rules (:meth:`ConsultationBaseForm.clean`), the operator's consent
        wording, then the provenance rules (see the class)."""
        data = super().clean()
        if CONSENT_FIELD in self.errors:
            self.errors.pop(CONSENT_FIELD)
            self.add_error(CONSENT_FIELD, _(
                "Tick this box only if the resident gave their consent; otherwise leave "
                "their contact details empty."))
        batch = data.get("batch")
        number = (data.get("paper_number") or "").strip()
        data["paper_number"] = number
        if batch is not None:
            data["channel"] = batch.channel
        elif not data.get("channel"):
            self.add_error("channel", _("Choose how this answer was collected."))
        if batch is None or "paper_number" in self.errors:
            return data
        if batch.double_entry and not number:
            self.add_error("paper_number", _(
                "Give the form number: each form of a double-entry batch is entered twice."))
            return data
        if not number:
            return data
        first = batch.submissions.filter(paper_number=number).select_related(
            "second_entry").first()
        if first is None:
            return data
        if not batch.double_entry:
            self.add_error("paper_number", _(
                "Form no. %(number)s is already entered in this batch.") % {"number": number})
        elif hasattr(first, "second_entry"):
            self.add_error("paper_number", _(
                "Form no. %(number)s has already been entered twice.") % {"number": number})
        elif self.operator is not None and first.operator_id == self.operator.pk:
            self.add_error("paper_number", _(
                "You entered form no. %(number)s first: its second entry must be made by "
                "another operator.") % {"number": number})
        else:
            self.first_entry = first
        return data

    def question_fields(self):
        """The questions (see ConsultationBaseForm.question_fields), without the
        provenance fields (rendered apart, first)."""
        return [item for item in super().question_fields()
                if item["field"].name not in PROVENANCE_FIELDS]

    def answers(self):
        """The answers to store (dict key -> value), without the provenance fields."""
        return {key: value for key, value in super().answers().items()
                if key not in PROVENANCE_FIELDS}

    def provenance(self):
        """Provenance (dict) for ``ConsultationPage.process_form_submission``:
        ``channel``, ``batch``, ``paper_number`` and ``operator``."""
        return {"channel": self.cleaned_data["channel"],
                "batch": self.cleaned_data.get("batch"),
                "paper_number": self.cleaned_data.get("paper_number", ""),
                "operator": self.operator}


class AssistedFormBuilder(ConsultationFormBuilder):
    """The public questionnaire's builder, giving the staff entry form: same fields,
    keys and rules, plus :class:`AssistedEntryMixin`, without the honeypot."""

    def get_form_class(self):
        """Output: a form class deriving from :class:`AssistedEntryMixin` and the
        public form class of the same questions."""
        public = super().get_form_class()
        # ``site_web = None`` removes the honeypot inherited from the public form.
        return type("AssistedEntryForm", (AssistedEntryMixin, public), {"site_web": None})


def entry_form_class(page):
    """The entry form class of ``page`` (a ConsultationPage), built from its stored
    questions (a few queries: staff enter answers one at a time)."""
    return AssistedFormBuilder(page.get_form_fields(), page=page).get_form_class()


class BatchForm(django.forms.ModelForm):
    """A new batch of ``page``: number (unique in the page whatever the case: French
    error), channel,
    double entry, note."""

    channel = django.forms.ChoiceField(label=_("Channel"), choices=ASSISTED_CHOICES)

    class Meta:
        model = EntryBatch
        fields = ["number", "channel", "double_entry", "note"]

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number:
            raise django.forms.ValidationError(_("Give the batch number."))
        # "Lot 2026-01" and "lot 2026-01" name the same pile of paper.
        if EntryBatch.objects.filter(page=self.page, number__iexact=number).exists():
            raise django.forms.ValidationError(
                _("Batch %(number)s already exists for this questionnaire.")
                % {"number": number})
        return number
