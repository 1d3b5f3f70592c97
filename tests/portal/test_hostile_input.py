"""Hostile input on every public form, filter and API parameter (property-based tests).

Property, for every request built below: the portal never answers 500, and a refused
post stores nothing (row counts of the affected models are the same before and after);
an accepted post stores a valid submission (no NUL, control or hidden format character
in any stored text, lengths within the form's limits).

Inventory of what the public can send (each line is exercised by a test of this module):

- Forms (POST, ``application/x-www-form-urlencoded`` and ``multipart/form-data``):
  - "Ajouter une action" ``/carte/ajouter/`` (``initiatives.forms``: title, description,
    summary, actor_type, organisation, commune, commune_insee, address, latitude,
    longitude, themes, tags, period, volunteers_wanted, public_contact, email, consent,
    form_token, honeypot ``site_web``) and its private edit link form
    ``/carte/mon-action/<token>/modifier/`` (same fields without email/consent), plus
    the private link's confirm and withdraw posts;
  - the questionnaire ``/consultation/`` (``consultation.questionnaire.forms``): the demo page, and a
    page with every question type (single line, long text, e-mail, number, URL, checkbox,
    checkboxes, dropdown, multiselect, radio, date, date and time, yes/no, themes,
    commune, age band, situation, helped by), "Autre" with its ``<key>__autre`` text,
    "show if" rules and the contact fields;
  - the proposal box ``/propositions/`` (``consultation.proposals.forms``);
  - the admin's sign-in ``/admin/login/`` and "Forgot password?"
    ``/admin/password_reset/`` (public: anyone can post them). There is no contact or
    report form.
- Filters (GET query strings):
  - the map and its list ``/carte/?q=&theme=&etiquette=&commune=&epci=&acteur=&periode=
    &benevoles=&page=``, the GeoJSON feed ``/carte/geojson/`` with the same filters;
  - the published proposals' list ``/propositions/?page=``;
  - the other pages (home, questionnaire, diagnostic and its chapters, sitemap
    ``/sitemap.xml``, ``/plan-du-site/``, ``/healthz``, the private link pages) ignore their
    query string: they are tried with the same hostile parameters. The diagnostic pages
    read no parameter; there is no site search page.
- API v2 ``/api/v2/`` (``portal.api``): ``pages`` (``type, fields, order, limit, offset,
  search, search_operator, child_of, descendant_of, ancestor_of, translation_of, locale,
  site, html_path, id`` and the page fields; with ``type=initiatives.InitiativePage`` the
  map's filters and ``themes``, ``tags``), ``pages/<id>/``, ``pages/find/``, ``images``,
  ``documents``.
- Headers read by the pages: ``If-None-Match``, ``If-Modified-Since``,
  ``Accept-Language``, ``Cookie`` (session, CSRF, the forms' signed cookie),
  ``X-Forwarded-For``, ``Referer``.
- Paths: a hostile segment below each public prefix (``/carte/<x>/``, ``/documents/<x>/``,
  ``/api/v2/pages/<x>/``...).

Hostile values: NUL bytes, huge strings (beyond the fields' limits, and up to a megabyte,
the public request size limit), invalid UTF-8 (raw bytes, overlong forms, encoded
surrogates) in the query string, in url-encoded and in multipart bodies, overflowing or
odd numbers (huge integers, ``1e309``, ``nan``, ``inf``, negative, ``-0``), repeated and
unknown parameters, lists where one value is expected, Unicode controls, bidirectional
marks, combining characters, lone surrogates.

Hypothesis settings: the profiles are registered in ``tests/conftest.py``. ``make test``
uses the "default" profile (few examples per test, ``derandomize=True``: the same
examples on every run and every machine, so a failure in CI is reproduced locally and
the suite never fails at random on a change that has nothing to do with it);
``HYPOTHESIS_PROFILE=explore`` runs many random examples to look for new faults. Each
fault found is pinned with ``@example`` below, so it stays a regression test.
"""

import re
import unicodedata
import uuid
from urllib.parse import quote_from_bytes

import pytest
from django.core.cache import cache
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.consultation.conftest import consultation_page, keys, valid_answers  # noqa: F401
from tests.initiatives.conftest import map_page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def budget(examples):
    """Settings of a test worth ``examples`` examples under the "default" profile (30
    examples per test), scaled by the profile in use (``HYPOTHESIS_PROFILE=explore``)."""
    scale = settings.default.max_examples / 30
    return settings(max_examples=max(1, round(examples * scale)))


# ---------------------------------------------------------------------------------------
# Strategies: hostile values, as str (may hold lone surrogates) or bytes (sent as is).

