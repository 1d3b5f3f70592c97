"""The one row/column builder of committee exports, and its thin writers: one source
of truth for every table of answers, instead of the form builder's stock export.

Every surface that shows submissions as a table (the committee's admin list and detail,
CSV, CSV for French Excel, XLSX, ODS, the background export task) reads
:class:`ExportTable`, whose one cell renderer (:meth:`ExportTable._compile`) gives every
format its cells; CSV only adds the formula guard and quoting:

- columns: submission id, date/time in Europe/Paris, how the answer came (channel,
  questionnaire version, operator as a pseudonymous "Opérateur N" and never a name or an
  e-mail, batch number, paper form number: :data:`PROVENANCE_COLUMNS`, read in the same
  query as the answers), then the page's current questions
  in form order headed by their *current* label (a renamed question keeps its key, so
  old and new answers share one column); a question offering "Other" is
  followed by its "please specify" text; a multiple choice gives its readable joined
  column then one 0/1 column per option (``expand_options``); then questions since
  removed whose answers are still stored (headed by their last known label); then, only
  for users entitled to them, the contact details (``include_contact``);
- cells: readable text (Theme labels, "Commune (INSEE)", ``portal.choices`` labels;
  several answers joined with "; ", so an option holding a comma stays one option),
  line separators other than CR/LF turned into spaces (a ``\\x0b`` pasted from Word
  reads as a space) and other control characters removed, so no cell breaks a file;
  in XLSX and ODS the submit time and date answers are date-time values;
- a codebook: key, label, type, options, whether the question is still in the form, and
  when a conditional question is shown ("« question » = answer").

Formula safety (OWASP "CSV injection") depends on the format: CSV cannot say
"this is text", so a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a
leading apostrophe; XLSX and ODS cells are written as typed strings, which Excel and
LibreOffice never evaluate, so "+33 6 12 34 56 78" and "- loyer trop cher" read exactly
as the resident wrote them.
"""

import csv
import datetime
import io
import re
import tempfile
from dataclasses import dataclass

import orjson
from django.db import connections
from django.db.models import Func, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.csv_files import csv_safe, csv_text
from portal.models import Commune, Theme

from ..questionnaire.channels import CHANNELS, VERSIONS, channel_label, version_label
from ..questionnaire.conditions import resolve_question
from ..questionnaire.forms import OTHER_SUFFIX
from ..questionnaire.keys import key_from_label
from ..questionnaire.models import AnswerKey
from ..questionnaire.question_types import (
    CHOICE_TYPES,
    DATE_TYPES,
    FIELD_TYPE_CHOICES,
    FIXED_CHOICES,
    MULTIPLE_TYPES,
    NO_ANSWER_TYPES,
    other_value,
)
from .filters import question_choices

#: Separator between the answers of a multiple choice in one cell.
MULTI_SEPARATOR = "; "
#: Date/time format of the date column in CSV (local time, Europe/Paris).
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
#: Number formats of date-time and date cells in XLSX (Excel's codes; French order).
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
#: XLSX column widths, in characters: each column is as wide as its header and the
#: cells of its first XLSX_WIDTH_SAMPLE rows, within these bounds.
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH, XLSX_WIDTH_SAMPLE = 10, 60, 1000
#: Submissions read per database round trip when streaming.
CHUNK_SIZE = 500
#: Characters that separate lines or pages in other software (vertical tab and form
#: feed from Word, file/group/record separators, NEL, Unicode line and paragraph
#: separators): each becomes a space, so the words around it never run together.
_SEPARATOR = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Every character an exported cell must not hold: the separators above, and the
#: other control characters, which are removed (XML 1.0 forbids them in XLSX and ODS;
#: \t \n \r are kept).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_REMOVED = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")
#: Kinds of the steps of ExportTable._compile.
_ANSWER, _OPTIONS, _CONTACT = 0, 1, 2
#: CSV lines per streamed chunk (the header is a chunk of its own, sent at once).
CSV_LINES_PER_CHUNK = 200
#: Distinct answers remembered per column by :meth:`ExportTable.csv_lines` (bounded
#: memory: free-text columns stop being remembered once this many are seen).
CSV_MEMO_SIZE = 1024
#: Longer texts are never remembered (free text seldom repeats; memory stays small).
CSV_MEMO_MAX_LENGTH = 200
#: The mark of a question the submission did not answer (``dict.get`` default).
_ABSENT = object()
#: The provenance columns, right after the date column: (codebook key, header). Their
#: cells come from the submission's ``channel``, ``version``, ``operator_id``,
#: ``batch_id`` and ``paper_number``, read in the rows' own query (ids, no join).
PROVENANCE_COLUMNS = [
    ("canal", _lazy("Channel")),
    ("version", _lazy("Questionnaire version")),
    ("operateur", _lazy("Operator")),
    ("lot", _lazy("Batch")),
    ("numero_formulaire", _lazy("Form no.")),
]
#: The submission fields read for :data:`PROVENANCE_COLUMNS`, in that order.
PROVENANCE_FIELDS = ("channel", "version", "operator_id", "batch_id", "paper_number")


