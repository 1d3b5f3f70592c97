"""The proposal box's request handling: what a GET or a POST of a
:class:`~consultation.proposals.pages.ProposalPage` does (:func:`serve_proposal_form`,
called by the page's routes). The page holds its texts and list and how a valid form is
stored (``ProposalPage.store``).
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from portal import once

from .forms import ProposalForm


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
