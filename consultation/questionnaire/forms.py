"""Forms of the consultation: the public questionnaire and the page's admin form.

- :class:`ConsultationFormBuilder` builds the public form from the page's questions,
  adding our fixed-list field types (themes, commune, age band, situation, helped by).
- :class:`ConsultationBaseForm` carries the hidden one-time token (a double click, or
  back and resend, stores one submission) and the accessibility attributes
  (``aria-invalid`` on invalid fields).
- :class:`ConsultationPageAdminForm` refuses empty and duplicate keys in the page editor
  (answers are stored under the key: one input must never feed two columns), and the
  European easy-to-read logo without its proofreading record.
"""

import threading
from collections import OrderedDict

import django.forms
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.admin.forms import WagtailAdminPageForm

from portal.communes import commune_choices, departement_commune_rows
from portal.contact import (
    CONTACT_FIELDS, check_contact_consent, contact_details, contact_formfields,
)
from portal.forms import GROUP_WIDGETS, AccessibleFormMixin, PlainTextFormMixin
from portal.models import Commune, Theme
from portal.once import new_token
from portal.spam import HONEYPOT_NAME, honeypot_field
from portal.theme_choices import theme_choices
from portal.widgets import OnePassCheckboxSelectMultiple, OnePassRadioSelect, OnePassSelect

from .conditions import matches, resolve_question, split_lines
from .easy_read import proofreading_errors
from .keys import RESERVED_KEYS
from .models import AnswerKey, FormField
from .question_types import (
    FIXED_CHOICES, FIXED_LIST_TYPES, NO_ANSWER_TYPES, OTHER_VALUES, STAFF_OTHER_VALUE,
    other_value,
)

#: Stored value of the "Other" option added to staff-written options (the rule for every
#: type: :func:`consultation.questionnaire.question_types.other_value`).
OTHER_VALUE = STAFF_OTHER_VALUE
#: Suffix of the key under which the "please specify" text of a question is stored.
#: Question keys never hold "__" (consultation.questionnaire.keys), so no question can collide with it.
OTHER_SUFFIX = "__autre"
#: Answers of a yes/no question, stored word for word.
YES_NO = [("Oui", _("Yes")), ("Non", _("No"))]
#: Widget of each field type offering choices: Django's, written in Python in one pass
#: (portal.widgets: the same HTML, without one template per option).
ONE_PASS_WIDGETS = {
    "dropdown": OnePassSelect, "commune": OnePassSelect,
    "radio": OnePassRadioSelect, "yes_no": OnePassRadioSelect,
    "age_band": OnePassRadioSelect, "situation": OnePassRadioSelect,
    "checkboxes": OnePassCheckboxSelectMultiple, "themes": OnePassCheckboxSelectMultiple,
    "helped_by": OnePassCheckboxSelectMultiple,
}


