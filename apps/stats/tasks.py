"""Celery tasks of the statistics and open data: they load by id and call one service.

- `refresh_all_statistics`: Celery beat, every STATS_REFRESH_MINUTES: every published process and the site.
- `refresh_statistics`: one process, asked by its page when the snapshot is missing or older than that.
- `build_open_data`: one process's zip, asked by the open data page when its data changed;
  `build_all_open_data` (beat, hourly) rebuilds the zips whose data changed.
"""

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

import pbplatform.celery  # noqa: F401 - the project's Celery app, configured, before any task is declared or sent
from apps.spaces.models import Process

from . import services

RETRY_POLICY = {"retry_backoff": True, "retry_backoff_max": 600, "retry_jitter": True, "max_retries": 3}
LONG = {"soft_time_limit": 15 * 60, "time_limit": 20 * 60}


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY, **LONG)
def refresh_statistics(*, process_id=None, lock=None):
    try:
        if process_id is None:
            services.stats_refresh_all()
            return
        process = Process.objects.filter(pk=process_id).first()
        if process is not None:
            services.stats_refresh(process=process)
    finally:
        if lock:
            cache.delete(lock)  # the page that asked may ask again once the figures age


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY, **LONG)
def refresh_all_statistics():
    services.stats_refresh_all()


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY, **LONG)
def build_open_data(*, process_id, force=False, lock=None):
    try:
        process = Process.objects.filter(pk=process_id).first()
        if process is not None:
            services.opendata_build(process=process, force=force)
    finally:
        if lock:
            cache.delete(lock)


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY, **LONG)
def build_all_open_data():
    for process in Process.objects.filter(is_published=True).order_by("pk"):
        services.opendata_build(process=process)
