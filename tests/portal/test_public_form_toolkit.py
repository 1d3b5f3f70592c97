"""The public-form toolkit of the host: one contact shape and consent rule
(portal.contact, portal.models.ContactDetails), one Theme order (portal.theme_choices),
one error summary (portal.forms.AccessibleFormMixin)."""

import django.forms
import pytest

from portal.contact import (
    CONSENT_FIELD, CONTACT_DETAIL_FIELDS, CONTACT_FIELDS, check_contact_consent,
    contact_details, contact_formfields,
)
from portal.forms import AccessibleFormMixin


FIELDS = contact_formfields("J'accepte")


class ContactForm(AccessibleFormMixin, django.forms.Form):
    """A form holding only the contact block, with the rule applied in clean()."""

    contact_name = FIELDS["contact_name"]
    contact_email = FIELDS["contact_email"]
    contact_phone = FIELDS["contact_phone"]
    contact_consent = FIELDS["contact_consent"]

    def clean(self):
        cleaned = super().clean()
        check_contact_consent(self, cleaned, without_consent="sans accord",
                              without_means="ni e-mail ni téléphone")
        return cleaned


def test_contact_fields_have_one_order_and_the_contact_tables_lengths():
    from portal.models import ContactDetails

    fields = contact_formfields("J'accepte")
    assert tuple(fields) == CONTACT_FIELDS == CONTACT_DETAIL_FIELDS + (CONSENT_FIELD,)
    for form_name, model_name in (("contact_name", "name"), ("contact_email", "email"),
                                  ("contact_phone", "phone")):
        assert (fields[form_name].max_length
                == ContactDetails._meta.get_field(model_name).max_length)
    assert [fields[name].widget.attrs["autocomplete"] for name in CONTACT_DETAIL_FIELDS] == [
        "name", "email", "tel"]


@pytest.mark.parametrize("data, errors", [
    ({"contact_email": "anne@example.org"}, {CONSENT_FIELD: ["sans accord"]}),
    ({"contact_consent": "on"}, {"contact_email": ["ni e-mail ni téléphone"]}),
    # An invalid address is said once: not also "no e-mail".
    ({"contact_consent": "on", "contact_email": "pas-une-adresse"},
     {"contact_email": ["Saisissez une adresse e-mail valide."]}),
    ({"contact_consent": "on", "contact_phone": "05 58 00 00 00"}, {}),
    ({}, {}),
])
def test_one_consent_rule(data, errors):
    form = ContactForm(data)
    form.is_valid()
    assert dict(form.errors) == errors


def test_details_without_consent_are_never_kept():
    form = ContactForm({"contact_name": "Anne"})
    assert not form.is_valid()
    assert form.cleaned_data["contact_name"] == ""
    assert contact_details(form.cleaned_data) is None
    form = ContactForm({"contact_consent": "on", "contact_phone": "0558000000"})
    assert form.is_valid()
    assert contact_details(form.cleaned_data) == {"name": "", "email": "",
                                                   "phone": "0558000000"}


def test_error_summary_names_and_links_each_field_in_order():
    form = ContactForm({"contact_consent": "on", "contact_email": "x"})
    form.is_valid()
    assert form.error_summary() == [{
        "name": "contact_email", "href": "#id_contact_email",
        "label": form.fields["contact_email"].label,
        "message": "Saisissez une adresse e-mail valide.",
    }]
    tag = str(form["contact_email"])
    assert 'aria-invalid="true"' in tag and 'aria-describedby="id_contact_email_erreur"' in tag


@pytest.mark.django_db
def test_theme_choices_follow_the_order_then_french_labels():
    from portal.models import Theme
    from portal.theme_choices import theme_choices

    Theme.objects.all().delete()
    Theme.objects.create(slug="z", label="Zèbre", sort_order=1)
    Theme.objects.create(slug="e2", label="Emploi", sort_order=2)
    Theme.objects.create(slug="e1", label="Éducation", sort_order=2)
    Theme.objects.create(slug="a", label="Alimentation", sort_order=3)
    assert theme_choices() == [("z", "Zèbre"), ("e1", "Éducation"), ("e2", "Emploi"),
                               ("a", "Alimentation")]


@pytest.mark.django_db
def test_a_contact_records_the_current_notice_version(settings):
    from consultation.models import Proposal, ProposalContact
    from consultation.proposals.pages import ProposalPage

    settings.PORTAL_PRIVACY_NOTICE_VERSION = "2026-12"
    page = ProposalPage.objects.first()
    if page is None:
        pytest.skip("no proposal page in the test database")
    proposal = Proposal.objects.create(page=page, title="Vélo", description="Des vélos")
    contact = ProposalContact.objects.create(proposal=proposal, email="a@example.org")
    assert contact.privacy_notice_version == "2026-12"
    assert contact.consented_at is not None
