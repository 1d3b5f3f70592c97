"""Consultation plugin hooks: demo content, home page cards and counters, committee admin, proposals'
admin, personal data (the host and the home page never import this plugin: it
contributes through hooks). Every hook of the plugin is registered here; what each one
answers lives in the feature's folder (questionnaire/, proposals/, committee/)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import Button

from portal.erasure import PersonalDataSource
from portal.hooks import (
    DEMO_CONTENT,
    HOME_COUNTERS,
    HOME_PARTICIPATION,
    PERSONAL_DATA,
    TERRITORY_COUNTS,
)
from portal.live_counts import cached_count

from .assisted.admin import assisted_entry_viewset
from .assisted.services import SETTLE_ACTION
from .committee.admin import committee_viewset
from .committee.audit import ContactLogFormatter, ExportLogFormatter
from .committee.dashboard import CommitteePanel
from .committee.views import CONTACT_ACTION, EXPORT_ACTION, PERMISSION
from . import erasure
from .demo import create_consultation, create_proposals
from .proposals.admin import STATUS_ACTIONS, proposal_viewset
from .proposals.models import Proposal
from .proposals.pages import ProposalPage
from .proposals.services import FROM_SUBMISSION_ACTION
from .questionnaire.models import ConsultationSubmission
from .questionnaire.pages import ConsultationPage
from .stations.admin import station_viewset


@hooks.register(DEMO_CONTENT, order=20)
def create_demo_consultation(home_page, stdout):
    """Create the published questionnaire page /consultation/ (idempotent)."""
    create_consultation(home_page, stdout)


def _live_page(model):
    """The first live, public page of ``model`` in tree order, or None."""
    return model.objects.live().public().order_by("path").first()


@hooks.register(HOME_PARTICIPATION, order=20)
def consultation_participation(request):
    """Home page card for the live questionnaire.

    Output: dict with "key" ("consultation"), "title", "text", "url", "link_label"
    (translated str), or None when no consultation page is live and public.
    """
    page = _live_page(ConsultationPage)
    if page is None:
        return None
    return {
        "key": "consultation",
        "title": _("Answer the consultation"),
        "text": _(
            "Tell us how the crisis affected you, who helped you and what you propose. "
            "Your answers are anonymous."
        ),
        "url": page.get_url(request),
        "link_label": _("Answer the questionnaire"),
    }


@hooks.register(HOME_PARTICIPATION, order=25)
def proposals_participation(request):
    """Home page card for the live proposal box.

    Output: dict with "key" ("propositions"), "title", "text", "url", "link_label"
    (translated str), or None when no proposal page is live and public.
    """
    page = _live_page(ProposalPage)
    if page is None:
        return None
    return {
        "key": "propositions",
        "title": _("Propose an action"),
        "text": _("Suggest the solidarity actions you would like to see in your commune or "
                  "in the département, and read the published proposals."),
        "url": page.get_url(request),
        "link_label": _("Make a proposal"),
    }


@hooks.register(HOME_COUNTERS, order=20)
def answers_counter(request):
    """Home page counter of the answers to the live, public questionnaires: dict
    ``{"key": "questionnaire_answers", "label", "count", "url"}`` (``url`` the first such
    questionnaire), or None when none is live. New answers do not purge the page cache:
    the figure follows within the cached home page's lifetime. Counted through
    :func:`portal.live_counts.cached_count`."""
    page = _live_page(ConsultationPage)
    if page is None:
        return None
    count = cached_count(
        "consultation:home:answers",
        lambda: ConsultationSubmission.objects.filter(
            page__in=ConsultationPage.objects.live().public()).count(),
    )
    return {"key": "questionnaire_answers", "count": count, "url": page.get_url(request),
            "label": ngettext("answer to the questionnaire", "answers to the questionnaire",
                              count)}


@hooks.register(HOME_COUNTERS, order=25)
def proposals_counter(request):
    """Home page counter of the published proposals: dict ``{"key": "proposals",
    "label", "count", "url"}`` (``url`` the proposal page, which lists them), or None
    when no proposal page is live. Counted through
    :func:`portal.live_counts.cached_count`."""
    page = _live_page(ProposalPage)
    if page is None:
        return None
    count = cached_count("consultation:home:proposals",
                         lambda: Proposal.objects.published().count())
    return {"key": "proposals", "count": count, "url": page.get_url(request),
            "label": ngettext("published proposal", "published proposals", count)}


@hooks.register(TERRITORY_COUNTS)
def proposals_in_territory(level, code):
    """Published proposals attached to one commune or to a commune of one EPCI, for the
    diagnostic's portrait de territoire (the diagnostic never imports consultation).

    Inputs: ``level`` ("commune" or "epci") and ``code`` (INSEE code or SIREN code).
    Output: dict ``{"key": "proposals", "label", "count", "url"}`` (``url``: the live,
    public proposal page, which lists every published proposal, or None), or None for
    another level. Proposals for the whole département (no commune) are not counted.
    """
    field = {"commune": "commune__insee_code", "epci": "commune__epci__siren"}.get(level)
    if field is None:
        return None
    count = Proposal.objects.published().filter(**{field: code}).count()
    page = ProposalPage.objects.live().public().order_by("path").first()
    return {
        "key": "proposals",
        "label": _("Published proposals"),
        "count": count,
        "url": page.url if page is not None else None,
    }


@hooks.register("register_admin_viewset")
def register_committee_viewset():
    """Admin menu "Comité" and its views at /admin/comite/, for holders of
    ``consultation.view_submissions`` (consultation.committee.admin)."""
    return committee_viewset


@hooks.register("register_admin_viewset")
def register_assisted_entry_viewset():
    """Admin menu "Saisie accompagnée" and its views at /admin/saisie/, for holders of
    ``consultation.enter_answers`` (consultation.assisted.admin)."""
    return assisted_entry_viewset


@hooks.register("register_log_actions")
def register_assisted_entry_log_actions(actions):
    """Audit log action written when a double-entry difference is settled."""
    actions.register_action(SETTLE_ACTION, _("Settle a double-entry difference"),
                            _("Double-entry difference settled"))


@hooks.register("filter_form_submissions_for_user")
def keep_answers_out_of_stock_form_views(user, editable_forms):
    """Wagtail's own "Formulaires" views never list a ConsultationPage, for anyone:
    they would show its answers to every editor of the page and export them without
    formula guard, Paris time, labels or audit log. Answers are read in the committee
    views. Input/output: a queryset of pages."""
    return editable_forms.not_type(ConsultationPage)


def _printable_buttons(page, priority):
    """The "Paper version" link of a live ConsultationPage in the page explorer (a list
    of one wagtail.admin.widgets.Button opening ``imprimer/`` in a new tab; empty for
    other pages and drafts): staff print the questionnaire they just edited."""
    if not page.live or not issubclass(page.specific_class or type(page), ConsultationPage):
        return []
    url = page.url
    if not url:
        return []
    return [Button(_("Paper version to print"), url=url + "imprimer/", icon_name="doc-full",
                   attrs={"target": "_blank", "rel": "noopener"}, priority=priority)]


@hooks.register("register_page_listing_more_buttons")
def printable_listing_button(page, user, next_url=None):
    """Page explorer, "More" menu of a questionnaire: its paper version."""
    return _printable_buttons(page, priority=7)


@hooks.register("register_page_header_buttons")
def printable_header_button(page, user, view_name, next_url=None):
    """Page editor's header menu of a questionnaire: its paper version."""
    return _printable_buttons(page, priority=66)


