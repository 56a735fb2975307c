"""CappedPaginator: long lists count at most LIST_COUNT_CAP rows (or a few pages past the one asked for), say
"1,000+" and keep their page links; the audit log uses it."""

import re

import pytest

from apps.core.models import AuditEntry
from apps.core.pagination import CappedPaginator, count_limit, ranking_window
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory


def test_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(45)), 10, page=1, cap=100)
    assert paginator.count == 45 and not paginator.capped
    assert paginator.page_links(1) == [1, 2, 3, 4, 5]


def test_long_list_stops_counting_and_links_past_the_page():
    paginator = CappedPaginator(list(range(500)), 10, page=1, cap=100)
    assert paginator.get_page().number == 1
    assert paginator.capped and paginator.count == 100
    assert paginator.page_links(1) == [1, 2, 3, 4, paginator.ELLIPSIS]
    deep = CappedPaginator(list(range(500)), 10, page=20, cap=100)
    page = deep.get_page()
    assert page.number == 20 and list(page.object_list) == list(range(190, 200)) and page.has_next()
    assert deep.capped and deep.count == 230  # (20 + 3) pages known
    assert deep.page_links(20) == [1, 2, deep.ELLIPSIS, 17, 18, 19, 20, 21, 22, 23, deep.ELLIPSIS]


def test_a_ranked_list_ranks_every_row_the_count_promises_in_windows_shared_by_pages():
    # A cap of 1,000 and pages of 20: pages 1-47 count at most 1,000 rows and share a window of 1,001.
    assert {ranking_window(page, 20, cap=1000) for page in range(1, 48)} == {1001}
    assert ranking_window("nonsense", 20, cap=1000) == 1001
    assert ranking_window(48, 20, cap=1000) == ranking_window(97, 20, cap=1000) == 2001
    for page in (1, 47, 48, 60, 500):
        assert ranking_window(page, 20, cap=1000) > count_limit(page, 20, cap=1000)


def test_pages_past_the_end_and_nonsense_fall_back_like_get_page():
    assert CappedPaginator(list(range(30)), 10, page=9, cap=5).get_page().number == 3
    assert CappedPaginator(list(range(30)), 10, page="abc", cap=5).get_page().number == 1
    assert CappedPaginator(list(range(30)), 10, page="-2", cap=5).get_page().number == 1


@pytest.mark.django_db
def test_audit_log_says_cap_plus_for_a_process_administrator(client, settings):
    settings.LIST_COUNT_CAP = 60
    process = ProcessFactory()
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    AuditEntry.objects.bulk_create(
        AuditEntry(action="proposals.status_set", process_id=process.pk, data={"n": n}) for n in range(260)
    )
    client.force_login(admin)
    page = client.get("/en/backoffice/audit/").content.decode()
    assert re.search(r"\b60\+ entries", page)  # 4 pages of 50 known, 260 rows: capped
    assert "Page 1" in page and "Page 1 of" not in page and 'page=2"' in page
    last = client.get("/en/backoffice/audit/?page=6").content.decode()
    assert "260 entries" in last and "Page 6 of 6" in last


@pytest.mark.postgres
@pytest.mark.django_db
def test_audit_log_reads_an_index_at_50000_entries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    process, other = ProcessFactory(), ProcessFactory()
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(action="proposals.status_set", process_id=(process if n % 2 else other).pk, data={"n": n})
            for n in range(50_000)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_auditentry")
    client.force_login(admin)
    scans = []
    for url in ("/en/backoffice/audit/", "/en/backoffice/audit/?page=12"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        for query in captured.captured_queries:
            if '"core_auditentry"' in query["sql"]:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN {query['sql']}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                if "Seq Scan on core_auditentry" in plan:
                    scans.append(f"{url}\n{query['sql']}\n{plan}")
    assert not scans, "\n\n".join(scans)


def test_a_page_number_too_large_for_the_database_is_the_furthest_page_allowed():
    from apps.core.pagination import MAX_PAGE, requested_page

    assert requested_page("99999999999999999999999") == MAX_PAGE
    assert requested_page("-3") == 1 and requested_page("x") == 1 and requested_page("7") == 7
