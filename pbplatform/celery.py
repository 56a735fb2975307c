import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.local")

app = Celery("pbplatform")
# Every Celery option comes from Django settings prefixed with CELERY_.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
