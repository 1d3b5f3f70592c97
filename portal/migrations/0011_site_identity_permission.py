"""The "Modération" group edits the site's identity (Paramètres > Identité du site).

Saving the identity changes the public pages at once, without moderation: the group that
publishes gets it, not "Rédaction" (which only submits for moderation). The permission is
created here when Django has not created it yet (a plain ``migrate`` creates permissions
only after every migration has run).
"""

from django.db import migrations

MODERATORS = "Modération"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="siteidentity")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_siteidentity",
        defaults={"name": "Can change site identity"})
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.add(change)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="portal", codename="change_siteidentity"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_site_identity"),
        ("portal", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
