"""Load test of the city: what residents do on a large participatory budget, on gunicorn, PostgreSQL and Redis.

    make load                                              # or: .venv/bin/python bench/load.py
    BENCH_LEVELS=20,50,100 BENCH_SECONDS=40 .venv/bin/python bench/load.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load REDIS_URL=redis://127.0.0.1:6379/10 .venv/bin/python ...

1. Creates (once) and migrates a dedicated PostgreSQL database, `bench_load` by default (DATABASE_URL names another;
   SQLite is refused), and fills it once with `manage.py seed_load` (BENCH_PROPOSALS 50,000, BENCH_USERS 20,000,
   BENCH_SUPPORTS 500,000, BENCH_COMMENTS 200,000); later runs reuse it. BENCH_RESIDENTS (2,000) residents get a
   signed-in session written straight into the session table (logging in is not measured).
2. Starts gunicorn with the production settings (bench/voting_load/settings.py, as bench/voting.py: plain HTTP and a
   trivial health check view at /healthz), BENCH_WORKERS sync workers (4), and empties its Redis database.
3. Puts the proposal pages in the page cache, the most supported first, as a city would before the vote opens
   (`manage.py warm_pages` against the server: BENCH_WARM_PAGES, "all" by default, a number, or 0 to leave the
   cache to the visitors; about 4 minutes for 50,000 pages on 2 cores).
4. Locust, headless (bench/voting_load/city.py), after a warm-up (BENCH_WARMUP seconds, not counted): at each of
   BENCH_LEVELS concurrent users (20, 50, 100), the health check for BENCH_HEALTH_SECONDS (15), the machine's
   ceiling, then the city mix for BENCH_SECONDS (40): 80 % anonymous visitors (home, the process, the proposal list
   in random order, sorted, filtered and further pages, proposal pages, searches), 20 % signed-in residents who read,
   support, comment and follow. Then, at the highest level, the anonymous mix alone for BENCH_ANON_SECONDS (30),
   its cache warm by then, against the health check. Proposal pages follow a Zipf-like popularity by support rank
   (BENCH_POPULARITY=zipf, exponent BENCH_ZIPF_S 1.0), or the earlier spread (BENCH_POPULARITY=spread: half on the
   1,000 most supported, half on any of them). Users do not pause between requests (BENCH_THINK=1-3 to make
   them): the figures are the server's capacity, comparable with the health check's.
5. Prints requests per second, p50 and p95 per page, errors, the server's CPU time per request (gunicorn + the
   PostgreSQL backends, with psutil) and checks the data: every proposal's stored support and comment counts equal
   its rows, after the run as before it. The results also go to BENCH_OUT (/tmp/bench-load.json).

Exit status 1 when a request failed or a stored count differs from the rows. The targets (no error at the highest
level, p95 under 500 ms for every page, the anonymous mix at half the health check's requests per second or more)
print as PASS or MISS.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")

import voting  # noqa: E402 - the harness of the vote's load test: database, gunicorn, CPU meter, sessions

LEVELS = [int(n) for n in os.environ.get("BENCH_LEVELS", "20,50,100").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "40"))
HEALTH_SECONDS = float(os.environ.get("BENCH_HEALTH_SECONDS", "15"))
ANON_SECONDS = float(os.environ.get("BENCH_ANON_SECONDS", "30"))
WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP", "20"))
THINK = os.environ.get("BENCH_THINK", "0")
RESIDENTS = int(os.environ.get("BENCH_RESIDENTS", "2000"))
SIZES = {
    "proposals": int(os.environ.get("BENCH_PROPOSALS", "50000")),
    "users": int(os.environ.get("BENCH_USERS", "20000")),
    "supports": int(os.environ.get("BENCH_SUPPORTS", "500000")),
    "comments": int(os.environ.get("BENCH_COMMENTS", "200000")),
}
OUT = os.environ.get("BENCH_OUT", "/tmp/bench-load.json")
# How many proposal pages `manage.py warm_pages` requests before the warm-up, the most supported first, as a city
# would before the vote opens: "all" (the default), a number, or 0 for a cache that only the visitors fill.
WARM_PAGES = os.environ.get("BENCH_WARM_PAGES", "all")
# Which proposal pages visitors open (bench/voting_load/city.py, _proposal): "zipf", a Zipf-like popularity by
# support rank (exponent BENCH_ZIPF_S), or "spread", the earlier mix (half on the 1,000 most supported, half on any).
POPULARITY = os.environ.get("BENCH_POPULARITY", "zipf")
ZIPF_S = float(os.environ.get("BENCH_ZIPF_S", "1.0"))
LANGUAGE = "fr"
TARGET_P95, TARGET_RATIO = 500, 0.5
SEARCH_WORDS = ["jardin", "vélo", "arbres", "bancs", "piscine", "fresque", "basket", "école", "composteurs",
                "médiathèque", "skatepark", "fontaines", "trottoirs", "festival", "marché"]  # fmt: skip
COMMENTS = ["Très bonne idée, je soutiens !", "Il faudrait d'abord consulter les riverains.",
            "Mes enfants passent par là tous les jours.", "Attention au coût d'entretien."]  # fmt: skip


def check_database():
    import dj_database_url

    if "postgresql" not in dj_database_url.parse(os.environ["DATABASE_URL"])["ENGINE"]:
        sys.exit("bench/load.py needs PostgreSQL: set DATABASE_URL=postgres://... (a dedicated database).")


def seed():
    """The seed_load data set, built once per database."""
    from django.core.management import call_command

    from apps.spaces.models import Process
    from apps.supports.management.commands.seed_load import SLUG

    if not Process.objects.filter(slug=SLUG).exists():
        print(f"== seed_load into {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]} (once for this database)")
        started = time.monotonic()
        call_command("seed_load", *[f"--{name}={value}" for name, value in SIZES.items()])
        print(f"   ({time.monotonic() - started:.0f} s)")
    return Process.objects.get(slug=SLUG)


def counts_differ(process):
    """Proposals of the process whose stored support or comment count differs from its rows (comments hidden by the
    moderators are left out of the stored count, as comments.services keeps it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE p.support_count <> coalesce(s.n, 0)),
                   count(*) FILTER (WHERE p.comment_count <> coalesce(c.n, 0)),
                   count(*), coalesce(sum(s.n), 0), coalesce(sum(c.n), 0)
            FROM proposals_proposal p
            LEFT JOIN (SELECT proposal_id, count(*) AS n FROM supports_support GROUP BY 1) s ON s.proposal_id = p.id
            LEFT JOIN (SELECT object_id, count(*) AS n FROM comments_comment
                       WHERE content_type_id = %s AND hidden_at IS NULL GROUP BY 1) c ON c.object_id = p.id
            WHERE p.process_id = %s
            """,
            [proposal_content_type(), process.pk],
        )
        supports_wrong, comments_wrong, proposals, supports, comments = cursor.fetchone()
    return {"support_count_wrong": supports_wrong, "comment_count_wrong": comments_wrong, "proposals": proposals,
            "supports": int(supports), "comments": int(comments)}  # fmt: skip


def proposal_content_type():
    from django.contrib.contenttypes.models import ContentType

    from apps.proposals.models import Proposal

    return ContentType.objects.get_for_model(Proposal).pk


def search_url(process):
    """The site's search page if there is one, else the proposal list's text filter."""
    from django.urls import NoReverseMatch, reverse

    for name, kwargs in (("search:search", {}), ("search:results", {}), ("core:search", {}), ("search", {})):
        try:
            return reverse(name, kwargs=kwargs) + "?q={q}"
        except NoReverseMatch:
            continue
    return reverse("proposals:list", kwargs={"slug": process.slug}) + "?q={q}"


def plan_for(process):
    """What the Locust users need: URLs, proposal ids, categories, and the residents' sessions with proposals they
    may support (never their own)."""
    import random
    from urllib.parse import quote_plus

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django.urls import reverse
    from django.utils import translation

    from apps.proposals.models import Proposal
    from apps.supports.management.commands.seed_load import EMAIL_DOMAIN
    from apps.taxonomy.models import Category

    rng = random.Random(1)
    Session.objects.all().delete()  # earlier runs' sessions (this database is the bench's own)
    shown = Proposal.objects.filter(process=process).shown()
    ids = list(shown.values_list("pk", flat=True))
    ranked = list(shown.order_by("-support_count", "pk").values_list("pk", flat=True))
    popular = ranked[:1000]
    open_ids = list(shown.filter(status=Proposal.Status.PUBLISHED).values_list("pk", "author_id"))
    users = list(
        get_user_model().objects.filter(email__endswith=EMAIL_DOMAIN).order_by("pk")[:RESIDENTS]
    )  # fmt: skip
    residents = voting.sessions_for(users)
    for resident in residents:
        choices = []
        while len(choices) < 20:
            pk, author = rng.choice(open_ids)
            if author != resident["voter"]:
                choices.append(pk)
        resident["proposals"] = choices
    with translation.override(LANGUAGE):
        kwargs = {"slug": process.slug}
        plan = {
            "urls": {
                "home": reverse("spaces:home"),
                "process": reverse("spaces:process_detail", kwargs=kwargs),
                "list": reverse("proposals:list", kwargs=kwargs),
            },
            "proposal_url": reverse("proposals:detail", kwargs={**kwargs, "pk": 0}).replace("/0/", "/{pk}/"),
            "support_url": reverse("supports:support", kwargs={"pk": 0}).replace("/0/", "/{pk}/"),
            "comment_url": reverse(
                "comments:create", kwargs={"content_type_id": proposal_content_type(), "object_id": 0}
            ).replace("/0/", "/{pk}/"),
            "follow_url": reverse("notifications:follow"),
            "search_url": search_url(process),
            "content_type": proposal_content_type(),
            "words": [quote_plus(word) for word in SEARCH_WORDS],
            "comments": COMMENTS,
            "categories": list(Category.objects.filter(process=process).values_list("pk", flat=True)),
            "proposals": ids,
            "popular": popular,
            "ranked": ranked,
            "popularity": POPULARITY,
            "zipf_s": ZIPF_S,
            "residents": residents,
        }
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(plan, handle)
    handle.close()
    return handle.name, plan


def warm_pages(host):
    """The proposal pages put in the cache before the run, as `manage.py warm_pages` does before a spike."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    if WARM_PAGES in ("0", ""):
        print("== page cache: not warmed (BENCH_WARM_PAGES=0): the visitors fill it")
        return None
    limit = None if WARM_PAGES == "all" else int(WARM_PAGES)
    out = StringIO()
    with translation.override("en"):  # the bench's report is in English
        call_command(
            "warm_pages", base_url=host, languages=LANGUAGE, limit=limit, concurrency=voting.WORKERS, stdout=out
        )
    print(f"== page cache warmed (manage.py warm_pages --limit {WARM_PAGES}): {out.getvalue().strip()}")
    return out.getvalue().strip()


