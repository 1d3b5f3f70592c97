"""The table of question types: what each ``FormField.field_type`` is, in one place.

Every rule that depends on a question's type reads this table: the public form
(:mod:`consultation.questionnaire.forms`), the API serializer, the committee's exports,
filters and statistics. Adding a type, or changing what a type does, is one line here.

Each :class:`QuestionType` says:

- ``label``: shown to editors in the question's "field type" list;
- ``several``: the answer is a list of values (one 0/1 column per option in exports,
  counted per option in statistics), else one value;
- ``filterable``: its answers can filter submissions and have statistics (fixed or
  staff-written options);
- ``staff_options``: its options are written by staff, one per line (and may offer
  "Other, please specify");
- ``fixed_list``: its options come from a reference list (themes, communes,
  ``portal.choices``): the question's own ``choices`` text is ignored;
- ``options``: for fixed lists held in ``portal.choices``, the (key, label) pairs;
- ``answers``: False for a type that asks nothing (a section heading);
- ``date``: its answers are dates or date-times;
- ``other_value``: the stored value of its "Other" option, the one that asks "please
  specify" when the question offers it (``FormField.allow_other``): "Autre" (added to
  the options staff write), "autre" (the key of ``portal.choices`` SITUATIONS and
  HELPERS), "" for a type without an "Other" option (``allow_other`` is refused there).

Wagtail's own types keep Wagtail's labels and order (without its hidden field, nothing
a resident could answer); ours follow.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

from portal.choices import AGE_BANDS, HELPERS, SITUATIONS


@dataclass(frozen=True)
class QuestionType:
    """One question type (see the module docstring for each attribute)."""

    key: str
    label: str
    several: bool = False
    filterable: bool = False
    staff_options: bool = False
    fixed_list: bool = False
    options: tuple = ()
    answers: bool = True
    date: bool = False
    other_value: str = ""


#: Stored value of the "Other" option added to the options staff write (content, like
#: the options themselves).
STAFF_OTHER_VALUE = "Autre"
#: Key of the "Other" entry of the fixed lists of ``portal.choices``.
FIXED_OTHER_VALUE = "autre"

#: What differs from a plain one-value type, for Wagtail's types and ours.
_STAFF = {"filterable": True, "staff_options": True, "other_value": STAFF_OTHER_VALUE}
_TRAITS = {
    "checkboxes": {"several": True, **_STAFF},
    "multiselect": {"several": True, **_STAFF},
    "dropdown": _STAFF,
    "radio": _STAFF,
    "date": {"date": True},
    "datetime": {"date": True},
}

#: Our types (fixed lists, stable keys), after Wagtail's.
_OURS = (
    QuestionType("yes_no", _("Yes / no"), filterable=True),
    QuestionType("heading", _("Section heading (no answer)"), answers=False),
    QuestionType("themes", _("Domains (Theme list)"), several=True, filterable=True,
                 fixed_list=True),
    QuestionType("commune", _("Commune of the département"), fixed_list=True),
    QuestionType("age_band", _("Age band"), filterable=True, fixed_list=True,
                 options=tuple(AGE_BANDS)),
    QuestionType("situation", _("Situation"), filterable=True, fixed_list=True,
                 options=tuple(SITUATIONS), other_value=FIXED_OTHER_VALUE),
    QuestionType("helped_by", _("Helped by"), several=True, filterable=True,
                 fixed_list=True, options=tuple(HELPERS), other_value=FIXED_OTHER_VALUE),
)

#: Every question type, by key, in the order editors see them.
QUESTION_TYPES = {
    question_type.key: question_type
    for question_type in (
        *(QuestionType(key, label, **_TRAITS.get(key, {}))
          for key, label in FORM_FIELD_CHOICES if key != "hiddenfield"),
        *_OURS,
    )
}


def _keys(trait):
    """Keys (tuple of str, table order) of the types whose ``trait`` is true."""
    return tuple(key for key, question_type in QUESTION_TYPES.items()
                 if getattr(question_type, trait))


#: (key, label) pairs of ``FormField.field_type``.
FIELD_TYPE_CHOICES = tuple((key, t.label) for key, t in QUESTION_TYPES.items())
#: Types whose answer is a list of values.
MULTIPLE_TYPES = _keys("several")
#: Types whose answers can filter submissions and have statistics.
FILTERABLE_TYPES = _keys("filterable")
#: Types whose options staff write (one per line) and that may offer "Other".
CHOICE_TYPES = _keys("staff_options")
#: Types whose options come from a reference list (their ``choices`` text is ignored).
FIXED_LIST_TYPES = _keys("fixed_list")
#: Fixed lists held in ``portal.choices``: type key -> (key, label) pairs.
FIXED_CHOICES = {key: t.options for key, t in QUESTION_TYPES.items() if t.options}
#: Types that ask nothing (not form fields, no column).
NO_ANSWER_TYPES = tuple(key for key, t in QUESTION_TYPES.items() if not t.answers)
#: Types whose answers are dates or date-times.
DATE_TYPES = _keys("date")
#: Types offering an "Other, please specify" option: type key -> its stored value.
OTHER_VALUES = {key: t.other_value for key, t in QUESTION_TYPES.items() if t.other_value}


def other_value(field):
    """The stored value (str) of the "Other" option that asks "please specify" on
    question ``field`` (a FormField, or anything with ``field_type`` and
    ``allow_other``), or "" when the question does not ask it (``allow_other`` unset, or
    a type without an "Other" option: :data:`OTHER_VALUES`)."""
    if not getattr(field, "allow_other", False):
        return ""
    return OTHER_VALUES.get(getattr(field, "field_type", ""), "")
