"""Form fields of the diagnostic's admin: numbers typed as French staff type them."""

from django import forms

from .data_tables import NUMBER
from .pasted_tables import parse_cell


class FrenchDecimalField(forms.DecimalField):
    """A DecimalField that reads a number as staff type or paste it: "12,5" (decimal
    comma), "12.5", "1 234,5" (spaces, no-break spaces U+00A0/U+202F between
    thousands), "−3" (Unicode minus), "12,5 %", through the same reader as pasted tables
    (:func:`diagnostic.pasted_tables.parse_cell`). Output: Decimal or None (empty).
    Raises ValidationError ("Saisissez un nombre.") for anything else, the secret and
    missing markers included (a figure typed here is a number). Shown in a text input
    with ``inputmode="decimal"`` (a number input refuses the comma in some browsers).
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                cell = parse_cell(value)
            except (ValueError, OverflowError):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if cell.status != NUMBER:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(cell.value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        """No ``step``/``min``/``max`` attributes: the input is text, not a number input."""
        return {}