@dataclass(frozen=True)
class Column:
    """One column: ``key`` (form_data key, or "contact.<name>"), ``label`` (header),
    ``field_type`` ("" for a removed question), ``removed`` (bool), ``kind`` ("answer",
    "other", "option" or "contact") and, for an "option" column, ``option`` (the stored
    value it counts)."""

    key: str
    label: str
    field_type: str = ""
    removed: bool = False
    kind: str = "answer"
    option: str = ""


def clean_text(text):
    """``text`` (str) as an export cell holds it (str): line and page separators other
    than CR and LF (``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, NEL, U+2028, U+2029) become
    a space ("a\\x0bb" -> "a b"); the other control characters, which spreadsheets
    refuse (XML 1.0), are removed; tab, CR and LF are kept."""
    if not _CONTROL.search(text):
        return text
    return _REMOVED.sub("", _SEPARATOR.sub(" ", text))


def time_cell(moment, typed=False, tz=None):
    """The cell of a moment (submit time, date received), for every export format:
    ``moment`` (aware datetime) as "YYYY-MM-DD HH:MM:SS" text of local time in ``tz``
    (default: the current time zone, Europe/Paris), or with ``typed`` (XLSX, ODS) as a
    naive local datetime (see :func:`spreadsheet_datetime`). Anything else (a text the
    database already formatted, None) comes back as its text ("" for None)."""
    if isinstance(moment, datetime.datetime):
        if typed:
            return spreadsheet_datetime(moment, tz)
        return moment.astimezone(tz or timezone.get_current_timezone()).strftime(
            DATETIME_FORMAT)
    return str(moment or "")


def _answer_renderer(formatter):
    """The renderer of an answer column (see :meth:`ExportTable._compile`), from the
    column's formatter (see :meth:`ExportTable._formatter`): stored answer or
    ``_ABSENT`` -> str cell."""
    labels = formatter.labels

    def render(value):
        if value.__class__ is str:
            if labels is not None and value:
                value = labels.get(value, value)
        elif value is _ABSENT or value is None or value == []:
            return ""
        else:
            value = formatter(value)
        return clean_text(value)

    return render


def _date_renderer(render, kind, tz):
    """``render`` (an answer renderer) whose non-empty text, when it reads as an ISO
    date, becomes a ``datetime.date`` (``kind`` "date") or a naive ``datetime`` of
    local time in ``tz`` (date-time questions): the cell XLSX and ODS show as a date.
    Other texts stay text."""
    def render_date(value):
        text = render(value)
        if not text:
            return text
        try:
            if kind == "date":
                return datetime.date.fromisoformat(text)
            return spreadsheet_datetime(datetime.datetime.fromisoformat(text), tz)
        except ValueError:
            return text

    return render_date


def _options_renderer(options):
    """The renderer of the 0/1 columns of a multiple choice (see
    :meth:`ExportTable._compile`): stored answer (one value or a list) -> list of int
    cells, 1 for each of ``options`` (tuple of stored values) it holds, else 0;
    ``_ABSENT`` (question not answered) -> "" in each cell. ``render.options`` holds
    ``options``."""
    blank = [""] * len(options)

    def render(value):
        if value is _ABSENT:
            return blank
        chosen = value if isinstance(value, (list, tuple)) else [value]
        return [1 if option in chosen else 0 for option in options]

    render.options = options
    return render


def _contact_renderer(value):
    """The cell of a contact detail (str or None) -> str, cleaned (see
    :meth:`ExportTable._compile`)."""
    return clean_text(value or "")


