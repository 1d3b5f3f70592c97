"""The staff and committee groups and the moderation workflow, as a plain migrate leaves
them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow


@pytest.mark.django_db
def test_groups_are_renamed_and_created():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Rédaction", "Modération", "Comité Nouvelles solidarités"} <= names
    assert not names & {"Editors", "Moderators"}


@pytest.mark.django_db
def test_moderation_workflow_is_assigned_to_the_moderators():
    workflow = Workflow.objects.get(name="Modération")
    task = workflow.tasks.get().specific
    assert task.name == "Modération"
    assert list(task.groups.values_list("name", flat=True)) == ["Modération"]
    assert workflow.workflow_pages.filter(page=Page.get_first_root_node()).exists()


@pytest.mark.django_db
def test_redaction_cannot_publish_and_moderation_can():
    from wagtail.models import GroupPagePermission

    def perms(name):
        return set(
            GroupPagePermission.objects.filter(group__name=name)
            .values_list("permission__codename", flat=True)
        )

    assert "publish_page" not in perms("Rédaction")
    assert "add_page" in perms("Rédaction")
    assert "publish_page" in perms("Modération")
    assert perms("Comité Nouvelles solidarités") == set()
    committee = Group.objects.get(name="Comité Nouvelles solidarités")
    assert committee.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_users_sign_in_with_their_email(client, make_user):
    make_user("Agent@Landes.fr", groups=["Rédaction"], password="un-mot-de-passe-long")
    response = client.post(
        "/admin/login/", {"username": "agent@landes.fr", "password": "un-mot-de-passe-long"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_committee_group_holds_nothing_but_admin_access_and_reading_rights():
    from wagtail.models import GroupCollectionPermission

    committee = Group.objects.get(name="Comité Nouvelles solidarités")
    codenames = set(committee.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert not {c for c in codenames if c.split("_")[0] in {"add", "change", "delete", "publish", "choose"}}
    assert not GroupCollectionPermission.objects.filter(group=committee).exists()