#: Values that have broken web applications before.
KNOWN_HOSTILE = [
    "\x00", "a\x00b", "\x00" * 3, "1e309", "-1e309", "nan", "NaN", "inf", "-inf",
    "Infinity", "-1", "-0", "0", "-0.0", "+1", "1.5", "99999999999999999999999999999",
    "-9223372036854775809", "9223372036854775808", "2147483648", "4294967296", "0x10",
    "1_000", "١٢٣", '"', "'", "\\", "%", "%00", "*", "-", ",", ",,", "[]", "{}", "()",
    "root", "title(", "-title", "random", "", " ", "\t", "\r\n", "\u202e", "\u200f",
    "\u2066abc\u2069", "\u200b", "\ufeff", "\xad", "a\u0301\u0301\u0301\u0301",
    "\u0301", "\u3164", "\u2800", "\U0001F3F4\U000E0067\U000E007F", "\U0001D11E",
    "\ud800", "\udfff", "a\udc80b", "<script>alert(1)</script>", "' OR 1=1 --",
    "../../etc/passwd", "Mont-de-Marsan", "40192", "alimentation", "Oui", "Autre",
]

#: Byte sequences that are not UTF-8: a lone continuation byte, an overlong "/", an
#: encoded surrogate, a truncated sequence, bytes never used in UTF-8.
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82",
                b"\xf8\x88\x80\x80\x80", b"a\xffb", b"\xc3"]

#: Characters of every category, surrogates included (sent as invalid UTF-8).
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
#: Controls, format characters, combining marks, separators, surrogates.
ODD_CHARACTER = st.characters(categories=("Cc", "Cf", "Cs", "Mn", "Me", "Zl", "Zp", "Zs"))


def huge(char, size):
    """``char`` repeated ``size`` times (str)."""
    return char * size


def number_text():
    """Numbers written in odd ways (str): huge and negative integers, floats with
    exponents, nan/inf, signed zeros."""
    return st.one_of(
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["1e309", "-1e309", "nan", "inf", "-0", "1e-400", "9" * 400]),
    )


def hostile_text(max_huge=200_000):
    """A hostile value for one parameter: str (possibly with lone surrogates) or bytes
    (sent unencoded: not UTF-8)."""
    return st.one_of(
        st.sampled_from(KNOWN_HOSTILE),
        st.sampled_from(INVALID_UTF8),
        st.text(ANY_CHARACTER, max_size=20),
        st.text(ODD_CHARACTER, min_size=1, max_size=8),
        st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=5), st.text(max_size=5)),
        number_text(),
        st.builds(huge, st.sampled_from(["x", "é", "\x00", "€ ", "\u202e", "a,"]),
                  st.sampled_from([256, 5_001, 20_000, max_huge])),
    )


def hostile_value(max_huge=200_000):
    """One value or a list of values (a parameter repeated, or a list where one value
    is expected)."""
    one = hostile_text(max_huge)
    return st.one_of(one, one, st.lists(one, min_size=2, max_size=4))


#: Names of parameters nobody expects.
UNKNOWN_NAMES = ["zz", "\x00", "a\x00", "é", "\u202e", "__proto__", "id[]", "theme[]",
                 "q[0]", "%", "x" * 300]


def to_bytes(value):
    """A str (lone surrogates kept as their invalid UTF-8 bytes) or bytes -> bytes."""
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass")


