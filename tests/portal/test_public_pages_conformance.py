"""Site-wide checks of every public page and of every form's error state, on the served
HTML (no browser): valid HTML (the Nu Html Checker, RGAA 8.2), a page title that says
the form has errors (RGAA 8.6), and the input purpose of every personal field
(``autocomplete`` and the input type, RGAA 11.13). The pages are enumerated from the
database by tests/public_pages.py; the browser checks (axe-core, reflow) are in
tests/e2e/test_public_pages_a11y.py."""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.public_pages import fetch, shows_errors, states

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ERROR_PREFIX = "Erreur – "

#: The autofill field names of HTML's "autocomplete" attribute that WCAG 2.1 lists as
#: input purposes (Success Criterion 1.3.5, "Input Purposes for User Interface
#: Components"), plus "on" and "off".
INPUT_PURPOSES = {
    "on", "off", "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "username", "new-password", "current-password",
    "organization-title", "organization", "street-address", "address-line1",
    "address-line2", "address-line3", "address-level4", "address-level3", "address-level2",
    "address-level1", "country", "country-name", "postal-code", "cc-name", "cc-given-name",
    "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month",
    "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount",
    "language", "bday", "bday-day", "bday-month", "bday-year", "sex", "url", "photo", "tel",
    "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix",
    "tel-local-suffix", "tel-extension", "email", "impp", "one-time-code",
}
#: A personal field, recognised by its label: (pattern, expected autocomplete token,
#: expected input type or None).
PERSONAL = [
    (re.compile(r"e-mail|courriel", re.I), "email", "email"),
    (re.compile(r"téléphone", re.I), "tel", "tel"),
    (re.compile(r"code postal", re.I), "postal-code", None),
    (re.compile(r"^(votre )?(nom|prénom|nom et prénom)( \(.*\))?$", re.I), "name", None),
]


_FETCHED = []


@pytest.fixture
def pages(db):
    """Every state (tests/public_pages.py) with its served HTML: list of (state, html),
    fetched once for the module (the error states store nothing)."""
    from django.test import Client

    if not _FETCHED:
        client, fetched = Client(), []
        for state in states(client):
            response = fetch(client, state)
            assert response.status_code in state["status"], (state["label"], response.status_code)
            fetched.append((state, response.content.decode()))
        _FETCHED.extend(fetched)
    return _FETCHED


def test_enumeration_covers_the_public_forms(pages):
    labels = [state["label"] for state, _html in pages]
    for expected in ("/carte/ajouter/ (errors)", "/carte/mon-action/renvoyer/ (errors)",
                     "/consultation/ (errors)", "/propositions/ (errors)", "404"):
        assert expected in labels
    assert any(re.match(r"/carte/[^?]+/contacter/ \(errors\)", label) for label in labels)
    assert any(label.startswith("/carte/?") and "commune=zzzz" in label for label in labels)


def test_every_page_showing_form_errors_says_so_in_its_title(pages):
    """RGAA 8.6: the title of a form's error state starts with "Erreur – "."""
    wrong, error_states = [], 0
    for state, html in pages:
        title = BeautifulSoup(html, "html.parser").title.get_text()
        if shows_errors(html):
            error_states += 1
            if not title.startswith(ERROR_PREFIX):
                wrong.append((state["label"], title))
        elif title.startswith(ERROR_PREFIX):
            wrong.append((state["label"], f"no error shown but title {title!r}"))
        if state["method"] == "post":
            assert shows_errors(html), f"{state['label']}: sent empty, no error shown"
    assert error_states >= 8
    assert wrong == []


