"""The project's own illustrations, as Wagtail images for the demo content.

The drawings are SVG files in ``portal/data/illustrations/`` drawn for this project and
published under its licence (EUPL-1.2), so the demo shows images without borrowing any.
Staff replace them with their own images in the admin like any other image.
"""

from pathlib import Path

from django.core.files import File
from wagtail.images import get_image_model

#: Folder of the illustrations: ``<name>.svg``.
ILLUSTRATIONS = Path(__file__).resolve().parent / "data" / "illustrations"


def illustration_path(name):
    """Path of the illustration ``name`` (str, a file stem such as ``"hero"``).

    Raises FileNotFoundError when the project has no such drawing.
    """
    path = ILLUSTRATIONS / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def demo_image(name, title, alt):
    """The Wagtail image of the illustration ``name``, created on first use.

    Inputs: ``name`` (file stem in ``portal/data/illustrations/``), ``title`` (str, the
    image's title in the admin, which also identifies it on later runs) and ``alt`` (str,
    the text alternative, stored as the image's ``description``).
    Output: an instance of the project's image model, in the root collection.
    Idempotent: an image with that title is returned as it is, even if staff edited it.
    Raises FileNotFoundError when the drawing does not exist.
    """
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    path = illustration_path(name)
    with path.open("rb") as handle:
        image = Image(title=title, description=alt)
        image.file.save(path.name, File(handle), save=False)
        image.save()
    return image
