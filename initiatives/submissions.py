"""Public submission of an action, its moderation and the submitter's private link.

Flow:

1. :func:`create_submission`: the valid form gives, in one transaction, an unpublished
   InitiativePage below the map page, its first revision, and an
   :class:`~initiatives.submitters.InitiativeSubmitter` row (e-mail, hash of the private
   token, notice version); the confirmation e-mail with the private link is sent once the
   transaction commits.
2. :func:`confirm_submission`: the submitter follows the link and confirms; the page is
   then submitted to the "Modération" workflow. Wagtail's own notifications tell the
   Modération group (and superusers).
3. A moderator approves in the admin: Wagtail publishes the revision; :func:`on_workflow_approved`
   e-mails the submitter. A moderator requests changes ("reject") with a comment:
   :func:`on_workflow_rejected` e-mails the comment; the submitter may edit and resubmit.
   A moderator refuses for good ("refuse", :mod:`portal.moderation`) with a required
   reason: :func:`on_workflow_refused` e-mails the reason and deletes the action's
   anonymous photos; the private link then only shows the refusal.
4. Through the same link the submitter edits (:func:`edit_submission`: a new revision
   back in moderation, the live version stays until approved) or withdraws
   (:func:`withdraw_submission`: unpublished, moderation cancelled).
5. A submitter who lost the link asks for it again (:func:`resend_links`): only token
   hashes are stored, so each of that address's actions gets a new token, mailed to the
   address on file; the old links stop working.

The optional photo (:mod:`initiatives.photos`) is a Wagtail image named by the revision
it was sent with, so it is moderated with the action: public only once that revision is
published. Images of the photo collection that no version of the action can show any
more are deleted with their files (:func:`prune_photos`): a replaced or removed photo
once the change is published (at once when the action never was), every photo when the
action is withdrawn or deleted (a moderator refusing it, the right of erasure).

Wagtail's workflow signals fire inside the approval's transaction: the handlers here never
raise (that would roll the approval back) and send their mail in ``transaction.on_commit``.
"""

import logging
from functools import partial

from anyascii import anyascii
from django.conf import settings
from django.core.mail import send_mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.log_actions import log
from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_rejected

from portal.base_url import absolute_url
from portal.geo import format_point
from portal.moderation import refusal_of, workflow_refused
from portal.roles import MODERATION_WORKFLOW

from .actions import InitiativePage
from .forms import plain_text_to_html
from .photos import (
    COLLECTION_NAME,
    copy_photo,
    delete_photos,
    find_image,
    photo_ids_of_revisions,
    store_photo,
)
from .submitters import InitiativeSubmitter, new_token

logger = logging.getLogger(__name__)

#: Slugs that the map page's own routes use: a child page there would be unreachable.
RESERVED_SLUGS = {"ajouter", "mon-action", "geojson"}

#: Status keys of :func:`submission_status`.
STATUS_UNCONFIRMED = "unconfirmed"
STATUS_PENDING = "pending"
STATUS_CHANGES_REQUESTED = "changes-requested"
STATUS_PUBLISHED = "published"
STATUS_WITHDRAWN = "withdrawn"
STATUS_REFUSED = "refused"
STATUS_DRAFT = "draft"


def moderation_workflow(page):
    """The active "Modération" workflow (wagtail Workflow), else the page's own workflow.

    Raises ``Workflow.DoesNotExist`` when neither exists (migration 0003_roles creates it).
    """
    workflow = Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()
    workflow = workflow or page.get_workflow()
    if workflow is None:
        raise Workflow.DoesNotExist(MODERATION_WORKFLOW)
    return workflow


