"""Contact details get their own permission and a group that holds it.

The committee group reads anonymous answers only; the "Comité Nouvelles solidarités —
coordonnées" group (the few members who contact volunteers) also reads the contact
details given with consent. Django creates model permissions after every migration, so
this one creates ``consultation.view_contact_details`` itself.
"""

from django.db import migrations

GROUP = "Comité Nouvelles solidarités — coordonnées"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="consultation", model="consultationsubmission"
    )
    view_submissions, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_submissions",
        defaults={"name": "Can view consultation submissions"},
    )
    view_contact, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_contact_details",
        defaults={"name": "Can view contact details given with consent"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(access_admin, view_submissions, view_contact)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0003_question_rules"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [
        migrations.AlterModelOptions(
            name="consultationsubmission",
            options={
                "ordering": ["submit_time", "pk"],
                "permissions": [
                    ("view_submissions", "Can view consultation submissions"),
                    ("view_contact_details", "Can view contact details given with consent"),
                ],
                "verbose_name": "consultation submission",
                "verbose_name_plural": "consultation submissions",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
