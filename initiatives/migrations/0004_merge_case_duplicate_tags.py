"""Merge action tags that differ only by case ("Bénévolat" and "bénévolat").

Tags now match case-insensitively (``TAGGIT_CASE_INSENSITIVE``), so each group of tags
whose names are equal once case-folded (Python's ``str.casefold``, accents kept: "Épicerie"
and "épicerie" are one tag, "épicerie" and "epicerie" are two) becomes its oldest tag
(lowest pk): its name and slug are kept, which is also the tag taggit picks itself when
several match. The tagged items of the others move to it (an action already tagged with
it keeps one link only), the revisions that name them are rewritten (else a draft would
point to a deleted tag), then they are deleted and the map data version is bumped.
"""

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def merge_case_duplicate_tags(apps, schema_editor):
    """Merge the case duplicates of ``initiatives.InitiativeTag`` (see the module
    docstring). Input: the migration's ``apps`` registry (the live one works too).
    Output: None. Idempotent: without duplicates it changes nothing."""
    Tag = apps.get_model("initiatives", "InitiativeTag")
    Tagged = apps.get_model("initiatives", "TaggedInitiative")
    Revision = apps.get_model("wagtailcore", "Revision")
    FeedVersion = apps.get_model("initiatives", "FeedVersion")

    groups = {}
    for pk, name in Tag.objects.order_by("pk").values_list("pk", "name"):
        groups.setdefault(" ".join(name.split()).casefold(), []).append(pk)
    replace = {}  # duplicate pk -> kept pk
    for pks in groups.values():
        keep, *duplicates = pks
        replace.update(dict.fromkeys(duplicates, keep))
    if not replace:
        return

    for item in Tagged.objects.filter(tag_id__in=list(replace)).order_by("pk"):
        keep = replace[item.tag_id]
        if Tagged.objects.filter(tag_id=keep, content_object_id=item.content_object_id).exists():
            item.delete()
        else:
            item.tag_id = keep
            item.save(update_fields=["tag"])

    revisions = Revision.objects.filter(
        content_type__app_label="initiatives", content_type__model="initiativepage"
    )
    for revision in revisions.iterator():
        items = (revision.content or {}).get("tagged_items")
        if not items or not any(item.get("tag") in replace for item in items):
            continue
        merged, seen = [], set()
        for item in items:
            tag = replace.get(item.get("tag"), item.get("tag"))
            if tag in seen:
                continue
            seen.add(tag)
            merged.append({**item, "tag": tag})
        revision.content = {**revision.content, "tagged_items": merged}
        revision.save(update_fields=["content"])

    Tag.objects.filter(pk__in=list(replace)).delete()
    FeedVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0003_search_text_and_feed_version"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(merge_case_duplicate_tags, migrations.RunPython.noop),
    ]
