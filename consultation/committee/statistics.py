"""Statistics of a consultation's submissions, with their small-count suppression
(computed only here: the committee page, its CSV downloads and any open-data file read
this module and nothing else, so that their figures always agree).

Every figure is a :class:`Entry` inside a :class:`StatTable`; a table knows its caption,
its headers and how to turn itself into CSV rows, so the page and the file show exactly
the same (suppressed) numbers.

Statistical confidentiality (the rule, documented for the committee):

1. *Primary suppression*: a count from 1 to ``PORTAL_STATISTICS_MIN_COUNT - 1``
   (setting, default 5) is shown as "< 5" and its percentage is hidden. 0 is shown.
2. *Secondary suppression*: in every *additive line* of a table (a row or column whose
   cells split its total among disjoint groups, e.g. the options of a single-choice
   question, respondents by commune, the rows of a cross-tab whose column question is
   single-choice), together with its total, the number of hidden entries is never
   exactly one: otherwise ``total - visible cells`` would give the hidden count back.
   When a line has exactly one hidden entry, its smallest non-zero visible cell (else
   its total) is hidden too, shown as "hidden"; this repeats until no line has exactly
   one hidden entry. Lines that are not additive (multiple-choice options, whose counts
   overlap) only get rule 1.
3. Percentages are computed on the visible total of their line; a hidden count never
   shows a percentage.

Limits: the rule protects each table against
recomputation by difference within the table; it does not protect against comparing
two different filtered views (e.g. one day less), and bounds (every hidden count is at
least 1) can still narrow a hidden value. The committee's access is restricted anyway.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail import hooks

from portal.communes import epci_choices
from portal.hooks import ACTIONS_PER_EPCI_AND_THEME
from portal.models import EPCI, Commune
from portal.numbers import format_number
from portal.text import sort_key, sorted_by_text
from portal.theme_choices import theme_choices

from ..questionnaire.channels import CHANNELS, VERSIONS
from ..questionnaire.question_types import FILTERABLE_TYPES, MULTIPLE_TYPES
from .filters import question_choices

SHOWN, SMALL, MASKED = "shown", "small", "masked"
#: Keys of the answers' provenance in a cross-tab (rows or columns), next to the keys
#: of choice questions: a leading "_" never starts a question key
#: (:func:`~consultation.questionnaire.keys.key_from_label` strips it).
CHANNEL_KEY, VERSION_KEY = "_canal", "_version"


def min_count():
    """The suppression threshold (int, >= 1): ``settings.PORTAL_STATISTICS_MIN_COUNT``,
    default 5. Counts from 1 to threshold - 1 are never shown."""
    return max(1, int(getattr(settings, "PORTAL_STATISTICS_MIN_COUNT", 5)))


def percent_of(count, base):
    """``count`` as a percentage of ``base`` (ints), exactly: a Fraction (0-100 when
    count <= base), or None when ``base`` is 0. Exact so that rounding for display
    (:func:`format_percent`) never meets a binary float's error."""
    return Fraction(100 * count, base) if base else None


def round_percent(value):
    """``value`` (Fraction, Decimal, int or float: a percentage) rounded half up (away
    from zero) to one decimal: a Decimal such as ``Decimal("76.7")``.

    The usual rule of published figures: 76.666… -> 76.7,
    6.25 -> 6.3 (not the banker's 6.2); Django's ``number_format`` alone truncates. A
    float is read as its shortest decimal text (``repr``: 0.05 is 0.05), a Fraction
    exactly. Raises TypeError for other types."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, (int, Decimal)):
        value = Fraction(value)
    if not isinstance(value, Fraction):
        raise TypeError(f"not a number: {value!r}")
    tenths = abs(value) * 10
    rounded = (tenths.numerator * 2 + tenths.denominator) // (tenths.denominator * 2)
    return Decimal(-rounded if value < 0 else rounded).scaleb(-1)


def format_percent(value):
    """French text of a percentage (``value``: see :func:`round_percent`), rounded
    half up to one decimal: "12,5 %", "76,7 %" for 23 of 30 (non-breaking space
    before %). The one formatter of every percentage of the committee's pages, charts
    and downloads."""
    return f"{format_number(round_percent(value), 1)}\u00a0%"


@dataclass
class Entry:
    """One count of a table.

    ``count``: int (the true value, never rendered when hidden); ``state``: SHOWN,
    SMALL (1..threshold-1, shown as "< 5") or MASKED (hidden by secondary
    suppression); ``percent``: Fraction 0-100 (see :func:`percent_of`) or None (not
    shown).
    """

    count: int
    state: str = SHOWN
    percent: Fraction | None = None

    @property
    def hidden(self):
        return self.state != SHOWN

    @property
    def text(self):
        """What users read (str): the count, "< 5" or "hidden"."""
        if self.state == SMALL:
            return f"< {min_count()}"
        if self.state == MASKED:
            return _("hidden")
        return str(self.count)

    @property
    def percent_text(self):
        """The percentage as French text, or "" when hidden or not computed."""
        if self.hidden or self.percent is None:
            return ""
        return format_percent(self.percent)

    @property
    def bar_value(self):
        """Length of this entry's bar in a chart (int), 0 when hidden."""
        return 0 if self.hidden else self.count


