"""Tags, commune and EPCI typed by name in the map's filters: resolved to slugs and codes
whatever the case and accents, unknown or ambiguous names reported in French, the old
value forms (slugs, INSEE codes, SIRENs) still working, the canonical query string
holding codes, and the list fragment used by the filter script."""

from html import unescape

import pytest
from django.http import QueryDict

from initiatives.filters import CommuneField, EpciField, InitiativeFilterSet, TagField

pytestmark = pytest.mark.django_db

TAGS = [("aide-aux-devoirs", "aide aux devoirs"), ("colis", "colis"),
        ("epicerie", "épicerie"), ("epicerie-1", "Épicerie"), ("velo", "Vélo")]


def tag_field():
    return TagField(choices=lambda: TAGS, required=False)


@pytest.mark.parametrize("typed,slugs", [
    (["colis"], ["colis"]),                       # a slug, as before
    (["COLIS"], ["colis"]),                       # a slug in capitals
    (["Aide aux devoirs"], ["aide-aux-devoirs"]),  # a name, another case
    (["aide-aux-devoirs"], ["aide-aux-devoirs"]),
    (["velo"], ["velo"]),                          # accents ignored
    (["VÉLO"], ["velo"]),
    (["epicerie"], ["epicerie"]),                  # the exact slug wins
    (["ÉPICERIE"], ["epicerie", "epicerie-1"]),     # two tags, one word: both kept
    (["colis", " ", "vélo", "colis"], ["colis", "velo"]),
    ([], []),
])
def test_tags_resolve_by_slug_or_name_whatever_case_and_accents(typed, slugs):
    assert tag_field().clean(typed) == slugs


def test_unknown_tags_are_named_in_french():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        tag_field().clean(["colis", "zorglub", "bidule"])
    assert error.value.messages == [
        "Aucune action publiée n’a le mot-clé « zorglub ».",
        "Aucune action publiée n’a le mot-clé « bidule ».",
    ]


def test_too_many_tags_are_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        tag_field().clean(["colis"] * 21)
    assert error.value.messages == ["Choisissez au plus 20 mots-clés."]


@pytest.mark.parametrize("typed,code", [
    ("40192", "40192"),                     # INSEE code, as before
    ("Mont-de-Marsan", "40192"),
    ("mont de marsan", "40192"),            # case, hyphens
    ("MONT-DE-MARSAN", "40192"),
    ("Mont-de-Marsan (40192)", "40192"),    # the datalist label
    ("aire sur l adour", "40001"),          # apostrophe, accents
    ("Aire-sur-l’Adour", "40001"),
    ("40090", "40090"),  # Donzacq's INSEE code, also another commune's postal code
    ("", ""),
])
def test_commune_resolves_names_labels_and_codes(typed, code):
    assert CommuneField(required=False).clean(typed) == code


