"""Demo content of the consultation plugin: the questionnaire page "/consultation/"
(with its easy-read version "/consultation/facile-a-lire/") and the proposal box
"/propositions/" with published proposals.

The question labels are content (French), written word for word from the client's
questionnaire.
"""

from portal.models import Commune, Theme

from .proposals.models import Proposal
from .proposals.pages import ProposalPage
from .questionnaire.models import FormField
from .questionnaire.pages import ConsultationPage

SLUG = "consultation"
TITLE = "Consultation : la crise et vous"
INTRO = (
    "<p>La crise sanitaire a-t-elle changé votre quotidien ? Dites-nous ce que vous avez "
    "vécu pendant et après le confinement, qui vous a aidé, et ce que vous proposez. "
    "Vos réponses sont anonymes et nourrissent le travail du comité Nouvelles "
    "solidarités.</p>"
)
THANK_YOU = (
    "<p>Merci pour votre participation ! Vos réponses ont bien été enregistrées. Le comité "
    "Nouvelles solidarités les analysera avec l'ensemble des contributions.</p>"
)
YES_NO = "Oui\nNon"

#: (label, field_type, required, choices, help_text)
QUESTIONS = [
    ("Avez-vous rencontré des difficultés pendant et/ou après le confinement ?",
     "radio", True, YES_NO, ""),
    ("Si oui, dans quel(s) domaine(s) ?", "themes", False, "",
     "Plusieurs réponses possibles."),
    ("Avez-vous été aidé(e) ?", "radio", True, YES_NO, ""),
    ("Par qui ?", "helped_by", False, "", "Plusieurs réponses possibles."),
    ("Avez-vous des propositions d'actions à engager ?", "multiline", False, "",
     "N'indiquez pas de nom, d'adresse ni de numéro de téléphone."),
    ("Souhaitez-vous jouer un rôle ?", "radio", True, YES_NO, ""),
    ("Votre commune", "commune", True, "", ""),
    ("Votre tranche d'âge", "age_band", True, "", ""),
    ("Votre situation", "situation", True, "", ""),
]


#: label -> (label of the earlier question, answer) that shows it.
CONDITIONS = {
    "Si oui, dans quel(s) domaine(s) ?":
        ("Avez-vous rencontré des difficultés pendant et/ou après le confinement ?", "Oui"),
    "Par qui ?": ("Avez-vous été aidé(e) ?", "Oui"),
}
#: The question whose "Oui" asks for contact details (with a separate consent).
CONTACT_QUESTION = "Souhaitez-vous jouer un rôle ?"

#: Introduction of the easy-read version ("facile à lire et à comprendre"): one idea
#: per sentence, common words. Not proofread by people with intellectual disabilities,
#: so the demo shows no European easy-to-read logo.
EASY_READ_INTRO = (
    "<p>Cette page est un questionnaire.</p>"
    "<p>Le questionnaire parle de la crise du Covid.</p>"
    "<p>Nous voulons savoir comment vous avez vécu cette crise.</p>"
    "<p>Vous pouvez nous dire :</p>"
    "<ul><li>vos problèmes,</li><li>qui vous a aidé,</li>"
    "<li>vos idées pour aider les gens.</li></ul>"
    "<p>Vos réponses aident le comité Nouvelles solidarités.</p>"
    "<p>Une personne de confiance peut vous aider à répondre.</p>"
)
#: label -> (easy-read question, easy-read help text, easy-read options one per line,
#: in the order of the question's options; the answer stored stays the option).
EASY_READ = {
    "Avez-vous rencontré des difficultés pendant et/ou après le confinement ?": (
        "Avez-vous eu des problèmes pendant le confinement ou après ?",
        "Le confinement, c'est quand nous devions rester à la maison à cause du Covid.",
        "Oui, j'ai eu des problèmes\nNon, je n'ai pas eu de problème",
    ),
    "Si oui, dans quel(s) domaine(s) ?": (
        "Quels problèmes avez-vous eus ?", "Vous pouvez cocher plusieurs réponses.", "",
    ),
    "Avez-vous été aidé(e) ?": (
        "Est-ce que quelqu'un vous a aidé ?", "",
        "Oui, quelqu'un m'a aidé\nNon, personne ne m'a aidé",
    ),
    "Par qui ?": ("Qui vous a aidé ?", "Vous pouvez cocher plusieurs réponses.", ""),
    "Avez-vous des propositions d'actions à engager ?": (
        "Avez-vous des idées pour aider les gens ?",
        "Écrivez vos idées. N'écrivez pas votre nom. N'écrivez pas votre adresse. "
        "N'écrivez pas votre numéro de téléphone.",
        "",
    ),
    "Souhaitez-vous jouer un rôle ?": (
        "Voulez-vous participer au travail du comité ?",
        "Le comité, c'est un groupe de personnes. "
        "Ce groupe cherche des idées pour aider les habitants.",
        "Oui, je veux participer\nNon, je ne veux pas participer",
    ),
    "Votre commune": (
        "Dans quelle commune habitez-vous ?",
        "Choisissez le nom de votre commune dans la liste.", "",
    ),
    "Votre tranche d'âge": ("Quel âge avez-vous ?", "", ""),
    "Votre situation": (
        "Que faites-vous dans la vie ?", "Choisissez la phrase qui vous correspond le mieux.",
        "",
    ),
}


