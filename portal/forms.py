"""Shared machinery of public forms: accessibility and plain text without control
characters.

Plain text (:class:`PlainTextFormMixin`, :func:`clean_text`), applied before any check so
that the length and "required" checks see what is stored:

- Control characters: C0 controls other than tab, line feed and carriage return
  (``\x01``, ESC ``\x1b``...), DEL and the C1 controls are invisible, and stored they
  break exports, terminals and e-mails. Residents paste them unknowingly (a word
  processor's manual line break is a vertical tab), so they are removed rather than
  refused.
- Line breaks: a browser sends each line break of a textarea as CRLF but counts it as
  one character for ``maxlength`` (HTML, "textarea wrapping transformation"); multi-line
  texts get a single ``\n`` for CRLF, a lone CR and the characters that end a line
  elsewhere (vertical tab, form feed, file/group/record separators, NEL, U+2028 LINE
  SEPARATOR, U+2029 PARAGRAPH SEPARATOR: Python's ``str.splitlines``), so a text the
  browser let through is never "too long" on the server. One-line texts (and texts shown
  in a textarea for room but stored on one line: ``ONE_LINE_FIELDS``) get a space for
  each of those and for tabs.
- Format characters (Unicode category Cf) are invisible: a zero-width space makes an
  empty-looking text, a right-to-left override (U+202E) or another bidirectional control
  makes a title read differently in a list (Unicode Technical Report #36, "Unicode
  Security Considerations"). They are removed, except the zero-width non-joiner and
  joiner (U+200C, U+200D: emoji sequences, Persian and Indic scripts), the tag
  characters that spell a subdivision flag after U+1F3F4 (the flag of England) and the
  visible prepended concatenation marks (Arabic number sign...). The soft hyphen
  (U+00AD) goes too: invisible, it splits words for search.
- A text with nothing visible (only spaces of any kind, joiners, combining marks, or
  blank-looking letters such as the Hangul filler U+3164 and the blank Braille pattern
  U+2800) becomes empty, so a required field refuses it with its own message.

Accessibility: RGAA 4.1 criteria 11.10 (errors are announced and tied to their field) and 11.5/11.6
(groups in a fieldset with a legend): the template renders help text with the id
``<field id>_aide`` and errors with ``<field id>_erreur``; this mixin points each input's
``aria-describedby`` at the ids that exist and sets ``aria-invalid`` on invalid inputs.
"""

import re
import unicodedata
from functools import partial

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

    def error_label(self, name):
        """Label (str) naming field ``name`` in the error summary: its own label."""
        return self.fields[name].label

    def error_summary(self):
        """Errors for the summary (``templates/portal/forms/error_summary.html``): list
        of dicts ``{"name", "href", "label", "message"}``, in field order.

        ``name`` is the field's name; ``href`` is ``#<id>`` of the input (the first one
        of a group), or of the anchor named in :attr:`error_anchors`; ``label`` comes
        from :meth:`error_label`; ``message`` joins the field's errors. Form-wide errors
        come first, one item each, with ``name`` and ``href`` None.
        """
        items = [
            {"name": None, "href": None, "label": "", "message": message}
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
                "name": name,
                "href": f"#{anchor}",
                "label": self.error_label(name),
                "message": " ".join(self.errors[name]),
            })
        return items


