#!/usr/bin/env python3
"""Fetch the same paths from two running copies of the portal and compare the answers.

Used after a restore (deploy/rehearse-restore.sh, and CI): the copy served from the
restored database must answer every path with 200 and the same body as the original,
once the parts that differ on every request are blanked out (:func:`normalise`).

    compare_sites.py ORIGINAL_URL RESTORED_URL PATH [PATH ...]

e.g. ``compare_sites.py http://127.0.0.1:8766 http://127.0.0.1:8767 / /carte/``.
Requests carry ``X-Forwarded-Proto: https`` and ``X-Forwarded-For`` as a reverse proxy
would, and the ``Host`` of ``PORTAL_BASE_URL`` when that variable is set (so that the
production ``ALLOWED_HOSTS`` accept them). Exit status 0 when every path matches, 1
otherwise, with a unified diff of each difference on standard output. Standard library
only: it runs with any Python 3.
"""

import difflib
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

#: Hidden inputs whose value changes on every rendering: Django's masked CSRF token and
#: the one-time token of the public forms.
PER_REQUEST_INPUTS = ("csrfmiddlewaretoken", "form_token")
_INPUT = re.compile(
    r"<input\b[^>]*\bname=\"(?:%s)\"[^>]*>" % "|".join(PER_REQUEST_INPUTS))
_VALUE = re.compile(r'\bvalue="[^"]*"')
# Content-Security-Policy nonces, should a page ever carry one.
_NONCE = re.compile(r'\bnonce="[^"]*"')
DIFF_LINES = 60


def normalise(body, content_type):
    """The comparable text of one answer.

    Input: the body (bytes) and its Content-Type header (str). Output: str. JSON is
    re-serialised with sorted keys and one value per line (key order and spacing do not
    count); HTML and other text have the values of :data:`PER_REQUEST_INPUTS` and any
    ``nonce`` attribute replaced by a fixed placeholder. Invalid UTF-8 is replaced, never
    an error.
    """
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type:
        try:
            return json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False)
        except ValueError:
            return text
    text = _INPUT.sub(lambda m: _VALUE.sub('value="(per request)"', m.group(0)), text)
    return _NONCE.sub('nonce="(per request)"', text)


def fetch(base_url, path, host=None):
    """GET base_url + path as through a reverse proxy: (status int, Content-Type, bytes).

    Redirects are not followed (a 3xx is reported as such); network errors raise
    ``urllib.error.URLError``.
    """
    request = urllib.request.Request(base_url.rstrip("/") + path, headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.10",
        **({"Host": host} if host else {})})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def compare(original_url, restored_url, paths, host=None, out=sys.stdout):
    """Compare every path on both sites; print one line per path (and diffs).

    Output: the number of paths that differ or do not answer 200 on both (int).
    """
    failures = 0
    for path in paths:
        status_a, type_a, body_a = fetch(original_url, path, host)
        status_b, type_b, body_b = fetch(restored_url, path, host)
        if status_a != 200 or status_b != 200:
            print(f"FAIL {path}: original {status_a}, restored {status_b} (200 expected)", file=out)
            failures += 1
            continue
        text_a, text_b = normalise(body_a, type_a), normalise(body_b, type_b)
        if text_a == text_b:
            print(f"same {path} ({len(body_a)} bytes)", file=out)
            continue
        failures += 1
        print(f"FAIL {path}: the restored copy answers differently", file=out)
        diff = list(difflib.unified_diff(
            text_a.splitlines(), text_b.splitlines(), "original" + path, "restored" + path,
            lineterm=""))
        print("\n".join(diff[:DIFF_LINES]), file=out)
        if len(diff) > DIFF_LINES:
            print(f"... {len(diff) - DIFF_LINES} more diff lines", file=out)
    return failures


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    base_url = os.environ.get("PORTAL_BASE_URL")
    host = urllib.parse.urlsplit(base_url).netloc if base_url else None
    failures = compare(argv[0], argv[1], argv[2:], host)
    if failures:
        print(f"FAIL: {failures} of {len(argv) - 2} paths differ after the restore")
        return 1
    print(f"OK: {len(argv) - 2} paths answer the same after the restore")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
