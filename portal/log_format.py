"""Log lines as JSON objects in production (python-json-logger), or as text.

Log collectors (journald, Loki, Elasticsearch, a hosting provider's console) read one
JSON object per line without parsing free text. The format is chosen by the environment
variable ``PORTAL_LOG_FORMAT``: ``json`` (production's default) or ``text``. It applies
to Django's logging (``portal/settings/production.py``) and to gunicorn's access and
error logs (``gunicorn.conf.py``, :mod:`portal.access_log`).

Every JSON line holds ``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message``,
``process`` (the worker's id), then ``exc_info`` (the traceback) when there is one and
the record's extra fields (Django's ``status_code``...), never the ``request`` object
that Django attaches (its text would hold the whole query string). Private links are
redacted before formatting by the filter every handler runs first
(:mod:`portal.log_filters`), so the JSON carries the redacted message.
"""

import os
from datetime import datetime, timezone

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

#: Environment variable naming the format, and its values.
ENV = "PORTAL_LOG_FORMAT"
JSON, TEXT = "json", "text"
FORMATS = (JSON, TEXT)
#: The text lines' format (``logging`` %-style), with the same fields as the JSON.
TEXT_FORMAT = "%(asctime)s [%(levelname)s] %(name)s (%(process)d): %(message)s"
#: Record attributes never written: Django's ``request`` (an HttpRequest or, from
#: runserver, a socket).
EXCLUDED_EXTRA = ("request",)


def log_format(default=JSON):
    """The log format asked by ``PORTAL_LOG_FORMAT`` (str, ``"json"`` or ``"text"``;
    ``default`` when unset or empty). Raises ImproperlyConfigured for any other value."""
    value = (os.environ.get(ENV) or default).strip().lower()
    if value not in FORMATS:
        raise ImproperlyConfigured(f"{ENV} must be one of {', '.join(FORMATS)}, not {value!r}.")
    return value


class JsonFormatter(_BaseJsonFormatter):
    """python-json-logger's formatter writing ``time``, ``level``, ``logger``,
    ``message``, ``process``, then ``exc_info`` and extra fields (see the module).

    Input: a ``logging.LogRecord``. Output: one line of JSON (str), non-ASCII letters
    kept as they are (French messages stay readable).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(process)d")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *EXCLUDED_EXTRA])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(**kwargs)

    def add_fields(self, log_data, record, message_dict):
        """``time`` first (the record's creation, UTC, milliseconds), then the others."""
        log_data["time"] = datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(
            timespec="milliseconds")
        super().add_fields(log_data, record, message_dict)


#: gunicorn's access log atoms written as JSON fields (atom -> field name).
ACCESS_FIELDS = {
    "h": "remote_addr", "m": "method", "U": "path", "q": "query", "H": "protocol",
    "s": "status", "B": "bytes", "f": "referer", "a": "user_agent",
}


class AccessJsonFormatter(JsonFormatter):
    """:class:`JsonFormatter` for gunicorn's access log: the line of
    ``access_log_format`` as ``message`` and the request's parts as fields
    (:data:`ACCESS_FIELDS`, plus ``duration_ms``), taken from the atoms gunicorn passes
    as the record's arguments (already redacted by :mod:`portal.access_log`). ``status``
    and ``bytes`` are ints; a missing value is null."""

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        for atom, field in ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if field in ("status", "bytes"):
                value = _int_or_none(value)
            elif value in ("-", ""):
                value = None
            log_data[field] = value
        micros = _int_or_none(atoms.get("D"))
        log_data["duration_ms"] = round(micros / 1000, 1) if micros is not None else None


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def formatter_config(kind):
    """The ``formatters`` entry (dict for ``logging.config.dictConfig``) of ``kind``
    (``"json"`` or ``"text"``)."""
    if kind == JSON:
        return {"()": JsonFormatter}
    return {"format": TEXT_FORMAT}
