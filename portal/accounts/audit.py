"""Audit log entries of the two-step verification, in Wagtail's site history.

Turning a user's second factor on or off weakens or strengthens their account: staff
reviewing the site history must see when it happened and who did it (the user from their
account page, or nobody when an administrator ran ``remove_two_factor``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

#: Audit log action names (registered in portal/accounts/wagtail_hooks.py).
ENABLE_ACTION = "portal.two_factor.enable"
DISABLE_ACTION = "portal.two_factor.disable"

#: Action -> label shown in the site history (French through gettext).
LABELS = {
    ENABLE_ACTION: _("Two-step verification turned on"),
    DISABLE_ACTION: _("Two-step verification turned off"),
}


def log_two_factor_change(user, enabled, acting_user=None):
    """Write one audit log entry about ``user``'s two-step verification.

    Inputs: ``user`` (the account whose devices changed), ``enabled`` (bool: turned on,
    else off), ``acting_user`` (the signed-in user who did it, or None for a management
    command). Output: the new ModelLogEntry (Wagtail's ``log``), or None when Wagtail
    could not log it.
    """
    action = ENABLE_ACTION if enabled else DISABLE_ACTION
    return log(instance=user, action=action, user=acting_user)
