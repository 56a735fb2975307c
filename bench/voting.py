"""Load test of the vote: complete ballots per second through the real views, on gunicorn, PostgreSQL and Redis.

    .venv/bin/python bench/voting.py                       # what `make bench` runs
    BENCH_SECONDS=120 BENCH_WORKERS=3 .venv/bin/python bench/voting.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python ...

1. Creates (once) and migrates a dedicated PostgreSQL database, `bench` by default (DATABASE_URL names another;
   SQLite is refused), and builds a process whose vote is open: one €100,000 approval budget (at most 3 of 32
   projects), eligibility from 16 against a census, and BENCH_VOTERS eligible voters (4,000) verified against it.
   Earlier runs' ballots are deleted first. Each voter gets a signed-in session written straight into the session
   table, so logging in is not part of what is measured.
2. Starts gunicorn (BENCH_WORKERS sync workers, 4 by default on this 2-core machine) on 127.0.0.1 with the
   production settings (bench/voting_load/settings.py: plain HTTP, plus a trivial health check view at /healthz).
3. Runs Locust headless twice with BENCH_USERS concurrent users (50): the health check for BENCH_HEALTH_SECONDS
   (20), the machine's ceiling; then the voting path for BENCH_SECONDS (60): each user is one voter at a time,
   whose whole path goes through the real views (vote page, three projects added to the basket as htmx posts them,
   review, confirmation, receipt), then the next voter.
4. Prints complete ballots per second, requests per second of both, p50/p95/p99 and errors, checks the database
   (one ballot per voter per budget, every confirmed ballot within the rule, one register line per ballot), then
   shows where the time goes: queries and time per request of one voter's path on 32 and on 300 projects, and
   the heaviest functions of a cProfile of 20 paths (in-process, Django's test client; full listing in
   BENCH_PROFILE, /tmp/bench-voting-profile.txt).

Exit status 1 when a request failed or the database check fails; the performance targets (voting requests at a
third of the health check's or more, >= 30 ballots/s, p95 < 500 ms) are printed as PASS or MISS.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ["DJANGO_SETTINGS_MODULE"] = "voting_load.settings"

VOTERS = int(os.environ.get("BENCH_VOTERS", "4000"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
HEALTH_SECONDS = float(os.environ.get("BENCH_HEALTH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
PROFILE_FILE = os.environ.get("BENCH_PROFILE", "/tmp/bench-voting-profile.txt")
PROJECTS = 32
CHOICES = 3
WARMUP_VOTERS, PROFILE_VOTERS = 20, 40
LANGUAGE = "fr"
SLUG = "bench-vote"

TARGET_RATIO, TARGET_BALLOTS, TARGET_P95 = 1 / 3, 30, 500


def create_database():
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("bench/voting.py needs PostgreSQL: set DATABASE_URL=postgres://... (a dedicated database).")
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")
    server.close()
    return config["NAME"]


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def flush_redis():
    """The bench's Redis database only (receipt e-mails queued for a worker that does not run)."""
    try:
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    except Exception as error:  # noqa: BLE001 - Redis down: the site falls back, the bench goes on
        print(f"(Redis not flushed: {error})")


# -- data ----------------------------------------------------------------------------------------------------------


