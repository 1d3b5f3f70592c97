"""Moderation of proposals in the Wagtail admin: a ModelViewSet.

URLs under ``/admin/comite/propositions/`` (the committee reads everything it may read
under ``/admin/comite/``), admin menu item "Propositions".

Permissions (given to groups by migration 0005_proposals): Modération and superusers
add, change and delete proposals (publish, reject, answer); the committee only views
them (list and inspect view, no contact details); Rédaction has no access. Wagtail's
views refuse staff lacking a permission with a redirect to the admin home.
Every create/edit/delete is written to Wagtail's audit log by the viewset; a change of
moderation status is also logged as "publish" or "reject" (actions registered in
``wagtail_hooks``).

The list has no spreadsheet export: Wagtail's stock one wrote a line per proposal without
any column (no ``list_export``), and would otherwise give UTC times, no BOM and formulas
passed through. The committee reads the list and the inspect
view; ``?export=csv|xlsx`` shows the list. Its downloads are
``/admin/comite/propositions-export.csv|xlsx`` (``consultation.proposals.exports``: Paris
time, labels, formula guard, no contact details, audit log), linked from the committee
index.

Also here, behind ``consultation.add_proposal`` (Modération and superusers; never the
committee): the list of questionnaire answers with a written text
(:class:`FromQuestionnaireView`) and its POST-only "turn into a proposal" action
(:func:`from_submission_view`). A staff user without it gets Wagtail's refusal (redirect
to the admin home with a message); an anonymous user is sent to the admin login.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from ..committee.views import PERMISSION as VIEW_SUBMISSIONS_PERMISSION
from ..questionnaire.models import ConsultationSubmission
from .forms import FromSubmissionForm, text_answers
from .models import Proposal
from .pages import ProposalPage
from .services import AlreadyConverted, create_from_submission, with_text_answers

ADD_PERMISSION = "consultation.add_proposal"
#: Questionnaire answers per page of the "From the questionnaire" list.
PAGE_SIZE = 30
#: Message when a proposal cannot be added because the site has no proposal page.
NO_PROPOSAL_PAGE = _("Create the proposal page first: every proposal is shown on it.")
#: Shown in the inspect view for an empty value (no date, no answer, no commune...).
EMPTY_VALUE = "—"

#: Audit log actions written when a moderator changes the moderation status.
STATUS_ACTIONS = {
    Proposal.Status.PUBLISHED: "consultation.proposal_publish",
    Proposal.Status.REJECTED: "consultation.proposal_reject",
    Proposal.Status.SUBMITTED: "consultation.proposal_resubmit",
}


class ContactPanel(Panel):
    """Read-only view of the contact details given with a proposal (moderators only:
    the edit view needs the change permission). Shows "none" when no consent was given."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation/proposals/admin/contact_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["contact"] = getattr(self.instance, "contact", None) if self.instance.pk else None
            return context


