"""The optional photo of a publicly submitted action: checked, cleaned and stored.

A photo sent through the public form is read with Pillow, never trusted by its name or
its declared type:

- accepted formats are detected from the content: JPEG, PNG or WebP
  (:data:`ACCEPTED_FORMATS`), at most :data:`MAX_BYTES` bytes; anything else, a
  corrupted file or a decompression bomb (more pixels than Pillow's
  ``Image.MAX_IMAGE_PIXELS``, its warning treated as a refusal) raises
  :class:`PhotoError` with a French message, and nothing is stored;
- the orientation recorded by the camera is applied first (``ImageOps.exif_transpose``),
  then every piece of metadata is dropped by re-encoding the pixels alone: EXIF (GPS
  position, camera, date), XMP, IPTC, comments, PNG text chunks. Only the colour profile
  (ICC) is kept, so colours stay right;
- the photo is scaled down to at most :data:`MAX_SIDE` pixels on its long side and
  re-encoded in its own format (JPEG quality :data:`JPEG_QUALITY`, PNG, WebP).

Stored photos are Wagtail images in the collection :data:`COLLECTION_NAME`, which a view
restriction (Modération group) keeps out of the public images API: a photo is public only
through the action's page and its API entry once a moderator publishes it. Its
``description`` is the alt text and its title the action's title. Only images of that
collection are ever deleted here (an image a moderator chose from the library stays).
"""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.roles import MODERATORS_GROUP

#: Largest file accepted (bytes): 5 MB.
MAX_BYTES = 5 * 1024 * 1024
#: The refusal of a photo over :data:`MAX_BYTES`, by the server and by the form's script
#: when the file is chosen.
TOO_LARGE = gettext_lazy(
    "This photo is larger than 5 MB: choose a smaller one (or reduce it before sending it)."
)
#: Longest side (pixels) of the stored photo.
MAX_SIDE = 1600
#: Quality of the re-encoded JPEG and WebP (Pillow's 1-95 scale).
JPEG_QUALITY = 85
#: Pillow format name -> (file extension, MIME type) of the accepted formats.
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
#: The ``accept`` attribute of the file input (MIME types of ACCEPTED_FORMATS).
ACCEPT = ",".join(mime for _ext, mime in ACCEPTED_FORMATS.values())
#: Name of the Wagtail collection holding the photos of submitted actions.
COLLECTION_NAME = "Photos des actions"


class PhotoError(ValueError):
    """A refused photo; ``str(error)`` is the French message shown next to the field."""


class CleanPhoto(ContentFile):
    """A photo ready to store: a Django ``ContentFile`` of the re-encoded bytes, named
    ``action-<random>.<ext>`` (the sender's file name is never kept), with ``format``
    (Pillow name: "JPEG", "PNG", "WEBP"), ``width`` and ``height`` (pixels).

    Two cleaned copies of one file hold the same bytes, so a form's fingerprint
    (:func:`portal.once.fingerprint`, which hashes files) is the same for both.
    """

    def __init__(self, content, format, width, height):
        extension = ACCEPTED_FORMATS[format][0]
        super().__init__(content, name=f"action-{uuid.uuid4().hex[:16]}.{extension}")
        self.format, self.width, self.height = format, width, height



def _format_error():
    return PhotoError(_("This file is not a JPEG, PNG or WebP photo: choose a photo in one "
                        "of these formats."))


