"""Right of erasure for the consultation plugin (RGPD art. 17): the functions it
registers under ``portal.hooks.PERSONAL_DATA`` (see :mod:`portal.erasure`).

Two tables hold an e-mail address: :class:`~consultation.questionnaire.models.ConsultationContact`
(contact details given with a questionnaire answer) and
:class:`~consultation.proposals.models.ProposalContact` (given with a proposal). Erasure deletes
these rows (name, address and telephone together); the anonymous answers and proposals
stay, as they do when contact details reach the end of their retention period. A
resident may also have written the address in an answer or in a proposal's text: there
it is replaced by "[adresse effacée]" and the rest of the text stays.
"""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.erasure import Finding, mentions, strip_address

from .proposals.models import Proposal, ProposalContact
from .questionnaire.models import ConsultationContact, ConsultationSubmission

#: Text fields of a proposal where a resident may have written an address.
PROPOSAL_TEXT_FIELDS = ("title", "description", "response_text")


def _answer_contacts(email):
    return ConsultationContact.objects.filter(email__iexact=email)


def _proposal_contacts(email):
    return ProposalContact.objects.filter(email__iexact=email)


def _holds(value, email):
    """True when ``value`` (a stored answer: str, list, dict, other) holds ``email``."""
    if isinstance(value, str):
        return mentions(value, email)
    if isinstance(value, dict):
        return any(_holds(item, email) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds(item, email) for item in value)
    return False


def _without(value, email):
    """``value`` (a stored answer) with ``email`` replaced in every text it holds."""
    if isinstance(value, str):
        return strip_address(value, email)
    if isinstance(value, dict):
        return {key: _without(item, email) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without(item, email) for item in value]
    return value


def _answers_mentioning(email):
    """Submissions whose answers hold ``email`` (a case-insensitive search of the JSON
    text narrowed in Python to whole addresses), oldest first."""
    candidates = (ConsultationSubmission.objects
                  .annotate(answers_text=Cast("form_data", TextField()))
                  .filter(answers_text__icontains=email).select_related("page").order_by("pk"))
    return [submission for submission in candidates if _holds(submission.form_data, email)]


def _proposals_mentioning(email):
    """Proposals whose title, description or answer holds ``email``."""
    query = Q()
    for name in PROPOSAL_TEXT_FIELDS:
        query |= Q(**{f"{name}__icontains": email})
    return [proposal for proposal in Proposal.objects.filter(query).order_by("pk")
            if any(mentions(getattr(proposal, name), email) for name in PROPOSAL_TEXT_FIELDS)]


def _answer_label(submission):
    return {"number": submission.pk, "title": submission.page.title,
            "date": date_format(timezone.localtime(submission.submit_time),
                                "SHORT_DATE_FORMAT")}


def find_answer_contacts(email):
    """Findings (list of portal.erasure.Finding) for ``email`` (lowercase, trimmed): one
    per questionnaire answer whose contact details hold the address, then one per
    answer where the address is written in an answer; labelled with the answer's
    number, questionnaire and date (Europe/Paris), linked to the committee's view of
    the answer."""
    found = []
    contacts = _answer_contacts(email).select_related("submission__page").order_by("pk")
    for contact in contacts:
        submission = contact.submission
        found.append(Finding(
            _("Contact details of answer no. %(number)s to “%(title)s” of %(date)s")
            % _answer_label(submission),
            reverse("consultation_committee:submission",
                    args=[submission.page_id, submission.pk]),
        ))
    for submission in _answers_mentioning(email):
        found.append(Finding(
            _("Answer no. %(number)s to “%(title)s” of %(date)s: the address is written "
              "in an answer") % _answer_label(submission),
            reverse("consultation_committee:submission",
                    args=[submission.page_id, submission.pk]),
        ))
    return found


def erase_answer_contacts(email, options):
    """Delete the contact details of answers holding ``email`` (the answers stay) and
    replace the address where it is written in an answer. Output: list of str (French,
    counts)."""
    done = []
    count, _deleted = _answer_contacts(email).delete()
    if count:
        done.append(ngettext(
            "%(count)d contact details of an answer deleted (the answer stays)",
            "%(count)d contact details of answers deleted (the answers stay)",
            count) % {"count": count})
    answers = _answers_mentioning(email)
    for submission in answers:
        submission.form_data = _without(submission.form_data, email)
        submission.save(update_fields=["form_data"])
    if answers:
        done.append(ngettext("address taken out of %(count)d answer",
                             "address taken out of %(count)d answers",
                             len(answers)) % {"count": len(answers)})
    return done


def find_proposal_contacts(email):
    """Findings (list of portal.erasure.Finding) for ``email``: one per proposal whose
    contact details hold the address, labelled with its number and title, linked to
    its edit view."""
    found = []
    for contact in _proposal_contacts(email).select_related("proposal").order_by("pk"):
        proposal = contact.proposal
        found.append(Finding(
            _("Contact details of proposal no. %(number)s “%(title)s”") % {
                "number": proposal.pk, "title": proposal.title},
            reverse("proposals:edit", args=[proposal.pk]),
        ))
    for proposal in _proposals_mentioning(email):
        found.append(Finding(
            _("Proposal no. %(number)s: the address is written in its text") % {
                "number": proposal.pk},
            reverse("proposals:edit", args=[proposal.pk]),
        ))
    return found


def erase_proposal_contacts(email, options):
    """Delete the contact details of proposals holding ``email`` (the proposals stay)
    and replace the address where it is written in a proposal's title, description or
    answer. Output: list of str (French, counts)."""
    done = []
    count, _deleted = _proposal_contacts(email).delete()
    if count:
        done.append(ngettext(
            "%(count)d contact details of a proposal deleted (the proposal stays)",
            "%(count)d contact details of proposals deleted (the proposals stay)",
            count) % {"count": count})
    proposals = _proposals_mentioning(email)
    for proposal in proposals:
        for name in PROPOSAL_TEXT_FIELDS:
            setattr(proposal, name, strip_address(getattr(proposal, name), email))
        proposal.save(update_fields=list(PROPOSAL_TEXT_FIELDS))
    if proposals:
        done.append(ngettext("address taken out of the text of %(count)d proposal",
                             "address taken out of the text of %(count)d proposals",
                             len(proposals)) % {"count": len(proposals)})
    return done