def create_consultation(home_page, stdout=None):
    """Create the published questionnaire under ``home_page``, idempotently.

    Input: the site's HomePage (or None: nothing is done). Output: the ConsultationPage
    (existing or new) or None. A page with slug "consultation" already under the home
    page is left as it is (staff may have edited it).
    """
    if home_page is None:
        return None
    existing = ConsultationPage.objects.child_of(home_page).filter(slug=SLUG).first()
    if existing is not None:
        return existing
    page = ConsultationPage(
        title=TITLE,
        slug=SLUG,
        intro=INTRO,
        thank_you_text=THANK_YOU,
        contact_question=CONTACT_QUESTION,
        contact_value="Oui",
        easy_read_intro=EASY_READ_INTRO,
        show_in_menus=True,
        form_fields=[
            FormField(label=label, field_type=kind, required=required, choices=choices,
                      help_text=help_text, sort_order=order,
                      show_if_question=CONDITIONS.get(label, ("", ""))[0],
                      show_if_value=CONDITIONS.get(label, ("", ""))[1],
                      easy_read_label=EASY_READ[label][0],
                      easy_read_help_text=EASY_READ[label][1],
                      easy_read_choices=EASY_READ[label][2])
            for order, (label, kind, required, choices, help_text) in enumerate(QUESTIONS)
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"Page « {TITLE} » créée.")
    return page


# --- Proposal box ---------------------------------------------------------------------

PROPOSALS_SLUG = "propositions"
PROPOSALS_TITLE = "Vos propositions d'actions"
PROPOSALS_INTRO = (
    "<p>Quelles actions aimeriez-vous voir près de chez vous ? Proposez-les ici : chaque "
    "proposition est lue par l'équipe du Département avant d'être publiée, et reçoit une "
    "réponse.</p>"
)
PROPOSALS_THANK_YOU = (
    "<p>Merci pour votre proposition ! Elle sera lue par un modérateur avant sa "
    "publication, puis le Département y répondra sur cette page.</p>"
)

#: (title, description, theme slugs, commune INSEE code or "", response status, response)
DEMO_PROPOSALS = [
    (
        "Une épicerie solidaire itinérante dans les petites communes",
        "Un camion qui passe une fois par semaine dans les bourgs sans commerce, avec des "
        "produits à petit prix pour les familles orientées par le CCAS, et un moment de "
        "café pour rompre l'isolement.",
        ["alimentation", "isolement", "mobilite"], "40192", "under_study",
        "Le Département étudie avec la banque alimentaire et trois CCAS un circuit test "
        "dans le Marsan au printemps. Nous publierons ici le calendrier retenu.",
    ),
    (
        "Des permanences numériques à la médiathèque",
        "Une permanence le samedi matin pour aider à faire ses démarches en ligne (CAF, "
        "impôts, Ameli), avec un conseiller numérique et des ordinateurs en libre accès.",
        ["numerique", "demarches"], "40088", "accepted",
        "Retenue : les conseillers numériques du Département tiendront une permanence "
        "mensuelle à la médiathèque de Dax à partir de janvier.",
    ),
    (
        "Un réseau de voisins pour appeler les personnes âgées isolées",
        "Pendant le confinement, des voisins ont appelé chaque jour les aînés de leur "
        "quartier. Il faudrait garder ce réseau, avec une liste tenue par la mairie et "
        "des bénévoles formés.",
        ["aines", "isolement"], "", "accepted",
        "Le dispositif « Voisins solidaires » sera proposé à toutes les communes avec "
        "l'appui des CCAS ; une formation des bénévoles est prévue.",
    ),
    (
        "Un transport gratuit vers les consultations médicales",
        "Sans voiture, il est difficile d'aller chez le spécialiste à Mont-de-Marsan ou à "
        "Dax. Un transport à la demande gratuit pour les rendez-vous médicaux aiderait "
        "beaucoup de personnes.",
        ["sante", "mobilite"], "40282", "not_retained",
        "Le transport à la demande relève de la Région ; nous avons transmis votre "
        "proposition et rappelons que l'aide au transport de la CPAM peut être sollicitée.",
    ),
]


def create_proposals(home_page, stdout=None):
    """Create the proposal page ``/propositions/`` and its demo proposals, idempotently.

    Input: the site's HomePage (or None: nothing is done). Output: the ProposalPage
    (existing or new) or None. A page with slug "propositions" already under the home
    page is kept as it is; a demo proposal whose title already exists on it is not
    created again. Demo proposals are published and answered by staff.
    """
    if home_page is None:
        return None
    page = ProposalPage.objects.child_of(home_page).filter(slug=PROPOSALS_SLUG).first()
    if page is None:
        page = ProposalPage(
            title=PROPOSALS_TITLE, slug=PROPOSALS_SLUG, intro=PROPOSALS_INTRO,
            thank_you_text=PROPOSALS_THANK_YOU, show_in_menus=True,
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        if stdout is not None:
            stdout.write(f"Page « {PROPOSALS_TITLE} » créée.")
    for title, description, themes, insee, response, text in DEMO_PROPOSALS:
        if Proposal.objects.filter(page=page, title=title).exists():
            continue
        proposal = Proposal.objects.create(
            page=page, title=title, description=description,
            commune=Commune.objects.filter(insee_code=insee).first() if insee else None,
            status=Proposal.Status.PUBLISHED, response_status=response, response_text=text,
        )
        proposal.themes.set(Theme.objects.filter(slug__in=themes))
    return page
