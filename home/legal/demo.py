"""Demo content of the legal pages, under the home page, idempotently: the legal
notice, the privacy notice, the accessibility statement (its audit read from
:data:`.audit.AUDIT_FILE`), the multi-year scheme and the action plan, the site map and
the contact page. Facts a deployment must give itself (the host, the contact address)
are left to settings (``PORTAL_HOSTING_PROVIDER``, ``PORTAL_CONTACT_EMAIL``), never
written here."""

import datetime

from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page

from .audit import AUDIT_FILE, read_audit_file
from .pages import (
    AccessibilityPage,
    ContactPage,
    LegalPage,
    PrivacyPage,
    SiteMapPage,
)

#: The publisher: the Conseil départemental des Landes, at its seat.
PUBLISHER = "Conseil départemental des Landes\n23 rue Victor Hugo\n40025 Mont-de-Marsan Cedex"
PUBLICATION_DIRECTOR = "Le président du Conseil départemental des Landes"


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


LEGAL_BODY = [
    _heading("Objet du site"),
    _paragraph(
        "<p>« Les nouvelles solidarités, j'en parle » est la plateforme participative du "
        "Département des Landes : carte des actions solidaires, questionnaire, boîte à "
        "propositions et diagnostic territorial, au service du comité Nouvelles "
        "solidarités.</p>"
    ),
    _heading("Contenus publiés par les habitants"),
    _paragraph(
        "<p>Les actions de la carte et les propositions sont publiées après modération. "
        "Chacun peut signaler un contenu inexact ou inapproprié depuis la page d'une "
        "action, ou par la page de contact.</p>"
    ),
]
PRIVACY_INTRO = [
    _paragraph(
        "<p>Cette page explique quelles données personnelles la plateforme traite, "
        "pourquoi, qui les voit, combien de temps elles sont gardées et comment exercer "
        "vos droits.</p>"
    ),
]
PRIVACY_BODY = [
    _heading("Cookies"),
    _paragraph(
        "<p>La plateforme ne dépose aucun cookie de mesure d'audience ni de publicité. "
        "Les seuls cookies sont ceux dont un formulaire a besoin : la protection contre "
        "la falsification de requêtes, et, après l'envoi d'un formulaire, une empreinte "
        "chiffrée de vos réponses qui évite de les enregistrer deux fois. Ils restent "
        "sur votre appareil et sont exemptés de consentement.</p>"
    ),
]
SCHEME_BODY = [
    _paragraph(
        "<p>L'article 47 de la loi n° 2005-102 du 11 février 2005 oblige les collectivités "
        "à rendre leurs services numériques accessibles à toutes et à tous. Ce schéma "
        "décrit comment la plateforme « Les nouvelles solidarités, j'en parle » y "
        "répond.</p>"
    ),
    _heading("Prise en compte dès la conception"),
    _paragraph(
        "<ul><li>chaque page publique est vérifiée automatiquement avec axe-core, sur "
        "ordinateur et sur téléphone, avant chaque mise en ligne ;</li>"
        "<li>les parcours (questionnaire, proposition, ajout d'une action, contact) sont "
        "testés au clavier ;</li>"
        "<li>les formulaires annoncent leurs erreurs et les relient à leurs champs.</li></ul>"
    ),
    _heading("Audits et suivi"),
    _paragraph(
        "<p>Un audit selon le RGAA est mené chaque année ; ses résultats sont publiés dans "
        "la déclaration d'accessibilité et les non-conformités relevées sont reprises "
        "dans le plan d'action de l'année.</p>"
    ),
    _heading("Contenus publiés par l'équipe"),
    _paragraph(
        "<p>Les personnes qui rédigent les pages suivent les règles d'écriture "
        "accessible : titres hiérarchisés, liens explicites, textes de remplacement des "
        "images, tableaux de données avec leurs en-têtes.</p>"
    ),
]
SITE_MAP_INTRO = [
    _paragraph("<p>Toutes les pages du site, organisées comme le menu.</p>"),
]
CONTACT_INTRO = [
    _paragraph(
        "<p>Une question sur la plateforme, un problème pour accéder à une page ou à un "
        "formulaire, une remarque sur vos données personnelles : écrivez-nous, nous vous "
        "répondrons par courriel.</p>"
    ),
]


