"""The data of shared computers: :class:`SharedStation`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SharedStation(models.Model):
    """A "poste partagé" session: a computer at a CCAS desk or a library where many
    residents answer the questionnaire one after the other.

    Opened by staff, reached through a signed link holding ``key`` (UUID) that stops
    working at ``expires_at`` (aware datetime) or once ``revoked_at`` is set. Answers
    sent from it are counted against ``max_answers`` per hour for the session, not
    against the shared address. ``label``: where the computer is ("CCAS de Dax,
    accueil"), shown to staff only.
    """

    page = models.ForeignKey(
        "consultation.ConsultationPage", verbose_name=_("questionnaire"),
        on_delete=models.CASCADE, related_name="shared_stations",
    )
    label = models.CharField(_("place"), max_length=120)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    max_answers = models.PositiveIntegerField(
        _("answers per hour"), default=60,
        help_text=_("Most answers this computer may send in an hour."),
    )

    class Meta:
        verbose_name = _("shared computer")
        verbose_name_plural = _("shared computers")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("open_shared_station", "Can open a shared-computer session"),
        ]

    def __str__(self):
        return self.label
