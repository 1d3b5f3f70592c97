"""Relaying e-mails between visitors and the authors of actions, and problem reports
to the moderators, keeping neither the texts nor the addresses.

Who can be reached: an action's author through the portal when the action asks for
volunteers or shows a public contact, and the address given with the action is on file:
its :class:`~initiatives.submitters.InitiativeSubmitter` row exists (not erased through
``/admin/rgpd/``, not purged after ``PORTAL_CONTACT_RETENTION_DAYS``), confirmed and not
withdrawn (:func:`relay_address`). Reports go to the active members of the "Modération"
group who have an e-mail address, else to the active superusers (:func:`moderator_addresses`).

Addresses: every e-mail leaves from the portal's address (``DEFAULT_FROM_EMAIL``). The
message to the author holds the visitor's name and text and a "Répondre" link that
carries the visitor's address encrypted (:mod:`.links`), never the address itself; the
answer to the visitor holds the author's text, never the author's address. No
``Reply-To`` on either (a report has the reporter's own address as ``Reply-To`` when they
gave one, so that moderators can answer).

Sending (:func:`send_counted`): inside the caller's transaction the action's counter
is incremented and the e-mail is handed to ``transaction.on_commit``; when it cannot
leave, the count is taken back and the caller is told (``outcome["sent"] is False``), so
nothing is left half-done.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal import once
from portal.base_url import absolute_url
from portal.roles import MODERATORS_GROUP

from ..submitters import InitiativeSubmitter
from . import counts
from .links import make_token, reply_days

#: Folder of the e-mails' templates (``<kind>_subject.txt`` and ``<kind>.txt``).
EMAILS = "initiatives/contact/emails"


def contact_wanted(page):
    """Whether the action invites contact (bool): it asks for volunteers or shows a
    public contact."""
    return bool(page.volunteers_wanted or (page.public_contact or "").strip())


def relay_address(page):
    """The address messages about ``page`` (an InitiativePage) are relayed to (str), or
    "" when none is on file (no submitter row, erased, purged, unconfirmed, withdrawn).
    One query."""
    return (
        InitiativeSubmitter.objects.filter(
            page_id=page.pk, confirmed_at__isnull=False, withdrawn_at__isnull=True,
        ).exclude(email="").values_list("email", flat=True).first()
    ) or ""


def can_relay(page):
    """Whether a visitor can write to the author of ``page`` through the portal (bool):
    :func:`contact_wanted` and :func:`relay_address`."""
    return contact_wanted(page) and bool(relay_address(page))


def moderator_addresses():
    """Addresses (sorted list of str, no duplicates) that receive problem reports: the
    active members of the "Modération" group with an address, else the active
    superusers with one; [] when there are none."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    addresses = set(users.filter(groups__name=MODERATORS_GROUP).values_list("email", flat=True))
    if not addresses:
        addresses = set(users.filter(is_superuser=True).values_list("email", flat=True))
    return sorted(addresses)


def route_url(page, route, *args):
    """Absolute URL (str, on ``PORTAL_BASE_URL``) of ``page``'s route ``route``."""
    return absolute_url((page.url or "") + page.reverse_subpage(route, args=list(args)))


def _email(kind, context, to, reply_to=None):
    """An EmailMessage from the portal's address, its subject and body rendered in the
    site's language from :data:`EMAILS` ``/<kind>_subject.txt`` and ``<kind>.txt``."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
        subject = " ".join(render_to_string(f"{EMAILS}/{kind}_subject.txt", context).split())
        body = render_to_string(f"{EMAILS}/{kind}.txt", context)
    return EmailMessage(subject, body, None, to, reply_to=reply_to)


def message_to_author(page, address, data):
    """The e-mail relaying a visitor's message to the action's author.

    Input: ``page`` (InitiativePage), ``address`` (str, from :func:`relay_address`),
    ``data`` (``cleaned_data`` of :class:`~.forms.ContactForm`). The visitor's address
    is only inside the encrypted "Répondre" link (:func:`.links.make_token`).
    """
    token = make_token(page.pk, data["email"], data["name"])
    return _email("message", {
        "title": page.title, "name": data["name"], "message": data["message"],
        "reply_url": route_url(page, "contact_reply", token), "days": reply_days(),
        "page_url": route_url(page, "index"),
    }, [address])


def answer_to_visitor(page, email, name, text):
    """The e-mail relaying the author's answer ``text`` (str) to the visitor (``email``,
    ``name`` read from the reply link). Nothing of the author's address is in it."""
    return _email("reply", {
        "title": page.title, "name": name, "message": text,
        "contact_url": route_url(page, "contact"),
    }, [email])


def report_to_moderators(page, data, reason_label, recipients):
    """The e-mail of a problem report to ``recipients`` (list of str).

    Input: ``page`` (InitiativePage), ``data`` (``cleaned_data`` of
    :class:`~.forms.ReportForm`), ``reason_label`` (str). The reporter's address, when
    given, is the ``Reply-To``.
    """
    reply_to = [data["email"]] if data.get("email") else None
    return _email("report", {
        "title": page.title, "reason": reason_label, "message": data.get("message", ""),
        "email": data.get("email", ""), "page_url": route_url(page, "index"),
        "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }, recipients, reply_to=reply_to)


def send_counted(page_id, kind, message, outcome):
    """Count ``message`` for the action ``page_id`` and send it when the transaction
    commits.

    Input: ``page_id`` (int), ``kind`` (one of :data:`.counts.KINDS`), ``message`` (an
    EmailMessage), ``outcome`` (a dict the caller reads after the transaction). Call it
    inside a transaction (e.g. the ``store`` of :func:`portal.once.store_once`). When the
    transaction commits the message is sent: ``outcome["sent"]`` becomes True, or False
    when sending raised (logged; the count is then taken back). While an outer
    transaction is still open, ``"sent"`` is not set yet.
    """
    counts.add_one(page_id, kind)
    once.send_on_commit(message, outcome,
                        on_failure=lambda: counts.remove_one(page_id, kind))