@hooks.register("construct_homepage_panels")
def add_committee_panel(request, panels):
    """Admin home: the "Comité" panel (consultation.committee.dashboard), for holders of
    ``consultation.view_submissions`` only; ``panels`` (list) is changed in place."""
    if request.user.has_perm(PERMISSION):
        panels.append(CommitteePanel())


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    """Audit log actions written by every committee export and every view of contact
    details, read with their details (consultation.committee.audit)."""
    actions.register_action(EXPORT_ACTION)(ExportLogFormatter)
    actions.register_action(CONTACT_ACTION)(ContactLogFormatter)


# --- Proposal box: "les actions que vous aimeriez voir" -------------------------------


@hooks.register("register_admin_viewset")
def register_station_viewset():
    """The shared computers' admin ("Postes partagés", consultation.stations.admin)."""
    return station_viewset


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    """Admin menu "Propositions": moderation and answers (consultation.proposals.admin)."""
    return proposal_viewset


@hooks.register("register_log_actions")
def register_proposal_log_actions(actions):
    """Audit log actions of proposal moderation and of the questionnaire conversion."""
    labels = {
        Proposal.Status.PUBLISHED: (_("Publish proposal"), _("Proposal published")),
        Proposal.Status.REJECTED: (_("Reject proposal"), _("Proposal rejected")),
        Proposal.Status.SUBMITTED: (_("Return proposal to moderation"),
                                    _("Proposal returned to moderation")),
    }
    for status, action in STATUS_ACTIONS.items():
        actions.register_action(action, *labels[status])
    actions.register_action(
        FROM_SUBMISSION_ACTION, _("Proposal from a questionnaire answer"),
        _("Proposal created from a questionnaire answer"),
    )


@hooks.register(DEMO_CONTENT, order=25)
def create_demo_proposals(home_page, stdout):
    """Create the proposal page /propositions/ and its published demo proposals
    (idempotent)."""
    create_proposals(home_page, stdout)


@hooks.register(PERSONAL_DATA)
def personal_data_of_consultations():
    """What the consultation plugin links to an e-mail address (right of erasure, RGPD
    art. 17; see :mod:`portal.erasure` and :mod:`consultation.erasure`): contact details
    of questionnaire answers and of proposals, and the address where a resident wrote it
    in an answer or a proposal."""
    return [
        PersonalDataSource(
            key="questionnaire", label=_("Questionnaire: answers and their contact details"),
            find=erasure.find_answer_contacts, erase=erasure.erase_answer_contacts, order=20),
        PersonalDataSource(
            key="proposals", label=_("Proposals: texts and contact details"),
            find=erasure.find_proposal_contacts, erase=erasure.erase_proposal_contacts, order=30),
    ]
