"""The filters of solidarity actions, defined once with django-filter.

:class:`InitiativeFilterSet` drives the list on the map page, the map (through the feed
URL it writes), the GeoJSON feed and the Wagtail API v2 pages endpoint
(:class:`initiatives.api_filters.InitiativeAPIFilterBackend`). Query parameters (French, as they appear in
shareable URLs):

=============  ==========================================  ==========================
parameter      value                                       keeps actions that ...
=============  ==========================================  ==========================
``theme``      Theme slug, repeatable (``alimentation``)    have any of these themes
``etiquette``  tag slug, repeatable (``colis``)             have any of these tags
``commune``    INSEE code, 5 characters (``40192``)         are in this commune
``epci``       SIREN code, 9 digits (``244000865``)         are in a commune of this EPCI
``acteur``     key of ``portal.choices.ACTOR_TYPES``        are run by this kind of actor
``periode``    key of ``portal.choices.PERIODS``            belong to this period
``benevoles``  ``1`` (checkbox)                             look for volunteers
``q``          free text                                    contain every word, any accent or case
=============  ==========================================  ==========================

Invalid values never raise: the filter set reports them in ``errors`` (French messages
from Django's forms) and ignores them; the HTML page shows the messages, the feed and the
API answer 400 with them.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.choices import ACTOR_TYPES, PERIODS
from portal.communes import commune_choices, epci_choices
from portal.forms import PlainTextFormMixin
from portal.text import sort_key
from portal.theme_choices import theme_choices
from portal.widgets import OnePassCheckboxSelectMultiple, OnePassSelect

from .actions import InitiativeTag, TaggedInitiative
from .search import MAX_QUERY_LENGTH, query_terms

#: The query parameters of the filters, in the order of the form.
FILTER_PARAMETERS = (
    "q", "theme", "etiquette", "commune", "epci", "acteur", "periode", "benevoles",
)


class FilterForm(PlainTextFormMixin, forms.Form):
    """The form of :class:`InitiativeFilterSet`: its texts lose their control and hidden
    format characters before validation (:class:`portal.forms.PlainTextFormMixin`), so
    the page never shows them back."""


class SlugChoicesField(django_filters.fields.MultipleChoiceField):
    """Repeatable slugs (``?theme=a&theme=b``) where an empty value means "no choice":
    a link written by hand (``?theme=``) filters nothing rather than failing with "“” is
    not one of the available choices"."""

    def to_python(self, value):
        return [text for text in super().to_python(value) if text.strip()]


class SlugChoicesFilter(django_filters.MultipleChoiceFilter):
    """A multiple choice of slugs that ignores empty values (:class:`SlugChoicesField`)."""

    field_class = SlugChoicesField


class TagSlugField(SlugChoicesField):
    """Tag slugs whatever the case typed: taggit's slugs are lowercase (Django's
    ``slugify``), so values are lowercased before they are checked against the choices."""

    def to_python(self, value):
        return [text.lower() for text in super().to_python(value)]


class TagSlugFilter(django_filters.MultipleChoiceFilter):
    """A multiple choice of tag slugs matched whatever their case (:class:`TagSlugField`)."""

    field_class = TagSlugField


