"""The questionnaire's data: its questions, its submissions and their contact details.

- :class:`FormField`: a question of a :class:`~consultation.questionnaire.pages.ConsultationPage`,
  with our fixed-list field types and stable keys.
- :class:`ConsultationSubmission`: one set of answers, anonymous (no IP address, RGPD
  art. 5.1.c data minimisation), with the respondent's commune for statistics.
- :class:`ConsultationContact`: contact details given with consent, kept apart.
- :class:`AnswerKey`: the keys found in a page's stored answers, in first-seen order.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, AbstractFormSubmission

from portal.models import ContactDetails

from .channels import CHANNELS, ONLINE, STANDARD, VERSIONS
from .keys import RESERVED_KEYS, key_from_label
from .question_types import FIELD_TYPE_CHOICES

class FormField(AbstractFormField):
    """One question of a ConsultationPage.

    ``clean_name`` (the key under which answers are stored) is built from the label with
    :func:`consultation.questionnaire.keys.key_from_label` on first save and never changes afterwards,
    so renaming a question keeps its answers in one column. ``full_clean()`` and ``save()``
    raise ``ValidationError`` when the key is empty, reserved, or already used by another
    question of the same page (one input must never feed two columns).
    """

    page = ParentalKey("ConsultationPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES
    )
    field_type.required_on_save = True
    allow_other = models.BooleanField(
        _("offer “Other, please specify”"), default=False,
        help_text=_("Single or multiple choice only: adds an “Other” option with a text box."),
    )
    show_if_question = models.CharField(
        _("show only if the question"), max_length=255, blank=True,
        help_text=_("Label (or key) of an earlier question. Leave empty to always show."),
    )
    show_if_value = models.CharField(
        _("has the answer"), max_length=255, blank=True,
        help_text=_("The answer, word for word, e.g. “Oui”."),
    )

    easy_read_label = models.CharField(
        _("easy-read question"), max_length=255, blank=True,
        help_text=_("The question in easy-to-read words. Empty: the question as written "
                    "above."),
    )
    easy_read_help_text = models.TextField(
        _("easy-read help text"), blank=True,
        help_text=_("The help text in easy-to-read words."),
    )
    easy_read_choices = models.TextField(
        _("easy-read options"), blank=True,
        help_text=_("One per line, in the same order as the options above: each line is "
                    "shown instead of the option on the same line. The answer stored is "
                    "the option above."),
    )

    panels = AbstractFormField.panels + [
        # The help text names the types offering "Other" (no migration for a text).
        FieldPanel("allow_other", help_text=_(
            "Single or multiple choice, “Situation” and “Helped by” only: adds (or uses) "
            "the “Other” option, with a text box shown when it is chosen."
        )),
        FieldRowPanel([FieldPanel("show_if_question"), FieldPanel("show_if_value")],
                      heading=_("Conditional display")),
        MultiFieldPanel(
            [FieldPanel("easy_read_label"), FieldPanel("easy_read_help_text"),
             FieldPanel("easy_read_choices")],
            heading=_("Easy-to-read version"),
        ),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def get_field_clean_name(self):
        """Key derived from the label: lower_snake_case ASCII str, may be empty."""
        return key_from_label(self.label)

    def validate_key(self):
        """Raise ``ValidationError`` (on "label") unless this field's key is usable.

        Usable: non-empty, not in RESERVED_KEYS, not the key of another saved question of
        the same page.
        """
        key = self.clean_name or self.get_field_clean_name()
        if not key:
            raise ValidationError({"label": _(
                "This label gives an empty key: use at least one letter or digit."
            )})
        if key in RESERVED_KEYS:
            raise ValidationError({"label": _(
                "The key '%(key)s' is reserved: please change the label."
            ) % {"key": key}})
        if self.page_id is not None:
            others = FormField.objects.filter(page_id=self.page_id, clean_name=key)
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"label": _(
                    "The key '%(key)s' of this question is also the key of another "
                    "question of this form (labels that differ only by accents, case or "
                    "punctuation give the same key): please change one of the labels."
                ) % {"key": key}})

    def clean(self):
        super().clean()
        self.validate_key()

    def save(self, *args, **kwargs):
        """Fix the key on first save, then refuse an unusable key (ValidationError)."""
        if not self.clean_name:
            self.clean_name = self.get_field_clean_name()
        self.validate_key()
        super().save(*args, **kwargs)


class ConsultationContact(ContactDetails):
    """Contact details a respondent chose to give, with their separate consent
    (:class:`portal.models.ContactDetails`: name, email, phone, privacy notice version,
    consent time).

    Kept apart from the answers so that it can be purged: its own table, deleted by
    ``manage.py purge_contacts`` once ``PORTAL_CONTACT_RETENTION_DAYS`` have passed after
    the consultation closes, or at the respondent's request, while the anonymous answers
    stay.
    """

    submission = models.OneToOneField(
        "ConsultationSubmission", on_delete=models.CASCADE, related_name="contact",
        verbose_name=_("submission"),
    )

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")


class ConsultationSubmission(AbstractFormSubmission):
    """One set of answers to a ConsultationPage.

    ``form_data``: dict key -> answer (str, or list of str for multiple choices; Theme
    slugs, INSEE codes and ``portal.choices`` keys for fixed lists). ``commune``: the
    respondent's commune, copied from the commune answer for statistics (null if none).
    ``form_token``: the one-time token of the rendered form (unique: exactly once).
    ``privacy_notice_version``: the privacy notice shown. No IP address is stored.

    How the answer came: ``channel`` (a key of
    :data:`consultation.questionnaire.channels.CHANNELS`), ``version`` (standard or
    easy-read, :data:`~consultation.questionnaire.channels.VERSIONS`). For answers entered
    by staff: ``operator`` (pseudonymous :class:`consultation.assisted.models.EntryOperator`),
    ``batch`` (:class:`~consultation.assisted.models.EntryBatch`, optional) and
    ``paper_number`` (the number written on the paper form, unique in its batch). For
    answers sent from a shared computer: ``shared_station``
    (:class:`consultation.stations.models.SharedStation`).
    """

    commune = models.ForeignKey(
        "portal.Commune", verbose_name=_("commune"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="consultation_submissions",
    )
    form_token = models.CharField(
        _("form token"), max_length=36, unique=True, default=uuid.uuid4, editable=False
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=CHANNELS, default=ONLINE, db_index=True
    )
    version = models.CharField(
        _("questionnaire version"), max_length=16, choices=VERSIONS, default=STANDARD
    )
    operator = models.ForeignKey(
        "consultation.EntryOperator", verbose_name=_("operator"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="submissions",
    )
    batch = models.ForeignKey(
        "consultation.EntryBatch", verbose_name=_("batch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="submissions",
    )
    paper_number = models.CharField(_("form number"), max_length=40, blank=True)
    shared_station = models.ForeignKey(
        "consultation.SharedStation", verbose_name=_("shared computer"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="submissions",
    )

    class Meta:
        verbose_name = _("consultation submission")
        verbose_name_plural = _("consultation submissions")
        ordering = ["submit_time", "pk"]
        # Exports and listings read one page's answers in time order (bench/exports.py).
        indexes = [
            models.Index(fields=["page", "submit_time", "id"], name="consultation_page_time"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "paper_number"], name="consultation_paper_number_unique",
                condition=~models.Q(paper_number=""),
            ),
        ]
        permissions = [
            ("view_submissions", "Can view consultation submissions"),
            ("view_contact_details", "Can view contact details given with consent"),
        ]

    def save(self, *args, **kwargs):
        """Save, and on creation record the keys of ``form_data`` in :class:`AnswerKey`
        (same transaction)."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            AnswerKey.record(self)


