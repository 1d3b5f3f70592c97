"""Right of erasure for the consultation plugin (RGPD art. 17): the functions it
registers under ``portal.hooks.PERSONAL_DATA`` (see :mod:`portal.erasure`).

Two tables hold an e-mail address: :class:`~consultation.models.ConsultationContact`
(contact details given with a questionnaire answer) and
:class:`~consultation.proposals.ProposalContact` (given with a proposal). Erasure deletes
these rows (name, address and telephone together); the anonymous answers and proposals
stay, as they do when contact details reach the end of their retention period.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.erasure import Finding

from .models import ConsultationContact
from .proposals import ProposalContact


def _answer_contacts(email):
    return ConsultationContact.objects.filter(email__iexact=email)


def _proposal_contacts(email):
    return ProposalContact.objects.filter(email__iexact=email)


def find_answer_contacts(email):
    """Findings (list of portal.erasure.Finding) for ``email`` (lowercase, trimmed): one
    per questionnaire answer whose contact details hold the address, labelled with the
    answer's number, questionnaire and date (Europe/Paris), linked to the committee's
    view of the answer."""
    found = []
    contacts = _answer_contacts(email).select_related("submission__page").order_by("pk")
    for contact in contacts:
        submission = contact.submission
        found.append(Finding(
            _("Contact details of answer no. %(number)s to “%(title)s” of %(date)s") % {
                "number": submission.pk, "title": submission.page.title,
                "date": date_format(timezone.localtime(submission.submit_time),
                                    "SHORT_DATE_FORMAT")},
            reverse("consultation_committee:submission",
                    args=[submission.page_id, submission.pk]),
        ))
    return found


def erase_answer_contacts(email, options):
    """Delete the contact details of answers holding ``email``; the answers stay.
    Output: list of str (French, a count)."""
    count, _deleted = _answer_contacts(email).delete()
    if not count:
        return []
    return [ngettext("%(count)d contact details of an answer deleted (the answer stays)",
                     "%(count)d contact details of answers deleted (the answers stay)",
                     count) % {"count": count}]


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
    return found


def erase_proposal_contacts(email, options):
    """Delete the contact details of proposals holding ``email``; the proposals stay.
    Output: list of str (French, a count)."""
    count, _deleted = _proposal_contacts(email).delete()
    if not count:
        return []
    return [ngettext("%(count)d contact details of a proposal deleted (the proposal stays)",
                     "%(count)d contact details of proposals deleted (the proposals stay)",
                     count) % {"count": count}]
