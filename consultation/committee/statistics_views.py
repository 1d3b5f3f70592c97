"""Committee statistics views under ``/admin/comite/<page_id>/statistiques/``: read-only,
for the committee, with no right on pages.

- :class:`StatisticsView`: answers by channel and by questionnaire version, per choice
  question counts and percentages with a chart and a data table, respondents by commune
  and by EPCI, a cross-tab of two questions (or of a question and the channel or the
  version) picked in a GET form; all with the committee's filters (:class:`SubmissionFilter`, same query
  string as the listing and the exports).
- :class:`NeedsActionsView`: per EPCI, residents reporting a difficulty in each domain
  next to the live map actions of that domain (asked of the plugins through a hook).
- :class:`StatisticsCsvView`: any of these tables as CSV (UTF-8 with BOM), with the same
  suppression, written to Wagtail's audit log.

Every figure comes from :mod:`consultation.committee.statistics`. Access: holders of
``consultation.view_submissions`` only, as every view of
:class:`~consultation.committee.admin.CommitteeViewSet`.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.log_actions import log

from portal.csv_files import csv_text

from .charts import table_chart
from .filters import SubmissionFilter, invalid_filters_response
from ..questionnaire.pages import ConsultationPage
from .statistics import (
    CHANNEL_KEY,
    VERSION_KEY,
    Statistics,
    min_count,
    needs_actions_csv_rows,
    needs_actions_table,
)
from .views import EXPORT_ACTION, CommitteeTemplateMixin

#: Query-string names of the cross-tab's questions (rows, columns).
ROWS_PARAM, COLUMNS_PARAM = "lignes", "colonnes"


class CrossTabForm(forms.Form):
    """The two sides of the cross-tab (GET), different: keys of choice questions, or
    the answers' channel (CHANNEL_KEY) or questionnaire version (VERSION_KEY), offered
    after the questions."""

    lignes = forms.ChoiceField(label=gettext_lazy("Question in rows"))
    colonnes = forms.ChoiceField(label=gettext_lazy("Question in columns"))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------")] + [(f.clean_name, f.label) for f in questions] + [
            (CHANNEL_KEY, _("Channel")), (VERSION_KEY, _("Questionnaire version"))]
        for name in (ROWS_PARAM, COLUMNS_PARAM):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        if data.get(ROWS_PARAM) and data.get(ROWS_PARAM) == data.get(COLUMNS_PARAM):
            raise forms.ValidationError(_("Choose two different questions."))
        return data


class StatisticsMixin:
    """Loads the page (404 if unknown), its filter and its statistics for a request.

    ``filters_valid`` (bool): False when a filter of the query string is invalid; the
    figures then cover all answers and the pages offer no CSV link (the CSV view answers
    such a query with a 400), the errors being shown in an alert."""

    def load(self, request, page_id):
        self.form_page = get_object_or_404(ConsultationPage, pk=page_id)
        self.filterset = SubmissionFilter(
            request.GET, queryset=self.form_page.get_submissions(), page=self.form_page
        )
        self.filters_valid = not self.filterset.is_bound or self.filterset.form.is_valid()
        self.stats = Statistics(self.form_page, self.filterset.qs)

    def filter_query(self, drop=(ROWS_PARAM, COLUMNS_PARAM)):
        """The request's query string without the names in ``drop`` (str, no "?")."""
        query = self.request.GET.copy()
        for name in drop:
            query.pop(name, None)
        return query.urlencode()

    def cross_form(self):
        form = CrossTabForm(
            self.request.GET if ROWS_PARAM in self.request.GET else None,
            questions=self.stats.questions,
        )
        return form


