"""Indicators in the Wagtail admin: a SnippetViewSet (menu item "Indicateurs").

List (name, level, year, source, number of values, published; search; filter by level
and publication), add, edit and delete with the indicator's fields; its values are
read-only there, as a table (code, territory, value or "secret" or "n/a"), and change
only through an import. The list has an "Import a file" button leading to
``import/`` (views.ImportView: upload → preview → confirm).

Permissions (given by migration 0004_indicator_permissions): the staff groups Rédaction
and Modération add, change and delete indicators; the committee ("Comité Nouvelles
solidarités") has none, so Wagtail refuses it the list and every form (redirect to the
admin home with a message).
"""

from django.conf import settings
from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from .forms import IndicatorAdminForm
from .models import Indicator, Level, ValueStatus
from .views import ADD_PERMISSION, CHANGE_PERMISSION, ConfirmView, ImportView, value_text


def value_rows(indicator):
    """The values of ``indicator`` as the admin shows them: list of dicts ``code``,
    ``name`` (the territory's name from portal.models.Commune / EPCI, "" when unknown)
    and ``text`` (the number with the indicator's decimals, "secret" or "n/a"), by code;
    the département's and France's reference values first."""
    from portal.models import EPCI, Commune

    values = list(indicator.values.all())
    codes = [value.code for value in values]
    if indicator.level == Level.EPCI:
        names = dict(EPCI.objects.filter(siren__in=codes).values_list("siren", "name"))
    else:
        names = dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))

    def text(status, number):
        return value_text(status, number, indicator.decimal_places)

    rows = []
    for code, label, number in (
        (settings.PORTAL_DEPARTEMENT, _("Département"), indicator.departement_value),
        ("FR", _("France"), indicator.france_value),
    ):
        if number is not None:
            rows.append({"code": code, "name": label, "text": text(ValueStatus.NUMBER, number)})
    for value in values:
        rows.append({"code": value.code, "name": names.get(value.code, ""),
                     "text": text(value.status, value.value)})
    return rows


class ValuesTable(Component):
    """Read-only table of an indicator's values (escaped by the template)."""

    template_name = "diagnostic/indicators/admin/values_table.html"

    def __init__(self, indicator):
        self.indicator = indicator

    def get_context_data(self, parent_context=None):
        return {"rows": value_rows(self.indicator) if self.indicator.pk else []}


class ValuesPanel(Panel):
    """Edit view: the indicator's values, read-only (they change through an import)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "diagnostic/indicators/admin/values_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows"] = value_rows(self.instance) if self.instance.pk else []
            context["import_url"] = reverse("wagtailsnippets_diagnostic_indicator:import")
            return context


class IndicatorIndexView(IndexView):
    """Wagtail's list plus an "Import a file" button for those who may import."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        user = self.request.user
        if user.has_perm(ADD_PERMISSION) and user.has_perm(CHANGE_PERMISSION):
            buttons.append(HeaderButton(
                _("Import a file"), url=reverse("wagtailsnippets_diagnostic_indicator:import"),
                icon_name="upload",
            ))
        return buttons


class IndicatorInspectView(InspectView):
    """Inspect view whose "values" row is the table of values."""

    def get_field_label(self, field_name, field):
        if field_name == "values":
            return _("Values by territory")
        return super().get_field_label(field_name, field)

    def get_values_display_value(self):
        return ValuesTable(self.object)


class IndicatorViewSet(SnippetViewSet):
    """Admin menu "Indicateurs" (see the module's docstring)."""

    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    menu_name = "indicators"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = IndicatorIndexView
    inspect_view_class = IndicatorInspectView
    list_per_page = 50
    list_display = [
        "name",
        Column("level", label=_("Territorial level"), accessor="get_level_display", sort_key="level"),
        Column("year", label=_("Year"), sort_key="year"),
        Column("source", label=_("Source")),
        Column("value_count", label=_("Values"), sort_key="value_count"),
        BooleanColumn("published", label=_("Published"), sort_key="published"),
    ]
    list_filter = ["level", "published"]
    # No search_fields: the list searches the model's own index (name, source). Naming
    # fields makes the SQLite full-text backend query columns its table lacks.
    inspect_view_fields = [
        "name", "unit", "level", "year", "source", "source_url", "definition", "method",
        "decimal_places", "departement_value", "france_value", "published", "values",
    ]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("year"), FieldPanel("unit"),
                       FieldPanel("decimal_places")]),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
        FieldPanel("definition"),
        FieldPanel("method"),
        FieldRowPanel([FieldPanel("departement_value"), FieldPanel("france_value")],
                      heading=_("Reference values")),
        FieldPanel("published"),
        ValuesPanel(heading=_("Values by territory")),
    ], base_form_class=IndicatorAdminForm)

    def get_queryset(self, request):
        """Indicators with ``value_count`` (int: their number of values), in one query."""
        return Indicator.objects.annotate(value_count=Count("values"))

    def get_urlpatterns(self):
        """Wagtail's URLs plus ``import/`` (upload and preview) and ``import/confirm/``."""
        return super().get_urlpatterns() + [
            path("import/", ImportView.as_view(), name="import"),
            path("import/confirm/", ConfirmView.as_view(), name="import_confirm"),
        ]