def _csv_fragment(kind, render, delimiter):
    """The CSV text of one step of :meth:`ExportTable._compile`: a function mapping a
    stored value (or ``_ABSENT``) to its cells as ``csv.writer`` writes them, from what
    ``render`` gives: every cell through :func:`csv_safe`, quoted when it holds
    ``delimiter``, ``"``, CR or LF; option cells joined with ``delimiter``. Finished
    texts are remembered per step (see :meth:`ExportTable.csv_lines`)."""
    needs_quotes = re.compile("[%s\"\r\n]" % re.escape(delimiter)).search

    if kind == _OPTIONS:
        def convert(value):
            return delimiter.join([str(cell) for cell in render(value)])
    else:
        def convert(value):
            text = csv_safe(render(value))
            if needs_quotes(text):
                return '"' + text.replace('"', '""') + '"'
            return text

    memo = {}

    def fragment(value):
        # Only texts, lists of texts (as tuples) and _ABSENT are remembered: no other
        # value can equal them, so True and 1 (equal dict keys) never share a text.
        key = tuple(value) if value.__class__ is list else value
        try:
            return memo[key]
        except KeyError:
            text = convert(value)
            if len(memo) < CSV_MEMO_SIZE and (
                (key.__class__ is str and len(key) <= CSV_MEMO_MAX_LENGTH)
                or key is _ABSENT or (
                    key.__class__ is tuple and all(item.__class__ is str for item in key))
            ):
                memo[key] = text
            return text
        except TypeError:  # unhashable: a dict, a list holding lists
            return convert(value)

    return fragment


