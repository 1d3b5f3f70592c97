"""Choice widgets that write their HTML in Python, for long lists and many questions.

Django renders a ``<select>`` through one template per option (``select_option.html``,
which includes ``attrs.html``), and each radio or checkbox of a group the same way: the
département's 327 communes took most of the time of the questionnaire page and of the
map page, and the questionnaire's radios most of the rest. These widgets write the same
characters as Django's own templates (same attributes in the same order, same
whitespace, same escaping: ``conditional_escape``, so names such as
"Saint-Martin-d'Oney" come out as ``Saint-Martin-d&#x27;Oney``), built by string joins.
The escaped options of a list are kept in memory, keyed by the list itself (a tuple of
its values and labels), so a list is escaped once per process while it stays the same:
nothing to invalidate when the reference data change.

Only the markup is produced here: values, labels, selection and attributes (``id``,
``required``, ``aria-*`` set by :class:`portal.forms.AccessibleFormMixin` and the
questionnaire's form) come from Django's widget machinery as before. A project that
overrides Django's widget templates would not see its templates used by these widgets.
"""

import copy
from functools import lru_cache

from django import forms
from django.utils.html import conditional_escape

#: Lists whose escaped options are kept (per process): the communes, EPCIs and a few
#: short lists, in their current language.
CACHED_LISTS = 32


def attrs_html(attrs):
    """``attrs`` (dict name -> value) as Django's ``attrs.html`` writes them (str):
    `` name="value"`` for each, escaped; `` name`` alone for True; nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _groups(choices):
    """Django's grouping of ``choices`` (iterable of (value, label) or (group name,
    [(value, label), ...])): list of (group name or None, [(value, label), ...]), a
    value None read as ""."""
    groups = []
    for option_value, option_label in choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            groups.append((option_value, list(option_label)))
        else:
            groups.append((None, [(option_value, option_label)]))
    return groups


@lru_cache(maxsize=CACHED_LISTS)
def _select_options(choices):
    """Escaped options of a ``<select>`` for ``choices`` (tuple of (value, label), see
    :func:`_groups`): tuple of (group label HTML or None, tuple of (value as str, option
    HTML without and with ``selected``)), each option line as Django's ``select.html``
    writes it (two spaces before, a line break after)."""
    groups = []
    for group_name, options in _groups(choices):
        lines = []
        for value, label in options:
            head = f'\n  <option value="{conditional_escape(value)}"'
            tail = f">{conditional_escape(label)}</option>\n"
            lines.append((str(value), head + tail, head + " selected" + tail))
        label = None if group_name in (None, "") else conditional_escape(group_name)
        groups.append((label, tuple(lines)))
    return tuple(groups)


class SharedChoicesMixin:
    """For a choice widget: its copies share its choices, already normalised.

    Every form instance deep-copies its class's fields and their widgets; Django's
    ``ChoiceWidget.__deepcopy__`` copies the choices and normalises each of them again
    (the 327 communes on every request). The copies here share the list: Django and this
    project only ever replace a widget's choices (``widget.choices = ...``, which gives
    that copy a list of its own), never change them in place. Attributes are copied as
    Django copies them."""

    def __deepcopy__(self, memo):
        obj = copy.copy(self)
        obj.attrs = self.attrs.copy()
        memo[id(self)] = obj
        return obj


class OnePassSelect(SharedChoicesMixin, forms.Select):
    """``forms.Select`` written in one pass (the same HTML as Django's templates).

    Input and output as ``forms.Select.render``: ``name`` (str), ``value`` (str, None or
    a list; the first option whose value matches is selected), ``attrs`` (dict).
    Output: the ``<select>`` element (SafeString). Option groups are written as
    Django writes them (``<optgroup label="...">``)."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.safestring import mark_safe

        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = set(self.format_value(value))
        try:
            groups = _select_options(tuple(self.choices))
        except TypeError:  # an unhashable label or value: escape this list every time
            groups = _select_options.__wrapped__(tuple(self.choices))
        parts = [f'<select name="{conditional_escape(name)}"{attrs_html(final_attrs)}>']
        has_selected = False
        for group_label, lines in groups:
            if group_label is not None:
                parts.append(f'\n  <optgroup label="{group_label}">')
            for text_value, plain, selected in lines:
                if (not has_selected or self.allow_multiple_selected) and text_value in wanted:
                    has_selected = True
                    parts.append(selected)
                else:
                    parts.append(plain)
            if group_label is not None:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class OnePassInputsMixin(SharedChoicesMixin):
    """For ``RadioSelect``/``CheckboxSelectMultiple``: each option's ``<input>`` (what a
    template gets from ``{{ choice.tag }}`` or ``{{ choice }}``) written in Python, the
    same HTML as Django's ``input_option.html``; the whole group (``{{ field }}``) keeps
    Django's templates."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        from django.utils.safestring import mark_safe

        return mark_safe(option_input_html(context["widget"]))


def option_input_html(option):
    """One option of a radio or checkbox group as Django's ``input_option.html`` writes
    it, stripped as Django's form renderer strips it (str). Input: the option dict of ``ChoiceWidget.create_option`` (``type``,
    ``name``, ``value``, ``label``, ``attrs``, ``wrap_label``)."""
    value = option["value"]
    value_html = "" if value is None else f' value="{conditional_escape(value)}"'
    attrs = option["attrs"]
    tag = (f'<input type="{conditional_escape(option["type"])}" '
           f'name="{conditional_escape(option["name"])}"{value_html}{attrs_html(attrs)}>')
    if not option.get("wrap_label"):
        return tag
    label_for = f' for="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{label_for}>{tag}\n {conditional_escape(option['label'])}</label>"


class OnePassRadioSelect(OnePassInputsMixin, forms.RadioSelect):
    """``forms.RadioSelect`` whose options are written in Python (:class:`OnePassInputsMixin`)."""


class OnePassCheckboxSelectMultiple(OnePassInputsMixin, forms.CheckboxSelectMultiple):
    """``forms.CheckboxSelectMultiple`` whose options are written in Python
    (:class:`OnePassInputsMixin`)."""