class ConsultationBaseForm(PlainTextFormMixin, AccessibleFormMixin, BaseForm):
    """Base of every questionnaire form.

    Adds ``form_token``: a hidden UUID4 str, fresh for each rendered (unbound) form
    (:func:`portal.once.new_token`); :func:`portal.once.store_once` stores one rendered
    form at most once. Texts lose their control characters
    (:class:`portal.forms.PlainTextFormMixin`). Help and errors are tied to their inputs
    and listed in the error summary by :class:`portal.forms.AccessibleFormMixin` (RGAA
    11.10).
    """

    form_token = django.forms.UUIDField(widget=django.forms.HiddenInput)
    #: Honeypot of portal.spam (named HONEYPOT_NAME, a reserved key).
    site_web = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_token())

    #: key -> (controlling key, value, label of the controlling question, required):
    #: set by ConsultationFormBuilder.
    rules = {}
    #: key of a choice question -> key of its "please specify" text field.
    other_fields = {}
    #: key of a choice question -> stored value of its "Other" option ("Autre", "autre").
    other_values = {}
    #: key -> labels of the section headings placed just before that question.
    headings = {}
    #: (controlling key, value) of the contact fieldset, or None when none is asked.
    contact_rule = None

    def is_shown(self, key, data=None):
        """True when question ``key`` applies, given the answers ``data`` (dict; default
        ``cleaned_data``). A question whose controlling question is itself hidden, or
        whose controlling key is unknown, is hidden / shown respectively."""
        data = self.cleaned_data if data is None else data
        rule = self.rules.get(key)
        if rule is None:
            return True
        controller, value = rule[0], rule[1]
        if controller not in self.fields:
            return True
        return self.is_shown(controller, data) and matches(data.get(controller), value)

    def contact_wanted(self, data=None):
        """True when the contact fieldset applies (its rule holds for ``data``)."""
        data = self.cleaned_data if data is None else data
        if self.contact_rule is None:
            return False
        controller, value = self.contact_rule
        return self.is_shown(controller, data) and matches(data.get(controller), value)

    def clean(self):
        """Apply conditions, "Other" texts and the contact consent on the server.

        Hidden questions lose their errors and answers (not required, not stored);
        shown required ones must be answered; an "Other" choice needs its text (and a
        text without the choice is dropped); contact details need the separate consent
        (RGPD art. 6.1.a) and are dropped when the rule does not hold.
        """
        data = super().clean()
        for key in list(self.fields):
            if key in self.rules and not self.is_shown(key, data):
                self.errors.pop(key, None)
                data.pop(key, None)
                other = self.other_fields.get(key)
                if other:
                    self.errors.pop(other, None)
                    data.pop(other, None)
            elif key in self.rules and self.rules[key][3] and key not in self.errors:
                if data.get(key) in (None, "", [], ()):
                    self.add_error(key, django.forms.Field.default_error_messages["required"])
        for key, other in self.other_fields.items():
            if key not in data:
                continue
            chosen = matches(data.get(key), self.other_values.get(key, OTHER_VALUE))
            text = (data.get(other) or "").strip()
            # A text refused on its own (too long) already has its error: one per field.
            if chosen and not text and other not in self.errors:
                self.add_error(other, _("Please specify your answer “Other”."))
            elif not chosen:
                data.pop(other, None)
        if self.contact_rule is not None:
            if not self.contact_wanted(data):
                for name in CONTACT_FIELDS:
                    self.errors.pop(name, None)
                    data.pop(name, None)
            else:
                check_contact_consent(
                    self, data,
                    without_consent=_(
                        "Tick this box so that we may keep your contact details, or leave "
                        "them empty."
                    ),
                    without_means=_("Give an e-mail address or a telephone number."),
                )
        return data

    def answers(self):
        """The answers to store (dict key -> value): questions shown, "Other" texts,
        without the token and the contact details (stored apart)."""
        return {
            key: value for key, value in self.cleaned_data.items()
            if key not in ("form_token", HONEYPOT_NAME) and key not in CONTACT_FIELDS
        }

    def contact(self):
        """Contact details to store apart (dict name/email/phone), or None."""
        if self.contact_rule is None:
            return None
        return contact_details(self.cleaned_data)

    def full_clean(self):
        """Validate (accessibility attributes set by AccessibleFormMixin); a missing or
        malformed token is replaced by a fresh one, so that the form shown again with
        its error can be sent (it would fail forever otherwise)."""
        super().full_clean()
        if self.is_bound and "form_token" in self.errors:
            self.data = self.data.copy()
            self.data["form_token"] = new_token()

    def error_label(self, name):
        """Label (str) naming field ``name`` in the error summary: an "Other" text is
        named after its question."""
        for key, other in self.other_fields.items():
            if other == name:
                return self.fields[key].label
        return super().error_label(name)

    def error_summary(self):
        """The error summary of :class:`portal.forms.AccessibleFormMixin`, where an error
        of the hidden token reads as one message without a link. Output: list of dicts
        ``{"name", "href", "label", "message"}``."""
        items = super().error_summary()
        for index, item in enumerate(items):
            if item["name"] == "form_token":
                items[index] = {"name": None, "href": None, "label": "", "message": _(
                    "This form could not be checked: please check your answers and send it "
                    "again."
                )}
        return items

    def question_fields(self):
        """The visible questions, for the template.

        Output: list of dicts, in form order, with ``field`` (BoundField), ``is_group``
        (bool: radios/checkboxes shown in a fieldset, ``portal/forms/group.html``),
        ``headings`` (list of section labels placed before it), ``other`` (BoundField of
        its "please specify" text, or None) and ``show_if`` (dict key, value, label of
        its condition and ``value_label``, the label of that answer's option; or None). Help and error ids are those of
        ``portal/forms/field.html``.
        """
        items = []
        for bound in self:
            if bound.is_hidden or bound.name == HONEYPOT_NAME:
                continue
            if self.contact_rule is not None and bound.name in CONTACT_FIELDS:
                continue  # rendered in their own fieldset (contact_fields)
            if bound.name in self.other_fields.values():
                continue
            is_group = isinstance(bound.field.widget, GROUP_WIDGETS)
            other = self.other_fields.get(bound.name)
            other_bound = self[other] if other else None
            rule = self.rules.get(bound.name)
            items.append({
                "field": bound,
                "is_group": is_group,
                "headings": self.headings.get(bound.name, []),
                "other": other_bound,
                "other_value": self.other_values.get(bound.name, ""),
                "show_if": ({"key": rule[0], "value": rule[1], "label": rule[2],
                             "value_label": self.option_label(rule[0], rule[1])}
                            if rule else None),
            })
        return items

    def option_label(self, key, value):
        """Label (str) this form shows for answer ``value`` (str) of question ``key``:
        the label of the option whose value is ``value`` (compared without case), else
        ``value`` itself (a text question, an unknown key). Never raises."""
        field = self.fields.get(key)
        wanted = str(value or "").strip().casefold()
        for option, label in getattr(field, "choices", None) or ():
            if str(option).strip().casefold() == wanted:
                return str(label)
        return value

    def contact_fields(self):
        """Bound contact fields (list) when a contact fieldset is asked, else []."""
        if self.contact_rule is None:
            return []
        return [self[name] for name in CONTACT_FIELDS]


