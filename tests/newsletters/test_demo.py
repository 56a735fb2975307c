from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.newsletters.models import Newsletter
from apps.newsletters.selectors import delivery_figures, segment_size

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_sent_newsletter_with_figures_and_a_draft():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.filter(newsletter_opt_in=True).count() == 4
    sent = Newsletter.objects.get(status="sent")
    assert delivery_figures(newsletter=sent)["sent"] == 4 and sent.recipients_count == 4
    draft = Newsletter.objects.get(status="draft")
    assert draft.segment == "process" and draft.process.slug == "budget-participatif-2026"
    assert segment_size(newsletter=draft) == 4
    assert Newsletter.objects.count() == 2
