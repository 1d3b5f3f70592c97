"""The data protection officer's contact (RGPD art. 13.1.b) in every privacy notice, from
PORTAL_DPO_CONTACT, and the deploy check that warns when it is missing."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db

NOTICES = ["/consultation/", "/propositions/", "/carte/ajouter/"]


@pytest.mark.parametrize("url", NOTICES)
def test_notice_links_to_the_dpo_email(client, settings, url):
    settings.PORTAL_DPO_CONTACT = "dpo@landes.example"

    html = client.get(url).content.decode()

    assert ('Délégué à la protection des données : '
            '<a href="mailto:dpo@landes.example">dpo@landes.example</a>') in html


@pytest.mark.parametrize("url", NOTICES)
def test_postal_address_is_printed_and_empty_setting_prints_nothing(client, settings, url):
    settings.PORTAL_DPO_CONTACT = "DPO, 23 rue Victor-Hugo, 40025 Mont-de-Marsan <cedex>"
    html = client.get(url).content.decode()
    assert ("Délégué à la protection des données : DPO, 23 rue Victor-Hugo, 40025 "
            "Mont-de-Marsan &lt;cedex&gt;") in html

    settings.PORTAL_DPO_CONTACT = ""
    assert "Délégué à la protection des données" not in client.get(url).content.decode()


def test_deploy_check_warns_without_a_dpo_contact(settings):
    settings.PORTAL_DPO_CONTACT = " "
    with pytest.raises(SystemCheckError, match="portal.W001"):
        call_command("check", deploy=True, fail_level="WARNING")


def test_deploy_check_is_quiet_with_a_dpo_contact(settings):
    from portal.checks import dpo_contact_check

    settings.PORTAL_DPO_CONTACT = "dpo@landes.example"
    assert dpo_contact_check(None) == []
    settings.PORTAL_DPO_CONTACT = ""
    assert [w.id for w in dpo_contact_check(None)] == ["portal.W001"]
