from celery import shared_task

from apps.core.tasks import MAIL_ERRORS, RETRY_POLICY

from .emails import receipt_message
from .models import Ballot


@shared_task(autoretry_for=MAIL_ERRORS, **RETRY_POLICY)
def send_ballot_receipt(*, ballot_id, changed=False):
    ballot = Ballot.objects.select_related("voter", "budget__process").filter(pk=ballot_id).first()
    if ballot is None or ballot.voter is None or not ballot.receipt_code or ballot.voter.deleted_at:
        return
    receipt_message(ballot, changed=changed).send()