def local_datetime(value):
    """An aware datetime as users read it: French long format in the current time zone
    (``settings.TIME_ZONE``, Europe/Paris), e.g. "29 novembre 2026 22:20" (str)."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


class LinkOrText(Component):
    """An inspect-view value: ``text`` (str, escaped), linked to ``url`` when given."""

    def __init__(self, text, url=None):
        self.text, self.url = text, url

    def render_html(self, parent_context=None):
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, self.text)
        return conditional_escape(self.text)


class ProposalInspectView(generic.InspectView):
    """Wagtail's inspect view with values as the list shows them: times in Paris time
    (Wagtail's template localizes them before converting them, so they came out in UTC),
    "—" for an empty value instead of "None" or nothing, and the questionnaire answer a
    proposal came from as "Réponse n° <id> du <date>", a link to the committee's page of
    that answer for holders of ``consultation.view_submissions`` (never its raw data)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return local_datetime(value)
        if value is None or value == "" or (
            field is not None and field.many_to_many and value == "-"
        ):
            return EMPTY_VALUE
        return value

    def get_source_submission_display_value(self):
        submission = self.object.source_submission
        if submission is None:
            return EMPTY_VALUE
        text = gettext("Answer no. %(number)s of %(date)s") % {
            "number": submission.pk, "date": local_datetime(submission.submit_time),
        }
        url = None
        if self.request.user.has_perm(VIEW_SUBMISSIONS_PERMISSION):
            url = reverse("consultation_committee:submission",
                          args=[submission.page_id, submission.pk])
        return LinkOrText(text, url)


class ProposalIndexView(generic.IndexView):
    """Wagtail's list, plus a "From the questionnaire" button for holders of the add
    permission (moderators; never the committee). No spreadsheet export (module
    docstring): ``?export=`` is ignored like any unknown parameter."""

    FORMATS = ()

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.request.user.has_perm(ADD_PERMISSION):
            buttons.append(Button(
                _("From the questionnaire"), url=reverse("proposals:from_questionnaire"),
                icon_name="form",
            ))
        return buttons


class ProposalCreateView(generic.CreateView):
    """Wagtail's add view; the new proposal belongs to the site's proposal page
    (:meth:`ProposalPage.for_new_proposals`). Without a proposal page nothing can be
    added: the view sends back to the list with an error message."""

    def dispatch(self, request, *args, **kwargs):
        self.proposal_page = ProposalPage.for_new_proposals()
        if self.proposal_page is None:
            messages.error(request, NO_PROPOSAL_PAGE)
            return redirect("proposals:index")
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        self.form.instance.page = self.proposal_page
        return super().save_instance()


class ProposalEditView(generic.EditView):
    """Wagtail's edit view plus "save and publish" / "save and reject" buttons.

    POST ``moderation=publish|reject`` sets the status before saving; any change of status
    is written to the audit log with :data:`STATUS_ACTIONS`.
    """

    template_name = "consultation/proposals/admin/edit.html"

    def save_instance(self):
        choice = self.request.POST.get("moderation")
        if choice == "publish":
            self.form.instance.status = Proposal.Status.PUBLISHED
        elif choice == "reject":
            self.form.instance.status = Proposal.Status.REJECTED
        previous = Proposal.objects.filter(pk=self.form.instance.pk).values_list(
            "status", flat=True
        ).first()
        instance = super().save_instance()
        if instance.status != previous:
            log(instance=instance, action=STATUS_ACTIONS[instance.status], user=self.request.user)
        return instance


def proposal_edit_url(proposal):
    """Admin edit URL (str) of a proposal."""
    return reverse("proposals:edit", args=[proposal.pk])


@require_POST
@permission_required(ADD_PERMISSION)
def from_submission_view(request, submission_id):
    """POST only: turn the chosen answer of a submission into a proposal.

    Redirects to the new proposal's edit view with a success message; when the
    submission already gave one, to that proposal with an error message and nothing
    written; a bad ``question`` gives an error message and nothing written.
    """
    submission = get_object_or_404(ConsultationSubmission, pk=submission_id)
    form = FromSubmissionForm(submission, request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose an answer of this submission to turn into a proposal."))
        return redirect("proposals:from_questionnaire")
    proposal_page = ProposalPage.for_new_proposals()
    if proposal_page is None:
        messages.error(request, NO_PROPOSAL_PAGE)
        return redirect("proposals:from_questionnaire")
    try:
        proposal = create_from_submission(
            submission, form.cleaned_data["question"], proposal_page, request.user,
        )
    except AlreadyConverted as refused:
        messages.error(request, gettext("This answer has already been turned into a proposal."))
        return redirect(proposal_edit_url(refused.proposal))
    messages.success(request, gettext(
        "Proposal “%(title)s” created from a questionnaire answer: check it, then publish it."
    ) % {"title": proposal.title})
    return redirect(proposal_edit_url(proposal))


@method_decorator(permission_required(ADD_PERMISSION), name="dispatch")
class FromQuestionnaireView(WagtailAdminTemplateMixin, TemplateView):
    """Questionnaire answers holding a long-text answer, newest first, each with a
    "turn into a proposal" button (or a link to the proposal it already gave)."""

    template_name = "consultation/proposals/admin/from_questionnaire.html"
    page_title = _("Proposals from the questionnaire")
    header_icon = "form"

    def get_breadcrumbs_items(self):
        """Wagtail's admin breadcrumbs: Home › Propositions › this page (list of dicts
        with "url" and "label")."""
        return [*self.breadcrumbs_items,
                {"url": reverse("proposals:index"), "label": _("Proposals")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submissions = with_text_answers(
            ConsultationSubmission.objects.select_related("commune", "proposal")
        ).order_by("-submit_time", "-pk")
        page_obj = Paginator(submissions, PAGE_SIZE).get_page(self.request.GET.get("p"))
        fields = {}
        rows = []
        for submission in page_obj.object_list:
            if submission.page_id not in fields:
                fields[submission.page_id] = list(submission.page.specific.get_form_fields())
            answers = text_answers(submission, fields[submission.page_id])
            rows.append({
                "submission": submission,
                "answers": answers,
                "proposal": getattr(submission, "proposal", None),
                "form": FromSubmissionForm(
                    submission, answers=answers, auto_id=f"id_%s_{submission.pk}"
                ),
            })
        context.update({"page_obj": page_obj, "rows": rows})
        return context


class ProposalViewSet(ModelViewSet):
    """Admin menu "Propositions": list filtered by status, answer, theme and commune;
    edit (moderate and answer); inspect (read-only, for the committee); and the
    questionnaire answers that staff can turn into proposals."""

    model = Proposal
    icon = "comment"
    menu_label = _("Proposals")
    menu_order = 640
    add_to_admin_menu = True
    url_prefix = "comite/propositions"
    url_namespace = "proposals"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ProposalIndexView
    add_view_class = ProposalCreateView
    edit_view_class = ProposalEditView
    inspect_view_class = ProposalInspectView
    list_per_page = 30
    list_display = [
        "title",
        Column("status", label=_("Moderation"), accessor="get_status_display"),
        Column("response_status", label=_("Answer"), accessor="get_response_status_display"),
        "commune",
        DateColumn("created_at", label=_("Received")),
    ]
    list_filter = ["status", "response_status", "themes", "commune"]
    search_fields = ["title", "description"]
    inspect_view_fields = [
        "title", "description", "themes", "commune", "status", "response_status",
        "response_text", "created_at", "published_at", "source_submission",
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("status", widget=forms.RadioSelect),
                FieldPanel("response_status"),
                FieldPanel("response_text"),
            ],
            heading=_("Moderation and answer"),
        ),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("commune"),
        ContactPanel(heading=_("Contact details (not published)")),
    ]

    def get_urlpatterns(self):
        """Wagtail's URLs plus ``depuis-questionnaire/`` (list) and
        ``depuis-questionnaire/<submission id>/`` (POST: turn into a proposal)."""
        return super().get_urlpatterns() + [
            path("depuis-questionnaire/", FromQuestionnaireView.as_view(),
                 name="from_questionnaire"),
            path("depuis-questionnaire/<int:submission_id>/", from_submission_view,
                 name="from_submission"),
        ]


proposal_viewset = ProposalViewSet("proposals")
