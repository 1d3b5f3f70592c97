"""Forms of the indicator import: the upload form and the preview's confirmation form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..fields import FrenchDecimalField
from .importer import MAX_FILE_SIZE, ImportOptions, file_too_big_message
from .models import Indicator, Level

#: Levels a file can be imported at (a file lists territories of one level).
IMPORT_LEVELS = [(Level.COMMUNE, _("Communes (INSEE code)")), (Level.EPCI, _("EPCI (SIREN code)"))]


class ImportForm(forms.Form):
    """Upload of a CSV or XLSX file with what the file does not say: level, year, source,
    link, default unit, decimals shown. ``options()`` gives the
    :class:`~diagnostic.indicators.importer.ImportOptions` of a valid form."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("First column: the territory's code; optional second column: its name; "
                    "then one column per indicator, its name in the header, its unit in "
                    "parentheses when it differs from the unit below. Lines “40” and “FR” "
                    "give the département's and France's values."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    level = forms.ChoiceField(label=_("Territorial level"), choices=IMPORT_LEVELS,
                              widget=forms.RadioSelect, initial=Level.COMMUNE)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1800, max_value=2200,
                              help_text=_("Vintage of the figures; leave empty when the source "
                                          "does not state it."))
    source = forms.CharField(label=_("Source"), max_length=255,
                             help_text=_("E.g. “INSEE, Filosofi”."))
    source_url = forms.URLField(label=_("Source link"), required=False, max_length=500,
                                assume_scheme="https")
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40,
                           help_text=_("Applied to every column whose header gives no unit "
                                       "in parentheses, e.g. “%”."))
    decimal_places = forms.TypedChoiceField(
        label=_("Decimals shown"), coerce=int, initial=1,
        choices=Indicator._meta.get_field("decimal_places").choices,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(file_too_big_message())
        return upload

    def options(self):
        """The form's answers as ImportOptions (valid form only)."""
        data = self.cleaned_data
        return ImportOptions(
            level=data["level"], source=data["source"].strip(), year=data["year"],
            source_url=data["source_url"], unit=data["unit"].strip(),
            decimal_places=data["decimal_places"],
        )


class ConfirmForm(forms.Form):
    """The preview's confirmation: the checked import, signed (hidden field)."""

    payload = forms.CharField(widget=forms.HiddenInput)


class IndicatorAdminForm(WagtailAdminModelForm):
    """The admin's add/edit form of an indicator: its level cannot change once it has
    values (their codes are read at that level: INSEE codes for communes, SIREN for
    EPCI). Its reference values are read as French staff type them ("12,5")."""

    departement_value = FrenchDecimalField(
        label=_("value for the département"), required=False, max_digits=18, decimal_places=4)
    france_value = FrenchDecimalField(
        label=_("value for France"), required=False, max_digits=18, decimal_places=4)

    def clean_level(self):
        level = self.cleaned_data["level"]
        instance = self.instance
        if instance.pk and level != instance.level and instance.values.exists():
            raise forms.ValidationError(_(
                "This indicator has values for another territorial level: import a file "
                "to create an indicator at this level instead."
            ))
        return level
