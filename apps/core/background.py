"""Queue Celery tasks so that a broker outage never fails the request that asked for them.

`enqueue(task, **kwargs)` sends the task once the current transaction commits (nothing is sent for work
that was rolled back). If the broker (Redis) cannot be reached, the task runs right here instead, with a log
line: slower for that request, but the e-mail still leaves and the person sees their action succeed. After a
failure the broker is not tried again for RETRY_AFTER seconds, so an outage does not slow every request.
"""

import logging
import time
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

RETRY_AFTER = 30
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
_state = {"broker_down_until": 0.0}


def enqueue(task, /, **kwargs):
    transaction.on_commit(partial(send, task, **kwargs))


def send(task, /, **kwargs):
    """Send now (outside a transaction, or from an on_commit callback)."""
    if task.app.conf.task_always_eager:  # no broker involved: the task runs here, its errors are its own
        task.apply_async(kwargs=kwargs)
        return
    if time.monotonic() >= _state["broker_down_until"]:
        try:
            task.apply_async(kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY)
            _state["broker_down_until"] = 0.0
            return
        except Exception as error:  # kombu.OperationalError, redis ConnectionError...: the broker is away
            logger.warning("task %s not queued (broker unavailable: %s); running it in the request", task.name, error)
            _state["broker_down_until"] = time.monotonic() + RETRY_AFTER
    try:
        task.apply(kwargs=kwargs, throw=True)
    except Exception:
        logger.exception("task %s failed while running in the request", task.name)
