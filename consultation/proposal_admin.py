"""Moderation of proposals in the Wagtail admin: a ModelViewSet (issue 5, DESIGN §4b).

URLs under ``/admin/comite/propositions/`` (DESIGN §4b: the committee reads proposals
under ``/admin/comite/``), admin menu item "Propositions".

Permissions (given to groups by migration 0003_proposals): Modération and superusers
add, change and delete proposals (publish, reject, answer); the committee only views
them (list and inspect view, no contact details); Rédaction has no access. Wagtail's
views refuse staff lacking a permission with a redirect to the admin home.
Every create/edit/delete is written to Wagtail's audit log by the viewset; a change of
moderation status is also logged as "publish" or "reject" (actions registered in
``wagtail_hooks``).
"""

from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from .proposal_views import ADD_PERMISSION, FromQuestionnaireView, from_submission_view
from .proposals import Proposal

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


class ProposalIndexView(generic.IndexView):
    """Wagtail's list, plus a "From the questionnaire" button for holders of the add
    permission (moderators; never the committee)."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.request.user.has_perm(ADD_PERMISSION):
            buttons.append(Button(
                _("From the questionnaire"), url=reverse("proposals:from_questionnaire"),
                icon_name="form",
            ))
        return buttons


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
    edit_view_class = ProposalEditView
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
