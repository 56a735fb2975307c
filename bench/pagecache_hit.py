"""What a cached page costs the server beside the health check, under gunicorn: CPU per request of one sync worker
(psutil: the master and its worker), requests one at a time from this process (a new connection each, as gunicorn's
sync workers close them).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/pagecache_hit.py

On the seed_load database bench/load.py built (its most supported proposal's page): the health check; the page
from the cache by the early path (no cookie; then a CSRF cookie), gzip accepted; and the same page through the
whole middleware stack (a session cookie that names no session: the early path leaves it to the normal one).
BENCH_REQUESTS (1,500) per case, best of two rounds. Redis's own CPU is not counted (tens of microseconds a GET).
"""

import http.client
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")

import voting  # noqa: E402 - gunicorn with the bench's production settings, the Django set-up

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1500"))


def main():
    import psutil

    try:
        voting.setup_django()  # migrates the database if need be, as load.py does
    except Exception as error:  # noqa: BLE001 - no such database, no PostgreSQL: nothing to measure
        print(f"skipped: {str(error).splitlines()[0]} (bench/load.py builds the database; DATABASE_URL names it)")
        return
    from django.conf import settings
    from django.db import DatabaseError
    from django.utils import translation

    from apps.proposals.models import Proposal
    from apps.supports.management.commands.seed_load import SLUG

    try:
        proposal = Proposal.objects.filter(process__slug=SLUG).order_by("-support_count", "pk").first()
    except DatabaseError:
        proposal = None
    if proposal is None:
        print("skipped: no seed_load data in this database (bench/load.py builds it; DATABASE_URL names it)")
        return
    with translation.override("fr"):
        page = proposal.get_absolute_url()
    port = voting.free_port()
    voting.WORKERS = 1
    server = voting.start_gunicorn(port)
    master = psutil.Process(server.pid)

    def cpu():
        times = [p.cpu_times() for p in [master, *master.children(recursive=True)]]
        return sum(t.user + t.system for t in times)

    def get(path, headers):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    cases = [
        ("health check", "/healthz", {}),
        ("cached page, early path, no cookie", page, {"Accept-Encoding": "gzip"}),
        ("cached page, early path, CSRF cookie", page, {"Accept-Encoding": "gzip", "Cookie": "csrftoken=" + "a" * 32}),
        ("cached page, whole stack", page, {"Accept-Encoding": "gzip", "Cookie": f"{settings.SESSION_COOKIE_NAME}=x"}),
    ]
    try:
        get(page, {})  # stored
        load = voting.load_average()
        print(f"== one gunicorn sync worker, {page}, {REQUESTS} requests a case, load average {load:.1f}")
        for name, path, headers in cases:
            best = None
            for _round in range(2):
                before = cpu()
                for _ in range(REQUESTS):
                    response = get(path, headers)
                spent = (cpu() - before) * 1000 / REQUESTS
                best = spent if best is None else min(best, spent)
            print(f"  {name:<40} {best:5.2f} ms server CPU a request  (X-Cache {response.getheader('X-Cache', '-')})")
    finally:
        voting.stop(server)


if __name__ == "__main__":
    main()
