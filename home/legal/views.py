"""The contact page's requests, called by the routes of
:class:`home.legal.pages.ContactPage`: GET shows the form, a valid POST mails the
message once to the page's recipient (:func:`portal.once.mail_once`: one-time token,
honeypot, rate limit ``PORTAL_CONTACT_RATE``) and redirects to ``envoye/``. Nothing is
kept: the message only travels by e-mail, with the visitor's address as ``Reply-To``.
Every answer is never cached (:func:`portal.responses.render_page`).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from portal import once
from portal.responses import render_page
from portal.spam import refuse_honeypot

from .forms import ContactForm

#: Scope of the one-time tokens and rate-limit group.
SCOPE = "home.contact"
#: Posts a client may send per period when ``PORTAL_CONTACT_RATE`` is empty.
DEFAULT_RATE = "10/h"
#: Templates of the e-mail.
EMAIL_SUBJECT = "home/legal/emails/contact_subject.txt"
EMAIL_BODY = "home/legal/emails/contact.txt"


def contact_email(page, data):
    """The e-mail of a visitor's message (EmailMessage): from ``DEFAULT_FROM_EMAIL`` to
    ``page.recipient_address()``, ``Reply-To`` the visitor's address, subject and body in the
    site's language. Input: the ContactPage and the form's ``cleaned_data``."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, **data}
        subject = " ".join(render_to_string(EMAIL_SUBJECT, context).split())
        body = render_to_string(EMAIL_BODY, context)
    return EmailMessage(subject, body, None, [page.recipient_address()],
                        reply_to=[data["email"]])


def sent_url(page):
    """Path (str) of the page's "sent" route."""
    return (page.url or "") + page.reverse_subpage("sent")


def contact_view(page, request):
    """The form. Without a recipient: a notice instead of the form. GET: the empty form;
    POST: mail it once and redirect to ``envoye/``, or the form again with its errors
    (400: invalid, expired or honeypot; 429: rate; 503: the mail could not leave)."""
    template = "home/legal/contact_page.html"
    if not page.recipient_address():
        return render_page(request, page, template, {"form": None})
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        status = 400
        if form.is_valid():
            response, status = once.mail_once(
                request, page, form, scope=SCOPE,
                send=lambda outcome: once.send_on_commit(
                    contact_email(page, form.cleaned_data), outcome),
                thanks_url=sent_url(page),
                rate=getattr(settings, "PORTAL_CONTACT_RATE", "") or DEFAULT_RATE,
            )
            if response is not None:
                return response
        else:
            refuse_honeypot(request, form)
    else:
        form = ContactForm()
    return render_page(request, page, template, {"form": form, "form_token": once.new_token()},
                       status=status)


def sent_view(page, request):
    """``envoye/``: the message has left."""
    return render_page(request, page, "home/legal/contact_sent.html", {})
