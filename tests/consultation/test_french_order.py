"""Commune and EPCI lists of the consultation in French order (portal.text.sort_key):
questionnaire, proposals form, committee filters and statistics by commune and EPCI."""

import html as html_module
import re

from portal.text import sorted_by_text


def options(html, name):
    """Labels of the non-empty options of the <select> named ``name`` (list of str)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [html_module.unescape(t) for t in
            re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', select)]


def assert_french(labels, before, after):
    assert labels == sorted_by_text(labels)
    assert labels.index(before) < labels.index(after)


def test_questionnaire_and_proposals_commune_lists(client, consultation_page, keys):
    html = client.get(consultation_page.url).content.decode()
    assert_french(options(html, keys["Votre commune"]), "Bégaar (40031)", "Buanes (40057)")
    html = client.get("/propositions/").content.decode()
    assert_french(options(html, "commune"), "Bégaar (40031)", "Buanes (40057)")


def test_committee_filters_and_statistics(committee_client, consultation_page):
    from consultation.models import ConsultationSubmission
    from portal.models import Commune

    for insee in ("40057", "40031", "40088", "40279"):
        for _ in range(5):
            ConsultationSubmission.objects.create(
                page=consultation_page, form_data={},
                commune=Commune.objects.get(insee_code=insee))
    html = committee_client.get(f"/admin/comite/{consultation_page.pk}/").content.decode()
    assert_french(options(html, "commune"), "Bégaar (40031)", "Buanes (40057)")
    epcis = options(html, "epci")
    assert epcis == sorted_by_text(epcis)
    html = committee_client.get(
        f"/admin/comite/{consultation_page.pk}/statistiques/").content.decode()
    text = html_module.unescape(html)
    assert text.index("Bégaar (40031)") < text.index("Buanes (40057)") < text.index(
        "Dax (40088)")
    assert text.index("Communauté d'agglomération du Grand Dax") < text.index(
        "Communauté de communes Maremne Adour Côte Sud")


def test_proposals_admin_commune_filter(client, make_user):
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    html = client.get("/admin/comite/propositions/").content.decode()
    labels = options(html, "commune")
    assert labels.index("Bégaar") < labels.index("Buanes")
    assert labels == sorted_by_text(labels)