def locust(mode, host, users, seconds, plan_file=None, meter=None):
    import resource

    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    command = [
        sys.executable, str(BENCH / "voting_load" / "city.py"), "--mode", mode, "--host", host,
        "--users", str(users), "--seconds", str(seconds), "--out", out, "--think", THINK,
    ]  # fmt: skip
    if plan_file:
        command += ["--plan", plan_file]
    before = meter.read() if meter else {}
    locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = voting.load_average()
    subprocess.run(command, check=True, env={**os.environ, "LOCUST_LOGLEVEL": "WARNING"}, cwd=ROOT)
    locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out) as handle:
        result = json.load(handle)
    os.unlink(out)
    if meter:
        result["cpu"] = meter.spent(before, meter.read())
        result["cpu"]["locust"] = (locust_after.ru_utime + locust_after.ru_stime) - (
            locust_before.ru_utime + locust_before.ru_stime
        )
        result["load"] = (load_before, voting.load_average())
    return result


def cpu_ms(result):
    cpu = result["cpu"]
    return (cpu["gunicorn"] + cpu["postgres"]) * 1000 / max(result["total"]["requests"], 1)


def line(name, stats, seconds):
    return (
        f"  {name:<22} {stats['requests']:>7} req {stats['requests'] / seconds:>7.1f}/s  "
        f"p50 {stats['median_ms']:>5.0f} ms  p95 {stats['p95_ms']:>5.0f} ms  errors {stats['failures']}"
    )


