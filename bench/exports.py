"""Time and peak memory of the back-office exports of 50,000 proposals, on a throw-away test database.

    .venv/bin/python bench/exports.py                  # SQLite (in memory)
    BENCH_ROWS=100000 .venv/bin/python bench/exports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exports .venv/bin/python bench/exports.py

Builds one process with BENCH_ROWS published proposals (categories, authors, answers, counters filled), logs in
as the process's administrator and downloads the proposals export in each format through Django's test client
(the whole request/response cycle in-process), reading the response to the end. For each format it prints the
wall time (a run without tracing), the peak of Python allocations during the download (tracemalloc, a second
run) and the query count. The database itself is not counted in the peak: only what the export allocates.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))


def build():
    import random
    from datetime import timedelta

    from django.utils import timezone

    from apps.proposals.models import Proposal
    from apps.spaces.models import ProcessRole
    from tests.factories import CategoryFactory, PhaseFactory, ProcessFactory, ProcessRoleFactory, UserFactory

    random.seed(1)
    process = ProcessFactory(slug="bench")
    PhaseFactory(process=process)
    categories = [CategoryFactory(process=process) for _ in range(8)]
    users = [UserFactory() for _ in range(200)]
    now = timezone.now()
    batch = []
    for i in range(ROWS):
        batch.append(
            Proposal(
                process=process,
                author=random.choice(users),
                title=f"Proposition de quartier numéro {i}",
                body="Des bancs, des arbres et de l'ombre le long du canal. " * 5,
                category=random.choice(categories),
                status=Proposal.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                reference=f"PB-2026-{i:06d}",
                support_count=random.randint(0, 300),
                comment_count=random.randint(0, 40),
                answer="Merci : votre idée est à l'étude par les services de la ville." if i % 3 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Proposal.objects.bulk_create(batch)
            batch = []
    Proposal.objects.bulk_create(batch)
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    return process, admin


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def main():
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        process, admin = build()
        print(f"database: {connection.vendor}; {ROWS:,} proposals built in {time.perf_counter() - start:.1f} s")
        client = Client()
        client.force_login(admin)
        print(f"{'format':<6} {'time s':>8} {'peak MB (tracemalloc)':>22} {'file MB':>8} {'queries':>8}")
        for fmt in ("xlsx", "csv", "json"):
            url = f"/en/backoffice/processes/{process.slug}/export/proposals.{fmt}"
            start = time.perf_counter()
            size = download(client, url)
            elapsed = time.perf_counter() - start
            tracemalloc.start()
            with CaptureQueriesContext(connection) as queries:
                download(client, url)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{fmt:<6} {elapsed:>8.1f} {peak / 1024 / 1024:>22.1f} {size / 1024 / 1024:>8.1f} {len(queries):>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
