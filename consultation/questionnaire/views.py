"""The questionnaire's request handling: what a GET or a POST of a
:class:`~consultation.questionnaire.pages.ConsultationPage` does.

The page's ``serve`` and its routes call :func:`serve_questionnaire`, and its
``imprimer/`` route :func:`serve_printable` (the questionnaire on paper); the page holds the
data (questions, opening dates, contact rule) and how a valid form is stored
(``process_form_submission``).
"""

from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from portal import once
from portal.base_url import absolute_url
from portal.context_processors import footer_links

from .printable import printable_questionnaire


def serve_questionnaire(page, request):
    """GET: the form; POST: store and redirect, or re-render with errors.

    Input: a ConsultationPage and the request. Output: an HttpResponse.

    - Outside the opening dates (``page.state()`` not "open") no form is shown and a POST
      stores nothing: the page says so (GET 200, POST 403).
    - GET: the form with a fresh one-time token (200).
    - A valid POST stores one submission in one transaction and answers 302 to
      ``merci/``; a POST with a token already used (double click, replay, several at
      once), or the same answers sent again from the same browser after going back
      (:mod:`portal.once`), stores nothing and answers the same redirect. A filled
      honeypot answers 400 and a client over the rate 429, with the answers kept in the
      form and nothing stored.
    - An invalid POST re-renders the form with its errors (200).
    """
    state = page.state()
    if state != "open":
        return render_form_page(
            page, request, {"consultation_state": state},
            status=403 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        return render_form_page(page, request, {"form": page.get_form(page=page, user=request.user)})
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    status = 200
    if form.is_valid():
        # The digest covers the contact details too: the same answers sent again
        # with an e-mail added are a new submission, never silently dropped.
        response, status = once.store_once(
            request, page, form, scope="consultation.answer",
            token=form.cleaned_data["form_token"],
            digest=once.fingerprint(page, form.cleaned_data),
            store=lambda: page.process_form_submission(form),
            thanks_url=page.thanks_url(request), rate=page.answer_rate(),
        )
        if response is not None:
            return response
    return render_form_page(page, request, {"form": form}, status=status)


def render_form_page(page, request, extra, status=200):
    """The questionnaire page with ``extra`` context (dict), answered with ``status``
    (int) and ``Cache-Control: private`` (a page holding a form never goes to a shared
    cache: its CSRF token is personal). Output: a TemplateResponse."""
    context = page.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response


def serve_printable(page, request):
    """The printable questionnaire of ``page`` (route ``imprimer/``): an A4 page to print
    and hand out, built from the page's live questions
    (:func:`consultation.questionnaire.printable.printable_questionnaire`).

    Input: a ConsultationPage and the request (any method: the page holds no form).
    Output: a TemplateResponse (200), public (no token, no cookie). Context: ``page``,
    ``printable`` (PrintableQuestionnaire), ``online_url`` (absolute URL of the online
    questionnaire, written out on paper), ``privacy_url`` (absolute URL of the full
    privacy notice, or "" when the site has none) and ``contact_retention_days`` (int).
    """
    context = page.get_context(request)
    links = {link["key"]: link["url"] for link in footer_links(request)}
    context.update({
        "printable": printable_questionnaire(page),
        "online_url": absolute_url(page.get_url(request) or ""),
        "privacy_url": absolute_url(links["privacy"]) if links.get("privacy") else "",
    })
    return TemplateResponse(request, "consultation/questionnaire/printable_page.html", context)
