"""Public statistics and open data (issue 14, sections 1 and 2): only what an anonymous visitor may see reaches
them (no draft, nothing hidden, no blocked user's hidden content, nothing of an unpublished process), no
demographic group under 10 people is shown, the zip parses back with its documented columns, and the statistics
page reads a constant number of queries."""

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Demographics
from apps.budgets.models import Channel, Participation
from apps.comments.models import Comment
from apps.proposals.models import Proposal
from apps.stats import registry, selectors, services
from apps.stats.models import Licence, OpenDataBuild, OpenDataSettings, StatsSnapshot
from tests.budgets.adm_helpers import closed_vote_process, confirmed_ballot
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    CommentFactory,
    PhaseFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _zip(client, process):
    response = client.get(f"/en/processes/{process.slug}/open-data.zip")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _csv(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


@pytest.fixture
def world():
    process = ProcessFactory()
    PhaseFactory(process=process)
    category = CategoryFactory(process=process, name_en="Nature", name_fr="Nature", name_es="Naturaleza")
    author, other = UserFactory(nickname="alice_pub"), UserFactory(nickname="bob_pub", display_name="Robert Secret")
    shown = ProposalFactory(process=process, author=author, category=category, title="Shown proposal")
    withdrawn = ProposalFactory(
        process=process, author=author, title="Withdrawn proposal", status=Proposal.Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
    )
    ProposalFactory(
        process=process, author=author, title="Draft proposal", status=Proposal.Status.DRAFT, published_at=None,
        reference=None,
    )
    hidden = ProposalFactory(process=process, author=other, title="Hidden proposal")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="spam")
    # A blocked participant: moderation hides their content (the contract's set_hidden), so it never shows.
    blocked = UserFactory(nickname="blocked_one", blocked_at=timezone.now())
    blocked_proposal = ProposalFactory(process=process, author=blocked, title="Blocked author's proposal")
    Proposal.objects.filter(pk=blocked_proposal.pk).update(hidden_at=timezone.now())
    SupportFactory(proposal=shown, user=other)
    Proposal.objects.filter(pk=shown.pk).update(support_count=1)  # the supports service keeps it; the factory does not
    SupportFactory(proposal=hidden, user=author)  # on a hidden proposal: not counted
    CommentFactory(target=shown, author=other, body="A visible comment")
    hidden_comment = CommentFactory(target=shown, author=other, body="A hidden comment")
    Comment.objects.filter(pk=hidden_comment.pk).update(hidden_at=timezone.now())
    deleted = CommentFactory(target=shown, author=other, body="A deleted comment")
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    CommentFactory(target=hidden, author=author, body="A comment on a hidden proposal")
    return {"process": process, "shown": shown, "withdrawn": withdrawn, "author": author, "other": other}


def test_statistics_count_only_what_anybody_may_see(client, world):
    process = world["process"]
    services.stats_refresh(process=process)
    totals = selectors.snapshot_of(process).data["totals"]
    # Shown and withdrawn (withdrawn proposals stay public here); no draft, nothing hidden.
    assert totals["proposals"] == 2
    assert totals["supports"] == 1
    assert totals["comments"] == 1
    # alice (author of public proposals) and bob (supporter, commenter): the blocked author is not counted.
    assert totals["participants"] == 2
    page = client.get(f"/en/processes/{process.slug}/statistics/").content.decode()
    assert 'data-figure="proposals"' in page and "Figures as of" in page
    assert "Nature" in page  # proposals by category, chart and table
    assert "Hidden proposal" not in page


def test_open_data_holds_only_public_content_and_nicknames(client, world):
    process = world["process"]
    services.opendata_build(process=process)
    archive = _zip(client, process)
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for secret in (
        "Draft proposal", "Hidden proposal", "Blocked author's proposal", "A hidden comment", "A deleted comment",
        "A comment on a hidden proposal", "Robert Secret", "@example", "blocked_one",
    ):
        assert secret not in everything, secret
    proposals = _csv(archive, "proposals.csv")
    assert {row["title"] for row in proposals} == {"Shown proposal", "Withdrawn proposal"}
    assert {row["author"] for row in proposals} == {"alice_pub"}
    shown = next(row for row in proposals if row["title"] == "Shown proposal")
    assert shown["supports"] == "1" and shown["category"] == "Nature"
    comments = _csv(archive, "comments.csv")
    assert [(row["author"], row["body"], row["target_type"]) for row in comments] == [
        ("bob_pub", "A visible comment", "proposal")
    ]


