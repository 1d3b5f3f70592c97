"""The one row/column builder of committee exports (DESIGN §3, §8 "Stock export").

Every surface that shows submissions as a table (the committee's admin list, CSV now,
XLSX and ODS later) reads :class:`ExportTable`:

- columns: submission id, date/time in Europe/Paris, then the page's current questions
  in form order headed by their *current* label (a renamed question keeps its key, so
  old and new answers share one column: case C1), then questions since removed whose
  answers are still in ``form_data`` (headed by their last known label);
- cells: readable text: Theme labels, "Commune (INSEE)" labels, ``portal.choices``
  labels; several answers of a multiple choice are joined with "; " (an option holding a
  comma stays one option: case C3).

Writers stay thin: :func:`iter_csv` streams CSV (UTF-8 with BOM, comma-separated: case
C4) row by row.
"""

import csv
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.choices import AGE_BANDS, HELPERS, SITUATIONS, label_for

#: Separator between the answers of a multiple choice in one cell.
MULTI_SEPARATOR = "; "
#: Date/time format of the date column (local time, Europe/Paris).
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
#: Submissions read per database round trip when streaming.
CHUNK_SIZE = 500

FIXED_CHOICES = {"age_band": AGE_BANDS, "situation": SITUATIONS, "helped_by": HELPERS}


@dataclass(frozen=True)
class Column:
    """A question column: ``key`` (form_data key), ``label`` (header, str),
    ``field_type`` (Wagtail/our field type, "" for a removed question), ``removed``."""

    key: str
    label: str
    field_type: str = ""
    removed: bool = False


class ExportTable:
    """Columns and rows of the submissions of one ConsultationPage.

    Input: the page (specific ConsultationPage) and optionally a queryset of its
    submissions (default: all, oldest first). Times are converted to Europe/Paris
    (``settings.TIME_ZONE``). Build once per export; reads the Theme and Commune lists
    once.
    """

    def __init__(self, page, submissions=None):
        from portal.models import Commune, Theme

        self.page = page
        if submissions is None:
            submissions = page.get_submissions().order_by("submit_time", "pk")
        self.submissions = submissions
        self.theme_labels = dict(Theme.objects.values_list("slug", "label"))
        self.commune_labels = {
            code: f"{name} ({code})"
            for code, name in Commune.objects.values_list("insee_code", "name")
        }
        self.columns = self._build_columns()

    def _build_columns(self):
        from .forms import CHOICE_TYPES, NO_ANSWER_TYPES, OTHER_SUFFIX

        columns = []
        for f in self.page.get_form_fields():
            if f.field_type in NO_ANSWER_TYPES:
                continue
            columns.append(Column(f.clean_name, f.label, f.field_type))
            if f.allow_other and f.field_type in CHOICE_TYPES:
                # The "please specify" text sits next to its choice.
                columns.append(Column(
                    f.clean_name + OTHER_SUFFIX,
                    _("%(label)s — other (please specify)") % {"label": f.label},
                ))
        known = {c.key for c in columns}
        removed = []
        for data in self.submissions.values_list("form_data", flat=True).iterator(
            chunk_size=CHUNK_SIZE
        ):
            for key in data or {}:
                if key not in known:
                    known.add(key)
                    removed.append(key)
        labels = self._past_labels(set(removed)) if removed else {}
        columns += [Column(k, labels.get(k, k), "", True) for k in removed]
        return columns

    def _past_labels(self, keys):
        """Last label each removed key had, read from the page's revisions (newest first).

        Output: dict key -> label (keys never found are absent)."""
        found = {}
        for content in self.page.revisions.order_by("-created_at", "-pk").values_list(
            "content", flat=True
        ).iterator(chunk_size=50):
            for item in (content or {}).get("form_fields", []) or []:
                key = item.get("clean_name")
                if key in keys and key not in found and item.get("label"):
                    found[key] = item["label"]
            if len(found) == len(keys):
                break
        return found

    def header(self):
        """Output: list of str: "Submission ID", date column, then column labels."""
        return [_("Submission ID"), _("Date and time (Europe/Paris)")] + [
            c.label for c in self.columns
        ]

    def format_value(self, column, value):
        """Readable text (str) of one answer; "" for no answer."""
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, (list, tuple)):
            return MULTI_SEPARATOR.join(self._one(column, v) for v in value)
        return self._one(column, value)

    def _one(self, column, value):
        kind = column.field_type
        if kind == "themes":
            return self.theme_labels.get(value, str(value))
        if kind == "commune":
            return self.commune_labels.get(value, str(value))
        if kind in FIXED_CHOICES:
            return label_for(FIXED_CHOICES[kind], value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return str(value)

    def local_time(self, moment):
        """Output: ``moment`` (aware datetime) as "YYYY-MM-DD HH:MM:SS" in Europe/Paris."""
        if isinstance(moment, datetime.datetime):
            return timezone.localtime(moment).strftime(DATETIME_FORMAT)
        return str(moment or "")

    @staticmethod
    def safe_cell(text):
        """Text (str) that spreadsheets cannot run as a formula (OWASP "CSV injection").

        A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
        leading apostrophe, which Excel and LibreOffice read as "this is text".
        """
        if text and text[0] in "=+-@\t\r":
            return "'" + text
        return text

    def row(self, submission):
        """Output: list of str for one submission, aligned on :meth:`header`."""
        data = submission.form_data or {}
        return [str(submission.pk), self.local_time(submission.submit_time)] + [
            self.safe_cell(self.format_value(c, data.get(c.key))) for c in self.columns
        ]

    def rows(self):
        """Generator of data rows (lists of str), oldest first, read in chunks."""
        for submission in self.submissions.iterator(chunk_size=CHUNK_SIZE):
            yield self.row(submission)


class _Echo:
    """File-like object whose ``write`` returns the text it is given."""

    def write(self, value):
        return value


def iter_csv(table, delimiter=","):
    """Stream ``table`` as CSV text chunks (str), one per row.

    The first chunk starts with the UTF-8 BOM (U+FEFF) so that Excel reads UTF-8 (case
    C4). Encode each chunk in UTF-8. Rows end with CRLF (RFC 4180).
    """
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow(table.header())
    for row in table.rows():
        yield writer.writerow(row)