class ExportTable:
    """Columns, rows and codebook of the submissions of one ConsultationPage.

    Inputs: the page (specific ConsultationPage); ``submissions`` (a queryset of its
    submissions, already filtered; default: all), read oldest first; ``expand_options``
    (bool: add the 0/1 columns of multiple choices); ``include_contact`` (bool: add the
    contact columns, only for users holding ``consultation.view_contact_details``).
    Times are converted to Europe/Paris (``settings.TIME_ZONE``). Reads the Theme and
    Commune lists, the operators' numbers and the batches' numbers once.
    """

    def __init__(self, page, submissions=None, expand_options=True, include_contact=False):
        self.page = page
        if submissions is None:
            submissions = page.get_submissions()
        self.submissions = submissions.order_by("submit_time", "pk")
        if include_contact:
            self.submissions = self.submissions.select_related("contact")
        self.expand_options = expand_options
        self.include_contact = include_contact
        self.theme_labels = dict(Theme.objects.values_list("slug", "label"))
        self.commune_labels = {
            code: f"{name} ({code})"
            for code, name in Commune.objects.values_list("insee_code", "name")
        }
        self.options = {}
        self._load_provenance()
        self._tz = timezone.get_current_timezone()
        self._formatters = {}
        self.columns = self._build_columns()
        #: The cell renderer of text rows (CSV, admin list and detail); the typed one
        #: of XLSX and ODS is compiled by :meth:`rows`.
        self._steps = self._compile()

    def _load_provenance(self):
        """Read once what the provenance cells show: ``operator_labels`` (operator id ->
        its pseudonymous ``str()``, "Opérateur 3": the only thing the committee learns
        of a staff member) and ``batch_numbers`` (batch id -> number). The models are
        reached through the submission's foreign keys."""
        model = self.submissions.model
        db = self.submissions.db
        operators = model._meta.get_field("operator").related_model
        batches = model._meta.get_field("batch").related_model
        self.operator_labels = {
            operator.pk: clean_text(str(operator))
            for operator in operators.objects.using(db).only("pk", "number")
        }
        self.batch_numbers = {
            pk: clean_text(number)
            for pk, number in batches.objects.using(db).values_list("pk", "number")
        }
        self._channel_labels = {key: str(label) for key, label in CHANNELS}
        self._version_labels = {key: str(label) for key, label in VERSIONS}
        self._provenance_memo = {}
        #: Whole provenance tuple (without form number) -> its cells, see :meth:`_cells`.
        self._origin_cells = {}

    def _provenance(self, channel, version, operator_id, batch_id, paper_number):
        """The cells of :data:`PROVENANCE_COLUMNS` (list of 5 str) from the stored
        fields (see :data:`PROVENANCE_FIELDS`): channel and version labels (French;
        an unknown key shows itself), "Opérateur N" ("" without operator), batch number
        ("" without batch), paper form number. The first four are remembered per
        distinct combination (a handful per export)."""
        key = (channel, version, operator_id, batch_id)
        cells = self._provenance_memo.get(key)
        if cells is None:
            cells = [
                self._channel_labels.get(channel) or channel_label(channel or ""),
                self._version_labels.get(version) or version_label(version or ""),
                "" if operator_id is None else self.operator_labels.get(
                    operator_id, str(operator_id)),
                "" if batch_id is None else self.batch_numbers.get(batch_id, str(batch_id)),
            ]
            self._provenance_memo[key] = cells
        return [*cells, clean_text(paper_number) if paper_number else ""]

    def _build_columns(self):
        columns = []
        #: key -> (label of the question named by the rule, answer): conditional display.
        self.conditions = {}
        fields = list(self.page.get_form_fields())
        for f in fields:
            if f.field_type in NO_ANSWER_TYPES:
                continue
            columns.append(Column(f.clean_name, f.label, f.field_type))
            if (f.show_if_question or "").strip():
                named = resolve_question(fields, f.show_if_question)
                self.conditions[f.clean_name] = (
                    named.label if named is not None else f.show_if_question.strip(),
                    (f.show_if_value or "").strip(),
                )
            if f.field_type in CHOICE_TYPES or f.field_type in MULTIPLE_TYPES or \
                    f.field_type in FIXED_CHOICES or f.field_type == "yes_no":
                self.options[f.clean_name] = question_choices(self.page, f)
            if other_value(f):
                # The "please specify" text sits next to its choice.
                columns.append(Column(
                    f.clean_name + OTHER_SUFFIX,
                    _("%(label)s — other (please specify)") % {"label": f.label},
                    kind="other",
                ))
            if self.expand_options and f.field_type in MULTIPLE_TYPES:
                for value, label in self.options[f.clean_name]:
                    columns.append(Column(
                        f.clean_name, f"{f.label} : {label}", f.field_type,
                        kind="option", option=value,
                    ))
        known = {c.key for c in columns}
        removed = self._removed_keys(known)
        labels = self._past_labels(set(removed)) if removed else {}
        columns += [Column(k, labels.get(k, k), "", True) for k in removed]
        if self.include_contact:
            columns += [
                Column("contact.name", _("Contact: name"), kind="contact"),
                Column("contact.email", _("Contact: e-mail"), kind="contact"),
                Column("contact.phone", _("Contact: telephone"), kind="contact"),
            ]
        return columns

    def _removed_keys(self, known):
        """Keys of the page's stored answers that are not in ``known`` (set of str: the
        keys of the current columns), once each, in the order they first appeared (see
        :class:`~consultation.questionnaire.models.AnswerKey`: one small query, whatever the number of
        submissions). Output: list of str. Every export of the page, filtered or not,
        has the same removed-question columns (empty where no exported answer has
        them)."""
        keys = AnswerKey.objects.using(self.submissions.db).filter(page_id=self.page.pk)
        return [key for key in keys.order_by("submission_id", "position").values_list(
            "key", flat=True) if key not in known]

    def _past_labels(self, keys):
        """Last label each removed key had, read from the page's revisions (newest first).

        A question saved for the first time has no key yet in its revision (Wagtail sets
        ``clean_name`` on save): its key is then the one its label gives
        (:func:`~consultation.questionnaire.keys.key_from_label`). The "please specify" text of a
        removed "Other" choice (``<key>__autre``) is headed like the current ones.
        Output: dict key -> label (keys never found are absent)."""
        wanted = set(keys) | {k[:-len(OTHER_SUFFIX)] for k in keys if k.endswith(OTHER_SUFFIX)}
        found = {}
        for content in self.page.revisions.order_by("-created_at", "-pk").values_list(
            "content", flat=True
        ).iterator(chunk_size=50):
            for item in (content or {}).get("form_fields", []) or []:
                label = item.get("label")
                key = item.get("clean_name") or key_from_label(label)
                if key in wanted and key not in found and label:
                    found[key] = label
            if len(found) == len(wanted):
                break
        for key in keys:
            base = key[:-len(OTHER_SUFFIX)] if key.endswith(OTHER_SUFFIX) else None
            if base and key not in found and base in found:
                found[key] = _("%(label)s — other (please specify)") % {"label": found[base]}
        return {key: label for key, label in found.items() if key in keys}

    def header(self):
        """Output: list of str: "Submission ID", date column, the provenance columns
        (:data:`PROVENANCE_COLUMNS`), then column labels."""
        return [_("Submission ID"), _("Date and time (Europe/Paris)")] + [
            str(label) for _key, label in PROVENANCE_COLUMNS
        ] + [clean_text(c.label) for c in self.columns]

    def _formatter(self, column):
        """The function giving the readable text (str) of a non-empty answer to
        ``column``: labels (Theme, Commune, fixed lists) and "Yes"/"No" are looked up
        once per table, not once per cell. Several answers are joined with "; "."""
        found = self._formatters.get(column.field_type)
        if found is not None:
            return found
        kind = column.field_type
        if kind == "themes":
            labels = self.theme_labels
        elif kind == "commune":
            labels = self.commune_labels
        elif kind in FIXED_CHOICES:
            labels = {key: str(label) for key, label in FIXED_CHOICES[kind]}
        else:
            labels = None
        if labels is not None:
            def one(value):
                label = labels.get(value)
                return str(value) if label is None else label
        else:
            yes, no = _("Yes"), _("No")

            def one(value):
                if value.__class__ is str:
                    return value
                if value is True:
                    return yes
                if value is False:
                    return no
                return str(value)

        def formatter(value):
            if isinstance(value, (list, tuple)):
                return MULTI_SEPARATOR.join([one(v) for v in value])
            return one(value)

        formatter.labels = labels
        self._formatters[kind] = formatter
        return formatter

    def _compile(self, typed=False):
        """The cell renderer of every export format: :attr:`columns` as the steps
        (kind, key, render) that build each row, one per answer, "other" or contact
        column and one per run of option columns of a question.

        ``render`` maps what is stored to what the cells show:

        - ``_ANSWER`` (key: the form_data key): the stored answer, or ``_ABSENT`` when
          the submission has none, to one str cell: "" for no answer; the readable
          label of a choice (Theme, Commune, fixed list; "Yes"/"No"); several answers
          joined with "; "; cleaned by :func:`clean_text`. With ``typed`` (spreadsheets),
          an answer to a date / date-time question that reads as an ISO date becomes a
          ``datetime.date`` / naive Paris ``datetime.datetime``.
        - ``_OPTIONS`` (key: the question's key): the stored answer (or ``_ABSENT``) to
          a list of cells, one per option column: 1 if the option was chosen, else 0;
          "" each when the question was not answered.
        - ``_CONTACT`` (key: the contact's attribute name): the attribute's value (or
          None) to one str cell, cleaned.

        Every format reads these: :meth:`rows` (XLSX, ODS, the background export task,
        the admin list and detail) and :meth:`csv_lines` (CSV, which adds the formula
        guard and quoting). Output: list of tuples."""
        steps = []
        for column in self.columns:
            if column.kind == "contact":
                steps.append((_CONTACT, column.key.split(".", 1)[1], _contact_renderer))
            elif column.kind == "option":
                last = steps[-1] if steps else None
                if last and last[0] == _OPTIONS and last[1] == column.key:
                    options = last[2].options + (column.option,)
                else:
                    options = (column.option,)
                    last = None
                renderer = _options_renderer(options)
                if last is None:
                    steps.append((_OPTIONS, column.key, renderer))
                else:
                    steps[-1] = (_OPTIONS, column.key, renderer)
            else:
                renderer = _answer_renderer(self._formatter(column))
                if typed and column.kind == "answer" and column.field_type in DATE_TYPES:
                    renderer = _date_renderer(renderer, column.field_type, self._tz)
                steps.append((_ANSWER, column.key, renderer))
        return steps

    def _cells(self, pk, moment, data, contact, origin, steps, typed=False):
        """The cells of one submission, aligned on :meth:`header`: its id (int), its
        submit time (see :func:`time_cell`; ``moment`` may already be that text), its
        provenance (``origin``: the values of :data:`PROVENANCE_FIELDS`, see
        :meth:`_provenance`), then what each of ``steps`` (see :meth:`_compile`) renders
        from ``data`` (the ``form_data`` dict) and ``contact`` (or None)."""
        head = self._origin_cells.get(origin)
        if head is None:
            head = self._provenance(*origin)
            if not origin[4]:  # no form number: shared by many rows
                self._origin_cells[origin] = head
        cells = [pk, time_cell(moment, typed, self._tz), *head]
        append, extend, get = cells.append, cells.extend, data.get
        for kind, key, render in steps:
            if kind == _ANSWER:
                append(render(get(key, _ABSENT)))
            elif kind == _OPTIONS:
                extend(render(get(key, _ABSENT)))
            else:
                append(render(None if contact is None else getattr(contact, key)))
        return cells

    def row(self, submission):
        """Output: list of cells for one submission, aligned on :meth:`header` (int: the
        id, so that spreadsheets sort it as a number, and the 0/1 option cells; str: the
        rest, the submit time as Paris text); no formula guard (CSV adds it)."""
        contact = None
        if self.include_contact:
            contact = getattr(submission, "contact", None)
        return self._cells(submission.pk, submission.submit_time,
                           submission.form_data or {}, contact,
                           _origin(submission), self._steps)

    def _answers(self, raw_time=False):
        """Generator of (id, local time text, answers dict, contact or None, origin),
        oldest first, read in chunks of CHUNK_SIZE; with ``raw_time`` the submit time is
        the stored aware datetime instead of its text; ``origin``: the tuple of
        :data:`PROVENANCE_FIELDS` values.

        Without contact details only the id, time, answers and provenance fields are
        read (one query, no join: the operator and batch labels are looked up in the
        dicts read once), no model instances; the answers are read as JSON text and decoded by orjson (Django's
        JSONField decoding with the standard json module was a third of a CSV export's
        time) and, on PostgreSQL, the Europe/Paris time is formatted by the database
        (``to_char(timezone(zone, submit_time), ...)``, the same text as
        :func:`time_cell`)."""
        tz = self._tz
        if self.include_contact:
            for submission in self.submissions.iterator(chunk_size=CHUNK_SIZE):
                moment = submission.submit_time
                yield (submission.pk, moment if raw_time else time_cell(moment, False, tz),
                       submission.form_data or {}, getattr(submission, "contact", None),
                       _origin(submission))
            return
        submissions = self.submissions.annotate(answers_text=Cast("form_data", TextField()))
        as_text = False
        if raw_time:
            rows = submissions.values_list("pk", "submit_time", "answers_text",
                                           *PROVENANCE_FIELDS)
        elif connections[self.submissions.db].vendor == "postgresql":
            rows = submissions.annotate(local=Func(
                Func(Value(tz.key), "submit_time", function="timezone"),
                Value("YYYY-MM-DD HH24:MI:SS"), function="to_char",
                output_field=TextField(),
            )).values_list("pk", "local", "answers_text", *PROVENANCE_FIELDS)
        else:
            rows = submissions.values_list("pk", "submit_time", "answers_text",
                                           *PROVENANCE_FIELDS)
            as_text = True
        loads = orjson.loads
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            pk, moment, text = row[0], row[1], row[2]
            data = loads(text) if text else None
            yield (pk, time_cell(moment, False, tz) if as_text else moment, data or {}, None,
                   row[3:])

    def rows(self, typed=False):
        """Generator of data rows (see :meth:`row`), oldest first (see
        :meth:`_answers`), the cells every format shows (see :meth:`_compile`).
        ``typed`` (XLSX, ODS): the submit time is a naive ``datetime`` of Europe/Paris
        local time instead of its text, and the answers to date / date-time questions
        are ``date`` / naive Paris ``datetime`` values when they read as ISO dates."""
        steps = self._compile(typed=True) if typed else self._steps
        for pk, moment, data, contact, origin in self._answers(raw_time=typed):
            yield self._cells(pk, moment, data, contact, origin, steps, typed)

    def csv_lines(self, delimiter=","):
        """Generator of the data rows as CSV lines (str, without line terminator),
        exactly as ``csv.writer(delimiter=delimiter)`` writes :meth:`rows` with every
        cell through the formula guard :func:`csv_safe` (QUOTE_MINIMAL: a cell holding
        the delimiter, ``"``, CR or LF is quoted, ``"`` doubled; the tests compare both
        on every kind of cell).

        Each step of :meth:`_compile` becomes a function from the stored answer to its
        finished CSV text (its renderer, then the formula guard and quoting; for a
        multiple choice all its 0/1 cells at once), and the texts of answers already
        seen are remembered (up to CSV_MEMO_SIZE per column, texts of at most
        CSV_MEMO_MAX_LENGTH characters): most answers are choices, so most cells cost
        one dictionary lookup."""
        plan = [(kind, key, _csv_fragment(kind, render, delimiter))
                for kind, key, render in self._steps]
        origin_text = self._csv_provenance(delimiter)
        if self.include_contact:
            for pk, moment, data, contact, origin in self._answers():
                get = data.get
                yield delimiter.join([
                    f"{pk}", moment, origin_text(origin),
                    *[fragment(get(key, _ABSENT) if kind != _CONTACT else
                               (getattr(contact, key) if contact is not None else None))
                      for kind, key, fragment in plan],
                ])
            return
        plan = [(key, fragment) for _kind, key, fragment in plan]
        for pk, moment, data, _contact, origin in self._answers():
            get = data.get
            yield delimiter.join([
                f"{pk}", moment, origin_text(origin),
                *[fragment(get(key, _ABSENT)) for key, fragment in plan],
            ])

    def _csv_provenance(self, delimiter):
        """A function mapping a provenance tuple (see :data:`PROVENANCE_FIELDS`) to the
        CSV text of its cells (see :meth:`_provenance`), joined with ``delimiter``,
        each through the formula guard and quoted as ``csv.writer`` would. The text of
        a tuple without form number (every online answer) is remembered whole: one
        dictionary lookup a row."""
        text_of = _csv_fragment(_ANSWER, str, delimiter)
        memo = {}
        get = memo.get

        def origin_text(origin):
            found = get(origin)
            if found is not None:
                return found
            text = delimiter.join([text_of(cell) for cell in self._provenance(*origin)])
            if not origin[4] and len(memo) < CSV_MEMO_SIZE:
                memo[origin] = text
            return text

        return origin_text

    def codebook(self):
        """The codebook: (header, rows) with rows of str: key, label, type, options
        ("value = label" joined with " | "), still in the form ("oui"/"non"), shown only
        if (« label of the earlier question » = answer, for a conditional question; its
        cells are empty when the condition was not met: the server stores no answer to
        a hidden question)."""
        type_labels = {value: str(label) for value, label in FIELD_TYPE_CHOICES}
        header = [_("Key"), _("Label"), _("Type"), _("Options"), _("Still in the form"),
                  _("Shown only if")]
        rows = self._provenance_codebook()
        seen = set()
        for column in self.columns:
            if column.kind in ("option", "contact") or column.key in seen:
                continue
            seen.add(column.key)
            if column.kind == "other":
                kind = _("Free text of the “Other” choice")
            else:
                kind = type_labels.get(column.field_type, column.field_type or "—")
            options = " | ".join(
                f"{value} = {label}" for value, label in self.options.get(column.key, [])
            )
            condition = self.conditions.get(column.key)
            shown_if = "" if condition is None else "« %s » = %s" % condition
            rows.append([column.key, clean_text(column.label), kind, options,
                         _("no") if column.removed else _("yes"), clean_text(shown_if)])
        return header, rows


    def _provenance_codebook(self):
        """The codebook rows (see :meth:`codebook`) of :data:`PROVENANCE_COLUMNS`: what
        each provenance column holds; "—" in "still in the form" (not questions)."""
        kinds = {
            "canal": _("How the answer came: online by the resident, or entered by staff "
                       "from a paper form, a phone call or a front desk"),
            "version": _("The version of the questionnaire answered"),
            "operateur": _("Pseudonymous number of the staff member who entered the answer "
                           "(empty for answers sent online)"),
            "lot": _("Number of the batch of forms the answer was entered with"),
            "numero_formulaire": _("Number written on the paper form"),
        }
        options = {
            "canal": " | ".join(f"{key} = {label}" for key, label in CHANNELS),
            "version": " | ".join(f"{key} = {label}" for key, label in VERSIONS),
        }
        return [[key, str(label), kinds[key], options.get(key, ""), "—", ""]
                for key, label in PROVENANCE_COLUMNS]


