"""Names of the Wagtail hooks through which plugins contribute to the host.

The host never imports a plugin: it asks these hooks. A plugin registers in its
``wagtail_hooks.py``, e.g.::

    @hooks.register(DEMO_CONTENT, order=20)
    def create_demo(home_page, stdout): ...
"""

from wagtail import hooks

#: fn(home_page: Page, stdout) -> None. Creates the plugin's demo content, idempotently.
#: Run by ``manage.py load_demo_content`` in hook order; the home plugin (order 0) runs
#: first and receives ``home_page=None``, then returns nothing; later ones receive the
#: site's root page.
DEMO_CONTENT = "portal_demo_content"

#: fn(request) -> dict | None: one way to take part, a card on the home page (``request``
#: may be None when the admin lists the cards staff can pick). Keys:
#: ``key`` (str, stable name of the card that the home page's blocks refer to, e.g.
#: "carte", "consultation", "propositions", "diagnostic"), ``title``, ``text``,
#: ``link_label`` (translated str), ``url`` (str, the live page's URL) and optionally
#: ``image`` (a Wagtail image, or None). Return None when the plugin has no live,
#: public page: the card disappears from the home page.
HOME_PARTICIPATION = "portal_home_participation"

#: fn(request) -> dict | None: one key figure of the platform, shown in the home page's
#: counters grid. Keys: ``key`` (str, stable name, e.g. "map_actions"), ``label``
#: (translated str that follows the number, already in the number's plural form, e.g.
#: "solidarity actions listed"), ``count`` (int) and ``url`` (str or None: a public page
#: listing what is counted). Count through :func:`portal.live_counts.cached_count`, so
#: that a count is made at most once per ``PORTAL_LIVE_COUNT_SECONDS`` and content
#: version. Return None when the plugin has no live, public page to count for.
HOME_COUNTERS = "portal_home_counters"


def run_hooks(name, *args, **kwargs):
    """Call every function registered for hook ``name`` in order; return their results.

    Output: list of the non-None return values, in hook order.
    """
    results = []
    for fn in hooks.get_hooks(name):
        value = fn(*args, **kwargs)
        if value is not None:
            results.append(value)
    return results

#: fn() -> dict {(epci_siren: str, theme_slug: str): int} | None: number of live, public
#: map actions per EPCI (of their commune) and domain. Asked by the committee's "besoins
#: / actions" view (consultation); contributed by the initiatives plugin. None: no data.
ACTIONS_PER_EPCI_AND_THEME = "portal_actions_per_epci_and_theme"

#: fn() -> (filter_backend_class, iterable of query parameter names): a Django REST
#: framework filter backend that the API v2 pages endpoint runs first, and the query
#: parameters it reads (so the endpoint accepts them). The backend must leave querysets
#: of other page types unchanged.
API_PAGES_FILTERS = "portal_api_pages_filters"

#: fn() -> list of URL patterns (django.urls) mounted before Wagtail's page serving, for
#: a plugin's own public URLs that are not pages. Never a path Wagtail would route to a
#: page (or a page's route): those go through Wagtail's serving, with its site routing,
#: ``before_serve_page`` hooks and view restrictions.
PUBLIC_URLS = "portal_public_urls"

#: fn() -> iterable of str: endings of page URLs (a routable page's sub-URLs, e.g.
#: ``"/geojson/"``) whose answers the page cache never holds, so that
#: ``portal.page_cache.PageCacheMiddleware`` does not look them up (no cache read per
#: request). Wagtail still serves them as any page URL.
UNCACHED_PAGE_PATHS = "portal_uncached_page_paths"

#: fn() -> iterable of str: endings of page URLs (a routable page's sub-URLs, e.g.
#: ``"/ajouter/"``) whose public form takes a file, so their requests may carry a body up
#: to ``PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE`` rather than the public pages' limit
#: (``portal.request_size``).
UPLOAD_PAGE_PATHS = "portal_upload_page_paths"

#: fn() -> portal.erasure.PersonalDataSource (or a list of them): one kind of personal
#: data a plugin links to an e-mail address, with the functions that find and erase it,
#: for the administrators' right-of-erasure view (``/admin/rgpd/``, RGPD art. 17). See
#: :class:`portal.erasure.PersonalDataSource` for the shapes.
PERSONAL_DATA = "portal_personal_data"

#: fn(level: "commune" | "epci", code: str) -> dict | None: one count a plugin keeps about
#: a territory, shown on the diagnostic's portrait de territoire. ``code`` is the
#: commune's INSEE code (5 characters) or the EPCI's SIREN code (9 digits). The dict has
#: ``key`` (str, stable name of the count, e.g. "map_actions"), ``label`` (translated
#: str), ``count`` (int) and ``url`` (str or None: a public page listing what is counted
#: there). None: the plugin has nothing to count (e.g. no live page).
TERRITORY_COUNTS = "portal_territory_counts"

#: fn(request, site) -> list of dicts {"key": str, "title": str, "url": str} | None: links
#: a plugin adds to the footer of every public page (legal notice, privacy notice, accessibility statement,
#: site map...), in hook order. ``site`` is the request's Wagtail Site, or None when no
#: site matches (return nothing then). Asked by
#: :func:`portal.context_processors.footer_links`, whose result is cached under the page
#: cache's content version (as the main menu): the function may query the database, and
#: must return plain strings. ``key`` names the link for templates (``site_pages.<key>``
#: gives its URL, e.g. ``privacy`` for the forms' notices). Error pages drawn without the
#: database (503) show no such links.
FOOTER_LINKS = "portal_footer_links"
