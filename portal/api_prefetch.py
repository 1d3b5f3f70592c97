"""Related rows of the Wagtail API v2's pages read in a fixed number of queries.

Wagtail's pages endpoint serialises each page of a listing on its own: every foreign key
(the page's ``locale``, an action's ``commune``) and every many-to-many field (themes,
tags) an ``APIField`` reads costs one query per item. :func:`with_api_relations` adds, to
a page queryset, the ``select_related`` and ``prefetch_related`` its model's API fields
need, found from the model's own field definitions: a plugin declaring
``APIField("commune_insee", serializer=CommuneInseeField(source="commune"))`` gets its
commune joined without the portal knowing the plugin. A listing prefetches only for the
fields it shows (:func:`requested_fields`): the default listing reads none of them.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from wagtail.images.models import AbstractImage

#: Foreign keys of every Page that the API serialises (``meta.locale``).
PAGE_SELECT_RELATED = ("locale",)


_FIELD_NAME = re.compile(r"[\w*]+")


def requested_fields(request, action):
    """The API field names a pages view may show: a set of str, or None for all.

    Input: the request and the view's ``action`` (``"listing_view"``, ``"detail_view"``,
    ``"find_view"``). A detail view shows every field; a listing shows its default fields
    plus those named in ``fields=`` (``*`` meaning all; names after ``-`` or inside
    parentheses are kept too, which at worst prefetches a field not shown).
    """
    if action != "listing_view":
        return None
    names = set(_FIELD_NAME.findall(request.GET.get("fields", "")))
    return None if "*" in names else names


def api_relations(model, fields=None):
    """The relations ``model``'s API fields read: ``(select, prefetch)``, two tuples of
    field names (str) for ``select_related`` and ``prefetch_related``.

    Input: a Page model class and the API field names shown (set of str, or None for
    all; the page's ``locale`` is joined when ``locale`` is shown). An ``APIField`` names its model field by its ``name``, or
    by its serializer's ``source`` when that is a plain attribute (``source="*"``, the
    whole page, is skipped). Forward foreign keys and one-to-one fields are joined;
    many-to-many fields (Django's, modelcluster's ``ParentalManyToManyField``, taggit's
    managers) are prefetched, and so are the renditions of a Wagtail image joined
    (``<name>__renditions``). Other names (properties, plain columns) are left alone.
    """
    shown = (lambda name: True) if fields is None else fields.__contains__
    select, prefetch = [name for name in PAGE_SELECT_RELATED if shown(name)], []
    for api_field in getattr(model, "api_fields", None) or ():
        name = getattr(api_field, "name", api_field)
        if not shown(name):
            continue
        source = getattr(getattr(api_field, "serializer", None), "source", None)
        if source and source != "*":
            name = source.split(".")[0]
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.is_relation or field.auto_created:
            continue
        if field.many_to_one or field.one_to_one:
            select.append(name)
            if issubclass(field.related_model, AbstractImage):
                # An image field's rendition (ImageRenditionField) is looked up among
                # the image's prefetched renditions.
                prefetch.append(f"{name}__renditions")
        elif field.many_to_many:
            prefetch.append(name)
    return tuple(select), tuple(prefetch)


def with_api_relations(queryset, fields=None):
    """``queryset`` (of a Page model) with the joins and prefetches of its model's API
    fields among ``fields`` (set of names, None for all; :func:`api_relations`): one
    query for the pages and one per many-to-many field shown, whatever the number of
    items in the listing's page."""
    select, prefetch = api_relations(queryset.model, fields)
    return queryset.select_related(*select).prefetch_related(*prefetch)