@dataclass
class Row:
    """A row of a table: ``label`` (str), ``cells`` (list of Entry), ``total`` (Entry
    or None), ``value`` (the stored answer value or code, "" if none)."""

    label: str
    cells: list
    total: Entry | None = None
    value: str = ""


@dataclass
class NeedsRow(Row):
    """A row of the "besoins / actions" table: a domain (``label``, ``value`` its slug)
    in one EPCI (``epci`` name, ``siren``), residents in ``cells[0]``, and ``actions``
    (str: the number of live actions, or "—" when unknown)."""

    epci: str = ""
    siren: str = ""
    actions: str = "—"


@dataclass
class StatTable:
    """A table of counts, as shown on the page and written to CSV.

    ``slug``: identifier in the CSV URL (str); ``caption``; ``row_header`` (header of
    the label column); ``columns`` (headers of the count columns, list of str);
    ``rows`` (list of Row); ``total_row`` (Row or None); ``percent`` (True: one count
    column followed by its percentage column); ``note`` (what the percentages are of);
    ``respondents`` (Entry: the line's base, or None); ``total_header`` (header of the
    totals column, "" when rows have no total).
    """

    slug: str
    caption: str
    row_header: str
    columns: list
    rows: list
    total_row: Row | None = None
    percent: bool = False
    note: str = ""
    respondents: Entry | None = None
    total_header: str = ""
    extra: dict = field(default_factory=dict)

    def header(self):
        """CSV/HTML header (list of str)."""
        head = [self.row_header]
        for column in self.columns:
            head.append(column)
            if self.percent:
                head.append(_("Percentage"))
        if self.total_header:
            head.append(self.total_header)
        return head

    def line(self, row):
        """Cells (list of str) of one Row, aligned on :meth:`header`."""
        cells = [row.label]
        for entry in row.cells:
            cells.append(entry.text)
            if self.percent:
                cells.append(entry.percent_text)
        if self.total_header:
            cells.append(row.total.text if row.total is not None else "")
        return cells

    def csv_rows(self):
        """The whole table as lists of str (header first), suppression applied."""
        rows = [self.header()] + [self.line(r) for r in self.rows]
        if self.total_row is not None:
            rows.append(self.line(self.total_row))
        return rows