@pytest.mark.parametrize("typed,message", [
    ("Zorglubville", "Aucune commune du département ne s’appelle « Zorglubville »."),
    ("99999", "Aucune commune du département ne s’appelle « 99999 »."),
    ("Saint-Vincent", "« Saint-Vincent » peut désigner plusieurs communes : "
     "Saint-Vincent-de-Paul (40283), Saint-Vincent-de-Tyrosse (40284). "
     "Choisissez-en une dans la liste."),
    ("Mont-de-Mars", "« Mont-de-Mars » n’est pas le nom d’une commune. "
     "Vouliez-vous dire Mont-de-Marsan (40192) ?"),
])
def test_commune_unknown_or_ambiguous_in_french(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        CommuneField(required=False).clean(typed)
    assert error.value.messages == [message]


@pytest.mark.parametrize("typed,siren", [
    ("244000675", "244000675"),                                 # SIREN, as before
    ("Communauté d'agglomération du Grand Dax", "244000675"),
    ("communaute d agglomeration du grand dax", "244000675"),  # case, accents
    ("Grand Dax", "244000675"),                                 # words of one name only
    ("GRAND-DAX", "244000675"),
    ("Mont de Marsan Agglomération (244000808)", "244000808"),  # a label with its SIREN
    ("seignanx", "244000659"),
])
def test_epci_resolves_names_and_sirens(typed, siren):
    assert EpciField(required=False).clean(typed) == siren


@pytest.mark.parametrize("typed,message", [
    ("Zorglub", "Aucune intercommunalité du département ne s’appelle « Zorglub »."),
    ("123", "Aucune intercommunalité du département ne s’appelle « 123 »."),
    ("Chalosse", "« Chalosse » peut désigner plusieurs intercommunalités : "
     "Communauté de communes Chalosse Tursan, Communauté de communes Terres de Chalosse. "
     "Choisissez-en une dans la liste."),
])
def test_epci_unknown_or_ambiguous_in_french(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        EpciField(required=False).clean(typed)
    assert error.value.messages == [message]


def test_typed_names_give_the_canonical_query_string(map_page, make_action):
    make_action(map_page, "Épicerie du Seignanx", insee="40284", tags=("Épicerie solidaire",))
    data = QueryDict(mutable=True)
    data.setlist("etiquette", ["ÉPICERIE SOLIDAIRE"])
    data["commune"] = "saint vincent de tyrosse"
    data["epci"] = "Maremne Adour"
    filters = InitiativeFilterSet(data, queryset=map_page.live_initiatives())
    assert filters.errors == {}
    # Tag slugs keep their accents (taggit's slugify with allow_unicode).
    assert filters.querystring() == (
        "etiquette=%C3%A9picerie-solidaire&commune=40284&epci=244000865")
    assert [page.title for page in filters.qs] == ["Épicerie du Seignanx"]
    assert filters.chosen_tags() == [("épicerie-solidaire", "Épicerie solidaire")]
    assert filters.commune_text() == "Saint-Vincent-de-Tyrosse (40284)"
    assert filters.epci_text() == "Communauté de communes Maremne Adour Côte Sud"


def test_page_feed_and_api_accept_names(client, map_page, make_action):
    wanted = make_action(map_page, "Vélo partagé à Tyrosse", insee="40284", tags=("Vélo",))
    make_action(map_page, "Autre action", insee="40192", tags=("autre",))
    assert [tag.slug for tag in wanted.tags.all()] == ["vélo"]
    params = {"etiquette": "VELO", "commune": "Saint-Vincent-de-Tyrosse"}
    page = client.get("/carte/", params)
    assert "Vélo partagé à Tyrosse" in unescape(page.content.decode())
    assert "Autre action" not in page.content.decode()
    assert ('data-geojson-url="/carte/geojson/?etiquette=v%C3%A9lo&amp;commune=40284"'
            in page.content.decode())
    feed = client.get("/carte/geojson/", params)
    assert [f["id"] for f in feed.json()["features"]] == [wanted.pk]
    api = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", **params})
    assert [item["id"] for item in api.json()["items"]] == [wanted.pk]


def test_an_unresolved_tag_stays_in_the_input_next_to_the_chosen_chips(client, map_page, make_action):
    make_action(map_page, "Distribution de colis", tags=("colis",))
    html = client.get("/carte/?etiquette=colis&etiquette=zorglub").content.decode()
    assert '<input type="checkbox" name="etiquette" value="colis" id="etiquette-1" checked>' in html
    assert 'list="liste-etiquettes" autocomplete="off" value="zorglub"' in html
    assert "Aucune action publiée n’a le mot-clé « zorglub »." in unescape(html)


def test_list_fragment_holds_fields_errors_and_results_only(client, map_page, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    full = client.get("/carte/", {"theme": "alimentation"})
    fragment = client.get("/carte/", {"theme": "alimentation", "partial": "liste"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body and "<datalist" not in body and "<script" not in body
    assert 'id="filtres-champs"' in body and 'id="filtres-erreurs-zone"' in body
    assert 'data-filter-query="theme=alimentation"' in body
    assert 'data-geojson-url="/carte/geojson/?theme=alimentation"' in body
    # One list item partial for both: the same items.
    items = lambda html: html.count('class="initiative-item"')  # noqa: E731
    assert items(body) == items(full.content.decode()) > 0
    # Its own page-cache entry: the full page asked again is still the full page.
    again = client.get("/carte/", {"theme": "alimentation"})
    assert "<html" in again.content.decode()
    assert client.get("/carte/", {"theme": "alimentation", "partial": "liste"}).content == (
        fragment.content)
    # The fragment's pagination links lead to pages, not to fragments.
    assert "partial=" not in body


def test_many_candidates_end_in_words_not_an_ellipsis():
    """"Saint" may be dozens of Landes communes: six are named, then "et d’autres", and
    the sentence has one full stop (never "…, …. Choisissez")."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        CommuneField(required=False).clean("Saint")
    message = error.value.messages[0]
    assert message.startswith("« Saint » peut désigner plusieurs communes : ")
    assert message.endswith(" et d’autres. Choisissez-en une dans la liste.")
    assert "…" not in message and ".." not in message
    assert message.count("(40") == 6
