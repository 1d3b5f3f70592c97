"""The committee's calendar: its meetings, a snippet staff edit in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

#: Past meetings listed on the home page after the upcoming ones.
PAST_MEETINGS_SHOWN = 3


class CommitteeMeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Meetings starting at ``now`` (aware datetime; the current time when None) or
        later, soonest first."""
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Meetings that started before ``now``, most recent first."""
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class CommitteeMeeting(models.Model):
    """One meeting of the comité Nouvelles solidarités (public information).

    Fields: ``starts_at`` (aware datetime, stored in UTC, typed and shown in the site's
    time zone, Europe/Paris), ``title``, ``place`` and ``description`` (plain text),
    ``document`` (a Wagtail document, e.g. the minutes) or ``link_url`` (a page
    elsewhere), never both, with ``link_label``.
    """

    starts_at = models.DateTimeField(
        _("date and time"), help_text=_("Paris time."))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("E.g. the minutes or the presentation, once published."))
    link_url = models.URLField(
        _("link"), blank=True, help_text=_("A page elsewhere, instead of a document."))
    link_label = models.CharField(
        _("link label"), max_length=120, blank=True,
        help_text=_("E.g. “Minutes of the meeting”. Empty: the document's title, or "
                    "“Documents of the meeting”."))

    objects = CommitteeMeetingQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("place")]),
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("link_url"),
                         FieldPanel("link_label")], heading=_("Document or link")),
    ]

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        """Refuse a document and a link together (ValidationError on ``link_url``)."""
        super().clean()
        if self.document_id and self.link_url:
            raise ValidationError({"link_url": _("Give a document or a link, not both.")})

    def link(self):
        """``(url, label)`` of the meeting's document or link, or None. The label is
        ``link_label``, else the document's title, else a translated default."""
        if self.document_id and self.document is not None:
            return self.document.url, self.link_label or self.document.title
        if self.link_url:
            return self.link_url, self.link_label or _("Documents of the meeting")
        return None


def home_calendar(now=None, past=PAST_MEETINGS_SHOWN):
    """The meetings the home page lists: ``(upcoming, past)``, two lists of
    CommitteeMeeting, every upcoming meeting soonest first, then the ``past`` (int) most
    recent past ones, most recent first. Two queries, documents joined."""
    now = now or timezone.now()
    meetings = CommitteeMeeting.objects.select_related("document")
    return list(meetings.upcoming(now)), list(meetings.past(now)[:past])
