"""Latency and query count of the busiest pages, on a throw-away test database.

    .venv/bin/python bench/pages.py                 # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/pages.py
    BENCH_PROPOSALS=50000 BENCH_RUNS=10 DATABASE_URL=... .venv/bin/python bench/pages.py

Builds one process with BENCH_PROPOSALS (2,000) published proposals (supports and comments counters filled,
bulk-created) and a proposal with a 1,000-comment thread, runs ANALYZE on PostgreSQL, then times each page
BENCH_RUNS (20) times with Django's test client (the whole request/response cycle in-process, no network) and
prints median / p95, the query count, the SQL time of one of those requests and (PostgreSQL) the buffers its
SELECTs touch: the work done, which a busy shared machine does not inflate.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "2000"))


def build():
    import random
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from apps.comments.models import Comment
    from apps.proposals.models import Proposal
    from apps.supports.models import Support
    from tests.factories import CategoryFactory, PhaseFactory, ProcessFactory, UserFactory

    random.seed(1)
    process = ProcessFactory(slug="bench")
    PhaseFactory(process=process)
    categories = [CategoryFactory(process=process) for _ in range(6)]
    users = [UserFactory() for _ in range(50)]
    now = timezone.now()
    Proposal.objects.bulk_create(
        (
            Proposal(
                process=process,
                author=random.choice(users),
                title=f"Proposition de quartier numéro {i}",
                body="Des bancs, des arbres et de l'ombre le long du canal. " * 5,
                category=random.choice(categories),
                # one in 30 withdrawn, so the status filter has something to find
                status=Proposal.Status.WITHDRAWN if i % 30 == 29 else Proposal.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                reference=f"PB-2026-{i:05d}",
                support_count=random.randint(0, 300),
                comment_count=random.randint(0, 40),
            )
            for i in range(PROPOSALS)
        ),
        batch_size=5000,
    )
    proposal = Proposal.objects.filter(process=process).order_by("pk").first()
    Support.objects.bulk_create(  # never by the author: the database refuses that
        Support(user=u, proposal=proposal, process=process) for u in users[:21] if u.pk != proposal.author_id
    )
    content_type = ContentType.objects.get_for_model(Proposal)
    top = Comment.objects.bulk_create(
        Comment(
            content_type=content_type, object_id=proposal.pk, process=process, author=random.choice(users),
            body=f"Commentaire {i} : bonne idée, mais pensez à l'entretien.", opinion="in_favour", depth=0,
        )
        for i in range(400)
    )
    Comment.objects.bulk_create(
        Comment(
            content_type=content_type, object_id=proposal.pk, process=process, author=random.choice(users),
            body=f"Réponse {i}", opinion="neutral", depth=1, parent=top[i % len(top)],
        )
        for i in range(600)
    )
    for parent in top:
        Comment.objects.filter(pk=parent.pk).update(reply_count=Comment.objects.filter(parent=parent).count())
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them on a live site
            # BENCH_VACUUM=1: VACUUM too, which sets the visibility map, so counts can read indexes alone.
            cursor.execute("VACUUM ANALYZE" if os.environ.get("BENCH_VACUUM") else "ANALYZE")
    return process, proposal, users[0], categories[0]


def measure(client, url):
    client.get(url)  # warm caches and templates
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000  # that one request's SQL
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries), sql_ms, work(queries)


def work(queries):
    """PostgreSQL: the 8 kB buffers the request's SELECTs touch (EXPLAIN ANALYZE BUFFERS, run again), the work done
    whatever else the machine is doing; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    blocks = 0
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0]
            plan = plan[0]["Plan"] if isinstance(plan, list) else plan
            blocks += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return blocks


def main():
    from django.test import Client

    # Not setup_test_environment(): it instruments template rendering, which would inflate the timings.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        process, proposal, user, category = build()
        anonymous, member = Client(), Client()
        member.force_login(user)
        listing = f"/fr/processes/{process.slug}/proposals/"
        pages = [
            ("home", "/fr/"),
            ("proposal list, newest", f"{listing}?order=recent"),
            ("proposal list, random", f"{listing}?order=random"),
            ("proposal list, random, page 40", f"{listing}?order=random&page=40"),
            ("proposal list, most supported", f"{listing}?order=supports"),
            ("proposal list, most commented", f"{listing}?order=comments"),
            ("proposal list, a category, newest", f"{listing}?category={category.pk}&order=recent"),
            ("proposal list, withdrawn, newest", f"{listing}?status=withdrawn&order=recent"),
            ("proposal list, text search", f"{listing}?q=canal"),
            ("proposal page + 1,000-comment thread", f"{listing}{proposal.pk}/"),
        ]
        print(f"database: {connection.vendor}, proposals: {PROPOSALS:,}, runs per page: {RUNS}")
        print(
            f"{'page':<42} {'visitor':<10} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'SQL ms':>7} {'buffers':>8}"
        )
        for label, url in pages:
            for who, client in (("anonymous", anonymous), ("signed in", member)):
                median, p95, queries, sql_ms, blocks = measure(client, url)
                blocks = "-" if blocks is None else blocks
                print(f"{label:<42} {who:<10} {median:>10.1f} {p95:>8.1f} {queries:>8} {sql_ms:>7.1f} {blocks:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
