"""The data of assisted entry.

- :class:`EntryOperator`: a member of the "Saisie accompagnée" group as the committee
  sees them, a pseudonymous number ("Opérateur 3"); the account is kept for quality
  control only (RGPD art. 5.1.c: the committee never sees who typed an answer).
- :class:`EntryBatch`: a pile of paper forms (or a phone session) entered together,
  with its number and whether it is double-entered.
- :class:`SecondEntry`: the second operator's entry of a paper form already entered;
  the first entry stays the answer.
- :class:`EntryDifference`: one question on which the two entries differ, until a
  member of the group settles it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..questionnaire.channels import ASSISTED_CHANNELS, CHANNELS


class EntryOperator(models.Model):
    """A staff member who enters answers, under a pseudonymous number.

    ``number``: positive int, unique, given in order of first entry, never reused;
    ``user``: the account (null once the account is deleted: the number stays on the
    answers). The committee sees only ``str(operator)`` ("Opérateur 3").
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="entry_operator",
    )
    number = models.PositiveIntegerField(_("operator number"), unique=True)

    class Meta:
        verbose_name = _("entry operator")
        verbose_name_plural = _("entry operators")
        ordering = ["number"]

    def __str__(self):
        return _("Operator %(number)s") % {"number": self.number}


class EntryBatch(models.Model):
    """A batch of answers entered together (a pile of paper forms, a phone session).

    ``number``: the batch number written on the forms (str, unique per page);
    ``channel``: one of ``ASSISTED_CHANNELS``; ``double_entry``: each paper form is
    entered twice by two operators, the batch staying "à vérifier" while differences
    are unsettled.
    """

    page = models.ForeignKey(
        "consultation.ConsultationPage", verbose_name=_("questionnaire"),
        on_delete=models.CASCADE, related_name="entry_batches",
    )
    number = models.CharField(_("batch number"), max_length=40)
    channel = models.CharField(
        _("channel"), max_length=16,
        choices=[(key, label) for key, label in CHANNELS if key in ASSISTED_CHANNELS],
    )
    double_entry = models.BooleanField(
        _("double entry"), default=False,
        help_text=_("A second operator enters each paper form again; differences are "
                    "listed and settled."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        EntryOperator, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("entry batch")
        verbose_name_plural = _("entry batches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"],
                                    name="consultation_batch_number_unique"),
        ]
        permissions = [
            ("enter_answers", "Can enter answers collected on paper, by phone or at a "
                              "front desk"),
        ]

    def __str__(self):
        return _("Batch %(number)s") % {"number": self.number}


class SecondEntry(models.Model):
    """The second entry of one paper form of a double-entry batch.

    ``submission``: the first entry (the answer kept); ``form_data``: the second
    operator's answers (dict key -> str or list of str, as the first entry stores them);
    ``operator``: who entered it (must differ from the first entry's operator).
    """

    submission = models.OneToOneField(
        "consultation.ConsultationSubmission", verbose_name=_("first entry"),
        on_delete=models.CASCADE, related_name="second_entry",
    )
    operator = models.ForeignKey(
        EntryOperator, verbose_name=_("operator"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    form_data = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("second entry")
        verbose_name_plural = _("second entries")


class EntryDifference(models.Model):
    """One question whose answer differs between the two entries of a paper form.

    ``key``: the question's key; ``first_value`` / ``second_value``: the two answers
    (JSON: str, list of str or null when not answered); ``kept``: "" while unsettled,
    then "first" or "second" (the value kept is written into the submission's
    ``form_data``); ``settled_by`` / ``settled_at``: who settled it and when.
    """

    FIRST, SECOND = "first", "second"

    second_entry = models.ForeignKey(
        SecondEntry, on_delete=models.CASCADE, related_name="differences",
    )
    key = models.CharField(_("question key"), max_length=255)
    first_value = models.JSONField(_("first entry"), null=True, blank=True)
    second_value = models.JSONField(_("second entry"), null=True, blank=True)
    kept = models.CharField(
        _("value kept"), max_length=8, blank=True,
        choices=[(FIRST, _("First entry")), (SECOND, _("Second entry"))],
    )
    settled_by = models.ForeignKey(
        EntryOperator, verbose_name=_("settled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry difference")
        verbose_name_plural = _("entry differences")
        ordering = ["second_entry", "pk"]
