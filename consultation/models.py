"""The questionnaire page, its questions and its submissions.

- :class:`ConsultationPage`: a Wagtail form page served at ``/consultation/``; a valid
  POST stores one submission, exactly once, then redirects to ``merci/``.
- :class:`FormField`: a question, with our fixed-list field types and stable keys.
- :class:`ConsultationSubmission`: one set of answers, anonymous (no IP address, RGPD
  art. 5.1.c data minimisation), with the respondent's commune for statistics.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from portal import once
from portal.view_restrictions import OneQueryViewRestrictionsMixin

from .forms import (
    ConsultationFormBuilder,
    ConsultationPageAdminForm,
    questionnaire_form_class,
    stored_questionnaire_form_class,
)
from .keys import RESERVED_KEYS, key_from_label
from .serializers import QuestionListField

#: Wagtail's field types plus ours (fixed lists, stable keys), without Wagtail's hidden
#: field (nothing a resident could answer).
FIELD_TYPE_CHOICES = tuple(c for c in FORM_FIELD_CHOICES if c[0] != "hiddenfield") + (
    ("yes_no", _("Yes / no")),
    ("heading", _("Section heading (no answer)")),
    ("themes", _("Domains (Theme list)")),
    ("commune", _("Commune of the département")),
    ("age_band", _("Age band")),
    ("situation", _("Situation")),
    ("helped_by", _("Helped by")),
)


class FormField(AbstractFormField):
    """One question of a ConsultationPage.

    ``clean_name`` (the key under which answers are stored) is built from the label with
    :func:`consultation.keys.key_from_label` on first save and never changes afterwards,
    so renaming a question keeps its answers in one column. ``full_clean()`` and ``save()``
    raise ``ValidationError`` when the key is empty, reserved, or already used by another
    question of the same page (one input must never feed two columns).
    """

    page = ParentalKey("ConsultationPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES
    )
    field_type.required_on_save = True
    allow_other = models.BooleanField(
        _("offer “Other, please specify”"), default=False,
        help_text=_("Single or multiple choice only: adds an “Other” option with a text box."),
    )
    show_if_question = models.CharField(
        _("show only if the question"), max_length=255, blank=True,
        help_text=_("Label (or key) of an earlier question. Leave empty to always show."),
    )
    show_if_value = models.CharField(
        _("has the answer"), max_length=255, blank=True,
        help_text=_("The answer, word for word, e.g. “Oui”."),
    )

    panels = AbstractFormField.panels + [
        FieldPanel("allow_other"),
        FieldRowPanel([FieldPanel("show_if_question"), FieldPanel("show_if_value")],
                      heading=_("Conditional display")),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def get_field_clean_name(self):
        """Key derived from the label: lower_snake_case ASCII str, may be empty."""
        return key_from_label(self.label)

    def validate_key(self):
        """Raise ``ValidationError`` (on "label") unless this field's key is usable.

        Usable: non-empty, not in RESERVED_KEYS, not the key of another saved question of
        the same page.
        """
        key = self.clean_name or self.get_field_clean_name()
        if not key:
            raise ValidationError({"label": _(
                "This label gives an empty key: use at least one letter or digit."
            )})
        if key in RESERVED_KEYS:
            raise ValidationError({"label": _(
                "The key '%(key)s' is reserved: please change the label."
            ) % {"key": key}})
        if self.page_id is not None:
            others = FormField.objects.filter(page_id=self.page_id, clean_name=key)
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"label": _(
                    "The key '%(key)s' of this question is also the key of another "
                    "question of this form (labels that differ only by accents, case or "
                    "punctuation give the same key): please change one of the labels."
                ) % {"key": key}})

    def clean(self):
        super().clean()
        self.validate_key()

    def save(self, *args, **kwargs):
        """Fix the key on first save, then refuse an unusable key (ValidationError)."""
        if not self.clean_name:
            self.clean_name = self.get_field_clean_name()
        self.validate_key()
        super().save(*args, **kwargs)


class ConsultationPage(OneQueryViewRestrictionsMixin, RoutablePageMixin, AbstractEmailForm):
    """The questionnaire residents answer. URL ``/consultation/``; thank-you ``merci/``.

    GET renders the form with a fresh one-time token. A valid POST stores one
    :class:`ConsultationSubmission` in one transaction and answers 302 to ``merci/``; a
    POST with a token already used (double click, replay, several at once), or the same
    answers sent again from the same browser after going back (:mod:`portal.once`), stores nothing
    and answers the same redirect. An invalid POST re-renders the form with
    its errors (200). Responses holding a form are ``Cache-Control: private``. Wagtail's
    view-restriction check before serving it costs one query
    (:class:`portal.view_restrictions.OneQueryViewRestrictionsMixin`).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    opens_at = models.DateTimeField(
        _("opens on"), null=True, blank=True,
        help_text=_("Before this date and time no answer is accepted. Empty: open now."),
    )
    closes_at = models.DateTimeField(
        _("closes on"), null=True, blank=True,
        help_text=_("From this date and time no answer is accepted. Empty: no end."),
    )
    contact_question = models.CharField(
        _("ask for contact details if the question"), max_length=255, blank=True,
        help_text=_(
            "Label (or key) of the question, e.g. “Souhaitez-vous jouer un rôle ?”. "
            "Empty: contact details are never asked."
        ),
    )
    contact_value = models.CharField(
        _("has the answer"), max_length=255, blank=True, default="Oui"
    )

    base_form_class = ConsultationPageAdminForm
    form_builder = ConsultationFormBuilder
    landing_page_template = "consultation/consultation_thanks.html"
    template = "consultation/consultation_page.html"

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    # No FormSubmissionsPanel: its link leads to Wagtail's stock submissions views,
    # closed to consultations (wagtail_hooks.keep_answers_out_of_stock_form_views).
    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")],
                      heading=_("Opening dates")),
        InlinePanel("form_fields", heading=_("Questions"), label=_("Question")),
        FieldRowPanel([FieldPanel("contact_question"), FieldPanel("contact_value")],
                      heading=_("Contact details (separate consent)")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail notification"),
        ),
    ]

    api_fields = [
        APIField("intro"),
        APIField("thank_you_text"),
        APIField("questions", serializer=QuestionListField(source="*")),
    ]

    class Meta:
        verbose_name = _("consultation page")
        verbose_name_plural = _("consultation pages")

    def get_submission_class(self):
        """Output: :class:`ConsultationSubmission`."""
        return ConsultationSubmission

    def get_data_fields(self):
        """(key, label) pairs for Wagtail's stock views: the date, then the questions."""
        from .forms import NO_ANSWER_TYPES

        return [("submit_time", _("Submission date"))] + [
            (field.clean_name, field.label) for field in self.get_form_fields()
            if field.field_type not in NO_ANSWER_TYPES
        ]

    def thanks_url(self, request=None):
        """URL (str) of the thank-you route of this page."""
        return self.get_url(request) + self.reverse_subpage("thanks")

    def process_form_submission(self, form):
        """Store the answers of a valid form, exactly once.

        Input: a valid ConsultationForm. Output: the new ConsultationSubmission, or None
        when a submission already holds this form's token (nothing is stored). The
        e-mail notification, if configured, is sent after the commit.
        """
        data = form.answers()
        token = str(form.cleaned_data["form_token"])
        contact = form.contact()
        # The first commune question answered gives the respondent's commune; its
        # primary key comes with the list the form offered (no query).
        commune_id = None
        for key in getattr(form, "commune_keys", ()):
            if data.get(key):
                commune_id = form.commune_ids.get(data[key])
                break
        submission_class = self.get_submission_class()
        try:
            # A submission already holding this token makes the insert fail on the
            # unique index: stored once, nothing written. No savepoint (two round trips
            # to the database): inside :func:`portal.once.store_once` the failure rolls
            # the whole transaction back, token claim included, with the same answer.
            with transaction.atomic(savepoint=False):
                submission = submission_class(
                    form_data=data,
                    page=self,
                    commune_id=commune_id,
                    form_token=token,
                    privacy_notice_version=getattr(settings, "PORTAL_PRIVACY_NOTICE_VERSION", ""),
                )
                # Keys read with the form (PostgreSQL): no insert when none is new.
                submission.recorded_answer_keys = self.__dict__.pop("recorded_answer_keys", None)
                submission.save(force_insert=True)
                if contact is not None:
                    ConsultationContact.objects.create(submission=submission, **contact)
        except IntegrityError:
            # A concurrent request with the same token won the race: stored once.
            return None
        if self.to_address:
            transaction.on_commit(lambda: self.send_mail(form))
        return submission

    def get_context(self, request, *args, **kwargs):
        """Wagtail's context plus ``contact_retention_days`` (int, privacy notice)."""
        context = super().get_context(request, *args, **kwargs)
        context["contact_retention_days"] = getattr(settings, "PORTAL_CONTACT_RETENTION_DAYS", 365)
        return context

    def answer_rate(self):
        """Answers a client may send (django-ratelimit syntax, str), setting
        ``PORTAL_CONSULTATION_RATE`` (default "60/h": a CCAS desk or a library workshop
        shares one address and helps several residents in an hour)."""
        return getattr(settings, "PORTAL_CONSULTATION_RATE", "") or "60/h"

    def get_form_class(self):
        """The public form class of this page (built with the page: contact rule), kept
        in this process while its questions and lists stay the same: for a page served
        from the database, :func:`consultation.forms.stored_questionnaire_form_class`
        (one query when already built); for questions held in memory (a preview of
        unsaved changes), :func:`consultation.forms.questionnaire_form_class`."""
        in_memory = "form_fields" in getattr(self, "_cluster_related_objects", {})
        if self.pk is not None and not in_memory:
            return stored_questionnaire_form_class(self)
        return questionnaire_form_class(self, self.get_form_fields())

    def state(self, moment=None):
        """"open", "not_yet" (before ``opens_at``) or "closed" (from ``closes_at``) at
        ``moment`` (aware datetime, default now)."""
        from django.utils import timezone

        moment = moment or timezone.now()
        if self.opens_at and moment < self.opens_at:
            return "not_yet"
        if self.closes_at and moment >= self.closes_at:
            return "closed"
        return "open"

    def serve_form(self, request):
        """GET: the form; POST: store and redirect, or re-render with errors.

        Outside the opening dates no form is shown and a POST stores nothing: the page
        says so (GET 200, POST 403). A filled honeypot answers 400 and a client over
        the rate 429, with the answers kept in the form and nothing stored.
        """
        state = self.state()
        if state != "open":
            return self.render_form_page(
                request, {"consultation_state": state},
                status=403 if request.method == "POST" else 200,
            )
        if request.method != "POST":
            return self.render_form_page(request, {"form": self.get_form(page=self, user=request.user)})
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        status = 200
        if form.is_valid():
            # The digest covers the contact details too: the same answers sent again
            # with an e-mail added are a new submission, never silently dropped.
            response, status = once.store_once(
                request, self, form, scope="consultation.answer",
                token=form.cleaned_data["form_token"],
                digest=once.fingerprint(self, form.cleaned_data),
                store=lambda: self.process_form_submission(form),
                thanks_url=self.thanks_url(request), rate=self.answer_rate(),
            )
            if response is not None:
                return response
        return self.render_form_page(request, {"form": form}, status=status)

    def render_form_page(self, request, extra, status=200):
        """The questionnaire page with ``extra`` context, ``Cache-Control: private`` (a
        page holding a form never goes to a shared cache: its CSRF token is personal)."""
        context = self.get_context(request)
        context.update(extra)
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        patch_cache_control(response, private=True)
        return response

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The questionnaire itself (see :meth:`serve_form`)."""
        return self.serve_form(request)

    @path("merci/", name="thanks")
    def thanks_route(self, request, *args, **kwargs):
        """The thank-you page, reached by redirect after a stored submission."""
        return self.render_landing_page(request)

    def serve(self, request, view=None, args=None, kwargs=None):
        if view is None:
            return self.serve_form(request)
        return super().serve(request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.serve_form(request)


class ConsultationContact(models.Model):
    """Contact details a respondent chose to give, with their separate consent.

    Kept apart from the answers so that it can be purged: its own table, deleted by
    ``manage.py purge_contacts`` once ``PORTAL_CONTACT_RETENTION_DAYS`` have passed after
    the consultation closes, or at the respondent's request, while the anonymous answers
    stay. Legal basis: consent (RGPD art. 6.1.a); ``privacy_notice_version`` records
    the notice shown.
    """

    submission = models.OneToOneField(
        "ConsultationSubmission", on_delete=models.CASCADE, related_name="contact",
        verbose_name=_("submission"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    consented_at = models.DateTimeField(_("consent given on"), auto_now_add=True)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def save(self, *args, **kwargs):
        if not self.privacy_notice_version:
            self.privacy_notice_version = getattr(settings, "PORTAL_PRIVACY_NOTICE_VERSION", "")
        super().save(*args, **kwargs)


class ConsultationSubmission(AbstractFormSubmission):
    """One set of answers to a ConsultationPage.

    ``form_data``: dict key -> answer (str, or list of str for multiple choices; Theme
    slugs, INSEE codes and ``portal.choices`` keys for fixed lists). ``commune``: the
    respondent's commune, copied from the commune answer for statistics (null if none).
    ``form_token``: the one-time token of the rendered form (unique: exactly once).
    ``privacy_notice_version``: the privacy notice shown. No IP address is stored.
    """

    commune = models.ForeignKey(
        "portal.Commune", verbose_name=_("commune"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="consultation_submissions",
    )
    form_token = models.CharField(
        _("form token"), max_length=36, unique=True, default=uuid.uuid4, editable=False
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("consultation submission")
        verbose_name_plural = _("consultation submissions")
        ordering = ["submit_time", "pk"]
        # Exports and listings read one page's answers in time order (bench/exports.py).
        indexes = [
            models.Index(fields=["page", "submit_time", "id"], name="consultation_page_time"),
        ]
        permissions = [
            ("view_submissions", "Can view consultation submissions"),
            ("view_contact_details", "Can view contact details given with consent"),
        ]

    def save(self, *args, **kwargs):
        """Save, and on creation record the keys of ``form_data`` in :class:`AnswerKey`
        (same transaction)."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            AnswerKey.record(self)


