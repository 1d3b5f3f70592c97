"""Views of the proposal box.

- :func:`serve_proposal_form`: the public form of a ProposalPage (GET / POST).
- :func:`create_from_submission`: staff turn a questionnaire answer into a proposal.
- :class:`FromQuestionnaireView` and :func:`from_submission_view`: the admin list of
  questionnaire answers with proposals, and its POST-only "turn into a proposal" action,
  behind ``consultation.add_proposal`` (Modération and superusers; never the committee).
  A staff user without it gets Wagtail's refusal (redirect to the admin home with a
  message); an anonymous user is sent to the admin login.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from portal import once

from .models import ConsultationSubmission
from .proposal_forms import FromSubmissionForm, ProposalForm, text_answers
from .proposals import Proposal, ProposalPage

ADD_PERMISSION = "consultation.add_proposal"
#: Audit log action written when staff turn a questionnaire answer into a proposal.
FROM_SUBMISSION_ACTION = "consultation.proposal_from_submission"
#: Longest title made from an answer's text (characters, before the ellipsis).
TITLE_FROM_TEXT_LENGTH = 80
PAGE_SIZE = 30


def replay_fingerprint(page, form):
    """Digest (str) of a valid proposal form's answers, for :mod:`portal.once`.

    Input: the ProposalPage and a valid ProposalForm; the contact details take part in
    the digest as they were posted."""
    data = dict(form.cleaned_data)
    data["themes"] = sorted(theme.slug for theme in data["themes"])
    data["commune"] = data["commune"].insee_code if data["commune"] else ""
    return once.fingerprint(page, data)


def serve_proposal_form(page, request):
    """GET: the form and the published proposals; POST: store once and redirect.

    Input: a ProposalPage and the request. Output: 302 to the page's ``merci/`` after a
    valid POST (stored once: same token, or the same answers sent again from the same
    browser, store nothing more), else 200 with the form and its errors.
    Responses holding the form are ``Cache-Control: private``.
    """
    status = 200
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            response, status = once.store_once(
                request, page, form, scope="consultation.proposal",
                token=form.cleaned_data["form_token"],
                digest=replay_fingerprint(page, form),
                store=lambda: page.store(form),
                thanks_url=page.thanks_url(request),
                rate=getattr(settings, "PORTAL_SUBMISSION_RATE", "") or "40/h",
            )
            if response is not None:
                return response
    else:
        form = ProposalForm()
    context = page.get_context(request)
    context["form"] = form
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response


def title_from_text(text):
    """A proposal title (str, at most TITLE_FROM_TEXT_LENGTH + 1 characters) from an
    answer: its first line or sentence, cut at a word boundary with "…" if too long."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_FROM_TEXT_LENGTH:
        return first
    cut = first[:TITLE_FROM_TEXT_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


class AlreadyConverted(Exception):
    """The submission already gave a proposal; ``proposal`` is that proposal."""

    def __init__(self, proposal):
        super().__init__(proposal.pk)
        self.proposal = proposal


def create_from_submission(submission, key, user=None):
    """Turn one answer of a questionnaire submission into a proposal, once.

    Input: a ConsultationSubmission, the key (str) of one of its non-empty long-text
    answers, the acting user (for the audit log). Output: the new Proposal, status
    "submitted", with that text as description, a title from its first sentence, the
    themes answered in the same submission (every "themes" question), the submission's
    commune, and ``source_submission`` set. Raises :class:`AlreadyConverted` when the
    submission already gave a proposal (nothing is written), ``KeyError`` when ``key`` is
    not one of its long-text answers.
    """
    from portal.models import Theme

    answers = {k: text for k, _label, text in text_answers(submission)}
    text = answers[key]
    page = submission.page.specific
    theme_slugs = set()
    for field in page.get_form_fields():
        if field.field_type == "themes":
            value = submission.form_data.get(field.clean_name) or []
            theme_slugs.update([value] if isinstance(value, str) else value)
    existing = Proposal.objects.filter(source_submission=submission).first()
    if existing is not None:
        raise AlreadyConverted(existing)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                page=ProposalPage.objects.order_by("path").first(),
                title=title_from_text(text),
                description=text,
                commune=submission.commune,
                source_submission=submission,
                privacy_notice_version=submission.privacy_notice_version,
            )
            proposal.themes.set(Theme.objects.filter(slug__in=theme_slugs))
            log(instance=proposal, action=FROM_SUBMISSION_ACTION, user=user,
                data={"submission": submission.pk, "question": key})
    except IntegrityError:
        # A concurrent click won the race on the one-to-one link.
        raise AlreadyConverted(Proposal.objects.get(source_submission=submission)) from None
    return proposal


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
        messages.error(request, _("Choose an answer of this submission to turn into a proposal."))
        return redirect("proposals:from_questionnaire")
    try:
        proposal = create_from_submission(submission, form.cleaned_data["question"], request.user)
    except AlreadyConverted as refused:
        messages.error(request, _("This answer has already been turned into a proposal."))
        return redirect(proposal_edit_url(refused.proposal))
    messages.success(request, _(
        "Proposal “%(title)s” created from a questionnaire answer: check it, then publish it."
    ) % {"title": proposal.title})
    return redirect(proposal_edit_url(proposal))


@method_decorator(permission_required(ADD_PERMISSION), name="dispatch")
class FromQuestionnaireView(WagtailAdminTemplateMixin, TemplateView):
    """Questionnaire answers holding a long-text answer, newest first, each with a
    "turn into a proposal" button (or a link to the proposal it already gave)."""

    template_name = "consultation/proposals/admin/from_questionnaire.html"
    page_title = gettext_lazy("Proposals from the questionnaire")
    header_icon = "form"
    breadcrumbs_items = []

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


def with_text_answers(submissions):
    """Filter a ConsultationSubmission QuerySet, in the database, to those holding a
    non-empty answer to one of their page's long-text ("multiline") questions.

    Output: the filtered QuerySet (empty when no page has such a question). Works on
    SQLite and PostgreSQL (JSON key extracted as text). Answers made only of spaces pass
    this filter; :func:`consultation.proposal_forms.text_answers` drops them.
    """
    from .models import FormField

    conditions = Q()
    annotations = {}
    for index, (page_id, key) in enumerate(
        FormField.objects.filter(field_type="multiline").values_list("page_id", "clean_name")
    ):
        name = f"text_answer_{index}"
        annotations[name] = Length(KeyTextTransform(key, "form_data"))
        conditions |= Q(page_id=page_id, **{f"{name}__gt": 0})
    if not annotations:
        return submissions.none()
    return submissions.alias(**annotations).filter(conditions)
