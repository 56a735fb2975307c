"""Latency and query count of the public API's lists at city scale (50,000 proposals), on a throw-away test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api .venv/bin/python bench/api.py
    BENCH_RUNS=50 BENCH_PROPOSALS=100000 DATABASE_URL=... .venv/bin/python bench/api.py
    .venv/bin/python bench/api.py                     # SQLite (in memory), for a quick look

Builds the data set with `manage.py seed_load` (BENCH_PROPOSALS proposals, 20,000 residents, supports and
threaded comments in proportion), then asks the API through Django's test client (the whole request/response
cycle in-process: no network), as an anonymous client, for pages of 100: proposals in each order, with the
list's filters, comments, and a proposal. For each URL it prints the median and p95 wall time of BENCH_RUNS runs
(after two warm-up calls), the medians of this process's CPU time and of the time spent in the database (on a
busy machine the wall time also holds the wait for a core), the query count and the rows; then the first list
once more with its count not cached. The rate limit is lifted for the run.
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "50000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def build():
    scale = PROPOSALS / 50_000
    call_command(
        "seed_load",
        proposals=PROPOSALS,
        users=max(1000, int(20_000 * scale)),
        supports=int(500_000 * scale),
        comments=int(200_000 * scale),
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )


def measure(client, url):
    """(median wall ms, p95 wall ms, median Python CPU ms, median database ms, queries, rows) of RUNS calls."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    walls, cpus, dbs = [], [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        dbs.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200
    data = response.json()
    rows = len(data["results"]) if "results" in data else 1
    walls.sort()
    p95 = walls[max(0, int(len(walls) * 0.95) - 1)]
    return statistics.median(walls), p95, statistics.median(cpus), statistics.median(dbs), len(queries), rows


def row(url, median, p95, cpu, db, queries, rows):
    return f"{url:<78} {median:>7.1f} {p95:>7.1f} {cpu:>6.1f} {db:>6.1f} {queries:>7} {rows:>4}"


def main():
    from django.test import Client

    from apps.comments.models import Comment
    from apps.proposals.models import Proposal
    from apps.taxonomy.models import Category

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.API_RATE_LIMIT = "1000000/min"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        build()
        shown = Proposal.objects.shown().count()
        print(
            f"database: {connection.vendor}; {Proposal.objects.count():,} proposals ({shown:,} listed), "
            f"{Comment.objects.count():,} comments, built in {time.perf_counter() - start:.1f} s; {RUNS} runs each"
        )
        process = Proposal.objects.values_list("process__slug", flat=True).first()
        category = Category.objects.filter(process__slug=process, parent__isnull=True).values_list("pk", flat=True)[0]
        proposal = Proposal.objects.shown().order_by("-support_count").values_list("pk", flat=True)[0]
        urls = [
            "/api/v1/proposals/?limit=100",
            "/api/v1/proposals/?limit=100&offset=20000",
            f"/api/v1/proposals/?limit=100&process={process}&order=supports",
            f"/api/v1/proposals/?limit=100&process={process}&order=comments&lang=en",
            f"/api/v1/proposals/?limit=100&process={process}&category={category}",
            f"/api/v1/proposals/?limit=100&process={process}&q=arbres",
            "/api/v1/comments/?limit=100",
            f"/api/v1/comments/?limit=100&target_type=proposal&target_id={proposal}",
            f"/api/v1/proposals/{proposal}/",
        ]
        client = Client()
        print(f"{'url':<78} {'median':>7} {'p95':>7} {'cpu':>6} {'db':>6} {'queries':>7} {'rows':>4}")
        for url in urls:
            print(row(url, *measure(client, url)))
        # The first call of a list counts it; later ones (any page) read the count from the cache.
        settings.API_COUNT_CACHE_SECONDS = 0
        print(row(urls[0] + " (count not cached)", *measure(client, urls[0])))
        print("ms: median and p95 wall time; cpu: this process's CPU time; db: time in the database (medians)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
