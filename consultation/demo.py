"""Demo content of the consultation plugin: the questionnaire page "/consultation/".

The question labels are content (French), written word for word from the client's
questionnaire.
"""

from .models import ConsultationPage, FormField

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
        show_in_menus=True,
        form_fields=[
            FormField(label=label, field_type=kind, required=required, choices=choices,
                      help_text=help_text, sort_order=order,
                      show_if_question=CONDITIONS.get(label, ("", ""))[0],
                      show_if_value=CONDITIONS.get(label, ("", ""))[1])
            for order, (label, kind, required, choices, help_text) in enumerate(QUESTIONS)
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"Page « {TITLE} » créée.")
    return page
