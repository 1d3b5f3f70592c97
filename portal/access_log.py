"""gunicorn's logger with private links redacted, as text or JSON lines (used by
``gunicorn.conf.py``)."""

import logging
import logging.handlers

from gunicorn.glogging import Logger

from portal.health import PATH as HEALTH_PATH
from portal.log_filters import RedactPrivateLinks, redact
from portal.log_format import AccessJsonFormatter, JsonFormatter


class RedactingLogger(Logger):
    """gunicorn's ``Logger`` whose access log and error log never hold a private link.

    Every value of the access log line (request line ``%(r)s``, path ``%(U)s``, query
    ``%(q)s``, Referer ``%(f)s``, any request or response header or environ variable) goes
    through :func:`portal.log_filters.redact`, and both of gunicorn's loggers
    (``gunicorn.access``, ``gunicorn.error``, whose "Error handling request <uri>" names
    the path) carry :class:`portal.log_filters.RedactPrivateLinks`, so whatever
    ``access_log_format`` or handlers an operator configures, the line is redacted.
    Successful answers of the health check (``/healthz``, polled every few seconds by
    load balancers) are not written to the access log; its failures are.
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

    def access(self, resp, req, environ, request_time):
        """gunicorn's access line, except for a successful ``/healthz``."""
        if environ.get("PATH_INFO") == HEALTH_PATH and str(resp.status).startswith("2"):
            return
        super().access(resp, req, environ, request_time)


class JsonRedactingLogger(RedactingLogger):
    """:class:`RedactingLogger` writing JSON lines (``PORTAL_LOG_FORMAT=json``): the
    handlers gunicorn sets up for its error log (stderr or ``--error-logfile``) get
    :class:`portal.log_format.JsonFormatter`, those of its access log
    :class:`portal.log_format.AccessJsonFormatter` (the request's parts as fields).
    Handlers configured by the operator (``logconfig``, ``logconfig_dict``, syslog) keep
    their own format."""

    def setup(self, cfg):
        super().setup(cfg)
        for log, formatter in ((self.error_log, JsonFormatter()),
                               (self.access_log, AccessJsonFormatter())):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False) and not isinstance(
                        handler, logging.handlers.SysLogHandler):
                    handler.setFormatter(formatter)
