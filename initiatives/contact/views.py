"""The pages of contact through the portal, called by the routes of
:class:`initiatives.actions.InitiativePage` once Wagtail's routing has passed (the action
is live; a page under a view restriction has no such route). With the action at
``/carte/<slug>/``:

- ``contacter/``: the visitor's message to the action's author (GET, POST), or, when
  the author cannot be reached, what the visitor can do instead;
- ``contacter/envoye/``: message sent (redirect after POST);
- ``contacter/reponse/<link>/``: the author's answer, through the link of the e-mail;
- ``contacter/reponse-envoyee/``: answer sent;
- ``signaler/``: a problem report to the moderators; ``signaler/envoye/``: sent.

Every valid post goes through :func:`portal.once.store_once` (one-time token, honeypot,
rate limit ``PORTAL_CONTACT_RATE``), whose ``store`` counts the e-mail and hands it to
``transaction.on_commit`` (:func:`.relay.send_counted`). None of these pages is cached
(``Cache-Control: private, no-cache, no-store``; the page cache only holds the action's
own view); the answer's page, whose URL holds the link, is also ``noindex`` and sends no
``Referer`` to other sites.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal import once
from portal.responses import render_page
from portal.spam import refuse_honeypot

from . import counts, relay
from .forms import ContactForm, ReplyForm, ReportForm
from .links import ExpiredReplyLink, InvalidReplyLink, read_token, reply_days

#: Posts a client may send per period to these forms, when ``PORTAL_CONTACT_RATE`` is
#: empty (django-ratelimit syntax).
DEFAULT_RATE = "10/h"
#: Scopes of the one-time tokens and rate-limit groups.
SCOPE_MESSAGE = "initiatives.contact"
SCOPE_REPLY = "initiatives.contact.reply"
SCOPE_REPORT = "initiatives.report"

def contact_rate():
    """Posts a client may send per period (django-ratelimit syntax, str): setting
    ``PORTAL_CONTACT_RATE``, else :data:`DEFAULT_RATE`."""
    return getattr(settings, "PORTAL_CONTACT_RATE", DEFAULT_RATE) or DEFAULT_RATE


def subpage(page, route, *args):
    """Path (str) of ``page``'s route ``route``."""
    return (page.url or "") + page.reverse_subpage(route, args=list(args))


def _send_once(request, page, form, scope, digest_extra, kind, build, thanks_route):
    """Send a valid ``form`` once through :func:`portal.once.mail_once`, counted for the
    action (:func:`.relay.send_counted`).

    ``build``: callable returning the EmailMessage; ``digest_extra``: dict added to the
    answers' fingerprint. Output: ``(response, status)`` as :func:`portal.once.mail_once`
    gives it (the count is taken back when the e-mail could not leave).
    """
    return once.mail_once(
        request, page, form, scope=scope, digest_extra=digest_extra,
        send=lambda outcome: relay.send_counted(page.pk, kind, build(), outcome),
        thanks_url=subpage(page, thanks_route), rate=contact_rate(),
    )


def _form_context(page, form, **extra):
    return {"form": form, "form_token": once.new_token(),
            "reply_days": reply_days(), **extra}


def contact_view(page, request):
    """``contacter/``. When the author cannot be reached (:func:`.relay.can_relay`):
    what the visitor can do instead (public contact, report). Else GET: the empty
    form; POST: relay the message once and redirect to ``contacter/envoye/``, or show
    the form again with its errors (400, 429, 503), sending nothing."""
    address = relay.relay_address(page) if relay.contact_wanted(page) else ""
    if not address:
        return render_page(request, page, "initiatives/contact/unavailable.html", {})
    template = "initiatives/contact/contact_form.html"
    if request.method != "POST":
        return render_page(request, page, template, _form_context(page, ContactForm()))
    form = ContactForm(request.POST)
    status = 400
    if form.is_valid():
        response, status = _send_once(
            request, page, form, SCOPE_MESSAGE, {}, counts.MESSAGE,
            lambda: relay.message_to_author(page, address, form.cleaned_data),
            "contact_sent",
        )
        if response is not None:
            return response
    else:
        refuse_honeypot(request, form)
    return render_page(request, page, template, _form_context(page, form), status=status)


def contact_sent_view(page, request):
    """``contacter/envoye/``: the message has left."""
    return render_page(request, page, "initiatives/contact/sent.html", {"kind": counts.MESSAGE})


def reply_view(page, request, token):
    """``contacter/reponse/<link>/``: the author's answer to a visitor.

    A changed, forged or foreign link answers 400, an expired one 410, each with a
    French explanation and nothing sent. Else GET: the form (the visitor's name shown,
    never their address); POST: relay the answer once and redirect, or the form again
    with its errors (400, 429, 503).
    """
    try:
        email, name = read_token(token, page.pk)
    except ExpiredReplyLink:
        return render_page(request, page, "initiatives/contact/link_refused.html",
                      {"expired": True, "reply_days": reply_days()}, status=410,
                      private=True)
    except InvalidReplyLink:
        return render_page(request, page, "initiatives/contact/link_refused.html",
                      {"expired": False}, status=400, private=True)
    template = "initiatives/contact/reply_form.html"
    extra = {"visitor_name": name, "token": token}
    if request.method != "POST":
        return render_page(request, page, template, _form_context(page, ReplyForm(), **extra),
                      private=True)
    form = ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        response, status = _send_once(
            request, page, form, SCOPE_REPLY, {"link": token}, counts.REPLY,
            lambda: relay.answer_to_visitor(page, email, name, form.cleaned_data["message"]),
            "contact_reply_sent",
        )
        if response is not None:
            return response
    else:
        refuse_honeypot(request, form)
    return render_page(request, page, template, _form_context(page, form, **extra),
                  status=status, private=True)


def reply_sent_view(page, request):
    """``contacter/reponse-envoyee/``: the answer has left."""
    return render_page(request, page, "initiatives/contact/sent.html", {"kind": counts.REPLY})


def report_view(page, request):
    """``signaler/``: a problem report to the moderators. Without any moderator to
    receive it: what the visitor can do instead. Else as :func:`contact_view`,
    redirecting to ``signaler/envoye/``."""
    recipients = relay.moderator_addresses()
    if not recipients:
        return render_page(request, page, "initiatives/contact/unavailable.html",
                      {"report": True})
    template = "initiatives/contact/report_form.html"
    if request.method != "POST":
        return render_page(request, page, template, _form_context(page, ReportForm()))
    form = ReportForm(request.POST)
    status = 400
    if form.is_valid():
        response, status = _send_once(
            request, page, form, SCOPE_REPORT, {}, counts.REPORT,
            lambda: relay.report_to_moderators(
                page, form.cleaned_data, form.reason_label(), recipients),
            "report_sent",
        )
        if response is not None:
            return response
    else:
        refuse_honeypot(request, form)
    return render_page(request, page, template, _form_context(page, form), status=status)


def report_sent_view(page, request):
    """``signaler/envoye/``: the report has left."""
    return render_page(request, page, "initiatives/contact/sent.html", {"kind": counts.REPORT})


def action_contact_context(page):
    """What the action's own page shows about contact (dict): ``can_contact`` (bool,
    :func:`.relay.can_relay`), ``contact_label`` (str: "Je veux aider" when the action
    asks for volunteers, else "Contacter"), ``contact_url`` and ``report_url`` (paths).
    One query."""
    return {
        "can_contact": relay.can_relay(page),
        "contact_label": (_("I want to help") if page.volunteers_wanted
                          else pgettext("button", "Contact")),
        "contact_url": subpage(page, "contact"),
        "report_url": subpage(page, "report"),
    }


