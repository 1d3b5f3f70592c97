"""The questionnaire page, its questions and its submissions (DESIGN §4, §5, §8).

- :class:`ConsultationPage`: a Wagtail form page served at ``/consultation/``; a valid
  POST stores one submission, exactly once, then redirects to ``merci/``.
- :class:`FormField`: a question, with our fixed-list field types and stable keys.
- :class:`ConsultationSubmission`: one set of answers, anonymous (no IP address, RGPD
  art. 5.1.c, DESIGN §4c), with the respondent's commune for statistics.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseRedirect
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
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from .forms import ConsultationFormBuilder, ConsultationPageAdminForm
from . import replay
from .keys import RESERVED_KEYS, key_from_label
from .serializers import QuestionListField

#: Wagtail's field types plus ours (DESIGN §4 fixed lists).
FIELD_TYPE_CHOICES = FORM_FIELD_CHOICES + (
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
    so renaming a question keeps its answers (case C1). ``full_clean()`` and ``save()``
    raise ``ValidationError`` when the key is empty, reserved, or already used by another
    question of the same page (DESIGN §8, case C2).
    """

    page = ParentalKey("ConsultationPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES
    )
    field_type.required_on_save = True

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


class ConsultationPage(RoutablePageMixin, AbstractEmailForm):
    """The questionnaire (DESIGN §1, §4). URL ``/consultation/``; thank-you ``merci/``.

    GET renders the form with a fresh one-time token. A valid POST stores one
    :class:`ConsultationSubmission` in one transaction and answers 302 to ``merci/``; a
    POST with a token already used (double click, replay), or the same answers sent again
    from the same browser after going back (:mod:`consultation.replay`), stores nothing
    and answers the same redirect (case C7). An invalid POST re-renders the form with
    its errors (200). Responses holding a form are ``Cache-Control: private``.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    base_form_class = ConsultationPageAdminForm
    form_builder = ConsultationFormBuilder
    landing_page_template = "consultation/consultation_thanks.html"
    template = "consultation/consultation_page.html"

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Questions")),
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
        return [("submit_time", _("Submission date"))] + [
            (field.clean_name, field.label) for field in self.get_form_fields()
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
        data = dict(form.cleaned_data)
        token = str(data.pop("form_token"))
        commune = None
        for field in self.get_form_fields():
            if field.field_type == "commune" and data.get(field.clean_name):
                from portal.models import Commune

                commune = Commune.objects.filter(insee_code=data[field.clean_name]).first()
                break
        submission_class = self.get_submission_class()
        try:
            with transaction.atomic():
                if submission_class.objects.filter(form_token=token).exists():
                    return None
                submission = submission_class.objects.create(
                    form_data=data,
                    page=self,
                    commune=commune,
                    form_token=token,
                    privacy_notice_version=getattr(settings, "PORTAL_PRIVACY_NOTICE_VERSION", ""),
                )
        except IntegrityError:
            # A concurrent request with the same token won the race: stored once.
            return None
        if self.to_address:
            transaction.on_commit(lambda: self.send_mail(form))
        return submission

    def serve_form(self, request):
        """GET: the form; POST: store and redirect, or re-render with errors."""
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if form.is_valid():
                digest = replay.fingerprint(self, form.cleaned_data)
                if not replay.already_sent(request, self, digest):
                    self.process_form_submission(form)
                response = HttpResponseRedirect(self.thanks_url(request))
                replay.remember(response, self, digest)
                return response
        else:
            form = self.get_form(page=self, user=request.user)
        context = self.get_context(request)
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context)
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


class ConsultationSubmission(AbstractFormSubmission):
    """One set of answers to a ConsultationPage.

    ``form_data``: dict key -> answer (str, or list of str for multiple choices; Theme
    slugs, INSEE codes and ``portal.choices`` keys for fixed lists). ``commune``: the
    respondent's commune, copied from the commune answer for statistics (null if none).
    ``form_token``: the one-time token of the rendered form (unique: exactly once).
    ``privacy_notice_version``: the notice shown (DESIGN §4c). No IP address is stored.
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
        permissions = [("view_submissions", "Can view consultation submissions")]

from .proposals import Proposal, ProposalContact, ProposalPage  # noqa: E402,F401
