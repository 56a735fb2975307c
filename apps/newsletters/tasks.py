import time

from celery import shared_task
from django.db import OperationalError

from apps.core.tasks import RETRY_POLICY

from . import services

# Back-off after the mail server refused to talk (the batch's rows went back to `pending`).
TRANSIENT_PAUSE = 60


# One batch per run, then the next run is queued with a countdown that keeps NEWSLETTER_RATE_PER_MINUTE. acks_late
# and reject_on_worker_lost: a worker killed mid-batch gives its task back to the broker; running it again is safe,
# since a batch only ever takes `pending` rows (services.py explains why nobody gets a newsletter twice).
# With eager Celery (no broker: development, tests) the batches run one after the other, unpaced.
@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,),
    soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY_POLICY,
)
def send_newsletter_batch(self, *, newsletter_id):
    while True:
        started = time.monotonic()
        result = services.deliveries_send_batch(newsletter_id=newsletter_id)
        if result["finished"]:
            return result
        if result["transient_error"]:
            delay = TRANSIENT_PAUSE
        elif not result["claimed"]:
            # Another worker holds the last batch: the beat task (resume_stalled_newsletters) watches it.
            return result
        else:
            delay = services.next_batch_delay(sent_in_batch=result["claimed"], elapsed=time.monotonic() - started)
        if self.request.is_eager:
            if result["transient_error"]:
                return result  # no waiting inside a request: the beat task takes it up again
            continue
        send_newsletter_batch.apply_async(kwargs={"newsletter_id": newsletter_id}, countdown=delay)
        return result


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY)
def resume_stalled_newsletters():
    """Celery beat: newsletters whose sending stopped (a worker died with its task) are queued again."""
    for newsletter_id in services.newsletters_stalled():
        services.deliveries_recover_stale(newsletter_id=newsletter_id)
        for _chain in range(services.parallel_batches()):
            send_newsletter_batch.delay(newsletter_id=newsletter_id)