class StatisticsView(StatisticsMixin, CommitteeTemplateMixin, TemplateView):
    """The statistics page of one consultation (see the module docstring)."""

    template_name = "consultation/committee/admin/statistics.html"

    def get_page_title(self):
        return _("Statistics: %(title)s") % {"title": self.form_page.title}

    def dispatch(self, request, *args, **kwargs):
        self.load(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def csv_url(self, slug, query=None):
        """URL (str) of the CSV of table ``slug`` with the request's filters (or
        ``query``), or None while the filters are invalid (no download offered)."""
        if not self.filters_valid:
            return None
        url = reverse("consultation_committee:statistics_csv", args=[self.form_page.pk, slug])
        query = self.filter_query() if query is None else query
        return f"{url}?{query}" if query else url

    def with_chart(self, table, index):
        return {
            "table": table,
            "chart": table_chart(table, f"graphique-{index}"),
            "csv_url": self.csv_url(table.slug),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = self.stats
        cross_form = self.cross_form()
        cross = None
        if cross_form.is_bound and cross_form.is_valid():
            table = stats.cross_table(
                cross_form.cleaned_data[ROWS_PARAM], cross_form.cleaned_data[COLUMNS_PARAM]
            )
            cross = {"table": table, "csv_url": self.csv_url(table.slug, self.request.GET.urlencode())}
        questions = [self.with_chart(t, i) for i, t in enumerate(stats.question_tables())]
        provenance = [self.with_chart(stats.channel_table(), "canal"),
                      self.with_chart(stats.version_table(), "version")]
        epci = self.with_chart(stats.epci_table(), "epci")
        communes = stats.commune_table()
        context.update({
            "form_page": self.form_page,
            "filter": self.filterset,
            "filters_valid": self.filters_valid,
            "active_filters": self.filterset.active,
            "total": stats.total,
            "questions": questions,
            "provenance": provenance,
            "epci": epci,
            "communes": {"table": communes, "csv_url": self.csv_url(communes.slug)},
            "cross_form": cross_form,
            "cross": cross,
            "filter_hidden": self._hidden(drop=[n for n in self.request.GET
                                                if n not in (ROWS_PARAM, COLUMNS_PARAM)]),
            "cross_hidden": self._hidden(drop=(ROWS_PARAM, COLUMNS_PARAM)),
            "needs_url": self._needs_url(),
            "listing_url": reverse("consultation_committee:submissions", args=[self.form_page.pk]),
            "min_count": min_count(),
        })
        return context

    def _needs_url(self):
        url = reverse("consultation_committee:needs_actions", args=[self.form_page.pk])
        query = self.filter_query()
        return f"{url}?{query}" if query else url

    def _hidden(self, drop):
        """(name, value) pairs of the query string to carry in a form, without ``drop``."""
        return [
            (name, value) for name, values in self.request.GET.lists() if name not in drop
            for value in values
        ]


class NeedsActionsView(StatisticsMixin, CommitteeTemplateMixin, TemplateView):
    """Per EPCI: residents reporting a difficulty in each domain, and live actions."""

    template_name = "consultation/committee/admin/statistics_needs.html"

    def get_page_title(self):
        return _("Needs and actions: %(title)s") % {"title": self.form_page.title}

    def get_breadcrumbs_trail(self):
        statistics = reverse("consultation_committee:statistics", args=[self.form_page.pk])
        return [*super().get_breadcrumbs_trail(),
                (statistics, _("Statistics: %(title)s") % {"title": self.form_page.title})]

    def dispatch(self, request, *args, **kwargs):
        self.load(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = needs_actions_table(self.stats)
        url = reverse("consultation_committee:statistics_csv",
                      args=[self.form_page.pk, table.slug])
        query = self.filter_query()
        back = reverse("consultation_committee:statistics", args=[self.form_page.pk])
        context.update({
            "form_page": self.form_page,
            "filter": self.filterset,
            "filters_valid": self.filters_valid,
            "active_filters": self.filterset.active,
            "total": self.stats.total,
            "table": table,
            "csv_url": (f"{url}?{query}" if query else url) if self.filters_valid else None,
            "statistics_url": f"{back}?{query}" if query else back,
            "min_count": min_count(),
        })
        return context


class StatisticsCsvView(StatisticsMixin, View):
    """One statistics table as CSV (UTF-8 with BOM, comma-separated), suppression
    applied, written to the audit log (action ``consultation.export``, with the table
    and the filters). Unknown table or invalid cross-tab: 404."""

    def get(self, request, page_id, table):
        self.load(request, page_id)
        refusal = invalid_filters_response(self.filterset)
        if refusal is not None:
            return refusal
        stats = self.stats
        if table == "communes":
            rows = stats.commune_table().csv_rows()
        elif table == "epci":
            rows = stats.epci_table().csv_rows()
        elif table == "canal":
            rows = stats.channel_table().csv_rows()
        elif table == "version":
            rows = stats.version_table().csv_rows()
        elif table == "besoins-actions":
            rows = needs_actions_csv_rows(needs_actions_table(stats))
        elif table == "croise":
            form = self.cross_form()
            if not (form.is_bound and form.is_valid()):
                raise Http404("invalid cross-tab")
            rows = stats.cross_table(
                form.cleaned_data[ROWS_PARAM], form.cleaned_data[COLUMNS_PARAM]
            ).csv_rows()
        elif table.startswith("q_") and table[2:] in stats.by_key:
            rows = stats.question_table(stats.by_key[table[2:]]).csv_rows()
        else:
            raise Http404("unknown table")
        log(
            instance=self.form_page, action=EXPORT_ACTION, user=request.user,
            data={"format": "csv", "table": table, "filters": dict(self.filterset.active)},
        )
        response = HttpResponse(csv_text(rows).encode("utf-8"),
                                content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.form_page.slug}-statistiques-{table}-{stamp}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
