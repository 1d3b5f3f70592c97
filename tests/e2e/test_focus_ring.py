"""The keyboard focus indicator reaches 3:1 against every background it appears on
(RGAA 3.3, WCAG 1.4.11 and 2.4.7), with the default theme colours and with another valid
pair staff may choose: header links (on the main colour), the skip link, links in the
page (white), buttons, form fields, footer links and table-of-contents links (light grey
panels), and the map's zoom control on /carte/.

Each element is focused, then the browser's computed style gives the ring (outline) and
its halo (box-shadow), and the first opaque background behind the element; the ring must
contrast 3:1 with the halo, and the ring or the halo 3:1 with that background. A
screenshot then checks that the ring and the halo are really painted next to the element.
"""

import io

import pytest

from portal.contrast import NON_TEXT_MINIMUM, contrast_ratio

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: The second valid pair of the site identity tests.
OTHER = {"primary": "#1d5e20", "accent": "#6a1b9a"}

#: The focused element's ring, halo and background, as computed by the browser.
MEASURE = """(el) => {
  const hex = (rgb) => {
    const m = rgb.match(/rgba?\\((\\d+),\\s*(\\d+),\\s*(\\d+)(?:,\\s*([\\d.]+))?\\)/);
    if (!m || (m[4] !== undefined && parseFloat(m[4]) === 0)) return null;
    return '#' + [m[1], m[2], m[3]].map((v) => (+v).toString(16).padStart(2, '0')).join('');
  };
  const style = getComputedStyle(el);
  let background = null;
  for (let p = el.parentElement; p && !background; p = p.parentElement) {
    background = hex(getComputedStyle(p).backgroundColor);
  }
  const shadow = style.boxShadow.match(/(rgba?\\([^)]*\\))\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px\\s+([\\d.]+)px\\s+([\\d.]+)px/);
  const box = el.getBoundingClientRect();
  return {
    focused: document.activeElement === el,
    ring: style.outlineStyle === 'none' ? null : hex(style.outlineColor),
    ringWidth: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset),
    halo: shadow ? hex(shadow[1]) : null, haloSpread: shadow ? parseFloat(shadow[5]) : 0,
    background: background || '#ffffff',
    box: {x: box.x, y: box.y, width: box.width, height: box.height},
  };
}"""


def set_colours(colours):
    from wagtail.models import Site

    from portal.site_identity import SiteIdentity

    if colours is None:
        SiteIdentity.objects.all().delete()
        return
    site = Site.objects.get(is_default_site=True)
    SiteIdentity.objects.update_or_create(site=site, defaults={
        "primary_colour": colours["primary"], "accent_colour": colours["accent"]})


def pixel(image, x, y):
    r, g, b = image.getpixel((round(x), round(y)))[:3]
    return f"#{r:02x}{g:02x}{b:02x}"


def close(first, second, tolerance=24):
    return all(abs(int(first[i:i + 2], 16) - int(second[i:i + 2], 16)) <= tolerance
               for i in (1, 3, 5))


def check_ring(page, locator, label, accent):
    """Focus ``locator`` and check its indicator (see the module's docstring)."""
    from PIL import Image

    locator.scroll_into_view_if_needed()
    locator.focus()
    found = locator.evaluate(MEASURE)
    assert found["focused"], label
    ring, halo, background = found["ring"], found["halo"], found["background"]
    assert ring == accent, (label, found)
    assert found["ringWidth"] >= 2, (label, found)
    assert halo is not None and found["haloSpread"] > found["offset"] + found["ringWidth"], (
        label, found)
    assert contrast_ratio(ring, halo) >= NON_TEXT_MINIMUM, (label, found)
    best = max(contrast_ratio(ring, background), contrast_ratio(halo, background))
    assert best >= NON_TEXT_MINIMUM, (label, found, best)
    # Painted: left of the element, the ring's middle, then the halo's outer band.
    box = found["box"]
    y = box["y"] + min(box["height"], 16) / 2
    ring_x = box["x"] - found["offset"] - found["ringWidth"] / 2
    halo_x = box["x"] - (found["offset"] + found["ringWidth"] + found["haloSpread"]) / 2
    assert halo_x >= 2, (label, found)
    shot = Image.open(io.BytesIO(page.screenshot()))
    assert close(pixel(shot, ring_x, y), ring), (label, pixel(shot, ring_x, y), ring)
    assert close(pixel(shot, halo_x, y), halo), (label, pixel(shot, halo_x, y), halo)


def footer_link(page):
    """A link of the footer (one is added to the page when the footer has none yet)."""
    links = page.locator(".site-footer a")
    if links.count() == 0:
        page.evaluate("""() => { const a = document.createElement('a'); a.href = '#';
            a.textContent = 'Plan du site'; document.querySelector('.site-footer p').append(' ', a); }""")
    return page.locator(".site-footer a").first


@pytest.mark.parametrize("colours", [None, OTHER], ids=["default", "other"])
def test_focus_ring_contrasts_on_every_background(page, settings, colours):
    from diagnostic.models import DiagnosticChapterPage

    settings.PORTAL_MAP_TILE_URL = ""
    set_colours(colours)
    accent = (colours or settings.PORTAL_COLORS)["accent"]
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(page.base_url + "/")
    check_ring(page, page.locator(".site-header .menu a").first, "header link", accent)
    check_ring(page, page.locator(".site-header .brand"), "header logo link", accent)
    check_ring(page, page.locator(".skip-link"), "skip link", accent)
    check_ring(page, page.locator("main a.button").first, "button", accent)
    check_ring(page, footer_link(page), "footer link", accent)

    page.goto(page.base_url + "/propositions/")
    check_ring(page, page.locator("main [aria-expanded]").first, "disclosure button", accent)
    page.locator("main [aria-expanded]").first.click()  # the form is behind this button
    check_ring(page, page.locator(".form-field input[type=text]:visible, "
                                  ".form-field textarea:visible").first, "form field", accent)
    check_ring(page, page.locator("main button[type=submit]").first, "submit button", accent)

    chapter = DiagnosticChapterPage.objects.live().first()
    page.goto(page.base_url + chapter.url)
    check_ring(page, page.locator(".toc a").first, "table of contents link (grey panel)",
               accent)

    page.goto(page.base_url + "/carte/")
    check_ring(page, page.locator("main .initiatives-list a").first, "body link", accent)
    zoom = page.locator(".leaflet-control-zoom-in")
    zoom.wait_for()
    check_ring(page, zoom, "map zoom control", accent)
