"""One headless Locust run of the city mix (library API), started by bench/load.py in its own process (Locust
patches the standard library for gevent, which the Django side of the bench must not see).

    python bench/voting_load/city.py --mode health|anonymous|mix --host http://127.0.0.1:8765 --users 50 \
        --seconds 45 --plan plan.json --out result.json

health: each user GETs the health check in a loop (no cookie).
anonymous: visitors browse: home, the process, the proposal list (random order, sorted, filtered, further pages),
proposal pages, searches. A visitor keeps their cookies for about twenty pages, then a new visitor comes.
mix: 80 % such visitors, 20 % signed-in residents who read, support, comment and follow (as htmx posts them).
Each resident user takes the next prepared session every few actions, so no one hits the per-person rate limits.
"""

import argparse
import itertools
import json
import random
import time
from http.cookiejar import Cookie

import gevent
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

PLAN = {}
SESSIONS = iter(())
WRITES = {"support": 0, "comment": 0, "follow": 0}
CACHE = {}  # page name -> {"hit": n, "miss": n, "bypass": n, "none": n}: the page cache's X-Cache header


def _cookie(name, value):
    return Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain="127.0.0.1",
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=True, comment=None, comment_url=None, rest={}, rfc2109=False,
    )  # fmt: skip


ZIPF = {}  # the proposals ranked by supports, and the cumulated weights of their ranks


def _proposal():
    """Which proposal page a visitor opens.

    "zipf" (BENCH_POPULARITY's default): a Zipf-like popularity, as pages' audiences are: the proposal ranked r by
    its supports draws a share proportional to 1 / r^s (BENCH_ZIPF_S, 1.0), over every proposal of the process.
    "spread" (the earlier mix): half the visits go to the 1,000 most supported proposals (shared links, the top of
    the sorted list), half to any proposal.
    """
    if PLAN.get("popularity") == "zipf":
        if not ZIPF:
            weights = itertools.accumulate(1 / rank ** PLAN["zipf_s"] for rank in range(1, len(PLAN["ranked"]) + 1))
            ZIPF["cum"] = list(weights)
        return random.choices(PLAN["ranked"], cum_weights=ZIPF["cum"])[0]
    pool = PLAN["popular"] if random.random() < 0.5 else PLAN["proposals"]
    return random.choice(pool)


class Health(FastHttpUser):
    wait_time = constant(0)

    @task
    def health(self):
        with self.client.get("/healthz", name="health", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"health: {response.status_code}")


class Visitor(FastHttpUser):
    """An anonymous resident browsing (no think time unless --think: the server's capacity, as for the health
    check)."""

    weight = 8
    wait_time = constant(0)
    pages = 0

    def _get(self, url, name):
        self.pages += 1
        if self.pages % 20 == 0:
            self.client.cookiejar.clear()  # a new visitor
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name}: HTTP {response.status_code}")
            seen = CACHE.setdefault(name, {})
            state = (response.headers or {}).get("X-Cache") or "none"
            seen[state] = seen.get(state, 0) + 1

    @task(10)
    def home(self):
        self._get(PLAN["urls"]["home"], "home")

    @task(10)
    def process(self):
        self._get(PLAN["urls"]["process"], "process")

    @task(10)
    def list_default(self):
        self._get(PLAN["urls"]["list"], "list (random order)")

    @task(10)
    def list_sorted(self):
        order = random.choice(("supports", "comments", "recent"))
        self._get(f"{PLAN['urls']['list']}?order={order}", "list sorted")

    @task(8)
    def list_filtered(self):
        category = random.choice(PLAN["categories"])
        order = random.choice(("supports", "recent", "random"))
        self._get(f"{PLAN['urls']['list']}?category={category}&order={order}", "list filtered")

    @task(4)
    def list_further(self):
        page = random.randint(2, 6)
        self._get(f"{PLAN['urls']['list']}?order=supports&page={page}", "list page 2-6")

    @task(35)
    def proposal(self):
        self._get(PLAN["proposal_url"].format(pk=_proposal()), "proposal")

    @task(8)
    def search(self):
        word = random.choice(PLAN["words"])
        self._get(PLAN["search_url"].format(q=word), "search")


