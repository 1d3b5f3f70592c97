"""The printable questionnaire: the page's public form turned into what a sheet of paper
shows (boxes to tick, lines to write on, rules in words).

:func:`printable_questionnaire` reads the same form class as the online questionnaire
(:meth:`ConsultationPage.get_form_class`, built by
:class:`consultation.questionnaire.forms.ConsultationFormBuilder`), so the questions,
their options, the fixed lists, the "Other (please specify)" option, the section
headings and the conditions are those residents see online, and follow every edit
staff publish. The template ``consultation/questionnaire/printable_page.html`` draws it
as an A4 page; the view is :func:`consultation.questionnaire.views.serve_printable`.

Paper has no script to hide a question: a conditional question says in words when to
answer it ("Si vous avez répondu « Oui » à la question 3, répondez à cette question."),
naming the controlling question by its number and its answer by the label printed next
to its box.
"""

from dataclasses import dataclass, field

import django.forms
from django.utils.translation import gettext as _

from portal.contact import CONSENT_FIELD, CONTACT_DETAIL_FIELDS, CONTACT_FIELDS
from portal.spam import HONEYPOT_NAME

from .conditions import matches
from .forms import CommuneChoiceField

#: Ruled lines under a short text question and a long text question.
SHORT_LINES = 1
LONG_LINES = 5

#: Kinds of printed answer (``PrintableQuestion.kind``).
SINGLE = "single"          # boxes, tick one
MULTIPLE = "multiple"      # boxes, tick one or more
CHECKBOX = "checkbox"      # one box (a yes/no tick box)
LINES = "lines"            # ruled lines to write on
COMMUNE = "commune"        # one line for the commune's name (not 300 boxes)
DATE = "date"              # __ / __ / ____
DATETIME = "datetime"      # __ / __ / ____  à __ h __


@dataclass
class PrintableQuestion:
    """One numbered question of the paper form.

    ``number`` (int, 1..N in form order), ``key`` (str, the answer's key), ``label``
    and ``help_text`` (str), ``required`` (bool: must be answered when it applies),
    ``kind`` (one of the kinds above), ``instruction`` (str: how to answer, e.g.
    "Cochez une seule case."; "" for none), ``choices`` (list of str: the labels printed
    next to the boxes, "Other" included), ``other`` (bool: the last box is "Other
    (please specify)", followed by a line), ``lines`` (int: ruled lines for
    :data:`LINES`), ``condition`` (str: when to answer, in words; "" when always) and
    ``headings`` (list of str: the section headings printed just before it).
    """

    number: int
    key: str
    label: str
    help_text: str = ""
    required: bool = False
    kind: str = LINES
    instruction: str = ""
    choices: list = field(default_factory=list)
    other: bool = False
    lines: int = SHORT_LINES
    condition: str = ""
    headings: list = field(default_factory=list)

    @property
    def ruled_lines(self):
        """The ruled lines to draw (range of ``lines`` items; empty unless
        :data:`LINES`)."""
        return range(self.lines if self.kind == LINES else 0)


@dataclass
class PrintableContact:
    """The contact details block, when the page asks for them: ``condition`` (str: when
    to fill it in, in words), ``fields`` (list of str: the labels of name, e-mail and
    telephone, one line each) and ``consent`` (str: the separate consent box's text,
    RGPD art. 6.1.a and 7)."""

    condition: str
    fields: list
    consent: str


@dataclass
class PrintableQuestionnaire:
    """The paper form of a page: ``questions`` (list of :class:`PrintableQuestion`, in
    form order) and ``contact`` (:class:`PrintableContact` or None)."""

    questions: list
    contact: object = None


