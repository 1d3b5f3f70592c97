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
``q``          free text                                    match the words (initiatives.search)
``pres_de``    commune name or INSEE code (``Dax``)         lie within ``rayon`` km of it
``rayon``      km, one of 5, 10, 20, 50 (default 10)        (with ``pres_de`` or ``lat``/``lng``)
``lat``        latitude, WGS84 degrees (``43.710``)         lie within ``rayon`` km of the
``lng``        longitude, WGS84 degrees (``-1.053``)        visitor's position (both needed)
=============  ==========================================  ==========================

Order: nearest first when a place is given (``pres_de`` wins over ``lat``/``lng``), then
by relevance when ``q`` is given, then French title order
(:data:`initiatives.actions.LIST_ORDER`); all in SQL, so pagination works. Every
action of the filtered queryset carries ``distance_km`` (float km, or None without a
place). The visitor's position is rounded to :data:`POSITION_DECIMALS` decimals (about
100 m) before use: the canonical query string, the feed's cache key and the links carry
only the rounded value, and it is never stored.

Invalid values never raise: the filter set reports them in ``errors`` (French messages
from Django's forms) and ignores them; the HTML page shows the messages, the feed and the
API answer 400 with them.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, FloatField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from portal.choices import ACTOR_TYPES, PERIODS
from portal.commune_search import find_communes
from portal.communes import commune_choices, epci_choices
from portal.forms import PlainTextFormMixin
from portal.geo import bounding_box, distance_km_expression, format_coordinate, near_departement
from portal.text import sort_key
from portal.theme_choices import theme_choices
from portal.widgets import OnePassCheckboxSelectMultiple, OnePassSelect

from .actions import LIST_ORDER, InitiativeTag, TaggedInitiative
from .search import MAX_QUERY_LENGTH, query_terms, text_search

#: The query parameters of the filters, in the order of the form.
FILTER_PARAMETERS = (
    "q", "theme", "etiquette", "commune", "epci", "acteur", "periode", "benevoles",
    "pres_de", "rayon", "lat", "lng",
)
#: The distances offered by "Près de chez moi" (km) and the one used when none is chosen.
RADII_KM = (5, 10, 20, 50)
DEFAULT_RADIUS_KM = 10
#: Decimals kept of the visitor's position (3: about 110 m in latitude), so that the
#: query string, the cache keys and the links never carry a precise location.
POSITION_DECIMALS = 3


def round_position(value):
    """A coordinate (Decimal or float, WGS84 degrees) rounded to
    :data:`POSITION_DECIMALS` decimals (float)."""
    return round(float(value), POSITION_DECIMALS)


class FilterForm(PlainTextFormMixin, forms.Form):
    """The form of :class:`InitiativeFilterSet`: its texts lose their control and hidden
    format characters before validation (:class:`portal.forms.PlainTextFormMixin`), so
    the page never shows them back.

    It also resolves the place of "Près de chez moi": ``pres_de`` becomes a
    ``portal.models.Commune`` (:func:`portal.commune_search.find_communes`: a name in
    any case or accent, an INSEE code, a datalist label or a postal code naming one
    commune); ``lat``/``lng`` must come together and lie in or near the département
    (within the largest radius of its bounding box). ``centre`` is then ``(lat, lng)``
    (WGS84 degrees, the commune's reference point or the rounded position) or None.
    """

    centre = None

    def clean_pres_de(self):
        text = (self.cleaned_data.get("pres_de") or "").strip()
        if not text:
            return None
        lookup = find_communes(text, limit=6)
        commune = lookup.resolved or (lookup.communes[0] if len(lookup.communes) == 1 else None)
        if commune is not None:
            return commune
        if lookup.communes:
            raise ValidationError(_(
                "Several communes match “%(text)s” (%(names)s): choose one from the list."
            ) % {"text": text, "names": ", ".join(
                f"{c.name} ({c.insee_code})" for c in lookup.communes[:5])})
        raise ValidationError(_(
            "No commune of the %(dep)s matches “%(text)s”: choose one from the list."
        ) % {"dep": settings.PORTAL_DEPARTEMENT_NAME, "text": text})

    def clean(self):
        cleaned = super().clean()
        commune = cleaned.get("pres_de")
        lat, lng = cleaned.get("lat"), cleaned.get("lng")
        if commune is not None:
            self.centre = (commune.latitude, commune.longitude)
            cleaned["lat"] = cleaned["lng"] = None  # the commune typed wins
        elif lat is not None and lng is not None:
            lat, lng = round_position(lat), round_position(lng)
            if near_departement(lat, lng, max(RADII_KM)):
                self.centre = (lat, lng)
                cleaned["lat"], cleaned["lng"] = lat, lng
            else:
                self.add_error("lat", _(
                    "Your position is too far from the %(dep)s: type a commune instead."
                ) % {"dep": settings.PORTAL_DEPARTEMENT_NAME})
                cleaned.pop("lng", None)
        elif (lat is None) != (lng is None) and not self.has_error("lat") \
                and not self.has_error("lng"):
            self.add_error("lat" if lat is None else "lng", _(
                "Your position is incomplete: use the button again or type a commune."))
            cleaned.pop("lat", None)
            cleaned.pop("lng", None)
        if self.centre is None:
            cleaned.pop("lat", None)
            cleaned.pop("lng", None)
        return cleaned


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
    pres_de = django_filters.CharFilter(
        label=_("Near the commune"), method="filter_nothing", max_length=100,
    )
    rayon = django_filters.ChoiceFilter(
        label=_("Within"), choices=[(str(km), f"{km} km") for km in RADII_KM],
        empty_label=None, method="filter_nothing",
    )
    lat = django_filters.NumberFilter(
        label=_("Your position (latitude)"), method="filter_nothing",
        min_value=-90, max_value=90, widget=forms.HiddenInput,
    )
    lng = django_filters.NumberFilter(
        label=_("Your position (longitude)"), method="filter_nothing",
        min_value=-180, max_value=180, widget=forms.HiddenInput,
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
        """Keep pages matching the words of ``value`` and score them
        (:func:`initiatives.search.text_search`: ``search_score``)."""
        return text_search(queryset, value)[0]

    def filter_nothing(self, queryset, name, value):
        """The place's fields filter together in :meth:`filter_queryset`."""
        return queryset

    @property
    def centre(self):
        """``(lat, lng)`` of "Près de chez moi" (WGS84 degrees) or None (also when the
        filter set is unbound or the place is invalid)."""
        if not self.is_bound:
            return None
        self.errors  # validate the form
        return self.form.centre

    @property
    def radius_km(self):
        """The radius of "Près de chez moi" (int, km): the valid ``rayon``, else
        :data:`DEFAULT_RADIUS_KM`."""
        if self.is_bound and not self.errors.get("rayon"):
            return int(self.form.cleaned_data.get("rayon") or DEFAULT_RADIUS_KM)
        return DEFAULT_RADIUS_KM

    def filter_queryset(self, queryset):
        """Apply the filters, then the place (:func:`within_radius`) and the order: nearest
        first with a place, then by relevance with a text query, then French title order.
        Every row carries ``distance_km`` (None without a place)."""
        queryset = super().filter_queryset(queryset)
        order = []
        if self.form.centre is not None:
            queryset = within_radius(queryset, self.form.centre, self.radius_km)
            order.append("distance_km")
        else:
            queryset = queryset.annotate(distance_km=Value(None, output_field=FloatField()))
        if "search_score" in queryset.query.annotations:
            order.append("-search_score")
        return queryset.order_by(*order, *LIST_ORDER) if order else queryset

    @property
    def qs(self):
        """The filtered queryset (see :meth:`filter_queryset`); an unbound filter set gives
        the base queryset with ``distance_km`` None."""
        if not hasattr(self, "_qs"):
            queryset = super().qs
            if "distance_km" not in queryset.query.annotations:
                queryset = queryset.annotate(distance_km=Value(None, output_field=FloatField()))
            self._qs = queryset
        return self._qs

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
            elif name == "pres_de":
                value = value.insee_code if value else ""
            elif name == "rayon":
                value = str(self.radius_km) if self.form.centre else ""
            elif name in ("lat", "lng"):
                value = format_coordinate(value, POSITION_DECIMALS) if value is not None else ""
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


def within_radius(queryset, centre, radius_km):
    """InitiativePages of ``queryset`` whose point lies within ``radius_km`` (km) of
    ``centre`` (``(lat, lng)``, WGS84 degrees), annotated with ``distance_km`` (float,
    great-circle km: :func:`portal.geo.distance_km_expression`).

    A bounding box (:func:`portal.geo.bounding_box`) first keeps nearby points only (and
    leaves out missing, NaN and infinite ones); the exact distance is computed inside a
    ``CASE`` on that box, so the database never evaluates it for other rows.
    """
    min_lat, max_lat, min_lng, max_lng = bounding_box(*centre, radius_km)
    box = Q(latitude__gte=min_lat, latitude__lte=max_lat,
            longitude__gte=min_lng, longitude__lte=max_lng)
    return queryset.filter(box).annotate(distance_km=Case(
        When(box, then=distance_km_expression(*centre)),
        default=Value(None), output_field=FloatField(),
    )).filter(distance_km__lte=radius_km)


def has_filters(query):
    """Whether the QueryDict ``query`` holds any filter parameter (bool)."""
    return any(name in query for name in FILTER_PARAMETERS)
