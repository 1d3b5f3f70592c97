"""The private side of a publicly submitted action: who sent it, and their private link.

Personal data never lives in page fields: page fields are copied into every
revision, the search index and the audit log, where erasure cannot reach them. The
submitter's e-mail address and the hash of their private link's token live here, linked
to the page, and are deleted by ``manage.py purge_submitters`` after
``PORTAL_CONTACT_RETENTION_DAYS``.
"""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Length in bytes of the random part of a private link (256 bits).
TOKEN_BYTES = 32


def hash_token(token):
    """SHA-256 hex digest (64-character str) of a private link's token (str)."""
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def new_token():
    """A new private token: ``(token, token_hash)``, a URL-safe str and its SHA-256 hex.

    Only the hash is stored; the token itself is only ever written in the e-mail.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


class InitiativeSubmitterQuerySet(models.QuerySet):
    def for_token(self, token):
        """The submitter rows whose private link is ``token`` (str; at most one row)."""
        if not token or len(token) > 100:
            return self.none()
        return self.filter(token_hash=hash_token(token))


class InitiativeSubmitter(models.Model):
    """The person who submitted an action through the public form.

    Fields: ``page`` (the InitiativePage, one submitter per page), ``email`` (private,
    never shown publicly), ``token_hash`` (SHA-256 hex of the private link's token),
    ``privacy_notice_version`` (the RGPD notice shown), ``created_at``,
    ``confirmed_at`` (set when the address is confirmed through the link: the action is
    then submitted to moderation), ``withdrawn_at`` (set when the submitter withdraws the
    action). Legal basis of the e-mail address: consent (RGPD art. 6.1.a).
    """

    page = models.OneToOneField(
        "initiatives.InitiativePage", verbose_name=_("action"), on_delete=models.CASCADE,
        related_name="submitter",
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(_("private link (hash)"), max_length=64, unique=True)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InitiativeSubmitterQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitter of an action")
        verbose_name_plural = _("submitters of actions")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"
