"""Admin views of the indicator import: upload → preview → confirm.

``GET import/``: the upload form. ``POST import/``: the file is read and checked
(:mod:`.importer`); with errors, the form again with every error and its line number;
without, the preview (what will be stored, warnings) and a confirmation form carrying the
checked import signed with django.core.signing (only the same user can confirm it, for
two hours; an altered text is refused). ``POST import/confirm/``: stores it in one
transaction and goes back to the list. Nothing is stored before the confirmation.

Both need ``diagnostic.add_indicator`` and ``diagnostic.change_indicator`` (staff groups
Rédaction and Modération; never the committee): Wagtail's ``permission_required``
redirects others to the admin home with a message.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..data_tables import format_number
from .forms import ConfirmForm, ImportForm
from .importer import PayloadError, existing_indicator, from_payload, parse_file, save_import, to_payload
from .models import Level, ValueStatus

ADD_PERMISSION = "diagnostic.add_indicator"
CHANGE_PERMISSION = "diagnostic.change_indicator"
#: Territories shown per indicator in the preview.
PREVIEW_ROWS = 10


def indicators_index_url():
    """URL of the admin's list of indicators (str)."""
    return reverse("wagtailsnippets_diagnostic_indicator:list")


class ImportMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def get_breadcrumbs_items(self):
        """Home › Indicateurs › this page (Wagtail's breadcrumbs: dicts url/label)."""
        return [*self.breadcrumbs_items,
                {"url": indicators_index_url(), "label": gettext_lazy("Indicators")},
                {"url": "", "label": self.get_page_title()}]


@method_decorator(permission_required(ADD_PERMISSION), name="dispatch")
@method_decorator(permission_required(CHANGE_PERMISSION), name="dispatch")
class ImportView(ImportMixin, FormView):
    """Upload form (GET) and preview (POST of a valid file)."""

    form_class = ImportForm
    template_name = "diagnostic/indicators/import_form.html"
    page_title = gettext_lazy("Import indicators")

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        parsed = parse_file(upload.read(), upload.name, form.options())
        if not parsed.ok:
            return self.render_to_response(self.get_context_data(form=form, parsed=parsed))
        self.page_title = gettext_lazy("Check before importing")
        context = self.get_context_data(form=form)
        context.update({
            "parsed": parsed,
            "preview": preview_rows(parsed),
            "confirm_form": ConfirmForm(initial={"payload": to_payload(parsed, self.request.user.pk)}),
            "filename": upload.name,
            "level_label": Level(parsed.options.level).label,
        })
        self.template_name = "diagnostic/indicators/import_preview.html"
        return self.render_to_response(context)


def value_text(status, value, decimal_places):
    """A value as the admin shows it (str): the number in French with
    ``decimal_places`` decimals, "secret", or "n/a" when missing."""
    if status == ValueStatus.SECRET:
        return _("secret")
    if status == ValueStatus.MISSING or value is None:
        return _("n/a")
    return format_number(value, decimal_places)


def preview_rows(parsed):
    """What the preview shows per indicator. Input: a checked ParsedImport. Output: list
    of dicts: ``indicator`` (ParsedIndicator), ``numbers``, ``secret``, ``missing``
    (counts of values), ``departement`` and ``france`` (reference values as text),
    ``existing`` (the Indicator whose values will be replaced, or None) and
    ``existing_count`` (its number of values), ``rows`` (the first
    :data:`PREVIEW_ROWS` territories as (code, name, value text))."""
    places = parsed.options.decimal_places
    items = []
    for indicator in parsed.indicators:
        rows = [
            (code, parsed.names.get(code, code), value_text(*indicator.values[code], places))
            for code in parsed.codes[:PREVIEW_ROWS]
        ]
        existing = existing_indicator(indicator, parsed.options)
        items.append({
            "indicator": indicator,
            "numbers": indicator.count(ValueStatus.NUMBER),
            "secret": indicator.count(ValueStatus.SECRET),
            "missing": indicator.count(ValueStatus.MISSING),
            "departement": value_text(ValueStatus.NUMBER, indicator.departement_value, places),
            "france": value_text(ValueStatus.NUMBER, indicator.france_value, places),
            "existing": existing,
            "existing_count": existing.values.count() if existing else 0,
            "rows": rows,
        })
    return items


@method_decorator(permission_required(ADD_PERMISSION), name="dispatch")
@method_decorator(permission_required(CHANGE_PERMISSION), name="dispatch")
class ConfirmView(ImportMixin, FormView):
    """POST only: store the import the preview signed; a bad or expired payload goes
    back to the upload form with a message, nothing stored."""

    form_class = ConfirmForm
    http_method_names = ["post"]
    template_name = "diagnostic/indicators/import_form.html"
    page_title = gettext_lazy("Import indicators")

    def form_valid(self, form):
        try:
            parsed = from_payload(form.cleaned_data["payload"], self.request.user.pk)
        except PayloadError as exc:
            return self.refuse(str(exc))
        saved = save_import(parsed)
        for indicator, created in saved:
            log(instance=indicator, action="wagtail.create" if created else "wagtail.edit",
                user=self.request.user)
        created = sum(1 for _indicator, was_created in saved if was_created)
        messages.success(self.request, _(
            "%(created)s indicator(s) created, %(replaced)s replaced."
        ) % {"created": created, "replaced": len(saved) - created})
        return redirect(indicators_index_url())

    def form_invalid(self, form):
        return self.refuse(_("The checked file was not received: upload it again."))

    def refuse(self, message):
        """The upload form again, status 400, with ``message`` (str) as its error."""
        form = ImportForm()
        context = self.get_context_data(form=form, payload_error=message)
        return self.render_to_response(context, status=400)
