"""manage.py seed_load: a small data set whose stored counters equal the rows, within the database's rules."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.test import Client
from django.utils.html import escape

from apps.comments.models import Comment
from apps.proposals.models import Proposal
from apps.spaces.models import Process
from apps.supports.models import Support

pytestmark = pytest.mark.django_db

SIZES = ["--proposals", "120", "--users", "60", "--supports", "900", "--comments", "300", "--seed", "7"]


def seed(*extra):
    out = StringIO()
    call_command("seed_load", *SIZES, *extra, stdout=out)
    return out.getvalue()


def test_builds_the_requested_rows_with_counters_equal_to_them():
    output = seed()
    process = Process.objects.get(slug="grande-echelle")
    proposals = Proposal.objects.filter(process=process)
    assert proposals.count() == 120
    assert Support.objects.filter(process=process).count() == 900
    assert Comment.objects.filter(process=process).count() == 300
    assert EmailAddress.objects.filter(email__endswith="@load.pbplatform.invalid", verified=True).count() == 60
    wrong_supports = proposals.annotate(n=Count("supports")).exclude(support_count=F("n"))
    assert not wrong_supports.exists()
    comments = Comment.objects.filter(hidden_at__isnull=True).values("object_id").annotate(n=Count("id"))
    per_proposal = {row["object_id"]: row["n"] for row in comments}
    assert {p.pk: p.comment_count for p in proposals if p.comment_count} == per_proposal
    replies = Comment.objects.annotate(n=Count("replies")).exclude(reply_count=F("n"))
    assert not replies.exists()
    assert not Support.objects.filter(user=F("proposal__author")).exists()
    assert not Support.objects.exclude(proposal__status=Proposal.Status.PUBLISHED).exists()
    assert Comment.objects.filter(depth=2).exists() and not Comment.objects.filter(depth__gt=2).exists()
    assert not Comment.objects.filter(~Q(parent__object_id=F("object_id")), parent__isnull=False).exists()
    # A field's callable default (the list's random order key) is drawn per row, not once for the whole COPY.
    assert proposals.values("random_key").distinct().count() > 100
    assert "load-budget-2026" in output and "/fr/processes/grande-echelle/" in output


def test_a_resident_signs_in_with_the_printed_password_and_sees_the_list():
    seed()
    client = Client()
    assert client.login(email="resident-000003@load.pbplatform.invalid", password="load-budget-2026")
    response = client.get("/fr/processes/grande-echelle/proposals/")
    assert response.status_code == 200
    page = response.content.decode()
    shown = [title for title in Proposal.objects.values_list("title", flat=True) if escape(title) in page]
    assert len(shown) >= 10


def test_the_same_seed_gives_the_same_texts():
    seed()
    first = list(Proposal.objects.order_by("pk").values_list("title", "body", "support_count")[:30])
    Support.objects.all().delete()
    Comment.objects.all().delete()
    Proposal.objects.all().delete()
    Process.objects.all().delete()
    EmailAddress.objects.all().delete()
    from django.contrib.auth import get_user_model

    get_user_model().objects.all().delete()
    seed()
    assert list(Proposal.objects.order_by("pk").values_list("title", "body", "support_count")[:30]) == first


def test_a_second_run_is_refused_and_changes_nothing():
    seed()
    with pytest.raises(CommandError, match="already holds a load data set"):
        seed()
    assert Proposal.objects.count() == 120 and Support.objects.count() == 900
