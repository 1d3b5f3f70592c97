"""Error views of the site (``handler400`` and ``handler500`` in ``portal.urls``)."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseServerError
from django.template import loader
from django.views import defaults

from portal.context_processors import portal_settings

from portal.request_size import refused_response

#: Django's refusals of a form post that is too large (raised when ``request.POST`` or
#: ``request.FILES`` is first read, by a view or by ``CsrfViewMiddleware``).
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request, exception):
    """``handler400``: the page of a request Django refused (HttpResponse).

    Input: the request and the ``SuspiciousOperation`` raised. A post too large or with
    too many fields (over ``DATA_UPLOAD_MAX_MEMORY_SIZE``/``DATA_UPLOAD_MAX_NUMBER_FIELDS``)
    gets :func:`portal.request_size.refused_response`: in the admin, a page telling the
    editor that the changes were not saved and how to get them back, instead of the
    public 400 page; elsewhere the French 413 page. Anything else: Django's
    ``bad_request`` (``templates/400.html``). Only used when ``DEBUG`` is off, as every
    ``handler400``.
    """
    if isinstance(exception, TOO_LARGE):
        return refused_response(request, exception)
    return defaults.bad_request(request, exception)


def server_error(request):
    """``handler500``: ``templates/500.html`` (HttpResponseServerError, status 500) in the
    site's default look, rendered as Django's own ``server_error`` does, from a plain
    context without the request, with :func:`portal.context_processors.portal_settings`'s
    defaults: no database query (the error may be the database's), no context processor.
    Django's minimal page when even that template fails."""
    try:
        html = loader.get_template("500.html").render({"portal": portal_settings(),
                                                       "site_menu": []})
    except Exception:
        return defaults.server_error(request, template_name="no-such-template.html")
    return HttpResponseServerError(html)
