"""Tiny helpers to read settings from the environment."""

import os
from email.utils import formataddr


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


def media_storage():
    """The STORAGES entry of public uploaded files (process images...): local files under MEDIA_ROOT, unless
    AWS_STORAGE_BUCKET_NAME names a bucket of S3-compatible object storage (AWS S3, Scaleway, OVHcloud, MinIO...),
    reached through django-storages. Participants' private attachments stay on PRIVATE_MEDIA_ROOT either way."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # Public files: plain URLs (no signed query string), which a CDN and browsers can cache.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        "file_overwrite": False,
        "location": env_str("AWS_LOCATION", "media"),
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),  # any S3-compatible service; empty: AWS itself
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),  # a CDN or the bucket's public host, for the files' URLs
        ("access_key", "AWS_ACCESS_KEY_ID"),  # empty: boto3's own lookup (instance role, ~/.aws)
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("default_acl", "AWS_DEFAULT_ACL"),  # e.g. public-read where the bucket's policy does not make files public
    ):
        if env_str(name):
            options[option] = env_str(name)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origins():
    """Origins the Content-Security-Policy must allow images from when uploaded files are on object storage
    (MEDIA_ORIGIN names it; otherwise AWS_S3_CUSTOM_DOMAIN, AWS_S3_ENDPOINT_URL or the bucket's AWS host)."""
    from urllib.parse import urlsplit

    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return []
    if env_str("MEDIA_ORIGIN"):
        return [env_str("MEDIA_ORIGIN").rstrip("/")]
    if env_str("AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{env_str('AWS_S3_CUSTOM_DOMAIN').strip('/')}"]
    endpoint = urlsplit(env_str("AWS_S3_ENDPOINT_URL"))
    if endpoint.netloc:
        # Path-style URLs (https://endpoint/bucket/...) and virtual-hosted ones (https://bucket.endpoint/...).
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    region = env_str("AWS_S3_REGION_NAME")
    return [f"https://{bucket}.s3.amazonaws.com"] + ([f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])


def env_sender(site_name):
    """DEFAULT_FROM_EMAIL, or the site's name as the sender: residents see the town's site, not the software."""
    return env_str("DEFAULT_FROM_EMAIL", formataddr((site_name, "noreply@pbplatform.local")))
