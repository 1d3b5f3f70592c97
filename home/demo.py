"""Demo content of the home plugin: the HomePage as the site root, and the comité."""

from wagtail.models import Page, Site

from home.homepage.models import CommitteeMember, HomePage

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


def create_home(stdout=None):
    """Make a HomePage the root of the default site, idempotently.

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
    return home
