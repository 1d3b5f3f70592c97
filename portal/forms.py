"""Shared machinery of public forms: accessibility and plain text without control
characters.

Control characters (:class:`PlainTextFormMixin`): C0 controls other than tab, line feed
and carriage return (``\x01``, ESC ``\x1b``...), DEL and the C1 controls are invisible,
and stored they break exports, terminals and e-mails. Residents paste them unknowingly
(a word processor's manual line break is a vertical tab), so they are removed rather
than refused: multi-line texts keep their line breaks and tabs, and the characters that
end a line elsewhere (vertical tab, form feed, file/group/record separators, NEL,
U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: Python's ``str.splitlines``) become a
line break; one-line texts get a space for each of those and for tabs and line breaks.
Unicode format characters (category Cf, e.g. zero-width joiners used in emoji) are
left alone.

Accessibility: RGAA 4.1 criteria 11.10 (errors are announced and tied to their field) and 11.5/11.6
(groups in a fieldset with a legend): the template renders help text with the id
``<field id>_aide`` and errors with ``<field id>_erreur``; this mixin points each input's
``aria-describedby`` at the ids that exist and sets ``aria-invalid`` on invalid inputs.
"""

import re

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


#: Characters that end a line (``str.splitlines``), other than ``\n`` and ``\r``.
LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")
_ONE_LINE_SPACE_RE = re.compile(f"\r\n|[\t\n\r{LINE_BREAKS}]")
#: Controls removed from any text: C0 but tab/LF/CR, DEL, C1 (Unicode category Cc).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean_text(value, multiline):
    """``value`` (str) without control characters.

    ``multiline`` True (a textarea): tab, ``\n`` and ``\r\n`` are kept, the other line
    ends become ``\n``. False (a one-line input): tabs and every line end become a
    space. Every other control character (Unicode category Cc) is removed. Example:
    ``clean_text("a\x01b\x0bc", True) == "ab\nc"``.
    """
    if multiline:
        value = _LINE_BREAK_RE.sub("\n", value)
    else:
        value = _ONE_LINE_SPACE_RE.sub(" ", value)
    return _CONTROL_RE.sub("", value)


class PlainTextFormMixin:
    """Mixin for ``forms.Form``: removes control characters from the posted texts.

    Before validation, the value of each text field (``forms.CharField`` and subclasses:
    e-mail, choice keys go through their own validation) in the bound data is passed
    through :func:`clean_text`, multi-line when its widget is a ``Textarea``. Lists
    (several values for one name) are cleaned value by value. So every check (required,
    length, the field's own ``clean_<name>``) and the re-rendered form see the cleaned
    text, and nothing with a control character is stored.
    """

    def full_clean(self):
        """Clean the bound data (a copy), then validate."""
        if self.is_bound:
            self.data = self.plain_text_data(self.data)
        super().full_clean()

    def plain_text_data(self, data):
        """A copy of ``data`` (QueryDict or dict) with the text fields' values cleaned."""
        data = data.copy()
        has_lists = hasattr(data, "getlist")
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if has_lists:
                data.setlist(key, [
                    clean_text(value, multiline) if isinstance(value, str) else value
                    for value in data.getlist(key)
                ])
            elif isinstance(data[key], str):
                data[key] = clean_text(data[key], multiline)
        return data
