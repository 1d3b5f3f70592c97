"""The questionnaire's request handling: what a GET or a POST of a
:class:`~consultation.questionnaire.pages.ConsultationPage` does.

The page's ``serve`` and its routes call :func:`serve_questionnaire`, and its
``imprimer/`` route :func:`serve_printable` (the questionnaire on paper); the page holds the
data (questions, opening dates, contact rule) and how a valid form is stored
(``process_form_submission``).
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from portal import once
from portal.base_url import absolute_url
from portal.context_processors import footer_links

from .printable import printable_questionnaire

from ..stations import services as stations
from . import easy_read
from .channels import EASY_READ, STANDARD


def serve_questionnaire(page, request, version=STANDARD):
    """GET: the form; POST: store and redirect, or re-render with errors.

    Input: a ConsultationPage, the request and the ``version`` answered (a key of
    :data:`consultation.questionnaire.channels.VERSIONS`: ``"facile"`` serves the
    easy-read version, :mod:`consultation.questionnaire.easy_read`, and stores it on the
    submission; Http404 when the page offers none). Output: an HttpResponse.

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
    - On a shared computer (:func:`consultation.stations.services.current_station`):
      no autofill of free-text answers, no back-and-resend cookie, the rate counted per
      station, the station recorded on the submission.
    """
    offered = easy_read.is_offered(page)
    if version == EASY_READ and not offered:
        raise Http404
    extra = easy_read_context(page, request, version) if offered else {}
    state = page.state()
    if state != "open":
        return render_form_page(
            page, request, {"consultation_state": state, **extra},
            status=403 if request.method == "POST" else 200,
        )
    station = stations.current_station(request, page)
    if request.method != "POST":
        form = page.get_form(page=page, user=request.user)
        if version == EASY_READ:
            easy_read.apply(form, page.get_form_fields())
        if station is not None:
            stations.prepare_form(form)
        return render_form_page(page, request, {"form": form, **extra})
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    if version == EASY_READ:
        easy_read.apply(form, page.get_form_fields())
    if station is not None:
        stations.prepare_form(form)
    provenance = {"version": version}
    if station is not None:
        provenance["shared_station"] = station
    status = 200
    if form.is_valid():
        # The digest covers the contact details too: the same answers sent again
        # with an e-mail added are a new submission, never silently dropped.
        response, status = once.store_once(
            request, page, form, scope="consultation.answer",
            token=form.cleaned_data["form_token"],
            digest=once.fingerprint(page, form.cleaned_data),
            store=lambda: page.process_form_submission(form, provenance=provenance),
            thanks_url=page.thanks_url(request),
            rate=stations.rate(station) if station else page.answer_rate(),
            rate_key=stations.rate_key(station) if station else None,
            replay_cookie=station is None,
            rate_message=stations.RATE_MESSAGE if station else None,
        )
        if response is not None:
            return response
    return render_form_page(page, request, {"form": form, **extra}, status=status)


def render_form_page(page, request, extra, status=200):
    """The questionnaire page with ``extra`` context (dict), answered with ``status``
    (int) and ``Cache-Control: private`` (a page holding a form never goes to a shared
    cache: its CSRF token is personal). Output: a TemplateResponse."""
    context = page.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response


def easy_read_context(page, request, version):
    """Template context (dict) of a page offering an easy-read version: ``easy_read_url``
    (str, the URL of that version); for the easy-read version itself (``version`` is
    ``"facile"``) also ``easy_read`` (True), ``form_action`` (the URL the form posts
    to, str), ``standard_url`` (str) and ``easy_read_logo`` (the logo Image when
    :func:`consultation.questionnaire.easy_read.shows_logo`, else None) with its
    ``easy_read_logo_alt`` and ``easy_read_logo_credit`` (str). The URLs are None for a
    page without a URL yet (a preview)."""
    standard_url = page.get_url(request)
    url = None
    if standard_url is not None:  # None: a page not routable yet (preview)
        url = standard_url + page.reverse_subpage("easy_read")
    if version != EASY_READ:
        return {"easy_read_url": url}
    logo = page.easy_read_logo if easy_read.shows_logo(page) else None
    return {
        "easy_read": True, "easy_read_url": url, "form_action": url,
        "standard_url": standard_url, "easy_read_logo": logo,
        # The logo's own words, not the image's title (often a file name).
        "easy_read_logo_alt": easy_read.LOGO_ALT,
        "easy_read_logo_credit": easy_read.LOGO_CREDIT,
    }


def serve_shared_station_link(page, request, signed):
    """The link staff open on a shared computer (``poste-partage/<signed>/``).

    Input: the ConsultationPage, the request and ``signed`` (str, the link's signed
    part). Output: 200, a page confirming the session (place, end) with a link to the
    questionnaire, that marks this browser as the station
    (:func:`consultation.stations.services.set_station_cookie`); a page saying the
    session is over, 410 when it expired or was closed, 403 when the link is tampered
    with or unknown. Never a 500. A page to click rather than a redirect: a cookie
    marked SameSite=Strict is not sent on a redirect that followed a link from another
    site (an e-mail), and staff see which session they opened.
    """
    station, status = stations.station_from_link(page, signed)
    context = page.get_context(request)
    context.update({"link_station": station, "link_status": status})
    code = 200 if status == stations.OPEN else (403 if station is None else 410)
    response = TemplateResponse(
        request, "consultation/questionnaire/shared_station_link.html", context, status=code)
    patch_cache_control(response, private=True, no_store=True)
    if code == 200:
        stations.set_station_cookie(response, station, page)
    else:
        response.delete_cookie(stations.COOKIE_NAME, path=page.url or "/", samesite="Strict")
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