def _plan_body(audit):
    """The action plan's body: one action per non-conforming criterion of ``audit``
    (dict of :func:`.audit.read_audit_file`)."""
    failures = [item for item in audit["criteria"] if item["result"] == "NC"]
    body = [_paragraph(
        "<p>Ce plan reprend les non-conformités relevées par le dernier audit "
        "d'accessibilité de la plateforme. Chacune sera corrigée puis vérifiée lors de "
        "l'audit suivant.</p>")]
    if failures:
        items = "".join(
            f"<li>Critère {escape(item['id'])} : {escape(item['note'] or item['title'])}</li>"
            for item in failures
        )
        body += [_heading("Corrections prévues"), _paragraph(f"<ul>{items}</ul>")]
    return body


def _add(home, model, slug, stdout, **fields):
    """The live child ``slug`` of ``home``, created and published when missing."""
    existing = Page.objects.child_of(home).filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, show_in_menus=False, **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"Page « {page.title} » créée.")
    return page


def _statement(audit):
    """The fields and audit rows of the accessibility statement, from ``audit``."""
    date = None
    if audit["date"]:
        try:
            date = datetime.date.fromisoformat(audit["date"])
        except ValueError:
            date = None
    fields = {
        "entity": "Le Département des Landes",
        "compliance": AccessibilityPage.PARTIAL,
        "statement_date": date,
        "audit_reference": audit["reference"] or "RGAA 4.1.2",
        "audit_date": date,
        "auditor": audit["auditor"],
        "audit_method": audit["method"],
        "audit_pages": [("page", page) for page in audit["pages"]],
        "tools": "\n".join(audit["tools"]),
        "test_environment": "\n".join(audit["environment"]),
        "derogations": [("derogation", item) for item in audit["derogations"]],
        "not_subject": "\n".join(audit["not_subject"]),
    }
    rows = [{"criterion": item["id"], "title": item["title"], "result": item["result"],
             "note": item["note"]} for item in audit["criteria"]]
    return fields, rows


def create_legal_pages(home, stdout=None, audit_file=AUDIT_FILE):
    """Create the legal pages under ``home`` (the HomePage; None: nothing), each only
    when no child of ``home`` has its slug: ``mentions-legales``,
    ``donnees-personnelles``, ``accessibilite``, ``schema-pluriannuel-accessibilite``,
    ``plan-action-accessibilite``, ``plan-du-site``, ``contact``. The statement's audit
    comes from ``audit_file`` (:func:`.audit.read_audit_file`). Output: None."""
    if home is None:
        return
    audit = read_audit_file(audit_file)
    _add(home, LegalPage, "mentions-legales", stdout, title="Mentions légales",
         kind=LegalPage.LEGAL_NOTICE, publisher=PUBLISHER,
         publication_director=PUBLICATION_DIRECTOR, body=LEGAL_BODY)
    _add(home, PrivacyPage, "donnees-personnelles", stdout, title="Données personnelles",
         intro=PRIVACY_INTRO, body=PRIVACY_BODY)
    if not Page.objects.child_of(home).filter(slug="accessibilite").exists():
        fields, rows = _statement(audit)
        statement = AccessibilityPage(title="Déclaration d'accessibilité", slug="accessibilite",
                                      show_in_menus=False, **fields)
        for order, row in enumerate(rows):
            statement.audit_criteria.add(statement.audit_criteria.model(sort_order=order, **row))
        home.add_child(instance=statement)
        statement.save_revision().publish()
        if stdout is not None:
            stdout.write("Page « Déclaration d'accessibilité » créée.")
    year = timezone.localdate().year
    _add(home, LegalPage, "schema-pluriannuel-accessibilite", stdout,
         title=f"Schéma pluriannuel de mise en accessibilité {year}-{year + 2}",
         kind=LegalPage.ACCESSIBILITY_SCHEME, body=SCHEME_BODY)
    _add(home, LegalPage, "plan-action-accessibilite", stdout,
         title=f"Plan d'action d'accessibilité {year}", kind=LegalPage.ACTION_PLAN,
         body=_plan_body(audit))
    _add(home, SiteMapPage, "plan-du-site", stdout, title="Plan du site", intro=SITE_MAP_INTRO)
    _add(home, ContactPage, "contact", stdout, title="Contact", intro=CONTACT_INTRO)
