"""The questionnaire page: :class:`ConsultationPage`, a Wagtail form page served at
``/consultation/``. It holds the page's data (texts, opening dates, contact rule) and how
a valid form is stored; the request itself (GET/POST) is handled by
:func:`consultation.questionnaire.views.serve_questionnaire`, which the page's ``serve``
and routes call.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from portal.view_restrictions import OneQueryViewRestrictionsMixin

from ..stations.services import current_station
from . import views
from .channels import EASY_READ
from .forms import (
    ConsultationFormBuilder,
    ConsultationPageAdminForm,
    questionnaire_form_class,
    stored_questionnaire_form_class,
)
from .models import ConsultationContact, ConsultationSubmission
from .question_types import NO_ANSWER_TYPES
from .serializers import QuestionListField


class ConsultationPage(OneQueryViewRestrictionsMixin, RoutablePageMixin, AbstractEmailForm):
    """The questionnaire residents answer. URL ``/consultation/``; thank-you ``merci/``;
    easy-read version ``facile-a-lire/`` when ``easy_read_intro`` is written, and
    the questionnaire on paper ``imprimer/``.

    The page holds the data; its ``serve`` and routes hand the request to
    :func:`consultation.questionnaire.views.serve_questionnaire`. GET renders the form with
    a fresh one-time token. A valid POST stores one
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
    easy_read_intro = RichTextField(
        _("easy-read introduction"), blank=True, features=["bold", "link", "ul"],
        help_text=_("The introduction of the easy-to-read version. Empty: no easy-to-read "
                    "version is offered."),
    )
    easy_read_logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("European easy-to-read logo"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Shown only when the proofreading below is recorded."),
    )
    easy_read_proofread_by = models.CharField(
        _("proofread by"), max_length=255, blank=True,
        help_text=_("Who proofread the easy-to-read texts (people with intellectual "
                    "disabilities, e.g. a group of an ESAT or an association)."),
    )
    easy_read_proofread_on = models.DateField(_("proofread on"), null=True, blank=True)

    preview_modes = AbstractEmailForm.preview_modes + [("easy_read", _("Easy-to-read version"))]

    base_form_class = ConsultationPageAdminForm
    form_builder = ConsultationFormBuilder
    landing_page_template = "consultation/questionnaire/consultation_thanks.html"
    template = "consultation/questionnaire/consultation_page.html"

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
                FieldPanel("easy_read_intro"),
                FieldRowPanel([FieldPanel("easy_read_proofread_by"),
                               FieldPanel("easy_read_proofread_on")]),
                FieldPanel("easy_read_logo"),
            ],
            heading=_("Easy-to-read version"),
        ),
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
            if field.field_type not in NO_ANSWER_TYPES
        ]

    def thanks_url(self, request=None):
        """URL (str) of the thank-you route of this page."""
        return self.get_url(request) + self.reverse_subpage("thanks")

    def process_form_submission(self, form, provenance=None):
        """Store the answers of a valid form, exactly once.

        Input: a valid ConsultationForm; ``provenance`` (optional dict): how the answer
        came, as ConsultationSubmission field values (``channel``, ``version``,
        ``operator``, ``batch``, ``paper_number``, ``shared_station``); absent keys keep
        the model's defaults (online, standard version). Output: the new
        ConsultationSubmission, or None when a submission already holds this form's
        token (nothing is stored). The e-mail notification, if configured, is sent after
        the commit.
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
                    **(provenance or {}),
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
        """Wagtail's context plus ``contact_retention_days`` (int, privacy notice) and
        ``shared_station`` (the open SharedStation this browser is, or None) with
        ``shared_station_idle_minutes`` (int, setting ``PORTAL_SHARED_STATION_IDLE_MINUTES``,
        default 10: the questionnaire is emptied after that long without input)."""
        context = super().get_context(request, *args, **kwargs)
        context["contact_retention_days"] = getattr(settings, "PORTAL_CONTACT_RETENTION_DAYS", 365)
        context["shared_station"] = current_station(request, self)
        context["shared_station_idle_minutes"] = getattr(
            settings, "PORTAL_SHARED_STATION_IDLE_MINUTES", 10)
        return context

    def answer_rate(self):
        """Answers a client may send (django-ratelimit syntax, str), setting
        ``PORTAL_CONSULTATION_RATE`` (default "60/h": a CCAS desk or a library workshop
        shares one address and helps several residents in an hour)."""
        return getattr(settings, "PORTAL_CONSULTATION_RATE", "") or "60/h"

    def get_form_class(self):
        """The public form class of this page (built with the page: contact rule), kept
        in this process while its questions and lists stay the same: for a page served
        from the database, :func:`consultation.questionnaire.forms.stored_questionnaire_form_class`
        (one query when already built); for questions held in memory (a preview of
        unsaved changes), :func:`consultation.questionnaire.forms.questionnaire_form_class`."""
        in_memory = "form_fields" in getattr(self, "_cluster_related_objects", {})
        if self.pk is not None and not in_memory:
            return stored_questionnaire_form_class(self)
        return questionnaire_form_class(self, self.get_form_fields())

    def state(self, moment=None):
        """"open", "not_yet" (before ``opens_at``) or "closed" (from ``closes_at``) at
        ``moment`` (aware datetime, default now)."""
        moment = moment or timezone.now()
        if self.opens_at and moment < self.opens_at:
            return "not_yet"
        if self.closes_at and moment >= self.closes_at:
            return "closed"
        return "open"

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The questionnaire itself (:func:`consultation.questionnaire.views.serve_questionnaire`)."""
        return views.serve_questionnaire(self, request)

    @path("facile-a-lire/", name="easy_read")
    def easy_read_route(self, request, *args, **kwargs):
        """The easy-read version of the questionnaire ("facile à lire et à comprendre"):
        the same form and answers with the easy-read texts, stored with the version
        "facile" (:func:`consultation.questionnaire.views.serve_questionnaire`); 404 when
        the page offers none (no easy-read introduction)."""
        return views.serve_questionnaire(self, request, version=EASY_READ)

    @path("merci/", name="thanks")
    def thanks_route(self, request, *args, **kwargs):
        """The thank-you page, reached by redirect after a stored submission."""
        return self.render_landing_page(request)

    @path("poste-partage/<str:signed>/", name="shared_station")
    def shared_station_route(self, request, signed, *args, **kwargs):
        """The link of a shared computer
        (:func:`consultation.questionnaire.views.serve_shared_station_link`)."""
        return views.serve_shared_station_link(self, request, signed)


    @path("imprimer/", name="printable")
    def printable_route(self, request, *args, **kwargs):
        """The questionnaire on paper, an A4 page to print
        (:func:`consultation.questionnaire.views.serve_printable`)."""
        return views.serve_printable(self, request)

    def printable_url(self, request=None):
        """URL (str) of the printable questionnaire of this page."""
        return self.get_url(request) + self.reverse_subpage("printable")

    def serve(self, request, view=None, args=None, kwargs=None):
        """Wagtail's page serving: the questionnaire (GET/POST) when no route is given,
        else the route's view (``merci/``, ``imprimer/``)."""
        if view is None:
            return views.serve_questionnaire(self, request)
        return super().serve(request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        """Preview: the thank-you page in mode "landing", the easy-read version in mode
        "easy_read" (404 without an easy-read introduction), else the questionnaire."""
        if mode_name == "landing":
            return self.render_landing_page(request)
        if mode_name == "easy_read":
            return views.serve_questionnaire(self, request, version=EASY_READ)
        return views.serve_questionnaire(self, request)