def as_pairs(data):
    """``data`` (dict name -> value or list of values) -> list of (name, value)."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def urlencoded(data):
    """``data`` as an url-encoded body or query string (bytes); every byte of a name or
    value is percent-encoded, so invalid UTF-8 arrives as such."""
    return b"&".join(
        quote_from_bytes(to_bytes(name), safe="").encode()
        + b"=" + quote_from_bytes(to_bytes(value), safe="").encode()
        for name, value in as_pairs(data)
    )


BOUNDARY = b"----hostile-boundary-7MA4YWxkTrZu0gW"


def multipart(data):
    """``data`` as a ``multipart/form-data`` body (bytes), values written raw."""
    lines = []
    for name, value in as_pairs(data):
        name = to_bytes(name).replace(b'"', b"%22").replace(b"\r", b"").replace(b"\n", b"")
        lines += [b"--" + BOUNDARY,
                  b'Content-Disposition: form-data; name="' + name + b'"', b"",
                  to_bytes(value)]
    lines += [b"--" + BOUNDARY + b"--", b""]
    return b"\r\n".join(lines)


def post(client, url, data, encoding, **extra):
    """POST ``data`` (dict) to ``url`` as ``encoding`` ("urlencoded", "multipart"),
    from a fresh client address (the rate limits count per address)."""
    if encoding == "multipart":
        body, content_type = multipart(data), "multipart/form-data; boundary=" + BOUNDARY.decode()
    else:
        body, content_type = urlencoded(data), "application/x-www-form-urlencoded"
    return client.generic("POST", url, body, content_type=content_type, **extra)


def get(client, url, data, raw=False):
    """GET ``url`` with the query string of ``data`` (dict): percent-encoded, or the
    bytes as they are (``raw``: what a careless client sends)."""
    query = as_pairs(data)
    if raw:
        qs = b"&".join(to_bytes(n) + b"=" + to_bytes(v) for n, v in query)
    else:
        qs = urlencoded(data)
    return client.get(url, QUERY_STRING=qs.decode("latin-1"))


#: Characters never allowed in stored text: C0 controls but tab/LF/CR, DEL, C1,
#: surrogates, and the replacement of invalid bytes is fine (U+FFFD is visible).
FORBIDDEN_STORED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def assert_clean_text(value, where):
    """``value`` (str) holds no control, surrogate nor hidden format character."""
    assert not FORBIDDEN_STORED.search(value), (where, value[:80])
    from portal.forms import KEPT_FORMAT_CHARACTERS

    hidden = [c for c in value if unicodedata.category(c) == "Cf"
              and c not in KEPT_FORMAT_CHARACTERS and not 0xE0020 <= ord(c) <= 0xE007F]
    assert not hidden, (where, hidden[:5])


def assert_no_500(response, what):
    assert response.status_code < 500, (what, response.status_code, response.content[:300])


#: Characters an HTML page must not show back: NUL (browsers show U+FFFD) and the other
#: controls (parse errors in HTML, invisible).
ECHOED_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def assert_no_control_echoed(response, what, forbidden=ECHOED_CONTROLS):
    """An HTML answer carries none of the ``forbidden`` characters (default: NUL and the
    other controls but tab, line feed and carriage return)."""
    if response["Content-Type"].startswith("text/html"):
        body = response.content.decode("utf-8", "replace")
        found = forbidden.search(body)
        assert not found, (what, body[max(found.start() - 60, 0):found.start() + 20])


def fresh_address():
    """A client address never seen (rate limits count per address)."""
    return f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


# ---------------------------------------------------------------------------------------
# Filters and pages read with GET.

MAP_PARAMETERS = ["q", "theme", "etiquette", "commune", "epci", "acteur", "periode",
                  "benevoles", "page"]
API_PARAMETERS = [
    "type", "fields", "order", "limit", "offset", "search", "search_operator", "child_of",
    "descendant_of", "ancestor_of", "translation_of", "locale", "site", "html_path", "id",
    "title", "slug", "show_in_menus", "first_published_at", "tags", "themes", "theme",
    "commune", "q", "benevoles", "format", "rich_text_format",
]


def query_strategy(names, max_huge=2_000):
    """A query string as dict name -> hostile value(s), over ``names`` and unknown names.

    Query strings stay far below the servers' URL limits (gunicorn: 4094 bytes per
    request line), hence the smaller huge values."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(names),
                     st.sampled_from(UNKNOWN_NAMES))
    return st.dictionaries(name, hostile_value(max_huge), min_size=1, max_size=4)


@budget(60)
@given(query=query_strategy(MAP_PARAMETERS), raw=st.booleans())
@example(query={"q": "\x00"}, raw=False)
@example(query={"q": '"'}, raw=False)
@example(query={"theme": ["alimentation"] * 1500}, raw=False)
@example(query={"theme": ["", "\x00"], "page": "1e309"}, raw=False)
@example(query={"commune": b"\xed\xa0\x80", "epci": "-0"}, raw=True)
def test_map_and_its_list_never_fail(client, map_page, query, raw):
    response = get(client, "/carte/", query, raw)
    assert_no_500(response, query)
    assert_no_control_echoed(response, query)


@budget(40)
@given(query=query_strategy(MAP_PARAMETERS), raw=st.booleans())
@example(query={"q": "\x00", "theme": "alimentation"}, raw=False)
@example(query={"q": '"'}, raw=False)
def test_map_feed_never_fails(client, map_page, query, raw):
    response = get(client, "/carte/geojson/", query, raw)
    assert_no_500(response, query)
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400 and response["Content-Type"].startswith("application/json"):
        assert response.json()["errors"], response.content[:200]  # French, one per filter


def assert_french_api_error(response, what):
    """An API refusal is JSON ``{"message": str}``, in French."""
    from tests.portal.test_api_errors import assert_french_message

    assert_french_message(response)


@budget(60)
@given(query=query_strategy(API_PARAMETERS), raw=st.booleans(),
       endpoint=st.sampled_from(["/api/v2/pages/", "/api/v2/pages/find/", "/api/v2/images/",
                                 "/api/v2/documents/", "DETAIL", "INITIATIVES"]))
@example(query={"theme": ""}, raw=False, endpoint="INITIATIVES")
@example(query={"search": '"'}, raw=False, endpoint="INITIATIVES")
@example(query={"search": '"'}, raw=False, endpoint="/api/v2/pages/")
@example(query={"limit": "1e309", "offset": "-0"}, raw=False, endpoint="/api/v2/pages/")
def test_api_parameters_never_fail(client, home_page, query, raw, endpoint):
    if endpoint == "DETAIL":
        endpoint = f"/api/v2/pages/{home_page.pk}/"
    elif endpoint == "INITIATIVES":
        endpoint = "/api/v2/pages/"
        query = {"type": "initiatives.InitiativePage", **query}
    response = get(client, endpoint, query, raw)
    assert_no_500(response, (endpoint, query))
    if response.status_code in (400, 404):
        assert_french_api_error(response, (endpoint, query))


