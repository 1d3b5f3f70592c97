"""The filters of solidarity actions, defined once with django-filter.

:class:`InitiativeFilterSet` drives the list on the map page, the map (through the feed
URL it writes), the GeoJSON feed and the Wagtail API v2 pages endpoint
(:class:`initiatives.api_filters.InitiativeAPIFilterBackend`). Query parameters (French, as they appear in
shareable URLs):

=============  ==========================================  ==========================
parameter      value                                       keeps actions that ...
=============  ==========================================  ==========================
``theme``      Theme slug, repeatable (``alimentation``)    have any of these themes
``etiquette``  tag slug or name, repeatable (``colis``)     have any of these tags
``commune``    INSEE code (``40192``) or name               are in this commune
``epci``       SIREN code (``244000865``) or name           are in a commune of this EPCI
``acteur``     key of ``portal.choices.ACTOR_TYPES``        are run by this kind of actor
``periode``    key of ``portal.choices.PERIODS``            belong to this period
``benevoles``  ``1`` (checkbox)                             look for volunteers
``q``          free text                                    match the words (initiatives.search)
``pres_de``    commune name or INSEE code (``Dax``)         lie within ``rayon`` km of it
``rayon``      km, one of 5, 10, 20, 50 (default 10)        (with ``pres_de`` or ``lat``/``lng``)
``lat``        latitude, WGS84 degrees (``43.710``)         lie within ``rayon`` km of the
``lng``        longitude, WGS84 degrees (``-1.053``)        visitor's position (both needed)
=============  ==========================================  ==========================

Tags, commune and EPCI are typed by people (a ``<datalist>`` suggests them, without
JavaScript): the fields resolve what was typed (:class:`TagField`, :class:`CommuneField`,
:class:`EpciField`, on :mod:`portal.commune_search`) to the slug or code, whatever the
case and accents (names compared by :func:`portal.commune_search.name_key`); a name that
matches nothing, or several communes or EPCIs, is an error naming the candidates. The
canonical query string (:meth:`InitiativeFilterSet.querystring`) always holds slugs and
codes, so shared links and cache keys do not depend on how a name was typed.

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
from portal.commune_search import (
    CODE_RE, departement_communes, find_communes, find_epcis, name_key,
)
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


#: Most tags one filter may hold (a longer list is an error, not a slow query).
MAX_TAGS = 20
#: Candidates named in an "ambiguous" message.
MAX_CANDIDATES = 6


def candidates_text(labels):
    """``labels`` (list of str) as one French-readable list (str): at most
    :data:`MAX_CANDIDATES` of them, then "et d'autres" when there are more (never an
    ellipsis, which the sentence's own full stop would follow)."""
    shown = ", ".join(labels[:MAX_CANDIDATES])
    if len(labels) > MAX_CANDIDATES:
        return _("%(shown)s and others") % {"shown": shown}
    return shown


class MultipleTextInput(forms.MultipleHiddenInput):
    """Reads every value of a repeated parameter (``?etiquette=a&etiquette=b``); the page
    writes its own inputs, so this widget is never rendered."""

    input_type = "text"


class TagField(forms.Field):
    """Repeatable tags as typed: a slug (``coup-de-pouce``, any case) or a name
    (``Coup de pouce``, ``coup de pouce``: accents, case and punctuation ignored, as
    :func:`portal.commune_search.name_key` compares names).

    ``choices``: callable returning the (slug, name) pairs that may be chosen (the tags of
    the visible actions). Output of ``clean``: list of slugs, each value resolved to every
    tag it names (tags differing only by case or accents are one word to a reader, and
    the filter keeps actions having any of them). Empty values are ignored. Errors: a
    value that names no tag; more than :data:`MAX_TAGS` values.
    """

    widget = MultipleTextInput

    def __init__(self, *, choices=(), **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [text.strip() for text in value if text and text.strip()]

    def tag_rows(self):
        """The (slug, name) pairs that may be chosen (list)."""
        return list(self.choices() if callable(self.choices) else self.choices)

    def clean(self, value):
        values = self.to_python(value)
        if len(values) > MAX_TAGS:
            raise forms.ValidationError(
                _("Choose at most %(limit)s tags."), code="too_many", params={"limit": MAX_TAGS})
        if not values:
            return []
        slugs, unknown = self.resolve(values)
        if unknown:
            raise forms.ValidationError([
                forms.ValidationError(
                    _("No published action has the tag “%(value)s”."),
                    code="invalid_choice", params={"value": text})
                for text in unknown
            ])
        return sorted(set(slugs))

    def resolve(self, values):
        """Resolve typed tags (list of str). Output: (sorted list of the slugs found,
        list of the values that named no tag). Never raises; reads the tags only when
        there is a value."""
        if not values:
            return [], []
        rows = self.tag_rows()
        by_slug = {slug for slug, _name in rows}
        by_key = {}
        for slug, name in rows:
            for key in {name_key(name), name_key(slug)}:
                by_key.setdefault(key, []).append(slug)
        slugs, unknown = set(), []
        for text in values:
            if text.lower() in by_slug:
                slugs.add(text.lower())
            elif name_key(text) in by_key:
                slugs.update(by_key[name_key(text)])
            else:
                unknown.append(text)
        return sorted(slugs), unknown


class TagFilter(django_filters.Filter):
    """Tags typed by name or slug (:class:`TagField`)."""

    field_class = TagField


class CommuneField(forms.CharField):
    """A commune of the département as typed: INSEE code (``40192``), name in any case or
    accent variant (``mont de marsan``), or the datalist label ``Mont-de-Marsan (40192)``.

    Output of ``clean``: the INSEE code (str) or ``""``. A 5-character code that is a
    commune's INSEE code is taken as such (the links written before names were accepted);
    otherwise :func:`portal.commune_search.find_communes` decides. Errors: nothing found;
    several communes (homonyms, a postal code shared by several, a beginning of name),
    named with their codes so that the person can choose.
    """

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        code = text.strip().upper()
        if CODE_RE.match(code) and departement_communes().filter(insee_code=code).exists():
            return code
        lookup = find_communes(text, limit=MAX_CANDIDATES + 1)
        if lookup.resolved is not None:
            return lookup.resolved.insee_code
        if not lookup.communes:
            raise forms.ValidationError(
                _("No commune of the département is called “%(value)s”."),
                code="invalid_choice", params={"value": text})
        labels = [f"{c.name} ({c.insee_code})" for c in lookup.communes]
        if len(labels) == 1:
            raise forms.ValidationError(
                _("“%(value)s” is not the name of a commune. Did you mean %(candidates)s?"),
                code="invalid_choice", params={"value": text, "candidates": labels[0]})
        raise forms.ValidationError(
            _("“%(value)s” may be several communes: %(candidates)s. Choose one in the list."),
            code="ambiguous", params={"value": text, "candidates": candidates_text(labels)})


class CommuneFilter(django_filters.CharFilter):
    """A commune typed by name or INSEE code (:class:`CommuneField`)."""

    field_class = CommuneField


class EpciField(forms.CharField):
    """An EPCI (intercommunality) as typed: SIREN (``244000865``), the datalist label
    ``Name (SIREN)``, its name in any case or accent variant, or words of one name only
    (``grand dax``), found by :func:`portal.commune_search.find_epcis`.

    Output of ``clean``: the SIREN (str) or ``""``. Errors: nothing found; several EPCIs
    (named in French order so that the person can choose).
    """

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        found, _exact = find_epcis(text)
        if len(found) == 1:
            return found[0].siren
        if not found:
            raise forms.ValidationError(
                _("No intercommunality of the département is called “%(value)s”."),
                code="invalid_choice", params={"value": text})
        names = sorted((e.name for e in found), key=sort_key)
        raise forms.ValidationError(
            _("“%(value)s” may be several intercommunalities: %(candidates)s. Choose one in the list."),
            code="ambiguous", params={"value": text, "candidates": candidates_text(names)})


class EpciFilter(django_filters.CharFilter):
    """An EPCI typed by name or SIREN (:class:`EpciField`)."""

    field_class = EpciField


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
    etiquette = TagFilter(label=_("Tags"), choices=(), method="filter_tags")
    commune = CommuneFilter(label=_("Commune"), field_name="commune__insee_code")
    epci = EpciFilter(label=_("Intercommunality (EPCI)"), field_name="commune__epci__siren")
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
        self._epci_rows = None
        self.filters["etiquette"].extra["choices"] = self.tag_choices

    def epci_rows(self):
        """The EPCIs that may be chosen: list of (SIREN, name) in French order
        (:func:`portal.communes.epci_choices`), computed once per filter set."""
        if self._epci_rows is None:
            self._epci_rows = epci_choices()
        return self._epci_rows

    def _valid(self, name):
        """The cleaned value of filter ``name`` when the data are bound and it is valid."""
        if not self.is_bound:
            return None
        self.errors  # validate the form
        if name in self.form.errors:
            return None
        return self.form.cleaned_data.get(name)

    def _raw(self, name):
        value = (self.data or {}).get(name, "") if self.is_bound else ""
        return value.strip() if isinstance(value, str) else ""

    def _tag_state(self):
        field = self.form.fields["etiquette"]
        values = field.to_python(self.data.getlist("etiquette")) if self.is_bound else []
        return field.resolve(values[:MAX_TAGS])

    def chosen_tags(self):
        """The tags that the typed values name, for the form's chips: list of (slug,
        name) in the order of :meth:`tag_choices` (also when another value is unknown)."""
        slugs = set(self._tag_state()[0])
        if not slugs:
            return []
        return [(slug, name) for slug, name in self.tag_choices() if slug in slugs]

    def unresolved_tags(self):
        """The typed tag values that name no tag (list of str, as typed)."""
        return self._tag_state()[1]

    def commune_text(self):
        """What the commune input shows (str): the label ``Name (INSEE)`` of a resolved
        commune, the text as typed when it was not resolved, else ``""``."""
        code = self._valid("commune")
        if code:
            return dict(commune_choices()).get(code, code)
        return self._raw("commune")

    def epci_text(self):
        """What the EPCI input shows (str): the resolved EPCI's name, the text as typed
        when it was not resolved, else ``""``."""
        siren = self._valid("epci")
        if siren:
            return dict(self.epci_rows()).get(siren, siren)
        return self._raw("epci")

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
