"""Where uploaded files go and how connections are kept, as the environment says (pbplatform/settings)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
s = storages["default"]
database = settings.DATABASES["default"]
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"], "storage": type(s).__name__,
    "bucket": getattr(s, "bucket_name", None), "endpoint": getattr(s, "endpoint_url", None),
    "location": getattr(s, "location", None), "signed": getattr(s, "querystring_auth", None),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "conn_max_age": database["CONN_MAX_AGE"], "no_server_cursors": database.get("DISABLE_SERVER_SIDE_CURSORS"),
}))
"""
S3_AND_DATABASE = ("AWS_", "CONN_", "DISABLE_SERVER_SIDE_CURSORS", "MEDIA_ORIGIN")


def probe(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(S3_AND_DATABASE)}
    environment.update(
        DJANGO_SETTINGS_MODULE="pbplatform.settings.production",
        SECRET_KEY="test-only-" + "x" * 50,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://user:secret@db.example.org:6432/pbplatform",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_uploaded_files_are_local_files_by_default():
    seen = probe()
    assert seen["backend"] == "django.core.files.storage.FileSystemStorage"
    assert seen["storage"] == "FileSystemStorage"
    assert not [origin for origin in seen["img_src"] if "s3" in origin]
    assert seen["conn_max_age"] == 60 and not seen["no_server_cursors"]


def test_s3_compatible_storage_when_the_environment_names_a_bucket():
    seen = probe(
        AWS_STORAGE_BUCKET_NAME="ville-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert seen["backend"] == "storages.backends.s3.S3Storage"
    assert seen["storage"] == "S3Storage"
    assert seen["bucket"] == "ville-media" and seen["endpoint"] == "https://s3.fr-par.scw.cloud"
    assert seen["location"] == "media" and seen["signed"] is False
    assert "https://s3.fr-par.scw.cloud" in seen["img_src"]  # the pages may show the images from there


def test_pgbouncer_transaction_pooling_settings_from_the_environment():
    seen = probe(CONN_MAX_AGE="0", DISABLE_SERVER_SIDE_CURSORS="true")
    assert seen["conn_max_age"] == 0 and seen["no_server_cursors"] is True
