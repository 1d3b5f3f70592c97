"""gunicorn's logger with private links redacted (used by ``gunicorn.conf.py``)."""

from gunicorn.glogging import Logger

from portal.log_filters import RedactPrivateLinks, redact


class RedactingLogger(Logger):
    """gunicorn's ``Logger`` whose access log and error log never hold a private link.

    Every value of the access log line (request line ``%(r)s``, path ``%(U)s``, query
    ``%(q)s``, Referer ``%(f)s``, any request or response header or environ variable) goes
    through :func:`portal.log_filters.redact`, and both of gunicorn's loggers
    (``gunicorn.access``, ``gunicorn.error``, whose "Error handling request <uri>" names
    the path) carry :class:`portal.log_filters.RedactPrivateLinks`, so whatever
    ``access_log_format`` or handlers an operator configures, the line is redacted.
    Input: gunicorn's ``Config``, as for ``Logger``.
    """

    def __init__(self, cfg):
        super().__init__(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, RedactPrivateLinks) for f in log.filters):
                log.addFilter(RedactPrivateLinks())

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's atoms (dict of format key -> value) with every str value redacted."""
        return {key: redact(value) for key, value in
                super().atoms(resp, req, environ, request_time).items()}
