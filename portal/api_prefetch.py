"""Related rows of the Wagtail API v2's pages read in a fixed number of queries.

Wagtail's pages endpoint serialises each page of a listing on its own: every foreign key
(the page's ``locale``, an action's ``commune``) and every many-to-many field (themes,
tags) an ``APIField`` reads costs one query per item. :func:`with_api_relations` adds, to
a page queryset, the ``select_related`` and ``prefetch_related`` its model's API fields
need, found from the model's own field definitions: a plugin declaring
``APIField("commune_insee", serializer=CommuneInseeField(source="commune"))`` gets its
commune joined without the portal knowing the plugin.
"""

from django.core.exceptions import FieldDoesNotExist

#: Foreign keys of every Page that the API serialises (``meta.locale``).
PAGE_SELECT_RELATED = ("locale",)


def api_relations(model):
    """The relations ``model``'s API fields read: ``(select, prefetch)``, two tuples of
    field names (str) for ``select_related`` and ``prefetch_related``.

    Input: a Page model class. An ``APIField`` names its model field by its ``name``, or
    by its serializer's ``source`` when that is a plain attribute (``source="*"``, the
    whole page, is skipped). Forward foreign keys and one-to-one fields are joined;
    many-to-many fields (Django's, modelcluster's ``ParentalManyToManyField``, taggit's
    managers) are prefetched. Other names (properties, plain columns) are left alone.
    """
    select, prefetch = list(PAGE_SELECT_RELATED), []
    for api_field in getattr(model, "api_fields", None) or ():
        name = getattr(api_field, "name", api_field)
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
        elif field.many_to_many:
            prefetch.append(name)
    return tuple(select), tuple(prefetch)


def with_api_relations(queryset):
    """``queryset`` (of a Page model) with the joins and prefetches of its model's API
    fields (:func:`api_relations`): one query for the pages and one per many-to-many
    field, whatever the number of items in the listing's page."""
    select, prefetch = api_relations(queryset.model)
    return queryset.select_related(*select).prefetch_related(*prefetch)
