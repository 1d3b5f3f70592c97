"""Where uploaded files (Wagtail images, renditions, documents) are stored, from the
environment: the local disk by default, S3-compatible object storage (django-storages)
when ``PORTAL_S3_BUCKET`` is set.

Environment variables read (all optional):

- ``PORTAL_S3_BUCKET``: bucket name; set, it switches media to object storage;
- ``PORTAL_S3_ENDPOINT_URL``: the provider's endpoint (``https://s3.fr-par.scw.cloud``,
  a MinIO server...); unset, Amazon S3. With an endpoint, addresses are path-style
  (``<endpoint>/<bucket>/<key>``), which every S3-compatible service accepts;
- ``PORTAL_S3_REGION``: region name (``eu-west-3``, ``fr-par``...);
- ``PORTAL_S3_ACCESS_KEY_ID``, ``PORTAL_S3_SECRET_ACCESS_KEY``: keys; unset, boto3's own
  chain applies (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, an instance role...);
- ``PORTAL_S3_CUSTOM_DOMAIN``: host name (optionally with a path) that serves the bucket's
  public files, such as a CDN in front of it;
- ``PORTAL_S3_QUERYSTRING_AUTH``: ``1`` to sign every file URL (a private bucket). Off by
  default: a signed URL expires (one hour), and pages kept in a cache would then show
  broken images; the bucket grants public read on images instead (README).

Files are never overwritten: a second upload named like an existing file gets a new name,
as on the local disk (django-storages overwrites by default).
"""

from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
_TRUE = {"1", "true", "yes", "on"}


def s3_bucket(environ):
    """The configured bucket name (str), or "" when media stay on the local disk.

    Input: a mapping of environment variables (``os.environ``)."""
    return (environ.get("PORTAL_S3_BUCKET") or "").strip()


def default_storage(environ):
    """The ``STORAGES["default"]`` entry for these environment variables.

    Input: a mapping of environment variables. Output: ``{"BACKEND": dotted path}`` for
    the local disk (``MEDIA_ROOT``), or with ``"OPTIONS"`` (django-storages'
    ``S3Storage`` keyword arguments) for object storage. Empty variables count as unset.
    """
    bucket = s3_bucket(environ)
    if not bucket:
        return {"BACKEND": FILESYSTEM_BACKEND}
    get = lambda name: (environ.get(name) or "").strip() or None  # noqa: E731
    options = {
        "bucket_name": bucket,
        "endpoint_url": get("PORTAL_S3_ENDPOINT_URL"),
        "region_name": get("PORTAL_S3_REGION"),
        "access_key": get("PORTAL_S3_ACCESS_KEY_ID"),
        "secret_key": get("PORTAL_S3_SECRET_ACCESS_KEY"),
        "custom_domain": get("PORTAL_S3_CUSTOM_DOMAIN"),
        "querystring_auth": (get("PORTAL_S3_QUERYSTRING_AUTH") or "").lower() in _TRUE,
        "file_overwrite": False,
        # Access is the bucket's policy, never a per-object ACL (many providers refuse ACLs).
        "default_acl": None,
    }
    if options["endpoint_url"]:
        options["addressing_style"] = "path"
    return {"BACKEND": S3_BACKEND, "OPTIONS": {k: v for k, v in options.items() if v is not None}}


def media_origins(environ):
    """Origins (list of str, ``scheme://host[:port]``) that serve media files other than
    the site itself, for the Content-Security-Policy's ``img-src``: empty on the local
    disk; the custom domain, else the endpoint, else Amazon S3's two host names for the
    bucket (global and regional)."""
    options = default_storage(environ).get("OPTIONS")
    if options is None:
        return []
    if "custom_domain" in options:
        return ["https://" + options["custom_domain"].split("/")[0]]
    if "endpoint_url" in options:
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket = options["bucket_name"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if "region_name" in options:
        origins.append(f"https://{bucket}.s3.{options['region_name']}.amazonaws.com")
    return origins
