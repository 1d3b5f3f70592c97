"""Lists of the map page in French order (portal.text.sort_key), on SQLite and PostgreSQL:
the actions (HTML list, pages of it, GeoJSON feed), the tags, communes and EPCI offered by
the filters, the datalist of the submission form and the admin's commune chooser."""

import html as html_module
import re

import pytest

from portal.text import sorted_by_text


def titles(html):
    """Titles of the actions of the HTML list, in page order (list of str)."""
    return [html_module.unescape(t) for t in
            re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)]


def test_action_list_in_french_order(client, map_page, make_action):
    make_action(map_page, "écoute de nuit")
    make_action(map_page, "Œuvre du midi")
    shown = titles(client.get("/carte/").content.decode())
    assert shown == sorted_by_text(shown)
    transport = shown.index("Transport à la demande vers les centres de vaccination")
    assert shown.index("Écoute et soutien psychologique") < transport
    assert shown.index("Épicerie solidaire de Saint-Sever") < transport
    assert shown.index("écoute de nuit") < shown.index("Épicerie itinérante du Gabardan")
    assert shown.index("Œuvre du midi") < shown.index("Paniers de producteurs à Soustons")


def test_pages_of_the_list_follow_the_same_order(client, map_page, monkeypatch):
    """The database sorts and paginates: page 2 continues page 1 in French order."""
    from initiatives.models import InitiativeIndexPage

    monkeypatch.setattr(InitiativeIndexPage, "list_page_size", 10)
    shown = []
    for number in (1, 2, 3, 4):
        shown += titles(client.get(f"/carte/?page={number}").content.decode())
    assert len(shown) == len(set(shown)) > 30
    assert shown == sorted_by_text(shown)


def test_feed_in_french_order(client, map_page):
    features = client.get("/carte/geojson/").json()["features"]
    shown = [f["properties"]["title"] for f in features]
    assert shown == sorted_by_text(shown)
    for feature in features:
        assert feature["properties"]["tags"] == sorted_by_text(feature["properties"]["tags"])


def test_renamed_action_moves_in_the_list(client, map_page, make_action):
    page = make_action(map_page, "Zèbre solidaire")
    page.title = "Àbaque solidaire"
    page.save(update_fields=["title"])
    shown = titles(client.get("/carte/").content.decode())
    assert shown[0] == "Àbaque solidaire"


def datalist_values(html, list_id):
    """Values of the options of the ``<datalist id=list_id>`` (list of str)."""
    datalist = re.search(rf'<datalist id="{list_id}">(.*?)</datalist>', html, re.S).group(1)
    return [html_module.unescape(v) for v in re.findall(r'<option value="([^"]*)"', datalist)]


def test_tags_communes_and_epci_of_the_filters_in_french_order(client, map_page, make_action):
    make_action(map_page, "Aide CV", tags=("CV",))
    page = client.get("/carte/").content.decode()
    tags = datalist_values(page, "liste-etiquettes")
    assert tags == sorted_by_text(tags)
    assert tags.index("covoiturage") < tags.index("CV") < tags.index("démarches")
    assert tags.index("droit") < tags.index("écoute") < tags.index("emploi")
    assert tags[-1] != "écoute"
    communes = datalist_values(page, "liste-communes")
    assert communes.index("Bégaar (40031)") < communes.index("Buanes (40057)")
    assert communes == sorted_by_text(communes)
    epcis = datalist_values(page, "liste-epci")
    assert epcis == sorted_by_text(epcis)
    assert epcis.index("Communauté de communes Cœur Haute Lande") < epcis.index(
        "Communauté de communes Côte Landes Nature")


def test_submission_datalist_in_french_order(client, map_page):
    page = client.get("/carte/ajouter/").content.decode()
    datalist = re.search(r'<datalist id="communes-liste">(.*?)</datalist>', page, re.S).group(1)
    communes = [html_module.unescape(v) for v in re.findall(r'<option value="([^"]*)"', datalist)]
    assert communes.index("Bégaar (40031)") < communes.index("Buanes (40057)")
    assert communes == sorted_by_text(communes)


def test_admin_commune_chooser_in_french_order(client, make_user, map_page, make_action):
    page = make_action(map_page, "Action à modifier")
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    select = re.search(r'<select name="commune"[^>]*>(.*?)</select>', html, re.S).group(1)
    communes = [html_module.unescape(t) for t in
                re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)]
    assert communes.index("Bégaar") < communes.index("Buanes")
    assert communes == sorted_by_text(communes)