def build(voter_count):
    """The process, its budgets, the voters and their census entries (created once), earlier ballots removed."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from apps.budgets.models import (
        Ballot,
        Budget,
        CensusEntry,
        Participation,
        Project,
        Residency,
        voting_settings_for,
    )
    from apps.core.models import AuditEntry
    from apps.spaces.models import Phase, Process
    from apps.spaces.phases import PhaseKind
    from apps.taxonomy.models import Category

    User = get_user_model()
    today = timezone.localdate()
    process, _ = Process.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title_fr": "Vote de charge",
            "title_en": "Load test vote",
            "is_published": True,
            "start_date": today - timedelta(days=30),
            "end_date": today + timedelta(days=60),
            "budget_envelope": Decimal("100000"),
        },
    )
    Phase.objects.update_or_create(
        process=process,
        kind=PhaseKind.VOTING,
        defaults={"title_fr": "Vote", "start_date": today - timedelta(days=2), "end_date": today + timedelta(days=30)},
    )
    settings = voting_settings_for(process)
    settings.minimum_age = 16
    settings.residency = Residency.CENSUS_DOCUMENT
    settings.save()
    categories = [
        Category.objects.update_or_create(process=process, name_fr=name, defaults={"position": i})[0]
        for i, name in enumerate(("Nature", "Mobilités", "Sport", "Culture"))
    ]

    def budget(position, title, projects):
        row, _ = Budget.objects.update_or_create(
            process=process,
            position=position,
            defaults={
                "title_fr": title,
                "total_amount": Decimal("100000"),
                "ballot_kind": Budget.BallotKind.APPROVAL,
                "min_projects": 1,
                "max_projects": CHOICES,
            },
        )
        have = Project.objects.filter(budget=row).count()
        Project.objects.bulk_create(
            Project(
                budget=row,
                title_fr=f"Projet {n} : des arbres, des bancs et de l'ombre",
                title_en=f"Project {n}: trees, benches and shade",
                description_fr="<p>" + "Un projet proposé par les habitants et chiffré par la ville. " * 6 + "</p>",
                cost=Decimal(5000 + (n * 7919) % 60000),
                category=categories[n % len(categories)],
                status=Project.Status.SELECTED,
                position=n,
            )
            for n in range(have, projects)
        )
        return row

    main = budget(0, "Enveloppe de la ville", PROJECTS)
    large = budget(1, "Enveloppe de 300 projets (profil seulement)", 300)

    # Earlier runs: their ballots, register, audit entries and sessions go.
    Participation.objects.filter(budget__process=process).delete()
    Ballot.objects.filter(budget__process=process).delete()
    AuditEntry.objects.filter(process_id=process.pk).delete()
    Session.objects.all().delete()

    emails = [f"voter-{n:05d}@bench.invalid" for n in range(voter_count)]
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    now = timezone.now()
    unusable = make_password(None)
    User.objects.bulk_create(
        (
            User(
                email=email,
                nickname=f"bench_{n:05d}",
                display_name=f"Votant {n}",
                password=unusable,
                birth_date=date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
                verification_method=User.VerificationMethod.CENSUS,
                verified_at=now,
                postal_code="59800",
            )
            for n, email in enumerate(emails)
            if email not in have
        ),
        batch_size=1000,
    )
    voters = list(User.objects.filter(email__in=emails).order_by("email"))
    linked = set(CensusEntry.objects.filter(process=process).values_list("user_id", flat=True))
    CensusEntry.objects.bulk_create(
        (
            CensusEntry(
                process=process,
                document_hash=f"{voter.pk:064d}",
                birth_date=voter.birth_date,
                postal_code="59800",
                user=voter,
                verified_at=now,
            )
            for voter in voters
            if voter.pk not in linked
        ),
        batch_size=1000,
    )
    # Statistics for the planner, as autovacuum keeps them on a live site: without them, the estimates of the
    # process's joins with its (empty) settings tables run into the millions and PostgreSQL JIT-compiles the
    # query, half a second each time.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return process, main, large, voters


def sessions_for(voters):
    """A signed-in session per voter, written straight into the session table (no log-in measured), and a CSRF
    secret for the cookie and the header."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expire = timezone.now() + timedelta(days=1)
    rows, plan = [], []
    for voter in voters:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(voter.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: voter.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        plan.append({"session": key, "csrf": get_random_string(32), "voter": voter.pk})
    Session.objects.bulk_create(rows, batch_size=1000)
    # Signing in saves the session, which also leaves its copy in the cache (apps/core/sessions.py): the voter's first
    # page finds it there, as after a real sign-in a few minutes before the vote (SESSION_CACHE_SECONDS).
    from django.conf import settings
    from django.core.cache import caches

    from apps.core.sessions import SessionStore as CachedStore

    seconds = getattr(settings, "SESSION_CACHE_SECONDS", 300)
    if settings.SESSION_ENGINE == "apps.core.sessions" and seconds:
        caches[settings.SESSION_CACHE_ALIAS].set_many(
            {CachedStore.cache_key_prefix + row.session_key: store.decode(row.session_data) for row in rows}, seconds
        )
    return plan


def urls_of(budget):
    from django.urls import reverse
    from django.utils import translation

    kwargs = {"slug": budget.process.slug, "budget_id": budget.pk}
    with translation.override(LANGUAGE):
        return {
            "detail": reverse("budgets:budget_detail", kwargs=kwargs),
            "add": reverse("budgets:basket_add", kwargs=kwargs),
            "review": reverse("budgets:ballot_review", kwargs=kwargs),
            "confirm": reverse("budgets:ballot_confirm", kwargs=kwargs),
            "receipt": reverse("budgets:ballot_receipt", kwargs=kwargs),
        }


# -- the server and the load -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port):
    command = [
        sys.executable, "-m", "gunicorn", "pbplatform.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", WORKER_CLASS,
        "--threads", str(THREADS),
        "--backlog", "2048",
        "--timeout", "60",
        "--log-level", "warning",
        "--chdir", str(ROOT),
        "--pythonpath", f"{ROOT},{BENCH}",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=os.environ.copy(), cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class CpuMeter:
    """CPU seconds used by the server side (gunicorn's workers and the PostgreSQL backends of the bench database)
    and by Locust, between two readings: a measure of the cost per request that other work on the machine does not
    skew, unlike requests per second."""

    def __init__(self, server, database):
        import psutil

        self.psutil, self.server, self.database = psutil, psutil.Process(server.pid), database

    def _processes(self):
        server = [self.server, *self.server.children(recursive=True)]
        postgres = []
        for process in self.psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("postgres: ") and f" {self.database} " in cmdline:
                postgres.append(process)
        return {"gunicorn": server, "postgres": postgres}

    def read(self):
        totals = {}
        for kind, processes in self._processes().items():
            for process in processes:
                try:
                    times = process.cpu_times()
                except self.psutil.Error:
                    continue
                totals[(kind, process.pid)] = times.user + times.system
        return totals

    @staticmethod
    def spent(before, after):
        by_kind = {"gunicorn": 0.0, "postgres": 0.0}
        for key, seconds in after.items():
            by_kind[key[0]] += seconds - before.get(key, 0.0)
        return by_kind


def interpreter():
    """Which Python runs the server: its speed differs by build (a profile-guided, link-time optimised build such
    as Debian's /usr/bin/python3.11 or the python:3.11-slim image's runs Django 10-20 % faster than one without)."""
    import platform

    return f"Python {platform.python_version()} ({sys.executable})"


def load_average():
    return os.getloadavg()[0]


def locust(mode, host, users, seconds, plan_file=None, meter=None):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    command = [
        sys.executable, str(BENCH / "voting_load" / "load.py"), "--mode", mode, "--host", host,
        "--users", str(users), "--seconds", str(seconds), "--out", out,
    ]  # fmt: skip
    if plan_file:
        command += ["--plan", plan_file]
    import resource

    before = meter.read() if meter else {}
    locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = load_average()
    # Locust's own logging (one line per spawn/stop) is kept short; its errors still show.
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
        result["load"] = (load_before, load_average())
    return result


def write_plan(budget, plan, projects):
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"urls": urls_of(budget), "projects": projects, "choices": CHOICES, "language": LANGUAGE,
               "voters": plan}, handle)  # fmt: skip
    handle.close()
    return handle.name