def other_pages():
    """Paths of every other public page (live pages, sitemaps, health check)."""
    from wagtail.models import Page

    paths = [page.url for page in Page.objects.live().public().specific()
             if page.url and page.depth > 1]
    return sorted(set(paths)) + ["/sitemap.xml", "/healthz", "/api/v2/",
                                 "/carte/ajouter/", "/carte/mon-action/abc/",
                                 "/propositions/merci/", "/consultation/merci/"]


@budget(40)
@given(query=query_strategy(MAP_PARAMETERS + ["p", "next", "format"]), raw=st.booleans(),
       index=st.integers(min_value=0, max_value=200))
@example(query={"page": "\x00"}, raw=False, index=0)
def test_every_other_page_ignores_hostile_parameters(client, home_page, query, raw, index):
    paths = other_pages()
    path = paths[index % len(paths)]
    response = get(client, path, query, raw)
    assert_no_500(response, (path, query))
    assert_no_control_echoed(response, (path, query))


PATH_PREFIXES = ["/", "/carte/", "/carte/mon-action/", "/consultation/", "/propositions/",
                 "/diagnostic/", "/documents/", "/documents/1/", "/api/v2/pages/",
                 "/api/v2/images/", "/api/v2/documents/", "/admin/", "/sitemap.xml/"]


@budget(30)
@given(prefix=st.sampled_from(PATH_PREFIXES), segment=hostile_text(max_huge=2_000),
       slash=st.booleans())
@example(prefix="/documents/", segment="99999999999999999999", slash=True)
@example(prefix="/api/v2/pages/", segment="-1", slash=True)
@example(prefix="/carte/", segment=b"\xed\xa0\x80", slash=True)
def test_hostile_paths(client, home_page, prefix, segment, slash):
    path = prefix + quote_from_bytes(to_bytes(segment), safe="") + ("/" if slash else "")
    response = client.get(path)
    assert_no_500(response, path)
    assert_no_control_echoed(response, path)

#: Request headers a page reads: conditional requests of the feed, the language, the
#: cookies (session, CSRF, the forms' signed "already sent" cookie).
HEADERS = ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_ACCEPT_LANGUAGE",
           "HTTP_COOKIE", "HTTP_X_FORWARDED_FOR", "HTTP_REFERER"]


@budget(20)
@given(header=st.sampled_from(HEADERS), value=hostile_text(max_huge=2_000),
       path=st.sampled_from(["/carte/geojson/", "/carte/", "/consultation/",
                             "/carte/ajouter/", "/api/v2/pages/"]),
       method=st.sampled_from(["GET", "POST"]))
@example(header="HTTP_COOKIE", value="ns_reponse_1=\x00; sessionid=%ff", path="/consultation/",
         method="POST")
@example(header="HTTP_IF_MODIFIED_SINCE", value="Sun, 06 Nov 99999 08:49:37 GMT",
         path="/carte/geojson/", method="GET")
def test_hostile_headers(home_page, header, value, path, method):
    """Header values travel as ISO-8859-1 in WSGI: any byte can arrive."""
    client = posting_client()
    raw = to_bytes(value).decode("latin-1")
    if header == "HTTP_COOKIE" and "=" not in raw:
        raw = f"sessionid={raw}; csrftoken={raw}; ns_reponse_1={raw}"
    from django.test import override_settings

    with override_settings(PORTAL_TRUSTED_PROXY_COUNT=1):  # X-Forwarded-For is read
        response = client.generic(method, path, **{header: raw})
    assert_no_500(response, (header, value))

# ---------------------------------------------------------------------------------------
# Public forms (POST): a valid post with one to three fields replaced or added.


def counts(*models):
    """Row counts of ``models`` (tuple of int)."""
    return tuple(model.objects.count() for model in models)


def mutations(fields, max_huge=900_000):
    """Changes to a valid post: dict name -> hostile value(s) (None: the field is left
    out), over the form's ``fields`` and unknown names. Huge values go up to 900,000
    characters: below the public request size limit (1 MB) in ASCII, beyond it in
    accented letters (2 bytes each)."""
    name = st.one_of(st.sampled_from(fields), st.sampled_from(fields),
                     st.sampled_from(UNKNOWN_NAMES))
    value = st.one_of(hostile_value(max_huge), st.none())
    return st.dictionaries(name, value, min_size=1, max_size=3)


def mutate(data, changes):
    """``data`` (dict) with ``changes`` applied (None removes the field)."""
    data = dict(data)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


ENCODINGS = st.sampled_from(["urlencoded", "multipart"])


def posting_client():
    """A new browser (no cookie) at a new address, and an empty cache (rate limits)."""
    from django.test import Client

    cache.clear()
    return Client(REMOTE_ADDR=fresh_address())


def map_form_data():
    from tests.initiatives.test_public_submission import valid_data

    return valid_data(form_token=str(uuid.uuid4()))


MAP_FIELDS = [*map_form_data(), "commune_insee"]