def test_the_zip_parses_back_with_its_documented_columns(client, world):
    process = world["process"]
    services.opendata_build(process=process)
    archive = _zip(client, process)
    readme = archive.read("README.md").decode("utf-8")
    assert "Licence Ouverte" in readme or "ODbL" in readme
    for dataset in registry.datasets():
        header = next(csv.reader(io.StringIO(archive.read(f"{dataset.key}.csv").decode("utf-8"))))
        assert header == dataset.column_names
        rows = json.loads(archive.read(f"{dataset.key}.json"))
        assert isinstance(rows, list)
        assert all(list(row) == dataset.column_names for row in rows)
        assert len(rows) == len(_csv(archive, f"{dataset.key}.csv"))
        for name in dataset.column_names:
            assert f"| `{name}` |" in readme, (dataset.key, name)
    assert "LICENCE.txt" in archive.namelist()


def test_the_zip_is_rebuilt_only_when_the_data_or_the_licence_changes(world):
    process = world["process"]
    first = services.opendata_build(process=process)
    again = services.opendata_build(process=process)
    assert again.sha256 == first.sha256 and again.built_at == first.built_at
    ProposalFactory(process=process, title="A new public proposal")
    rebuilt = services.opendata_build(process=process)
    assert rebuilt.built_at > first.built_at and rebuilt.counts["proposals"] == 3
    OpenDataSettings.objects.create(licence=Licence.CC0, attribution="Ville test")
    relicensed = services.opendata_build(process=process)
    assert relicensed.fingerprint != rebuilt.fingerprint
    assert OpenDataBuild.objects.count() == 1


def test_the_open_data_page_shows_the_licence_and_the_columns(client, world):
    process = world["process"]
    OpenDataSettings.objects.create(licence=Licence.ETALAB, attribution="Ville de Test")
    services.opendata_build(process=process)
    page = client.get(f"/en/processes/{process.slug}/open-data/").content.decode()
    assert "Licence Ouverte" in page and "Ville de Test" in page
    assert f"/en/processes/{process.slug}/open-data.zip" in page
    assert "<code>published_at</code>" in page


def test_an_unpublished_process_has_no_statistics_nor_open_data(client):
    process = ProcessFactory(is_published=False)
    ProposalFactory(process=process, title="Secret")
    for path in ("statistics/", "open-data/", "open-data.zip"):
        assert client.get(f"/en/processes/{process.slug}/{path}").status_code == 404
    assert services.stats_refresh(process=process) is None
    assert services.opendata_build(process=process) is None


def test_the_site_statistics_count_each_participant_once(client, world):
    second = ProcessFactory()
    PhaseFactory(process=second)
    ProposalFactory(process=second, author=world["author"])
    services.stats_refresh_all()
    site = selectors.site_snapshot().data
    assert site["totals"]["proposals"] == 3
    assert site["totals"]["participants"] == 2
    page = client.get("/en/statistics/").content.decode()
    assert "Participants per process" in page
    assert StatsSnapshot.objects.filter(process=second).exists()


# -- the vote: k-anonymity and the Pabulib files ---------------------------------------------------------------------


def vote_of(budget, project, *, channel=Channel.ONLINE, gender="", when=None):
    voter = UserFactory()
    if gender:
        Demographics.objects.create(user=voter, gender=gender)
    ballot = confirmed_ballot(budget, [project], voter=voter, channel=channel, when=when)
    Participation.objects.create(budget=budget, user=voter, channel=channel, ballot=ballot)
    return voter


@pytest.fixture
def vote():
    process = closed_vote_process()
    budget = BudgetFactory(process=process, title_en="Whole city", population=1000)
    park = ProjectFactory(budget=budget, title_en="Park", title_fr="Parc")
    yesterday = timezone.now() - timedelta(days=1)
    for _ in range(12):
        vote_of(budget, park, gender=Demographics.Gender.WOMAN, when=yesterday)
    for _ in range(11):
        vote_of(budget, park, gender=Demographics.Gender.MAN)
    for _ in range(9):  # nine: never shown
        vote_of(budget, park, channel=Channel.ASSISTED, gender=Demographics.Gender.NON_BINARY)
    return {"process": process, "budget": budget, "park": park}