class AnswerKey(models.Model):
    """A key found in the stored answers (``form_data``) of a page, recorded once, when
    the first submission holding it is saved (``ConsultationSubmission.save``).

    Exports and the committee listing read the keys of questions since removed from the
    form here (one small query at any number of submissions: the first CSV chunk never
    waits for a pass over the answers), in the order the keys
    first appeared: ``submission_id`` (id of the first submission holding the key, so
    the oldest stored first) then ``position`` (0-based place of the key in that
    submission's answers: form order when saved; PostgreSQL's jsonb order, shortest key
    first, for answers recorded afterwards). Submissions written without ``save()`` (bulk loads) must call
    :meth:`record` or ``manage.py record_answer_keys``."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    submission_id = models.BigIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer key")
        verbose_name_plural = _("answer keys")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="consultation_answer_key_unique"),
        ]
        ordering = ["submission_id", "position"]

    @classmethod
    def record(cls, submission):
        """Record the keys of ``submission.form_data`` (dict; anything else records
        nothing) for its page; keys already recorded keep their first appearance. One
        INSERT ... ON CONFLICT DO NOTHING, none when every key is in
        ``submission.recorded_answer_keys`` (optional frozenset of str: the keys known
        recorded for the page, read in the same request). Output: None."""
        data = submission.form_data
        if not isinstance(data, dict) or not data:
            return
        known = getattr(submission, "recorded_answer_keys", None)
        if known is not None and known.issuperset(data):
            return
        cls.objects.bulk_create(
            [cls(page_id=submission.page_id, key=key, submission_id=submission.pk,
                 position=position) for position, key in enumerate(data)],
            ignore_conflicts=True,
        )

    @classmethod
    def record_all(cls, submissions, chunk_size=2000):
        """Record the keys of every submission of ``submissions`` (a queryset), oldest
        first, reading only ids and answers in chunks. Output: int, the number of
        submissions read. Used after bulk loads and by the migration that created this
        table."""
        seen = set()
        pending = []
        count = 0
        rows = submissions.order_by("pk").values_list("pk", "page_id", "form_data")
        for pk, page_id, data in rows.iterator(chunk_size=chunk_size):
            count += 1
            if not isinstance(data, dict):
                continue
            for position, key in enumerate(data):
                if (page_id, key) not in seen:
                    seen.add((page_id, key))
                    pending.append(cls(page_id=page_id, key=key, submission_id=pk,
                                       position=position))
        cls.objects.bulk_create(pending, batch_size=1000, ignore_conflicts=True)
        return count
