"""Right of erasure for the map (RGPD art. 17): the functions the initiatives plugin
registers under ``portal.hooks.PERSONAL_DATA`` (see :mod:`portal.erasure`).

Two places hold an e-mail address: :class:`~initiatives.submitters.InitiativeSubmitter`
(the private address of whoever sent an action through the public form) and an action's
``public_contact`` free text (which the submitter may have filled with the same address;
it is copied into every revision of the page).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.erasure import Finding, mentions, strip_address

from .actions import InitiativePage
from .submitters import InitiativeSubmitter


def _submitters(email):
    return InitiativeSubmitter.objects.filter(email__iexact=email).select_related("page")


def _public_contact_pages(email):
    """Actions (InitiativePage, any state) whose public contact holds ``email``: a
    case-insensitive database search narrowed in Python to whole addresses."""
    candidates = InitiativePage.objects.filter(public_contact__icontains=email)
    return [page for page in candidates if mentions(page.public_contact, email)]


def _state(page):
    if page.live:
        return pgettext("action state", "published")
    return pgettext("action state", "not published")


def find(email):
    """Findings (list of portal.erasure.Finding) for ``email`` (lowercase, trimmed):
    one per action sent with the address, one per action whose public contact holds it;
    each labelled with the action's title and state, linked to its edit view."""
    found = []
    for submitter in _submitters(email).order_by("pk"):
        page = submitter.page
        found.append(Finding(
            _("Action sent with this address: “%(title)s” (%(state)s)") % {
                "title": page.title, "state": _state(page)},
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ))
    for page in _public_contact_pages(email):
        found.append(Finding(
            _("Public contact of the action “%(title)s” (%(state)s)") % {
                "title": page.title, "state": _state(page)},
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ))
    return found


def _strip_public_contact(page, email):
    """Take ``email`` out of ``page``'s public contact, in the page row and in every
    revision (the search index follows the page's save)."""
    page.public_contact = strip_address(page.public_contact, email)
    page.save(update_fields=["public_contact"], clean=False)
    for revision in page.revisions.all():
        content = revision.content or {}
        if mentions(content.get("public_contact"), email):
            content["public_contact"] = strip_address(content["public_contact"], email)
            revision.content = content
            revision.save(update_fields=["content"])


def erase(email, options):
    """Erase what :func:`find` finds for ``email``. ``options``: set of option names;
    "delete_actions" also deletes the actions sent with the address (with their
    revisions). Output: list of str, what was erased (French, counts only)."""
    done = []
    submitters = list(_submitters(email))
    if "delete_actions" in options:
        for submitter in submitters:
            submitter.page.delete()  # cascades to the submitter row
        if submitters:
            done.append(ngettext("%(count)d action deleted with its author's address",
                                 "%(count)d actions deleted with their author's address",
                                 len(submitters)) % {"count": len(submitters)})
    else:
        InitiativeSubmitter.objects.filter(pk__in=[s.pk for s in submitters]).delete()
        if submitters:
            done.append(ngettext("%(count)d author's address of an action deleted (the "
                                 "action stays)",
                                 "%(count)d authors' addresses of actions deleted (the "
                                 "actions stay)", len(submitters)) % {"count": len(submitters)})
    pages = _public_contact_pages(email)
    for page in pages:
        _strip_public_contact(page, email)
    if pages:
        done.append(ngettext("address taken out of the public contact of %(count)d action",
                             "address taken out of the public contact of %(count)d actions",
                             len(pages)) % {"count": len(pages)})
    return done
