"""Fill the page cache before a spike (the evening a vote opens, a newsletter sent to the whole town).

    manage.py warm_pages --base-url https://budget.example.org
    manage.py warm_pages --base-url http://127.0.0.1:8000 --languages fr,en --limit 20000 --concurrency 4

Requests, as an anonymous visitor would, the long-lived pages the apps registered with a way to warm them
(apps/core/pagecache.py: `register_page(..., warm=...)`; the proposals' pages, the most supported first), so the
first visitors of each page get it from the cache rather than having it rendered for them. The cache's key holds the
scheme and host: give the site's own address, as visitors type it. Pages already in the cache are left as they are.
Short-lived pages (the lists, kept PAGE_CACHE_SECONDS) are not requested: they would expire before the visitors come.
"""

import itertools
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.core.pagecache import pages_to_warm

REPORTED_FAILURES = 10
BATCH_PER_WORKER = 25


class Command(BaseCommand):
    help = "Request the pages worth caching before a spike (the most supported proposals' pages), as a visitor would."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="The site's address as visitors type it.")
        parser.add_argument(
            "--languages",
            default=",".join(code for code, _name in settings.LANGUAGES),
            help="Comma-separated language codes (default: every language of the site).",
        )
        parser.add_argument("--limit", type=int, default=None, help="At most this many pages of each kind.")
        parser.add_argument("--concurrency", type=int, default=4, help="Requests at the same time (default 4).")
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait for one page.")

    def handle(self, *args, base_url, languages, limit, concurrency, timeout, **options):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(_("--base-url must be an address such as https://budget.example.org."))
        known = {code for code, _name in settings.LANGUAGES}
        codes = [code.strip() for code in languages.split(",") if code.strip()]
        if not codes or set(codes) - known:
            raise CommandError(_("--languages takes codes among: %(codes)s.") % {"codes": ", ".join(sorted(known))})
        if concurrency < 1 or (limit is not None and limit < 0):
            raise CommandError(_("--concurrency must be 1 or more, and --limit 0 or more."))
        root = f"{parts.scheme}://{parts.netloc}"
        started = time.monotonic()
        outcomes, failures = Counter(), []

        def fetch(path):
            # No cookie: the request the cache answers for every anonymous visitor. gzip: what browsers ask.
            request = urllib.request.Request(root + path, headers={"Accept-Encoding": "gzip"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked
                    response.read()
                    return path, response.status, response.headers.get("X-Cache") or "none"
            except urllib.error.HTTPError as error:
                return path, error.code, "error"
            except (urllib.error.URLError, OSError) as error:
                return path, None, str(getattr(error, "reason", error))

        paths = pages_to_warm(languages=codes, limit=limit)
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            # A batch at a time: a server that answers nothing stops the run after the first batch.
            while batch := list(itertools.islice(paths, concurrency * BATCH_PER_WORKER)):
                for path, status, state in pool.map(fetch, batch):
                    if status == 200:
                        outcomes[state] += 1
                    else:
                        outcomes["failed"] += 1
                        if len(failures) < REPORTED_FAILURES:  # the first few are said; the count says the rest
                            failures.append((path, status, state))
                if outcomes["failed"] == sum(outcomes.values()):
                    break
        for path, status, state in failures:
            self.stderr.write(f"{status or '-'} {root}{path}: {state}")
        requested = sum(outcomes.values())
        if requested and outcomes["failed"] == requested:
            raise CommandError(_("No page could be fetched from %(root)s.") % {"root": root})
        self.stdout.write(
            _(
                "%(requested)d pages requested in %(seconds).0f s: %(rendered)d rendered into the cache, "
                "%(cached)d already cached, %(other)d not cached, %(failed)d failed."
            )
            % {
                "requested": requested,
                "seconds": time.monotonic() - started,
                "rendered": outcomes["miss"],
                "cached": outcomes["hit"] + outcomes["stale"],
                "other": requested - outcomes["miss"] - outcomes["hit"] - outcomes["stale"] - outcomes["failed"],
                "failed": outcomes["failed"],
            }
        )
