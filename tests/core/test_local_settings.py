"""`make run` (pbplatform.settings.local) shows the designed error pages unless DEBUG=true, serves static and
uploaded files either way, and calls the demo town by its name."""

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
print(json.dumps({"debug": settings.DEBUG, "finders": settings.WHITENOISE_USE_FINDERS,
                  "media": settings.SERVE_MEDIA, "site_name": settings.SITE_NAME,
                  "sender": settings.DEFAULT_FROM_EMAIL}))
"""


def local(**env):
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DEBUG", "SITE_NAME", "SERVE_MEDIA", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")
        },
        "DJANGO_SETTINGS_MODULE": "pbplatform.settings.local",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_shows_the_designed_error_pages_and_the_town_name():
    seen = local()
    assert seen == {
        "debug": False,
        "finders": True,
        "media": True,
        "site_name": "Villeneuve-sur-Lys participe",
        # The receipt e-mail came from « pbplatform », a name the resident had never seen.
        "sender": "Villeneuve-sur-Lys participe <noreply@pbplatform.local>",
    }


def test_debug_pages_and_another_name_on_demand():
    seen = local(DEBUG="true", SITE_NAME="Lille participe")
    assert seen["debug"] is True and seen["site_name"] == "Lille participe"
    assert seen["sender"] == "Lille participe <noreply@pbplatform.local>"
    assert local(DEFAULT_FROM_EMAIL="Mairie <budget@mairie.example>")["sender"] == "Mairie <budget@mairie.example>"


def test_make_run_commands_print_no_system_check_warning(tmp_path):
    """On SQLite the covering indexes drop their INCLUDE columns (models.W040): every command of `make run` printed
    that warning twice, which a newcomer could do nothing about."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pbplatform.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout + result.stderr
    assert "W040" not in output
    assert "System check identified no issues" in output
