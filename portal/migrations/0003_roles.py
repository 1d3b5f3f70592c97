"""The staff and committee groups and the moderation workflow, as a plain ``migrate``
leaves them.

Wagtail's "Editors" and "Moderators" groups become "Rédaction" and "Modération"; its
"Moderators approval" workflow and task become "Modération", assigned to the Modération
group; the group "Comité Nouvelles solidarités" gets admin access only (plugins add their
own read permissions to it in their migrations).
"""

from django.db import migrations

EDITORS, MODERATORS, COMMITTEE = "Rédaction", "Modération", "Comité Nouvelles solidarités"


def rename(apps, old, new):
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name=new).exists():
        return Group.objects.get(name=new)
    group = Group.objects.filter(name=old).first()
    if group is None:
        return Group.objects.create(name=new)
    group.name = new
    group.save()
    return group


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    rename(apps, "Editors", EDITORS)
    moderators = rename(apps, "Moderators", MODERATORS)

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    committee, _ = Group.objects.get_or_create(name=COMMITTEE)
    committee.permissions.add(access_admin)

    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is not None:
        workflow.name = "Modération"
        workflow.save()
    task = Task.objects.filter(name="Moderators approval").first()
    if task is not None:
        task.name = "Modération"
        task.save()
        approval = GroupApprovalTask.objects.filter(pk=task.pk).first()
        if approval is not None:
            approval.groups.set([moderators])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=EDITORS).update(name="Editors")
    Group.objects.filter(name=MODERATORS).update(name="Moderators")
    Group.objects.filter(name=COMMITTEE).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name="Modération").update(name="Moderators approval")
    Task.objects.filter(name="Modération").update(name="Moderators approval")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_themes"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        # After Wagtail gives "choose" permissions to every group with admin access, so
        # that the committee group does not receive them (it reads submissions, nothing
        # else).
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
