"""What an anonymous proposal page costs when the page cache misses, and when it hits, in-process: CPU time
(time.process_time) of Django's test client through the whole middleware stack with the production settings
load.py runs (bench/voting_load/settings.py), on the seed_load data (bench/load.py builds it), gzip accepted, a new
visitor each time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/page_miss.py
    BENCH_PROFILE=/tmp/page-miss.prof ...   # also a cProfile of the misses (pstats file), its top lines printed

- miss: BENCH_MISSES (300) proposal pages never asked for before in this run, from the tail of the popularity
  ranking (the pages a warm cache still misses), after 20 unmeasured ones; the queries per miss.
- miss, fragments warm: the same pages again after their page entries are gone but not the fragments kept under
  the same versions (what a signed-in visitor's reading or a comment's bump leaves).
- hit: the most supported proposal's page, BENCH_HITS (600) times, by the early path (no cookie).
Redis (REDIS_URL's database) is emptied first. Only reads the database.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voting_load.settings")

MISSES = int(os.environ.get("BENCH_MISSES", "300"))
HITS = int(os.environ.get("BENCH_HITS", "600"))
PROFILE = os.environ.get("BENCH_PROFILE")


def count_queries(connection, call):
    executed = []

    def counted(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        call()
    return len(executed)


def main():
    import django

    django.setup()
    import redis
    from django.db import connection
    from django.test import Client
    from django.utils import translation

    from apps.core import pagecache
    from apps.proposals.models import Proposal
    from apps.supports.management.commands.seed_load import SLUG

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    shown = Proposal.objects.filter(process__slug=SLUG).shown()
    ranked = list(shown.order_by("-support_count", "pk").values_list("pk", flat=True))
    if not ranked:
        sys.exit("no seed_load data in this database (bench/load.py builds it; DATABASE_URL names it)")
    with translation.override("fr"):
        url = Proposal.objects.get(pk=ranked[0]).get_absolute_url().replace(f"/{ranked[0]}/", "/{pk}/")
    tail = ranked[10000 : 10000 + MISSES + 20]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")

    def get(pk):
        client.cookies.clear()
        response = client.get(url.format(pk=pk))
        assert response.status_code == 200, response.status_code
        return response

    for pk in tail[:20]:
        get(pk)
    pages = tail[20:]
    queries = count_queries(connection, lambda: get(pages[0]))
    state = get(pages[1]).get("X-Cache")
    profiler = None
    if PROFILE:
        import cProfile

        profiler = cProfile.Profile()
    begin = time.process_time()
    if profiler:
        profiler.enable()
    for pk in pages[2:]:
        response = get(pk)
    if profiler:
        profiler.disable()
    miss = (time.process_time() - begin) * 1000 / len(pages[2:])
    size = len(response.content)
    print(f"miss: {miss:.2f} ms CPU per page ({len(pages) - 2} pages, {queries} queries, X-Cache {state}, "
          f"{size} bytes gzipped)")  # fmt: skip

    # The page entries gone, the fragments (if any) kept.
    cache = pagecache._cache()
    keys = cache._cache.get_client().keys("*pagecache:page:*")
    if keys:
        cache._cache.get_client().delete(*keys)
    warm_queries = count_queries(connection, lambda: get(pages[2]))
    begin = time.process_time()
    for pk in pages[3:]:
        get(pk)
    warm = (time.process_time() - begin) * 1000 / len(pages[3:])
    print(f"miss, fragments warm: {warm:.2f} ms CPU per page ({len(keys)} pages dropped; {warm_queries} queries)")

    top = url.format(pk=ranked[0])
    client.get(top)
    timings = []
    for _ in range(3):
        begin = time.process_time()
        for _ in range(HITS // 3):
            client.cookies.clear()
            response = client.get(top)
        timings.append((time.process_time() - begin) * 1000 / (HITS // 3))
    print(f"hit (early path): {min(timings):.2f} ms CPU per page (best of 3 x {HITS // 3}, X-Cache "
          f"{response.get('X-Cache')})")  # fmt: skip
    if profiler:
        import pstats

        profiler.dump_stats(PROFILE)
        stats = pstats.Stats(PROFILE)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