def personal_fields(html):
    """The personal fields of a page's forms: list of (label text, input tag, token,
    input type)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for label in soup.select("main form label[for]"):
        field = soup.find(id=label["for"])
        if field is None or field.name != "input" or field.get("type", "text") not in (
                "text", "email", "tel"):
            continue
        text = " ".join(label.get_text().split())
        for pattern, token, kind in PERSONAL:
            if pattern.search(text):
                found.append((text, field, token, kind))
                break
    return found


def test_every_personal_field_declares_its_purpose(pages):
    """RGAA 11.13: name, e-mail, telephone and postal code fields of every public form
    carry the WCAG input purpose as ``autocomplete`` and the matching input type; every
    ``autocomplete`` value is a known token."""
    wrong, checked = [], 0
    for state, html in pages:
        for text, field, token, kind in personal_fields(html):
            checked += 1
            if field.get("autocomplete") != token:
                wrong.append((state["label"], text, f"autocomplete={field.get('autocomplete')}"))
            if kind and field.get("type") != kind:
                wrong.append((state["label"], text, f"type={field.get('type')}"))
        for field in BeautifulSoup(html, "html.parser").select("[autocomplete]"):
            tokens = field["autocomplete"].split()
            if not tokens or tokens[-1] not in INPUT_PURPOSES:
                wrong.append((state["label"], field.get("name"), field["autocomplete"]))
    assert checked >= 8
    assert wrong == []


def vnu_errors(documents):
    """Errors of the Nu Html Checker on ``documents`` (dict name -> HTML str), checked in
    one java run: list of "name:line: message". Skips when java or the jar is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("the HTML check needs java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip(f"the HTML check needs {VNU_JAR} (npm ci)")
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number:03d}.html"
            path.write_text(html)
            files.append((path, name))
        run = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only",
             *[str(path) for path, _name in files]],
            capture_output=True, text=True, timeout=300,
        )
        names = {path.as_uri(): name for path, name in files}
        names.update({f"file:{path}": name for path, name in files})
    messages = json.loads(run.stdout or run.stderr)["messages"]
    return [f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_public_page_is_valid_html(pages):
    """RGAA 8.2: the Nu Html Checker finds no error in any page or error state."""
    assert vnu_errors({state["label"]: html for state, html in pages}) == []


def skipped_levels(html):
    """Heading levels skipped in a page's outline (HTML str), in document order: list of
    "hN → hM" where M > N + 1; the first heading must be the h1."""
    levels = [int(tag.name[1]) for tag in BeautifulSoup(html, "html.parser").find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6"])]
    problems = [] if levels[:1] == [1] else [f"starts with h{levels[:1]}"]
    problems += [f"h{a} → h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    return problems


def test_no_heading_level_is_skipped_on_any_public_page(pages):
    """RGAA 9.1: every page, every demo diagnostic chapter included, starts its outline
    with its h1 and never skips a level going down (h1 → h3)."""
    wrong = {state["label"]: skipped_levels(html) for state, html in pages}
    assert {label: problems for label, problems in wrong.items() if problems} == {}


AUDIT = Path(__file__).resolve().parents[2] / "home" / "data" / "rgaa_audit.json"
E2E = "tests/e2e/test_public_pages_a11y.py::"
#: RGAA criterion -> the checks that judge it on every public page. A criterion the
#: recorded audit marks "C" must be here (nothing claimed without a check).
COVERED = {
    "1.1": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "3.2": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "3.3": ["tests/e2e/test_focus_ring.py::test_focus_ring_contrasts_on_every_background"],
    "6.2": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "8.2": [__name__ + "::test_every_public_page_is_valid_html"],
    "8.3": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "8.5": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "8.6": [__name__ + "::test_every_page_showing_form_errors_says_so_in_its_title"],
    "8.7": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "9.1": [__name__ + "::test_no_heading_level_is_skipped_on_any_public_page",
            "tests/diagnostic/test_heading_outline.py::"
            "test_a_level_3_heading_first_in_a_chapter_is_drawn_as_level_2"],
    "10.11": [E2E + "test_no_public_page_scrolls_sideways_at_320_px"],
    "11.1": [E2E + "test_axe_finds_no_violation_on_any_public_page"],
    "11.13": [__name__ + "::test_every_personal_field_declares_its_purpose"],
    "12.1": ["tests/home/test_legal_pages.py::"
             "test_every_legal_page_is_in_the_footer_of_every_kind_of_page"],
}


def test_the_recorded_audit_is_well_formed_and_claims_only_checked_criteria(client, db):
    """home/data/rgaa_audit.json (read by the accessibility statement): its schema, a
    criterion at most once, its sample pages served, and every "C" backed by a check
    of :data:`COVERED` that exists."""
    import importlib

    audit = json.loads(AUDIT.read_text())
    assert set(audit) == {"reference", "date", "auditor", "method", "pages", "tools",
                          "environment", "criteria", "derogations", "not_subject"}
    assert audit["reference"] == "RGAA 4.1.2" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", audit["date"])
    for page in audit["pages"]:
        assert set(page) == {"title", "path"}
        assert client.get(page["path"]).status_code == 200, page
    ids = [criterion["id"] for criterion in audit["criteria"]]
    assert len(ids) == len(set(ids))
    for criterion in audit["criteria"]:
        assert set(criterion) == {"id", "title", "result", "note"}
        assert re.fullmatch(r"\d{1,2}\.\d{1,2}", criterion["id"])
        assert criterion["result"] in {"C", "NC", "NA"} and criterion["title"] and criterion["note"]
        if criterion["result"] == "C":
            assert criterion["id"] in COVERED, f"{criterion['id']} marked C without a check"
    for tests in COVERED.values():
        for test in tests:
            module, name = test.split("::")
            module = importlib.import_module(module.removesuffix(".py").replace("/", "."))
            assert callable(getattr(module, name)), test
    assert all(set(item) == {"title", "reason"} for item in audit["derogations"])


def test_the_criteria_recorded_as_met_pass_their_html_checks(pages):
    """Each "C" of the recorded audit whose check reads the served HTML passes it now
    (the browser checks run in tests/e2e/test_public_pages_a11y.py)."""
    met = {c["id"] for c in json.loads(AUDIT.read_text())["criteria"] if c["result"] == "C"}
    here = {criterion: [test.split("::")[1] for test in tests if test.startswith(__name__)]
            for criterion, tests in COVERED.items()}
    for criterion in sorted(met):
        for name in here.get(criterion, []):
            globals()[name](pages)
