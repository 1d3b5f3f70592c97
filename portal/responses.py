"""Responses of the public views that answer below a page (a form, its thank-you page, a
private link's page): rendered with the page as ``page`` and never cached.

Private pages send no ``Referer`` to other sites and are never indexed: their URL holds
a private token or link, and the map tiles come from a third party. ``same-origin``
rather than ``no-referrer``, with which browsers send ``Origin: null`` and Django's CSRF
check refuses the page's own forms.
"""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers


def render_page(request, page, template, context, status=200, private=False):
    """A TemplateResponse of ``template`` with ``page`` (a Wagtail Page) as ``page`` and
    ``self`` in ``context`` (dict), answered with ``status`` (int) and never cached
    (``Cache-Control: no-cache, no-store, must-revalidate, private, max-age=0``).

    ``private=True`` adds ``Referrer-Policy: same-origin`` and ``X-Robots-Tag: noindex``
    (pages whose URL holds a private token or link).
    """
    context = {"page": page, "self": page, **context}
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    if private:
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
    return response
