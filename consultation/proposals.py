"""The proposal box: "les actions que vous aimeriez voir".

- :class:`ProposalPage`: the public page at ``/propositions/``: a form where a resident
  proposes an action, and the list of published proposals with the staff's answers. A
  valid POST stores one :class:`Proposal`, exactly once, then redirects to ``merci/``.
- :class:`Proposal`: one proposal, moderated by staff in the Wagtail admin (submitted ->
  published or rejected) and answered (accepted / under study / not retained, with a text).
  It is not a page: nothing of it reaches page revisions or the page search index.
- :class:`ProposalContact`: the contact details a resident chose to give, with consent
  (RGPD art. 6.1.a), kept apart from the proposal so that they can be purged
  (:func:`purge_expired_contacts`) and never shown publicly.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.live_counts import CachedCountPaginator

#: Published proposals shown per page of the public list.
PUBLIC_PAGE_SIZE = 10


class ProposalPage(RoutablePageMixin, Page):
    """The proposal box at ``/propositions/`` (one per site, under the home page).

    GET renders the form (fresh one-time token) and the published proposals, paginated
    by ``?page=N`` (:data:`PUBLIC_PAGE_SIZE` a page). A valid POST stores one Proposal
    with status "submitted" and answers 302 to ``merci/``; a POST whose token is already
    used (double click, refresh, replay) stores nothing and answers the same redirect. An
    invalid POST re-renders the form with its errors (200). Responses holding the form
    are ``Cache-Control: private`` (each holds its own one-time token, which no shared
    cache may hand to someone else).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    template = "consultation/proposals/proposal_page.html"
    thanks_template = "consultation/proposals/proposal_thanks.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]
    api_fields = [APIField("intro"), APIField("thank_you_text")]

    class Meta:
        verbose_name = _("proposal page")
        verbose_name_plural = _("proposal pages")

    def thanks_url(self, request=None):
        """URL (str) of the thank-you route of this page."""
        return self.get_url(request) + self.reverse_subpage("thanks")

    def published_proposals(self):
        """QuerySet of this page's published proposals, newest first, with their themes
        and commune prefetched. Submitted and rejected proposals are never in it."""
        return (
            Proposal.objects.published()
            .filter(page=self)
            .select_related("commune")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        """Page context plus ``proposals`` (a Paginator page of published proposals; their
        number is a live counter, :class:`portal.live_counts.CachedCountPaginator`)."""
        context = super().get_context(request, *args, **kwargs)
        paginator = CachedCountPaginator(self.published_proposals(), PUBLIC_PAGE_SIZE,
                                         count_name=f"consultation:proposals:{self.pk}")
        context["proposals"] = paginator.get_page(request.GET.get("page"))
        return context

    def store(self, form):
        """Store a valid proposal form, exactly once.

        Input: a valid :class:`consultation.proposal_forms.ProposalForm`. Output: the new
        Proposal, or None when a proposal already holds the form's token (nothing is
        stored). The proposal, its themes and its contact (only with consent) are written
        in one transaction.
        """
        data = form.cleaned_data
        token = str(data["form_token"])
        try:
            with transaction.atomic():
                if Proposal.objects.filter(form_token=token).exists():
                    return None
                proposal = Proposal.objects.create(
                    page=self,
                    title=data["title"],
                    description=data["description"],
                    commune=data.get("commune"),
                    form_token=token,
                    privacy_notice_version=getattr(settings, "PORTAL_PRIVACY_NOTICE_VERSION", ""),
                )
                proposal.themes.set(data["themes"])
                if data.get("contact_consent"):
                    ProposalContact.objects.create(
                        proposal=proposal,
                        name=data.get("contact_name", ""),
                        email=data.get("contact_email", ""),
                        phone=data.get("contact_phone", ""),
                        consent_notice_version=proposal.privacy_notice_version,
                    )
        except IntegrityError:
            # A concurrent request with the same token won the race: stored once.
            return None
        return proposal

    def serve_form(self, request):
        """GET: the form and the list; POST: store and redirect, or re-render with errors."""
        from .proposal_views import serve_proposal_form

        return serve_proposal_form(self, request)

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The form and the published proposals (see :meth:`serve_form`)."""
        return self.serve_form(request)

    @path("merci/", name="thanks")
    def thanks_route(self, request, *args, **kwargs):
        """The thank-you page, reached by redirect after a stored proposal."""
        return TemplateResponse(request, self.thanks_template, self.get_context(request))

    def serve_preview(self, request, mode_name):
        return self.serve_form(request)


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
        ProposalPage, verbose_name=_("proposal page"), null=True, blank=True,
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
        """Save; attach a proposal made without a page (admin "add", code) to the site's
        ProposalPage, and stamp ``published_at`` the first time it is published."""
        if self.page_id is None:
            self.page = ProposalPage.objects.order_by("path").first()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)


class ProposalContact(models.Model):
    """Contact details given with a proposal, with the resident's consent.

    Personal data (RGPD art. 6.1.a): never shown publicly nor to the committee, only to
    moderators; deleted by :func:`purge_expired_contacts` after
    ``settings.PORTAL_CONTACT_RETENTION_DAYS`` days. ``consent_notice_version``
    is the privacy notice the resident consented under.
    """

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("proposal contact")
        verbose_name_plural = _("proposal contacts")

    def __str__(self):
        return self.name or self.email or self.phone


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