# -- checks --------------------------------------------------------------------------------------------------------


def check_database(process):
    """One ballot per voter per budget; every confirmed ballot complete and within its budget's rule; one register
    line per confirmed ballot. Returns (confirmed ballots, list of problems)."""
    from django.db.models import Count

    from apps.budgets.models import Ballot, Participation, Project

    try:
        from apps.budgets.ballot_rules import Choice, completeness_errors
    except ImportError:  # the rule checks of the budgets app, when present; the approval limits otherwise
        Choice = completeness_errors = None
    problems = []
    twice = (
        Ballot.objects.filter(budget__process=process, voter__isnull=False)
        .values("budget", "voter")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if twice.exists():
        problems.append(f"{twice.count()} voters hold two ballots in one budget")
    selected = {p.pk: p for p in Project.objects.filter(budget__process=process, status=Project.Status.SELECTED)}
    confirmed = Ballot.objects.filter(budget__process=process, confirmed_at__isnull=False).select_related("budget")
    count = 0
    for ballot in confirmed.prefetch_related("items").iterator(chunk_size=2000):
        count += 1
        items = list(ballot.items.all())
        wrong = [i.project_id for i in items if i.project_id not in selected or selected[i.project_id].budget_id
                 != ballot.budget_id]  # fmt: skip
        if wrong:
            problems.append(f"ballot {ballot.pk} holds projects {wrong} not selected in its budget")
        budget = ballot.budget
        if completeness_errors is not None:
            choices = [
                Choice(
                    project_id=i.project_id,
                    cost=selected[i.project_id].cost if i.project_id in selected else 0,
                    points=i.points,
                    rank=i.rank,
                )  # fmt: skip
                for i in items
            ]
            errors = completeness_errors(budget, choices)
        else:
            errors = [] if budget.min_projects <= len(items) <= (budget.max_projects or len(items)) else ["count"]
        if errors:
            problems.append(f"ballot {ballot.pk} breaks the rule: {'; '.join(map(str, errors))}")
        if len(problems) > 20:
            break
    register = Participation.objects.filter(budget__process=process)
    if register.count() != count:
        problems.append(f"the register has {register.count()} lines for {count} confirmed ballots")
    if register.filter(ballot__confirmed_at__isnull=True).exists():
        problems.append("a register line points to an unconfirmed ballot")
    return count, problems


# -- where the time goes -------------------------------------------------------------------------------------------


def profile(budgets, voters):
    """Queries and time per request of one voter's path (test client, in-process), on each budget; then a cProfile
    of 20 paths on the first budget."""
    import cProfile
    import io
    import pstats
    import random
    import re
    from collections import Counter

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.budgets.models import Project

    tables = Counter()

    def path(client, budget, urls, project_ids, record, count_tables=False):
        steps = [("vote page", "get", urls["detail"], {})]
        for project in random.sample(project_ids, CHOICES):
            steps.append(("basket add", "post", urls["add"], {"project": project}))
        steps += [("review", "get", urls["review"], {}), ("confirm", "post", urls["confirm"], {}),
                  ("receipt", "get", urls["receipt"], {})]  # fmt: skip
        for name, method, url, data in steps:
            extra = {"HTTP_HX_REQUEST": "true"} if name == "basket add" else {}
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = getattr(client, method)(url, data, **extra)
                elapsed = time.perf_counter() - started
            if response.status_code >= 400:
                raise RuntimeError(f"{name}: HTTP {response.status_code}")
            record.setdefault(name, []).append((len(queries), elapsed))
            if count_tables:
                for query in queries.captured_queries:
                    sql = query["sql"]
                    outer = sql  # the statement's own table, not a subquery's
                    while (inner := re.sub(r"\([^()]*\)", "", outer)) != outer:
                        outer = inner
                    found = re.search(r'(?:FROM|INTO|UPDATE) "?(\w+)"?', outer)
                    verb = sql.split(None, 1)[0].upper()
                    tables[f"{verb} {found.group(1)}" if found else verb] += 1

    # One client for every voter, its cookies changed: a new client builds a new handler, which loads the
    # middleware again on its first request (WhiteNoise reads every static file's stats), about 3 ms that a
    # gunicorn worker spends once, not per voter.
    shared = Client(HTTP_HOST="127.0.0.1")

    def client_for(session):
        shared.cookies.clear()
        shared.cookies["sessionid"] = session["session"]
        return shared

    lines, sessions = [], iter(voters)
    for budget in budgets:
        urls = urls_of(budget)
        project_ids = list(Project.objects.filter(budget=budget).values_list("pk", flat=True))
        record = {}
        for n in range(5):
            path(
                client_for(next(sessions)),
                budget,
                urls,
                project_ids,
                record,
                count_tables=n == 0 and budget == budgets[0],
            )
        cells = []
        for name, rows in record.items():
            queries = sorted({q for q, _t in rows})
            ms = sorted(t for _q, t in rows)[len(rows) // 2] * 1000
            cells.append(f"{name} {'/'.join(map(str, queries))} q {ms:.0f} ms")
        lines.append(f"  {len(project_ids):>3} projects: " + ", ".join(cells))
    lines.append(
        f"  the {sum(tables.values())} queries of one ballot (7 requests), by statement and table: "
        + ", ".join(f"{key} {n}" for key, n in tables.most_common())
    )

    urls = urls_of(budgets[0])
    project_ids = list(Project.objects.filter(budget=budgets[0]).values_list("pk", flat=True))
    profiler = cProfile.Profile()
    record = {}
    profiler.enable()
    for _ in range(20):
        path(client_for(next(sessions)), budgets[0], urls, project_ids, record)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats(80)
    Path(PROFILE_FILE).write_text(text.getvalue())
    return lines, buckets(stats, requests=sum(len(rows) for rows in record.values()))


# Parts of a request, by the cumulative time of the functions that do them (they overlap: a template or a rule
# that queries the database counts its queries too).
BUCKETS = [
    ("the whole request (Django's handler)", "django/core/handlers/base.py", "get_response"),
    ("SQL round trips (psycopg2 execute, self time)", "~",
     "<method 'execute' of 'psycopg2.extensions.cursor' objects>"),
    ("ORM building SQL (compiler.as_sql)", "django/db/models/sql/compiler.py", "as_sql"),
    ("template rendering (with the queries it runs)", "django/template/backends/django.py", "render"),
    ("permission rules (rules' test_rule, with their queries)", "rules/rulesets.py", "test_rule"),
    ("the process page's selector in every vote view (spaces process_detail)", "apps/spaces/selectors.py",
     "process_detail"),
    ("budgets services basket_add", "apps/budgets/services.py", "basket_add"),
    ("budgets services ballot_confirm", "apps/budgets/services.py", "ballot_confirm"),
    ("model validation (full_clean)", "django/db/models/base.py", "full_clean"),
    ("session load (SessionStore.load: the database, or its copy in Redis)", "sessions", "load"),
]  # fmt: skip


def buckets(stats, *, requests):
    total = None
    out = []
    for label, where, function in BUCKETS:
        seconds = 0.0
        for (filename, _line, name), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
            if name == function and where in filename:
                seconds += tt if where == "~" else ct
        if total is None:
            total = seconds or 1.0
        out.append(f"  {seconds * 1000 / requests:6.1f} ms/request {seconds * 100 / total:5.1f} %  {label}")
    return "\n".join(out)


# -- report --------------------------------------------------------------------------------------------------------


def row(name, stats, seconds):
    return (
        f"  {name:<14} {stats['requests']:>7} req {stats['requests'] / seconds:>8.1f}/s   "
        f"p50 {stats['median_ms']:>5.0f} ms  p95 {stats['p95_ms']:>5.0f} ms  p99 {stats['p99_ms']:>5.0f} ms  "
        f"errors {stats['failures']}"
    )


def main():
    started = time.monotonic()
    name = create_database()
    setup_django()
    flush_redis()
    process, main_budget, large_budget, voters = build(VOTERS + WARMUP_VOTERS + PROFILE_VOTERS)
    plan = sessions_for(voters)
    warmup, load, profiled = plan[:WARMUP_VOTERS], plan[WARMUP_VOTERS:-PROFILE_VOTERS], plan[-PROFILE_VOTERS:]
    from apps.budgets.models import Project

    project_ids = list(Project.objects.filter(budget=main_budget).values_list("pk", flat=True))
    print(
        f"== Vote load test: gunicorn {WORKERS} {WORKER_CLASS} workers"
        f"{f' x {THREADS} threads' if THREADS > 1 else ''}, PostgreSQL database {name!r}, "
        f"Redis {os.environ['REDIS_URL']}, {USERS} users; {len(load)} voters ready "
        f"({time.monotonic() - started:.0f} s of setup); {interpreter()}"
    )
    from django.urls import NoReverseMatch

    try:
        urls_of(main_budget)
    except NoReverseMatch:
        print("The vote's views are not there (budgets:budget_detail): only the health check is measured.")
        load = None
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    meter = CpuMeter(server, name)
    try:
        # Warm-up: every worker imports its views and compiles its templates before anything is measured.
        if load:
            locust("vote", host, min(USERS, WARMUP_VOTERS), 5, write_plan(main_budget, warmup, project_ids))
        locust("health", host, USERS, 3)
        health = locust("health", host, USERS, HEALTH_SECONDS, meter=meter)
        if load:
            vote = locust("vote", host, USERS, SECONDS, write_plan(main_budget, load, project_ids), meter=meter)
    finally:
        stop(server)
    flush_redis()
    if not load:
        print(f"health check ({health['seconds']:.0f} s):")
        print(row("GET /healthz", health["total"], health["seconds"]))
        return 1 if health["total"]["failures"] else 0

    health_rps = health["rps"]
    vote_rps = vote["rps"]
    ballots_per_s = vote["ballots"] / vote["seconds"]
    errors = health["total"]["failures"] + vote["total"]["failures"]
    print(f"health check ({health['seconds']:.0f} s):")
    print(row("GET /healthz", health["total"], health["seconds"]))
    print(f"voting path ({vote['seconds']:.0f} s, {vote['ballots']} voters went through, {vote['voters_left']} "
          f"voters left unused):")  # fmt: skip
    for step, stats in vote["by_name"].items():
        print(row(step, stats, vote["seconds"]))
    print(row("all steps", vote["total"], vote["seconds"]))
    for error in vote["errors"] + health["errors"]:
        print(f"  error: {error['occurrences']} x {error['method']} {error['name']}: {error['error']}")
    print("server CPU per request (gunicorn workers + PostgreSQL backends; other work on the machine does not count):")
    for label, result in (("health check", health), ("voting path", vote)):
        cpu, requests = result["cpu"], max(result["total"]["requests"], 1)
        server_ms = (cpu["gunicorn"] + cpu["postgres"]) * 1000 / requests
        print(
            f"  {label:<13} {server_ms:6.2f} ms (gunicorn {cpu['gunicorn'] * 1000 / requests:.2f}, PostgreSQL "
            f"{cpu['postgres'] * 1000 / requests:.2f}); Locust used {cpu['locust']:.0f} CPU s; load average "
            f"{result['load'][0]:.1f} -> {result['load'][1]:.1f}"
        )
    cores = os.cpu_count() or 1
    vote_cpu = (vote["cpu"]["gunicorn"] + vote["cpu"]["postgres"]) / max(vote["total"]["requests"], 1)
    health_cpu = (health["cpu"]["gunicorn"] + health["cpu"]["postgres"]) / max(health["total"]["requests"], 1)
    per_ballot = vote_cpu * vote["total"]["requests"] / max(vote["ballots"], 1)
    print(
        f"  with the {cores} cores to itself, the server would do about {cores / per_ballot:.0f} ballots/s "
        f"({per_ballot * 1000:.0f} ms of CPU per ballot) and the voting requests would run at "
        f"{health_cpu / vote_cpu if vote_cpu else 0:.2f} of the health check's rate"
    )
    count, problems = check_database(process)
    ratio = vote_rps / health_rps if health_rps else 0
    print(f"complete ballots: {ballots_per_s:.1f}/s ({vote['ballots']} in {vote['seconds']:.1f} s; "
          f"{vote['ballots_failed']} paths failed)")  # fmt: skip
    print(f"voting requests / health check requests: {vote_rps:.0f}/s / {health_rps:.0f}/s = {ratio:.2f}")
    targets = [
        (f"voting req/s >= 1/3 of health check ({ratio:.2f})", ratio >= TARGET_RATIO),
        (f">= {TARGET_BALLOTS} ballots/s ({ballots_per_s:.1f})", ballots_per_s >= TARGET_BALLOTS),
        (f"p95 < {TARGET_P95} ms ({vote['total']['p95_ms']:.0f} ms)", vote["total"]["p95_ms"] < TARGET_P95),
        (f"no error ({errors})", errors == 0),
    ]
    for label, ok in targets:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    print(
        f"database: {count} confirmed ballots (the run counted {vote['ballots']} complete paths; a path cut by the "
        f"end of the run may have confirmed without its receipt)"
    )
    for problem in problems:
        print(f"  FAIL  {problem}")
    if not problems:
        print("  PASS  one ballot per voter per budget, every confirmed ballot within the rule, one register line each")
    lines, parts = profile([main_budget, large_budget], profiled)
    print("where the time goes (one voter's path in-process: queries and median time per request):")
    print("\n".join(lines))
    print(f"cProfile of 20 paths, in-process (parts overlap; full listing in {PROFILE_FILE}):")
    print(parts)
    return 1 if problems or errors else 0


if __name__ == "__main__":
    sys.exit(main())
