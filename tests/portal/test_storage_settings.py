"""Media storage from the environment: the local disk by default, S3-compatible object
storage when PORTAL_S3_BUCKET is set (portal.storage_settings, production settings)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from portal.storage_settings import S3_BACKEND, default_storage, media_origins

ROOT = Path(__file__).resolve().parents[2]
S3_ENV = {
    "PORTAL_S3_BUCKET": "portail-medias",
    "PORTAL_S3_REGION": "eu-west-3",
    "PORTAL_S3_ACCESS_KEY_ID": "testing-key",
    "PORTAL_S3_SECRET_ACCESS_KEY": "testing-secret",
}


def test_local_disk_without_a_bucket():
    assert default_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert default_storage({"PORTAL_S3_BUCKET": "  "})["BACKEND"].endswith("FileSystemStorage")
    assert media_origins({}) == []


def test_bucket_with_keys_region_and_no_overwrite():
    storage = default_storage(S3_ENV)
    assert storage == {"BACKEND": S3_BACKEND, "OPTIONS": {
        "bucket_name": "portail-medias", "region_name": "eu-west-3",
        "access_key": "testing-key", "secret_key": "testing-secret",
        "querystring_auth": False, "file_overwrite": False}}
    assert media_origins(S3_ENV) == [
        "https://portail-medias.s3.amazonaws.com",
        "https://portail-medias.s3.eu-west-3.amazonaws.com"]


def test_s3_compatible_endpoint_is_path_style_and_its_origin_serves_images():
    env = {"PORTAL_S3_BUCKET": "medias", "PORTAL_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
           "PORTAL_S3_QUERYSTRING_AUTH": "1", "PORTAL_S3_ACCESS_KEY_ID": ""}
    options = default_storage(env)["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["addressing_style"] == "path"
    assert options["querystring_auth"] is True
    assert "access_key" not in options  # empty: boto3's own credential chain
    assert media_origins(env) == ["https://s3.fr-par.scw.cloud"]


def test_custom_domain_is_the_only_media_origin():
    env = {**S3_ENV, "PORTAL_S3_CUSTOM_DOMAIN": "medias.example.fr/portail"}
    assert default_storage(env)["OPTIONS"]["custom_domain"] == "medias.example.fr/portail"
    assert media_origins(env) == ["https://medias.example.fr"]


def production_settings(**env):
    """Selected production settings (dict) computed in a subprocess with ``env``."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("PORTAL_S3_", "PORTAL_FRONTEND", "PORTAL_CLOUD"))}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="x" * 50,
                       ALLOWED_HOSTS="example.fr", **env)
    # Reading settings imports the settings module only (no django.setup(): fast).
    code = ("import json; from django.conf import settings as s; print(json.dumps({"
            "'storage': s.STORAGES['default'], 'docs': s.WAGTAILDOCS_SERVE_METHOD, "
            "'img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
            "'admin_img': s.PORTAL_ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
            "'media_root': str(s.MEDIA_ROOT), 'apps': s.INSTALLED_APPS, "
            "'frontend': s.WAGTAILFRONTENDCACHE}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_follow_the_environment(tmp_path):
    local = production_settings(PORTAL_MEDIA_ROOT=str(tmp_path))
    assert local["storage"]["BACKEND"].endswith("FileSystemStorage")
    assert local["media_root"] == str(tmp_path)
    assert local["docs"] == "serve_view"
    s3 = production_settings(**S3_ENV)
    assert s3["storage"]["BACKEND"] == S3_BACKEND
    assert s3["storage"]["OPTIONS"]["bucket_name"] == "portail-medias"
    assert s3["docs"] == "serve_view"
    for directive in (s3["img"], s3["admin_img"]):
        assert "https://portail-medias.s3.eu-west-3.amazonaws.com" in directive
    assert "https://portail-medias.s3.eu-west-3.amazonaws.com" not in local["img"]


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (0, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def s3_bucket():
    """A mocked S3 bucket (moto) and the settings that store media in it."""
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-3", aws_access_key_id="testing-key",
                              aws_secret_access_key="testing-secret")
        client.create_bucket(Bucket="portail-medias", CreateBucketConfiguration={
            "LocationConstraint": "eu-west-3"})
        storages = {"default": default_storage(S3_ENV),
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(STORAGES=storages, WAGTAILDOCS_SERVE_METHOD="serve_view"):
            yield client


def keys(client):
    listing = client.list_objects_v2(Bucket="portail-medias")
    return {item["Key"]: item["Size"] for item in listing.get("Contents", [])}


@pytest.mark.django_db
def test_images_and_renditions_are_stored_in_the_bucket(s3_bucket):
    image = Image.objects.create(title="Atelier", file=ImageFile(io.BytesIO(png_bytes()), name="atelier.png"))
    rendition = image.get_rendition("fill-200x100")
    stored = keys(s3_bucket)
    assert stored[image.file.name] == len(png_bytes())
    assert rendition.file.name in stored
    body = s3_bucket.get_object(Bucket="portail-medias", Key=rendition.file.name)["Body"].read()
    assert PILImage.open(io.BytesIO(body)).size == (200, 100)
    # Its address is on the bucket's host, which the production policy lets images load
    # from, and unsigned (pages that show it may be cached).
    origin = "/".join(rendition.url.split("/")[:3])
    assert origin in media_origins(S3_ENV)
    assert "X-Amz-Signature" not in rendition.url
    # A second upload of the same name never replaces the first.
    other = Image.objects.create(title="Autre", file=ImageFile(io.BytesIO(png_bytes()), name="atelier.png"))
    assert other.file.name != image.file.name
    assert len([key for key in keys(s3_bucket) if key.startswith("original_images/")]) == 2


@pytest.mark.django_db
def test_documents_in_the_bucket_are_served_by_wagtail(client, s3_bucket):
    content = "Compte rendu du comité\n".encode() * 100
    document = Document.objects.create(title="Compte rendu", file=ContentFile(content, name="compte-rendu.txt"))
    assert keys(s3_bucket)[document.file.name] == len(content)
    response = client.get(reverse("wagtaildocs_serve", args=(document.id, document.filename)))
    assert response.status_code == 200  # streamed by the site, not a redirect to the bucket
    assert b"".join(response.streaming_content) == content