def _origin(submission):
    """The provenance values of a submission instance (tuple, see
    :data:`PROVENANCE_FIELDS`)."""
    return tuple(getattr(submission, name) for name in PROVENANCE_FIELDS)


class _Echo:
    """File-like object whose ``write`` returns the text it is given."""

    def write(self, value):
        return value


def iter_csv(table, delimiter=","):
    """Stream ``table`` as CSV text chunks (str): the header, then CSV_LINES_PER_CHUNK
    rows per chunk (see :meth:`ExportTable.csv_lines`).

    The first chunk starts with the UTF-8 BOM (U+FEFF) so that Excel reads UTF-8 (without
    it, accents and "œ" come out garbled). ``delimiter`` is "," (RFC 4180) or ";" (Excel
    in French, where the comma is the decimal separator: "2,5 km" must stay one cell).
    Rows end with CRLF. Encode each chunk in UTF-8.
    """
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow([csv_safe(v) for v in table.header()])
    lines = []
    for line in table.csv_lines(delimiter):
        lines.append(line)
        if len(lines) == CSV_LINES_PER_CHUNK:
            lines.append("")
            yield "\r\n".join(lines)
            lines = []
    if lines:
        lines.append("")
        yield "\r\n".join(lines)


def codebook_csv(table, delimiter=","):
    """The codebook of ``table`` as one CSV text (str, see :func:`csv_text`)."""
    header, rows = table.codebook()
    return csv_text([header, *rows], delimiter)


