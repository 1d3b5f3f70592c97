"""The RGAA audit shown by the accessibility statement: its rows, its figures, its file.

An audit is a list of criteria, each with a result: "C" (conforme), "NC" (non conforme)
or "NA" (non applicable). RGAA 4.1.2 ("Méthode technique", conformity rate): the rate
is the number of conforming criteria divided by the number of applicable ones,
C / (C + NC); non-applicable criteria are left out.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

#: Results of a criterion: stable keys (those of the RGAA), French labels.
CONFORMING, NOT_CONFORMING, NOT_APPLICABLE = "C", "NC", "NA"
RESULTS = [
    (CONFORMING, _("Conforming (C)")),
    (NOT_CONFORMING, _("Not conforming (NC)")),
    (NOT_APPLICABLE, _("Not applicable (NA)")),
]
#: The recorded audit the demo content loads (see :func:`read_audit_file`).
#: Number of criteria of the RGAA 4.1.2 (the French accessibility framework, DINUM): an
#: audit that tests fewer is partial, and its rate is a rate of the criteria tested.
RGAA_CRITERIA = 106
AUDIT_FILE = Path(__file__).resolve().parent.parent / "data" / "rgaa_audit.json"


class AuditCriterion(Orderable):
    """One RGAA criterion of the statement's audit: ``criterion`` (its number, e.g.
    "8.6"), ``title`` (its question), ``result`` (a key of :data:`RESULTS`) and ``note``
    (what fails, or why it does not apply)."""

    page = ParentalKey(
        "home.AccessibilityPage", on_delete=models.CASCADE, related_name="audit_criteria"
    )
    criterion = models.CharField(_("criterion"), max_length=10, help_text=_("E.g. 8.6"))
    title = models.TextField(_("criterion title"), blank=True)
    result = models.CharField(_("result"), max_length=2, choices=RESULTS)
    note = models.TextField(_("note"), blank=True)

    panels = [FieldPanel("criterion"), FieldPanel("title"), FieldPanel("result"),
              FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("audited criterion")
        verbose_name_plural = _("audited criteria")

    def __str__(self):
        return f"{self.criterion} {self.result}"


def audit_summary(results):
    """The figures of an audit.

    Input: iterable of results (str, keys of :data:`RESULTS`; anything else is ignored).
    Output: dict ``tested`` (int: criteria with a valid result), ``passed`` (C),
    ``failed`` (NC), ``not_applicable`` (NA), ``applicable`` (C + NC) and ``rate``
    (Decimal percentage C / (C + NC) × 100 rounded half up to 2 places, or None when no
    criterion applies), ``total`` (int, the framework's criteria, :data:`RGAA_CRITERIA`)
    and ``complete`` (bool: every criterion of the framework was tested; otherwise the
    rate is that of the criteria tested). Rule: RGAA 4.1.2, conformity rate.
    """
    counts = {CONFORMING: 0, NOT_CONFORMING: 0, NOT_APPLICABLE: 0}
    for result in results:
        if result in counts:
            counts[result] += 1
    applicable = counts[CONFORMING] + counts[NOT_CONFORMING]
    rate = None
    if applicable:
        rate = (Decimal(100) * counts[CONFORMING] / applicable).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "tested": sum(counts.values()), "passed": counts[CONFORMING],
        "failed": counts[NOT_CONFORMING], "not_applicable": counts[NOT_APPLICABLE],
        "applicable": applicable, "rate": rate, "total": RGAA_CRITERIA,
        "complete": sum(counts.values()) >= RGAA_CRITERIA,
    }


def read_audit_file(path=AUDIT_FILE):
    """The audit recorded in a JSON file, checked and normalised.

    Input: the file's path (default :data:`AUDIT_FILE`), holding an object with
    ``reference`` (str), ``date`` ("YYYY-MM-DD"), ``auditor``, ``method`` (str),
    ``pages`` (list of {"title", "path"}), ``tools``, ``environment`` (lists of str),
    ``criteria`` (list of {"id", "title", "result": "C"|"NC"|"NA", "note"}),
    ``derogations`` (list of {"title", "reason"}) and ``not_subject`` (list of str);
    every key is optional. Output: a dict with the same keys, missing ones filled
    (empty str or list). Raises ValueError when the file is not such an object or a
    criterion has no id or an unknown result.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an object is expected")
    audit = {key: str(data.get(key) or "") for key in ("reference", "date", "auditor", "method")}
    for key in ("tools", "environment", "not_subject"):
        audit[key] = [str(item) for item in data.get(key) or []]
    audit["pages"] = [{"title": str(item.get("title", "")), "path": str(item.get("path", ""))}
                      for item in data.get("pages") or []]
    audit["derogations"] = [
        {"title": str(item.get("title", "")), "reason": str(item.get("reason", ""))}
        for item in data.get("derogations") or []
    ]
    audit["criteria"] = []
    for item in data.get("criteria") or []:
        result = str(item.get("result", ""))
        if not item.get("id") or result not in dict(RESULTS):
            raise ValueError(f"{path}: criterion {item.get('id')!r} has result {result!r}")
        audit["criteria"].append({"id": str(item["id"]), "title": str(item.get("title", "")),
                                  "result": result, "note": str(item.get("note", ""))})
    return audit
