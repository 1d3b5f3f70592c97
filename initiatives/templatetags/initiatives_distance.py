"""Template filter of "Près de chez moi": the distance of an action in words."""

from django import template
from django.utils.translation import gettext as _

from portal.numbers import format_number

register = template.Library()


@register.filter
def km_away(distance_km):
    """``distance_km`` (float, km) as the list shows it: "à 3,4 km" in French (one
    decimal, the locale's decimal separator through :func:`portal.numbers.format_number`,
    a no-break space before "km"); "" for None."""
    if distance_km is None:
        return ""
    return _("%(distance)s km away") % {
        "distance": format_number(round(float(distance_km), 1), 1)}
