"""Wagtail API v2 (``/api/v2/``): each page type's main fields and their JSON types, on
the demo content; only live public pages."""

import pytest

pytestmark = pytest.mark.django_db

#: page type -> {field: JSON type(s)} expected in /api/v2/pages/<id>/ (demo content).
FIELD_TYPES = {
    "home.HomePage": {
        "intro": str, "body": list, "committee_title": str, "committee_intro": str,
    },
    "initiatives.InitiativeIndexPage": {"intro": str},
    "initiatives.InitiativePage": {
        "summary": str, "description": str, "actor_type": str, "organisation": str,
        "commune_insee": str, "address": str, "location": dict, "themes": list,
        "tags": list, "period": str, "public_contact": str, "volunteers_wanted": bool,
    },
    "consultation.ConsultationPage": {"intro": str, "thank_you_text": str, "questions": list},
    "diagnostic.DiagnosticIndexPage": {"intro": str, "report": (dict, type(None))},
    "diagnostic.DiagnosticChapterPage": {"summary": str, "body": list},
}


def first_item(client, page_type):
    """The first demo page of ``page_type`` through the API detail view (dict)."""
    listing = client.get("/api/v2/pages/", {"type": page_type})
    assert listing.status_code == 200, listing.content
    items = listing.json()["items"]
    assert items, f"no live {page_type} in the demo content"
    detail = client.get(f"/api/v2/pages/{items[0]['id']}/")
    assert detail.status_code == 200
    return detail.json()


@pytest.mark.parametrize("page_type", sorted(FIELD_TYPES))
def test_each_page_type_exposes_its_main_fields_with_their_types(client, page_type):
    item = first_item(client, page_type)
    assert item["meta"]["type"] == page_type
    for field, expected in FIELD_TYPES[page_type].items():
        assert field in item, f"{page_type}.{field} missing from the API"
        assert isinstance(item[field], expected), (page_type, field, item[field])


def test_initiative_numbers_and_codes_are_typed(client):
    item = first_item(client, "initiatives.InitiativePage")
    assert set(item["location"]) == {"latitude", "longitude"}
    assert all(isinstance(v, float) for v in item["location"].values())
    assert 43.4 < item["location"]["latitude"] < 44.6
    assert -1.6 < item["location"]["longitude"] < 0.2
    assert len(item["commune_insee"]) == 5 and item["commune_insee"].startswith("40")
    assert all(isinstance(slug, str) for slug in item["themes"])


def test_consultation_questions_keep_keys_labels_and_choices(client):
    item = first_item(client, "consultation.ConsultationPage")
    questions = {q["key"]: q for q in item["questions"]}
    first = item["questions"][0]
    assert first["label"] == (
        "Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"
    )
    assert first["type"] == "radio" and first["required"] is True
    assert first["choices"] == ["Oui", "Non"]
    # Fixed lists come from the reference lists, not from the choices text.
    commune = next(q for q in questions.values() if q["type"] == "commune")
    assert commune["choices"] == []
    assert all(q["key"] for q in item["questions"])


def test_rich_text_is_html_never_the_stored_form(client):
    home = first_item(client, "home.HomePage")
    consultation = first_item(client, "consultation.ConsultationPage")
    for text in (home["intro"], consultation["intro"], consultation["thank_you_text"]):
        assert "linktype=" not in text and "<embed" not in text


def test_private_and_draft_pages_are_absent(client, home_page):
    from wagtail.models import PageViewRestriction

    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage

    index = DiagnosticIndexPage.objects.live().first()
    private = DiagnosticChapterPage(title="Chapitre réservé", slug="chapitre-reserve",
                                    summary="Réservé")
    index.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="secret")
    draft = DiagnosticChapterPage(title="Chapitre brouillon", slug="chapitre-brouillon",
                                  summary="Brouillon", live=False)
    index.add_child(instance=draft)
    draft.save_revision()

    listing = client.get("/api/v2/pages/", {"type": "diagnostic.DiagnosticChapterPage"})
    titles = {item["title"] for item in listing.json()["items"]}
    assert titles and "Chapitre réservé" not in titles and "Chapitre brouillon" not in titles
    for page in (private, draft):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    search = client.get("/api/v2/pages/", {"search": "Chapitre"})
    assert {i["title"] for i in search.json()["items"]}.isdisjoint(
        {"Chapitre réservé", "Chapitre brouillon"})


def test_images_and_documents_endpoints_answer(client):
    for endpoint in ("images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/")
        assert response.status_code == 200
        assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_control_characters_in_a_query_are_a_400_not_a_500(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"search": "aide\x01"})
    assert response.status_code == 400
    assert "caractères de contrôle" in response.json()["message"]