def assert_valid_action(page, submitter=None):
    """An action stored from the public form holds clean texts within its limits."""
    from initiatives import forms

    limits = {"title": forms.TITLE_MAX, "summary": forms.SUMMARY_MAX,
              "organisation": forms.ORGANISATION_MAX, "address": forms.ADDRESS_MAX,
              "public_contact": forms.CONTACT_MAX}
    for name, limit in limits.items():
        value = getattr(page, name)
        assert len(value) <= limit, (name, len(value))
        assert_clean_text(value, name)
    assert page.title.strip(), "an action without a visible title"
    assert_clean_text(page.description, "description")
    for tag in page.tags.all():
        assert_clean_text(tag.name, "tag")
        assert len(tag.name) <= forms.TAG_MAX
    if submitter is not None:
        assert_clean_text(submitter.email, "email")


@budget(50)
@given(changes=mutations(MAP_FIELDS), encoding=ENCODINGS)
@example(changes={"title": "\x00"}, encoding="urlencoded")
@example(changes={"title": "a\x00b", "tags": "\x00,\x00"}, encoding="multipart")
@example(changes={"themes": "\x00", "period": "\x00"}, encoding="urlencoded")
@example(changes={"actor_type": "\x01", "themes": ["sante", "\x1b"]}, encoding="urlencoded")
@example(changes={"commune_insee": "\x00", "commune": "\x00"}, encoding="urlencoded")
@example(changes={"latitude": "1e309", "longitude": "nan"}, encoding="urlencoded")
@example(changes={"latitude": "-0", "longitude": "-0"}, encoding="urlencoded")
@example(changes={"email": "a\x00@example.org"}, encoding="multipart")
@example(changes={"form_token": ["\x00", "x"]}, encoding="urlencoded")
@example(changes={"title": b"\xff\xfe", "description": b"\xed\xa0\x80"}, encoding="multipart")
@example(changes={"description": "x" * 900_000}, encoding="urlencoded")
@example(changes={"themes": ["sante"] * 1500}, encoding="urlencoded")
@example(changes={"tags": ["a"] * 1500}, encoding="multipart")
@example(changes={"title": "\u202e\u200b\u0301"}, encoding="urlencoded")
def test_add_an_action_form(map_page, changes, encoding):
    from initiatives.models import InitiativePage, InitiativeTag
    from initiatives.submitters import InitiativeSubmitter
    from portal.models import FormToken

    models = (InitiativePage, InitiativeSubmitter, InitiativeTag, FormToken)
    before = counts(*models)
    response = post(posting_client(), "/carte/ajouter/", mutate(map_form_data(), changes),
                    encoding)
    assert_no_500(response, changes)
    assert_no_control_echoed(response, changes)
    after = counts(*models)
    if response.status_code == 302:
        assert after[0] == before[0] + 1 and after[1] == before[1] + 1, (changes, after)
        submitter = InitiativeSubmitter.objects.order_by("-pk").first()
        assert_valid_action(submitter.page.specific.get_latest_revision_as_object(),
                            submitter)
    else:
        assert after == before, (changes, response.status_code)


@pytest.fixture
def private_link(map_page):
    """The private token (str) of a submission whose address is confirmed."""
    from django.test import RequestFactory

    from initiatives.forms import InitiativeSubmissionForm
    from initiatives.submissions import confirm_submission, create_submission
    from initiatives.submitters import InitiativeSubmitter

    form = InitiativeSubmissionForm(map_form_data())
    assert form.is_valid(), form.errors
    page, token = create_submission(map_page, form.cleaned_data, RequestFactory().get("/"))
    confirm_submission(InitiativeSubmitter.objects.get(page=page))
    return token


@budget(30)
@given(changes=mutations([f for f in MAP_FIELDS if f not in ("email", "consent")]),
       encoding=ENCODINGS)
@example(changes={"title": "\x00", "themes": ["\x00", "sante"]}, encoding="urlencoded")
@example(changes={"description": b"\xc0\xaf"}, encoding="multipart")
def test_private_edit_link_form(map_page, private_link, changes, encoding):
    from wagtail.models import Revision

    from initiatives.submitters import InitiativeSubmitter

    submitter = InitiativeSubmitter.objects.for_token(private_link).get()
    url = f"/carte/mon-action/{private_link}/modifier/"
    data = mutate({k: v for k, v in map_form_data().items()
                   if k not in ("email", "consent", "form_token")}, changes)
    before = Revision.objects.count()
    response = post(posting_client(), url, data, encoding)
    assert_no_500(response, changes)
    assert_no_control_echoed(response, changes)
    if response.status_code == 302:
        assert Revision.objects.count() == before + 1
        assert_valid_action(submitter.page.specific.get_latest_revision_as_object())
    else:
        assert Revision.objects.count() == before, (changes, response.status_code)


@budget(20)
@given(token=hostile_text(max_huge=2_000), route=st.sampled_from(["", "modifier/", "retirer/"]),
       method=st.sampled_from(["GET", "POST"]))
