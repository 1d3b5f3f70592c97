"""Public views of the map page: the map and its list's context, the submission's form,
the thank-you page, the private link's pages.

Each is called by a route of the map page (:class:`initiatives.pages.InitiativeIndexPage`,
``RoutablePageMixin``) with the page and the request, once Wagtail's routing and checks
have passed; with the map page at ``/carte/``:

- ``/carte/ajouter/``: the form "Ajouter une action" (GET, POST);
- ``/carte/ajouter/merci/``: what happens next (redirect after POST);
- ``/carte/mon-action/<token>/``: the private link: confirm the address, then the
  action's status (GET, POST);
- ``/carte/mon-action/<token>/modifier/``: change the action (back to moderation);
- ``/carte/mon-action/<token>/retirer/``: withdraw it;
- ``/carte/mon-action/renvoyer/``: "Renvoyer mon lien": the private links mailed again
  (GET, POST).

Every page here is rendered by :func:`portal.responses.render_page`: never cached; the
private link's pages are also never indexed and send no ``Referer`` to other sites.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal import once
from portal.communes import commune_choices
from portal.live_counts import CachedCountPaginator
from portal.page_cache import skip
from portal.responses import render_page
from portal.spam import (
    RATE_LIMIT_MESSAGE,
    address_rate_limited,
    refuse_honeypot,
    refuse_spam,
)

from .filters import InitiativeFilterSet
from .forms import InitiativeSubmissionForm, ResendLinkForm
from .map_settings import map_config
from .photos import find_image
from .submissions import (
    STATUS_CHANGES_REQUESTED,
    STATUS_PENDING,
    STATUS_REFUSED,
    STATUS_UNCONFIRMED,
    confirm_submission,
    create_submission,
    edit_submission,
    is_refused,
    resend_links,
    submission_status,
    withdraw_submission,
)
from .submitters import InitiativeSubmitter

#: Posts a client may send in an hour (django-ratelimit syntax), per form, when the
#: setting ``PORTAL_SUBMISSION_RATE`` is empty.
DEFAULT_RATE = "40/h"


#: Query parameter asking the map page for its list only (``?partial=liste``): the
#: fragment that the filter script swaps in without reloading.
FRAGMENT_PARAMETER = "partial"
FRAGMENT_VALUE = "liste"
#: Template of that fragment: filter fields, error summary and results.
FRAGMENT_TEMPLATE = "initiatives/initiative_list_fragment.html"


def wants_fragment(request):
    """Whether ``request`` asks for the list fragment (``?partial=liste``), bool."""
    return request.GET.get(FRAGMENT_PARAMETER) == FRAGMENT_VALUE


def map_template(request, default):
    """The template of the map page's ``index`` route: :data:`FRAGMENT_TEMPLATE` for
    the list fragment, else ``default`` (the page's own template). The fragment's URL
    differs from the page's by its query string, so the page cache keeps it as its own
    entry."""
    return FRAGMENT_TEMPLATE if wants_fragment(request) else default


def map_context(index_page, request):
    """The map page's own context: ``initiatives`` (a Paginator page of the filtered
    InitiativePages, with ``commune`` and ``themes`` prefetched), ``filters`` (the bound
    :class:`~initiatives.filters.InitiativeFilterSet`: form, errors), ``filter_query``
    (canonical query string of the valid filters, str, no ``?``) and
    ``map_config`` (dict of strings for data attributes: geojson URL carrying the
    filters, tile URL/attribution, centre and zoom, non-localised). Each action of the
    list has ``distance_km`` (float km from the place of "Près de chez moi", or None).
    The total is a live counter
    (:class:`portal.live_counts.CachedCountPaginator`); a page showing filter errors is
    kept out of the page cache, and ``shows_form_errors`` (bool) says so to base.html,
    whose title then starts with "Erreur – " (RGAA 8.6). The full page also gets ``datalists`` (dict: ``tags``
    list of (slug, name), ``communes`` list of "Name (INSEE)" labels, also used by "Près
    de chez moi", ``epcis`` list of (SIREN, name)) for the type-ahead fields; the list fragment (``?partial=liste``,
    ``fragment`` True) does not."""
    data = request.GET.copy()
    data.pop(FRAGMENT_PARAMETER, None)
    fragment = wants_fragment(request)
    filters = InitiativeFilterSet(data or None, queryset=index_page.live_initiatives())
    queryset = filters.qs.select_related("commune", "image").prefetch_related(
        "themes", "image__renditions"
    )
    filter_query = filters.querystring() if filters.is_bound else ""
    if filters.is_bound and filters.errors:
        skip(request)
    paginator = CachedCountPaginator(
        queryset, index_page.list_page_size,
        count_name=f"initiatives:list:{index_page.pk}:{filter_query}",
    )
    geojson_url = (index_page.get_url(request) or "") + index_page.reverse_subpage("geojson")
    if filter_query:
        geojson_url += "?" + filter_query
    context = {
        "initiatives": paginator.get_page(request.GET.get("page")),
        "filters": filters,
        "filter_query": filter_query,
        "fragment": fragment,
        "map_config": map_config(geojson_url=geojson_url),
        # base.html prefixes the title with "Erreur – " (RGAA 8.6).
        "shows_form_errors": bool(filters.is_bound and filters.errors),
    }
    if not fragment:
        context["datalists"] = {
            "tags": filters.tag_choices(),
            "communes": [label for _code, label in commune_choices()],
            "epcis": filters.epci_rows(),
        }
    return context


def sent_view(index_page, request):
    """What happens next, after a valid submission (GET)."""
    return render_page(request, index_page, "initiatives/submission_sent.html", {})


def form_context(index_page, form, form_token=None):
    """Template context of the submission form: datalist, map settings, RGPD notice."""
    return {
        "form": form,
        "form_token": form_token or once.new_token(),
        "commune_labels": [label for _code, label in commune_choices()],
        "map_config": map_config(),
        "notice_version": settings.PORTAL_PRIVACY_NOTICE_VERSION,
        "retention_days": settings.PORTAL_CONTACT_RETENTION_DAYS,
    }


def submission_rate():
    """Posts a client may send per period (django-ratelimit syntax, str): setting
    ``PORTAL_SUBMISSION_RATE``, else :data:`DEFAULT_RATE`."""
    return getattr(settings, "PORTAL_SUBMISSION_RATE", DEFAULT_RATE) or DEFAULT_RATE


def add_view(index_page, request):
    """GET: the empty form. POST: store the action once (:func:`portal.once.store_once`)
    and redirect to the thank-you page, also when this rendered form, or the same answers
    from the same browser, were already stored; or show the form again with its errors
    (status 400, 429 when rate limited), storing nothing."""
    template = "initiatives/submission_form.html"
    if request.method != "POST":
        return render_page(request, index_page, template,
                      form_context(index_page, InitiativeSubmissionForm()))
    form = InitiativeSubmissionForm(request.POST, request.FILES)
    token_form = once.TokenForm(request.POST)
    status = 400
    if form.is_valid():
        if not token_form.is_valid():
            form.add_error(None, _("This form has expired: please send it again."))
        else:
            response, status = once.store_once(
                request, index_page, form, scope="initiatives.submit",
                token=token_form.cleaned_data["form_token"],
                digest=once.fingerprint(index_page, form.cleaned_data),
                store=lambda: create_submission(index_page, form.cleaned_data, request),
                thanks_url=index_page.url + index_page.reverse_subpage("submission_sent"),
                rate=submission_rate(),
            )
            if response is not None:
                return response
    else:
        refuse_honeypot(request, form)
    return render_page(request, index_page, template, form_context(index_page, form), status=status)


def get_submitter(token):
    """The InitiativeSubmitter of a private token (str); raises Http404 when unknown."""
    submitter = InitiativeSubmitter.objects.for_token(token).select_related("page").first()
    if submitter is None:
        raise Http404(_("This link is not valid (or no longer)."))
    return submitter


def manage_view(index_page, request, token):
    """The private link's page.

    Unconfirmed: GET shows a button, POST confirms and submits the action to moderation
    (unless staff already handled it), then redirects here; any later POST only
    redirects. Confirmed: the action's status, its content, and links to change or
    withdraw it; refused for good: the moderator's reason, no link to change it (a
    live version can still be withdrawn). When the action is live and a change waits
    in moderation, the page says the published version stays online until then.
    """
    submitter = get_submitter(token)
    if request.method == "POST":
        # Idempotent: a second click or a retry confirms nothing more and lands on the
        # same status page (confirm_submission itself re-reads the row, locked).
        if not submitter.confirmed_at and not submitter.withdrawn_at:
            confirm_submission(submitter)
        return redirect(request.path)
    status, comment = submission_status(submitter)
    page = submitter.page.specific
    draft = page.get_latest_revision_as_object() if status != STATUS_UNCONFIRMED else page
    context = {
        "submitter": submitter, "action": draft, "status": status, "comment": comment,
        "token": token, "live_url": page.get_url(request) if page.live else "",
        "change_pending_while_live": page.live and status in (
            STATUS_PENDING, STATUS_CHANGES_REQUESTED),
        "can_edit": status != STATUS_REFUSED,
        "can_withdraw": status != STATUS_REFUSED or page.live,
    }
    return render_page(request, index_page, "initiatives/submission_manage.html", context,
                  private=True)


def edit_view(index_page, request, token):
    """Change the action: the form filled with its latest version (its photo shown, to
    keep, replace or remove); a valid POST saves a new revision in moderation and
    redirects to the private link's page. Unconfirmed, withdrawn or refused actions
    redirect there, changing nothing."""
    submitter = get_submitter(token)
    manage_url = index_page.url + index_page.reverse_subpage("submission_manage", args=[token])
    if not submitter.confirmed_at or submitter.withdrawn_at or is_refused(submitter):
        return redirect(manage_url)
    page = submitter.page.specific
    draft = page.get_latest_revision_as_object()
    current_photo = find_image(draft.image_id)
    status = 200
    if request.method == "POST":
        form = InitiativeSubmissionForm(request.POST, request.FILES, editing=True,
                                        current_photo=current_photo)
        status = 400
        if form.is_valid():
            status = refuse_spam(request, form, "initiatives.edit", submission_rate())
            if status is None:
                edit_submission(submitter, form.cleaned_data)
                return redirect(manage_url)
        else:
            refuse_honeypot(request, form)
    else:
        form = InitiativeSubmissionForm(
            initial=InitiativeSubmissionForm.initial_from_page(draft), editing=True,
            current_photo=current_photo,
        )
    context = form_context(index_page, form)
    context.update({"editing": True, "token": token, "manage_url": manage_url})
    return render_page(request, index_page, "initiatives/submission_form.html", context,
                  status=status, private=True)


def withdraw_view(index_page, request, token):
    """GET: ask for confirmation. POST: withdraw the action, then show its status.
    Withdrawn actions, and refused ones that are not live, redirect there."""
    submitter = get_submitter(token)
    manage_url = index_page.url + index_page.reverse_subpage("submission_manage", args=[token])
    if submitter.withdrawn_at or (not submitter.page.live and is_refused(submitter)):
        return redirect(manage_url)
    if request.method == "POST":
        withdraw_submission(submitter)
        return redirect(manage_url)
    context = {"action": submitter.page.specific, "token": token, "manage_url": manage_url}
    return render_page(request, index_page, "initiatives/submission_withdraw.html", context,
                  private=True)


def resend_rates():
    """``(per client, per address)`` rates of "Renvoyer mon lien" (django-ratelimit
    syntax, str): settings ``PORTAL_RESEND_LINK_RATE`` and
    ``PORTAL_RESEND_LINK_EMAIL_RATE``."""
    return (getattr(settings, "PORTAL_RESEND_LINK_RATE", "10/h"),
            getattr(settings, "PORTAL_RESEND_LINK_EMAIL_RATE", "3/h"))


def resend_view(index_page, request):
    """"Renvoyer mon lien": GET the form; POST a valid address: the private links of the
    actions sent with it are mailed again to that address
    (:func:`initiatives.submissions.resend_links`), then a redirect to the same answer
    whether or not the address is known (``?envoye=1``; the address never shown). Refused with a French
    error, sending nothing: an invalid address (400), a filled honeypot (400), a client
    over ``PORTAL_RESEND_LINK_RATE`` or an address over
    ``PORTAL_RESEND_LINK_EMAIL_RATE`` (429, the same for known and unknown addresses).
    """
    template = "initiatives/submission_resend.html"
    if request.method != "POST":
        if request.GET.get("envoye") == "1":
            return render_page(request, index_page, template, {"sent": True})
        return render_page(request, index_page, template, {"form": ResendLinkForm()})
    form = ResendLinkForm(request.POST)
    status = 400
    if form.is_valid():
        client_rate, address_rate = resend_rates()
        status = refuse_spam(request, form, "initiatives.resend", client_rate)
        if status is None and address_rate_limited(
            request, "initiatives.resend.address", form.cleaned_data["email"], address_rate
        ):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        if status is None:
            resend_links(form.cleaned_data["email"], index_page)
            # Redirect after POST: reloading the answer sends nothing again.
            return redirect(request.path + "?envoye=1")
    else:
        refuse_honeypot(request, form)
    return render_page(request, index_page, template, {"form": form}, status=status)
