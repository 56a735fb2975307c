from celery import shared_task
from django.apps import apps
from django.db import OperationalError

import pbplatform.celery  # noqa: F401 - the project's Celery app, configured, before any task is declared or sent
from apps.core.tasks import RETRY_POLICY

from .providers import ProviderError, get_provider
from .services import content_translate


@shared_task(autoretry_for=(ProviderError, OperationalError), **RETRY_POLICY)
def translate_content(*, model, pk):
    provider = get_provider()
    obj = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if provider is None or obj is None:  # turned off, or the content is gone since
        return 0
    return content_translate(obj=obj, provider=provider)