def test_a_group_of_nine_is_never_shown(client, vote):
    process = vote["process"]
    services.stats_refresh(process=process)
    data = selectors.snapshot_of(process).data
    assert data["totals"]["ballots"] == 32
    assert data["turnout"][0]["percent"] == 3.2
    page = client.get(f"/en/processes/{process.slug}/statistics/").content.decode()
    assert "Non-binary" not in page
    for table in re.findall(r'<table[^>]*data-testid="stats-demographics-\w+".*?</table>', page, re.S):
        for count in re.findall(r'<td class="text-end">(\d+)</td>', table):
            assert int(count) >= 10
    assert "Ballots by channel" in page and "Assisted (in person)" in page


def test_a_lone_small_group_says_fewer_than_ten(client):
    process = closed_vote_process()
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget)
    for _ in range(7):
        vote_of(budget, project, gender=Demographics.Gender.WOMAN)
    services.stats_refresh(process=process)
    page = client.get(f"/en/processes/{process.slug}/statistics/").content.decode()
    assert "fewer than 10" in page
    for table in re.findall(r'<table[^>]*data-testid="stats-demographics-\w+".*?</table>', page, re.S):
        assert not re.findall(r'<td class="text-end">(\d+)</td>', table)


def test_no_ballot_figure_while_the_vote_is_open(client):
    from tests.budgets.adm_helpers import voting_process

    process = voting_process()
    budget = BudgetFactory(process=process)
    vote_of(budget, ProjectFactory(budget=budget))
    services.stats_refresh(process=process)
    data = selectors.snapshot_of(process).data
    assert "ballots" not in data["totals"] and data["demographics"] is None
    assert data["totals"]["participants"] == 0


def test_published_ballots_are_in_the_zip_and_linked(client, vote):
    from tests.budgets.adm_helpers import admin_of
    from tests.budgets.transparency_helpers import publish

    budget = vote["budget"]
    publication = publish(budget, admin_of(vote["process"]))
    services.opendata_build(process=vote["process"])
    archive = _zip(client, vote["process"])
    name = f"ballots/{vote['process'].slug}-{budget.pk}.pb"
    assert archive.read(name).decode("utf-8") == publication.pabulib_text
    projects = _csv(archive, "budget_projects.csv")
    # Titles in the site's language (French).
    assert [(row["title"], row["votes"], row["selected"]) for row in projects] == [("Parc", "32", "true")]
    page = client.get(f"/en/processes/{vote['process'].slug}/open-data/").content.decode()
    assert f"/vote/{budget.pk}/results/ballots.pb" in page and publication.pabulib_sha256 in page


# -- speed: the page reads the snapshot -------------------------------------------------------------------------------


def test_the_statistics_page_reads_a_constant_number_of_queries(client, vote):
    process = vote["process"]
    services.stats_refresh(process=process)
    url = f"/en/processes/{process.slug}/statistics/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(15):
        vote_of(vote["budget"], vote["park"], gender=Demographics.Gender.MAN)
    for _ in range(5):
        ProposalFactory(process=process, category=CategoryFactory(process=process))
    services.stats_refresh(process=process)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 4, [q["sql"] for q in large]


def test_a_page_without_a_snapshot_asks_for_one_and_a_stale_one_is_refreshed(
    client, world, django_capture_on_commit_callbacks, settings
):
    process = world["process"]
    url = f"/en/processes/{process.slug}/statistics/"
    # The test's transaction holds the task until the view has answered (outside one, it runs before the view
    # reads the snapshot again, as eager Celery does under `make run`).
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(url).content.decode()
    assert 'data-testid="stats-pending"' in page
    assert 'data-figure="proposals"' in client.get(url).content.decode()
    first = selectors.snapshot_of(process)
    assert first.data["totals"]["proposals"] == 2
    ProposalFactory(process=process, title="One more")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    assert selectors.snapshot_of(process).computed_at == first.computed_at  # fresh enough: not recomputed
    StatsSnapshot.objects.filter(pk=first.pk).update(computed_at=first.computed_at - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(url).content.decode()
    assert 'data-figure="proposals"' in page  # the old figures meanwhile, with their time
    assert selectors.snapshot_of(process).data["totals"]["proposals"] == 3
    assert "stats-refresh" in settings.CELERY_BEAT_SCHEDULE


def test_the_json_has_numbers_and_utc_times(world):
    process = world["process"]
    Proposal.objects.filter(pk=world["shown"].pk).update(latitude="50.629200", longitude="3.057300")
    build = services.opendata_build(process=process)
    with build.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    rows = {row["title"]: row for row in json.loads(archive.read("proposals.json"))}
    shown = rows["Shown proposal"]
    assert shown["latitude"] == 50.6292 and shown["supports"] == 1 and shown["official"] is False
    assert shown["published_at"].endswith("Z")