def unique_child_slug(parent, title):
    """A slug (ASCII str, at most 80 characters) for a new child of ``parent``.

    From the title, transliterated ("Épicerie" -> "epicerie"); "action" when nothing is
    left; prefixed when it would shadow a route of the map page; suffixed ``-2``,
    ``-3``... until no sibling has it.
    """
    base = slugify(anyascii(title or ""))[:70].strip("-") or "action"
    if base in RESERVED_SLUGS:
        base = f"action-{base}"
    taken = set(
        Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


#: Attempts at a free slug when a page below the map page takes it at the same instant.
SLUG_ATTEMPTS = 5


def add_with_unique_slug(index_page, page):
    """Add ``page`` (unsaved InitiativePage, title set) below ``index_page`` with a slug
    no sibling has (:func:`unique_child_slug`), even when others add pages at once.

    Must run inside a transaction. The map page's row is locked first (``SELECT ... FOR
    UPDATE``, as treebeard's ``add_child`` does itself, same row, same order), so public
    submissions below it choose their slug one after the other; a page added at the same
    instant without that lock (by staff in the admin) makes Wagtail refuse the slug or the
    tree path: then the next suffix is tried, each attempt inside a savepoint, at most
    :data:`SLUG_ATTEMPTS` times. Raises the last error after that.
    """
    Page.objects.select_for_update().filter(pk=index_page.pk).values_list("pk").first()
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        page.slug = unique_child_slug(index_page, page.title)
        try:
            with transaction.atomic():
                index_page.add_child(instance=page)
            return page
        except (ValidationError, IntegrityError) as error:
            if attempt == SLUG_ATTEMPTS or (
                isinstance(error, ValidationError) and "slug" not in getattr(
                    error, "error_dict", {})
            ):
                raise
            logger.info("slug %s taken at the same instant: trying the next one", page.slug)
            page.pk = page.id = page.page_ptr_id = None
    return page


def apply_form_data(page, data):
    """Copy a valid form's ``cleaned_data`` (dict, see InitiativeSubmissionForm) onto
    ``page`` (InitiativePage, not saved): texts, commune, point, themes and tags.

    The description becomes escaped rich text; ``location`` is the point in
    wagtailgeowidget's form or "" for the commune's reference point.
    """
    page.title = data["title"]
    page.draft_title = data["title"]
    page.summary = data["summary"]
    page.description = plain_text_to_html(data["description"])
    page.actor_type = data["actor_type"]
    page.organisation = data.get("organisation", "")
    page.commune = data["commune"]
    page.address = data.get("address", "")
    point = data.get("point")
    page.location = format_point(*point) if point else ""
    page.period = data["period"]
    page.volunteers_wanted = bool(data.get("volunteers_wanted"))
    page.public_contact = data.get("public_contact", "")
    page.themes.set(list(data["themes"]))
    page.tags.set(list(data.get("tags") or []))


def create_submission(index_page, data, request):
    """Store a submitted action and send the confirmation e-mail.

    Input: ``index_page`` (InitiativeIndexPage), ``data`` (``cleaned_data`` of a valid
    InitiativeSubmissionForm with ``email``; its ``photo``, if any, becomes a Wagtail
    image of the photo collection), ``request`` (for the link's absolute URL).
    Output: ``(page, token)``: the new unpublished InitiativePage (with one revision) and
    the private token (str, sent by e-mail, never stored). All or nothing: one
    transaction; the e-mail leaves once it commits (a file written before a rollback
    stays in the storage, unreferenced).
    """
    with transaction.atomic():
        page = InitiativePage(live=False)
        apply_form_data(page, data)
        if data.get("photo"):
            page.image = store_photo(data["photo"], data["title"], data["photo_alt"])
        add_with_unique_slug(index_page, page)
        log(instance=page, action="wagtail.create", user=None)
        page.save_revision(user=None, log_action=False)
        token, token_hash = new_token()
        submitter = InitiativeSubmitter.objects.create(
            page=page, email=data["email"], token_hash=token_hash,
            privacy_notice_version=settings.PORTAL_PRIVACY_NOTICE_VERSION,
        )
        # The portal's address, not the request's.
        link = absolute_url(private_link_path(index_page, token))
        transaction.on_commit(partial(
            send_submitter_mail, submitter.email, "confirm",
            {"title": page.title, "link": link,
             "resend_url": absolute_url(resend_path(index_page))},
        ))
    return page, token


def private_link_path(index_page, token, route="submission_manage"):
    """Path (str) of the private page ``route`` of ``token`` below ``index_page``."""
    return (index_page.url or "") + index_page.reverse_subpage(route, args=[token])


def needs_moderation(page):
    """Whether confirming the submitter's address should submit ``page`` to moderation.

    Input: the InitiativePage, fresh from the database. Output: bool; False when staff
    already handled it: a workflow in progress or waiting for changes, a final refusal,
    or the page was ever published (published, or published then unpublished by staff).
    """
    if page.live or page.first_published_at is not None:
        return False
    return page.current_workflow_state is None and refusal_of(page) is None


def start_moderation(page):
    """Submit ``page`` to the "Modération" workflow unless a workflow already runs.

    Input: the InitiativePage. Output: True when this call started it. A workflow
    started concurrently by staff is kept (the database's one-running-workflow-per-page
    constraint refuses ours, inside a savepoint); a missing workflow is logged. Never
    raises for these cases, so the submitter's confirmation is stored all the same.
    """
    try:
        workflow = moderation_workflow(page)
    except Workflow.DoesNotExist:
        logger.error("no moderation workflow: page %s stays unmoderated", page.pk)
        return False
    try:
        with transaction.atomic():
            workflow.start(page, None)
    except (ValidationError, IntegrityError):
        logger.info("page %s already in a workflow: moderation not restarted", page.pk)
        return False
    return True


def confirm_submission(submitter):
    """Confirm the submitter's address and, when staff have not handled the action
    already, submit it to the "Modération" workflow.

    Input: an InitiativeSubmitter (possibly stale: the row is read again, locked).
    Output: True when this call confirmed it, False when it was already confirmed,
    withdrawn or deleted (nothing changes). Idempotent: retries and double clicks confirm
    once and never start a second workflow; an action staff already submitted,
    published, unpublished or sent back for changes is not sent to moderation again
    (:func:`needs_moderation`). Wagtail's ``task_submitted`` notification e-mails the
    moderators.
    """
    with transaction.atomic():
        submitter = (
            InitiativeSubmitter.objects.select_for_update().filter(pk=submitter.pk).first()
        )
        if submitter is None or submitter.confirmed_at or submitter.withdrawn_at:
            return False
        submitter.confirmed_at = timezone.now()
        submitter.save(update_fields=["confirmed_at"])
        page = InitiativePage.objects.get(pk=submitter.page_id)
        if needs_moderation(page):
            start_moderation(page)
    return True


def edit_submission(submitter, data):
    """Save the submitter's changes as a new revision and put it in moderation.

    Input: a confirmed, not withdrawn InitiativeSubmitter; ``data`` (``cleaned_data`` of a
    valid edit form). Output: the new Revision. The live version (if any) stays online
    until a moderator approves; a workflow already running is cancelled and a new one
    starts on the new revision.
    """
    with transaction.atomic():
        page = submitter.page.specific
        draft = page.get_latest_revision_as_object()
        apply_form_data(draft, data)
        apply_photo(page, draft, data)
        revision = draft.save_revision(user=None, log_action=True)
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=None)
        moderation_workflow(page).start(page, None)
        prune_photos(InitiativePage.objects.get(pk=page.pk))
    return revision


