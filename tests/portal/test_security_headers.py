"""Content-Security-Policy and Permissions-Policy on every response.

Public pages get the strict policy: only the site's own scripts (no inline script, no
eval), no plugins, no <base>, forms posting to the site only, never framed, images from
the site, ``data:`` URLs and the map tile host. The admin (``/admin/``) gets its own policy
for what Wagtail's templates need. Every response says which browser features the site
never uses (Permissions-Policy).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PUBLIC_TEMPLATES = sorted(p for p in TEMPLATES.rglob("*.html") if "admin" not in p.parts)
STATIC_JS = sorted(
    p
    for app in ("portal", "home", "initiatives", "consultation", "diagnostic")
    for p in (Path(settings.BASE_DIR) / app / "static").rglob("*.js")
)


def policy(response, header="Content-Security-Policy"):
    """The policy of ``response`` as {directive: [source, ...]}; fails when absent."""
    value = response.headers.get(header)
    assert value, f"no {header} header"
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def permissions(response):
    """The Permissions-Policy of ``response`` as {feature: allowlist text}."""
    value = response.headers.get("Permissions-Policy")
    assert value, "no Permissions-Policy header"
    return dict(item.strip().split("=", 1) for item in value.split(","))


def public_paths():
    """One URL of each public page type of the demo content (list of str)."""
    from consultation.models import ConsultationPage, ProposalPage
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
    from initiatives.models import InitiativeIndexPage, InitiativePage

    action = InitiativePage.objects.live().first()
    map_page = InitiativeIndexPage.objects.live().first()
    return [
        "/",
        map_page.url,
        action.url,
        map_page.url + "ajouter/",
        ConsultationPage.objects.live().first().url,
        ProposalPage.objects.live().first().url,
        DiagnosticIndexPage.objects.live().first().url,
        DiagnosticChapterPage.objects.live().first().url,
    ]


def assert_strict(directives):
    """The public policy, directive by directive."""
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:", "https://data.geopf.fr"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert not any("unsafe-eval" in " ".join(v) for v in directives.values())
    assert not any(k.endswith("-attr") or k.endswith("-elem") for k in directives)


def test_every_public_page_type_has_the_strict_policy(client):
    paths = public_paths() + ["/cette-page-n-existe-pas/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == (404 if "n-existe-pas" in path else 200), path
        directives = policy(response)
        assert_strict(directives)
        html = response.content.decode()
        # No inline style: the theme colours are a stylesheet of the site (portal.theme).
        assert directives["style-src"] == ["'self'"], path
        assert "<style" not in html, path
        assert re.search(r'<link rel="stylesheet" href="/theme\.css\?a=[0-9a-f]{6}&amp;p=[0-9a-f]{6}&amp;v=[0-9a-f]{12}">', html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_every_response_has_the_permissions_policy(client):
    for path in ["/", "/carte/", "/cette-page-n-existe-pas/", "/admin/login/", "/carte/geojson/"]:
        features = permissions(client.get(path))
        for feature in ("camera", "microphone", "payment", "usb", "serial",
                        "browsing-topics", "interest-cohort"):
            assert features[feature] == "()", (path, feature)
        # The map's "Près de chez moi" button: the site itself only, never a frame.
        assert features["geolocation"] == "(self)", path


def test_tile_host_follows_the_tile_setting(client, settings):
    from portal.security_headers import tile_origin

    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png") == "http://127.0.0.1:8080"
    assert tile_origin("") is None
    assert tile_origin("/tiles/{z}/{x}/{y}.png") is None


def test_form_errors_focus_script_is_a_static_file(client):
    """Sent empty, the proposal form shows its error summary and loads the one static
    script that focuses it; no inline script."""
    from consultation.models import ProposalPage

    url = ProposalPage.objects.live().first().url
    response = client.post(url, {})
    html = response.content.decode()
    assert 'id="resume-erreurs"' in html
    assert re.search(r'<script src="/static/portal/js/error-summary\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert_strict(policy(response))
    # Without errors, the script is not loaded.
    assert "error-summary.js" not in client.get(url).content.decode()


@pytest.mark.parametrize("template", PUBLIC_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_public_templates_have_no_inline_script_handler_or_style(template):
    """What the strict policy would block: inline <script>, on*= handler attributes,
    javascript: URLs, style="…" attributes."""
    source = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source)
    assert not re.search(r"\son[a-z]+\s*=", source)
    assert "javascript:" not in source
    assert not re.search(r"\sstyle\s*=", source)


@pytest.mark.parametrize("script", STATIC_JS, ids=lambda p: p.name)
def test_our_scripts_build_no_blocked_html(script):
    """Our scripts build no HTML with handlers, style attributes or javascript: URLs,
    and never evaluate strings."""
    source = script.read_text()
    assert not re.search(r"""["'<][^"'\n]*\son[a-z]+=""", source)
    assert not re.search(r"""style=""", source)
    assert "javascript:" not in source
    assert not re.search(r"\beval\(|new Function\(", source)


def test_admin_pages_get_the_admin_policy(client, make_user):
    """Wagtail's admin needs inline <script> elements and styles; handler attributes,
    eval, plugins and other sites' frames stay blocked there too."""
    from consultation.models import ConsultationPage

    expected = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https://data.geopf.fr", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    assert policy(client.get("/admin/login/")) == expected
    client.force_login(make_user("csp-admin@example.org", is_superuser=True, is_staff=True))
    consultation = ConsultationPage.objects.live().first()
    for path in ["/admin/", "/admin/pages/", f"/admin/pages/{consultation.pk}/edit/",
                 "/admin/images/", "/admin/comite/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == expected, path
        assert permissions(response)["camera"] == "()"


def test_production_upgrades_insecure_requests(monkeypatch):
    """The production settings add upgrade-insecure-requests to both policies."""
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    production = importlib.import_module("portal.settings.production")
    for name in ("CONTENT_SECURITY_POLICY", "PORTAL_ADMIN_CONTENT_SECURITY_POLICY"):
        directives = getattr(production, name)["DIRECTIVES"]
        assert directives["upgrade-insecure-requests"] is True
    assert "upgrade-insecure-requests" not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


def test_previews_keep_the_page_policy_and_may_be_framed_by_the_admin(client, make_user):
    """Wagtail's previews (preview panel, "view draft") run a dummy request for the page's
    public URL: the page keeps the strict policy, but the admin may frame it."""
    from diagnostic.models import DiagnosticChapterPage

    client.force_login(make_user("csp-preview@example.org", is_superuser=True, is_staff=True))
    chapter = DiagnosticChapterPage.objects.live().first()
    response = client.get(f"/admin/pages/{chapter.pk}/view_draft/")
    assert response.status_code == 200
    assert chapter.title in response.content.decode()
    directives = policy(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert_strict({**directives, "frame-ancestors": ["'none'"]})