def report(result, label):
    seconds = result["seconds"]
    print(
        f"{label}: {result['rps']:.1f} req/s over {seconds:.0f} s, errors {result['total']['failures']}, "
        f"server CPU {cpu_ms(result):.1f} ms/request (gunicorn {result['cpu']['gunicorn'] * 1000 / max(result['total']['requests'], 1):.1f}), "  # noqa: E501
        f"Locust {result['cpu']['locust']:.0f} CPU s, load average {result['load'][0]:.1f} -> {result['load'][1]:.1f}"
    )
    for name, stats in result["by_name"].items():
        print(line(name, stats, seconds))
    if result.get("cache"):
        shares = []
        for name, states in sorted(result["cache"].items()):
            total = sum(states.values()) or 1
            shares.append(f"{name} {states.get('hit', 0) * 100 / total:.0f} %")
        print("  page cache hits (X-Cache): " + ", ".join(shares))
    if result.get("writes") and any(result["writes"].values()):
        print("  writes done: " + ", ".join(f"{n} {k}" for k, n in result["writes"].items()))
    for error in result["errors"][:10]:
        print(f"  error: {error['occurrences']} x {error['method']} {error['name']}: {error['error'][:160]}")


def pages_alone(plan):
    """Each page on its own, in-process (Django's test client, the same settings, database and Redis): queries
    and median time of five requests after a first one, and the slowest query. Where the time of a page goes,
    whatever else the machine runs."""
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(3)
    urls, proposal = plan["urls"], plan["proposal_url"]
    pages = [
        ("home", urls["home"]),
        ("process", urls["process"]),
        ("list (random order)", urls["list"]),
        ("list sorted", urls["list"] + "?order=supports"),
        ("list filtered", f"{urls['list']}?category={plan['categories'][0]}&order=recent"),
        ("list page 2-6", urls["list"] + "?order=supports&page=4"),
        ("proposal (popular)", proposal.format(pk=plan["popular"][0])),
        ("proposal", proposal.format(pk=rng.choice(plan["proposals"]))),
        ("search", plan["search_url"].format(q=plan["words"][0])),
    ]
    anonymous, signed_in = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    signed_in.cookies["sessionid"] = plan["residents"][0]["session"]
    pages.append(("proposal (signed in)", proposal.format(pk=plan["residents"][0]["proposals"][0])))
    lines = []
    for name, url in pages:
        client = signed_in if name.endswith("(signed in)") else anonymous
        client.get(url)
        times, queries, slowest = [], 0, (0.0, "")
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - begin)
            queries = len(captured)
            for query in captured.captured_queries:
                if float(query["time"]) > slowest[0]:
                    slowest = (float(query["time"]), query["sql"])
        times.sort()
        sql = " ".join(slowest[1].split())
        lines.append(
            f"  {name:<22} HTTP {response.status_code}  {queries:>3} queries  {times[2] * 1000:6.0f} ms; slowest query "
            f"{slowest[0] * 1000:.0f} ms: {sql[:90]}{'...' if len(sql) > 90 else ''}"
        )
    return lines


