"""The demo looks like a real town's: content in Spanish too, comments written over the days after each
proposal, theme pages that add to their summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from apps.comments.models import Comment
from apps.proposals.models import Proposal
from apps.spaces.models import Phase, Process, ProcessPage, SitePage
from apps.taxonomy.models import Category, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent


def test_the_demo_content_exists_in_spanish(demo):
    for model, field in ((Process, "title"), (Process, "short_description"), (Phase, "title"),
                         (ProcessPage, "title"), (ProcessPage, "body"), (SitePage, "title"), (SitePage, "body"),
                         (Category, "name"), (Theme, "title"), (Theme, "summary")):
        missing = model.objects.filter(**{f"{field}_es": ""}) | model.objects.filter(**{f"{field}_es": None})
        assert not missing.exists(), f"{model.__name__}.{field}: {list(missing)}"
    with translation.override("es"):
        assert Process.objects.get(slug="budget-participatif-2026").title.startswith("Presupuesto participativo")
    # A few ideas of the consultation are written in Spanish by residents.
    assert Proposal.objects.filter(process__slug="consultation-ville-de-demain", title__startswith="Más ").exists()


def test_comments_are_spread_over_the_days_after_each_proposal(demo):
    comments = list(Comment.objects.select_related(None).all())
    assert len(comments) >= 5
    days = {comment.created_at.date() for comment in comments}
    assert len(days) >= 3, days
    now = timezone.now()
    for comment in comments:
        target = Proposal.objects.get(pk=comment.object_id)
        assert target.published_at <= comment.created_at <= now
        if comment.parent_id:
            assert comment.created_at > Comment.objects.get(pk=comment.parent_id).created_at


def test_theme_pages_do_not_repeat_their_summary(demo):
    for theme in Theme.objects.all():
        assert theme.summary_fr not in theme.description_fr


def test_the_demo_people_joined_before_what_they_did(demo):
    from apps.accounts.models import User

    camille = User.objects.get(nickname="camille")
    first = Proposal.objects.filter(author=camille).order_by("published_at").first()
    assert camille.date_joined < first.published_at
    for process in Process.objects.all():
        assert camille.date_joined.date() < min(phase.start_date for phase in process.phases.all())
