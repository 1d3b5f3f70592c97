"""The "Saisie accompagnée" group: staff who enter answers collected on paper, by phone
or at a front desk, settle double-entry differences and open shared-computer sessions;
nothing else (no page right, no reading of the committee's exports).

Django creates model permissions after every migration, so this one creates
``consultation.enter_answers`` and ``consultation.open_shared_station`` itself.
"""

from django.db import migrations

GROUP = "Saisie accompagnée"
PERMISSIONS = (
    ("entrybatch", "enter_answers",
     "Can enter answers collected on paper, by phone or at a front desk"),
    ("sharedstation", "open_shared_station", "Can open a shared-computer session"),
)


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access_admin)
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="consultation", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name},
        )
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0010_assisted_entry_easy_read_shared_stations"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
