"""Demo content of the home plugin: the HomePage as the site root with its hero and its
ways to take part, the comité and its calendar, the news."""

from wagtail.models import Page, Site

from portal.demo_images import demo_image

from .calendar.demo import create_meetings
from .homepage.models import CommitteeMember, HomePage
from .news.demo import ILLUSTRATION_TITLES, create_news

INTRO = (
    "<p>Face aux conséquences économiques et sociales de la crise sanitaire, le Département "
    "des Landes redéfinit sa politique de solidarité avec celles et ceux qui la vivent. "
    "Cette plateforme recense les actions solidaires menées pendant et après le confinement, "
    "recueille votre expérience et vos propositions, et publie le diagnostic territorial.</p>"
)
COMMITTEE_INTRO = (
    "<p>Une quarantaine d'acteurs économiques et sociaux analysent les contributions de la "
    "plateforme et le diagnostic territorial, puis font des propositions aux élus du "
    "Département.</p>"
)
HERO_TITLE = "Les nouvelles solidarités, j'en parle"
HERO_TEXT = (
    "La crise sanitaire a changé le quotidien de nombreux Landais. Partagez votre "
    "expérience, faites connaître les actions d'entraide près de chez vous et proposez "
    "celles que vous aimeriez voir naître."
)
HERO_LINK_LABEL = "Répondre au questionnaire"
#: The four ways to take part, in the demo's order: (card key, illustration).
PARTICIPATION = ["carte", "consultation", "propositions", "diagnostic"]
# Organisations named in the press coverage of the comité's installation (July 2020).
COMMITTEE = [
    ("Direction départementale de la cohésion sociale et de la protection des populations", "État"),
    ("Caisse d'allocations familiales des Landes", "Protection sociale"),
    ("Éducation nationale", "État"),
    ("Les Restaurants du cœur", "Association"),
    ("Croix-Rouge française", "Association"),
    ("CGT", "Syndicat de salariés"),
    ("CFDT", "Syndicat de salariés"),
    ("Medef des Landes", "Organisation patronale"),
]


def illustration(name):
    """The demo's Wagtail image of drawing ``name`` (decorative: empty description)."""
    return demo_image(name, ILLUSTRATION_TITLES[name], "")


def create_home(stdout=None):
    """Make a HomePage the root of the default site, idempotently, with the comité's
    organisations and meetings.

    Output: the HomePage. Wagtail's initial "Welcome" page is replaced on the first run.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Les nouvelles solidarités, j'en parle",
            slug="accueil",
            intro=INTRO,
            committee_intro=COMMITTEE_INTRO,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "Les nouvelles solidarités"
            site.save()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True,
                                site_name="Les nouvelles solidarités")
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    for order, (organisation, sector) in enumerate(COMMITTEE):
        CommitteeMember.objects.update_or_create(
            organisation=organisation, defaults={"sector": sector, "sort_order": order}
        )
    create_meetings(stdout)
    return home


def complete_home(home_page, stdout=None):
    """Give the home page its hero and its four ways to take part, once the plugins'
    pages exist (the call to action leads to the questionnaire), and create the news.

    Input: the site's HomePage (or None: nothing is done). A home page whose hero
    already has a heading is left as staff made it. Output: None.
    """
    if home_page is None:
        return
    home = HomePage.objects.get(pk=home_page.pk)
    if not home.hero_title:
        questionnaire = Page.objects.live().child_of(home).filter(slug="consultation").first()
        home.hero_title = HERO_TITLE
        home.hero_text = HERO_TEXT
        home.hero_image = illustration("hero")
        if questionnaire is not None:
            home.hero_link_page = questionnaire
            home.hero_link_label = HERO_LINK_LABEL
        home.participation = [
            ("card", {"card": key, "title": "", "text": "", "link_label": "",
                      "image": illustration(key)})
            for key in PARTICIPATION
        ]
        home.save_revision().publish()
    create_news(home, stdout)
