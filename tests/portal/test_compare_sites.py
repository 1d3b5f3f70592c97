"""deploy/compare_sites.py, which checks a restored copy of the site against the original
(CI and the operator's restore rehearsal): per-request tokens do not count, any other
difference fails with a diff."""

import importlib.util
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "compare_sites", Path(__file__).resolve().parents[2] / "deploy" / "compare_sites.py")
compare_sites = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_sites)

FORM = ('<main><h1>{title}</h1><form method="post">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="form_token" value="{token}" id="id_form_token">'
        '<script nonce="{csrf}" src="/static/a.js"></script></form></main>')


def serve(pages):
    """A loopback HTTP server answering GET path -> (status, content type, body str)."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, content_type, body = pages[self.path]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def sites():
    servers = []

    def start(pages):
        servers.append(serve(pages))
        return f"http://127.0.0.1:{servers[-1].server_port}"
    yield start
    for server in servers:
        server.shutdown()


def test_tokens_differ_pages_match(sites):
    html = "text/html; charset=utf-8"
    original = sites({"/": (200, html, FORM.format(title="Consultation", csrf="a1", token="t1")),
                      "/api/": (200, "application/json", '{"b": 1, "a": [1, 2]}')})
    restored = sites({"/": (200, html, FORM.format(title="Consultation", csrf="b2", token="t2")),
                      "/api/": (200, "application/json", '{"a": [1, 2],  "b": 1}')})
    out = io.StringIO()
    assert compare_sites.compare(original, restored, ["/", "/api/"], out=out) == 0
    assert "same /" in out.getvalue() and "same /api/" in out.getvalue()


def test_any_other_difference_fails_with_a_diff(sites):
    html = "text/html"
    original = sites({"/": (200, html, FORM.format(title="Consultation", csrf="a", token="t")),
                      "/api/": (200, "application/json", '{"count": 33}'),
                      "/x/": (200, html, "ok")})
    restored = sites({"/": (200, html, FORM.format(title="Consultations", csrf="a", token="t")),
                      "/api/": (200, "application/json", '{"count": 32}'),
                      "/x/": (404, html, "not found")})
    out = io.StringIO()
    assert compare_sites.compare(original, restored, ["/", "/api/", "/x/"], out=out) == 3
    report = out.getvalue()
    assert "+<main><h1>Consultations</h1>" in report
    assert '-"count": 33' in report.replace(' "count"', '"count"')
    assert "FAIL /x/: original 200, restored 404" in report
