"""Give the committee group the right to read consultation submissions, and no page right.

Django creates model permissions in ``post_migrate``, i.e. after every migration: this
one creates ``consultation.view_submissions`` itself so that a plain ``migrate`` gives
the group its permission.
"""

from django.db import migrations

COMMITTEE = "Comité Nouvelles solidarités"
CODENAME = "view_submissions"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="consultation", model="consultationsubmission"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME,
        defaults={"name": "Can view consultation submissions"},
    )
    group, _ = Group.objects.get_or_create(name=COMMITTEE)
    group.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COMMITTEE).first()
    permission = Permission.objects.filter(
        content_type__app_label="consultation", codename=CODENAME
    ).first()
    if group is not None and permission is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_initial"),
        ("portal", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
