"""Residents sending the same title at the same instant: every action is stored, each
with its own slug, and each submission stays all-or-nothing.

On PostgreSQL the posts run in 8 threads, each with its own database connection; SQLite
serialises writers, so there they run one after the other.
"""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from tests.initiatives.test_public_submission import ADD_URL, valid_data

THREADS = 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_residents_sending_the_same_title_at_once_are_all_stored(map_page, settings):
    from wagtail.models import Revision

    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    settings.PORTAL_SUBMISSION_RATE = "100/h"
    title = "Repair café du samedi"
    barrier = threading.Barrier(THREADS)
    statuses = [None] * THREADS

    def send(number):
        try:
            data = valid_data(title=title, email=f"habitant{number}@example.org",
                              form_token=str(uuid.uuid4()))
            client = Client(REMOTE_ADDR=f"192.0.2.{number + 1}", raise_request_exception=False)
            if connection.vendor == "postgresql":
                barrier.wait(timeout=30)
            statuses[number] = client.post(ADD_URL, data).status_code
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        for number in range(THREADS):
            send(number)

    assert statuses == [302] * THREADS
    pages = InitiativePage.objects.filter(title=title)
    slugs = sorted(pages.values_list("slug", flat=True))
    assert len(slugs) == THREADS and len(set(slugs)) == THREADS
    assert set(slugs) == {"repair-cafe-du-samedi"} | {
        f"repair-cafe-du-samedi-{n}" for n in range(2, THREADS + 1)}
    # All-or-nothing: each page has its revision and its submitter, each a mail.
    for page in pages:
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    assert InitiativeSubmitter.objects.filter(page__in=pages).count() == THREADS
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"habitant{n}@example.org" for n in range(THREADS))
    # The tree is sound: paths unique, the map page counts its children.
    map_page.refresh_from_db()
    assert map_page.numchild == map_page.get_children().count()


@pytest.mark.django_db
def test_a_slug_taken_after_it_was_chosen_gets_the_next_suffix(
    client, map_page, make_action, monkeypatch, django_capture_on_commit_callbacks
):
    """A page added by staff between the choice of the slug and the insertion."""
    from initiatives import submissions
    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    real = submissions.unique_child_slug
    calls = []

    def racing(parent, title):
        calls.append(title)
        slug = real(parent, title)
        if len(calls) == 1:
            make_action(parent, "Jardin partagé", publish=False, slug=slug)  # staff take it
        return slug

    monkeypatch.setattr(submissions, "unique_child_slug", racing)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, valid_data(title="Jardin partagé"))
    assert response.status_code == 302
    assert len(calls) == 2
    slugs = sorted(InitiativePage.objects.filter(title="Jardin partagé")
                   .values_list("slug", flat=True))
    assert slugs == ["jardin-partage", "jardin-partage-2"]
    stored = InitiativePage.objects.get(slug="jardin-partage-2")
    assert InitiativeSubmitter.objects.filter(page=stored).count() == 1
    assert stored.revisions.count() == 1
    assert len(mail.outbox) == 1
