"""How many messages went through the portal for each action: counters, no text, no
address (RGPD art. 5.1.c, data minimisation). Shown to staff in the action's editor."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

#: Kinds of counted e-mails: a visitor's message to the action's author, the author's
#: answer to a visitor, a problem report to the moderators.
MESSAGE, REPLY, REPORT = "message", "reply", "report"
KINDS = [
    (MESSAGE, _("messages from visitors")),
    (REPLY, _("answers from the author")),
    (REPORT, _("problem reports")),
]


class ContactCount(models.Model):
    """Number (``count``, int >= 0) of e-mails of one ``kind`` (see :data:`KINDS`) relayed
    for one action (``page``). One row per action and kind; deleted with the action."""

    page = models.ForeignKey(
        "initiatives.InitiativePage", verbose_name=_("action"), on_delete=models.CASCADE,
        related_name="contact_counts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("count of relayed messages")
        verbose_name_plural = _("counts of relayed messages")
        constraints = [
            models.UniqueConstraint(fields=["page", "kind"], name="contact_count_once"),
        ]

    def __str__(self):
        return f"{self.page_id} {self.kind}: {self.count}"


def add_one(page_id, kind):
    """Count one e-mail of ``kind`` for the action ``page_id`` (int). Safe when two
    requests count at once (row created once, then incremented in SQL)."""
    row, _created = ContactCount.objects.get_or_create(page_id=page_id, kind=kind)
    ContactCount.objects.filter(pk=row.pk).update(count=F("count") + 1)


def remove_one(page_id, kind):
    """Take back one count of :func:`add_one` (the e-mail could not leave); never below 0."""
    ContactCount.objects.filter(page_id=page_id, kind=kind, count__gt=0).update(
        count=F("count") - 1
    )


def counts_of(page_id):
    """``{kind: count}`` (dict of str -> int, every kind of :data:`KINDS`) of an action."""
    counts = {kind: 0 for kind, _label in KINDS}
    counts.update(ContactCount.objects.filter(page_id=page_id).values_list("kind", "count"))
    return counts
