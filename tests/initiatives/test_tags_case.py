"""Tags match whatever their case: the public form, Wagtail's admin (its tag field and
modelcluster's ClusterTaggableManager), the map filters; and the data migration merges
the duplicates made before.
"""

import importlib

import pytest

from tests.initiatives.test_moderation import (  # noqa: F401  (fixtures)
    clear_cache,
    submit,
)


def tag_names(*words):
    """Sorted names of the tags (those whose folded name is one of ``words`` if given)."""
    from initiatives.models import InitiativeTag

    names = InitiativeTag.objects.values_list("name", flat=True)
    return sorted(n for n in names if not words or n.casefold() in words)


@pytest.mark.django_db
@pytest.mark.parametrize("existing, typed", [
    ("solidarité", "Solidarité"),
    ("épicerie", "ÉPICERIE"),
    ("Aide aux devoirs", "aide AUX devoirs"),
])
def test_the_public_form_reuses_a_tag_typed_with_other_capitals(
    submit, map_page, make_action, existing, typed
):
    make_action(map_page, "Action déjà là", tags=(existing,))
    before = tag_names()
    page, _link = submit(title="Nouvelle action", tags=f"{typed}, {typed.lower()}, "
                                                       f"{typed.upper()}")
    assert [tag.name for tag in page.tags.all()] == [existing]
    assert tag_names() == before


@pytest.mark.django_db
def test_two_spellings_in_one_submission_give_one_tag(submit, map_page):
    page, _link = submit(title="Nouvelle action",
                         tags="Troc de graines, troc de GRAINES, TROC DE GRAINES")
    assert [tag.name for tag in page.tags.all()] == ["Troc de graines"]


@pytest.mark.django_db
def test_the_admin_tag_field_reuses_a_tag_typed_with_other_capitals(map_page, make_action):
    """What Wagtail's page form does with the tags field: its form field cleans the
    typed text, then ClusterTaggableManager (modelcluster) sets the tags."""
    from initiatives.models import InitiativePage

    make_action(map_page, "Action déjà là", tags=("solidarité", "épicerie"))
    page = make_action(map_page, "Autre action", tags=())
    before = tag_names()
    field = InitiativePage._meta.get_field("tags")
    value = field.formfield().clean("Solidarité, ÉPICERIE, Épicerie")
    field.save_form_data(page, value)
    page.save_revision().publish()
    page.refresh_from_db()
    assert sorted(tag.name for tag in page.tags.all()) == ["solidarité", "épicerie"]
    assert tag_names() == before


@pytest.mark.django_db
def test_the_map_filter_matches_a_tag_whatever_the_case_of_the_value(
    client, map_page, make_action
):
    make_action(map_page, "Aide aux courses", tags=("coup de pouce",))
    make_action(map_page, "Autre chose", tags=("autre",))
    for value in ("coup-de-pouce", "Coup-de-Pouce", "COUP-DE-POUCE"):
        feed = client.get("/carte/geojson/", {"etiquette": value})
        assert feed.status_code == 200
        assert [f["properties"]["title"] for f in feed.json()["features"]] == [
            "Aide aux courses"]
        page = client.get("/carte/", {"etiquette": value})
        assert "Aide aux courses" in page.text and "Autre chose" not in page.text



@pytest.mark.django_db
def test_the_api_tags_parameter_matches_a_tag_whatever_its_case(client, map_page, make_action):
    make_action(map_page, "Aide aux courses", tags=("épicerie solidaire",))
    make_action(map_page, "Autre chose", tags=("autre",))
    for value in ("épicerie solidaire", "Épicerie Solidaire", "ÉPICERIE SOLIDAIRE"):
        answer = client.get("/api/v2/pages/", {
            "type": "initiatives.InitiativePage", "tags": value, "fields": "title"})
        assert answer.status_code == 200
        assert [item["title"] for item in answer.json()["items"]] == ["Aide aux courses"]

def merge(apps=None):
    """Run the data migration's function on the live registry."""
    from django.apps import apps as live_apps

    module = importlib.import_module("initiatives.migrations.0004_merge_case_duplicate_tags")
    module.merge_case_duplicate_tags(apps or live_apps, None)


def make_tag(name):
    """A tag created as before the fix (case-sensitive, own slug)."""
    from initiatives.models import InitiativeTag

    return InitiativeTag.objects.create(name=name)


def link(page, tag):
    """Tag ``page`` with ``tag`` directly (rows written as before the fix)."""
    from initiatives.models import TaggedInitiative

    TaggedInitiative.objects.create(content_object_id=page.pk, tag=tag)


@pytest.mark.django_db
def test_the_migration_merges_case_duplicates_into_the_oldest_tag(
    client, map_page, make_action, make_user
):
    from initiatives.models import InitiativeTag, TaggedInitiative

    oldest = make_tag("solidarité")
    second = make_tag("Solidarité")
    third = make_tag("SOLIDARITÉ")
    other = make_tag("solidarite")  # no accent: another word for casefold, kept apart
    epicerie = make_tag("Épicerie fine")
    epicerie_low = make_tag("épicerie FINE")
    one = make_action(map_page, "Action une", tags=())
    two = make_action(map_page, "Action deux", tags=())
    link(one, oldest)
    link(one, second)  # tagged twice: one link must remain
    link(two, third)
    link(two, epicerie_low)
    link(one, other)
    # A draft revision naming a duplicate (as the admin stores it).
    from initiatives.models import InitiativePage

    revision = InitiativePage.objects.get(pk=two.pk).save_revision()
    assert {item["tag"] for item in revision.content["tagged_items"]} == {
        third.pk, epicerie_low.pk}
    assert second.slug != oldest.slug

    merge()
    merge()  # idempotent

    assert tag_names("solidarité", "solidarite", "épicerie fine") == sorted(
        ["solidarité", "solidarite", "Épicerie fine"])
    assert InitiativeTag.objects.get(name="solidarité").pk == oldest.pk
    assert InitiativeTag.objects.get(name="solidarité").slug == oldest.slug
    assert sorted(TaggedInitiative.objects.filter(content_object_id=one.pk)
                  .values_list("tag__name", flat=True)) == ["solidarite", "solidarité"]
    assert sorted(TaggedInitiative.objects.filter(content_object_id=two.pk)
                  .values_list("tag__name", flat=True)) == ["solidarité", "Épicerie fine"]
    # The draft still opens: its revision names the kept tags.
    two.refresh_from_db()
    assert sorted(t.name for t in two.get_latest_revision_as_object().tags.all()) == [
        "solidarité", "Épicerie fine"]
    admin = make_user("admin@departement.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/admin/pages/{two.pk}/edit/").status_code == 200
    # The map filters list the tag once.
    listing = client.get("/carte/").text
    assert listing.count(">solidarité<") + listing.count("> solidarité<") <= 1
