"""Who may manage indicators: the staff groups Rédaction and Modération get add, change,
delete and view on indicators (and view on their values); the committee ("Comité
Nouvelles solidarités") nothing. Django creates model permissions after every migration
(post_migrate), so this migration creates the ones it assigns itself.
"""

from django.db import migrations

EDITORS, MODERATORS = "Rédaction", "Modération"
ACTIONS = ("add", "change", "delete", "view")


def grant_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for model, actions in (("indicator", ACTIONS), ("indicatorvalue", ("view",))):
        content_type, _ = ContentType.objects.get_or_create(app_label="diagnostic", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            permissions.append(permission)
    for name in (EDITORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="diagnostic", content_type__model__in=["indicator", "indicatorvalue"]
    )
    for group in Group.objects.filter(name__in=[EDITORS, MODERATORS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("diagnostic", "0003_portrait_page"),
        ("portal", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
