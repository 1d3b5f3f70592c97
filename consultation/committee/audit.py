"""How the committee's entries read in Wagtail's audit log (site history, page history,
their CSV/XLSX downloads): who exported what, in which format, with which filters, with
or without contact details; who saw which contact details (every export and every view
of contact details is logged: RGPD art. 5.2 accountability).

The entries are written by the committee views (``consultation.committee.views``,
``consultation.committee.statistics_views``) with ``wagtail.log_actions.log``; their ``data`` is
read here, registered by ``wagtail_hooks`` for the actions EXPORT_ACTION and
CONTACT_ACTION.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

#: Readable names of the ``format`` stored with an export.
FORMATS = {
    "csv": "CSV", "csv-excel-fr": "CSV (Excel FR)", "xlsx": "XLSX", "ods": "ODS",
    "codebook-csv": gettext_lazy("codebook (CSV)"),
    "proposals-csv": gettext_lazy("proposals (CSV)"),
    "proposals-xlsx": gettext_lazy("proposals (XLSX)"),
}


def describe_filters(filters):
    """``filters`` as stored (dict label -> value, or list of [label, value] pairs, as
    the statistics CSVs store them; anything else counts as none). Output: str, e.g.
    "Commune = Dax (40088) ; Au (jour inclus) = 2020-06-30", or "aucun filtre"."""
    if isinstance(filters, dict):
        pairs = list(filters.items())
    elif isinstance(filters, (list, tuple)):
        pairs = [tuple(pair) for pair in filters if isinstance(pair, (list, tuple))
                 and len(pair) == 2]
    else:
        pairs = []
    if not pairs:
        return _("no filter")
    return " ; ".join(f"{label} = {value}" for label, value in pairs)


class ExportLogFormatter(LogFormatter):
    """"Réponses exportées : XLSX ; filtres : … ; avec coordonnées" (``log_entry.data``:
    format, filters, contact_details, table for a statistics CSV, background for a job
    run in the background)."""

    label = gettext_lazy("Export submissions")

    def format_message(self, log_entry):
        data = log_entry.data if isinstance(log_entry.data, dict) else {}
        parts = [str(FORMATS.get(data.get("format"), data.get("format") or "?"))]
        if data.get("table"):
            parts[0] = _("statistics table “%(table)s” (CSV)") % {"table": data["table"]}
        parts.append(_("filters: %(filters)s") % {
            "filters": describe_filters(data.get("filters"))})
        if "contact_details" in data:
            parts.append(_("with contact details") if data["contact_details"]
                         else _("without contact details"))
        if data.get("background"):
            parts.append(_("prepared in the background"))
        return _("Submissions exported: %(details)s") % {"details": " ; ".join(parts)}


class ContactLogFormatter(LogFormatter):
    """"Coordonnées consultées : réponse n° 12" or, for the committee listing, "…: 3
    réponses de la liste (page 1 ; filtres : …)"."""

    label = gettext_lazy("View contact details")

    def format_message(self, log_entry):
        data = log_entry.data if isinstance(log_entry.data, dict) else {}
        if "submissions" in data:
            shown = data.get("submissions") or []
            details = _("%(count)s answers of the list (page %(page)s ; filters: "
                        "%(filters)s)") % {
                "count": len(shown), "page": data.get("page", 1),
                "filters": describe_filters(data.get("filters")),
            }
        else:
            details = _("answer no. %(number)s") % {"number": data.get("submission", "?")}
        return _("Contact details viewed: %(details)s") % {"details": details}
