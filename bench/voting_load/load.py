"""One headless Locust run (library API), started by bench/voting.py in its own process (Locust patches the
standard library for gevent, which the Django side of the bench must not see).

    python bench/voting_load/load.py --mode health|vote --host http://127.0.0.1:8765 --users 50 --seconds 60 \
        --plan plan.json --out result.json

health: each user GETs the health check in a loop (no cookie).
vote: each user takes the next voter of the plan (a signed-in session prepared in the database) and walks the whole
path through the real views: the vote page, three projects added to the basket (as htmx posts them), the review,
the confirmation, the receipt. Then the next voter, until the time is up or the voters run out.
"""

import argparse
import json
import random
import time
from http.cookiejar import Cookie

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

PLAN = {}
VOTERS = iter(())
BALLOTS = {"done": 0, "failed": 0, "started": 0, "first": None, "last": None}


def _cookie(name, value):
    return Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain="127.0.0.1",
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=True, comment=None, comment_url=None, rest={}, rfc2109=False,
    )  # fmt: skip


class Health(FastHttpUser):
    wait_time = constant(0)

    @task
    def health(self):
        with self.client.get("/healthz", name="health", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"health: {response.status_code}")


class Voter(FastHttpUser):
    wait_time = constant(0)

    def _expect(self, response, statuses, what):
        if response.status_code not in statuses:
            response.failure(f"{what}: HTTP {response.status_code}")
            return False
        response.success()
        return True

    @task
    def vote(self):
        try:
            voter = next(VOTERS)
        except StopIteration:
            raise StopUser() from None
        BALLOTS["started"] += 1
        jar = self.client.cookiejar
        jar.clear()
        jar.set_cookie(_cookie("sessionid", voter["session"]))
        jar.set_cookie(_cookie("csrftoken", voter["csrf"]))
        jar.set_cookie(_cookie("django_language", PLAN["language"]))
        urls = PLAN["urls"]
        post_headers = {"X-CSRFToken": voter["csrf"], "Content-Type": "application/x-www-form-urlencoded"}
        htmx_headers = {**post_headers, "HX-Request": "true", "HX-Current-URL": PLAN["host"] + urls["detail"]}
        ok = True
        with self.client.get(urls["detail"], name="1 vote page", catch_response=True) as response:
            ok = self._expect(response, (200,), "vote page")
        for project in random.sample(PLAN["projects"], PLAN["choices"]) if ok else []:
            body = f"project={project}&csrfmiddlewaretoken={voter['csrf']}"
            with self.client.post(
                urls["add"], data=body, headers=htmx_headers, name="2 basket add", catch_response=True,
                allow_redirects=False,
            ) as response:  # fmt: skip
                ok = self._expect(response, (200, 302), "basket add")
            if not ok:
                break
        if ok:
            with self.client.get(urls["review"], name="3 review", catch_response=True) as response:
                ok = self._expect(response, (200,), "review")
        if ok:
            with self.client.post(
                urls["confirm"], data=f"csrfmiddlewaretoken={voter['csrf']}", headers=post_headers,
                name="4 confirm", catch_response=True, allow_redirects=False,
            ) as response:  # fmt: skip
                ok = self._expect(response, (302, 303), "confirm")
                if ok and urls["receipt"] not in (response.headers.get("Location") or ""):
                    response.failure(f"confirm: redirected to {response.headers.get('Location')}")
                    ok = False
        if ok:
            with self.client.get(urls["receipt"], name="5 receipt", catch_response=True) as response:
                ok = self._expect(response, (200,), "receipt")
        now = time.monotonic()
        if ok:
            BALLOTS["done"] += 1
            BALLOTS["first"] = BALLOTS["first"] or now
            BALLOTS["last"] = now
        else:
            BALLOTS["failed"] += 1


def _percentiles(entry):
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "max_ms": entry.max_response_time,
        "avg_ms": entry.avg_response_time,
    }


def main():
    global PLAN, VOTERS
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("health", "vote"), required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--plan")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.plan:
        with open(args.plan) as handle:
            PLAN = json.load(handle)
        PLAN["host"] = args.host
        VOTERS = iter(PLAN["voters"])
    user_class = Health if args.mode == "health" else Voter
    env = Environment(user_classes=[user_class], host=args.host)
    runner = env.create_local_runner()
    # The event loop's clock was last read before the imports: refresh it, or the stop timer fires early.
    gevent.get_hub().loop.update_now()
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.users)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    elapsed = time.monotonic() - started
    stats = env.stats
    errors = [
        {"name": e.name, "method": e.method, "error": str(e.error), "occurrences": e.occurrences}
        for e in stats.errors.values()
    ]
    result = {
        "mode": args.mode,
        "users": args.users,
        "seconds": elapsed,
        "total": _percentiles(stats.total),
        "rps": stats.total.num_requests / elapsed,
        "by_name": {name: _percentiles(entry) for (name, _method), entry in sorted(stats.entries.items())},
        "errors": errors,
        "ballots": BALLOTS["done"],
        "ballots_failed": BALLOTS["failed"],
        "ballots_started": BALLOTS["started"],
        "voters_left": sum(1 for _ in VOTERS),
    }
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