def hit_costs(plan, repeat=300):
    """CPU time per request in this process (Django's test client, no HTTP): the health check, a cached page
    served by the early path (a visitor without cookies, gzip accepted: a CSRF cookie set, the token replaced, the
    page compressed), and the same page through the whole stack (a visitor whose session cookie names no session).
    What a hit costs beside the health check, whatever else the machine runs."""
    from http.cookies import SimpleCookie

    from django.conf import settings
    from django.test import Client

    url = plan["proposal_url"].format(pk=plan["ranked"][0])
    Client(HTTP_HOST="127.0.0.1").get(url)  # stored
    cases = [("health check", "/healthz", {}), ("cached page, early path", url, {})]
    cases.append(("cached page, whole stack", url, {settings.SESSION_COOKIE_NAME: "none"}))
    lines = []
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
    for name, path, cookies in cases:
        timings = []
        for _ in range(3):
            begin = time.process_time()
            for _ in range(repeat):
                client.cookies = SimpleCookie(cookies)  # a new visitor each time
                response = client.get(path)
            timings.append((time.process_time() - begin) * 1000 / repeat)
        lines.append(f"  {name:<26} {min(timings):5.2f} ms CPU  (X-Cache {response.get('X-Cache', '-')})")
    return lines


def main():
    started = time.monotonic()
    check_database()
    name = voting.create_database()
    voting.setup_django()
    process = seed()
    before = counts_differ(process)
    plan_file, plan = plan_for(process)
    voting.flush_redis()
    print(
        f"== City load test: gunicorn {voting.WORKERS} {voting.WORKER_CLASS} workers, PostgreSQL {name!r} "
        f"({before['proposals']} proposals, {before['supports']} supports, {before['comments']} comments), Redis "
        f"{os.environ['REDIS_URL']}, {len(plan['residents'])} signed-in residents, levels {LEVELS}, think time "
        f"{THINK} s, proposal pages {POPULARITY}{f' (s = {ZIPF_S})' if POPULARITY == 'zipf' else ''}, "
        f"{os.cpu_count()} cores; setup {time.monotonic() - started:.0f} s; {voting.interpreter()}"
    )
    port = voting.free_port()
    host = f"http://127.0.0.1:{port}"
    server = voting.start_gunicorn(port)
    meter = voting.CpuMeter(server, name)
    results = {
        "levels": {},
        "database": name,
        "workers": voting.WORKERS,
        "think": THINK,
        "popularity": POPULARITY,
        "zipf_s": ZIPF_S,
    }
    try:
        results["warm_pages"] = warm_pages(host)
        locust("mix", host, LEVELS[0], WARMUP_SECONDS, plan_file)  # imports, templates, cache: not counted
        for users in LEVELS:
            health = locust("health", host, users, HEALTH_SECONDS, meter=meter)
            mix = locust("mix", host, users, SECONDS, plan_file, meter=meter)
            results["levels"][users] = {"health": health, "mix": mix}
            report(health, f"\n[{users} users] health check")
            report(mix, f"[{users} users] city mix (80 % anonymous, 20 % signed in)")
        top = LEVELS[-1]
        anonymous = locust("anonymous", host, top, ANON_SECONDS, plan_file, meter=meter)
        results["anonymous"] = anonymous
        report(anonymous, f"\n[{top} users] anonymous mix alone, cache warm")
    finally:
        voting.stop(server)
        os.unlink(plan_file)
    voting.flush_redis()
    after = counts_differ(process)
    results["consistency"] = {"before": before, "after": after}
    top_health = results["levels"][top]["health"]
    ratio = anonymous["rps"] / top_health["rps"] if top_health["rps"] else 0
    print("\nsummary (requests/s; p95 of the slowest page; errors):")
    print(f"  {'users':>5} {'health':>8} {'mix':>7} {'mix/health':>10} {'slowest p95':>26} {'errors':>6}")
    for users, level in results["levels"].items():
        mix = level["mix"]
        slowest = max(mix["by_name"].items(), key=lambda item: item[1]["p95_ms"])
        health_rps = level["health"]["rps"]
        print(
            f"  {users:>5} {health_rps:>8.0f} {mix['rps']:>7.0f} {mix['rps'] / health_rps:>10.2f} "
            f"{slowest[0][:18]:>18} {slowest[1]['p95_ms']:>5.0f} ms {mix['total']['failures']:>6}"
        )
    cores = os.cpu_count() or 1
    health_cpu, anonymous_cpu = max(cpu_ms(top_health), 0.01), max(cpu_ms(anonymous), 0.01)
    cpu_ratio = health_cpu / anonymous_cpu if anonymous_cpu else 0
    results["cpu_ratio"] = cpu_ratio
    print(
        f"  server CPU per request (what other work on the machine does not skew): health check {health_cpu:.1f} ms, "
        f"anonymous mix {anonymous_cpu:.1f} ms, city mix {cpu_ms(results['levels'][top]['mix']):.1f} ms; with the "
        f"{cores} cores to itself the server would answer about {cores * 1000 / health_cpu:.0f} health checks/s and "
        f"{cores * 1000 / anonymous_cpu:.0f} anonymous pages/s ({cpu_ratio:.2f} of it)"
    )
    print(
        f"  anonymous alone at {top}: {anonymous['rps']:.0f}/s = {ratio:.2f} of the health check's "
        f"{top_health['rps']:.0f}/s"
    )
    top_mix = results["levels"][top]["mix"]
    # Both runs at the top level: a page's p95 in the city mix and in the anonymous mix alone.
    slow = {
        f"{name} ({run})": stats["p95_ms"]
        for run, result in (("mix", top_mix), ("alone", anonymous))
        for name, stats in result["by_name"].items()
        if stats["p95_ms"] >= TARGET_P95
    }
    slow_pages = ", ".join(f"{n} {v:.0f} ms" for n, v in slow.items())
    errors = top_mix["total"]["failures"] + anonymous["total"]["failures"]
    all_errors = sum(
        lv["mix"]["total"]["failures"] + lv["health"]["total"]["failures"] for lv in results["levels"].values()
    )
    targets = [
        (f"no error at {top} users ({errors})", errors == 0),
        (f"p95 < {TARGET_P95} ms for every page at {top} users ({slow_pages or 'all under'})", not slow),
        (f"anonymous mix >= {TARGET_RATIO} of the health check's req/s ({ratio:.2f})", ratio >= TARGET_RATIO),
    ]  # fmt: skip
    for label, ok in targets:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    consistent = after["support_count_wrong"] == 0 and after["comment_count_wrong"] == 0
    print(
        f"database after the run: {after['supports']} supports (+{after['supports'] - before['supports']}), "
        f"{after['comments']} comments (+{after['comments'] - before['comments']}); proposals whose stored count "
        f"differs from the rows: supports {after['support_count_wrong']}, comments {after['comment_count_wrong']}"
    )
    print(f"  {'PASS' if consistent else 'FAIL'}  stored support and comment counts equal the rows")
    results["targets"] = {label: ok for label, ok in targets}
    with open(OUT, "w") as handle:
        json.dump(results, handle, indent=1)
    print("CPU per request in-process (test client, best of 3 x 300; no HTTP parsing, unlike gunicorn):")
    print("\n".join(hit_costs(plan)))
    print("each page alone, in-process (queries, median of 5 after a first request, the slowest query):")
    print("\n".join(pages_alone(plan)))
    print(f"(all figures in {OUT}; {time.monotonic() - started:.0f} s in all)")
    return 1 if all_errors or anonymous["total"]["failures"] or not consistent else 0


if __name__ == "__main__":
    sys.exit(main())