#: Characters that end a line (``str.splitlines``), other than ``\n`` and ``\r``.
LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK_RE = re.compile(f"\r\n|[\r{LINE_BREAKS}]")
_ONE_LINE_SPACE_RE = re.compile(f"\r\n|[\t\n\r{LINE_BREAKS}]")
#: Controls removed from any text: C0 but tab/LF/CR, DEL, C1 (Unicode category Cc).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Every control but tab, line feed and carriage return (vertical tab and form feed go).
_CONTROL_BUT_BLANKS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Format characters (category Cf) that are kept: the zero-width non-joiner and joiner,
#: and the prepended concatenation marks, which are visible signs.
KEPT_FORMAT_CHARACTERS = frozenset(
    "\u200c\u200d\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd"
)
#: Base of an emoji tag sequence (a subdivision flag), and the tag characters after it.
TAG_BASE = "\U0001f3f4"
TAG_FIRST, TAG_LAST = 0xE0020, 0xE007F
#: Letters that look blank (Hangul fillers, halfwidth Hangul filler, blank Braille).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: Categories of characters with nothing to see on their own: controls, format
#: characters, separators (spaces, line and paragraph), combining marks.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def drop_format_characters(value):
    """``value`` (str) without its Unicode format characters (category Cf), except those
    of :data:`KEPT_FORMAT_CHARACTERS` and the tag characters of an emoji tag sequence
    (right after U+1F3F4 and its tags). Example:
    ``drop_format_characters("a\u200bb\u202ec\u200dd") == "abc\u200dd"``.
    """
    if value.isascii():
        return value
    kept, in_tags = [], False
    for char in value:
        if TAG_FIRST <= ord(char) <= TAG_LAST:
            if in_tags:
                kept.append(char)
                in_tags = ord(char) != TAG_LAST  # the cancel tag ends the sequence
            continue
        in_tags = char == TAG_BASE
        if char in KEPT_FORMAT_CHARACTERS or unicodedata.category(char) != "Cf":
            kept.append(char)
    return "".join(kept)


def has_visible_character(value):
    """True when ``value`` (str) holds at least one character that shows: not a space
    of any kind, control, format character, combining mark alone, nor a blank-looking
    letter (:data:`BLANK_LETTERS`)."""
    return any(
        not char.isspace() and char not in BLANK_LETTERS
        and unicodedata.category(char) not in INVISIBLE_CATEGORIES
        for char in value
    )


def clean_text(value, multiline):
    """``value`` (str) as plain text: see the module's rules.

    ``multiline`` True (a textarea): tabs are kept, CRLF, a lone CR and the other line
    ends become ``\n``. False (a one-line input): tabs and every line end become a
    space. Every other control character (category Cc) and the format characters of
    :func:`drop_format_characters` are removed; a text with nothing visible
    (:func:`has_visible_character`) becomes "". Examples:
    ``clean_text("a\x01b\r\nc\x0bd", True) == "ab\nc\nd"``,
    ``clean_text(" \xa0\u200b", True) == ""``.
    """
    value = drop_format_characters(value)
    if multiline:
        value = _LINE_BREAK_RE.sub("\n", value)
    else:
        value = _ONE_LINE_SPACE_RE.sub(" ", value)
    value = _CONTROL_RE.sub("", value)
    return value if has_visible_character(value) else ""


def drop_controls(value):
    """``value`` (str) without control characters other than tab, line feed and carriage
    return (Unicode category Cc: C0, DEL, C1). Example: ``drop_controls("a\x00b\x1b") ==
    "ab"``. Used on the values of fields that are not text (choices, numbers, dates), so
    that an error message quoting the value never shows them back."""
    return _CONTROL_BUT_BLANKS_RE.sub("", value)


class PlainTextFormMixin:
    """Mixin for ``forms.Form``: posted texts as plain text (see the module's rules).

    Before validation, the value of each text field (``forms.CharField`` and subclasses:
    e-mail, choice keys go through their own validation) in the bound data is passed
    through :func:`clean_text`, multi-line when its widget is a ``Textarea`` and its name
    is not in :attr:`ONE_LINE_FIELDS`; the values of the other fields (choices, numbers,
    dates) lose their control characters (:func:`drop_controls`). Lists (several values
    for one name) are cleaned value by value. So every check (required, length, the
    field's own ``clean_<name>``) and the re-rendered form see the cleaned text: line
    breaks count as one character, and nothing with a control or hidden format character
    is stored.
    """

    #: Names of the fields whose text is one line where it is stored, even when shown in
    #: a textarea for room: their line breaks become spaces.
    ONE_LINE_FIELDS = ()

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
            key = self.add_prefix(name)
            if key not in data:
                continue
            if isinstance(field, forms.CharField):
                multiline = (isinstance(field.widget, forms.Textarea)
                             and name not in self.ONE_LINE_FIELDS)
                clean = partial(clean_text, multiline=multiline)
            else:
                clean = drop_controls
            if has_lists:
                data.setlist(key, [
                    clean(value) if isinstance(value, str) else value
                    for value in data.getlist(key)
                ])
            elif isinstance(data[key], str):
                data[key] = clean(data[key])
        return data
