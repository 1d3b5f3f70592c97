"""Fixtures of the initiatives tests: the demo map page and a factory of actions."""

import pytest


@pytest.fixture
def map_page(db):
    """The demo InitiativeIndexPage (``/carte/``), specific instance."""
    from initiatives.models import InitiativeIndexPage

    return InitiativeIndexPage.objects.get(slug="carte")


@pytest.fixture
def make_action(db):
    """Factory: ``make_action(parent, title, insee="40192", location="", publish=True,
    **fields)`` -> InitiativePage added below ``parent`` (published unless told not)."""
    from portal.models import Commune, Theme
    from initiatives.models import InitiativePage

    def factory(parent, title, insee="40192", location="", publish=True, themes=("sante",),
                tags=("test",), **fields):
        page = InitiativePage(
            title=title, summary=fields.pop("summary", f"Résumé de {title}"),
            actor_type=fields.pop("actor_type", "association"),
            commune=Commune.objects.get(insee_code=insee), location=location,
            live=publish, **fields,
        )
        page.themes.set(list(Theme.objects.filter(slug__in=themes)))
        page.tags.set(list(tags))
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.save_revision()
            assert page.first_published_at is None and not page.live
        return page

    return factory