class CommuneChoiceField(django.forms.ChoiceField):
    """A ChoiceField whose copies share its list of choices: each form built from a
    form class deep-copies its fields, and copying the 327 communes' pairs for every
    request cost more than the rest of the form (the list is never changed in place)."""

    def __deepcopy__(self, memo):
        return django.forms.Field.__deepcopy__(self, memo)


class ConsultationFormBuilder(FormBuilder):
    """Wagtail's FormBuilder plus our fixed-list field types (stable keys stored).

    Stored values: ``themes`` -> list of Theme slugs; ``commune`` -> 5-character INSEE
    code (str); ``age_band`` / ``situation`` -> one key of ``portal.choices``;
    ``helped_by`` -> list of keys of ``portal.choices.HELPERS``.

    ``lists`` (optional dict): the lists already read for this form, ``"themes"``
    (pairs of :func:`theme_choices`) and ``"communes"`` (rows of
    :func:`portal.communes.departement_commune_rows`); a list not given is read when a
    question needs it.
    """

    def __init__(self, fields, page=None, lists=None):
        super().__init__(fields)
        self.page = page
        self.lists = dict(lists or {})
        #: INSEE code -> Commune primary key, of the commune list offered (if any).
        self.commune_ids = {}

    def get_field_options(self, field):
        """Options of Wagtail, with no string ``initial`` on fixed-list fields and the
        one-pass widget of choice fields (:data:`ONE_PASS_WIDGETS`)."""
        options = super().get_field_options(field)
        if field.field_type in FIXED_LIST_TYPES or field.field_type == "yes_no":
            options.pop("initial", None)
        if field.field_type in ONE_PASS_WIDGETS:
            options["widget"] = ONE_PASS_WIDGETS[field.field_type]
        return options

    def get_formatted_field_choices(self, field):
        """Options staff wrote, one per line, word for word (never split on commas:
        "Mobilité, transport" is one option), plus "Other" when the question offers it.
        List of (value, label)."""
        choices = [(line, line) for line in split_lines(field.choices)]
        other = other_value(field)
        if other and other not in {value for value, _label in choices}:
            choices.append((other, _("Other (please specify)")))
        return choices

    def fixed_choices(self, field):
        """The (value, label) pairs of a fixed list of ``portal.choices``, its "Other"
        entry labelled "Other (please specify)" when the question asks for the text."""
        other = other_value(field)
        return [(value, _("Other (please specify)") if other and value == other else label)
                for value, label in FIXED_CHOICES[field.field_type]]

    def get_formatted_field_initial(self, field):
        """Default values, one per line (list of str)."""
        return split_lines(field.default_value)

    @property
    def formfields(self):
        """Form fields in form order (OrderedDict key -> Field).

        Section headings give no field (their labels go to ``headings``); a question
        offering "Other" is followed by its ``<key>__autre`` text field; conditional
        questions are built optional (the form's ``clean`` requires them when shown).
        """
        formfields = OrderedDict()
        self.rules, self.other_fields, self.headings = {}, {}, {}
        self.other_values = {}
        pending_headings = []
        fields = list(self.fields)
        for index, field in enumerate(fields):
            key = field.clean_name or field.get_field_clean_name()
            if field.field_type in NO_ANSWER_TYPES:
                pending_headings.append(field.label)
                continue
            options = self.get_field_options(field)
            controller = resolve_question(fields[:index], getattr(field, "show_if_question", ""))
            if controller is not None and controller.field_type not in NO_ANSWER_TYPES:
                self.rules[key] = (
                    controller.clean_name or controller.get_field_clean_name(),
                    field.show_if_value, controller.label, field.required,
                )
                options["required"] = False
            create_field = self.get_create_field_function(field.field_type)
            formfields[key] = create_field(field, options)
            if pending_headings:
                self.headings[key] = pending_headings
                pending_headings = []
            if other_value(field):
                other = key + OTHER_SUFFIX
                self.other_fields[key] = other
                self.other_values[key] = other_value(field)
                formfields[other] = django.forms.CharField(
                    label=_("Please specify"), required=False, max_length=500,
                )
        formfields.update(self.contact_formfields(fields))
        return formfields

    def contact_formfields(self, fields):
        """The contact fields (dict) when the page asks for them; sets ``contact_rule``."""
        self.contact_rule = None
        page = self.page
        controller = resolve_question(fields, getattr(page, "contact_question", ""))
        if controller is None:
            return {}
        self.contact_rule = (
            controller.clean_name or controller.get_field_clean_name(),
            page.contact_value or "Oui",
        )
        return contact_formfields(_(
            "I agree that the Département keeps these contact details to contact "
            "me about a role in the committee's work (you may withdraw this "
            "consent at any time)."
        ))

    def create_yes_no_field(self, field, options):
        options["choices"] = YES_NO
        options.setdefault("widget", django.forms.RadioSelect)
        return django.forms.ChoiceField(**options)

    #: Longest answer accepted in a long-text question (characters).
    MULTILINE_MAX_LENGTH = 5000

    def create_multiline_field(self, field, options):
        """Long text, limited to MULTILINE_MAX_LENGTH characters (a French error beyond)."""
        options["max_length"] = self.MULTILINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_themes_field(self, field, options):
        if "themes" not in self.lists:
            self.lists["themes"] = tuple(theme_choices())
        options["choices"] = list(self.lists["themes"])
        options.setdefault("widget", django.forms.CheckboxSelectMultiple)
        return django.forms.MultipleChoiceField(**options)

    def create_commune_field(self, field, options):
        if "communes" not in self.lists:
            self.lists["communes"] = departement_commune_rows()
        rows = self.lists["communes"]
        self.commune_ids = {code: pk for code, _name, pk in rows}
        options["choices"] = [("", _("Choose your commune"))] + commune_choices(rows)
        return CommuneChoiceField(**options)

    def create_age_band_field(self, field, options):
        options["choices"] = FIXED_CHOICES["age_band"]
        options.setdefault("widget", django.forms.RadioSelect)
        return django.forms.ChoiceField(**options)

    def create_situation_field(self, field, options):
        options["choices"] = self.fixed_choices(field)
        options.setdefault("widget", django.forms.RadioSelect)
        return django.forms.ChoiceField(**options)

    def create_helped_by_field(self, field, options):
        options["choices"] = self.fixed_choices(field)
        options.setdefault("widget", django.forms.CheckboxSelectMultiple)
        return django.forms.MultipleChoiceField(**options)

    def get_form_class(self):
        """Output: a ConsultationBaseForm subclass with one field per question, and the
        page's rules (conditions, "Other" fields, headings, contact rule), the keys of
        its commune questions (``commune_keys``, tuple in form order) and the primary
        keys of the communes offered (``commune_ids``, dict INSEE code -> pk)."""
        formfields = self.formfields
        attrs = dict(formfields)
        attrs.update({
            "rules": self.rules, "other_fields": self.other_fields,
            "other_values": self.other_values,
            "headings": self.headings, "contact_rule": self.contact_rule,
            "commune_keys": tuple(key for key, field in formfields.items()
                                  if isinstance(field, CommuneChoiceField)),
            "commune_ids": self.commune_ids,
        })
        return type("ConsultationForm", (ConsultationBaseForm,), attrs)


