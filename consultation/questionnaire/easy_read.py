"""The easy-read version of the questionnaire ("facile à lire et à comprendre", FALC).

The same form as the standard version — same class, same keys, same rules, same stored
answers — whose texts are swapped, on one form instance, for the easy-read texts staff
wrote on each question (``FormField.easy_read_label``, ``easy_read_help_text``,
``easy_read_choices``); a text left empty keeps the standard one. The fixed lists held
in ``portal.choices`` (age band, situation, helped by) get easy-read labels from
:data:`FIXED_EASY_READ`, which staff may still override line by line.

The European easy-to-read logo is a trademark of Inclusion Europe: its rules allow it
only on texts proofread by people with intellectual disabilities. :func:`shows_logo`
says whether the page records that proofreading (who and when) and has the logo;
:func:`proofreading_errors` is the page editor's check.

Source of the presentation and writing rules: Inclusion Europe, "Information pour
tous. Règles européennes pour une information facile à lire et à comprendre" (2009),
and the conditions of use of the European easy-to-read logo.
"""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .conditions import split_lines
from .question_types import FIXED_CHOICES, NO_ANSWER_TYPES

#: The credit line the European easy-to-read logo must carry, word for word.
LOGO_CREDIT = _(
    "© European Easy-to-Read Logo: Inclusion Europe. More information at "
    "www.inclusion-europe.eu/easy-to-read"
)
#: Text alternative of the logo when its image has no title.
LOGO_ALT = _("European logo Easy to read and understand")

#: Easy-read labels of the fixed lists of ``portal.choices``: type -> {stored key:
#: label}. Short sentences in the first person, common words, numbers in digits.
FIXED_EASY_READ = {
    "age_band": {
        "moins-18": _("Under 18 years old"),
        "18-24": _("From 18 to 24 years old"),
        "25-34": _("From 25 to 34 years old"),
        "35-49": _("From 35 to 49 years old"),
        "50-64": _("From 50 to 64 years old"),
        "65-79": _("From 65 to 79 years old"),
        "80-plus": _("80 years old or more"),
    },
    "situation": {
        "emploi": _("I have a job"),
        "recherche-emploi": _("I am looking for a job"),
        "etudiant": _("I am a student"),
        "retraite": _("I am retired"),
        "foyer": _("I look after my home and my family"),
        "autre": _("Something else"),
    },
    "helped_by": {
        "famille": _("My family"),
        "voisins-amis": _("My neighbours or my friends"),
        "association": _("An association"),
        "commune-ccas": _("The town hall or its social action centre (CCAS)"),
        "departement": _("The Département"),
        "caf": _("The CAF"),
        "employeur": _("My employer"),
        "autre": _("Someone else"),
    },
}


def is_offered(page):
    """True when ``page`` (a ConsultationPage) offers an easy-read version: its
    easy-read introduction is written (rich text holding more than empty tags)."""
    intro = getattr(page, "easy_read_intro", "") or ""
    return bool(strip_tags(intro).strip())


def shows_logo(page):
    """True when the easy-read page of ``page`` shows the European easy-to-read logo:
    the logo is uploaded AND the proofreading is recorded (``easy_read_proofread_by``
    non-blank and ``easy_read_proofread_on`` set), as the logo's conditions of use
    require (texts proofread by people with intellectual disabilities)."""
    return bool(
        page.easy_read_logo_id
        and (page.easy_read_proofread_by or "").strip()
        and page.easy_read_proofread_on
    )


def proofreading_errors(logo, proofread_by, proofread_on, today=None):
    """The page editor's check of the easy-read logo and its proofreading record.

    Inputs: the chosen logo (Image or None), ``proofread_by`` (str), ``proofread_on``
    (date or None), ``today`` (date, default the local date). Output: dict field name
    -> French message (lazy str), empty when acceptable: a logo needs who proofread the
    texts and when (conditions of use of the European easy-to-read logo); a
    proofreading cannot be dated in the future.
    """
    errors = {}
    today = today or timezone.localdate()
    if logo is not None:
        if not (proofread_by or "").strip():
            errors["easy_read_proofread_by"] = _(
                "The European easy-to-read logo may only be shown on texts proofread by "
                "people with intellectual disabilities: say who proofread them, or remove "
                "the logo."
            )
        if proofread_on is None:
            errors["easy_read_proofread_on"] = _(
                "Give the date of the proofreading, or remove the logo."
            )
    if isinstance(proofread_on, datetime.date) and proofread_on > today:
        errors["easy_read_proofread_on"] = _("The proofreading date cannot be in the future.")
    return errors


def _relabelled(choices, labels):
    """``choices`` (iterable of (value, label)) with the label of each value found in
    ``labels`` (dict value -> label) replaced: a new list, the input left as it is."""
    return [(value, labels.get(value, label) or label) for value, label in choices]


def option_labels(question):
    """Easy-read option labels of ``question`` (a FormField): dict stored value -> label.

    Staff-written options: the lines of ``easy_read_choices`` go, in order, with the
    lines of ``choices`` (extra lines are ignored, missing ones keep the standard
    option). Fixed lists of ``portal.choices``: :data:`FIXED_EASY_READ`, overridden by
    ``easy_read_choices`` lines in the order of the list. Other types: {}.
    """
    easy = split_lines(getattr(question, "easy_read_choices", ""))
    if question.field_type in FIXED_CHOICES:
        labels = dict(FIXED_EASY_READ.get(question.field_type, {}))
        keys = [key for key, _label in FIXED_CHOICES[question.field_type]]
        labels.update(zip(keys, easy))
        return labels
    return dict(zip(split_lines(question.choices), easy))


def apply(form, questions):
    """Swap the texts of ``form`` for the easy-read ones, on this instance only.

    Inputs: a ConsultationForm instance (bound or not) and the page's questions
    (iterable of FormField, in form order). Labels, help texts and option labels of
    ``form.fields`` (the instance's own deep copy of the class's fields: the class,
    kept per process by ``questionnaire_form_class``, is never changed) become the
    easy-read texts where given; section headings and the labels quoted by conditions
    follow. Keys, choices' values, required flags and rules stay the same, so the same
    answers are stored. Output: the same form.
    """
    labels, headings = {}, {}
    pending = []
    for question in questions:
        key = question.clean_name or question.get_field_clean_name()
        easy_label = (getattr(question, "easy_read_label", "") or "").strip()
        if question.field_type in NO_ANSWER_TYPES:
            pending.append(easy_label or question.label)
            continue
        if pending:
            headings[key], pending = pending, []
        labels[key] = easy_label or question.label
        field = form.fields.get(key)
        if field is None:
            continue
        field.label = labels[key]
        easy_help = (getattr(question, "easy_read_help_text", "") or "").strip()
        if easy_help:
            field.help_text = easy_help
        options = option_labels(question)
        if options and hasattr(field, "choices"):
            # A new list on this field (and its widget): the class's list is untouched.
            field.choices = _relabelled(field.choices, options)
    form.headings = {key: headings.get(key, value) for key, value in form.headings.items()}
    form.rules = {
        key: (controller, value, labels.get(controller, label), required)
        for key, (controller, value, label, required) in form.rules.items()
    }
    # Bound fields read label and help once: forget those built with the standard texts
    # (portal.forms.AccessibleFormMixin built them to tie help and errors), then tie the
    # easy-read help texts to their inputs.
    form._bound_fields_cache.clear()
    if hasattr(form, "describe_fields"):
        form.describe_fields()
    return form

