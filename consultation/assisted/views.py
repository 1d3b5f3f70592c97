"""Assisted entry views under ``/admin/saisie/``, for holders of
``consultation.enter_answers`` (:data:`PERMISSION`, the "Saisie accompagnée" group):
the consultations, the batches of one (and a new batch), one batch (its forms and its
double-entry differences, settled here) and the entry form.

Entry is allowed before ``opens_at`` and after ``closes_at``: paper forms collected
while the consultation was open must still be entered after it closes, and the dates
are the online form's. The form says when the consultation is closed.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..questionnaire.pages import ConsultationPage
from . import services
from .forms import BatchForm, entry_form_class
from .models import EntryBatch, EntryDifference

PERMISSION = "consultation.enter_answers"


class AssistedTemplateMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin header with breadcrumbs Home › Saisie accompagnée › the pages
    above this one (``trail``: list of (url, label)) › this page."""

    header_icon = "edit"

    def get_trail(self):
        """(url, label) pairs between "Saisie accompagnée" and this page."""
        return []

    def get_breadcrumbs_items(self):
        trail = [(reverse("consultation_assisted:index"), _("Assisted entry")),
                 *self.get_trail()]
        return [*self.breadcrumbs_items,
                *[{"url": url, "label": label} for url, label in trail],
                {"url": "", "label": self.get_page_title()}]


class PageMixin(AssistedTemplateMixin):
    """Views of one consultation: ``self.form_page`` from ``page_id`` (404 if none)."""

    def dispatch(self, request, *args, **kwargs):
        self.form_page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"]).specific
        return super().dispatch(request, *args, **kwargs)

    def batches_url(self):
        return reverse("consultation_assisted:batches", args=[self.form_page.pk])


class IndexView(AssistedTemplateMixin, TemplateView):
    """The consultations, each with its number of batches and a link to enter an answer."""

    template_name = "consultation/assisted/index.html"
    page_title = _("Assisted entry")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = ConsultationPage.objects.order_by("path")
        return context