class Resident(FastHttpUser):
    """A signed-in resident: reads proposals and the list, supports, comments and follows."""

    weight = 2
    wait_time = constant(0)
    session = None
    actions = 0

    def _next_session(self):
        self.session = next(SESSIONS)
        jar = self.client.cookiejar
        jar.clear()
        jar.set_cookie(_cookie("sessionid", self.session["session"]))
        jar.set_cookie(_cookie("csrftoken", self.session["csrf"]))
        self.actions = 0

    def _ensure_session(self):
        if self.session is None or self.actions >= 4:
            self._next_session()
        self.actions += 1

    def _post(self, url, body, name, expect):
        headers = {
            "X-CSRFToken": self.session["csrf"],
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "HX-Current-URL": PLAN["host"] + PLAN["urls"]["list"],
        }
        with self.client.post(url, data=body, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name}: HTTP {response.status_code}")
            elif expect not in (response.text or ""):
                response.failure(f"{name}: the answer does not show it done ({expect!r} missing)")
            else:
                WRITES[name] += 1

    @task(4)
    def read(self):
        self._ensure_session()
        pk = random.choice(self.session["proposals"])
        with self.client.get(PLAN["proposal_url"].format(pk=pk), name="proposal (signed in)", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"proposal (signed in): HTTP {r.status_code}")

    @task(2)
    def browse(self):
        self._ensure_session()
        with self.client.get(PLAN["urls"]["list"] + "?order=recent", name="list (signed in)", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"list (signed in): HTTP {r.status_code}")

    @task(3)
    def support(self):
        self._ensure_session()
        pk = random.choice(self.session["proposals"])
        body = f"csrfmiddlewaretoken={self.session['csrf']}"
        self._post(PLAN["support_url"].format(pk=pk), body, "support", f"/proposals/{pk}/unsupport/")

    @task(1)
    def comment(self):
        self._ensure_session()
        pk = random.choice(self.session["proposals"])
        token = f"{random.randrange(16**8):08x}"
        text = f"{random.choice(PLAN['comments'])} ({token})"
        body = f"csrfmiddlewaretoken={self.session['csrf']}&body={_quote(text)}&opinion=in_favour"
        self._post(PLAN["comment_url"].format(pk=pk), body, "comment", token)

    @task(1)
    def follow(self):
        self._ensure_session()
        pk = random.choice(self.session["proposals"])
        body = f"csrfmiddlewaretoken={self.session['csrf']}&content_type={PLAN['content_type']}&object_id={pk}"
        self._post(PLAN["follow_url"], body, "follow", "/unfollow/")


def _quote(text):
    from urllib.parse import quote_plus

    return quote_plus(text)


def _percentiles(entry):
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "max_ms": entry.max_response_time,
    }


def main():
    global PLAN, SESSIONS
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("health", "anonymous", "mix"), required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--plan")
    parser.add_argument("--out", required=True)
    parser.add_argument("--think", default="0", help="Seconds between a user's requests: 0, or a range: 1-3.")
    args = parser.parse_args()
    if args.think != "0":
        low, _dash, high = args.think.partition("-")
        Visitor.wait_time = Resident.wait_time = between(float(low), float(high or low))
    if args.plan:
        with open(args.plan) as handle:
            PLAN = json.load(handle)
        PLAN["host"] = args.host
        random.shuffle(PLAN["residents"])
        SESSIONS = itertools.cycle(PLAN["residents"])
    classes = {"health": [Health], "anonymous": [Visitor], "mix": [Visitor, Resident]}[args.mode]
    env = Environment(user_classes=classes, host=args.host)
    runner = env.create_local_runner()
    gevent.get_hub().loop.update_now()  # the loop's clock was last read before the imports
    started = time.monotonic()
    runner.start(args.users, spawn_rate=max(args.users / 2, 1))
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    elapsed = time.monotonic() - started
    stats = env.stats
    by_name = {name: _percentiles(entry) for (name, _method), entry in sorted(stats.entries.items())}
    anonymous = [e for (name, _m), e in stats.entries.items() if name in ANONYMOUS_PAGES]
    result = {
        "mode": args.mode,
        "users": args.users,
        "seconds": elapsed,
        "total": _percentiles(stats.total),
        "rps": stats.total.num_requests / elapsed,
        "anonymous_rps": sum(e.num_requests for e in anonymous) / elapsed,
        "by_name": by_name,
        "errors": [
            {"name": e.name, "method": e.method, "error": str(e.error), "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
        "writes": WRITES,
        "cache": CACHE,
    }
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1)


ANONYMOUS_PAGES = {"home", "process", "list (random order)", "list sorted", "list filtered", "list page 2-6",
                   "proposal", "search"}  # fmt: skip

if __name__ == "__main__":
    main()