def apply_photo(page, draft, data):
    """Set ``draft.image`` (the new version of ``page``, not saved) from a valid edit
    form's ``data``: a new photo replaces the current one; ``remove_photo`` removes it;
    otherwise the current one stays, with the alt text given. A changed alt text of a
    photo the live page shows (or of an image staff chose from the library) goes to a
    copy of the image, so the change is moderated; an unpublished photo of the photo
    collection is changed in place."""
    current = find_image(draft.image_id)
    if data.get("photo"):
        draft.image = store_photo(data["photo"], data["title"], data["photo_alt"])
    elif data.get("remove_photo") or current is None:
        draft.image = None
    elif data["photo_alt"] and data["photo_alt"] != current.description:
        shown = page.live and page.image_id == current.pk
        if shown or current.collection.name != COLLECTION_NAME:
            draft.image = copy_photo(current, data["title"], data["photo_alt"])
        else:
            current.description = data["photo_alt"][:255]
            current.save(update_fields=["description"])


def prune_photos(page):
    """Delete the photos (images of the photo collection) that no version of ``page``
    (an InitiativePage fresh from the database) can show any more: every one its row or
    its revisions name, except the latest revision's and, while the page is live, the
    live one. Output: number of images deleted (their files go once the transaction
    commits)."""
    latest = page.get_latest_revision()
    keep = set()
    if latest is not None:
        value = (latest.content or {}).get("image")
        if isinstance(value, int):
            keep.add(value)
    if page.live and page.image_id:
        keep.add(page.image_id)
    return delete_photos(photo_ids_of_revisions(page), keep=keep)


def withdraw_submission(submitter):
    """Withdraw the action: moderation cancelled, page unpublished, ``withdrawn_at`` set.

    Input: an InitiativeSubmitter. Output: None. Withdrawn actions are no longer live,
    so they vanish from the map, list, feed, API and search; their photos are deleted
    (images and files).
    """
    with transaction.atomic():
        page = submitter.page.specific
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=None)
        if page.live:
            page.unpublish(user=None)
        submitter.withdrawn_at = timezone.now()
        submitter.save(update_fields=["withdrawn_at"])
        delete_photos(photo_ids_of_revisions(page))


