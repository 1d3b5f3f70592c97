"""Admin forms of the host that replace Wagtail's stock ones.

Wagtail 8's admin ``LoginForm`` redeclares the password field without a label, so
Django names it from the field name: the French login page read "Password" above the
password box. :class:`LoginForm` gives it a translated label; settings point
``WAGTAILADMIN_USER_LOGIN_FORM`` at it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's admin login form (same fields, same checks) with a French label on the
    password field ("Mot de passe"). Input and output as ``wagtail.admin.forms.auth.
    LoginForm``: ``request`` then the usual form arguments; raises nothing of its own."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")
