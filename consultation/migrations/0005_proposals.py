"""The proposal box: ProposalPage, Proposal, ProposalContact, and who may moderate
proposals.

Modération gets add/change/delete/view on proposals; the committee ("Comité Nouvelles
solidarités") only view; Rédaction nothing. Django creates model permissions after every
migration (post_migrate), so this migration creates the ones it assigns itself.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


MODERATORS, COMMITTEE = "Modération", "Comité Nouvelles solidarités"
ACTIONS = ("add", "change", "delete", "view")


def grant_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="consultation", model="proposal")
    permissions = {}
    for action in ACTIONS:
        permissions[action], _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_proposal",
            defaults={"name": f"Can {action} proposal"},
        )
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(*permissions.values())
    committee, _ = Group.objects.get_or_create(name=COMMITTEE)
    committee.permissions.add(permissions["view"])


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="consultation", content_type__model="proposal"
    )
    for group in Group.objects.filter(name__in=[MODERATORS, COMMITTEE]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0004_contact_permission'),
        ('portal', '0003_roles'),
        ('wagtailcore', '0098_apitoken'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProposalPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                ('thank_you_text', wagtail.fields.RichTextField(blank=True, verbose_name='thank-you text')),
            ],
            options={
                'verbose_name': 'proposal page',
                'verbose_name_plural': 'proposal pages',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=120, verbose_name='title')),
                ('description', models.TextField(max_length=5000, verbose_name='description')),
                ('status', models.CharField(choices=[('submitted', 'Submitted, awaiting moderation'), ('published', 'Published'), ('rejected', 'Rejected')], db_index=True, default='submitted', max_length=12, verbose_name='moderation')),
                ('response_status', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('under_study', 'Under study'), ('not_retained', 'Not retained')], db_index=True, max_length=12, verbose_name='answer')),
                ('response_text', models.TextField(blank=True, verbose_name='answer text')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='received')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='published')),
                ('form_token', models.CharField(default=uuid.uuid4, editable=False, max_length=36, unique=True, verbose_name='form token')),
                ('privacy_notice_version', models.CharField(blank=True, editable=False, max_length=20, verbose_name='privacy notice version')),
                ('commune', models.ForeignKey(blank=True, help_text='Leave empty when the proposal concerns the whole département.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to='portal.commune', verbose_name='commune')),
                ('source_submission', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposal', to='consultation.consultationsubmission', verbose_name='questionnaire answer')),
                ('themes', models.ManyToManyField(blank=True, related_name='proposals', to='portal.theme', verbose_name='themes')),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to='consultation.proposalpage', verbose_name='proposal page')),
            ],
            options={
                'verbose_name': 'proposal',
                'verbose_name_plural': 'proposals',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ProposalContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=120, verbose_name='name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                ('consent_notice_version', models.CharField(blank=True, max_length=20, verbose_name='privacy notice version')),
                ('consented_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='consent given')),
                ('proposal', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='contact', to='consultation.proposal', verbose_name='proposal')),
            ],
            options={
                'verbose_name': 'proposal contact',
                'verbose_name_plural': 'proposal contacts',
            },
        ),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