def submission_status(submitter):
    """Where the action stands: ``(status, comment)``.

    ``status`` is one of the ``STATUS_*`` keys; ``comment`` (str) is the moderator's
    comment when changes were requested, or the reason of a final refusal, else "".
    """
    if submitter.withdrawn_at:
        return STATUS_WITHDRAWN, ""
    if not submitter.confirmed_at:
        return STATUS_UNCONFIRMED, ""
    page = submitter.page
    state = page.current_workflow_state
    if state is not None:
        if state.status == state.STATUS_NEEDS_CHANGES:
            task_state = state.current_task_state
            return STATUS_CHANGES_REQUESTED, (task_state.comment if task_state else "")
        return STATUS_PENDING, ""
    refusal = refusal_of(page)
    if refusal is not None:
        return STATUS_REFUSED, refusal.comment
    if page.live:
        return STATUS_PUBLISHED, ""
    return STATUS_DRAFT, ""


def is_refused(submitter):
    """Whether a moderator refused ``submitter``'s action for good (bool): its latest
    workflow ended with a refusal (:func:`portal.moderation.refusal_of`). The private
    link then no longer edits it."""
    page = submitter.page
    return page.current_workflow_state is None and refusal_of(page) is not None


def resend_links(email, index_page):
    """Mail again the private links of the actions sent with ``email``.

    Input: ``email`` (str, compared without regard to case), ``index_page`` (the map
    page, for the links). Output: the number of actions found (int; never shown to the
    person asking, so that the page does not tell whether an address is known). Only
    the hash of a token is stored, so each action gets a new token (the previous link
    stops working, as the mail says), in one transaction; one mail listing every link
    leaves, once it commits, to the address on file (never to the typed one). Withdrawn
    actions are included: their page says so.
    """
    with transaction.atomic():
        submitters = list(
            InitiativeSubmitter.objects.select_for_update()
            .filter(email__iexact=(email or "").strip())
            .select_related("page").order_by("created_at", "pk")
        )
        if not submitters:
            return 0
        actions = []
        for submitter in submitters:
            token, submitter.token_hash = new_token()
            submitter.save(update_fields=["token_hash"])
            actions.append({
                "title": submitter.page.specific.get_latest_revision_as_object().title,
                "link": absolute_url(private_link_path(index_page, token)),
            })
        transaction.on_commit(partial(
            send_submitter_mail, submitters[0].email, "links", {"actions": actions},
        ))
    return len(submitters)


def resend_path(index_page):
    """Path (str) of the "Renvoyer mon lien" page below ``index_page``."""
    return (index_page.url or "") + index_page.reverse_subpage("submission_resend")


def _index_page_of(page):
    """The map page (specific) above ``page``, or None."""
    parent = page.get_parent()
    return parent.specific if parent is not None else None


def send_submitter_mail(address, kind, context):
    """Send one of our e-mails to a submitter, in French; log instead of raising.

    Input: ``address`` (str), ``kind`` ("confirm", "approved", "rejected", "refused",
    "links": templates
    ``initiatives/emails/<kind>_subject.txt`` and ``<kind>.txt``), ``context`` (dict).
    Output: True when sent.
    """
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
            subject = " ".join(
                render_to_string(f"initiatives/emails/{kind}_subject.txt", context).split()
            )
            body = render_to_string(f"initiatives/emails/{kind}.txt", context)
        send_mail(subject, body, None, [address])
        return True
    except Exception:  # never break the moderator's action or the submitter's request
        logger.exception("could not send the %s e-mail of a submitted action", kind)
        return False


