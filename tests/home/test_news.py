"""News: the index /actualites/ (paginated, newest first), news pages, the three latest
on the home page, the page cache and the API v2."""

import datetime
import re
from html import unescape

import pytest

from home.news.models import NEWS_PER_PAGE, NewsIndexPage, NewsPage


def add_news(index, count, start=datetime.date(2030, 1, 1)):
    """Publish ``count`` news under ``index``, one a day from ``start``; returns them."""
    items = []
    for number in range(count):
        item = NewsPage(title=f"Nouvelle {number:02d}", slug=f"nouvelle-{number:02d}",
                        date=start + datetime.timedelta(days=number),
                        intro=f"Résumé {number:02d}.")
        index.add_child(instance=item)
        item.save_revision().publish()
        items.append(item)
    return items


def titles(html):
    return re.findall(r'<h[23]><a href="[^"]+">([^<]+)</a></h[23]>', unescape(html))


@pytest.mark.django_db
def test_news_index_is_paginated_newest_first(client):
    index = NewsIndexPage.objects.get(slug="actualites")
    add_news(index, NEWS_PER_PAGE + 2)
    first = client.get("/actualites/")
    assert first.status_code == 200
    shown = titles(first.content.decode())
    assert len(shown) == NEWS_PER_PAGE
    assert shown[:3] == ["Nouvelle 11", "Nouvelle 10", "Nouvelle 09"]
    assert "Page 1 sur 2" in unescape(first.content.decode())
    second = client.get("/actualites/?page=2")
    rest = titles(second.content.decode())
    assert rest[:2] == ["Nouvelle 01", "Nouvelle 00"]
    assert rest[-1] == "Le comité Nouvelles solidarités est installé"  # demo, 2020
    assert len(rest) == NEWS_PER_PAGE + 2 + 3 - NEWS_PER_PAGE
    # A number that is not a page shows the first, one past the end the last: never 404/500.
    assert titles(client.get("/actualites/?page=abc").content.decode()) == shown
    assert titles(client.get("/actualites/?page=99").content.decode()) == rest


@pytest.mark.django_db
def test_home_shows_the_three_latest_news(client):
    index = NewsIndexPage.objects.get(slug="actualites")
    items = add_news(index, 4)
    NewsPage.objects.get(pk=items[3].pk).unpublish()
    html = client.get("/").content.decode()
    section = html[html.index('id="actualites"'):html.index('id="comite"')]
    assert titles(section) == ["Nouvelle 02", "Nouvelle 01", "Nouvelle 00"]
    assert 'href="/actualites/"' in section


@pytest.mark.django_db
def test_news_page_renders_and_both_pages_are_cached(client):
    response = client.get("/actualites/installation-du-comite/")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "<h1>Le comité Nouvelles solidarités est installé</h1>" in html
    assert '<time datetime="2020-07-10">10 juillet 2020</time>' in html
    assert 'href="/static/home/home.css"' in html or "home/home" in html
    assert client.get("/actualites/installation-du-comite/")["X-Page-Cache"] == "hit"
    client.get("/actualites/")
    assert client.get("/actualites/")["X-Page-Cache"] == "hit"
    client.get("/actualites/?page=1")
    assert client.get("/actualites/?page=1")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_news_in_the_api(client):
    response = client.get("/api/v2/pages/?type=home.NewsPage&fields=date,intro,image,body"
                          "&order=-date")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items][0] == "Le diagnostic territorial est en ligne"
    assert items[0]["date"] == "2021-02-11" and items[0]["intro"].startswith("Population")
    assert items[0]["body"][0]["type"] == "paragraph"
    detail = client.get(f"/api/v2/pages/{items[0]['id']}/").json()
    assert detail["image_thumbnail"]["url"].endswith(".svg")
    index = client.get("/api/v2/pages/?type=home.NewsIndexPage&fields=intro").json()
    assert index["items"][0]["meta"]["slug"] == "actualites"
    home = client.get("/api/v2/pages/?type=home.HomePage&fields=hero_title,participation,"
                      "show_counters").json()["items"][0]
    assert home["hero_title"] == "Les nouvelles solidarités, j'en parle"
    assert [block["value"]["card"] for block in home["participation"]] == [
        "carte", "consultation", "propositions", "diagnostic"]
