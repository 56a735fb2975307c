"""The process read by GETs from the page cache's store (pagecache.read_through): no process query on a page
rendered again, the rows read afresh after any bump of the site or the process, and never for writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.pagecache import bump_process, bump_site
from apps.proposals.models import Proposal
from apps.spaces.models import Process
from tests.factories import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

# The anonymous proposal page on a miss: the proposal (author, category, district..., whether it has co-authors and
# files), its events and the first page of its comments (a row more than a page: no count); its co-authors and its
# files each one query more when it has some. The process, phases, settings, themes, categories and pages are read
# from the cache.
PROPOSAL_PAGE_QUERIES = 3


@pytest.fixture
def read_cache(settings):
    settings.READ_CACHE = True


def _url(proposal):
    return reverse("proposals:detail", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_anonymous_proposal_page_reads_no_process_row_again(client, process, read_cache, django_assert_num_queries):
    proposal = ProposalFactory(process=process, category=CategoryFactory(process=process))
    client.get(_url(proposal))
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES):
        response = client.get(_url(proposal))
    assert proposal.title in response.content.decode()
    assert process.title in response.content.decode()


@pytest.mark.parametrize("bump", [lambda process: bump_site(), bump_process], ids=["site", "process"])
def test_a_bump_reads_the_process_afresh(client, process, read_cache, bump):
    proposal = ProposalFactory(process=process)
    client.get(_url(proposal))
    Process.objects.filter(pk=process.pk).update(title="Budget des quartiers renommé")
    assert "Budget des quartiers renommé" not in client.get(_url(proposal)).content.decode()
    bump(process)
    assert "Budget des quartiers renommé" in client.get(_url(proposal)).content.decode()


def test_an_unpublished_process_is_still_refused(client, process, read_cache):
    proposal = ProposalFactory(process=process)
    client.get(_url(proposal))
    Process.objects.filter(pk=process.pk).update(is_published=False)
    bump_site()  # the admin's save does this
    assert client.get(_url(proposal)).status_code == 404


def test_off_reads_the_rows_each_time(client, process):
    proposal = ProposalFactory(process=process)
    client.get(_url(proposal))
    queries = _queries(client, _url(proposal))
    assert any('"spaces_process"' in sql and 'FROM "spaces_process"' in sql for sql in queries)
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_the_proposal_page_shows_the_events_anonymous_visitors_may_see(client, process, read_cache):
    from django.utils import timezone

    from apps.events.models import Event, EventProposal
    from tests.events.factories import EventFactory

    proposal = ProposalFactory(process=process)
    shown = EventFactory(process=process, title="Réunion publique du canal")
    hidden = EventFactory(process=process, title="Réunion masquée", hidden_at=timezone.now())
    draft = EventFactory(process=process, title="Réunion en brouillon", status=Event.Status.DRAFT)
    for event in (shown, hidden, draft):
        EventProposal.objects.create(event=event, proposal=proposal)
    client.get(_url(proposal))
    page = client.get(_url(proposal)).content.decode()
    assert "Réunion publique du canal" in page
    assert shown.get_absolute_url() in page
    assert "Réunion masquée" not in page
    assert "Réunion en brouillon" not in page


def test_the_proposal_page_lists_the_coauthors_without_a_query_each(client, process, read_cache):
    from tests.factories import UserFactory

    proposal = ProposalFactory(process=process)
    first, second = UserFactory(display_name="Awa Diallo"), UserFactory(display_name="Bruno Martin")
    proposal.coauthors.add(first, second)
    client.get(_url(proposal))
    queries = _queries(client, _url(proposal))
    assert len(queries) == PROPOSAL_PAGE_QUERIES + 1
    page = client.get(_url(proposal)).content.decode()
    assert 'data-testid="coauthors"' in page
    assert first.public_name in page and second.public_name in page


def test_a_settings_row_created_on_a_get_is_kept_with_the_process(
    client, process, read_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A process whose feature settings rows are missing (made outside the services) gets them on its first GET,
    and the kept copy of the process is made again with them: no settings query on the GETs that follow."""
    from apps.comments.models import CommentSettings
    from apps.supports.models import SupportSettings

    proposal = ProposalFactory(process=process)
    SupportSettings.objects.filter(process=process).delete()
    CommentSettings.objects.filter(process=process).delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url(proposal))
    assert SupportSettings.objects.filter(process=process).exists()
    assert CommentSettings.objects.filter(process=process).exists()
    client.get(_url(proposal))
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES):
        client.get(_url(proposal))


def test_the_proposal_page_reads_its_files_only_when_it_has_some(client, process, read_cache):
    from apps.proposals.models import ProposalAttachment

    proposal = ProposalFactory(process=process)
    client.get(_url(proposal))
    assert len(_queries(client, _url(proposal))) == PROPOSAL_PAGE_QUERIES
    ProposalAttachment.objects.create(
        proposal=proposal, kind="document", file="proposals/x/dossier.pdf", original_name="dossier-du-canal.pdf",
        content_type="application/pdf", size=10,
    )
    queries = _queries(client, _url(proposal))
    assert len(queries) == PROPOSAL_PAGE_QUERIES + 1
    assert "dossier-du-canal.pdf" in client.get(_url(proposal)).content.decode()
