"""Indicators of the diagnostic territorial and their values per territory.

An :class:`Indicator` is one statistic (e.g. "Taux de pauvreté", in %, 2021, INSEE
Filosofi) published at one territorial level; an :class:`IndicatorValue` is its value for
one territory of that level, identified by its code:

- commune: 5-character INSEE code (INSEE, Code officiel géographique), e.g. "40192";
- EPCI: 9-digit SIREN code (INSEE, répertoire SIRENE), e.g. "244000865";
- département: its COG code, e.g. "40";
- France: "FR".

A value is a number, missing, or secret (statistical confidentiality: INSEE withholds
figures computed on too few households or firms). A secret value is shown as "secret",
never as 0 or blank; a missing value is shown as missing. The département's and France's
figures used for comparison are stored on the indicator itself.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Level(models.TextChoices):
    """Territorial level of an indicator's values (how its codes are read)."""

    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("département")
    FRANCE = "france", _("France")


class ValueStatus(models.TextChoices):
    """What an :class:`IndicatorValue` holds: a number, nothing, or a secret figure."""

    NUMBER = "number", _("number")
    MISSING = "missing", _("missing")
    SECRET = "secret", _("secret")


class Indicator(index.Indexed, models.Model):
    """One statistic of the diagnostic, with its source, definition and limits.

    Fields: ``name`` (e.g. "Densité de population"); ``unit`` (e.g. "hab./km²", "%",
    may be empty for plain counts); ``year`` (vintage of the figures, None when the
    source does not state it); ``source`` (text, e.g. "INSEE, recensement de la
    population") and ``source_url``; ``definition`` and ``method`` (method and limits,
    e.g. "leaves out people over 65"); ``level`` (:class:`Level`); ``decimal_places``
    (how many decimals to show, 0-4); ``departement_value`` and ``france_value``
    (Decimal or None: the reference figures for comparison); ``published`` (shown on
    the portrait de territoire and offered to blocks).

    Values: ``self.values`` (:class:`IndicatorValue`, one per territory code).
    """

    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True,
        help_text=_("Vintage of the figures; leave empty when the source does not state it."),
    )
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source link"), blank=True, max_length=500)
    definition = models.TextField(_("definition"), blank=True)
    method = models.TextField(
        _("method and limits"), blank=True,
        help_text=_("How the figure is computed and what it leaves out."),
    )
    level = models.CharField(_("territorial level"), max_length=12, choices=Level.choices)
    decimal_places = models.PositiveSmallIntegerField(
        _("decimals shown"), default=0, choices=[(n, str(n)) for n in range(5)],
    )
    departement_value = models.DecimalField(
        _("value for the département"), max_digits=18, decimal_places=4,
        null=True, blank=True,
    )
    france_value = models.DecimalField(
        _("value for France"), max_digits=18, decimal_places=4, null=True, blank=True,
    )
    published = models.BooleanField(
        _("published"), default=True,
        help_text=_("Shown on the territory portrait."),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("source"),
        index.FilterField("level"),
    ]

    class Meta:
        ordering = ["name", "-year", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        if self.year:
            return f"{self.name} ({self.get_level_display()}, {self.year})"
        return f"{self.name} ({self.get_level_display()})"

    def values_by_code(self):
        """Every value of this indicator. Output: dict territory code (str) ->
        :class:`IndicatorValue`."""
        return {value.code: value for value in self.values.all()}


class IndicatorValue(models.Model):
    """The value of an :class:`Indicator` for one territory.

    ``code`` is the territory's code at the indicator's level (see the module's
    docstring); ``status`` is a :class:`ValueStatus`; ``value`` (Decimal) is set only
    when ``status`` is ``number``.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
        related_name="values",
    )
    code = models.CharField(_("territory code"), max_length=9)
    status = models.CharField(
        _("status"), max_length=8, choices=ValueStatus.choices, default=ValueStatus.NUMBER,
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["indicator", "code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="one_value_per_territory"),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ValueStatus.NUMBER, value__isnull=False)
                    | (~models.Q(status=ValueStatus.NUMBER) & models.Q(value__isnull=True))
                ),
                name="value_set_only_for_numbers",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.value if self.status == ValueStatus.NUMBER else self.status}"

    @property
    def number(self):
        """The value as a Decimal, or None when missing or secret."""
        return Decimal(self.value) if self.status == ValueStatus.NUMBER else None
