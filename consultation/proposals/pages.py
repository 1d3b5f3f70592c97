"""The proposal box's page: :class:`ProposalPage`, the public page at
``/propositions/``: a form where a resident proposes an action, and the list of
published proposals with the staff's answers. The page holds its texts, its list and how
a valid form is stored; the request itself (GET/POST) is handled by
:func:`consultation.proposals.views.serve_proposal_form`, which the page's routes call.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.live_counts import CachedCountPaginator

from . import views
from .models import Proposal, ProposalContact

#: Published proposals shown per page of the public list.
PUBLIC_PAGE_SIZE = 10


class ProposalPage(RoutablePageMixin, Page):
    """The proposal box at ``/propositions/`` (one per site, under the home page).

    The page holds its texts and list; its routes hand the request to
    :func:`consultation.proposals.views.serve_proposal_form`.

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

        Input: a valid :class:`consultation.proposals.forms.ProposalForm`. Output: the new
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
                        privacy_notice_version=proposal.privacy_notice_version,
                    )
        except IntegrityError:
            # A concurrent request with the same token won the race: stored once.
            return None
        return proposal

    @classmethod
    def for_new_proposals(cls):
        """The ProposalPage new proposals made outside its public form belong to (admin
        "add", a questionnaire answer turned into a proposal): the site's one proposal
        page (``max_count = 1``), the first in tree order. Output: a ProposalPage or
        None when the site has none."""
        return cls.objects.order_by("path").first()

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The form and the published proposals
        (:func:`consultation.proposals.views.serve_proposal_form`)."""
        return views.serve_proposal_form(self, request)

    @path("merci/", name="thanks")
    def thanks_route(self, request, *args, **kwargs):
        """The thank-you page, reached by redirect after a stored proposal."""
        return TemplateResponse(request, self.thanks_template, self.get_context(request))

    def serve_preview(self, request, mode_name):
        """Preview: the form and the list, as served."""
        return views.serve_proposal_form(self, request)
