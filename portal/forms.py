"""Accessibility of public forms, shared by the plugins' forms.

RGAA 4.1 criteria 11.10 (errors are announced and tied to their field) and 11.5/11.6
(groups in a fieldset with a legend): the template renders help text with the id
``<field id>_aide`` and errors with ``<field id>_erreur``; this mixin points each input's
``aria-describedby`` at the ids that exist and sets ``aria-invalid`` on invalid inputs.
"""

from django import forms

#: Widgets rendered as a group of radios or checkboxes inside a fieldset/legend; their
#: fieldset carries ``aria-describedby`` (template side), not each input.
GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class AccessibleFormMixin:
    """Mixin for ``forms.Form``: ``aria-describedby``/``aria-invalid`` and an error summary.

    After ``__init__`` and after validation, each field's widget gets
    ``aria-describedby`` (help and error ids that the template renders) and, when the
    field has errors, ``aria-invalid="true"``. :meth:`error_summary` lists the errors for
    a summary at the top of the page, each linking to its input.
    """

    #: Field name -> id of the element the summary links to, when not the input itself.
    error_anchors = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        """Validate, then update the accessibility attributes."""
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        """Set ``aria-describedby``/``aria-invalid`` on each widget from help and errors."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_aide")
            if name in errors:
                ids.append(f"{bound.auto_id}_erreur")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids and not isinstance(field.widget, GROUP_WIDGETS):
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_summary(self):
        """Errors for the summary: list of dicts ``{"href", "label", "message"}``.

        ``href`` is ``#<id>`` of the input (the first one of a group), or of the anchor
        named in :attr:`error_anchors`; form-wide errors come first with ``href`` None.
        """
        items = [
            {"href": None, "label": "", "message": message}
            for message in self.non_field_errors()
        ]
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = self.error_anchors.get(name) or bound.id_for_label
            if isinstance(field.widget, GROUP_WIDGETS):
                anchor = self.error_anchors.get(name) or f"{bound.auto_id}_0"
            items.append({
                "href": f"#{anchor}",
                "label": field.label,
                "message": " ".join(self.errors[name]),
            })
        return items
