"""gunicorn settings of the portal (read from the working directory by default, or with
``gunicorn -c gunicorn.conf.py portal.wsgi``). Command-line options override them.

- ``logger_class``: gunicorn's logger with private links (a submitter's
  ``/carte/mon-action/<token>/``, password reset links) redacted from the access log and
  the error log (portal.access_log, portal.log_filters);
- ``accesslog``: one line per request on standard output, next to Django's lines on
  standard error.
"""

logger_class = "portal.access_log.RedactingLogger"
accesslog = "-"
