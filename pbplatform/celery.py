import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.local")

app = Celery("pbplatform")
# Every Celery option comes from Django settings prefixed with CELERY_.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _beat_schedule():
    """CELERY_BEAT_SCHEDULE with its crontab fields made crontab schedules (settings do not import Celery)."""
    from django.conf import settings

    return {
        name: {**entry, "schedule": crontab(**entry["schedule"])} if isinstance(entry["schedule"], dict) else entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }


app.conf.beat_schedule = _beat_schedule()
