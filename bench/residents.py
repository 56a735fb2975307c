"""What a signed-in resident's actions cost, in-process: CPU time and queries of each action of load.py's residents
(bench/voting_load/city.py, Resident), on the seed_load data, with the production-like settings of the load test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/residents.py
    BENCH_REPEAT=60 BENCH_PROFILE=support .venv/bin/python bench/residents.py   # and cProfile one action
    BENCH_ACTIONS=support,comment .venv/bin/python bench/residents.py   # only these actions

The actions, as the Locust residents send them through Django's test client (no HTTP, no gunicorn): the proposal
page signed in, the list signed in (?order=recent), and the htmx posts that support, comment and follow. Each
repetition takes another resident (as load.py's residents take a new session every four actions) and another
proposal they did not write, so writes are real writes; the supports and comments written keep the stored counts
equal to the rows (the services do it), as load.py checks. Prints, per action, the median and mean CPU time
(time.process_time) over BENCH_REPEAT (40) requests after a warm one, and the fewest and most queries of one request
(a proposal with comments costs more than one without); BENCH_PROFILE names an action to run under cProfile (the
costliest functions of the project's code by cumulative time).

The database must hold the seed_load data set (bench/load.py builds it); the page cache's Redis database is
emptied first, as load.py does.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voting_load.settings")

import django  # noqa: E402

django.setup()

REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
PROFILE = os.environ.get("BENCH_PROFILE", "")
ACTIONS = ("proposal (signed in)", "list (signed in)", "support", "comment", "follow")
ONLY = [a for a in os.environ.get("BENCH_ACTIONS", "").split(",") if a]  # e.g. BENCH_ACTIONS=support,comment


def setup():
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.urls import reverse
    from django.utils import translation

    from apps.proposals.models import Proposal
    from apps.spaces.models import Process
    from apps.supports.management.commands.seed_load import EMAIL_DOMAIN, SLUG
    from apps.supports.models import Support

    caches["default"].clear()
    process = Process.objects.get(slug=SLUG)
    rng = random.Random(int(os.environ.get("BENCH_SEED", time.time())))
    residents = list(get_user_model().objects.filter(email__endswith=EMAIL_DOMAIN).order_by("pk")[2000:6000])
    rng.shuffle(residents)
    open_ids = list(
        Proposal.objects.filter(process=process, status=Proposal.Status.PUBLISHED).values_list("pk", "author_id")
    )
    content_type = ContentType.objects.get_for_model(Proposal).pk
    with translation.override("fr"):
        kwargs = {"slug": process.slug}
        urls = {
            "list": reverse("proposals:list", kwargs=kwargs) + "?order=recent",
            "proposal": reverse("proposals:detail", kwargs={**kwargs, "pk": 0}).replace("/0/", "/{pk}/"),
            "support": reverse("supports:support", kwargs={"pk": 0}).replace("/0/", "/{pk}/"),
            "comment": reverse("comments:create", kwargs={"content_type_id": content_type, "object_id": 0}).replace(
                "/0/", "/{pk}/"
            ),
            "follow": reverse("notifications:follow"),
        }

    def pick(user):
        while True:
            pk, author = rng.choice(open_ids)
            if author != user.pk and not Support.objects.filter(user=user, proposal_id=pk).exists():
                return pk

    return residents, pick, urls, content_type, rng


def main():
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    residents, pick, urls, content_type, rng = setup()
    people = iter(residents)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://127.0.0.1" + urls["list"]}

    def request(client, action, user):
        pk = pick(user)
        if action == "proposal (signed in)":
            return client.get(urls["proposal"].format(pk=pk)), ""
        if action == "list (signed in)":
            return client.get(urls["list"]), ""
        if action == "support":
            return client.post(urls["support"].format(pk=pk), **headers), f"/proposals/{pk}/unsupport/"
        if action == "comment":
            token = f"{rng.randrange(16**8):08x}"
            body = {"body": f"Très bonne idée, je soutiens ! ({token})", "opinion": "in_favour"}
            return client.post(urls["comment"].format(pk=pk), body, **headers), token
        body = {"content_type": content_type, "object_id": pk}
        return client.post(urls["follow"], body, **headers), "/unfollow/"

    def client_for():
        user = next(people)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(urls["list"].split("?")[0] + "?order=supports")  # the session in the cache, as a resident's
        return client, user

    print(
        f"database {connection.settings_dict['NAME']}, {REPEAT} requests per action after a warm one, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  {'action':<22} {'CPU median':>10} {'CPU mean':>9} {'queries':>8}")
    for action in ACTIONS:
        if ONLY and not any(name in action for name in ONLY):
            continue
        times, queries = [], []
        profiler = cProfile.Profile() if PROFILE and PROFILE in action else None
        for i in range(REPEAT + 1):
            client, user = client_for()
            with CaptureQueriesContext(connection) as captured:
                if profiler:
                    profiler.enable()
                begin = time.process_time()
                response, expect = request(client, action, user)
                spent = time.process_time() - begin
                if profiler:
                    profiler.disable()
            assert response.status_code == 200, (action, response.status_code)
            assert expect in response.content.decode(), (action, expect, response.content[:400])
            if i:
                times.append(spent * 1000)
                queries.append(len(captured))
        counts = f"{min(queries)}-{max(queries)}" if min(queries) != max(queries) else str(queries[0])
        print(f"  {action:<22} {statistics.median(times):>7.1f} ms {statistics.mean(times):>6.1f} ms {counts:>8}")
        if profiler:
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(r"apps/|templatetags|django/(db/models/sql/compiler|template/loader_tags)", 40)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
