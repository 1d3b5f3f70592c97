"""Fixtures of the assisted-entry tests: operators of the "Saisie accompagnée" group,
batches, and a helper that enters a form as an operator does (GET the entry form, read
its one-time token, POST)."""

import pytest

from ..conftest import read_token

ASSISTED = "Saisie accompagnée"


def entry_url(page, batch=None):
    """URL (str) of the entry form of ``page``, for ``batch`` when given."""
    return f"/admin/saisie/{page.pk}/saisir/" + (f"?lot={batch.pk}" if batch else "")


def enter(client, page, answers, batch=None, **provenance):
    """GET the entry form, then POST ``answers`` (dict) with its token, the batch and
    the provenance fields (channel, paper_number). Output: (response, data posted)."""
    response = client.get(entry_url(page, batch))
    assert response.status_code == 200
    data = {"form_token": read_token(response), **answers, **provenance}
    if batch is not None:
        data["batch"] = batch.pk
    return client.post(entry_url(page, batch), data), data


@pytest.fixture
def operator_user(make_user):
    """A member of the "Saisie accompagnée" group."""
    return make_user("saisie@example.org", groups=[ASSISTED])


@pytest.fixture
def other_operator_user(make_user):
    """A second member of the group (double entry needs two people)."""
    return make_user("saisie2@example.org", groups=[ASSISTED])


@pytest.fixture
def operator_client(client, operator_user):
    """A test client signed in as the operator."""
    client.force_login(operator_user)
    return client


@pytest.fixture
def make_batch(consultation_page):
    """Factory: ``make_batch(number, channel="papier", double_entry=False)`` -> batch
    of the demo questionnaire."""
    from consultation.assisted.models import EntryBatch

    def factory(number, channel="papier", double_entry=False, page=None):
        return EntryBatch.objects.create(page=page or consultation_page, number=number,
                                         channel=channel, double_entry=double_entry)

    return factory
