"""The map page's cost does not grow with the commune list: the same number of queries
with more communes, and the commune filter (a datalist) still offers every commune and
shows the chosen one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.consultation.questionnaire.test_questionnaire_queries import add_communes


@pytest.mark.parametrize("path", ["/carte/", "/carte/?commune=40274&epci=244000659"])
def test_map_queries_do_not_grow_with_communes(client, map_page, settings, path):
    # Counts the queries of rendering the page, not of serving it from the page cache.
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        first = client.get(path)
    add_communes(12)
    # New communes purge what is cached per content version (the list's live count):
    # compare two warm requests.
    client.get(path)
    with CaptureQueriesContext(connection) as after:
        second = client.get(path)
    assert len(after) == len(before)
    assert "Commune d&#x27;essai 11 (40911)" in second.content.decode()
    assert "Commune d&#x27;essai" not in first.content.decode()
    if "commune=" in path:
        assert ('name="commune" id="id_commune" list="liste-communes" autocomplete="off" '
                'value="Saint-Martin-d&#x27;Oney (40274)"') in second.content.decode()
