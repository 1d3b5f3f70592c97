"""The legal pages (home/legal/): reachable from every page's footer, the conformity
status in the footer, the statement's figures computed from its audit rows, the privacy
notice's facts read from settings, the site map's tree, the demo content."""

import json
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from wagtail.models import Page

from home.legal.audit import audit_summary, read_audit_file
from home.legal.pages import AccessibilityPage, LegalPage, PrivacyPage, SiteMapPage

#: The footer's links of the demo content: path -> text shown.
FOOTER = {
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/accessibilite/": "Accessibilité : partiellement conforme",
    "/plan-du-site/": "Plan du site",
    "/contact/": "Contact",
    "/schema-pluriannuel-accessibilite/": "Schéma pluriannuel de mise en accessibilité",
    "/plan-action-accessibilite/": "Plan d'action d'accessibilité",
}


def footer_of(html):
    """The text of the <footer> of a page (str, HTML entities decoded)."""
    html = unescape(html)
    return html[html.index("<footer"):html.index("</footer>")]


def public_paths():
    """One page of every kind: home, map, an action, questionnaire, proposals, a
    diagnostic chapter, the legal pages, a page that does not exist (404)."""
    from consultation.models import ConsultationPage, ProposalPage
    from diagnostic.models import DiagnosticChapterPage
    from initiatives.models import InitiativePage

    return [
        ("/", 200), ("/carte/", 200),
        (InitiativePage.objects.live().public().first().url, 200),
        (ConsultationPage.objects.live().first().url, 200),
        (ProposalPage.objects.live().first().url, 200),
        (DiagnosticChapterPage.objects.live().first().url, 200),
        *[(path, 200) for path in FOOTER],
        ("/cette-page-n-existe-pas/", 404),
    ]


@pytest.mark.django_db
def test_every_legal_page_is_in_the_footer_of_every_kind_of_page(client):
    for path, status in public_paths():
        response = client.get(path)
        assert response.status_code == status, path
        footer = footer_of(response.content.decode())
        for url, text in FOOTER.items():
            assert f'href="{url}"' in footer, (path, url)
            assert text in footer, (path, text)


@pytest.mark.django_db
def test_the_footer_says_the_status_staff_set_and_follows_its_change(client):
    statement = AccessibilityPage.objects.get()
    assert "Accessibilité : partiellement conforme" in footer_of(client.get("/").text)
    for status, text in [(AccessibilityPage.FULL, "Accessibilité : totalement conforme"),
                         (AccessibilityPage.NONE, "Accessibilité : non conforme")]:
        statement.compliance = status
        statement.save_revision().publish()
        assert text in footer_of(client.get("/").text)
        page = unescape(client.get("/accessibilite/").text)
        assert f"est <strong>{text.split(' : ')[1]}</strong>" in page


@pytest.mark.django_db
def test_the_footer_links_are_cached_and_a_page_change_refreshes_them(client, monkeypatch):
    import home.wagtail_hooks

    client.get("/mentions-legales/")

    def must_not_run(request, site):
        raise AssertionError("the footer links were built again")

    with monkeypatch.context() as patch:
        patch.setattr(home.wagtail_hooks, "footer_links", must_not_run)
        assert "Mentions légales" in footer_of(client.get("/carte/").text)
    legal = LegalPage.objects.get(slug="mentions-legales")
    legal.title = "Informations légales"
    legal.save_revision().publish()
    assert "Informations légales" in footer_of(client.get("/carte/").text)
    legal.unpublish()
    assert 'href="/mentions-legales/"' not in footer_of(client.get("/carte/").text)


@pytest.mark.django_db
def test_a_footer_hook_that_meets_a_database_error_leaves_the_footer_empty(monkeypatch):
    from django.db import OperationalError

    from portal import context_processors

    def broken(name, *args):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(context_processors, "run_hooks", broken)
    assert context_processors.footer_links(RequestFactory().get("/")) == []


