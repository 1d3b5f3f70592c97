"""Full-page screenshots of the public pages, to judge the site's look (not a test).

Usage, against a running site with the demo content (``make run``)::

    .venv/bin/python tests/e2e/screenshots.py [--base-url http://127.0.0.1:8000]
        [--out /tmp/shots] [--print]

Input: the base URL of a running site (default ``http://127.0.0.1:8000``) and an output
folder outside the repository (default ``/tmp/shots``, created when missing). Output: one
PNG per page and size, ``<name>-<width>x<height>.png``, for the home page, ``/carte/``,
the first action of the map's list, ``/consultation/``, the first diagnostic chapter,
``/propositions/`` and the accessibility statement (``/accessibilite/``), at 1280 x 800
(desktop) and 390 x 844 (phone), each the full page; with ``--print``, also
``<name>-print.pdf`` rendered with the print stylesheet. Prints the path of each file
written. Uses Playwright with Debian's chromium
(``/usr/bin/chromium``, or ``PORTAL_CHROMIUM``); never downloads a browser. Exits with
status 1 when the site cannot be reached.
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
SIZES = [(1280, 800), (390, 844)]
PAGES = [
    ("home", "/"),
    ("carte", "/carte/"),
    ("action", None),  # the first action linked from /carte/'s list
    ("consultation", "/consultation/"),
    ("chapitre", None),  # the first chapter linked from /diagnostic/
    ("propositions", "/propositions/"),
    ("accessibilite", "/accessibilite/"),
]


def first_link(page, base_url, index_path, selector):
    """URL (str) of the first ``selector`` link on ``index_path``, or None."""
    page.goto(urljoin(base_url, index_path))
    link = page.locator(selector).first
    if not link.count():
        return None
    return urljoin(base_url, link.get_attribute("href"))


def main(argv=None):
    """Write the screenshots; returns the process exit status (0 or 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--print", action="store_true", help="also save each page as a PDF")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        scout = browser.new_page()
        try:
            urls = {
                "action": first_link(scout, args.base_url, "/carte/", ".initiative-item h3 a"),
                "chapitre": first_link(scout, args.base_url, "/diagnostic/", "main ol a, main ul a"),
            }
        except Error as error:
            print(f"Site unreachable at {args.base_url}: {error}", file=sys.stderr)
            return 1
        for name, path in PAGES:
            url = urls.get(name) if path is None else urljoin(args.base_url, path)
            if url is None:
                print(f"skipped {name}: no link found")
                continue
            for width, height in SIZES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="fr-FR"
                )
                page = context.new_page()
                page.goto(url)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
                if args.print and width == SIZES[0][0]:
                    page.emulate_media(media="print")
                    pdf = out / f"{name}-print.pdf"
                    page.pdf(path=str(pdf), format="A4")
                    print(pdf)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
