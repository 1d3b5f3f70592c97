"""The project's illustrations (portal/data/illustrations/): valid, small, self-contained
SVG drawings at the sizes the demo expects, with no text inside (a text alternative is
the image's description, RGAA 1.3) and nothing that runs or loads from elsewhere."""

import xml.etree.ElementTree as ET

import pytest

from portal.demo_images import ILLUSTRATIONS, illustration_path

SVG = "{http://www.w3.org/2000/svg}"
SIZES = {
    "hero": "0 0 1200 500", "carte": "0 0 400 240", "consultation": "0 0 400 240",
    "propositions": "0 0 400 240", "diagnostic": "0 0 400 240", "comite": "0 0 400 240",
}


@pytest.mark.parametrize("name", sorted(SIZES))
def test_illustration_is_a_small_self_contained_svg(name):
    path = illustration_path(name)
    assert path.stat().st_size < 8_000
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == SIZES[name]
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "text", "foreignObject", "image", "use", "style", "a"}, tags
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.startswith("on"), (name, attribute)
            assert "href" not in attribute, (name, attribute)
            assert "url(" not in value, (name, attribute)


def test_every_drawing_in_the_folder_is_checked():
    assert {path.stem for path in ILLUSTRATIONS.glob("*.svg")} == set(SIZES)
