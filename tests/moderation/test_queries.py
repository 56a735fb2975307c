"""The moderation queue costs the same number of queries for 10 and for 500 items (of every reportable kind)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.comments.models import Comment
from apps.moderation.models import ModeratedItem, Report
from apps.proposals.models import Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_items(process, n, reporter):
    """n items in the pending tab: a third proposals, a third comments, a third participants; each reported."""
    author = UserFactory()
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(process=process, author=author, title=f"Proposition numéro {i} pour la ville", body="Texte",
                 status="published", published_at=now)
        for i in range(n)
    )
    proposal_type = ContentType.objects.get_for_model(Proposal)
    comments = Comment.objects.bulk_create(
        Comment(content_type=proposal_type, object_id=proposals[0].pk, process=process, author=author,
                body=f"Commentaire {i}", opinion="neutral")
        for i in range(n)
    )
    items = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            target, item_process = proposals[i], process
        elif kind == 1:
            target, item_process = comments[i], process
        else:
            target, item_process = author, None
        items.append(ModeratedItem(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk + (i if kind == 2 else 0),
            process=item_process, author=author, url="/", report_count=1, last_reported_at=now,
        ))
    items = ModeratedItem.objects.bulk_create(items)
    Report.objects.bulk_create(Report(item=item, reporter=reporter, reason="spam") for item in items)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("name", ["queue", "participants"])
def test_the_queue_costs_the_same_for_10_and_500_items(client, process, moderator, name):
    reporter = UserFactory()
    client.force_login(moderator)
    url = reverse("moderation:queue", kwargs={"process_pk": process.pk}) if name == "queue" else reverse(
        "moderation:participants"
    )
    make_items(process, 10, reporter)
    queries_for(client, url)  # warm-up: the session and Django's content-type cache
    small, _response = queries_for(client, url)
    make_items(process, 490, reporter)
    large, response = queries_for(client, url)
    assert len(response.context["items"]) == min(50, ModeratedItem.objects.filter(
        process=process if name == "queue" else None).count())
    print(f"moderation {name}: {small} queries for 10 items, {large} for 500")
    assert small == large


def test_the_tabs_count_no_further_than_the_cap(client, process, moderator, settings):
    """Years of dismissed reports are not counted on every visit: each tab stops at LIST_COUNT_CAP ("5+")."""
    settings.LIST_COUNT_CAP = 5
    make_items(process, 9, UserFactory())  # 6 in the process's pending tab, 3 on participants
    client.force_login(moderator)
    _count, response = queries_for(client, reverse("moderation:queue", kwargs={"process_pk": process.pk}))
    tabs = {value: (count, capped) for value, _label, count, capped in response.context["tabs"]}
    assert tabs == {"pending": (5, True), "hidden": (0, False), "dismissed": (0, False)}
    assert len(response.context["items"]) == 6
    page = response.content.decode()
    assert '<span class="badge text-bg-secondary">5+</span>' in page
    assert '<span class="badge text-bg-secondary">0</span>' in page
