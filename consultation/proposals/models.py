"""The proposal box's data: "les actions que vous aimeriez voir".

- :class:`Proposal`: one proposal, moderated by staff in the Wagtail admin (submitted ->
  published or rejected) and answered (accepted / under study / not retained, with a text).
  It is not a page: nothing of it reaches page revisions or the page search index. It
  belongs to a :class:`~consultation.proposals.pages.ProposalPage`, given by whoever
  creates it.
- :class:`ProposalContact`: the contact details a resident chose to give, with consent
  (RGPD art. 6.1.a), kept apart from the proposal so that they can be purged
  (:func:`purge_expired_contacts`) and never shown publicly.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import ContactDetails


class ProposalQuerySet(models.QuerySet):
    def published(self):
        """Only proposals a moderator published (the only ones ever shown publicly)."""
        return self.filter(status=Proposal.Status.PUBLISHED)


class Proposal(models.Model):
    """One action a resident would like to see, moderated and answered by staff.

    Fields: ``title`` (str, at most 120 characters), ``description`` (str, at most
    ``DESCRIPTION_MAX_LENGTH`` characters, checked by the admin form; the public form
    allows 2000), ``themes``
    (portal.Theme), ``commune`` (portal.Commune or None: the whole département),
    ``status`` (:class:`Status`), ``response_status`` (:class:`ResponseStatus`, "" until
    staff answer) and ``response_text``; ``form_token`` (unique: a rendered form is stored
    once); ``source_submission``: the questionnaire answer it was made from, if any
    (one-to-one: a submission gives at most one proposal); timestamps in UTC.
    """

    #: The questionnaire's long-text limit (ConsultationFormBuilder.MULTILINE_MAX_LENGTH),
    #: since a questionnaire answer can become a proposal.
    DESCRIPTION_MAX_LENGTH = 5000

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    class ResponseStatus(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        UNDER_STUDY = "under_study", _("Under study")
        NOT_RETAINED = "not_retained", _("Not retained")

    page = models.ForeignKey(
        "consultation.ProposalPage", verbose_name=_("proposal page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    themes = models.ManyToManyField(
        "portal.Theme", verbose_name=_("themes"), blank=True, related_name="proposals"
    )
    commune = models.ForeignKey(
        "portal.Commune", verbose_name=_("commune"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposals",
        help_text=_("Leave empty when the proposal concerns the whole département."),
    )
    status = models.CharField(
        _("moderation"), max_length=12, choices=Status.choices, default=Status.SUBMITTED,
        db_index=True,
    )
    response_status = models.CharField(
        _("answer"), max_length=12, choices=ResponseStatus.choices, blank=True, db_index=True,
    )
    response_text = models.TextField(_("answer text"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    form_token = models.CharField(
        _("form token"), max_length=36, unique=True, default=uuid.uuid4, editable=False
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, editable=False
    )
    source_submission = models.OneToOneField(
        "consultation.ConsultationSubmission", verbose_name=_("questionnaire answer"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal",
        editable=False,
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Save, and stamp ``published_at`` the first time it is published.

        A new proposal belongs to the ProposalPage its creator gives (``page``): the
        public form, the admin's "add" view and the conversion of a questionnaire answer
        each pass theirs. Raises ``ValueError`` when a new proposal has no page (it
        would be shown nowhere); a proposal whose page was deleted since (page set to
        null by the database) can still be saved.
        """
        if self._state.adding and self.page_id is None:
            raise ValueError(
                "A new Proposal needs its ProposalPage: pass page=<the ProposalPage> "
                "(the page whose public list will show it)."
            )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)


class ProposalContact(ContactDetails):
    """Contact details given with a proposal, with the resident's consent
    (:class:`portal.models.ContactDetails`: name, email, phone, privacy notice version,
    consent time).

    Personal data (RGPD art. 6.1.a): never shown publicly nor to the committee, only to
    moderators; deleted by :func:`purge_expired_contacts` after
    ``settings.PORTAL_CONTACT_RETENTION_DAYS`` days.
    """

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="contact"
    )

    class Meta:
        verbose_name = _("proposal contact")
        verbose_name_plural = _("proposal contacts")


def purge_expired_contacts(now=None):
    """Delete the contact details older than the retention period.

    Input: ``now`` (aware datetime, default: the current time). Output: the number (int)
    of ProposalContact rows deleted, those with ``consented_at`` more than
    ``settings.PORTAL_CONTACT_RETENTION_DAYS`` days before ``now``. Proposals are kept.
    """
    now = now or timezone.now()
    limit = now - timedelta(days=settings.PORTAL_CONTACT_RETENTION_DAYS)
    deleted, _per_model = ProposalContact.objects.filter(consented_at__lt=limit).delete()
    return deleted
