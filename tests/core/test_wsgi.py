"""The WSGI entry point gunicorn loads."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_loaded_app_is_out_of_the_collector_s_sight():
    """Once the application is loaded, what it loaded is frozen (gc.freeze): a full collection in a worker no longer
    walks it, a pause of 100 ms and more in the middle of a request."""
    script = "import gc, pbplatform.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pbplatform.settings.test"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    frozen, tracked = map(int, result.stdout.split())
    assert frozen > 50_000
    assert tracked < frozen / 10
