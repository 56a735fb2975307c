"""Anonymous pages with and without the page cache (apps/core/pagecache.py): median and p95 in ms of a miss (the
page rendered and stored) and of a hit, with the query count of each, on the database DATABASE_URL names (the demo
town of `manage.py seed_demo`, say). It reads only; with REDIS_URL the pages go to that Redis (its db number: use
your own), otherwise to this process's memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/pagecache.py
    BENCH_RUNS=50 REDIS_URL=redis://127.0.0.1:6379/4 DATABASE_URL=... .venv/bin/python bench/pagecache.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from apps.core.pagecache import bump_site  # noqa: E402
from apps.proposals.models import Proposal  # noqa: E402
from apps.spaces.models import Process  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def pages():
    process = (
        Process.objects.filter(is_published=True, proposals__status=Proposal.Status.PUBLISHED)
        .distinct()
        .order_by("-pk")
        .first()
    )
    if process is None:
        print("skipped: no published process with proposals here (run manage.py seed_demo on this database first)")
        sys.exit(0)
    proposal = Proposal.objects.filter(process=process, status=Proposal.Status.PUBLISHED, hidden_at=None).first()
    listing = reverse("proposals:list", kwargs={"slug": process.slug})
    return [
        ("home", reverse("spaces:home")),
        ("process", reverse("spaces:process_detail", kwargs={"slug": process.slug})),
        ("proposal list (most supported)", f"{listing}?order=supports"),
        ("proposal list, page 2 (newest)", f"{listing}?order=recent&page=2"),
        ("proposal", proposal.get_absolute_url()),
    ]


def timed(url, *, miss):
    if miss:
        bump_site()  # every page misses once
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    expected = "miss" if miss else "hit"
    if response.headers.get("X-Cache") != expected:
        sys.exit(f"{url}: X-Cache {response.headers.get('X-Cache')!r}, expected {expected!r} (PAGE_CACHE off?)")
    return elapsed, len(queries)


def summary(samples):
    times = sorted(t for t, _q in samples)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"{statistics.median(times):7.1f} {p95:7.1f} {max(q for _t, q in samples):4d}"


def main():
    backend = connection.vendor
    cache = "redis" if os.environ.get("REDIS_URL") else "local memory"
    print(f"database: {backend}, cache: {cache}, {RUNS} runs per page and case")
    print(f"{'page':34} {'miss: median  p95  queries':>28}   {'hit: median  p95  queries':>26}")
    for name, url in pages():
        Client().get(url)  # warm-up (templates, connections)
        misses = [timed(url, miss=True) for _ in range(RUNS)]
        Client().get(url)
        hits = [timed(url, miss=False) for _ in range(RUNS)]
        print(f"{name:34} {summary(misses):>28}   {summary(hits):>26}")


if __name__ == "__main__":
    main()
