"""Request handling of the portrait de territoire (:class:`diagnostic.portrait.pages.
PortraitPage` routes here): the search form and one territory's portrait."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.commune_search import departement_communes
from portal.communes import commune_choices
from portal.hooks import TERRITORY_COUNTS, run_hooks

from ..data_tables import format_number
from ..indicators.models import IndicatorValue, Level, ValueStatus
from ..sources import COG_SOURCE, COG_URL, POPULATION_SOURCE, POPULATION_URL, POPULATION_YEAR
from .forms import TerritorySearchForm
from .search import find_territories

#: Kinds of EPCI à fiscalité propre (INSEE, Code officiel géographique: "nature
#: juridique" of the EPCI) -> French name.
EPCI_KINDS = {
    "CA": gettext_lazy("agglomeration community"),
    "CC": gettext_lazy("community of communes"),
    "CU": gettext_lazy("urban community"),
    "ME": gettext_lazy("metropolis"),
}


def epci_kind(epci):
    """The French name of ``epci``'s kind (str), or its code when unknown."""
    return EPCI_KINDS.get(epci.kind, epci.kind)


def departement_epcis():
    """Queryset of the EPCI having at least one commune of the département."""
    from portal.models import EPCI

    return EPCI.objects.filter(
        communes__insee_code__startswith=settings.PORTAL_DEPARTEMENT
    ).distinct()


def datalist_labels():
    """Suggestions of the search box's ``<datalist>``: list of str, the communes' labels
    "Name (INSEE)" then the EPCI's "Name (SIREN)", each resolved to one territory by
    :func:`diagnostic.portrait.search.find_territories`."""
    labels = [label for _code, label in commune_choices()]
    labels += [f"{epci.name} ({epci.siren})" for epci in departement_epcis()]
    return labels


def territory_url(page, level, code):
    """Path of the portrait of a territory (``level`` "commune" or "epci", ``code``)."""
    return page.url + page.reverse_subpage(level, args=[code])


def search(page, request):
    """The page itself: the search form; with ``?q=``, its answer.

    One exact match redirects (302) to the territory's portrait; several or inexact
    matches (a "Saint-" prefix, a postal code shared by several communes, homonyms) are
    listed as links, told apart by INSEE or SIREN code; no match gives a French error
    message and the form again (HTTP 200).
    """
    form = TerritorySearchForm(request.GET if "q" in request.GET else None)
    lookup = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"]
        lookup = find_territories(text)
        if lookup.resolved is not None:
            level, territory = lookup.resolved
            code = territory.insee_code if level == "commune" else territory.siren
            return HttpResponseRedirect(territory_url(page, level, code))
        if not lookup.candidates:
            form.add_error("q", _(
                "No commune or intercommunality of the %(dep)s matches “%(text)s”. Check "
                "the spelling, or type the first letters of the name and choose from the "
                "suggestions.") % {"dep": settings.PORTAL_DEPARTEMENT_NAME, "text": text})
            lookup = None
    return page.render(request, context_overrides={
        "form": form,
        "lookup": lookup,
        "datalist_labels": datalist_labels(),
    })


@dataclass
class PortraitRow:
    """One line of a portrait's table of indicators.

    ``indicator`` (:class:`diagnostic.indicators.models.Indicator`); ``value``,
    ``epci_value``, ``departement_value`` and ``france_value`` (str as shown: a number in
    French format, "secret" or "non disponible"; ``epci_value`` is None when the column
    does not apply, i.e. on an EPCI's portrait).
    """

    indicator: object
    value: str
    epci_value: str | None
    departement_value: str
    france_value: str


def value_text(value, decimal_places):
    """What the portrait shows for an :class:`IndicatorValue` (or None: no value).

    Output: str, the number in French format with ``decimal_places`` decimals, "secret"
    (statistical confidentiality) or "non disponible" (missing, or no value at all).
    """
    if value is None or value.status == ValueStatus.MISSING:
        return _("not available")
    if value.status == ValueStatus.SECRET:
        return _("secret")
    return format_number(value.value, decimal_places)


def reference_text(number, decimal_places):
    """The département's or France's figure (Decimal or None) as shown (str)."""
    if number is None:
        return _("not available")
    return format_number(number, decimal_places)


