"""Serializers of ConsultationPage fields for the Wagtail API v2 (``/api/v2/pages/``)."""

from rest_framework import serializers

from . import easy_read
from .forms import OTHER_SUFFIX
from .question_types import FIXED_LIST_TYPES, other_value


class QuestionListField(serializers.Field):
    """The page's questions in form order, for headless front ends.

    Use with ``source="*"`` (reads the page). Output: a list of dicts
    ``{"key": str, "label": str, "type": str, "required": bool, "help_text": str,
    "choices": [str], "other": {"value": str, "key": str} or None, "easy_read": dict or
    None}``; ``choices`` are the options the public
    form offers, as the page's form builder splits them (one source of truth), and are
    empty for free-text types and for fixed-list types (themes, commune...) whose options
    come from the reference lists. ``other``: when the question asks "Other, please
    specify", the stored value of its "Other" option and the key of the text.
    ``easy_read`` (None when the page offers no easy-read
    version): the texts of the easy-read version, ``{"label": str, "help_text": str,
    "choices": [str]}``, each falling back to the standard text, ``choices`` giving the
    label shown for each of ``choices`` in the same order (the value stored stays the
    option of ``choices``).
    """

    def to_representation(self, page):
        builder = page.form_builder([])
        offered = easy_read.is_offered(page)
        questions = []
        for field in page.get_form_fields():
            choices = []
            if field.field_type not in FIXED_LIST_TYPES and field.choices:
                choices = [value for value, _label in builder.get_formatted_field_choices(field)]
            questions.append({
                "key": field.clean_name,
                "label": field.label,
                "type": field.field_type,
                "required": field.required,
                "help_text": field.help_text,
                "choices": choices,
                "other": {"value": other_value(field),
                          "key": field.clean_name + OTHER_SUFFIX}
                if other_value(field) else None,
                "easy_read": self.easy_read_texts(field, choices) if offered else None,
            })
        return questions

    @staticmethod
    def easy_read_texts(field, choices):
        """Easy-read texts of question ``field`` (FormField) whose option values are
        ``choices`` (list of str): dict label, help_text, choices (see the class)."""
        labels = easy_read.option_labels(field)
        return {
            "label": (field.easy_read_label or "").strip() or field.label,
            "help_text": (field.easy_read_help_text or "").strip() or field.help_text,
            "choices": [str(labels.get(value, value)) for value in choices],
        }
