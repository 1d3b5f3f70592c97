"""Hooks of the host: the administrators' right-of-erasure view (``/admin/rgpd/``,
:mod:`portal.erasure_views`), its item in the "Paramètres" menu and its audit log
action; the page cache's marking of cacheable page views (:mod:`portal.page_cache`); the
audit log action of the moderation's final refusal (:mod:`portal.moderation`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from .erasure import ERASURE_ACTION, describe
from .erasure_views import ErasureView
from .moderation import REFUSE_ACTION
from .page_cache import mark_cacheable

# Wraps Wagtail's page serving: responses of CachedPage pages that may be stored are
# marked for portal.page_cache.PageCacheMiddleware.
hooks.register("on_serve_page", mark_cacheable)


@hooks.register("register_admin_urls")
def register_erasure_urls():
    """``/admin/rgpd/``: the right-of-erasure view (superusers only)."""
    return [path("rgpd/", ErasureView.as_view(), name="portal_erasure")]


class AdministratorMenuItem(MenuItem):
    """A menu item shown to superusers only."""

    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_erasure_menu_item():
    """"RGPD : droit à l'effacement" under "Paramètres" (superusers only)."""
    return AdministratorMenuItem(
        _("GDPR: right of erasure"), reverse("portal_erasure"), name="rgpd",
        icon_name="user", order=900,
    )


class ErasureLogFormatter(LogFormatter):
    """"Données personnelles effacées … (empreinte …) : Carte : 1 …" (see
    :func:`portal.erasure.describe`)."""

    label = _("Erase personal data")

    def format_message(self, log_entry):
        return describe(log_entry.data)


@hooks.register("register_log_actions")
def register_erasure_log_action(actions):
    """The audit log action written by each erasure (portal.erasure.ERASURE_ACTION)."""
    actions.register_action(ERASURE_ACTION)(ErasureLogFormatter)


class RefusalLogFormatter(LogFormatter):
    """"Refusé : <raison>" in a page's history and the audit log
    (:func:`portal.moderation.refuse`)."""

    label = _("Refuse")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("comment", "")
        return _("Refused for good: %(reason)s") % {"reason": reason}

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


@hooks.register("register_log_actions")
def register_refusal_log_action(actions):
    """The audit log action written by each final refusal in moderation."""
    actions.register_action(REFUSE_ACTION)(RefusalLogFormatter)
