"""Demo content of the news: the index ``/actualites/`` and three news items written as
the département's communication team would (no figure is given that is not real and
sourced: these texts give none)."""

import datetime

from portal.demo_images import demo_image

from .models import NewsIndexPage, NewsPage

SLUG = "actualites"

#: Titles of the illustrations in the image library (shared with the home page's demo:
#: one image per drawing). Their description is empty: they are decorative.
ILLUSTRATION_TITLES = {
    "hero": "Illustration : paysage landais",
    "carte": "Illustration : carte des solidarités",
    "consultation": "Illustration : questionnaire",
    "propositions": "Illustration : propositions",
    "diagnostic": "Illustration : diagnostic",
    "comite": "Illustration : comité",
}

#: (slug, date, title, intro, illustration, paragraphs as HTML)
NEWS = [
    ("installation-du-comite", datetime.date(2020, 7, 10),
     "Le comité Nouvelles solidarités est installé",
     "Acteurs économiques et sociaux, associations, syndicats et services de l'État se sont "
     "réunis à Mont-de-Marsan pour lancer la démarche « Les nouvelles solidarités, j'en "
     "parle ».",
     "comite",
     ["<p>La crise sanitaire a révélé de nouvelles fragilités, mais aussi une formidable "
      "capacité d'entraide. Pour en tirer les enseignements, le Département a installé le "
      "comité Nouvelles solidarités, qui réunit une quarantaine d'acteurs du territoire.</p>",
      "<p>Pendant plusieurs mois, le comité analysera les contributions des habitants et le "
      "diagnostic territorial, puis formulera des propositions aux élus du Département.</p>"]),
    ("ouverture-du-questionnaire", datetime.date(2020, 7, 15),
     "Le questionnaire « La crise et vous » est ouvert",
     "Difficultés rencontrées, aide reçue, idées d'actions : racontez-nous comment vous avez "
     "vécu la crise. Vos réponses sont anonymes.",
     "consultation",
     ["<p>Le questionnaire est ouvert à toutes les Landaises et à tous les Landais. Il "
      "prend quelques minutes et peut être rempli sur un téléphone.</p>",
      "<p>Vous pouvez aussi recenser sur la carte des solidarités une action d'entraide "
      "menée près de chez vous, et proposer les actions que vous aimeriez voir naître.</p>"]),
    ("publication-du-diagnostic", datetime.date(2021, 2, 11),
     "Le diagnostic territorial est en ligne",
     "Population, ressources, logement, isolement : le diagnostic social du territoire est "
     "consultable en ligne, commune par commune.",
     "diagnostic",
     ["<p>Présenté au comité Nouvelles solidarités, le diagnostic territorial rassemble les "
      "indicateurs sociaux du département, avec leurs sources. Des cartes permettent de "
      "comparer les communes et les intercommunalités.</p>",
      "<p>Il éclaire, avec vos contributions, les propositions que le comité soumettra aux "
      "élus du Département.</p>"]),
]


def create_news(home_page, stdout=None):
    """Create ``/actualites/`` under ``home_page`` and its demo news, idempotently.

    Input: the site's HomePage (or None: nothing is done). Output: the NewsIndexPage or
    None. An index or a news item that already exists (by slug) is left as it is.
    """
    if home_page is None:
        return None
    index = NewsIndexPage.objects.child_of(home_page).filter(slug=SLUG).first()
    if index is None:
        index = NewsIndexPage(
            title="Actualités", slug=SLUG, show_in_menus=True,
            intro="<p>Les étapes de la démarche « Les nouvelles solidarités, j'en parle » "
                  "et les travaux du comité.</p>",
        )
        home_page.add_child(instance=index)
        index.save_revision().publish()
    for slug, date, title, intro, drawing, paragraphs in NEWS:
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        item = NewsPage(
            title=title, slug=slug, date=date, intro=intro,
            image=demo_image(drawing, ILLUSTRATION_TITLES[drawing], ""),
            body=[("paragraph", text) for text in paragraphs],
        )
        index.add_child(instance=item)
        item.save_revision().publish()
    return index
