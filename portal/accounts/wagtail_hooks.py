"""Admin URLs of the two-step verification and its link on the account page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views
from .audit import LABELS


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    """Verification after sign-in and the user's own settings, under ``/admin/``."""
    return [
        path("deux-etapes/verification/", views.VerifyView.as_view(),
             name="portal_accounts_verify"),
        path("deux-etapes/", views.TwoFactorView.as_view(),
             name="portal_accounts_two_factor"),
        path("deux-etapes/supprimer/", views.RemoveTwoFactorView.as_view(),
             name="portal_accounts_two_factor_remove"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """A button "Vérification en deux étapes" on the account page (dict: url, label,
    help_text)."""
    return {
        "url": reverse("portal_accounts_two_factor"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code of an authenticator app on your phone at each "
                       "sign-in, in addition to your password."),
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    """The site history's labels of the two-step verification entries (portal.accounts.audit)."""
    for action, label in LABELS.items():
        actions.register_action(action, label, label)