class AnswerKey(models.Model):
    """A key found in the stored answers (``form_data``) of a page, recorded once, when
    the first submission holding it is saved (``ConsultationSubmission.save``).

    Exports and the committee listing read the keys of questions since removed from the
    form here (one small query at any number of submissions: the first CSV chunk never
    waits for a pass over the answers), in the order the keys
    first appeared: ``submission_id`` (id of the first submission holding the key, so
    the oldest stored first) then ``position`` (0-based place of the key in that
    submission's answers: form order when saved; PostgreSQL's jsonb order, shortest key
    first, for answers recorded afterwards). Submissions written without ``save()`` (bulk loads) must call
    :meth:`record` or ``manage.py record_answer_keys``."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    submission_id = models.BigIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer key")
        verbose_name_plural = _("answer keys")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="consultation_answer_key_unique"),
        ]
        ordering = ["submission_id", "position"]

    @classmethod
    def record(cls, submission):
        """Record the keys of ``submission.form_data`` (dict; anything else records
        nothing) for its page; keys already recorded keep their first appearance. One
        INSERT ... ON CONFLICT DO NOTHING, none when every key is in
        ``submission.recorded_answer_keys`` (optional frozenset of str: the keys known
        recorded for the page, read in the same request). Output: None."""
        data = submission.form_data
        if not isinstance(data, dict) or not data:
            return
        known = getattr(submission, "recorded_answer_keys", None)
        if known is not None and known.issuperset(data):
            return
        cls.objects.bulk_create(
            [cls(page_id=submission.page_id, key=key, submission_id=submission.pk,
                 position=position) for position, key in enumerate(data)],
            ignore_conflicts=True,
        )

    @classmethod
    def record_all(cls, submissions, chunk_size=2000):
        """Record the keys of every submission of ``submissions`` (a queryset), oldest
        first, reading only ids and answers in chunks. Output: int, the number of
        submissions read. Used after bulk loads and by the migration that created this
        table."""
        seen = set()
        pending = []
        count = 0
        rows = submissions.order_by("pk").values_list("pk", "page_id", "form_data")
        for pk, page_id, data in rows.iterator(chunk_size=chunk_size):
            count += 1
            if not isinstance(data, dict):
                continue
            for position, key in enumerate(data):
                if (page_id, key) not in seen:
                    seen.add((page_id, key))
                    pending.append(cls(page_id=page_id, key=key, submission_id=pk,
                                       position=position))
        cls.objects.bulk_create(pending, batch_size=1000, ignore_conflicts=True)
        return count

from .proposals import Proposal, ProposalContact, ProposalPage  # noqa: E402,F401
from .export_jobs import ExportJob  # noqa: E402,F401
