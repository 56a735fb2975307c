"""How long sending a newsletter to 20,000 people takes: eager Celery (in the process) and a real Celery worker on
Redis, with the local-memory e-mail backend (no SMTP server: what is measured is our side of the work).

    .venv/bin/python bench/newsletter.py
    BENCH_RECIPIENTS=5000 BENCH_CONCURRENCY=2 .venv/bin/python bench/newsletter.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_newsletter REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/newsletter.py

Needs PostgreSQL (the worker and this script share the database; SQLite is refused) and Redis. The script drops and
creates its database (`bench_newsletter` unless DATABASE_URL names another), migrates it, creates BENCH_RECIPIENTS
opted-in users (French, English and Spanish in turn), then:

1. **eager**: one newsletter sent with CELERY_TASK_ALWAYS_EAGER, all batches in this process;
2. **redis**: another newsletter, queued on Redis (database 7 by default, emptied before and after) to a Celery
   worker the script starts in the background (BENCH_CONCURRENCY processes, 2 by default) and stops at the end.

The rate limit is off for the measurement (NEWSLETTER_RATE_PER_MINUTE=0); with it, the time is at least
recipients / rate minutes (20,000 at the default 600 a minute: 33 min 20 s). For each run it prints the time to
confirm (the request: segment, 20,000 Delivery rows, the queued task), the time until the newsletter is `sent`,
messages per second, and checks that everyone got exactly one message.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "20000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_newsletter")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
ENV = {
    "DJANGO_SETTINGS_MODULE": "pbplatform.settings.local",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "NEWSLETTER_RATE_PER_MINUTE": "0",
    "CELERY_TASK_ALWAYS_EAGER": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)


def recreate_database():
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(DATABASE_URL)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("bench/newsletter.py needs PostgreSQL (the worker shares the database): set DATABASE_URL")
    admin = psycopg2.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def build_users():
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from apps.accounts.models import User

    now = timezone.now()
    password = make_password(None)
    languages = ("fr", "en", "es")
    User.objects.bulk_create(
        (
            User(
                email=f"resident{i}@bench.example.org", nickname=f"resident{i}", display_name=f"Resident {i}",
                password=password, language=languages[i % 3], newsletter_opt_in=True, newsletter_opt_in_at=now,
            )
            for i in range(RECIPIENTS)
        ),
        batch_size=5000,
    )
    return User.objects.create_user(email="comms@bench.example.org", is_superuser=True, is_staff=True)


def newsletter(admin, name):
    from apps.newsletters import services

    body = "<p>Bonjour,</p><p>Le vote du budget participatif ouvre lundi.</p>" * 4
    return services.newsletter_save(
        actor=admin,
        data={"subject_fr": f"Lettre {name}", "subject_en": f"Letter {name}", "subject_es": f"Boletín {name}",
              "body_fr": body, "body_en": body.replace("Bonjour", "Hello"), "segment": "everyone"},
    )


def wait_until_sent(letter, timeout=3600):
    from apps.newsletters.models import Newsletter

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Newsletter.objects.filter(pk=letter.pk, status="sent").exists():
            return True
        time.sleep(0.2)
    return False


def check(letter):
    from django.db.models import Count

    from apps.newsletters.models import Delivery

    rows = Delivery.objects.filter(newsletter=letter)
    sent = rows.filter(status="sent").count()
    twice = rows.values("user_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    return sent, rows.exclude(status="sent").count(), twice


def run(label, admin):
    from apps.newsletters import services

    letter = newsletter(admin, label)
    start = time.perf_counter()
    services.newsletter_send(newsletter=letter, actor=admin)  # autocommit: the task is queued (or run) on return
    confirmed = time.perf_counter() - start
    finished = wait_until_sent(letter)
    total = time.perf_counter() - start
    sent, other, twice = check(letter)
    status = "" if finished else "  (NOT FINISHED)"
    print(f"{label:<7} {confirmed:>10.1f} {total:>10.1f} {sent / total:>10.0f} {sent:>8,} {other:>6} {twice:>6}"
          + status)
    return total


def start_worker():
    command = [
        str(ROOT / ".venv" / "bin" / "celery"), "-A", "pbplatform", "worker", "--loglevel", "WARNING",
        "--concurrency", str(CONCURRENCY), "--without-gossip", "--without-mingle", "-n", "bench-newsletter@%h",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV}, start_new_session=True)
    from pbplatform.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return worker
        time.sleep(0.5)
    stop_worker(worker)
    sys.exit("the Celery worker did not start")


def stop_worker(worker):
    os.killpg(worker.pid, signal.SIGTERM)  # the worker we started and its pool processes only
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)


def main():
    recreate_database()
    flush_redis()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from pbplatform.celery import app

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    admin = build_users()
    print(f"database: {settings.DATABASES['default']['NAME']} (PostgreSQL); {RECIPIENTS:,} opted-in users built in "
          f"{time.perf_counter() - start:.1f} s; batches of {settings.NEWSLETTER_BATCH_SIZE}, no rate limit, "
          f"e-mail backend {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}")
    print(f"{'celery':<7} {'confirm s':>10} {'total s':>10} {'mails/s':>10} {'sent':>8} {'other':>6} {'twice':>6}")
    app.conf.task_always_eager = True
    run("eager", admin)
    app.conf.task_always_eager = False
    worker = start_worker()
    try:
        run("redis", admin)
    finally:
        stop_worker(worker)
        flush_redis()
    print(f"(worker: {CONCURRENCY} processes; {settings.NEWSLETTER_PARALLEL_BATCHES} chains of batches at once, each "
          "batch queues the next of its chain; eager runs them one after the other)")
    rate = 600
    print(f"with NEWSLETTER_RATE_PER_MINUTE={rate}: at least {RECIPIENTS / rate:.0f} min for {RECIPIENTS:,} people")


if __name__ == "__main__":
    main()
