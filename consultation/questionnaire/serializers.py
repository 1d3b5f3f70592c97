"""Serializers of ConsultationPage fields for the Wagtail API v2 (``/api/v2/pages/``)."""

from rest_framework import serializers

from .question_types import FIXED_LIST_TYPES


class QuestionListField(serializers.Field):
    """The page's questions in form order, for headless front ends.

    Use with ``source="*"`` (reads the page). Output: a list of dicts
    ``{"key": str, "label": str, "type": str, "required": bool, "help_text": str,
    "choices": [str]}``; ``choices`` are the options the public form offers, as the page's
    form builder splits them (one source of truth), and are empty for free-text types and
    for fixed-list types (themes, commune...) whose options come from the reference lists.
    """

    def to_representation(self, page):
        builder = page.form_builder([])
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
            })
        return questions