class InitiativeFilterSet(django_filters.FilterSet):
    """Filters of InitiativePage querysets (see the module docstring for the parameters).

    Input: ``data`` (a QueryDict, e.g. ``request.GET``) and ``queryset`` (InitiativePage
    queryset, already restricted to what the visitor may see). The tag choices are the
    tags of that queryset, so a tag used only by a draft is never offered. Output: ``qs``
    (the filtered queryset, never duplicated rows: many-to-many filters use ``EXISTS``),
    ``errors`` (form errors, French), :meth:`querystring` (canonical query string of the
    valid filters).
    """

    q = django_filters.CharFilter(
        label=_("Words to look for"), method="filter_text",
        max_length=MAX_QUERY_LENGTH,
    )
    theme = SlugChoicesFilter(
        label=_("Themes"), choices=theme_choices, method="filter_themes",
        widget=OnePassCheckboxSelectMultiple,
    )
    etiquette = TagSlugFilter(
        label=_("Tags"), choices=[], method="filter_tags",
        widget=OnePassCheckboxSelectMultiple,
    )
    commune = django_filters.ChoiceFilter(
        label=_("Commune"), choices=commune_choices, field_name="commune__insee_code",
        empty_label=_("All communes"),
        widget=OnePassSelect,
    )
    epci = django_filters.ChoiceFilter(
        label=_("Intercommunality (EPCI)"), choices=epci_choices,
        field_name="commune__epci__siren", empty_label=_("All intercommunalities"),
        widget=OnePassSelect,
    )
    acteur = django_filters.ChoiceFilter(
        label=_("Type of actor"), choices=ACTOR_TYPES, field_name="actor_type",
        empty_label=_("All types of actor"),
        widget=OnePassSelect,
    )
    periode = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, field_name="period",
        empty_label=_("All periods"),
        widget=OnePassSelect,
    )
    benevoles = django_filters.BooleanFilter(
        label=_("Only actions looking for volunteers"), method="filter_volunteers",
        widget=forms.CheckboxInput,
    )

    class Meta:
        form = FilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        self._tag_choices = None
        self.filters["etiquette"].extra["choices"] = self.tag_choices

    def tag_choices(self):
        """Tags of the actions in the base queryset: list of (slug, name), in French
        order of names (``portal.text.sort_key``: "CV" between "covoiturage" and
        "démarches", "écoute" with the e's), computed once per filter set."""
        if self._tag_choices is None:
            self._tag_choices = sorted(
                InitiativeTag.objects.filter(
                    tagged_items__content_object__in=self.queryset.values("pk")
                ).distinct().values_list("slug", "name"),
                key=lambda row: (sort_key(row[1]), row[0]),
            )
        return self._tag_choices

    def filter_text(self, queryset, name, value):
        """Keep pages whose ``search_text`` contains every folded word of ``value``."""
        for term in query_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_themes(self, queryset, name, value):
        """Keep pages having at least one of the Theme slugs in ``value`` (list of str)."""
        if not value:
            return queryset
        through = queryset.model.themes.through
        return queryset.filter(Exists(through.objects.filter(
            initiativepage_id=OuterRef("pk"), theme__slug__in=value,
        )))

    def filter_tags(self, queryset, name, value):
        """Keep pages having at least one of the tag slugs in ``value`` (list of str)."""
        if not value:
            return queryset
        return queryset.filter(Exists(TaggedInitiative.objects.filter(
            content_object_id=OuterRef("pk"), tag__slug__in=value,
        )))

    def filter_volunteers(self, queryset, name, value):
        """Keep pages looking for volunteers when the box is ticked; all otherwise."""
        return queryset.filter(volunteers_wanted=True) if value else queryset

    def cleaned_filters(self):
        """The valid, non-empty filter values: dict parameter -> str or sorted list of str.

        Invalid values (listed in ``errors``) and empty ones are left out; a text query
        without any word (``'"'``) is left out too.
        """
        self.errors  # validate the form
        cleaned = {}
        for name in FILTER_PARAMETERS:
            value = self.form.cleaned_data.get(name)
            if name == "q":
                value = (value or "").strip() if query_terms(value) else ""
            elif name == "benevoles":
                value = "1" if value else ""
            elif isinstance(value, (list, tuple)):
                value = sorted(set(value))
            if value:
                cleaned[name] = value
        return cleaned

    def querystring(self):
        """Canonical query string of the valid filters (str, no leading ``?``).

        Same filters in any order give the same string (keys in :data:`FILTER_PARAMETERS`
        order, repeated values sorted), so it serves as a cache key and carries the
        filters into the feed URL and the pagination links.
        """
        return urlencode(list(self.cleaned_filters().items()), doseq=True)

    def error_messages(self):
        """Errors as a list of ``"Label : message"`` strings (French when active)."""
        messages = []
        for name, errors in self.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            messages.extend(f"{label} : {error}" for error in errors)
        return messages

    def has_empty_text_query(self):
        """Whether the visitor typed a text query that holds no word (e.g. ``'"'``)."""
        raw = (self.data or {}).get("q", "")
        return bool(raw.strip()) and not query_terms(raw)


def has_filters(query):
    """Whether the QueryDict ``query`` holds any filter parameter (bool)."""
    return any(name in query for name in FILTER_PARAMETERS)
