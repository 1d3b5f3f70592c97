from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in security of the admin (no models of its own: django-otp holds the devices,
    django-axes the failed attempts)."""

    name = "portal.accounts"
    label = "portal_accounts"
    verbose_name = _("Sign-in security")
