"""Filters of a consultation's submissions, defined once so that the committee's
listing, every export format and the statistics always select the same submissions.

:class:`SubmissionFilter` is a django-filter FilterSet built for one ConsultationPage:

- ``du`` / ``au``: first and last day (``YYYY-MM-DD``), inclusive, as days in
  Europe/Paris (``settings.TIME_ZONE``): an answer sent at 23:30 on the 30th, Paris time,
  is in a 30th-to-30th filter although it is 21:30 or 22:30 UTC;
- ``commune``: INSEE code of the respondent's commune; ``epci``: SIREN of its EPCI;
- ``canal``: how the answer came (one or several keys of
  :data:`~consultation.questionnaire.channels.CHANNELS`, e.g. ``?canal=papier&canal=telephone``);
  ``version``: the questionnaire version answered (standard or easy-read);
- ``q_<key>``: one answer of a choice question (single or multiple choice, yes/no,
  Theme list, age band, situation, "par qui"): submissions whose answer is, or contains,
  that value.

Answers live in a JSON column; the "is or contains" test is written once per database
(:func:`answer_condition`) so it gives the same rows on SQLite and PostgreSQL.
"""

import datetime

import django_filters
from django import forms
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.communes import commune_choices, epci_choices

from ..questionnaire.channels import CHANNELS, VERSIONS
from ..questionnaire.question_types import FILTERABLE_TYPES

#: Prefix of the answer filters in the query string.
ANSWER_PREFIX = "q_"
#: Days a filter may name (beyond, a French error: ``date.min``/``date.max`` cannot be
#: turned into Paris midnights).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


class SubmissionFilterForm(forms.Form):
    """Form of :class:`SubmissionFilter`: days within FIRST_DAY..LAST_DAY, first day not
    after the last (French errors on the fields); a ``q_<key>`` parameter with a value
    but no choice question of that key (unknown, removed from the form, or free text)
    is an error of the whole form, never silently ignored."""

    def clean(self):
        data = super().clean()
        unknown = sorted(
            name for name in self.data
            if name.startswith(ANSWER_PREFIX) and name not in self.fields
            and any(value.strip() for value in self.data.getlist(name))
        ) if hasattr(self.data, "getlist") else []
        if unknown:
            self.add_error(None, forms.ValidationError(
                _("These filters name no choice question of this form (removed, or "
                  "never one): %(names)s.")
                % {"names": ", ".join(name[len(ANSWER_PREFIX):] for name in unknown)},
                code="unknown_question",
            ))
        for name in ("du", "au"):
            day = data.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, _("Give a day between 1 January 2000 and 31 December 2999."))
        first, last = data.get("du"), data.get("au")
        if first and last and first > last:
            self.add_error("au", _("The last day comes before the first day."))
        return data


def invalid_filters_response(filterset):
    """A 400 response (French text listing each invalid filter) when ``filterset`` is
    bound and invalid, else None: a download never silently ignores a filter."""
    if not filterset.is_bound or filterset.form.is_valid():
        return None
    fields = filterset.form.fields
    errors = "; ".join(
        f"{fields[name].label} : {' '.join(messages)}" if name in fields
        else " ".join(messages)
        for name, messages in filterset.form.errors.items()
    )
    return HttpResponseBadRequest(
        gettext("Invalid filters, nothing exported: %(errors)s") % {"errors": errors},
        content_type="text/plain; charset=utf-8",
    )


def answer_condition(model, key, value):
    """A boolean SQL expression: the answer ``key`` equals ``value`` or, for a multiple
    choice, holds it among its values.

    Inputs: the submission model, a question key (``[a-z0-9_]+``, see consultation.questionnaire.keys;
    anything else raises ValueError) and the value (str). Output: a RawSQL usable in
    ``QuerySet.filter()``. PostgreSQL: jsonb containment (a JSON array "contains" a
    string it holds); SQLite: ``json_each`` over the answer (one row for a string).
    """
    if not key or not all(c.isalnum() or c == "_" for c in key) or not key.isascii():
        raise ValueError(f"not a question key: {key!r}")
    column = f'"{model._meta.db_table}"."form_data"'
    if connection.vendor == "postgresql":
        sql = f"(({column})::jsonb -> %s) @> to_jsonb(%s::text)"
        params = (key, value)
    else:
        sql = (f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS answer "
               "WHERE answer.value = %s)")
        params = (f'$."{key}"', value)
    return RawSQL(sql, params, output_field=BooleanField())