class BatchListView(PageMixin, TemplateView):
    """The batches of one consultation (number, channel, double entry, counts, status)
    and the form creating a batch (POST: redirect here with a message, or the form again
    with its French errors)."""

    template_name = "consultation/assisted/batches.html"

    def get_page_title(self):
        return gettext("Batches: %(title)s") % {"title": self.form_page.title}

    def post(self, request, *args, **kwargs):
        form = BatchForm(request.POST, page=self.form_page)
        if form.is_valid():
            batch = form.save(commit=False)
            batch.page = self.form_page
            batch.created_by = services.operator_for(request.user)
            try:
                with transaction.atomic():
                    batch.save()
            except IntegrityError:
                # The same number created meanwhile: the unique index decides.
                form.add_error("number", gettext(
                    "Batch %(number)s already exists for this questionnaire.")
                    % {"number": batch.number})
                return self.render_to_response(self.get_context_data(batch_form=form))
            messages.success(request, gettext("Batch %(number)s created.")
                             % {"number": batch.number})
            return HttpResponseRedirect(self.batches_url())
        return self.render_to_response(self.get_context_data(batch_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("batch_form", BatchForm(page=self.form_page))
        context.update({"form_page": self.form_page,
                        "summaries": services.batch_summaries(self.form_page)})
        return context


class BatchDetailView(PageMixin, TemplateView):
    """One batch: its forms (number, operators, second entry) and its double-entry
    differences; POST ``difference`` (id) and ``kept`` ("first"/"second") settles one."""

    template_name = "consultation/assisted/batch.html"

    def dispatch(self, request, *args, **kwargs):
        self.batch = get_object_or_404(EntryBatch, pk=kwargs["batch_id"],
                                       page_id=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.batch)

    def get_trail(self):
        return [(self.batches_url(),
                 gettext("Batches: %(title)s") % {"title": self.form_page.title})]

    def post(self, request, *args, **kwargs):
        value = request.POST.get("difference", "")
        kept = request.POST.get("kept", "")
        difference_id = int(value) if value.isdigit() and len(value) <= 18 else None
        if difference_id is None or not EntryDifference.objects.filter(
                pk=difference_id, second_entry__submission__batch=self.batch).exists():
            messages.error(request, gettext("This difference does not exist (any more)."))
        elif kept not in (EntryDifference.FIRST, EntryDifference.SECOND):
            messages.error(request, gettext("Choose the value to keep."))
        elif services.settle(difference_id, kept, services.operator_for(request.user),
                             request.user) is None:
            messages.warning(request, gettext("This difference was already settled."))
        else:
            messages.success(request, gettext("Difference settled."))
        return HttpResponseRedirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submissions = (self.batch.submissions.select_related("operator", "second_entry",
                                                             "second_entry__operator")
                       .order_by("paper_number", "pk"))
        differences = (EntryDifference.objects
                       .filter(second_entry__submission__batch=self.batch)
                       .select_related("second_entry__submission", "settled_by")
                       .order_by("second_entry__submission__paper_number", "pk"))
        rows = services.difference_rows(self.form_page, differences)
        context.update({
            "form_page": self.form_page, "batch": self.batch,
            "summary": services.batch_summary(self.batch),
            "submissions": submissions,
            "unsettled": [row for row in rows if not row["difference"].kept],
            "settled": [row for row in rows if row["difference"].kept],
            "entry_url": reverse("consultation_assisted:entry", args=[self.form_page.pk])
            + f"?lot={self.batch.pk}",
        })
        return context


class EntryView(PageMixin, TemplateView):
    """The entry form of one consultation (``?lot=<batch id>`` preselects a batch).

    GET: the form with a fresh one-time token. Valid POST: stored once
    (:func:`consultation.assisted.services.store_entry`), then a redirect to a fresh
    form for the same batch with "Réponse n° … enregistrée" (or the second entry's
    message). Invalid POST: the form with its errors (200). Never rate-limited.
    """

    template_name = "consultation/assisted/entry.html"
    page_title = _("Enter an answer")

    def get_trail(self):
        return [(self.batches_url(),
                 gettext("Batches: %(title)s") % {"title": self.form_page.title})]

    def get_batch(self):
        """The batch of ``?lot=`` (or of the posted form), or None."""
        value = self.request.POST.get("batch") or self.request.GET.get("lot")
        if not value or not str(value).isdigit() or len(str(value)) > 18:
            return None
        return EntryBatch.objects.filter(page=self.form_page, pk=int(value)).first()

    def get_form(self, data=None):
        operator = services.operator_for(self.request.user) if data is not None else None
        return entry_form_class(self.form_page)(
            data, page=self.form_page, user=self.request.user,
            batch=self.get_batch(), operator=operator)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                kind, stored = services.store_entry(self.form_page, form)
            except services.PaperNumberTaken:
                form.add_error("paper_number", gettext(
                    "Another entry of this form number was just recorded: check the "
                    "number."))
            else:
                self.add_message(kind, stored, form)
                batch = form.cleaned_data.get("batch")
                url = request.path + (f"?lot={batch.pk}" if batch else "")
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(form=form))

    def add_message(self, kind, stored, form):
        """The French success message of a stored (or already stored) entry."""
        number = form.cleaned_data.get("paper_number")
        if kind == "already":
            text = gettext("This form had already been recorded (sent twice): nothing "
                           "more was stored.")
            messages.warning(self.request, text)
            return
        if kind == "second":
            text = gettext("Second entry of form no. %(number)s recorded: %(count)s "
                           "difference(s) to settle.") % {
                "number": number, "count": stored.differences.count()}
        elif number:
            text = gettext("Answer no. %(id)s recorded (form no. %(number)s).") % {
                "id": stored.pk, "number": number}
        else:
            text = gettext("Answer no. %(id)s recorded.") % {"id": stored.pk}
        messages.success(self.request, text)
        self.warn_contact_dropped(form)

    def warn_contact_dropped(self, form):
        """Warn the operator when contact details were typed but not kept: the public
        form's rule asks for them only after the answer that opens them (e.g. "Oui" to
        "Souhaitez-vous jouer un rôle ?"), and a paper form may carry them anyway."""
        rule = form.contact_rule
        if rule is None or form.contact_wanted():
            return
        typed = [name for name in ("contact_name", "contact_email", "contact_phone")
                 if str(form.data.get(name, "")).strip()]
        if typed:
            label = form.fields[rule[0]].label if rule[0] in form.fields else rule[0]
            messages.warning(self.request, gettext(
                "The contact details typed were not kept: they are kept only when the "
                "answer to “%(question)s” is “%(value)s”.") % {
                "question": label, "value": rule[1]})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form_page": self.form_page,
                        "consultation_state": self.form_page.state(),
                        "batch": self.get_batch()})
        return context
