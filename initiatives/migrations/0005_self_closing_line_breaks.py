"""Descriptions stored before the fix open in Wagtail's editor again.

Publicly submitted descriptions were made by Django's ``linebreaks``, which writes
``<br>``; Draftail's converter reads only the self-closed ``<br/>`` (Wagtail's own form)
and the admin editor answered 500 on them. Every ``<br>`` of the actions' descriptions,
in the page rows and in their revisions, becomes ``<br/>``.
"""

import re

from django.db import migrations

BR_RE = re.compile(r"<br\s*>", re.IGNORECASE)


def self_close_line_breaks(apps, schema_editor):
    """Rewrite ``<br>`` as ``<br/>`` in ``InitiativePage.description`` and in the
    ``description`` of the actions' revisions. Input: the migration's ``apps`` registry
    (the live one works too). Output: None. Idempotent."""
    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    Revision = apps.get_model("wagtailcore", "Revision")

    for page in InitiativePage.objects.filter(description__icontains="<br>").only(
        "pk", "description"
    ):
        page.description = BR_RE.sub("<br/>", page.description)
        page.save(update_fields=["description"])
    revisions = Revision.objects.filter(
        content_type__app_label="initiatives", content_type__model="initiativepage"
    )
    for revision in revisions.iterator():
        description = (revision.content or {}).get("description")
        if isinstance(description, str) and BR_RE.search(description):
            revision.content = {**revision.content,
                                "description": BR_RE.sub("<br/>", description)}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0004_merge_case_duplicate_tags"),
    ]

    operations = [
        migrations.RunPython(self_close_line_breaks, migrations.RunPython.noop),
    ]