def _submitter_of(workflow_state):
    """The InitiativeSubmitter of the page in ``workflow_state``, or None."""
    try:
        page_id = int(workflow_state.object_id)
    except (TypeError, ValueError):
        return None
    return (
        InitiativeSubmitter.objects.filter(page_id=page_id, withdrawn_at__isnull=True)
        .exclude(email="").select_related("page").first()
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """``wagtail.signals.workflow_approved`` receiver: tell the submitter it is published.

    Never raises (the approval would roll back): errors are logged.
    """
    try:
        submitter = _submitter_of(instance)
        if submitter is None:
            return
        page = submitter.page.specific
        index_page = _index_page_of(page)
        context = {
            "title": page.title, "url": page.get_full_url() or "",
            "resend_url": absolute_url(resend_path(index_page)) if index_page else "",
        }
        transaction.on_commit(partial(send_submitter_mail, submitter.email, "approved", context))
    except Exception:
        logger.exception("could not prepare the approval e-mail of a submitted action")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """``wagtail.signals.workflow_rejected`` receiver: e-mail the moderator's comment.

    The comment is the one typed in the "Request changes" dialog (the rejected
    TaskState's ``comment``). Never raises: errors are logged.
    """
    try:
        submitter = _submitter_of(instance)
        if submitter is None:
            return
        task_state = instance.current_task_state
        page = submitter.page.specific
        index_page = _index_page_of(page)
        context = {
            "title": page.title,
            "comment": (task_state.comment if task_state else "") or "",
            "resend_url": absolute_url(resend_path(index_page)) if index_page else "",
        }
        transaction.on_commit(partial(send_submitter_mail, submitter.email, "rejected", context))
    except Exception:
        logger.exception("could not prepare the rejection e-mail of a submitted action")


def on_workflow_refused(sender, instance, task_state=None, user=None, **kwargs):
    """:data:`portal.moderation.workflow_refused` receiver: e-mail the reason of the
    final refusal to the submitter and, once committed, delete the action's anonymous
    photos (:func:`delete_refused_photos`). Never raises: errors are logged."""
    try:
        try:
            page_id = int(instance.object_id)
        except (TypeError, ValueError):
            return
        transaction.on_commit(partial(delete_refused_photos, page_id))
        submitter = _submitter_of(instance)
        if submitter is None:
            return
        context = {
            "title": submitter.page.specific.title,
            "comment": (task_state.comment if task_state is not None else "") or "",
        }
        transaction.on_commit(partial(send_submitter_mail, submitter.email, "refused", context))
    except Exception:
        logger.exception("could not prepare the refusal e-mail of a submitted action")


def delete_refused_photos(page_id):
    """Delete the photos of a refused action that was never published.

    Input: the InitiativePage's id (int). Deletes the images of the photo collection
    that the page or any of its revisions names (:func:`initiatives.photos.delete_photos`:
    images staff chose from the library stay). Nothing when the page is gone, live or
    was ever published. Never raises (runs after the refusal commits): errors are
    logged. Output: the number of images deleted (int).
    """
    try:
        page = InitiativePage.objects.filter(pk=page_id).first()
        if page is None or page.live or page.first_published_at is not None:
            return 0
        return delete_photos(photo_ids_of_revisions(page))
    except Exception:
        logger.exception("could not delete the photos of a refused action")
        return 0


def on_page_published(sender, instance, **kwargs):
    """``wagtail.signals.page_published`` receiver: once an action's new version is
    published, delete the photos it replaced or removed (:func:`prune_photos`).

    Never raises (it runs inside the approval's transaction, which an error would roll
    back): inside a savepoint, errors are logged and the photos stay."""
    if not isinstance(instance, InitiativePage):
        return
    try:
        with transaction.atomic():
            prune_photos(instance)
    except Exception:
        logger.exception("could not delete the replaced photos of action %s", instance.pk)


def on_action_pre_delete(sender, instance, **kwargs):
    """``pre_delete`` of an InitiativePage: note the photos of the page and its
    revisions (the revisions are deleted with the page)."""
    instance._photo_ids = photo_ids_of_revisions(instance)


def on_action_deleted(sender, instance, **kwargs):
    """``post_delete`` of an InitiativePage (refused by a moderator, erased, purged):
    delete its photos, images and files."""
    delete_photos(getattr(instance, "_photo_ids", ()))


def connect_signals():
    """Connect :func:`on_workflow_approved`, :func:`on_workflow_rejected`,
    :func:`on_workflow_refused` and the photos' handlers (:func:`on_page_published`,
    :func:`on_action_pre_delete`, :func:`on_action_deleted`); idempotent."""
    page_published.connect(on_page_published, dispatch_uid="initiatives_photos_published")
    pre_delete.connect(on_action_pre_delete, sender=InitiativePage,
                       dispatch_uid="initiatives_photos_pre_delete")
    post_delete.connect(on_action_deleted, sender=InitiativePage,
                        dispatch_uid="initiatives_photos_deleted")
    workflow_approved.connect(
        on_workflow_approved, sender=WorkflowState, dispatch_uid="initiatives_submitter_approved"
    )
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="initiatives_submitter_rejected"
    )
    workflow_refused.connect(
        on_workflow_refused, sender=WorkflowState, dispatch_uid="initiatives_submitter_refused"
    )
