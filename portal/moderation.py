"""The "Modération" workflow's task: Wagtail's group approval plus a final refusal.

Wagtail's group approval task offers "Approve" and "Request changes" ("reject": the
workflow waits for changes, the author edits and resubmits). :class:`ModerationTask`
adds "Refuse" (action name ``"refuse"``), a final decision with a required reason
(:class:`RefusalForm`): the task state is marked rejected and refused, the workflow
state is cancelled (it no longer waits for anything), the object stays as it is (an
unpublished page stays unpublished, a live page keeps its live version), the audit log
records :data:`REFUSE_ACTION` with the reason, and :data:`workflow_refused` is sent so
that plugins tell their own authors (the map e-mails the resident who proposed the
action). Receivers run inside the refusal's transaction: they must never raise and send
mail in ``transaction.on_commit``.

The task replaces Wagtail's group approval task of the "Modération" workflow through a
data migration that keeps the task's row (same id, name, groups), so workflows under
way and their history carry on.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState
from wagtail.models.workflows import AbstractGroupApprovalTask

#: Name of the refusal among the task's actions (``Task.on_action``'s ``action_name``).
REFUSE = "refuse"

#: Audit log action written by each refusal (its data holds the reason as ``comment``).
REFUSE_ACTION = "portal.workflow.refuse"

#: Sent once a task state is refused, inside the refusal's transaction, with
#: ``sender=WorkflowState``, ``instance`` (the cancelled WorkflowState),
#: ``task_state`` (the refused ModerationTaskState: ``comment`` is the reason) and
#: ``user`` (the moderator).
workflow_refused = Signal()


class RefusalForm(forms.Form):
    """The reason of a refusal, typed in the action's dialog (required: it is sent to
    the author). ``cleaned_data``: ``{"comment": str}``, stripped, at most 2,000
    characters."""

    comment = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Required. It is sent by e-mail to the person who proposed it."),
        error_messages={
            "required": _("Give the reason for the refusal: it is sent to the person "
                          "who proposed it."),
        },
    )


class ModerationTaskState(TaskState):
    """A task state of :class:`ModerationTask`; ``refused`` (bool) tells a final
    refusal from a request for changes (both have Wagtail's status "rejected")."""

    refused = models.BooleanField(_("refused"), default=False)

    class Meta:
        verbose_name = _("moderation task state")
        verbose_name_plural = _("moderation task states")


class ModerationTask(AbstractGroupApprovalTask):
    """Group approval task with a final refusal: see the module's text.

    Actions for members of its groups and superusers: "Request changes" (``reject``),
    "Refuse" (``refuse``, reason required), "Approve", "Approve with comment".
    """

    task_state_class = ModerationTaskState

    def get_actions(self, obj, user):
        """Wagtail's group approval actions with "Refuse" after "Request changes":
        list of ``(name, label, needs a form)``; empty for users outside the groups."""
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        return [actions[0], (REFUSE, _("Refuse"), True), *actions[1:]]

    def get_form_for_action(self, action):
        """:class:`RefusalForm` for the refusal, Wagtail's comment form otherwise."""
        if action == REFUSE:
            return RefusalForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Perform ``action_name`` on ``task_state``; the refusal calls :func:`refuse`
        with ``kwargs["comment"]`` (the reason)."""
        if action_name == REFUSE:
            return refuse(task_state, user, kwargs.get("comment", ""))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, request changes or refuse "
                 "for good (with a reason sent to the author)")

    class Meta:
        verbose_name = _("moderation task")
        verbose_name_plural = _("moderation tasks")


def refuse(task_state, user, reason):
    """Refuse for good the object of ``task_state`` (a TaskState in progress, of a
    ModerationTask) as ``user``, with ``reason`` (non-blank str).

    The task state becomes "rejected" with ``refused=True`` and the reason as comment;
    its workflow state becomes "cancelled"; the audit log records :data:`REFUSE_ACTION`;
    :data:`workflow_refused` is sent. Nothing is published or unpublished. Raises
    PermissionDenied when the task state is no longer in progress, ValueError when the
    reason is blank (nothing changes then). Output: None (the admin's default redirect).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a refusal needs a reason")
    with transaction.atomic():
        task_state = ModerationTaskState.objects.select_for_update().filter(
            pk=task_state.pk).first()
        if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        task_state.status = TaskState.STATUS_REJECTED
        task_state.refused = True
        task_state.finished_at = timezone.now()
        task_state.finished_by = user
        task_state.comment = reason
        task_state.save()
        workflow_state = task_state.workflow_state
        workflow_state.status = WorkflowState.STATUS_CANCELLED
        workflow_state.save()
        log(
            instance=task_state.revision.as_object(), action=REFUSE_ACTION, user=user,
            revision=task_state.revision,
            data={
                "workflow": {
                    "id": workflow_state.workflow_id,
                    "title": workflow_state.workflow.name,
                    "status": workflow_state.status,
                    "task_state_id": task_state.pk,
                    "task": {"id": task_state.task_id, "title": task_state.task.name},
                    "next": None,
                },
                "comment": reason,
            },
        )
        workflow_refused.send(sender=WorkflowState, instance=workflow_state,
                              task_state=task_state, user=user)


def refusal_of(obj):
    """The final refusal that ended ``obj``'s latest workflow, or None.

    Input: a page (or any WorkflowMixin object). Output: the refused
    ModerationTaskState (``comment``: the reason, ``finished_at``: when), or None when
    the object's latest workflow was not ended by a refusal (none at all, in progress,
    waiting for changes, approved, cancelled otherwise, or a later workflow started).
    """
    latest = (
        WorkflowState.objects.for_instance(obj).order_by("-created_at", "-pk")
        .select_related("current_task_state").first()
    )
    if latest is None or latest.status != WorkflowState.STATUS_CANCELLED:
        return None
    return ModerationTaskState.objects.filter(
        pk=latest.current_task_state_id, refused=True).first()



def connect():
    """Give ModerationTaskState Wagtail's e-mail to the task's groups when a page is
    submitted: Wagtail connects that notifier to ``task_submitted`` for the base
    TaskState sender only (``Task.start`` sends with the specific task state's class),
    and picks its templates from the task state's class name; ours uses Wagtail's
    ``task_state_submitted`` templates. Idempotent (``dispatch_uid``)."""
    from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
    from wagtail.signals import task_submitted

    class SubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
        def get_template_base_prefix(self, instance, **kwargs):
            return "task_state_"

    task_submitted.connect(
        SubmissionNotifier(), sender=ModerationTaskState, weak=False,
        dispatch_uid="portal_moderation_task_submitted_email_notification",
    )