def spreadsheet_datetime(moment, tz=None):
    """``moment`` (datetime; naive ones are taken as already local) as a naive datetime
    of local time in ``tz`` (default: the current time zone, Europe/Paris), to the
    second: what a spreadsheet cell holds, since XLSX and ODS have no time zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz or timezone.get_current_timezone())
    return moment.replace(tzinfo=None, microsecond=0)


def write_xlsx(table, target):
    """Write ``table`` as an XLSX workbook to ``target`` (path or binary file object).

    Sheet 1 "Réponses": header then rows, the submit time and date answers as real
    date-times (Europe/Paris local time, see :meth:`ExportTable.rows` ``typed``); sheet
    2 "Codebook". xlsxwriter's ``constant_memory`` mode flushes each row to a temporary
    file, so memory stays flat as rows grow; every text cell is a typed string (never a
    formula, URL or number). See :func:`write_sheet` for the layout.
    """
    workbook, styles = open_workbook(target)
    sheet = workbook.add_worksheet(_("Answers")[:31])
    write_sheet(sheet, table.header(), table.rows(typed=True), styles)
    header, rows = table.codebook()
    write_sheet(workbook.add_worksheet(_("Codebook")[:31]), header, rows, styles)
    workbook.close()


@dataclass(frozen=True)
class SheetStyles:
    """The xlsxwriter formats of one workbook: ``bold`` (header), ``datetime``
    (XLSX_DATETIME_FORMAT) and ``date`` (XLSX_DATE_FORMAT)."""

    bold: object
    datetime: object
    date: object


def open_workbook(target):
    """A new xlsxwriter workbook writing to ``target`` (path or binary file object), in
    ``constant_memory`` mode (each row flushed to a temporary file) and never turning a
    string into a formula, number or URL. Output: (workbook, :class:`SheetStyles`); the
    caller adds sheets (see :func:`write_sheet`) then calls ``workbook.close()``."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False,
        "strings_to_numbers": False, "strings_to_urls": False,
        "tmpdir": tempfile.gettempdir(),
    })
    return workbook, SheetStyles(
        bold=workbook.add_format({"bold": True}),
        datetime=workbook.add_format({"num_format": XLSX_DATETIME_FORMAT}),
        date=workbook.add_format({"num_format": XLSX_DATE_FORMAT}),
    )