def paris_day_bounds(first, last):
    """Aware datetimes ``(start, end)`` covering the local days ``first`` to ``last``
    (``datetime.date``, inclusive; either may be None): ``start`` is 00:00 on ``first``
    and ``end`` is 00:00 on the day after ``last``, in ``settings.TIME_ZONE``."""
    zone = timezone.get_current_timezone()
    start = end = None
    if first:
        start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), zone)
    if last:
        end = timezone.make_aware(
            datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min),
            zone,
        )
    return start, end


def question_choices(page, field):
    """Options (list of (value, label)) of a choice question, as the public form offers."""
    builder = page.form_builder([], page=page)
    options = builder.get_field_options(field)
    form_field = builder.get_create_field_function(field.field_type)(field, options)
    return [(v, l) for v, l in form_field.choices if v != ""]


class SubmissionFilter(django_filters.FilterSet):
    """Filters of the submissions of one page (see the module docstring).

    Input: ``data`` (a QueryDict, e.g. ``request.GET``), ``queryset`` (the page's
    submissions) and ``page`` (keyword, the ConsultationPage). Output: ``.qs`` (the
    filtered queryset), ``.form`` (the French form with its errors; an invalid value
    filters nothing and shows its error, never a 500), ``.active`` (list of
    ``(label, value label)`` of the filters in use, for the audit log and the screen).
    """

    du = django_filters.DateFilter(
        label=_("From (day)"), method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    au = django_filters.DateFilter(
        label=_("To (day, included)"), method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    commune = django_filters.ChoiceFilter(
        label=_("Commune"), field_name="commune__insee_code", choices=[],
        empty_label=_("All communes"),
    )
    epci = django_filters.ChoiceFilter(
        label=_("EPCI"), field_name="commune__epci__siren", choices=[],
        empty_label=_("All EPCI"),
    )
    canal = django_filters.MultipleChoiceFilter(
        label=_("Channel"), field_name="channel", choices=CHANNELS,
        widget=forms.CheckboxSelectMultiple,
    )
    version = django_filters.ChoiceFilter(
        label=_("Questionnaire version"), field_name="version", choices=VERSIONS,
        empty_label=_("All versions"),
    )

    class Meta:
        form = SubmissionFilterForm

    def __init__(self, data=None, queryset=None, *, page, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.page = page
        self.filters["commune"].extra["choices"] = commune_choices()
        self.filters["epci"].extra["choices"] = epci_choices()
        self.questions = {}
        for field in page.get_form_fields():
            if field.field_type not in FILTERABLE_TYPES:
                continue
            name = ANSWER_PREFIX + field.clean_name
            self.questions[name] = field
            answer_filter = django_filters.ChoiceFilter(
                field_name=name, label=field.label, choices=question_choices(page, field),
                method="filter_answer", empty_label=_("All answers"),
            )
            answer_filter.parent = self
            answer_filter.model = self._meta.model
            self.filters[name] = answer_filter

    def filter_from(self, queryset, name, value):
        start, _end = paris_day_bounds(value, None)
        return queryset.filter(submit_time__gte=start)

    def filter_to(self, queryset, name, value):
        _start, end = paris_day_bounds(None, value)
        return queryset.filter(submit_time__lt=end)

    def filter_answer(self, queryset, name, value):
        key = self.questions[name].clean_name
        return queryset.filter(answer_condition(queryset.model, key, value))

    @property
    def qs(self):
        """Filtered submissions; all of them when the form is invalid (errors shown)."""
        if not self.is_bound or self.form.is_valid():
            return super().qs
        return self.queryset.all()

    @property
    def active(self):
        """Filters in use: list of (filter label, readable value) (str, str); the
        values of a multiple choice (channels) are joined with ", "."""
        if not self.is_bound or not self.form.is_valid():
            return []
        used = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            field = self.form.fields[name]
            choices = dict(getattr(field, "choices", []) or [])
            if isinstance(value, (list, tuple)):
                text = ", ".join(str(choices.get(v, v)) for v in value)
            else:
                text = str(choices.get(value, value))
            used.append((str(field.label), text))
        return used
