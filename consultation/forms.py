"""Forms of the consultation: the public questionnaire and the page's admin form.

- :class:`ConsultationFormBuilder` builds the public form from the page's questions,
  adding our fixed-list field types (themes, commune, age band, situation, helped by).
- :class:`ConsultationBaseForm` carries the hidden one-time token (DESIGN §8
  "Duplicates", case C7) and the accessibility attributes (case C12).
- :class:`ConsultationPageAdminForm` refuses empty and duplicate keys in the page editor
  (DESIGN §8 "Form field keys", case C2).
"""

import uuid

import django.forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.admin.forms import WagtailAdminPageForm

from portal.choices import AGE_BANDS, HELPERS, SITUATIONS
from portal.communes import commune_choices

from .keys import RESERVED_KEYS

#: Field types whose answers come from a fixed list: their ``choices`` text is ignored.
FIXED_LIST_TYPES = ("themes", "commune", "age_band", "situation", "helped_by")
#: Field types rendered as a group of radios or checkboxes (in a fieldset/legend).
GROUP_WIDGETS = (django.forms.RadioSelect, django.forms.CheckboxSelectMultiple)


def theme_choices():
    """Choices of the Theme list: list of (slug, label) in the list's order."""
    from portal.models import Theme

    return list(Theme.objects.order_by("sort_order", "label").values_list("slug", "label"))


class ConsultationBaseForm(BaseForm):
    """Base of every questionnaire form.

    Adds ``form_token``: a hidden UUID4 str, fresh for each rendered (unbound) form. The
    submission stores it under a unique constraint, so that one rendered form is stored
    at most once (DESIGN §5 flow 2, §8 "Duplicates"). After validation, invalid fields get
    ``aria-invalid="true"`` (RGAA 11.10, case C12).
    """

    form_token = django.forms.UUIDField(widget=django.forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", str(uuid.uuid4()))

    def full_clean(self):
        """Validate, then mark the invalid fields with ``aria-invalid``."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def question_fields(self):
        """The visible questions, for the template.

        Output: list of dicts, in form order, with ``field`` (BoundField), ``is_group``
        (bool: radios/checkboxes shown in a fieldset), ``help_id`` and ``error_id`` (str
        ids, or "" when there is no help text / no error) and ``describedby`` (the ids
        joined by a space, only ids that exist in the page).
        """
        items = []
        for bound in self:
            if bound.is_hidden:
                continue
            widget = bound.field.widget
            help_id = f"{bound.auto_id}_aide" if bound.help_text else ""
            error_id = f"{bound.auto_id}_erreur" if bound.errors else ""
            describedby = " ".join(i for i in (help_id, error_id) if i)
            is_group = isinstance(widget, GROUP_WIDGETS)
            if describedby and not is_group:
                widget.attrs["aria-describedby"] = describedby
            items.append({
                "field": bound,
                "is_group": is_group,
                "help_id": help_id,
                "error_id": error_id,
                "describedby": describedby,
                "first_id": f"{bound.auto_id}_0" if is_group else bound.auto_id,
            })
        return items


class ConsultationFormBuilder(FormBuilder):
    """Wagtail's FormBuilder plus our fixed-list field types (DESIGN §4).

    Stored values: ``themes`` -> list of Theme slugs; ``commune`` -> 5-character INSEE
    code (str); ``age_band`` / ``situation`` -> one key of ``portal.choices``;
    ``helped_by`` -> list of keys of ``portal.choices.HELPERS``.
    """

    def get_field_options(self, field):
        """Options of Wagtail, with no string ``initial`` on fixed-list fields."""
        options = super().get_field_options(field)
        if field.field_type in FIXED_LIST_TYPES:
            options.pop("initial", None)
        return options

    #: Longest answer accepted in a long-text question (characters).
    MULTILINE_MAX_LENGTH = 5000

    def create_multiline_field(self, field, options):
        """Long text, limited to MULTILINE_MAX_LENGTH characters (a French error beyond)."""
        options["max_length"] = self.MULTILINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_themes_field(self, field, options):
        options["choices"] = theme_choices()
        options.setdefault("widget", django.forms.CheckboxSelectMultiple)
        return django.forms.MultipleChoiceField(**options)

    def create_commune_field(self, field, options):
        options["choices"] = [("", _("Choose your commune"))] + commune_choices()
        return django.forms.ChoiceField(**options)

    def create_age_band_field(self, field, options):
        options["choices"] = AGE_BANDS
        options.setdefault("widget", django.forms.RadioSelect)
        return django.forms.ChoiceField(**options)

    def create_situation_field(self, field, options):
        options["choices"] = SITUATIONS
        options.setdefault("widget", django.forms.RadioSelect)
        return django.forms.ChoiceField(**options)

    def create_helped_by_field(self, field, options):
        options["choices"] = HELPERS
        options.setdefault("widget", django.forms.CheckboxSelectMultiple)
        return django.forms.MultipleChoiceField(**options)

    def get_form_class(self):
        """Output: a ConsultationBaseForm subclass with one field per question."""
        return type("ConsultationForm", (ConsultationBaseForm,), self.formfields)


class ConsultationPageAdminForm(WagtailAdminFormPageForm):
    """Page editor form: every question must get a non-empty, unused, unreserved key.

    Replaces Wagtail's duplicate check (which accepts empty keys) by ours; errors are
    attached to the label of each offending question, in French (DESIGN §8, case C2).
    """

    def clean(self):
        cleaned_data = WagtailAdminPageForm.clean(self)
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        forms = []
        for form in formset.forms:
            form.is_valid()
            if form.cleaned_data.get("DELETE", False) or not form.instance.label:
                continue
            forms.append(form)
        keys = {}
        for form in forms:
            key = form.instance.clean_name or form.instance.get_field_clean_name()
            keys.setdefault(key, []).append(form)
        for key, group in keys.items():
            for form in group:
                if not key:
                    form.add_error("label", _(
                        "This label gives an empty key: use at least one letter or digit."
                    ))
                elif key in RESERVED_KEYS:
                    form.add_error("label", _(
                        "The key '%(key)s' is reserved: please change the label."
                    ) % {"key": key})
                elif len(group) > 1:
                    form.add_error("label", _(
                        "The key '%(key)s' of this question is also the key of another "
                        "question of this form (labels that differ only by accents, case "
                        "or punctuation give the same key): please change one of the labels."
                    ) % {"key": key})
        return cleaned_data