def protect(grid, row_additive, col_additive, threshold=None):
    """Apply the suppression rule to a table of counts with its margins.

    Input: ``grid``: list of m+1 lists of n+1 ints or None: ``grid[i][j]`` for i < m,
    j < n are the cells, ``grid[i][n]`` the row totals, ``grid[m][j]`` the column
    totals, ``grid[m][n]`` the grand total (None where a table has no such number);
    ``row_additive`` (bool: each row's cells add up to its total), ``col_additive``
    (each column's cells add up to its total); ``threshold`` (int, default
    :func:`min_count`). The totals row is additive when rows are, the totals column
    when columns are.
    Output: a grid of the same shape of states (SHOWN, SMALL, MASKED, or None where the
    input is None). See the module docstring for the rule.
    """
    threshold = min_count() if threshold is None else threshold
    m = len(grid) - 1
    n = len(grid[0]) - 1 if grid else 0
    states = [
        [None if v is None else (SMALL if 0 < v < threshold else SHOWN) for v in row]
        for row in grid
    ]
    lines = []
    if row_additive:
        lines += [[(i, j) for j in range(n + 1)] for i in range(m + 1)]
    if col_additive:
        lines += [[(i, j) for i in range(m + 1)] for j in range(n + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            present = [(i, j) for i, j in line if grid[i][j] is not None]
            # A line without its total cannot be recomputed by difference.
            if not present or present[-1] != line[-1]:
                continue
            hidden = [p for p in present if states[p[0]][p[1]] != SHOWN]
            if len(hidden) != 1:
                continue
            candidates = [
                ((i, j) == line[-1], grid[i][j], (i, j)) for i, j in present
                if states[i][j] == SHOWN and grid[i][j] > 0
            ]
            if not candidates:
                continue
            _is_total, _value, (i, j) = min(candidates)
            states[i][j] = MASKED
            changed = True
    return states


def _answer_values(value):
    """The answer values of one answer (list of str): [] for no answer."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


class Statistics:
    """Statistics of a set of submissions of one ConsultationPage.

    Input: ``page`` (specific ConsultationPage), ``submissions`` (a queryset of its
    submissions, typically ``SubmissionFilter(...).qs``). Counts everything in one
    streamed pass over ``form_data``, commune INSEE code and EPCI SIREN (memory does not
    grow with the number of submissions); a cross-tab reads the answers once more.

    Attributes: ``total`` (int: number of submissions), ``questions`` (list of the
    page's choice questions, FormField, in form order), ``by_key`` (key -> FormField).
    """

    CHUNK_SIZE = 2000

    def __init__(self, page, submissions):
        self.page = page
        self.submissions = submissions
        self.questions = [
            f for f in page.get_form_fields() if f.field_type in FILTERABLE_TYPES
        ]
        self.by_key = {f.clean_name: f for f in self.questions}
        self.commune_names = dict(Commune.objects.values_list("insee_code", "name"))
        self.epci_names = dict(EPCI.objects.values_list("siren", "name"))
        self._choices = {}
        self._count()

    def _count(self):
        """The one pass: per question option counts and respondents, communes, EPCI,
        and the needs (themes answers) per EPCI."""
        keys = list(self.by_key)
        theme_keys = [f.clean_name for f in self.questions if f.field_type == "themes"]
        self.option_counts = {key: {} for key in keys}
        self.respondents = dict.fromkeys(keys, 0)
        self.commune_counts, self.epci_counts = {}, {}
        # needs: EPCI siren (or None) -> {theme slug: residents}, and residents per EPCI.
        self.needs_counts, self.needs_respondents = {}, {}
        self.channel_counts, self.version_counts = {}, {}
        self.total = 0
        rows = self.submissions.values_list(
            "form_data", "commune__insee_code", "commune__epci__siren", "channel", "version"
        ).iterator(chunk_size=self.CHUNK_SIZE)
        for data, insee, siren, channel, version in rows:
            data = data or {}
            self.total += 1
            self.channel_counts[channel] = self.channel_counts.get(channel, 0) + 1
            self.version_counts[version] = self.version_counts.get(version, 0) + 1
            self.commune_counts[insee] = self.commune_counts.get(insee, 0) + 1
            self.epci_counts[siren] = self.epci_counts.get(siren, 0) + 1
            for key in keys:
                values = set(_answer_values(data.get(key)))
                if not values:
                    continue
                self.respondents[key] += 1
                counts = self.option_counts[key]
                for v in values:
                    counts[v] = counts.get(v, 0) + 1
            chosen = set()
            for key in theme_keys:
                chosen.update(_answer_values(data.get(key)))
            if chosen:
                self.needs_respondents[siren] = self.needs_respondents.get(siren, 0) + 1
                per_theme = self.needs_counts.setdefault(siren, {})
                for slug in chosen:
                    per_theme[slug] = per_theme.get(slug, 0) + 1

    # -- helpers -----------------------------------------------------------------------

    def choices(self, field):
        """Options of a question (list of (value, label)), plus answers stored under
        values the form no longer offers (labelled with the value itself, in French
        order: ``portal.text.sorted_by_text``)."""
        if field.clean_name not in self._choices:
            options = [(str(v), str(l)) for v, l in question_choices(self.page, field)]
            known = {v for v, _l in options}
            options += [(v, v) for v in sorted_by_text(self.option_counts.get(field.clean_name, {}))
                        if v not in known]
            self._choices[field.clean_name] = options
        return self._choices[field.clean_name]

    def is_multiple(self, field):
        """True when the question takes several answers (counted per option)."""
        return field.field_type in MULTIPLE_TYPES

    @staticmethod
    def _percent(count, base):
        return percent_of(count, base)

    def _one_way(self, slug, caption, row_header, labelled_counts, base, additive, note):
        """A one-column table (label, count, percentage of ``base``), protected."""
        counts = [c for _v, _l, c in labelled_counts]
        grid = [[c, None] for c in counts] + [[base, None]]
        states = protect(grid, row_additive=False, col_additive=additive)
        base_entry = Entry(base, states[-1][0])
        shown_base = base if not base_entry.hidden else None
        rows = []
        for (value, label, count), state in zip(labelled_counts, states):
            entry = Entry(count, state[0], self._percent(count, shown_base) if shown_base else None)
            rows.append(Row(label, [entry], value=value))
        total_row = Row(_("Total"), [Entry(base, base_entry.state)]) if additive else None
        return StatTable(
            slug=slug, caption=caption, row_header=row_header,
            columns=[_("Number")], rows=rows, total_row=total_row, percent=True,
            note=note, respondents=base_entry,
        )

    # -- tables ------------------------------------------------------------------------

    def question_table(self, field):
        """Counts and percentages per option of one choice question (StatTable).

        Percentages are of the respondents who answered the question. For a multiple
        choice, each option counts the respondents who ticked it (not combinations);
        the percentages may add up to more than 100 % and there is no total row.
        """
        key = field.clean_name
        counts = self.option_counts[key]
        respondents = self.respondents[key]
        multiple = self.is_multiple(field)
        labelled = [(v, l, counts.get(v, 0)) for v, l in self.choices(field)]
        if multiple:
            note = _("Percentages of the %(n)s respondents who answered this question; "
                     "several answers were possible, so they may add up to more than 100 %%.")
        else:
            note = _("Percentages of the %(n)s respondents who answered this question.")
        table = self._one_way(
            "q_" + key, field.label, _("Answer"), labelled, respondents,
            additive=not multiple, note=note,
        )
        table.note = note % {"n": table.respondents.text}
        table.extra = {"field": field, "multiple": multiple}
        return table

    def question_tables(self):
        """One StatTable per choice question, in form order (list)."""
        return [self.question_table(f) for f in self.questions]

    def commune_table(self):
        """Respondents by commune (StatTable), communes with at least one respondent in
        French order, then "Commune not given"; percentages of all submissions."""
        counts = self.commune_counts
        known = sorted(
            (c for c in counts if c is not None),
            key=lambda c: (sort_key(self.commune_names.get(c, c)), c),
        )
        labelled = [(c, f"{self.commune_names.get(c, c)} ({c})", counts[c]) for c in known]
        labelled.append(("", _("Commune not given"), counts.get(None, 0)))
        return self._one_way(
            "communes", _("Respondents by commune"), _("Commune"), labelled, self.total,
            additive=True, note=_("Percentages of all answers in the selection."),
        )

    def epci_table(self):
        """Respondents by EPCI of their commune (StatTable), EPCI in French order, then "EPCI
        unknown"; percentages of all submissions."""
        counts = self.epci_counts
        known = sorted((s for s in counts if s is not None),
                       key=lambda s: (sort_key(self.epci_names.get(s, s)), s))
        labelled = [(s, self.epci_names.get(s, s), counts[s]) for s in known]
        labelled.append(("", _("EPCI unknown"), counts.get(None, 0)))
        return self._one_way(
            "epci", _("Respondents by EPCI"), _("EPCI"), labelled, self.total,
            additive=True, note=_("Percentages of all answers in the selection."),
        )

    def _fixed_options(self, pairs, counts):
        """Options (list of (value, label)) of a provenance list (``pairs``: CHANNELS or
        VERSIONS), plus keys stored but not in the list (labelled with themselves)."""
        options = [(key, str(label)) for key, label in pairs]
        known = {key for key, _l in pairs}
        return options + [(k, k) for k in sorted_by_text(k for k in counts if k and k not in known)]

    def provenance_table(self, key):
        """Answers per channel (``key`` CHANNEL_KEY, "Réponses par canal") or per
        questionnaire version (VERSION_KEY) (StatTable, slug "canal" / "version"): every
        channel or version of the list in its order, with counts and percentages of all
        answers in the selection, protected like the commune table (the lines add up to
        the total). KeyError for another key."""
        if key == CHANNEL_KEY:
            slug, caption, header, pairs, counts = (
                "canal", _("Answers by channel"), _("Channel"), CHANNELS, self.channel_counts)
        elif key == VERSION_KEY:
            slug, caption, header, pairs, counts = (
                "version", _("Answers by questionnaire version"), _("Questionnaire version"),
                VERSIONS, self.version_counts)
        else:
            raise KeyError(key)
        labelled = [(v, label, counts.get(v, 0))
                    for v, label in self._fixed_options(pairs, counts)]
        return self._one_way(
            slug, caption, header, labelled, self.total,
            additive=True, note=_("Percentages of all answers in the selection."),
        )

    def channel_table(self):
        """Answers per channel (see :meth:`provenance_table`)."""
        return self.provenance_table(CHANNEL_KEY)

    def version_table(self):
        """Answers per questionnaire version (see :meth:`provenance_table`)."""
        return self.provenance_table(VERSION_KEY)

    def dimension(self, key):
        """One side of a cross-tab: (label, options, multiple, reader) for ``key``, a
        choice question's key or CHANNEL_KEY / VERSION_KEY; ``reader(data, channel,
        version)`` gives the values (list of str) of one answer. KeyError otherwise."""
        if key == CHANNEL_KEY:
            return (_("Channel"), self._fixed_options(CHANNELS, self.channel_counts), False,
                    lambda data, channel, version: [channel])
        if key == VERSION_KEY:
            return (_("Questionnaire version"),
                    self._fixed_options(VERSIONS, self.version_counts), False,
                    lambda data, channel, version: [version])
        field = self.by_key[key]
        return (field.label, self.choices(field), self.is_multiple(field),
                lambda data, channel, version: _answer_values(data.get(key)))

    def cross_table(self, row_key, col_key):
        """Cross-tab of two choice questions, or of a question and the channel or the
        questionnaire version (StatTable): respondents who answered both, by option of
        the first (rows) and of the second (columns), with totals.

        Input: two keys of choice questions, or CHANNEL_KEY / VERSION_KEY (KeyError for
        anything else). A multiple-choice respondent counts once in each option ticked.
        Row totals count distinct respondents of the row (so they equal the sum of the
        cells only when the column question is single-choice), likewise column totals.
        """
        row_label, row_options, row_multiple, row_values = self.dimension(row_key)
        col_label, col_options, col_multiple, col_values = self.dimension(col_key)
        r_index = {v: i for i, (v, _l) in enumerate(row_options)}
        c_index = {v: j for j, (v, _l) in enumerate(col_options)}
        m, n = len(row_options), len(col_options)
        grid = [[0] * (n + 1) for _ in range(m + 1)]
        answers = self.submissions.values_list("form_data", "channel", "version").iterator(
            chunk_size=self.CHUNK_SIZE)
        for data, channel, version in answers:
            data = data or {}
            rows = {r_index[v] for v in row_values(data, channel, version) if v in r_index}
            cols = {c_index[v] for v in col_values(data, channel, version) if v in c_index}
            if not rows or not cols:
                continue
            grid[m][n] += 1
            for i in rows:
                grid[i][n] += 1
                for j in cols:
                    grid[i][j] += 1
            for j in cols:
                grid[m][j] += 1
        states = protect(grid, row_additive=not col_multiple, col_additive=not row_multiple)

        def make_row(i, label, value=""):
            cells = [Entry(grid[i][j], states[i][j]) for j in range(n)]
            return Row(label, cells, Entry(grid[i][n], states[i][n]), value)

        return StatTable(
            slug="croise",
            caption=_("%(rows)s (rows) by %(columns)s (columns)") % {
                "rows": row_label, "columns": col_label},
            row_header=row_label,
            columns=[label for _v, label in col_options],
            rows=[make_row(i, label, v) for i, (v, label) in enumerate(row_options)],
            total_row=make_row(m, _("Total (respondents)")),
            total_header=_("Total (respondents)"),
            note=_("Respondents who answered both questions. A respondent who ticked several "
                   "options is counted once in each."),
            extra={"row_field": self.by_key.get(row_key), "col_field": self.by_key.get(col_key),
                   "row_key": row_key, "col_key": col_key},
        )

    def needs(self):
        """Respondents reporting a difficulty per EPCI and domain.

        Reads every ``themes`` question of the page (a respondent who named a domain in
        several of them counts once). Output: (themes, epcis, grid, states) where
        ``themes`` is a list of (slug, label) in the Theme list's order, ``epcis`` a list
        of (siren or "", name): every EPCI of the loaded communes, in French order, then "EPCI
        unknown";
        ``grid``/``states`` as in :func:`protect` (rows EPCI, columns themes, with
        totals: distinct respondents).
        """
        themes = [(s, str(l)) for s, l in theme_choices()]
        per_epci = self.needs_counts

        epcis = epci_choices()
        listed = {s for s, _n in epcis}
        epcis += sorted(((s, s) for s in per_epci if s is not None and s not in listed))
        epcis.append(("", _("EPCI unknown")))
        m, n = len(epcis), len(themes)
        grid = [[0] * (n + 1) for _ in range(m + 1)]
        for i, (siren, _name) in enumerate(epcis):
            counts = per_epci.get(siren or None, {})
            grid[i][n] = self.needs_respondents.get(siren or None, 0)
            grid[m][n] += grid[i][n]
            for j, (slug, _label) in enumerate(themes):
                grid[i][j] = counts.get(slug, 0)
                grid[m][j] += grid[i][j]
        states = protect(grid, row_additive=False, col_additive=True)
        return themes, epcis, grid, states


def actions_per_epci_and_theme():
    """Live map actions per (EPCI SIREN, Theme slug), asked of the plugins through the
    ``portal.hooks.ACTIONS_PER_EPCI_AND_THEME`` hook (consultation never imports
    initiatives: either plugin can be removed and the site still works).

    Output: dict (siren, slug) -> int, summed over every hook function; None when no
    plugin answers (e.g. initiatives is not installed), so that the page says so
    rather than showing zeros.
    """
    result = None
    for fn in hooks.get_hooks(ACTIONS_PER_EPCI_AND_THEME):
        counts = fn()
        if counts is None:
            continue
        result = result if result is not None else {}
        for pair, count in counts.items():
            result[pair] = result.get(pair, 0) + int(count)
    return result


def needs_actions_table(stats):
    """The "besoins / actions" table (StatTable) in long form: one row per EPCI and
    domain, with residents reporting a difficulty (suppressed) and live actions (public
    counts, never suppressed; "—" when no plugin gives them).

    Input: a :class:`Statistics`. ``extra["actions_available"]`` (bool) and
    ``extra["groups"]`` (list of (EPCI name, list of Row)) serve the page.
    """
    themes, epcis, grid, states = stats.needs()
    actions = actions_per_epci_and_theme()
    n = len(themes)
    rows, groups = [], []
    for i, (siren, name) in enumerate(epcis):
        group = []
        for j, (slug, label) in enumerate(themes):
            residents = Entry(grid[i][j], states[i][j])
            if actions is None or not siren:
                action_text = "—"
            else:
                action_text = str(actions.get((siren, slug), 0))
            group.append(NeedsRow(label, [residents], value=slug, epci=name, siren=siren,
                                  actions=action_text))
        rows.extend(group)
        groups.append((name, siren, Entry(grid[i][n], states[i][n]), group))
    return StatTable(
        slug="besoins-actions",
        caption=_("Needs reported by residents and live actions, by EPCI and domain"),
        row_header=_("Domain"),
        columns=[_("Residents reporting a difficulty")],
        rows=rows,
        note=_("Residents: respondents who named the domain among their difficulties, by "
               "the EPCI of their commune. Actions: actions published on the map in a "
               "commune of the EPCI, for that domain."),
        extra={"actions_available": actions is not None, "groups": groups,
               "total": Entry(grid[-1][n], states[-1][n])},
    )


def needs_actions_csv_rows(table):
    """CSV rows (lists of str, header first) of :func:`needs_actions_table`."""
    head = [_("EPCI"), _("SIREN"), _("Domain"), _("Residents reporting a difficulty"),
            _("Live actions")]
    return [head] + [
        [row.epci, row.siren, row.label, row.cells[0].text, row.actions]
        for row in table.rows
    ]