@pytest.mark.django_db
def test_legal_pages_answer_503_without_the_database_never_500(client):
    from tests.portal.test_outage import database_refuses_connections

    with database_refuses_connections():
        response = client.get("/mentions-legales/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "<footer" in html and "footer-links" not in html


def test_audit_summary_counts_and_rate():
    assert audit_summary(["C", "C", "NC", "NA", "C", "x"]) == {
        "tested": 5, "passed": 3, "failed": 1, "not_applicable": 1, "applicable": 4,
        "rate": Decimal("75.00"), "total": 106, "complete": False,
    }
    assert audit_summary(["C", "NC", "NC"])["rate"] == Decimal("33.33")
    assert audit_summary(["NA", "NA"])["rate"] is None
    assert audit_summary([])["tested"] == 0


@pytest.mark.django_db
def test_the_statement_computes_its_figures_from_its_rows(client):
    statement = AccessibilityPage.objects.get()
    statement.audit_criteria.all().delete()
    rows = [("1.1", "C"), ("1.2", "C"), ("3.3", "NC"), ("4.1", "NA"), ("8.6", "C"),
            ("9.1", "NC"), ("10.11", "C")]
    for order, (number, result) in enumerate(rows):
        statement.audit_criteria.create(criterion=number, result=result, sort_order=order,
                                        note=f"Note du critère {number}")
    statement.save_revision().publish()
    html = unescape(client.get("/accessibilite/").text)
    assert "7 critères testés" in html
    assert "4 critères conformes (C)" in html
    assert "2 critères non conformes (NC)" in html
    assert "1 critère non applicable (NA)" in html
    assert "porte sur 7 des 106 critères du RGAA 4.1.2 : 66,67 % des critères testés" in html
    assert "Taux de conformité (C / (C + NC)) : 66,67 %" in html
    # Only the non-conformities are listed as non-accessible content.
    assert "Critère 3.3" in html and "Critère 9.1" in html and "Critère 1.1" not in html


@pytest.mark.django_db
def test_the_statement_follows_the_official_model(client):
    html = unescape(client.get("/accessibilite/").text)
    for text in [
        "s'engage à rendre ses sites internet, intranet, extranet et ses progiciels "
        "accessibles conformément à l'article 47 de la loi n° 2005-102",
        "État de conformité", "Résultats des tests", "Contenus non accessibles",
        "Non-conformités", "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Établissement de cette déclaration d'accessibilité",
        "Technologies utilisées pour la réalisation du site", "Environnement de test",
        "Retour d'information et contact", "Voies de recours",
        "https://formulaire.defenseurdesdroits.fr/", "09 69 39 00 00",
        "Libre réponse 71120", "75342 Paris CEDEX 07",
    ]:
        assert text in html, text
    assert 'href="/schema-pluriannuel-accessibilite/"' in html
    assert 'href="/plan-action-accessibilite/"' in html
    assert 'href="/contact/"' in html


@pytest.mark.django_db
def test_the_demo_statement_holds_the_recorded_audit(client):
    audit = read_audit_file()
    statement = AccessibilityPage.objects.get()
    assert [(row.criterion, row.result) for row in statement.audit_criteria.all()] == [
        (item["id"], item["result"]) for item in audit["criteria"]
    ]
    figures = audit_summary(item["result"] for item in audit["criteria"])
    html = unescape(client.get("/accessibilite/").text)
    assert f"{figures['failed']} critère" in html
    # A partial audit says how many criteria it covers, never "X % of the RGAA's criteria".
    assert (f"porte sur {figures['tested']} des 106 critères du RGAA 4.1.2" in html) is (
        figures["tested"] < 106)
    assert "% des critères du RGAA 4.1.2 sont respectés" not in html
    for item in audit["pages"]:
        assert f"{item['title']} ({item['path']})" in html


def test_an_audit_file_is_read_generically(tmp_path):
    path = tmp_path / "audit.json"
    path.write_text(json.dumps({"criteria": [{"id": "1.1", "result": "C"}]}), encoding="utf-8")
    audit = read_audit_file(path)
    assert audit["criteria"] == [{"id": "1.1", "title": "", "result": "C", "note": ""}]
    assert audit["pages"] == [] and audit["derogations"] == [] and audit["reference"] == ""
    path.write_text(json.dumps({"criteria": [{"id": "1.1", "result": "OK"}]}), encoding="utf-8")
    with pytest.raises(ValueError):
        read_audit_file(path)


@pytest.mark.django_db
def test_the_privacy_notice_shows_the_settings_values(client, settings):
    settings.PORTAL_DPO_CONTACT = "dpo@landes.example"
    settings.PORTAL_CONTACT_RETENTION_DAYS = 123
    settings.PORTAL_PRIVACY_NOTICE_VERSION = "2031-07"
    html = unescape(client.get("/donnees-personnelles/").text)
    assert 'href="mailto:dpo@landes.example"' in html
    assert "au plus tard 123 jours" in html
    assert "Version de la notice : 2031-07." in html
    assert "Mission d'intérêt public (RGPD art. 6.1.e)" in html
    assert "Consentement (RGPD art. 6.1.a)" in html
    assert "groupe « coordonnées »" in html
    assert "Votre adresse IP n'est pas enregistrée." in html
    assert "https://www.cnil.fr/fr/plaintes" in html
    # Staff's prose is shown too.
    assert "Cookies" in html


@pytest.mark.django_db
def test_the_forms_short_notices_link_to_the_privacy_notice(client):
    from consultation.models import ConsultationPage, ProposalPage

    for url in (ProposalPage.objects.live().first().url,
                ConsultationPage.objects.live().first().url, "/carte/ajouter/", "/contact/"):
        html = client.get(url).text
        notice = html[html.index('id="notice-rgpd"'):]
        notice = notice[:notice.index("</form>") if "</form>" in notice else None]
        assert 'href="/donnees-personnelles/"' in notice, url
    PrivacyPage.objects.get().unpublish()
    html = client.get(ProposalPage.objects.live().first().url).text
    assert 'href="/donnees-personnelles/"' not in html


@pytest.mark.django_db
def test_the_legal_notice_names_the_publisher_and_the_settings_credits(client, settings):
    settings.PORTAL_MAP_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    settings.PORTAL_HOSTING_PROVIDER = "Hébergeur Exemple, 1 rue de l'Essai, 40000 Mont-de-Marsan"
    html = unescape(client.get("/mentions-legales/").text)
    assert "Conseil départemental des Landes<br>23 rue Victor Hugo<br>40025 Mont-de-Marsan Cedex" in html
    assert "Directeur de la publication : Le président du Conseil départemental des Landes" in html
    assert "Hébergeur Exemple, 1 rue de l'Essai" in html
    assert "EUPL-1.2" in html
    assert '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' in html
    settings.PORTAL_HOSTING_PROVIDER = ""
    html = unescape(Client().get("/mentions-legales/?x=1").text)
    assert "Hébergeur" not in html[:html.index("<footer")]


@pytest.mark.django_db
def test_the_site_map_lists_the_tree_but_not_the_actions(client):
    from initiatives.models import InitiativePage

    html = unescape(client.get("/plan-du-site/").text)
    tree = html[html.index('class="site-map-tree"'):html.index("</nav>", html.index("site-map-tree"))]
    for page in Page.objects.live().public().filter(depth__in=[3, 4]).exclude(
            content_type__model="initiativepage"):
        assert f'href="{page.url}"' in tree, page.url
    assert 'href="/carte/"' in tree and "ses pages sont listées sur la page « Carte des solidarités »" in tree
    action = InitiativePage.objects.live().first()
    assert action.url not in tree
    # Nested lists follow the tree: a chapter sits inside the diagnostic's list.
    diagnostic = tree.index('href="/diagnostic/"')
    chapter = tree.index('href="/diagnostic/territoire-et-population/"')
    assert tree.index("<ul>", diagnostic) < chapter


@pytest.mark.django_db
def test_the_site_map_leaves_out_drafts_and_private_pages(client):
    from wagtail.models import PageViewRestriction

    legal = LegalPage.objects.get(slug="plan-action-accessibilite")
    PageViewRestriction.objects.create(page=legal, restriction_type="password", password="x")
    privacy = PrivacyPage.objects.get()
    privacy.unpublish()
    tree = client.get("/plan-du-site/").text
    assert 'href="/plan-action-accessibilite/"' not in tree
    assert 'href="/donnees-personnelles/"' not in tree


@pytest.mark.django_db
def test_the_demo_content_is_idempotent():
    before = Page.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == before
    assert SiteMapPage.objects.count() == 1 and AccessibilityPage.objects.count() == 1
    assert AccessibilityPage.objects.get().audit_criteria.count() == len(
        read_audit_file()["criteria"])


@pytest.mark.django_db
def test_staff_edit_every_legal_page_in_the_admin(admin_client):
    from home.legal.pages import ContactPage

    for model in (LegalPage, PrivacyPage, AccessibilityPage, SiteMapPage, ContactPage):
        for page in model.objects.all():
            response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
            assert response.status_code == 200, page.url
    html = admin_client.get(f"/admin/pages/{AccessibilityPage.objects.get().pk}/edit/").text
    assert "Critères audités" in unescape(html)
    assert "partiellement conforme" in unescape(html)
