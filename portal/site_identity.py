"""The site's identity, edited by staff in the admin ("Paramètres" > "Identité du site"):
the département's designation, the logo and its text alternative, the favicon, the two
theme colours and the image shown when a page is shared.

A Wagtail site setting (``wagtail.contrib.settings``, one row per Site), gathered in
``portal/models.py``. Saving it bumps the page cache's content version (site settings are
among the models ``portal.page_cache`` watches), so no cached page keeps the old look.
Templates read it through ``portal.context_processors`` (``portal.departement``,
``portal.logo``...), never directly: error pages drawn while the database is down get the
defaults from the settings (``PORTAL_DEPARTEMENT_DESIGNATION``, ``PORTAL_COLORS``).
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.images.models import SourceImageIOError

from portal.contrast import parse_hex
from portal.theme import contrast_errors

logger = logging.getLogger(__name__)

#: Rendition filters: the header's logo (96 px high, twice the 48 px it is drawn at), the
#: favicon (a 64 px square, PNG for raster images) and the sharing image (the 1200 × 630
#: of Open Graph's large previews, in the image's own format). ``preserve-svg`` keeps an SVG as SVG.
LOGO_FILTER = "height-96|preserve-svg"
FAVICON_FILTER = "fill-64x64|format-png|preserve-svg"
SHARING_FILTER = "fill-1200x630"


def default_departement():
    """Default designation of the département (str): ``PORTAL_DEPARTEMENT_DESIGNATION``."""
    return settings.PORTAL_DEPARTEMENT_DESIGNATION


def default_primary():
    """Default main colour (``#rrggbb``): ``PORTAL_COLORS["primary"]``."""
    return settings.PORTAL_COLORS["primary"]


def default_accent():
    """Default accent colour (``#rrggbb``): ``PORTAL_COLORS["accent"]``."""
    return settings.PORTAL_COLORS["accent"]


def validate_hex_colour(value):
    """Refuse (ValidationError, French message) a colour that is not ``#`` followed by
    three or six hexadecimal digits."""
    try:
        parse_hex(value)
    except ValueError:
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, for example #005a8c."),
            code="invalid_colour")


