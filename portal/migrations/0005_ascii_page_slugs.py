"""Give every page an ASCII slug, keeping its old address as a redirect.

Page addresses are made of slugs; with Unicode slugs a chapter titled "Précarité et
pauvreté" was served at ``/diagnostic/pr%C3%A9carit%C3%A9-et-pauvret%C3%A9/``, an address
hard to read, type or quote. ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` keeps new slugs
ASCII; this migration re-slugs the existing pages (any page type: it works on
``wagtailcore.Page``), parents first:

* the slug is transliterated (``anyascii``, then Django's ``slugify``; ``page`` when
  nothing is left) and made unique among the page's siblings (``-2``, ``-3``…);
* the ``url_path`` of the page and of all its descendants is rewritten with it, and the
  slug in the page's revisions too (publishing an old revision keeps the new address);
* a permanent Wagtail redirect (``wagtail.contrib.redirects``) leads from the old path
  of the page and of each descendant, on the Site that serves it, to the page itself.

Irreversible in meaning, but reversing it leaves the pages as they are (no-op).
"""

from anyascii import anyascii
from django.db import migrations
from django.utils.text import slugify

#: Length of one level of Wagtail's materialised ``path`` (treebeard's steplen).
STEPLEN = 4


def ascii_slug(slug, max_length=255):
    """ASCII transliteration of ``slug`` (str -> str, never empty)."""
    return slugify(anyascii(slug))[:max_length].strip("-") or "page"


def unique_sibling_slug(pages, page, base):
    """``base``, or ``base-2``, ``base-3``…: the first one no sibling of ``page`` uses
    (``pages``: a queryset of every page)."""
    taken = set(
        pages.filter(path__startswith=page.path[:-STEPLEN], depth=page.depth)
        .exclude(pk=page.pk).values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: 255 - len(suffix)] + suffix
    return candidate


def site_path(sites, url_path):
    """``(site, path)``: the Site whose root holds ``url_path`` (the deepest) and the
    path below it (``/a/b/``), or ``(None, None)`` when no Site serves it."""
    best = None
    for site, root_url_path in sites:
        if url_path.startswith(root_url_path) and (
            best is None or len(root_url_path) > len(best[1])
        ):
            best = (site, root_url_path)
    if best is None:
        return None, None
    return best[0], "/" + url_path[len(best[1]):]


def redirect_path(path):
    """``path`` as Wagtail's ``Redirect.normalise_path`` stores it: no final slash."""
    return path[:-1] if path.endswith("/") and len(path) > 1 else path


def reslug_non_ascii_pages(apps, schema_editor):
    """Re-slug every page whose slug is not ASCII (see the module docstring).

    Input: the migration's app registry. Output: None. Pages are handled parents first,
    each read afresh (its ``url_path`` may have changed with an ancestor's slug).
    """
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    db = schema_editor.connection.alias

    candidates = [
        pk for pk, slug in Page.objects.using(db).order_by("depth", "path")
        .values_list("pk", "slug") if not slug.isascii()
    ]
    for pk in candidates:
        page = Page.objects.using(db).get(pk=pk)
        old_slug, old_url_path = page.slug, page.url_path
        new_slug = unique_sibling_slug(Page.objects.using(db), page, ascii_slug(old_slug))
        prefix = old_url_path[: len(old_url_path) - len(old_slug) - 1]
        new_url_path = prefix + new_slug + "/"
        # Read afresh: a Site's root may be a page re-slugged earlier.
        sites = [(site, site.root_page.url_path)
                 for site in Site.objects.using(db).select_related("root_page")]

        moved = [page, *Page.objects.using(db).filter(
            path__startswith=page.path, depth__gt=page.depth)]
        redirects = []
        for item in moved:
            site, old_path = site_path(sites, item.url_path)
            item.url_path = new_url_path + item.url_path[len(old_url_path):]
            if site is None:
                continue
            new_site, new_path = site_path(
                [(each, new_url_path if root == old_url_path else root)
                 for each, root in sites], item.url_path)
            if new_site == site and new_path == old_path:
                continue  # a Site's root page: its slug is not in its addresses
            redirects.append(Redirect(old_path=redirect_path(old_path), site=site,
                                      is_permanent=True, redirect_page=item))
        page.slug = new_slug
        page.save(update_fields=["slug", "url_path"])
        for item in moved[1:]:
            item.save(update_fields=["url_path"])
        for redirect in redirects:
            Redirect.objects.using(db).filter(
                old_path=redirect.old_path, site=redirect.site).delete()
        Redirect.objects.using(db).bulk_create(redirects)

        for revision in Revision.objects.using(db).filter(
            base_content_type__app_label="wagtailcore", base_content_type__model="page",
            object_id=str(page.pk),
        ):
            if revision.content.get("slug") == old_slug:
                revision.content["slug"] = new_slug
                revision.content["url_path"] = new_url_path
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_formtoken"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [
        migrations.RunPython(reslug_non_ascii_pages, migrations.RunPython.noop),
    ]