#: Form classes already built in this process (at most FORM_CLASSES_KEPT), keyed by
#: everything a form class is built from, so a change of any of it builds a new one.
FORM_CLASSES_KEPT = 32
_form_classes = OrderedDict()
_form_classes_lock = threading.Lock()


def question_signature(field):
    """Every stored column of a question (tuple), in the model's field order."""
    return tuple(getattr(field, f.attname) for f in field._meta.concrete_fields)


def questionnaire_form_class(page, fields):
    """The public form class of ``page`` for its questions ``fields`` (iterable of
    FormField, in form order), built once per process for the same inputs.

    Building the class (fields, choices, rules) cost more than a request's queries; the
    class is kept under a key holding every column of every question, the page's
    contact rule and the lists offered (themes, communes: read at each call, at most
    one query each and only when a question needs them), so an edited, added or removed
    question, a published revision, a renamed theme or reloaded communes give a new
    class. The class holds no per-request data (tokens are set on each form instance).
    Output: a ConsultationBaseForm subclass (see
    :meth:`ConsultationFormBuilder.get_form_class`).
    """
    fields = list(fields)
    types = {field.field_type for field in fields}
    lists = {}
    if "themes" in types:
        lists["themes"] = tuple(theme_choices())
    if "commune" in types:
        lists["communes"] = departement_commune_rows()
    key = (
        page.pk, getattr(page, "contact_question", ""), getattr(page, "contact_value", ""),
        tuple(question_signature(field) for field in fields), tuple(sorted(lists.items())),
    )
    with _form_classes_lock:
        form_class = _form_classes.get(key)
        if form_class is not None:
            _form_classes.move_to_end(key)
            return form_class
    form_class = ConsultationFormBuilder(fields, page=page, lists=lists).get_form_class()
    _keep(key, form_class)
    return form_class