def indicator_rows(level, code, epci_siren=None):
    """The published indicators that have a value for one territory, as table rows.

    Inputs: ``level`` (:class:`Level` value: "commune" or "epci"), ``code`` (INSEE or
    SIREN code), ``epci_siren`` (str or None: for a commune, its EPCI's SIREN code).
    Output: list of :class:`PortraitRow` in the indicators' order (name, latest year
    first). The EPCI column pairs a commune-level indicator with the published
    EPCI-level indicator of the same name (case and spaces ignored) and the same year
    (both None counts as the same); without such an indicator, or without a value for
    the EPCI, it says "non disponible". Two queries whatever the number of indicators.
    """
    values = list(
        IndicatorValue.objects.filter(code=code, indicator__level=level,
                                      indicator__published=True)
        .select_related("indicator")
        .order_by("indicator__name", "-indicator__year", "indicator__pk")
    )
    epci_values = {}
    if level == Level.COMMUNE and epci_siren:
        for value in (IndicatorValue.objects
                      .filter(code=epci_siren, indicator__level=Level.EPCI,
                              indicator__published=True)
                      .select_related("indicator").order_by("indicator__pk")):
            epci_values.setdefault(pairing_key(value.indicator), value)
    rows = []
    for value in values:
        indicator = value.indicator
        places = indicator.decimal_places
        epci_value = None
        if level == Level.COMMUNE:
            paired = epci_values.get(pairing_key(indicator))
            epci_value = value_text(paired, paired.indicator.decimal_places if paired else places)
        rows.append(PortraitRow(
            indicator=indicator,
            value=value_text(value, places),
            epci_value=epci_value,
            departement_value=reference_text(indicator.departement_value, places),
            france_value=reference_text(indicator.france_value, places),
        ))
    return rows


def pairing_key(indicator):
    """Key pairing an indicator with the same statistic at another level: (name folded
    for case and spaces, year or None)."""
    return (" ".join(indicator.name.split()).casefold(), indicator.year)


def territory(page, request, level, code):
    """The portrait of one commune (``level`` "commune", ``code`` its INSEE code) or
    one EPCI (``level`` "epci", ``code`` its SIREN code) of the département.

    Raises Http404 for a code that is not a commune of the département or an EPCI with
    a commune in it. Context: ``territory`` (Commune or EPCI), ``level``,
    ``kind_label`` (str), ``epci`` (a commune's EPCI or None), ``communes`` (an EPCI's
    communes in the département, French order), ``rows`` (:func:`indicator_rows`),
    ``counts`` (the ``TERRITORY_COUNTS`` hooks' dicts) and the population's source.
    """
    if level == "commune":
        commune = departement_communes().select_related("epci").filter(insee_code=code).first()
        if commune is None:
            raise Http404("unknown commune")
        territory, epci, communes = commune, commune.epci, []
        kind_label = _("commune")
    else:
        territory = departement_epcis().filter(siren=code).first()
        if territory is None:
            raise Http404("unknown EPCI")
        epci = None
        communes = list(departement_communes().filter(epci=territory))
        kind_label = _("intercommunality (%(kind)s)") % {"kind": epci_kind(territory)}
    return page.render(request, template="diagnostic/portrait_territory.html",
                       context_overrides={
        "territory": territory,
        "level": level,
        "code": code,
        "kind_label": kind_label,
        "epci": epci,
        "epci_url": territory_url(page, "epci", epci.siren) if epci else None,
        "communes": [(c, territory_url(page, "commune", c.insee_code)) for c in communes],
        "outside_communes": max((territory.commune_count or 0) - len(communes), 0)
        if level == "epci" else 0,
        "population": (format_number(territory.population)
                       if territory.population is not None else None),
        "population_source": POPULATION_SOURCE,
        "population_url": POPULATION_URL,
        "population_year": POPULATION_YEAR,
        "cog_source": COG_SOURCE,
        "cog_url": COG_URL,
        "rows": indicator_rows(level, code, epci.siren if epci else None),
        "counts": run_hooks(TERRITORY_COUNTS, level, code),
    })
