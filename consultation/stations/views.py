"""Admin views of shared computers ("Postes partagés"): the list of sessions, the form
that opens one and shows its link, and the "Fermer" button that closes one.

Reached only by holders of ``consultation.open_shared_station`` (:data:`PERMISSION`,
group "Saisie accompagnée") and superusers, through
:class:`consultation.stations.admin.StationViewSet`.
"""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..questionnaire.pages import ConsultationPage
from .models import SharedStation
from .services import CLOSED, EXPIRED, MAX_DAYS, OPEN, link_path, state

#: The permission every view of the set requires.
PERMISSION = "consultation.open_shared_station"
#: Hour (local time) a "today" session ends.
END_OF_DAY = datetime.time(19, 0)
#: Labels of the states.
STATE_LABELS = {OPEN: pgettext_lazy("shared computer", "open"),
                EXPIRED: pgettext_lazy("shared computer", "expired"),
                CLOSED: pgettext_lazy("shared computer", "closed")}


def duration_choices():
    """(value, label) pairs of the session lengths offered: 4 hours, today until 19:00
    (only before 19:00), 1 to :data:`MAX_DAYS` days."""
    choices = [("4h", _("4 hours"))]
    if timezone.localtime().time() < END_OF_DAY:
        choices.append(("today", _("Today until 19:00")))
    choices.append(("1d", _("1 day")))
    choices += [(f"{days}d", _("%(days)s days") % {"days": days})
                for days in range(2, MAX_DAYS + 1)]
    return choices


def expiry(duration, now=None):
    """End (aware datetime) of a session of ``duration`` (a value of
    :func:`duration_choices`) opened at ``now`` (aware datetime, default now). Raises
    ValueError for an unknown duration."""
    now = now or timezone.now()
    if duration == "4h":
        return now + datetime.timedelta(hours=4)
    if duration == "today":
        local = timezone.localtime(now)
        return local.replace(hour=END_OF_DAY.hour, minute=0, second=0, microsecond=0)
    if duration.endswith("d") and duration[:-1].isdigit() and \
            1 <= int(duration[:-1]) <= MAX_DAYS:
        return now + datetime.timedelta(days=int(duration[:-1]))
    raise ValueError(duration)


class OpenStationForm(forms.Form):
    """Open a session: questionnaire (live ConsultationPage), place (str, 120 chars),
    duration (:func:`duration_choices`), answers an hour (1 to 500)."""

    page = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=ConsultationPage.objects.none(), empty_label=None)
    label = forms.CharField(
        label=_("Place"), max_length=120,
        help_text=_("Where the computer is, e.g. “CCAS de Dax, accueil”. Shown to staff only."))
    duration = forms.ChoiceField(label=_("Duration"))
    max_answers = forms.IntegerField(
        label=_("Answers per hour"), min_value=1, max_value=500, initial=60,
        help_text=_("Most answers this computer may send in an hour."))

    def __init__(self, *args, **kwargs):
        """The live questionnaires and the durations offered now."""
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = ConsultationPage.objects.live().order_by("path")
        self.fields["duration"].choices = duration_choices()


class StationTemplateMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin header for the stations' pages."""

    header_icon = "desktop"


class StationIndexView(StationTemplateMixin, TemplateView):
    """The sessions, newest first: place, questionnaire, opened by, end, answers so far,
    state, and for an open one its link and the "Fermer" button."""

    template_name = "consultation/stations/admin/index.html"
    page_title = _("Shared computers")

    def get_context_data(self, **kwargs):
        """Context plus ``rows``: list of dicts ``station``, ``state``, ``state_label``,
        ``link`` (absolute URL, "" unless open), the 200 newest sessions."""
        context = super().get_context_data(**kwargs)
        rows = []
        stations = SharedStation.objects.select_related("page", "created_by").annotate(
            answers=Count("submissions"))[:200]
        for station in stations:
            current = state(station)
            rows.append({
                "station": station, "state": current, "state_label": STATE_LABELS[current],
                "link": self.request.build_absolute_uri(link_path(station, self.request))
                if current == OPEN else "",
            })
        context["rows"] = rows
        return context


class StationOpenView(StationTemplateMixin, FormView):
    """The form opening a session; a valid post creates it and goes back to the list,
    where its link is shown."""

    template_name = "consultation/stations/admin/open.html"
    page_title = _("Open a shared computer")
    form_class = OpenStationForm

    def form_valid(self, form):
        """Create the session opened by the signed-in user; back to the list (302)."""
        station = SharedStation.objects.create(
            page=form.cleaned_data["page"], label=form.cleaned_data["label"],
            created_by=self.request.user, max_answers=form.cleaned_data["max_answers"],
            expires_at=expiry(form.cleaned_data["duration"]),
        )
        messages.success(self.request, _(
            "Shared computer “%(place)s” opened: open its link on that computer.")
            % {"place": station.label})
        return redirect("consultation_stations:index")


class StationCloseView(View):
    """POST: close a session at once (its link and cookie stop working), then back to
    the list. Other methods: 405."""

    def post(self, request, station_id):
        """Close station ``station_id`` (int; 404 when unknown) and redirect (302)."""
        station = get_object_or_404(SharedStation, pk=station_id)
        if station.revoked_at is None:
            station.revoked_at = timezone.now()
            station.save(update_fields=["revoked_at"])
        messages.success(request, _("Shared computer “%(place)s” closed.")
                         % {"place": station.label})
        return redirect("consultation_stations:index")

    def get(self, request, station_id):
        """Closing changes data: only by POST (405)."""
        return HttpResponseNotAllowed(["POST"])
