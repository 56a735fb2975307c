"""The public statistics at city scale: how long the snapshot takes to compute, and how fast the statistics page
answers, on PostgreSQL with 40,000 participants and 400,000 ballot items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_stats_bench .venv/bin/python bench/stats.py
    BENCH_RUNS=50 BENCH_VOTERS=40000 BENCH_ITEMS=10 .venv/bin/python bench/stats.py

The database (default `h_stats_bench`, SQLite refused) is created and migrated if needed, then filled once:
`manage.py seed_load` (BENCH_USERS residents, 10,000 proposals, 200,000 supports, 50,000 comments), then a closed
vote of its own (one approval budget of 40 projects; BENCH_VOTERS of those residents each confirm a ballot of
BENCH_ITEMS projects over 20 days, through the three channels, with demographics for three voters in four).
Both are kept for the next run. Prints the compute time of each snapshot (services.stats_refresh), of the whole
site (stats_refresh_all) and of each open data zip, then the statistics pages' median and p95 through Django's
test client (in-process, no network) and their query counts.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_stats_bench")

from voting import create_database  # noqa: E402 - the vote's load test's harness: create the database once

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
USERS = int(os.environ.get("BENCH_USERS", "40000"))
VOTERS = int(os.environ.get("BENCH_VOTERS", "40000"))
ITEMS = int(os.environ.get("BENCH_ITEMS", "10"))
VOTE_SLUG = "stats-bench-vote"


def seed():
    from django.core.management import call_command

    from apps.spaces.models import Process

    if not Process.objects.filter(slug__startswith="grande-echelle").exists():
        started = time.monotonic()
        call_command("seed_load", users=USERS, proposals=10_000, supports=200_000, comments=50_000, verbosity=0)
        print(f"seed_load: {time.monotonic() - started:.1f} s")
    if not Process.objects.filter(slug=VOTE_SLUG).exists():
        started = time.monotonic()
        build_vote()
        print(f"the vote ({VOTERS} ballots of {ITEMS} projects): {time.monotonic() - started:.1f} s")


def build_vote():
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.accounts.models import Demographics
    from apps.budgets.models import Ballot, BallotItem, Budget, Channel, Participation, Project
    from apps.spaces.models import Phase, Process
    from apps.spaces.phases import PhaseKind

    rng = random.Random(2026)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        process = Process.objects.create(
            title="Budget participatif (banc d'essai)",
            title_en="Participatory budget (bench)",
            slug=VOTE_SLUG,
            is_published=True,
            start_date=today - timedelta(days=60),
            end_date=today + timedelta(days=30),
        )
        Phase.objects.create(
            process=process,
            kind=PhaseKind.VOTING,
            title="Vote",
            start_date=today - timedelta(days=21),
            end_date=today - timedelta(days=1),
        )
        Phase.objects.create(
            process=process,
            kind=PhaseKind.RESULTS,
            title="Résultats",
            start_date=today,
            end_date=today + timedelta(days=30),
        )
        budget = Budget.objects.create(
            process=process,
            title="Toute la ville",
            title_en="Whole city",
            total_amount=1_000_000,
            population=120_000,
            ballot_kind="approval",
            max_projects=ITEMS,
        )
        projects = Project.objects.bulk_create(
            Project(
                budget=budget,
                title=f"Projet {n}",
                title_en=f"Project {n}",
                cost=20_000 + 500 * n,
                status=Project.Status.SELECTED,
                position=n,
            )
            for n in range(40)
        )
        voters = list(
            get_user_model()
            .objects.filter(email__endswith="@load.pbplatform.invalid")
            .order_by("pk")
            .values_list("pk", flat=True)[:VOTERS]
        )
        channels = [Channel.ONLINE] * 8 + [Channel.ASSISTED, Channel.PAPER]
        ballots = []
        for user_id in voters:
            channel = rng.choice(channels)
            ballots.append(
                Ballot(
                    budget=budget,
                    voter_id=user_id if channel != Channel.PAPER else None,
                    channel=channel,
                    confirmed_at=now - timedelta(days=1 + rng.random() * 20),
                )
            )
        ballots = Ballot.objects.bulk_create(ballots, batch_size=5000)
        BallotItem.objects.bulk_create(
            (
                BallotItem(ballot_id=ballot.pk, project_id=project.pk)
                for ballot in ballots
                for project in rng.sample(projects, ITEMS)
            ),
            batch_size=20_000,
        )
        Participation.objects.bulk_create(
            (
                Participation(
                    budget=budget,
                    user_id=user_id,
                    channel=ballot.channel,
                    ballot=ballot if ballot.channel != Channel.PAPER else None,
                )
                for user_id, ballot in zip(voters, ballots, strict=True)
            ),
            batch_size=5000,
        )
        genders = [value for value, _label in Demographics.Gender.choices if value]
        categories = [value for value, _label in Demographics.SocioProfessionalCategory.choices if value]
        have = set(Demographics.objects.filter(user_id__in=voters).values_list("user_id", flat=True))
        Demographics.objects.bulk_create(
            (
                Demographics(
                    user_id=user_id,
                    gender=rng.choice(genders),
                    birth_year=today.year - rng.randint(16, 90),
                    socio_professional_category=rng.choice(categories),
                )
                for user_id in voters
                if user_id not in have and rng.random() < 0.75
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(label, func):
    started = time.monotonic()
    result = func()
    print(f"{label}: {1000 * (time.monotonic() - started):.0f} ms")
    return result


def page_times(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"  {url}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, {len(queries)} queries")


def main():
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    seed()

    from django.test import Client

    from apps.budgets.models import BallotItem, Participation
    from apps.spaces.models import Process
    from apps.stats import services

    vote = Process.objects.get(slug=VOTE_SLUG)
    load = Process.objects.filter(slug__startswith="grande-echelle").order_by("pk").first()
    print(
        f"data: {Participation.objects.filter(budget__process=vote).count()} voters, "
        f"{BallotItem.objects.filter(ballot__budget__process=vote).count()} ballot items; "
        f"{load.proposals.count()} proposals in {load.slug}"
    )
    print("compute (Celery task's work):")
    vote_snapshot = timed("  snapshot of the vote", lambda: services.stats_refresh(process=vote))
    load_snapshot = timed(f"  snapshot of {load.slug}", lambda: services.stats_refresh(process=load))
    print(
        f"  participants: vote {vote_snapshot.data['totals']['participants']}, {load.slug} "
        f"{load_snapshot.data['totals']['participants']}"
    )
    timed("  every process and the site (stats_refresh_all)", services.stats_refresh_all)
    timed("  open data zip of the vote", lambda: services.opendata_build(process=vote, force=True))
    build = timed(f"  open data zip of {load.slug}", lambda: services.opendata_build(process=load, force=True))
    print(f"  ({build.size / 1e6:.1f} MB, rows {build.counts})")
    timed("  open data fingerprint (unchanged data: no build)", lambda: services.opendata_fingerprint(load))
    print(f"pages ({RUNS} runs each, Django test client, anonymous):")
    client = Client(HTTP_HOST="127.0.0.1")
    for url in (
        f"/fr/processes/{vote.slug}/statistics/",
        f"/fr/processes/{load.slug}/statistics/",
        "/fr/statistics/",
        f"/fr/processes/{load.slug}/open-data/",
    ):
        page_times(client, url)


if __name__ == "__main__":
    main()
