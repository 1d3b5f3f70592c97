"""What assisted entry does with the data: operator numbers, storing an entry once,
double-entry comparison and settling, and the status of a batch.

- :func:`operator_for`: the pseudonymous operator of a user, numbered on first entry.
- :func:`store_entry`: store a valid entry form once (first entry: a
  ConsultationSubmission; second entry of a double-entry form: a SecondEntry and its
  differences).
- :func:`compare`: the questions on which two entries differ.
- :func:`settle`: keep the first or the second value of one difference.
- :func:`batch_summary`: counts and status of a batch ("à vérifier", "vérifié",
  "complet").
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogContext, log

from portal import once

from ..questionnaire.models import AnswerKey, ConsultationSubmission
from .forms import OTHER_LABEL, entry_form_class
from .models import EntryBatch, EntryDifference, EntryOperator, SecondEntry

#: Namespace of the one-time tokens of entry forms (portal.once.claim).
SCOPE = "consultation.assisted_entry"
#: Audit log action written when a double-entry difference is settled.
SETTLE_ACTION = "consultation.settle_difference"
#: Status keys of a batch, and their French labels.
TO_CHECK, CHECKED, COMPLETE, EMPTY = "a-verifier", "verifie", "complet", "vide"
STATUS_LABELS = {TO_CHECK: _("to check"), CHECKED: _("checked"), COMPLETE: _("complete"),
                 EMPTY: _("no form entered yet")}


class PaperNumberTaken(Exception):
    """Another entry with the same form number in the same batch was stored meanwhile."""


def operator_for(user):
    """The EntryOperator of ``user`` (a saved User), created with the next number on
    the user's first entry. Race-safe: two first entries at once (the same user in two
    tabs, or two users) end with one operator per user and distinct numbers (the unique
    indexes decide; a lost race retries). Raises IntegrityError after 5 lost races."""
    operator = EntryOperator.objects.filter(user=user).first()
    if operator is not None:
        return operator
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = (EntryOperator.objects.aggregate(top=Max("number"))["top"] or 0) + 1
                return EntryOperator.objects.create(user=user, number=number)
        except IntegrityError:
            operator = EntryOperator.objects.filter(user=user).first()
            if operator is not None:
                return operator
    raise IntegrityError("could not number a new entry operator")


def normalise(value):
    """Comparable form of a stored answer: lists as frozensets of stripped str, str
    stripped; None, "" and [] all as None (not answered)."""
    if isinstance(value, (list, tuple)):
        items = frozenset(str(item).strip() for item in value if str(item).strip())
        return items or None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def compare(first, second):
    """The keys on which two entries differ.

    Inputs: two dicts key -> answer (str or list of str, as ``form_data``). Output: list
    of (key, first value or None, second value or None), in the first entry's key order,
    then keys only the second has. Lists are compared as sets, texts stripped.
    """
    keys = list(first) + [key for key in second if key not in first]
    return [(key, first.get(key), second.get(key)) for key in keys
            if normalise(first.get(key)) != normalise(second.get(key))]


def _json(value):
    """A form's cleaned value as stored in JSON (str or list of str)."""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value if value is None or isinstance(value, str) else str(value)


def store_entry(page, form):
    """Store a valid entry form of ``page`` exactly once.

    Output: ("first", ConsultationSubmission) or ("second", SecondEntry) when stored now;
    ("already", None) when this rendered form was already stored (double click, back
    and resend of the same form). Raises :class:`PaperNumberTaken` when another entry
    took the form number meanwhile (nothing stored). Staff entries are never
    rate-limited and have no replay cookie: two residents may give the same answers.
    """
    try:
        with transaction.atomic():
            once.claim(SCOPE, form.cleaned_data["form_token"], savepoint=False)
            if form.first_entry is not None:
                return "second", record_second_entry(form.first_entry, form.answers(),
                                                     form.operator)
            submission = page.process_form_submission(form, provenance=form.provenance())
            if submission is None:
                raise PaperNumberTaken(form.cleaned_data.get("paper_number"))
            return "first", submission
    except once.AlreadyStored:
        return "already", None


def record_second_entry(submission, answers, operator):
    """Record the second entry ``answers`` (dict) of ``submission`` by ``operator`` and
    its differences (one EntryDifference per differing key). Output: the SecondEntry.
    Raises :class:`PaperNumberTaken` when a second entry was recorded meanwhile."""
    data = {key: _json(value) for key, value in answers.items()}
    try:
        with transaction.atomic():
            second = SecondEntry.objects.create(submission=submission, operator=operator,
                                                form_data=data)
    except IntegrityError:
        raise PaperNumberTaken(submission.paper_number) from None
    EntryDifference.objects.bulk_create([
        EntryDifference(second_entry=second, key=key, first_value=a, second_value=b)
        for key, a, b in compare(submission.form_data or {}, data)
    ])
    return second