@example(token="\x00", route="", method="POST")
@example(token="x" * 2000, route="retirer/", method="POST")
def test_private_link_with_hostile_tokens(map_page, token, route, method):
    from initiatives.submitters import InitiativeSubmitter

    before = counts(InitiativeSubmitter)
    path = "/carte/mon-action/" + quote_from_bytes(to_bytes(token), safe="") + "/" + route
    client = posting_client()
    response = client.generic(method, path)
    assert_no_500(response, token)
    assert response.status_code in (301, 302, 400, 404), response.status_code
    assert counts(InitiativeSubmitter) == before


def stored_texts(value):
    """Every str inside a stored answer (str, list, dict, number...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from stored_texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from stored_texts(key)
            yield from stored_texts(item)


def assert_valid_submission(submission, form_class):
    """A stored questionnaire answer: known keys, clean texts within the fields' limits."""
    data = submission.form_data
    assert set(data) <= set(form_class.base_fields), set(data) - set(form_class.base_fields)
    for key, value in data.items():
        field = form_class.base_fields[key]
        for text in stored_texts(value):
            assert_clean_text(text, key)
            if getattr(field, "max_length", None):
                assert len(text) <= field.max_length, (key, len(text))
    contact = getattr(submission, "contact", None)
    if contact is not None:
        for name in ("name", "email", "phone"):
            assert_clean_text(getattr(contact, name), name)


#: (label, field_type, required, choices, allow_other, show_if (label, value))
EVERY_QUESTION_TYPE = [
    ("Texte court", "singleline", True, "", False, None),
    ("Texte long", "multiline", False, "", False, None),
    ("Courriel", "email", False, "", False, None),
    ("Nombre", "number", False, "", False, None),
    ("Site", "url", False, "", False, None),
    ("Case", "checkbox", False, "", False, None),
    ("Cases", "checkboxes", False, "Un\nDeux", True, None),
    ("Liste", "dropdown", False, "Un\nDeux", True, None),
    ("Plusieurs", "multiselect", False, "Un\nDeux", True, None),
    ("Choix", "radio", True, "Oui\nNon", True, None),
    ("Date", "date", False, "", False, None),
    ("Date et heure", "datetime", False, "", False, None),
    ("Section", "heading", False, "", False, None),
    ("Oui ou non", "yes_no", True, "", False, None),
    ("Domaines", "themes", True, "", False, ("Choix", "Oui")),
    ("Commune", "commune", True, "", False, None),
    ("Âge", "age_band", False, "", False, None),
    ("Situation", "situation", False, "", False, None),
    ("Aidé par", "helped_by", False, "", False, ("Oui ou non", "Oui")),
]