def _stored_digests(page):
    """Digests (tuple of 3 str, MD5 hex) of what the public form of ``page`` is built
    from, as stored: every column of its questions, the theme list (slug, label, order)
    and the département's communes (code, name, primary key). One query, PostgreSQL only
    (``md5``, ``row_to_json``, ``string_agg``). The same query reads the answer keys
    already recorded for the page (:class:`consultation.questionnaire.models.AnswerKey`), left on
    ``page.recorded_answer_keys`` (frozenset of str): a submission holding no new key
    then writes none (one round trip fewer)."""
    sql = f"""
        SELECT
          (SELECT md5(coalesce(string_agg(row_to_json(f)::text, '|'
                                          ORDER BY f.sort_order, f.id), ''))
             FROM {FormField._meta.db_table} f WHERE f.page_id = %s),
          (SELECT md5(coalesce(string_agg(concat_ws('/', t.slug, t.label, t.sort_order),
                                          '|' ORDER BY t.id), ''))
             FROM {Theme._meta.db_table} t),
          (SELECT md5(coalesce(string_agg(concat_ws('/', c.insee_code, c.name, c.id),
                                          '|' ORDER BY c.insee_code), ''))
             FROM {Commune._meta.db_table} c WHERE c.insee_code LIKE %s),
          (SELECT array_agg(k.key) FROM {AnswerKey._meta.db_table} k WHERE k.page_id = %s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [page.pk, settings.PORTAL_DEPARTEMENT + "%", page.pk])
        row = cursor.fetchone()
    page.recorded_answer_keys = frozenset(row[3] or ())
    return tuple(row[:3])


def stored_questionnaire_form_class(page):
    """The public form class of a saved ``page`` whose questions are read from the
    database (not a preview's questions in memory), in one query when it is already
    built: on PostgreSQL the key is a digest of the stored questions, themes and
    communes (:func:`_stored_digests`), so a form is never served stale; on a miss, and
    on other databases, :func:`questionnaire_form_class` reads them (three queries).
    Output: a ConsultationBaseForm subclass."""
    if connection.vendor != "postgresql":
        return questionnaire_form_class(page, page.get_form_fields())
    key = ("stored", page.pk, getattr(page, "contact_question", ""),
           getattr(page, "contact_value", ""), _stored_digests(page))
    with _form_classes_lock:
        form_class = _form_classes.get(key)
        if form_class is not None:
            _form_classes.move_to_end(key)
            return form_class
    form_class = questionnaire_form_class(page, page.get_form_fields())
    _keep(key, form_class)
    return form_class


def _keep(key, form_class):
    """Keep ``form_class`` under ``key``, the least recently used ones forgotten."""
    with _form_classes_lock:
        _form_classes[key] = form_class
        while len(_form_classes) > FORM_CLASSES_KEPT:
            _form_classes.popitem(last=False)


def possible_answers(field):
    """The stored answers a question can have, for checking a condition's value.

    Input: a FormField. Output: list of str (the options staff wrote and its "Other"
    value, "Oui"/"Non", the keys of a ``portal.choices`` list, the Theme slugs), or
    None when any text can be an answer (free text, dates, communes). Reads the Theme
    list for a themes question (one query)."""
    if field.field_type == "yes_no":
        return [value for value, _label in YES_NO]
    if field.field_type in FIXED_CHOICES:
        options = [key for key, _label in FIXED_CHOICES[field.field_type]]
    elif field.field_type == "themes":
        options = [slug for slug, _label in theme_choices()]
    elif field.field_type in FIXED_LIST_TYPES or field.field_type not in OTHER_VALUES:
        return None
    else:
        options = split_lines(field.choices)
    other = other_value(field)
    if other and other not in options:
        options.append(other)
    return options


class ConsultationPageAdminForm(WagtailAdminFormPageForm):
    """Page editor form: every question must get a non-empty, unused, unreserved key.

    Replaces Wagtail's duplicate check (which accepts empty keys) by ours; errors are
    attached to the label of each offending question, in French (answers are stored under
    the key: one input must never feed two columns).
    """

    def clean(self):
        cleaned_data = WagtailAdminPageForm.clean(self)
        self.check_easy_read_logo(cleaned_data)
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
        self.check_conditions(forms)
        return cleaned_data

    def check_easy_read_logo(self, cleaned_data):
        """Refuse the European easy-to-read logo without its proofreading record (who
        and when), and a proofreading dated in the future: errors on the fields
        (:func:`consultation.questionnaire.easy_read.proofreading_errors`), nothing
        saved."""
        errors = proofreading_errors(
            cleaned_data.get("easy_read_logo"), cleaned_data.get("easy_read_proofread_by"),
            cleaned_data.get("easy_read_proofread_on"),
        )
        for name, message in errors.items():
            if name in self.fields:
                self.add_error(name, message)

    def check_possible_answer(self, form, name, controller):
        """Add an error on field ``name`` of ``form`` (the admin form of a question, or
        the page form) when its value can never be the answer of ``controller`` (a
        FormField offering fixed answers, :func:`possible_answers`): the condition
        would never hold and its question never show. Compared as the public form
        compares (:func:`consultation.questionnaire.conditions.matches`)."""
        value = (form.cleaned_data.get(name) or "").strip()
        options = possible_answers(controller)
        if not value or options is None or any(matches(option, value) for option in options):
            return
        form.add_error(name, _(
            "“%(value)s” is not an answer of the question “%(question)s”. Possible "
            "answers: %(options)s."
        ) % {"value": value, "question": controller.label,
             "options": ", ".join(f"« {option} »" for option in options)})

    def check_conditions(self, forms):
        """Each "show only if" names an EARLIER question with answers, and a value; the
        contact question names a question of the form; "Other, please specify" is
        ticked only on a type offering an "Other" option
        (:data:`consultation.questionnaire.question_types.OTHER_VALUES`). Errors go on
        the fields."""
        def ordered(form):
            return form.cleaned_data.get("ORDER") or 0

        forms = sorted(forms, key=ordered) if any(
            f.cleaned_data.get("ORDER") for f in forms) else forms
        instances = [form.instance for form in forms]
        for form in forms:
            if form.cleaned_data.get("allow_other") and \
                    form.cleaned_data.get("field_type") not in OTHER_VALUES:
                form.add_error("allow_other", _(
                    "This type of question has no “Other” option: untick “Other, please "
                    "specify”, or choose single or multiple choice, “Situation” or "
                    "“Helped by”."
                ))
        for index, form in enumerate(forms):
            reference = (form.cleaned_data.get("show_if_question") or "").strip()
            if not reference:
                continue
            controller = resolve_question(instances[:index], reference)
            if controller is None or controller.field_type in NO_ANSWER_TYPES:
                form.add_error("show_if_question", _(
                    "No earlier question has this label or key: a question can depend "
                    "only on a question placed before it."
                ))
            elif not (form.cleaned_data.get("show_if_value") or "").strip():
                form.add_error("show_if_value", _("Give the answer that shows this question."))
            else:
                self.check_possible_answer(form, "show_if_value", controller)
        reference = (self.cleaned_data.get("contact_question") or "").strip()
        if reference:
            controller = resolve_question(instances, reference)
            if controller is None:
                self.add_error("contact_question",
                               _("No question of this form has this label or key."))
            else:
                self.check_possible_answer(self, "contact_value", controller)
