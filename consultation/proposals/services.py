"""Services of the proposal box used by its admin: a questionnaire answer turned into a
proposal (:func:`create_from_submission`) and the answers that could be
(:func:`with_text_answers`).
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Length
from wagtail.log_actions import log

from portal.models import Theme

from ..questionnaire.models import FormField
from .forms import text_answers
from .models import Proposal

#: Audit log action written when staff turn a questionnaire answer into a proposal.
FROM_SUBMISSION_ACTION = "consultation.proposal_from_submission"
#: Longest title made from an answer's text (characters, before the ellipsis).
TITLE_FROM_TEXT_LENGTH = 80


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


def create_from_submission(submission, key, page, user=None):
    """Turn one answer of a questionnaire submission into a proposal, once.

    Input: a ConsultationSubmission, the key (str) of one of its non-empty long-text
    answers, the ProposalPage the proposal will belong to, the acting user (for the
    audit log). Output: the new Proposal, status
    "submitted", with that text as description, a title from its first sentence, the
    themes answered in the same submission (every "themes" question), the submission's
    commune, and ``source_submission`` set. Raises :class:`AlreadyConverted` when the
    submission already gave a proposal (nothing is written), ``KeyError`` when ``key`` is
    not one of its long-text answers.
    """
    answers = {k: text for k, _label, text in text_answers(submission)}
    text = answers[key]
    questionnaire = submission.page.specific
    theme_slugs = set()
    for field in questionnaire.get_form_fields():
        if field.field_type == "themes":
            value = submission.form_data.get(field.clean_name) or []
            theme_slugs.update([value] if isinstance(value, str) else value)
    existing = Proposal.objects.filter(source_submission=submission).first()
    if existing is not None:
        raise AlreadyConverted(existing)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                page=page,
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


def with_text_answers(submissions):
    """Filter a ConsultationSubmission QuerySet, in the database, to those holding a
    non-empty answer to one of their page's long-text ("multiline") questions.

    Output: the filtered QuerySet (empty when no page has such a question). Works on
    SQLite and PostgreSQL (JSON key extracted as text). Answers made only of spaces pass
    this filter; :func:`consultation.proposals.forms.text_answers` drops them.
    """
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