@pytest.fixture
def every_type_page(home_page):
    """A live questionnaire with every question type, "Autre", "show if" rules and the
    contact fields (asked when "Oui ou non" is "Oui")."""
    from consultation.models import ConsultationPage, FormField

    page = ConsultationPage(
        title="Tous les types", slug="tous-les-types",
        contact_question="Oui ou non", contact_value="Oui",
        form_fields=[
            FormField(label=label, field_type=kind, required=required, choices=choices,
                      allow_other=other, sort_order=order,
                      show_if_question=(show_if or ("", ""))[0],
                      show_if_value=(show_if or ("", ""))[1])
            for order, (label, kind, required, choices, other, show_if)
            in enumerate(EVERY_QUESTION_TYPE)
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def every_type_answers(page):
    """A valid post of ``every_type_page`` (dict key -> value)."""
    keys = {field.label: field.clean_name for field in page.get_form_fields()}
    return {
        "form_token": str(uuid.uuid4()),
        keys["Texte court"]: "Bonjour", keys["Texte long"]: "Ligne 1\r\nLigne 2",
        keys["Courriel"]: "a@example.org", keys["Nombre"]: "12.5",
        keys["Site"]: "https://example.org", keys["Case"]: "on",
        keys["Cases"]: ["Un", "Autre"], keys["Cases"] + "__autre": "Trois",
        keys["Liste"]: "Deux", keys["Plusieurs"]: ["Un"], keys["Choix"]: "Oui",
        keys["Date"]: "2024-03-01", keys["Date et heure"]: "2024-03-01 10:00",
        keys["Oui ou non"]: "Oui", keys["Domaines"]: ["sante"],
        keys["Commune"]: "40192", keys["Âge"]: "35-49", keys["Situation"]: "emploi",
        keys["Aidé par"]: ["famille"], "contact_name": "Marie",
        "contact_email": "marie@example.org", "contact_phone": "0600000000",
        "contact_consent": "on",
    }


def questionnaire_models():
    from consultation.models import AnswerKey, ConsultationContact, ConsultationSubmission
    from portal.models import FormToken

    return (ConsultationSubmission, ConsultationContact, AnswerKey, FormToken)


def check_questionnaire_post(page, data, changes, encoding):
    """POST the mutated answers to ``page``; assert the property (see module)."""
    from consultation.models import ConsultationSubmission

    models = questionnaire_models()
    before = counts(*models)
    response = post(posting_client(), page.url, mutate(data, changes), encoding)
    assert_no_500(response, changes)
    assert_no_control_echoed(response, changes)
    after = counts(*models)
    if response.status_code == 302:
        assert after[0] == before[0] + 1, (changes, after)
        submission = ConsultationSubmission.objects.order_by("-pk").first()
        assert_valid_submission(submission, page.get_form_class())
    else:
        assert after == before, (changes, response.status_code)


def every_type_fields():
    """Names of the fields of ``every_type_page``'s form (list of str)."""
    from consultation.questionnaire.keys import key_from_label

    keys = [key_from_label(row[0]) for row in EVERY_QUESTION_TYPE if row[1] != "heading"]
    return keys + [k + "__autre" for k in keys] + [
        "form_token", "site_web", "contact_name", "contact_email", "contact_phone",
        "contact_consent"]


@budget(50)
@given(changes=mutations(every_type_fields()), encoding=ENCODINGS)
@example(changes={"nombre": "1e309"}, encoding="urlencoded")
@example(changes={"nombre": "nan", "date": "-0"}, encoding="urlencoded")
@example(changes={"nombre": "9" * 400}, encoding="urlencoded")
@example(changes={"date_et_heure": "9999-12-31 23:59"}, encoding="urlencoded")
@example(changes={"date_et_heure": "0001-01-01 00:00"}, encoding="urlencoded")
@example(changes={"cases__autre": "\x00", "texte_court": "\x00"}, encoding="multipart")
@example(changes={"choix": "\x00", "liste": ["Un", "Deux"]}, encoding="urlencoded")
@example(changes={"commune": ["40192", "\x00"], "domaines": "\x00"}, encoding="urlencoded")
@example(changes={"contact_email": "\x00@x.fr", "contact_phone": "\u202e06"},
         encoding="urlencoded")
@example(changes={"site": "https://exa\x00mple.org", "courriel": b"\xff@x.fr"},
         encoding="multipart")
def test_questionnaire_with_every_question_type(every_type_page, changes, encoding):
    check_questionnaire_post(every_type_page, every_type_answers(every_type_page),
                             changes, encoding)


@budget(30)
@given(data=st.data(), encoding=ENCODINGS)
def test_demo_questionnaire(consultation_page, valid_answers, data, encoding):
    fields = [*valid_answers, "form_token", "site_web", "contact_name", "contact_email",
              "contact_phone", "contact_consent"]
    changes = data.draw(mutations(fields))
    answers = {"form_token": str(uuid.uuid4()), **valid_answers}
    check_questionnaire_post(consultation_page, answers, changes, encoding)


PROPOSAL = {
    "title": "Un jardin partagé près de la gare",
    "description": "Des parcelles cultivées ensemble, avec des légumes pour l'épicerie.",
    "themes": ["alimentation", "isolement"], "commune": "40088",
    "contact_name": "Marie", "contact_email": "marie@example.org",
    "contact_phone": "0600000000", "contact_consent": "on",
}


@budget(40)
@given(changes=mutations([*PROPOSAL, "form_token", "site_web"]), encoding=ENCODINGS)
@example(changes={"title": "\x00", "commune": "\x00"}, encoding="urlencoded")
@example(changes={"title": "0\u0600"}, encoding="urlencoded")
@example(changes={"themes": ["\x00"], "description": b"\xed\xa0\x80"}, encoding="multipart")
@example(changes={"contact_phone": "1e309", "contact_email": "a@b\x00.fr"},
         encoding="urlencoded")
def test_proposal_form(changes, encoding):
    from consultation.models import Proposal, ProposalContact, ProposalPage
    from portal.models import FormToken

    page = ProposalPage.objects.get(slug="propositions")
    models = (Proposal, ProposalContact, FormToken)
    before = counts(*models)
    data = mutate({"form_token": str(uuid.uuid4()), **PROPOSAL}, changes)
    response = post(posting_client(), page.url, data, encoding)
    assert_no_500(response, changes)
    assert_no_control_echoed(response, changes)
    after = counts(*models)
    if response.status_code == 302:
        assert after[0] == before[0] + 1, (changes, after)
        proposal = Proposal.objects.order_by("-pk").first()
        for name in ("title", "description"):
            assert_clean_text(getattr(proposal, name), name)
        assert proposal.title.strip() and len(proposal.title) <= 120
        contact = ProposalContact.objects.filter(proposal=proposal).first()
        if contact is not None:
            for name in ("name", "email", "phone"):
                assert_clean_text(getattr(contact, name), name)
    else:
        assert after == before, (changes, response.status_code)


def agent(make_user):
    """The staff account ``agent@example.org`` (created once per test)."""
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(email="agent@example.org").first()
    return found or make_user("agent@example.org", is_staff=True)


@budget(30)
@given(changes=mutations(["username", "password", "next", "csrfmiddlewaretoken"],
                         max_huge=20_000),
       encoding=ENCODINGS)
@example(changes={"username": "\x00", "password": "\x00"}, encoding="urlencoded")
@example(changes={"username": "\x1f"}, encoding="urlencoded")
@example(changes={"username": "x" * 300 + "@example.org"}, encoding="urlencoded")
@example(changes={"username": b"\xff@example.org", "next": "\x00"}, encoding="multipart")
def test_admin_sign_in(make_user, changes, encoding):
    from django.contrib.auth import get_user_model

    agent(make_user)
    users = get_user_model()
    before = counts(users)
    data = mutate({"username": "agent@example.org", "password": "wrong-password"}, changes)
    client = posting_client()
    response = post(client, "/admin/login/", data, encoding)
    assert_no_500(response, changes)
    # Wagtail's own sign-in form shows the address back as typed: NUL never reaches it
    # (portal.null_bytes), other controls do, harmlessly (nobody signs in with them).
    assert_no_control_echoed(response, changes, forbidden=re.compile("\x00"))
    assert counts(users) == before
    assert "_auth_user_id" not in client.session  # a wrong password never signs in


@budget(30)
@given(changes=mutations(["email", "csrfmiddlewaretoken"], max_huge=20_000),
       encoding=ENCODINGS)
@example(changes={"email": "\x00"}, encoding="urlencoded")
@example(changes={"email": "agent@example.org\x00"}, encoding="urlencoded")
@example(changes={"email": ["agent@example.org", "\x00"]}, encoding="multipart")
def test_admin_password_reset(make_user, mailoutbox, changes, encoding):
    agent(make_user)
    data = mutate({"email": "agent@example.org"}, changes)
    sent = len(mailoutbox)
    response = post(posting_client(), "/admin/password_reset/", data, encoding)
    assert_no_500(response, changes)
    assert_no_control_echoed(response, changes, forbidden=re.compile("\x00"))  # as above
    for message in mailoutbox[sent:]:
        assert message.to == ["agent@example.org"]


# ---------------------------------------------------------------------------------------
# The faults found, each pinned as its own example above and told here in full.

NUL_REQUESTS = [
    ("GET", "/carte/?q=%00", None),
    ("GET", "/carte/geojson/?theme=%00", None),
    ("GET", "/%00/", None),
    ("GET", "/propositions/?page=%00", None),
    ("POST", "/carte/ajouter/", "title"),
    ("POST", "/consultation/", "site_web"),
    ("POST", "/propositions/", "title"),
    ("POST", "/admin/login/", "username"),
    ("POST", "/admin/password_reset/", "email"),
]


@pytest.mark.parametrize("method, url, field", NUL_REQUESTS)
def test_a_null_character_is_refused_with_a_french_page(client, method, url, field):
    """A NUL anywhere was echoed back in the page (invalid HTML: browsers show U+FFFD)
    and is a database error on PostgreSQL wherever it is looked up or stored."""
    from initiatives.models import InitiativePage
    from consultation.models import ConsultationSubmission
    from consultation.models import Proposal
    from portal.models import FormToken

    models = (InitiativePage, ConsultationSubmission, Proposal, FormToken)
    before = counts(*models)
    if method == "POST":
        response = client.post(url, {field: "Épicerie\x00", "form_token": str(uuid.uuid4())})
    else:
        response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "La requête contient un caractère nul (U+0000)" in page
    assert "Rien n’a été enregistré." in page
    assert "\x00" not in page
    assert counts(*models) == before


def test_a_null_character_on_the_api_is_a_french_json_400(client):
    response = client.get("/api/v2/pages/", {"search": "aide\x00"})
    assert response.status_code == 400
    assert response.json() == {"message": "La requête contient un caractère nul (U+0000), "
                               "qui n’est jamais accepté. Rien n’a été enregistré."}


def test_control_characters_in_a_choice_are_not_shown_back(client):
    """A control character in a choice value was quoted in the error message ("\x1b
    n’en fait pas partie"); it is dropped before validation."""
    response = post(posting_client(), "/propositions/",
                    {**PROPOSAL, "form_token": str(uuid.uuid4()), "commune": "\x1b4\x01"},
                    "urlencoded")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sélectionnez un choix valide. 4 n’en fait pas partie." in page
    assert "\x1b" not in page and "\x01" not in page


@pytest.mark.parametrize("query", ["theme=", "theme=&theme=sante", "themes=",
                                   "etiquette=", "theme=%20"])
def test_an_empty_theme_or_tag_filters_nothing(client, query):
    """``?theme=`` (a link written by hand) answered 400 "Thématiques : Sélectionnez un
    choix valide.  n’en fait pas partie." (an empty value quoted); it means no choice."""
    base = "/api/v2/pages/?type=initiatives.InitiativePage&limit=1"
    response = client.get(f"{base}&{query}")
    assert response.status_code == 200, response.content[:300]
    expected = client.get(base + ("&theme=sante" if "sante" in query else ""))
    assert response.json()["meta"] == expected.json()["meta"]
    page = client.get(f"/carte/?{query}").content.decode()
    assert "Sélectionnez un choix valide" not in page