def settle(difference_id, kept, operator, user):
    """Keep the first or the second value of one difference.

    Inputs: the EntryDifference id, ``kept`` ("first" or "second"), the settling
    ``operator`` and ``user``. The value kept is written into the submission's
    ``form_data`` (removed when not answered), and ``kept``, ``settled_by``,
    ``settled_at`` recorded, in one transaction; an audit log entry is written on the
    page, naming the operator by number only (``user`` is not written there). Output: the EntryDifference, or None when it was already settled (nothing
    changed). Raises ValueError for another ``kept``.
    """
    if kept not in (EntryDifference.FIRST, EntryDifference.SECOND):
        raise ValueError(kept)
    with transaction.atomic():
        difference = (EntryDifference.objects.select_for_update()
                      .select_related("second_entry").get(pk=difference_id))
        if difference.kept:
            return None
        submission = ConsultationSubmission.objects.select_for_update().get(
            pk=difference.second_entry.submission_id)
        value = (difference.first_value if kept == EntryDifference.FIRST
                 else difference.second_value)
        data = dict(submission.form_data or {})
        if normalise(value) is None:
            data.pop(difference.key, None)
        else:
            data[difference.key] = value
        submission.form_data = data
        submission.save(update_fields=["form_data"])
        AnswerKey.record(submission)
        difference.kept = kept
        difference.settled_by = operator
        difference.settled_at = timezone.now()
        difference.save(update_fields=["kept", "settled_by", "settled_at"])
        # The page's history is read by the committee, who see operators only by their
        # number: the entry names the operator's number, never the account (kept in
        # ``settled_by`` for quality control).
        # (A log context without a user: Wagtail would otherwise fill in the request's.)
        with LogContext(user=None):
            log(instance=submission.page, action=SETTLE_ACTION, data={
                "submission": submission.pk, "batch": submission.batch_id,
                "paper_number": submission.paper_number, "key": difference.key,
                "kept": kept, "operator": operator.number if operator is not None else None,
            })
    return difference


def batch_summary(batch):
    """Counts and status of ``batch`` (an EntryBatch).

    Output: dict ``batch``, ``answers`` (int, forms entered), ``second_entries`` (int),
    ``unsettled`` (int, differences not settled), ``status`` (one of TO_CHECK, CHECKED,
    COMPLETE, EMPTY) and ``status_label`` (French). A batch without any form is empty;
    a double-entry batch is to check while a form lacks its second entry or a
    difference is unsettled, checked otherwise; a simple batch is complete. Each count
    is distinct: the join over the differences repeats a form once per difference.
    """
    counts = ConsultationSubmission.objects.filter(batch=batch).aggregate(
        answers=Count("pk", distinct=True), seconds=Count("second_entry", distinct=True),
        unsettled=Count("second_entry__differences",
                        filter=Q(second_entry__differences__kept=""), distinct=True),
    )
    if not counts["answers"]:
        status = EMPTY
    elif batch.double_entry:
        pending = counts["seconds"] < counts["answers"] or counts["unsettled"]
        status = TO_CHECK if pending else CHECKED
    else:
        status = COMPLETE
    return {"batch": batch, "answers": counts["answers"],
            "second_entries": counts["seconds"], "unsettled": counts["unsettled"],
            "status": status, "status_label": STATUS_LABELS[status]}


def batch_summaries(page):
    """:func:`batch_summary` of every batch of ``page``, newest first (list of dicts)."""
    return [batch_summary(batch) for batch in EntryBatch.objects.filter(page=page)]


def readable(form_class, key, value):
    """(label of the question, readable value) of the answer ``value`` under ``key``.

    Input: the entry form class of the page (its fields give labels and the labels of
    options). Output: (str, str); a value not answered reads "—", a list is joined with
    ", ", an option shows its label, a key no longer in the form shows itself.
    """
    fields = form_class.base_fields
    field = fields.get(key)
    label = str(field.label) if field is not None else key
    for question, other in getattr(form_class, "other_fields", {}).items():
        if other == key and question in fields:
            # The "please specify" text is named after its question.
            label = f"{fields[question].label} — {OTHER_LABEL}"
    if normalise(value) is None:
        return label, "—"
    choices = {}
    if field is not None and hasattr(field, "choices"):
        choices = {str(k): str(v) for k, v in field.choices}
    values = value if isinstance(value, (list, tuple)) else [value]
    return label, ", ".join(choices.get(str(item), str(item)) for item in values)


def difference_rows(page, differences):
    """Rows (list of dicts) to show ``differences`` of ``page``: ``difference``,
    ``paper_number``, ``label``, ``first`` and ``second`` (readable values)."""
    form_class = entry_form_class(page)
    rows = []
    for difference in differences:
        label, first = readable(form_class, difference.key, difference.first_value)
        _label, second = readable(form_class, difference.key, difference.second_value)
        rows.append({"difference": difference,
                     "paper_number": difference.second_entry.submission.paper_number,
                     "label": label, "first": first, "second": second})
    return rows
