"""Demo content of the initiatives plugin: the map page ``/carte/`` and ~30 actions.

Descriptions are in ``initiatives.demo_descriptions``; public contacts are in
``example.org`` (a domain reserved for examples). Communes are looked up by INSEE code in ``portal.Commune`` (reference data loaded by
``load_reference_data``); each action's point is the commune's reference point moved by a
small deterministic offset (a few hundred metres), kept only if it stays inside the
département. Running it twice changes nothing.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from portal.geo import format_point, in_departement
from portal.models import Commune, Theme

from .actions import InitiativePage
from .demo_descriptions import DESCRIPTIONS
from .pages import InitiativeIndexPage
from .submitters import InitiativeSubmitter, new_token

INDEX_SLUG = "carte"
INDEX_TITLE = "Carte des solidarités"
INDEX_INTRO = (
    "<p>Pendant et après le confinement, associations, communes, collectifs d'habitants, "
    "entreprises et particuliers se sont mobilisés partout dans les Landes. Cette carte "
    "recense leurs actions solidaires. Elle est aussi disponible sous forme de liste.</p>"
)

# (INSEE code, title, summary, actor type, organisation, theme slugs, tags, period,
#  volunteers wanted, public contact)
ACTIONS = [
    ("40192", "Distribution alimentaire au quartier du Peyrouat",
     "Colis alimentaires distribués chaque semaine aux familles du quartier.",
     "association", "Banque alimentaire des Landes", ["alimentation"],
     ["colis", "familles"], "confinement", True, "contact@example.org"),
    ("40088", "Courses pour les personnes isolées à Dax",
     "Des bénévoles font les courses des personnes âgées ou malades qui ne peuvent sortir.",
     "collectif", "Voisins solidaires du Sablar", ["isolement", "aines", "alimentation"],
     ["courses", "bénévolat"], "confinement", True, ""),
    ("40046", "Atelier de couture de masques à Biscarrosse",
     "Couture de masques en tissu pour les habitants et les soignants.",
     "association", "Les Petites Mains de Biscarrosse", ["sante"],
     ["masques", "couture"], "confinement", False, ""),
    ("40279", "Soutien scolaire à distance",
     "Des étudiants accompagnent les collégiens par visioconférence.",
     "association", "Réussir ensemble", ["education", "numerique"],
     ["soutien scolaire", "visio"], "apres", True, "soutien@example.org"),
    ("40065", "Appels téléphoniques aux aînés de Capbreton",
     "Le CCAS appelle chaque semaine les personnes de plus de 75 ans inscrites.",
     "commune-ccas", "CCAS de Capbreton", ["aines", "isolement"],
     ["téléphone", "aînés"], "en-cours", False, "ccas-capbreton@example.org"),
    ("40001", "Prêt d'ordinateurs aux familles",
     "Des ordinateurs reconditionnés prêtés aux familles sans équipement.",
     "association", "Emmaüs Connect Sud-Landes", ["numerique", "education"],
     ["ordinateurs", "reconditionnement"], "apres", False, ""),
    ("40184", "Covoiturage solidaire à Mimizan",
     "Trajets vers les rendez-vous médicaux et les commerces pour qui n'a pas de voiture.",
     "collectif", "Mimizan en partage", ["mobilite", "sante"],
     ["covoiturage"], "en-cours", True, ""),
    ("40312", "Garde d'enfants des soignants à Tarnos",
     "Accueil des enfants des personnels soignants pendant leurs gardes.",
     "commune-ccas", "Mairie de Tarnos", ["garde-enfants"],
     ["soignants", "enfance"], "confinement", False, ""),
    ("40310", "Paniers de producteurs à Soustons",
     "Vente directe de légumes et de volailles de producteurs locaux, livrée à domicile.",
     "entreprise", "Les Fermes du Marensin", ["alimentation"],
     ["circuit court", "producteurs"], "confinement", False, ""),
    ("40119", "Aide aux démarches en ligne à Hagetmau",
     "Permanence pour aider à remplir les démarches administratives en ligne.",
     "service-public", "France Services de Hagetmau", ["demarches", "numerique"],
     ["démarches", "accompagnement"], "en-cours", False, "france-services-hagetmau@example.org"),
    ("40282", "Épicerie solidaire de Saint-Sever",
     "Produits à petit prix pour les foyers aux revenus modestes.",
     "association", "Épicerie du Cap de Gascogne", ["alimentation", "emploi"],
     ["épicerie"], "en-cours", True, ""),
    ("40197", "Lecture au téléphone pour les résidents de l'Ehpad",
     "Des bénévoles lisent des histoires par téléphone aux résidents.",
     "particulier", "", ["aines", "culture-sport"],
     ["lecture"], "confinement", True, ""),
    ("40217", "Hébergement d'urgence à Parentis-en-Born",
     "Mise à disposition de logements vacants pour des personnes sans abri.",
     "commune-ccas", "CCAS de Parentis-en-Born", ["logement"],
     ["hébergement"], "confinement", False, ""),
    ("40224", "Portage de repas à Peyrehorade",
     "Livraison de repas chauds aux personnes âgées isolées du Pays d'Orthe.",
     "service-public", "Communauté de communes du Pays d'Orthe et Arrigans",
     ["aines", "alimentation"], ["repas"], "en-cours", False, ""),
    ("40245", "Écoute et soutien psychologique",
     "Une ligne d'écoute tenue par des psychologues bénévoles.",
     "association", "Écoute Landes", ["sante", "isolement"],
     ["écoute"], "confinement", True, "ecoute-landes@example.org"),
    ("40134", "Ateliers numériques pour seniors à Labouheyre",
     "Apprendre à utiliser la visio pour garder le lien avec ses proches.",
     "association", "Clic & Lien", ["numerique", "aines"],
     ["visio", "aînés"], "apres", True, ""),
    ("40313", "Accompagnement vers l'emploi à Tartas",
     "Ateliers CV et mises en relation avec les employeurs qui recrutent.",
     "association", "Tremplin Tartas", ["emploi"],
     ["emploi", "CV"], "apres", False, ""),
    ("40117", "Jardins partagés de Grenade-sur-l'Adour",
     "Parcelles cultivées ensemble, récoltes partagées avec l'épicerie solidaire.",
     "collectif", "Les Jardins de l'Adour", ["alimentation", "isolement"],
     ["jardin"], "apres", True, ""),
    ("40331", "Transport à la demande vers les centres de vaccination",
     "Navettes gratuites pour les personnes sans moyen de transport.",
     "commune-ccas", "Mairie de Villeneuve-de-Marsan", ["mobilite", "sante"],
     ["navette"], "apres", False, ""),
    ("40230", "Collecte de vêtements à Pontonx-sur-l'Adour",
     "Vêtements et produits d'hygiène collectés et redistribués.",
     "association", "Solidarité Pontonx", ["logement"],
     ["vêtements", "hygiène"], "en-cours", True, ""),
    ("40209", "Aide aux devoirs à Ondres",
     "Aide aux devoirs deux soirs par semaine à la médiathèque.",
     "association", "Ondres Solidaire", ["education"],
     ["devoirs"], "en-cours", True, ""),
    ("40296", "Sport en plein air pour tous à Seignosse",
     "Séances gratuites de sport adapté sur la plage, pour rompre l'isolement.",
     "association", "Seignosse Sport Santé", ["culture-sport", "isolement"],
     ["sport"], "apres", False, ""),
    ("40155", "Livraison de médicaments à Linxe",
     "La pharmacie et des bénévoles livrent les médicaments à domicile.",
     "entreprise", "Pharmacie de Linxe", ["sante", "aines"],
     ["médicaments"], "confinement", False, ""),
    ("40246", "Accueil de jour des personnes en situation de handicap",
     "Maintien d'un accueil de jour adapté pendant la crise.",
     "association", "Les Amis de la Haute Lande", ["handicap"],
     ["accueil de jour"], "confinement", False, ""),
    ("40002", "Appels solidaires des jeunes aux aînés d'Amou",
     "Les jeunes du club de foot appellent les aînés du village.",
     "collectif", "Jeunes d'Amou", ["aines", "isolement"],
     ["téléphone", "jeunes"], "confinement", True, ""),
    ("40102", "Épicerie itinérante du Gabardan",
     "Un camion-épicerie dessert les hameaux éloignés des commerces.",
     "entreprise", "Épicerie du Gabardan", ["alimentation", "mobilite"],
     ["itinérant"], "en-cours", False, ""),
    ("40110", "Permanence contre les violences intrafamiliales",
     "Un accueil confidentiel et une orientation pour les victimes.",
     "service-public", "Point d'accès au droit du Tursan", ["violences"],
     ["écoute", "droit"], "en-cours", False, "acces-droit-tursan@example.org"),
    ("40201", "Chorale au balcon de Mugron",
     "Concerts hebdomadaires depuis les balcons pour garder le moral.",
     "particulier", "", ["culture-sport", "isolement"],
     ["musique"], "confinement", False, ""),
    ("40075", "Bons d'achat pour les commerces de Castets",
     "Bons d'achat distribués aux familles, utilisables chez les commerçants locaux.",
     "commune-ccas", "CCAS de Castets", ["alimentation", "emploi"],
     ["bons d'achat"], "apres", False, ""),
    ("40243", "Garde d'enfants solidaire à Rion-des-Landes",
     "Des parents se relaient pour garder les enfants de ceux qui travaillent.",
     "collectif", "Parents solidaires de Rion", ["garde-enfants"],
     ["enfance", "entraide"], "confinement", True, ""),
    ("40135", "Réparation de vélos à Labrit",
     "Atelier participatif pour remettre en état les vélos et se déplacer.",
     "association", "Vélo Labrit", ["mobilite"],
     ["vélo", "réparation"], "apres", True, ""),
    ("40088", "Fabrication de visières pour les soignants de Dax",
     "Des visières imprimées en 3D pour l'hôpital et les infirmières libérales.",
     "entreprise", "Fablab de Dax", ["sante"],
     ["impression 3D", "soignants"], "confinement", False, ""),
    ("40192", "Accueil des sans-abri pendant le confinement",
     "Un gymnase aménagé pour héberger les personnes à la rue.",
     "service-public", "Ville de Mont-de-Marsan", ["logement"],
     ["hébergement"], "confinement", False, ""),
]


def _offset(index):
    """Deterministic small offset ``(dlat, dlng)`` in degrees for the ``index``-th action."""
    return (((index * 7) % 9) - 4) * 0.0015, (((index * 5) % 9) - 4) * 0.0015


def get_or_create_index(home_page):
    """Return the InitiativeIndexPage (slug ``carte``) below ``home_page``, creating and
    publishing it when missing."""
    index = InitiativeIndexPage.objects.first()
    if index is None:
        index = InitiativeIndexPage(
            title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO, show_in_menus=True
        )
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


def add_demo_author(page):
    """Give a demo action an author who confirmed their address, as a resident who
    sent it through the public form would have, so that "Je veux aider" shows on its
    page and relays to that address.

    Input: a published InitiativePage. The address is in ``example.org`` (a domain
    reserved for examples, RFC 2606), so relayed demo mail never reaches anyone; the
    private link's token is thrown away (only its hash is stored). Output: the new
    InitiativeSubmitter.
    """
    _token, token_hash = new_token()
    return InitiativeSubmitter.objects.create(
        page=page, email=f"auteur-{page.pk}@example.org", token_hash=token_hash,
        privacy_notice_version=settings.PORTAL_PRIVACY_NOTICE_VERSION,
        confirmed_at=timezone.now(),
    )


def create_demo(home_page, stdout=None):
    """Create the map page and the demo actions below ``home_page`` (idempotent).

    Input: the site's HomePage. Output: number of actions created (0 on a second run).
    Actions whose commune is missing from the reference data are skipped.
    """
    if home_page is None:
        return 0
    index = get_or_create_index(home_page)
    communes = Commune.objects.in_bulk(
        {row[0] for row in ACTIONS}, field_name="insee_code"
    )
    themes = Theme.objects.in_bulk(field_name="slug")
    existing = set(InitiativePage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for i, (insee, title, summary, actor, organisation, theme_slugs, tags, period,
            volunteers, contact) in enumerate(ACTIONS):
        slug = slugify(title)[:80]
        commune = communes.get(insee)
        if slug in existing or commune is None:
            continue
        dlat, dlng = _offset(i)
        lat, lng = commune.latitude + dlat, commune.longitude + dlng
        if not in_departement(lat, lng):
            lat, lng = commune.latitude, commune.longitude
        page = InitiativePage(
            title=title, slug=slug, summary=summary,
            description=DESCRIPTIONS.get(title, f"<p>{summary}</p>"),
            actor_type=actor, organisation=organisation, commune=commune,
            location=format_point(lat, lng), period=period,
            volunteers_wanted=volunteers, public_contact=contact,
        )
        page.themes.set([themes[s] for s in theme_slugs if s in themes])
        page.tags.set(tags)
        index.add_child(instance=page)
        page.save_revision().publish()
        if volunteers:
            add_demo_author(page)
        created += 1
    if stdout is not None and created:
        stdout.write(f"Carte des solidarités : {created} actions créées.")
    return created
