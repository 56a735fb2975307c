"""The demo looks like a real town's: content in Spanish too, comments written over the days after each
proposal, theme pages that add to their summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone, translation
from modeltranslation.translator import translator

from apps.comments.models import Comment
from apps.events.models import Event
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


def _filled(column):
    return ~Q(**{f"{column}__isnull": True}) & ~Q(**{column: ""})


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


# Residents' own content is written in one language by design: an event a participant created is not translated.
RESIDENTS_CONTENT = {Event: Q(is_official=False)}


def test_no_demo_text_is_in_english_without_its_spanish(demo):
    """Every translated text the demo writes in English has its Spanish too: a Spanish page never shows the
    English fallback of an official text (an event, a result's timeline, a feasibility answer, a newsletter...)."""
    checked, missing = 0, []
    for model in translator.get_registered_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        rows = model.objects.exclude(RESIDENTS_CONTENT[model]) if model in RESIDENTS_CONTENT else model.objects.all()
        for field in translator.get_options_for_model(model).fields:
            checked += rows.filter(_filled(f"{field}_en")).count()
            gaps = rows.filter(_filled(f"{field}_en") & _empty(f"{field}_es")).values_list("pk", f"{field}_en")
            missing += [f"{model.__name__}.{field} #{pk}: {text[:60]!r}" for pk, text in gaps]
    assert checked > 100  # the check has texts to look at
    assert not missing, "\n".join(missing)


def test_a_demo_seeded_without_spanish_gets_it_and_keeps_what_was_edited():
    """On a database seeded before the demo had its Spanish texts, a rerun fills the empty ones only."""
    from apps.newsletters.models import Newsletter
    from apps.proposals.models import Review
    from apps.results.models import Result, ResultStatus, TimelineEntry

    call_command("seed_demo", stdout=StringIO())
    Event.objects.update(title_es="", description_es="", location_hints_es="", registration_question_es="",
                         closing_report_es="")
    ResultStatus.objects.update(description_es="")
    Result.objects.filter(parent__isnull=False).update(title_es="")
    TimelineEntry.objects.update(title_es="", description_es="")
    Review.objects.update(public_answer_es="")
    Newsletter.objects.filter(status="draft").update(subject_es="", body_es="")
    edited = Event.objects.get(title_fr="Réunion publique de lancement")
    Event.objects.filter(pk=edited.pk).update(title_es="Reunión de lanzamiento (editada)")
    before = {model: model.objects.count() for model in (Event, ResultStatus, Result, TimelineEntry, Review)}

    call_command("seed_demo", stdout=StringIO())
    assert {model: model.objects.count() for model in before} == before
    with translation.override("es"):
        assert Event.objects.get(pk=edited.pk).title == "Reunión de lanzamiento (editada)"
        assert Event.objects.get(title_fr="Atelier d'idées aux Tilleuls").closing_report.startswith("<p>Veintitrés")
        assert ResultStatus.objects.filter(key="works").first().description == "Las obras han comenzado."
    assert not TimelineEntry.objects.filter(title_es="").exists()
    assert not Result.objects.filter(title_es="").exists()
    assert not Review.objects.exclude(public_answer_fr="").filter(public_answer_es="").exists()
    assert Newsletter.objects.get(status="draft").subject_es.startswith("Taller del presupuesto participativo")


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


def test_the_demo_town_has_no_landmark_of_a_real_city(demo):
    """Villeneuve-sur-Lys is imaginary: its results tracking showed Lille's « Parc de la Citadelle » and its past vote
    Roubaix's « parc Barbieux »."""
    from apps.budgets.models import Project
    from apps.results.models import Result

    texts = [" ".join(filter(None, row)) for row in Project.objects.values_list("title_fr", "title_en", "title_es")]
    texts += [" ".join(filter(None, row)) for row in Result.objects.values_list("title_fr", "address")]
    landmarks = ("Barbieux", "Citadelle", "Wazemmes", "Lille", "Roubaix")
    assert [text for text in texts if any(name in text for name in landmarks)] == []
