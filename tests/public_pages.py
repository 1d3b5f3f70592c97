"""The public pages and form states that the site-wide accessibility checks visit.

Enumerated from the database, not listed by hand, so that a page type or a form another
feature adds is checked too: every live public page of the demo content (pages of a type
with many instances, such as the map's actions, are sampled: the first two),
the public routes that are not pages (an action's contact and report forms, the map's
submission and "send my link again" forms, a territory's portrait, the questionnaire's
easy-read version, the paper version), a missing page (404),
and the error state of every form found on those pages:

- a ``method="post"`` form sent as a browser would send it untouched (its hidden inputs,
  checked boxes and default values): the server answers with its errors;
- a ``method="get"`` form (filters, searches) with every text input set to ``zzzz``, a
  value that names no commune, territory or tag.

A *state* is a dict: ``label`` (str, for messages), ``path`` (URL path with any query
string), ``method`` ("get" or "post"), ``form`` (for a post: the index of the form among
``main form[method=post]`` of ``path``), ``data`` (for a post: dict of the untouched
form's values), ``status`` (the HTTP statuses expected: tuple of int; a form
with errors may answer 400).
"""

from urllib.parse import urldefrag, urlencode, urljoin

from bs4 import BeautifulSoup

#: A page type with more live pages than this (the map's many actions) is sampled: only
#: its first :data:`PER_TYPE` pages are visited; every page of the other types is.
MANY = 10
PER_TYPE = 2
#: A path no page or route answers.
MISSING_PATH = "/page-introuvable-pour-le-controle/"
#: What a filter or search form's text inputs are set to in its error state.
UNKNOWN = "zzzz"
TEXT_TYPES = {"text", "search", "email", "tel", "url", "number", ""}


def open_every_form():
    """Make every public form available: the problem report needs someone to receive
    it, so an active superuser with an address is created when there is none."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if not users.filter(is_active=True, is_superuser=True).exclude(email="").exists():
        users.create_superuser(email="moderation-controle@example.org",
                               password="not-used-123456")


def page_paths():
    """URL paths (list of str) of the live public pages (a type with more than
    :data:`MANY` pages sampled), then the routes of pages that are not pages of their
    own."""
    from wagtail.models import Page

    from consultation.questionnaire.easy_read import is_offered

    live = [page for page in Page.objects.live().public().specific().order_by("path")
            if page.depth >= 2 and page.url is not None]
    counts = {}
    for page in live:
        counts[type(page).__name__] = counts.get(type(page).__name__, 0) + 1
    seen, paths, extra = {}, [], []
    for page in live:
        kind = type(page).__name__
        seen[kind] = seen.get(kind, 0) + 1
        if counts[kind] > MANY and seen[kind] > PER_TYPE:
            continue
        paths.append(page.url)
        if kind == "InitiativePage" and seen[kind] == 1:
            extra += [page.url + "contacter/", page.url + "signaler/"]
        elif kind == "InitiativeIndexPage":
            extra += [page.url + "ajouter/", page.url + "mon-action/renvoyer/"]
        elif kind == "ConsultationPage":
            extra += [page.url + "imprimer/"]
            if is_offered(page):
                extra += [page.url + page.reverse_subpage("easy_read")]
        elif kind == "PortraitPage":
            extra += [page.url + "commune/40088/"]
    return paths + extra


def form_data(form):
    """What a browser sends for an untouched ``form`` (a BeautifulSoup tag): dict name ->
    str or list of str (hidden and text inputs' values, checked boxes and radios,
    selected options, textareas' text)."""
    data = {}

    def add(name, value):
        if name:
            data.setdefault(name, []).append(value)

    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if field.name == "textarea":
            add(name, field.get_text())
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            if chosen is not None:
                add(name, chosen.get("value", chosen.get_text()))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                add(name, field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file", "image", "reset"):
            add(name, field.get("value", ""))
    return data


def states(client):
    """Every state to check (list of dicts, see the module's docstring), found by
    fetching the pages with ``client`` (a django.test.Client), after
    :func:`open_every_form`."""
    open_every_form()
    result, forms_seen = [], set()
    for path in page_paths():
        response = client.get(path)
        result.append({"label": path, "path": path, "method": "get", "status": (200,)})
        if response.status_code != 200:
            raise AssertionError(f"{path} answered {response.status_code}")
        main = BeautifulSoup(response.content, "html.parser").find("main")
        post_index = -1
        for form in main.find_all("form") if main else ():
            method = (form.get("method") or "get").lower()
            action = urldefrag(urljoin(path, form.get("action") or path)).url
            if method == "post":
                post_index += 1
            if (method, action) in forms_seen:
                continue
            forms_seen.add((method, action))
            if method == "post":
                result.append({"label": f"{path} (errors)", "path": path, "method": "post",
                               "form": post_index, "action": action,
                               "data": form_data(form), "status": (200, 400)})
            else:
                texts = [field.get("name") for field in form.find_all("input")
                         if field.get("type", "") in TEXT_TYPES and field.get("name")]
                if texts:
                    query = urlencode({name: UNKNOWN for name in texts})
                    result.append({"label": f"{action}?{query}", "path": f"{action}?{query}",
                                   "method": "get", "status": (200,)})
    result.append({"label": "404", "path": MISSING_PATH, "method": "get", "status": (404,)})
    return result


def fetch(client, state):
    """The response (django HttpResponse) of ``state`` fetched with ``client``."""
    if state["method"] == "post":
        return client.post(state["action"], state["data"])
    return client.get(state["path"])


def shows_errors(html):
    """Whether a page (HTML str) shows form errors: an error summary or an invalid field."""
    main = BeautifulSoup(html, "html.parser").find("main")
    return bool(main and (main.find(attrs={"aria-invalid": "true"})
                          or main.find(class_="error-summary")))