def printable_questionnaire(page):
    """The paper form of ``page`` (a ConsultationPage, saved or a preview in memory).

    Output: a :class:`PrintableQuestionnaire`. Reads the page's public form class (the
    queries of :meth:`ConsultationPage.get_form_class`: one when already built on
    PostgreSQL). Never raises on a rule naming an unknown question: the question is then
    printed without condition, as the online form shows it.
    """
    form_class = page.get_form_class()
    fields = form_class.base_fields
    skipped = {"form_token", HONEYPOT_NAME, *form_class.other_fields.values()}
    if form_class.contact_rule is not None:
        skipped.update(CONTACT_FIELDS)
    numbers, questions = {}, []
    for key, form_field in fields.items():
        if key in skipped or isinstance(form_field.widget, django.forms.HiddenInput):
            continue
        numbers[key] = len(numbers) + 1
        question = PrintableQuestion(
            number=numbers[key], key=key, label=str(form_field.label or ""),
            help_text=str(form_field.help_text or ""),
            required=bool(form_field.required),
            headings=[str(heading) for heading in form_class.headings.get(key, [])],
            other=key in form_class.other_fields,
        )
        _describe_answer(question, form_field)
        rule = form_class.rules.get(key)
        if rule is not None and rule[0] in numbers:
            controller, value, _label, required = rule
            question.required = bool(required)
            question.condition = condition_sentence(
                numbers[controller], fields[controller], value)
        questions.append(question)
    contact = None
    if form_class.contact_rule is not None:
        controller, value = form_class.contact_rule
        condition = ""
        if controller in numbers:
            condition = condition_sentence(numbers[controller], fields[controller], value,
                                           target=_("fill in this part"))
        contact = PrintableContact(
            condition=condition,
            fields=[str(fields[name].label) for name in CONTACT_DETAIL_FIELDS],
            consent=str(fields[CONSENT_FIELD].label),
        )
    return PrintableQuestionnaire(questions=questions, contact=contact)


def _describe_answer(question, form_field):
    """Set ``kind``, ``instruction``, ``choices`` and ``lines`` of ``question`` from the
    Django ``form_field`` the online form uses (in place). Output: None."""
    widget = form_field.widget
    if isinstance(form_field, CommuneChoiceField):
        question.kind = COMMUNE
        question.instruction = _("Write the name of your commune.")
    elif isinstance(form_field, django.forms.MultipleChoiceField):
        question.kind = MULTIPLE
        question.instruction = _("Tick one or more boxes.")
        question.choices = [str(label) for value, label in form_field.choices if value != ""]
    elif isinstance(form_field, django.forms.ChoiceField):
        question.kind = SINGLE
        question.instruction = _("Tick one box only.")
        question.choices = [str(label) for value, label in form_field.choices if value != ""]
    elif isinstance(form_field, django.forms.BooleanField):
        question.kind = CHECKBOX
        question.instruction = _("Tick the box if this applies to you.")
        question.choices = [_("Yes")]
    elif isinstance(form_field, django.forms.DateTimeField):
        question.kind = DATETIME
    elif isinstance(form_field, django.forms.DateField):
        question.kind = DATE
    else:
        question.kind = LINES
        question.lines = LONG_LINES if isinstance(widget, django.forms.Textarea) else SHORT_LINES
        if isinstance(form_field, (django.forms.DecimalField, django.forms.IntegerField,
                                   django.forms.FloatField)):
            question.instruction = _("Write a number.")


def readable_value(form_field, value):
    """The text printed for answer ``value`` (str) of ``form_field``: the label of the
    option it names (compared as :func:`consultation.questionnaire.conditions.matches`
    does: trimmed, case-insensitive), so a fixed list's key reads as its label
    ("alimentation" -> "Alimentation"); ``value`` itself when no option matches."""
    for option, label in getattr(form_field, "choices", ()) or ():
        if option != "" and matches(str(option), value):
            return str(label)
    return (value or "").strip()


def condition_sentence(number, controller_field, value, target=None):
    """When to answer, in words (str).

    Inputs: ``number`` (int) and ``controller_field`` (Django form field) of the
    controlling question, ``value`` (str: the answer that shows the question, as staff
    wrote it) and ``target`` (str: what to do, default "answer this question"). Output,
    e.g. "Si vous avez répondu « Oui » à la question 3, répondez à cette question." or,
    when the controlling question takes several boxes, "Si vous avez coché
    « Logement » à la question 2, …".
    """
    values = {"value": readable_value(controller_field, value), "number": number,
              "target": target or _("answer this question")}
    if isinstance(controller_field, django.forms.MultipleChoiceField):
        return _("If you ticked “%(value)s” at question %(number)s, %(target)s.") % values
    return _("If you answered “%(value)s” to question %(number)s, %(target)s.") % values