def _image_field(verbose_name, help_text):
    return models.ForeignKey(
        get_image_model_string(), verbose_name=verbose_name, help_text=help_text,
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


@register_setting(icon="image")
class SiteIdentity(BaseSiteSetting):
    """The identity of one Site (see the module's docstring).

    Fields: ``departement`` (str, the designation written after "Le"/"du" in sentences),
    ``logo`` and ``logo_alt``, ``favicon``, ``primary_colour`` and ``accent_colour``
    (``#rrggbb``, stored in lower case), ``sharing_image``. :meth:`clean` refuses colours
    that miss a contrast of ``portal.theme.RULES`` (WCAG 2.1 1.4.3 and 1.4.11, RGAA 3.2
    and 3.3), a logo without text alternative and an SVG sharing image.
    """

    departement = models.CharField(
        _("département"), max_length=100, default=default_departement,
        help_text=_("The département's full designation, as it follows “Le” in a sentence: "
                    "“Département des Landes”, “Département de la Gironde”, "
                    "“Département du Nord”. Shown in the header and in the privacy notices."))
    logo = _image_field(
        _("logo"),
        _("Shown in the header, 48 pixels high, before the site's name. SVG, PNG or WebP. "
          "Without a logo, the header shows the site's name and the département in text."))
    logo_alt = models.CharField(
        _("text alternative of the logo"), max_length=200, blank=True,
        help_text=_("What the logo says, for people who cannot see it (required with a logo), "
                    "e.g. “Département des Landes”."))
    favicon = _image_field(
        _("favicon"),
        _("The small icon of the browser's tabs: a square image, SVG or PNG. Without one, "
          "the portal's own icon is used."))
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default=default_primary,
        validators=[validate_hex_colour],
        help_text=_("Header and button background under white text, and the colour of links "
                    "on white and light grey: contrast of at least 4.5:1 with white and with "
                    "#f3f5f7 (RGAA 3.2). Hexadecimal, e.g. #005a8c."))
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default=default_accent,
        validators=[validate_hex_colour],
        help_text=_("The ring that shows which link, button or field has the keyboard focus, "
                    "drawn between two white bands: contrast of at least 3:1 with white and "
                    "with #f3f5f7 (RGAA 3.3). Hexadecimal, e.g. #b3361f."))
    sharing_image = _image_field(
        _("sharing image"),
        _("Shown when a page of the site is shared on social networks. JPEG, PNG or WebP "
          "(networks do not show SVG), ideally 1200 × 630 pixels."))

    panels = [
        FieldPanel("departement"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("favicon")],
                        heading=_("Logo and icon")),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")],
                        heading=_("Colours")),
        FieldPanel("sharing_image"),
    ]

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identities")

    def __str__(self):
        return self.departement

    def clean(self):
        """Normalise the colours to ``#rrggbb`` and refuse, field by field
        (ValidationError), the colours below a contrast of ``portal.theme.RULES``, a logo
        without ``logo_alt`` (RGAA 1.1/1.2) and an SVG ``sharing_image``."""
        super().clean()
        errors = {}
        colours = {}
        for key, field in (("primary", "primary_colour"), ("accent", "accent_colour")):
            try:
                value = parse_hex(getattr(self, field))
            except ValueError:
                continue  # the field's validator says why
            setattr(self, field, value)
            colours[key] = value
        for key, messages in contrast_errors(colours).items():
            errors[f"{key}_colour"] = messages
        self.logo_alt = (self.logo_alt or "").strip()
        if self.logo_id and not self.logo_alt:
            errors["logo_alt"] = [_("Describe the logo: people who cannot see it read this text.")]
        if self.sharing_image_id and self.sharing_image.is_svg():
            errors["sharing_image"] = [_("Social networks do not show SVG images: choose a "
                                         "JPEG, PNG or WebP image.")]
        if errors:
            raise ValidationError(errors)

    @classmethod
    def values_for_request(cls, request):
        """:meth:`template_values` of the identity of ``request``'s Site (as Wagtail
        finds it: the host, else the default site), or None when there is no such Site
        or it has no identity saved yet (the defaults apply). Two or three queries, plus
        those of missing renditions."""
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None:
            return None
        row = (cls.objects.filter(site=site)
               .select_related("site", "logo", "favicon", "sharing_image").first())
        return None if row is None else row.template_values()

    def template_values(self):
        """What the templates show of this identity (dict of str/None, no model
        instance, so that it can be kept in the shared cache): ``departement``,
        ``colours`` ({"primary", "accent"}), ``logo`` (None or {"url", "width", "height",
        "alt"}), ``favicon`` (None or {"url", "type"}), ``sharing_image`` (None or
        {"url", "width", "height"}, the URL absolute: on the Site's root URL, as every
        absolute link of the portal, unless the storage gives absolute URLs). Generates
        the renditions that are missing."""
        values = {"departement": self.departement,
                  "colours": {"primary": self.primary_colour, "accent": self.accent_colour},
                  "logo": None, "favicon": None, "sharing_image": None}
        logo = self._rendition(self.logo, LOGO_FILTER)
        if logo is not None:
            values["logo"] = {"url": logo.url, "width": logo.width, "height": logo.height,
                              "alt": self.logo_alt}
        favicon = self._rendition(self.favicon, FAVICON_FILTER)
        if favicon is not None:
            values["favicon"] = {"url": favicon.url, "type": (
                "image/svg+xml" if self.favicon.is_svg() else "image/png")}
        sharing = self._rendition(self.sharing_image, SHARING_FILTER)
        if sharing is not None:
            values["sharing_image"] = {"url": urljoin(self.site.root_url + "/", sharing.url),
                                       "width": sharing.width, "height": sharing.height}
        return values

    @staticmethod
    def _rendition(image, spec):
        """The rendition ``spec`` of ``image`` (None without image). An image whose file
        cannot be read (lost, damaged) is logged and left out: the page shows the
        default instead of failing."""
        if image is None:
            return None
        try:
            return image.get_rendition(spec)
        except (SourceImageIOError, OSError, ValueError):
            logger.warning("Site identity: no rendition %s of image %s", spec, image.pk,
                           exc_info=True)
            return None