def clean_photo(uploaded):
    """Check and clean an uploaded photo.

    Input: a file object (Django ``UploadedFile`` or any binary file with ``size`` or
    ``seek``/``read``). Output: :class:`CleanPhoto` (format kept, at most
    :data:`MAX_SIDE` px on the long side, orientation applied, no metadata).
    Raises :class:`PhotoError` (French message): larger than :data:`MAX_BYTES`, not a
    JPEG, PNG or WebP whatever its name, corrupted or truncated, or more pixels than
    Pillow allows (decompression bomb).
    """
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if size > MAX_BYTES:
        raise PhotoError(TOO_LARGE)
    uploaded.seek(0)
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoError(TOO_LARGE)
    with warnings.catch_warnings():
        # Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises above: both
        # are refused.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            image_format = image.format
            if image_format == "JPEG":
                # Decode a large JPEG at a reduced scale (never below MAX_SIDE): less
                # memory and time; the exact size comes from the scaling below.
                image.draft(image.mode, (MAX_SIDE, MAX_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise PhotoError(_("This photo has too many pixels to be processed: choose a "
                               "smaller one.")) from None
        except UnidentifiedImageError:
            raise _format_error() from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise PhotoError(_("This photo cannot be read (the file is damaged or "
                               "incomplete): choose another one.")) from None
    if image_format not in ACCEPTED_FORMATS:  # pragma: no cover - open() refused it
        raise _format_error()
    return _encode(image, image_format)


def _encode(image, image_format):
    """Re-encode ``image`` (PIL Image, orientation applied) in ``image_format``: scaled
    down to MAX_SIDE, pixels and colour profile only. Output: CleanPhoto."""
    # The colour profile describes the original mode's colours: dropped when CMYK (or
    # another mode) is converted.
    icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA", "L", "LA",
                                                                "P") else None
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    elif image_format == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA",
                                                      "I", "I;16"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    image = image.copy()
    image.thumbnail((MAX_SIDE, MAX_SIDE), PILImage.Resampling.LANCZOS)
    # Nothing of the original file's metadata goes with the pixels.
    image.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY, method=4)
    else:
        options.update(optimize=True)
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return CleanPhoto(output.getvalue(), image_format, image.width, image.height)


def photo_collection():
    """The collection of the actions' photos (wagtail Collection), created on first use
    below the root collection, with a view restriction to the Modération group (so
    Wagtail's images API, which lists only unrestricted collections, never shows them).

    Concurrent first uses create one collection: the root collection's row is locked.
    """
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is not None:
        return collection
    with transaction.atomic():
        root = Collection.objects.select_for_update().get(depth=1)
        collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
        if collection is None:
            collection = root.add_child(name=COLLECTION_NAME)
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.GROUPS,
            )
            from django.contrib.auth.models import Group

            restriction.groups.set(Group.objects.filter(name=MODERATORS_GROUP))
    return collection


def store_photo(photo, title, alt):
    """Store a cleaned photo as a Wagtail image of :func:`photo_collection`.

    Input: ``photo`` (:class:`CleanPhoto` or any ``ContentFile`` of a cleaned photo),
    ``title`` (str, the action's title, cut to 255 characters), ``alt`` (str, the alt
    text, stored as the image's ``description``). Output: the saved Image. The file is
    written through the default storage (local disk or S3).
    """
    image_model = get_image_model()
    image = image_model(
        title=title[:255], description=alt[:255], collection=photo_collection(),
    )
    photo.seek(0)
    image.file.save(photo.name, photo, save=False)
    image._set_image_file_metadata()
    image.save()
    return image


def copy_photo(image, title, alt):
    """A new image of :func:`photo_collection` with the pixels of ``image`` (a stored
    Wagtail image) and a new title and alt text (str): used when the submitter changes
    the alt text of a published photo, so the change is moderated like any other.
    Output: the new Image. Raises ``OSError`` when the file cannot be read."""
    with image.open_file() as source:
        content = source.read()
    extension = image.file.name.rsplit(".", 1)[-1].lower()
    photo = ContentFile(content, name=f"action-{uuid.uuid4().hex[:16]}.{extension}")
    return store_photo(photo, title, alt)


def delete_photos(image_ids, keep=()):
    """Delete the images whose ids are in ``image_ids`` (iterable of int or None), except
    those in ``keep``, when they belong to :func:`photo_collection`'s collection (a
    library image chosen by staff is never deleted). Wagtail deletes their files and
    renditions from the storage once the transaction commits. Output: number deleted."""
    ids = {int(pk) for pk in image_ids if pk} - {int(pk) for pk in keep if pk}
    if not ids:
        return 0
    images = get_image_model().objects.filter(
        pk__in=ids, collection__name=COLLECTION_NAME, collection__depth=2,
    )
    count = 0
    for image in images:
        image.delete()
        count += 1
    return count


def photo_ids_of_revisions(page):
    """Ids (set of int) of the images named by ``page`` (a Page with ``image``) and by
    every revision of it."""
    ids = {page.image_id} if getattr(page, "image_id", None) else set()
    for content in page.revisions.values_list("content", flat=True):
        value = (content or {}).get("image")
        if isinstance(value, int):
            ids.add(value)
    return ids


def find_image(pk):
    """The Wagtail image of id ``pk`` (int or None), or None when there is none (a
    revision may name an image deleted since)."""
    if not pk:
        return None
    return get_image_model().objects.filter(pk=pk).select_related("collection").first()