def _cell_width(value):
    """Characters a cell needs (int): the longest line of a text, 16 for a date-time
    ("28/03/2026 23:30"), 10 for a date, the digits of a number."""
    if value.__class__ is str:
        return max(map(len, value.split("\n"))) if "\n" in value else len(value)
    if isinstance(value, datetime.datetime):
        return len(XLSX_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(XLSX_DATE_FORMAT)
    return len(str(value))


def write_sheet(sheet, header, rows, styles):
    """Write ``header`` (list of str, in bold) then ``rows`` (iterable of lists of int,
    float, str, ``datetime.datetime`` or ``datetime.date``) to ``sheet``, row by row
    (constant memory: rows in order); ``styles``: the workbook's :class:`SheetStyles`.

    Numbers are numbers; naive datetimes and dates are Excel date-times shown as
    "dd/mm/yyyy hh:mm" / "dd/mm/yyyy" (so they sort and filter as dates); str cells are
    typed strings (never formulas); empty strings are left blank. The header row is
    frozen, an autofilter covers the header and the data, and each column is as wide as
    its header and the cells of the first XLSX_WIDTH_SAMPLE rows need (XLSX_MIN_WIDTH to
    XLSX_MAX_WIDTH characters; xlsxwriter writes column widths when the workbook is
    closed, so they may be set after the rows even in constant-memory mode). Output:
    the number of data rows written (int)."""
    widths = [_cell_width(text) for text in header]
    for col, text in enumerate(header):
        sheet.write_string(0, col, text, styles.bold)
    sheet.freeze_panes(1, 0)
    number = 0
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value.__class__ is str:
                if value != "":
                    sheet.write_string(number, col, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(number, col, value)
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(number, col, value, styles.datetime)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, col, value, styles.date)
            elif value is not None:
                sheet.write_string(number, col, str(value))
        if number <= XLSX_WIDTH_SAMPLE:
            for col, value in enumerate(row[:len(widths)]):
                if value != "" and value is not None:
                    widths[col] = max(widths[col], _cell_width(value))
    if header:
        sheet.autofilter(0, 0, number, len(header) - 1)
        for col, width in enumerate(widths):
            # +2: the filter button in the header cell.
            sheet.set_column(col, col, min(XLSX_MAX_WIDTH, max(XLSX_MIN_WIDTH, width + 2)))
    return number


def iter_ods(table):
    """Stream ``table`` as an ODS document: chunks of bytes, sheet 1 the answers, sheet
    2 the codebook (stream-write-ods: built on the fly, never whole in memory). Text
    cells are typed strings (``office:value-type="string"``), never formulas; the submit
    time and date answers are dates (``office:value-type="date"`` with
    ``office:date-value``, Europe/Paris local time without zone, see
    :meth:`ExportTable.rows` ``typed``). The streaming writer sets no column widths,
    frozen header or filter (see docs/decisions.md)."""
    from stream_write_ods import stream_write_ods

    header, rows = table.codebook()
    sheets = (
        (_("Answers"), table.header(), table.rows(typed=True)),
        (_("Codebook"), header, iter(rows)),
    )
    return stream_write_ods(sheets)
