"""``/theme.css``: the theme stylesheet named by its URL (``portal.theme.theme_url``)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.theme import css_digest, theme_css

#: Lifetime (seconds) of a stylesheet whose URL carries its current digest: a year, as
#: for static files (the URL changes with the colours and with the code).
IMMUTABLE_SECONDS = 365 * 24 * 3600
#: Lifetime (seconds) of a stylesheet asked for with another digest (a page written by an
#: older version of the code): the right colours, kept briefly.
STALE_SECONDS = 300


@require_safe
def theme_stylesheet(request):
    """GET ``/theme.css?a=<accent>&p=<primary>&v=<digest>``: the theme stylesheet
    (``text/css``) of those two colours (``rrggbb``, no ``#``).

    No database query: the colours are in the URL, and every page links the URL of its
    site's colours (``portal.context_processors``), so the stylesheet is served during a
    database outage too (``portal.outage`` leaves this path alone). ``Cache-Control:
    public`` for a year, ``immutable``, when ``v`` is the digest of what is served, five
    minutes otherwise. A colour missing or not hexadecimal: 400 with a French plain-text
    message. Any colour is served (the contrast rules apply to what staff save, in
    ``portal.site_identity``), since only the site's own pages link it.
    """
    try:
        css = theme_css({"primary": "#" + request.GET.get("p", ""),
                         "accent": "#" + request.GET.get("a", "")})
    except ValueError:
        return HttpResponseBadRequest(
            _("The colours of the theme must be six hexadecimal digits."),
            content_type="text/plain; charset=utf-8")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == css_digest(css):
        patch_cache_control(response, public=True, max_age=IMMUTABLE_SECONDS, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=STALE_SECONDS)
    return response
