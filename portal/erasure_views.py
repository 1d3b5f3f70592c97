"""Administrators' right-of-erasure view, ``/admin/rgpd/`` (RGPD art. 17).

Three steps, all POST with CSRF (the address never goes into a URL, so never into
access logs): 1. the address (:class:`AddressForm`); 2. what each plugin holds for it
(:func:`portal.erasure.find_everywhere`) with the erasure options and a confirmation
button (:class:`ErasureForm`); 3. the erasure (:func:`portal.erasure.erase_everywhere`,
one transaction, one audit log entry), then back to step 1 with a message saying what
was erased. Superusers only; anyone else is refused as Wagtail refuses (redirect to
the admin home with a message).
"""

from django import forms
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .erasure import erase_everywhere, find_everywhere, normalise_email, sources


def is_administrator(user):
    """True for superusers: the only ones who may search and erase personal data."""
    return bool(user.is_active and user.is_superuser)


administrators_only = method_decorator(user_passes_test(is_administrator), name="dispatch")


class AddressForm(forms.Form):
    """The address whose data is looked for: ``email`` (valid e-mail address, trimmed;
    matched case-insensitively)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"), max_length=254,
        help_text=gettext_lazy("Case and surrounding spaces do not matter."),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class ErasureForm(AddressForm):
    """Step 2: the address again (hidden), the options every source offers (one
    unchecked checkbox each, named "<source key>:<option name>") and a required
    confirmation checkbox."""

    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm the erasure: it cannot be undone."), required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm the erasure.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()
        for source in sources():
            for option in source.options:
                self.fields[f"{source.key}:{option.name}"] = forms.BooleanField(
                    label=option.label, help_text=option.help_text, required=False)

    def chosen_options(self):
        """The names of the options ticked (set of "<source key>:<option name>")."""
        return {name for name, value in self.cleaned_data.items()
                if ":" in name and value is True}


@administrators_only
class ErasureView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the address form. POST ``step=find``: what is found for the address and the
    confirmation form. POST ``step=erase``: erase, then redirect with a message."""

    template_name = "portal/admin/erasure.html"
    page_title = gettext_lazy("Right of erasure")
    header_icon = "user"
    breadcrumbs_items = []
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=AddressForm()))

    def post(self, request, *args, **kwargs):
        if request.POST.get("step") == "erase":
            return self.erase(request)
        form = AddressForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.show_findings(form.cleaned_data["email"])

    def show_findings(self, email, erasure_form=None):
        found = find_everywhere(email)
        total = sum(len(findings) for _source, findings in found)
        if erasure_form is None:
            erasure_form = ErasureForm(initial={"email": email})
        return self.render_to_response(self.get_context_data(
            form=AddressForm(initial={"email": email}), email=email, found=found,
            total=total, erasure_form=erasure_form if total else None,
            option_fields=[erasure_form[name] for name in erasure_form.fields
                           if ":" in name],
        ))

    def erase(self, request):
        form = ErasureForm(request.POST)
        if not form.is_valid():
            if "email" in form.cleaned_data:
                return self.show_findings(form.cleaned_data["email"], form)
            messages.error(request, _("The address is missing or not valid: search again."))
            return redirect("portal_erasure")
        results = erase_everywhere(form.cleaned_data["email"], form.chosen_options(),
                                   request.user)
        if not results:
            messages.warning(request, _("Nothing was linked to this address any more: "
                                        "nothing was erased."))
        else:
            details = " ; ".join(f"{label} : {', '.join(items)}" for label, items in results)
            messages.success(request, _("Personal data erased: %(details)s. The erasure "
                                        "is recorded in the site history without the "
                                        "address.") % {"details": details})
        return redirect("portal_erasure")
