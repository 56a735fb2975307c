"""A large data set, fast: processes, residents, proposals, supports, comments and follows for load tests.

    python manage.py seed_load                                     # 50,000 proposals, 20,000 residents, ...
    python manage.py seed_load --proposals 2000 --users 1000 --supports 20000 --comments 8000 --seed 7

Rows are computed in memory (numpy for the support pairs) and written in one transaction: COPY on PostgreSQL
(psycopg2's copy_expert), bulk_create elsewhere. The stored counters (Proposal.support_count and comment_count,
Comment.reply_count) are computed from the rows written, so they equal them. The database's own rules hold: one
support per resident and proposal, never an author's own proposal (PostgreSQL's trigger checks every row).
Refuses to run twice on one database (the residents' e-mail domain or the process slug already there).
"""

import io
import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from apps.comments.models import Comment
from apps.core.pagecache import bump_site
from apps.notifications.models import Follow
from apps.proposals.models import Proposal, proposal_settings_for
from apps.spaces.models import Phase, Process
from apps.spaces.phases import PhaseKind
from apps.spaces.selectors import current_terms_version
from apps.supports import load_text
from apps.supports.models import Support, support_settings_for
from apps.taxonomy.models import Category

PASSWORD = "load-budget-2026"
EMAIL_DOMAIN = "@load.pbplatform.invalid"
SLUG = "grande-echelle"
CENTRE = (50.6292, 3.0573)


class Command(BaseCommand):
    help = "Build a large data set (processes, residents, proposals, supports, comments, follows) for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=50_000)
        parser.add_argument("--users", type=int, default=20_000)
        parser.add_argument("--supports", type=int, default=500_000)
        parser.add_argument("--comments", type=int, default=200_000)
        parser.add_argument("--processes", type=int, default=1, help="Processes sharing the proposals (1 to 9).")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data set.")

    def handle(self, *args, **options):
        import numpy as np

        self.started = self.lap = time.monotonic()
        n_proposals, n_users = options["proposals"], options["users"]
        n_supports, n_comments, n_processes = options["supports"], options["comments"], options["processes"]
        if n_users < 2 or n_proposals < 1 or not 1 <= n_processes <= 9 or min(n_supports, n_comments) < 0:
            raise CommandError("Give at least 2 users, 1 proposal, 1 to 9 processes, and no negative count.")
        User = get_user_model()
        if (
            User.objects.filter(email__endswith=EMAIL_DOMAIN).exists()
            or Process.objects.filter(slug__startswith=SLUG).exists()
        ):
            raise CommandError(
                f"This database already holds a load data set (residents *{EMAIL_DOMAIN}, process {SLUG}). "
                "seed_load builds it once: run it on a fresh database (migrate a new DATABASE_URL)."
            )
        self.rng = random.Random(options["seed"])
        self.np_rng = np.random.default_rng(options["seed"])
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now().replace(microsecond=0)
        with transaction.atomic():
            processes = self._processes(n_processes)
            users = self._users(n_users)
            # Who supports and comments what is drawn first, so each proposal is written with its counters (an
            # UPDATE afterwards would rewrite every row and its search vectors).
            proposals = self._draw_proposals(n_proposals, users, processes)
            supports = self._draw_supports(n_supports, users, proposals)
            comments, comment_counts = self._draw_comments(n_comments, users, proposals)
            self._step("supports and comments drawn", len(supports[0]) + len(comments))
            self._write_proposals(proposals, users, processes, supports, comment_counts)
            self._write_supports(users, proposals, supports)
            self._write_comments(comments)
            self._follows(users, proposals, supports)
            self._reset_sequences()
        bump_site()  # cached anonymous pages start afresh: they were made before the data set
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics at once, as autovacuum would give them later
        total = time.monotonic() - self.started
        self.stdout.write(self.style.SUCCESS(f"Load data set ready in {total:.1f} s."))
        for process in processes:
            self.stdout.write(f"  process: /fr/processes/{process.slug}/ (supports and comments open)")
        self.stdout.write(f"  residents: resident-000000{EMAIL_DOMAIN} ... resident-{n_users - 1:06d}{EMAIL_DOMAIN}")
        self.stdout.write(f"  password for all: {PASSWORD}")

    # -- helpers -------------------------------------------------------------------------------------------------

    def _step(self, label, rows):
        now = time.monotonic()
        self.stdout.write(f"  {label:<34} {rows:>9,} rows {now - self.lap:7.1f} s")
        self.stdout.flush()
        self.lap = now

    def _next_id(self, model):
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def _write(self, model, columns, rows):
        """Insert rows (tuples in `columns` order; the model's other fields take their defaults)."""
        fields = {f.attname: f for f in model._meta.concrete_fields if not getattr(f, "generated", False)}
        rest = [name for name in fields if name not in columns]
        # A callable default (a random key per row...) is called for each row, as a model instance would.
        drawn = [name for name in rest if fields[name].has_default() and callable(fields[name].default)]
        fixed = [name for name in rest if name not in drawn]
        constant = tuple(fields[name].get_default() for name in fixed)
        columns = list(columns) + fixed + drawn
        if drawn:
            makers = [fields[name].default for name in drawn]
            rows = (row + constant + tuple(make() for make in makers) for row in rows)
        else:
            rows = (row + constant for row in rows)
        if self.postgres:
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(fields[c].column) for c in columns)
            buffer, written = io.StringIO(), 0
            with connection.cursor() as cursor:
                raw = cursor.cursor
                for row in rows:
                    buffer.write("\t".join(map(_copy_value, row)))
                    buffer.write("\n")
                    written += 1
                    if written % 50_000 == 0:
                        buffer.seek(0)
                        raw.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
                        buffer = io.StringIO()
                buffer.seek(0)
                raw.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
            return
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) == 2000:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)

    def _reset_sequences(self):
        from allauth.account.models import EmailAddress

        models = [get_user_model(), EmailAddress, Proposal, Support, Comment, Follow]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def _stamps(self, start, end):
        """Random moments between two arrays of epoch seconds, as ISO strings (vectorised)."""
        import numpy as np

        seconds = start + (end - start) * self.np_rng.random(len(start))
        return np.char.add(np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s"), "+00:00")

    # -- phases of the build -------------------------------------------------------------------------------------

    def _processes(self, count):
        today = timezone.localdate()
        processes = []
        for n in range(count):
            suffix = f" ({n + 1})" if count > 1 else ""
            process = Process.objects.create(
                slug=SLUG if n == 0 else f"{SLUG}-{n + 1}",
                title_fr=f"Budget participatif à grande échelle{suffix}",
                title_en=f"Participatory budget at scale{suffix}",
                title_es=f"Presupuesto participativo a gran escala{suffix}",
                short_description_fr="Les habitants proposent, soutiennent et commentent des projets pour leur ville.",
                short_description_en="Residents propose, support and discuss projects for their town.",
                short_description_es="Los vecinos proponen, apoyan y comentan proyectos para su ciudad.",
                description_fr="<p>Un jeu de données de charge : des dizaines de milliers de propositions.</p>",
                description_en="<p>A load-test data set: tens of thousands of proposals.</p>",
                description_es="<p>Un conjunto de datos de carga: decenas de miles de propuestas.</p>",
                is_published=True,
                start_date=today - timedelta(days=90),
                end_date=today + timedelta(days=120),
                budget_envelope=Decimal("2000000"),
            )
            for kind, start, end, titles in (
                (PhaseKind.INFORMATION, -90, -86, ("Information", "Information", "Información")),
                (PhaseKind.PROPOSALS, -85, -21, ("Dépôt des idées", "Ideas", "Ideas")),
                (PhaseKind.SUPPORTS, -20, 40, ("Soutiens", "Supports", "Apoyos")),
                (PhaseKind.FEASIBILITY, 41, 70, ("Étude de faisabilité", "Feasibility review", "Viabilidad")),
                (PhaseKind.VOTING, 71, 100, ("Vote", "Vote", "Votación")),
            ):
                Phase.objects.create(
                    process=process, kind=kind, start_date=today + timedelta(days=start),
                    end_date=today + timedelta(days=end), title_fr=titles[0], title_en=titles[1], title_es=titles[2],
                )  # fmt: skip
            settings = proposal_settings_for(process)
            settings.proposals_per_user = None
            settings.map_latitude, settings.map_longitude, settings.map_zoom = Decimal("50.6292"), Decimal("3.0573"), 13
            settings.save()
            supports = support_settings_for(process)
            supports.supports_per_user = None
            supports.save()
            process.load_categories = [
                Category.objects.create(
                    process=process, name_fr=names[0], name_en=names[1], name_es=names[2], position=i
                )  # fmt: skip
                for i, (names, _actions) in enumerate(load_text.CATEGORIES)
            ]
            processes.append(process)
        self._step(f"{count} process(es), phases, categories", count)
        return processes

    def _users(self, count):
        from allauth.account.models import EmailAddress

        User = get_user_model()
        first = self._next_id(User)
        password = make_password(PASSWORD)  # one hash for every resident: hashing is slow on purpose
        terms = current_terms_version()
        joined = self.now - timedelta(days=100)
        ids, rows, emails = [], [], []
        for n in range(count):
            display, nickname, email = load_text.person(self.rng, n)
            pk = first + n
            ids.append(pk)
            emails.append((pk, email))
            language = "fr" if n % 10 < 8 else ("en" if n % 10 == 8 else "es")
            rows.append((pk, email, display, nickname, password, language, joined + timedelta(minutes=n % 100_000),
                         terms, joined if terms else None, True))  # fmt: skip
        self._write(User, ["id", "email", "display_name", "nickname", "password", "language", "date_joined",
                           "terms_version", "terms_accepted_at", "is_active"], rows)  # fmt: skip
        self._step("residents", count)
        email_first = self._next_id(EmailAddress)
        self._write(
            EmailAddress, ["id", "user_id", "email", "verified", "primary"],
            ((email_first + i, pk, email, True, True) for i, (pk, email) in enumerate(emails)),
        )  # fmt: skip
        self._step("verified e-mail addresses", count)
        return ids

    def _draw_proposals(self, count, users, processes):
        """The arrays the later phases sample from: ids, authors, publication moments, statuses, processes."""
        import numpy as np

        first = self._next_id(Proposal)
        author_index = self.np_rng.integers(0, len(users), count)
        # Published over the ideas phase (85 to 21 days ago), the newest ids latest, as on a real site.
        start = (self.now - timedelta(days=85)).timestamp()
        end = (self.now - timedelta(days=21)).timestamp()
        published = np.sort(start + (end - start) * self.np_rng.random(count))
        status = np.where(self.np_rng.random(count) < 0.03, Proposal.Status.WITHDRAWN, Proposal.Status.PUBLISHED)
        process_index = np.arange(count) % len(processes)
        return {
            "ids": np.arange(first, first + count),
            "author": author_index,
            "published": published,
            "status": status,
            "open": status == Proposal.Status.PUBLISHED,
            "process_index": process_index,
            "process": np.array([p.pk for p in processes])[process_index],
        }

    def _write_proposals(self, proposals, users, processes, supports, comment_counts):
        """Proposal rows with realistic text, written with their stored counters."""
        import numpy as np

        rng = self.rng
        count = len(proposals["ids"])
        support_counts = np.bincount(supports[1], minlength=count).tolist()
        comment_counts = comment_counts.tolist()
        published, status = proposals["published"], proposals["status"]
        rows = []
        for i in range(count):
            pk = int(proposals["ids"][i])
            process = processes[proposals["process_index"][i]]
            category = rng.randrange(len(load_text.CATEGORIES))
            title, body = load_text.proposal_text(rng, category, load_text.language_for(rng))
            at = datetime.fromtimestamp(published[i], tz=UTC).replace(microsecond=0)
            if rng.random() < 0.7:
                lat = Decimal(f"{CENTRE[0] + rng.uniform(-0.02, 0.02):.6f}")
                lon = Decimal(f"{CENTRE[1] + rng.uniform(-0.03, 0.03):.6f}")
                address = f"{rng.randint(1, 180)} {rng.choice(load_text.STREETS)}"
            else:
                lat = lon = None
                address = ""
            withdrawn = status[i] == Proposal.Status.WITHDRAWN
            rows.append((
                pk, at, at, process.pk, users[proposals["author"][i]], f"PB-{at.year}-{pk:04d}", title, body,
                process.load_categories[category].pk, address, lat, lon, str(status[i]), 4, at,
                at + timedelta(days=3) if withdrawn else None, support_counts[i], comment_counts[i],
            ))  # fmt: skip
        self._write(Proposal, ["id", "created_at", "updated_at", "process_id", "author_id", "reference", "title",
                               "body", "category_id", "address", "latitude", "longitude", "status", "wizard_step",
                               "published_at", "withdrawn_at", "support_count", "comment_count"], rows)  # fmt: skip
        self._step("proposals (with their counters)", count)

    def _draw_supports(self, count, users, proposals):
        """Unique (resident, proposal) pairs, never the author's own: popular proposals and active residents draw
        more (log-normal weights), as on a real site."""
        import numpy as np

        open_index = np.flatnonzero(proposals["open"])
        if count == 0 or len(open_index) == 0:
            return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        n_users = len(users)
        popularity = self.np_rng.lognormal(0, 1.3, len(open_index))
        popularity /= popularity.sum()
        activity = self.np_rng.lognormal(0, 1.0, n_users)
        activity /= activity.sum()
        capacity = len(open_index) * n_users - len(open_index)
        if count > capacity * 0.5:
            raise CommandError(
                f"{count} supports is too many for these residents and proposals (at most {capacity // 2})."
            )
        keys = np.zeros(0, dtype=np.int64)
        for _attempt in range(20):
            want = int((count - len(keys)) * 1.15) + 100
            u = self.np_rng.choice(n_users, want, p=activity)
            p = open_index[self.np_rng.choice(len(open_index), want, p=popularity)]
            fresh = u != proposals["author"][p]
            keys = np.unique(np.concatenate([keys, u[fresh].astype(np.int64) * len(proposals["ids"]) + p[fresh]]))
            if len(keys) >= count:
                break
        keys = self.np_rng.permutation(keys)[:count]
        return keys // len(proposals["ids"]), keys % len(proposals["ids"])

    def _write_supports(self, users, proposals, supports):
        import numpy as np

        user_index, proposal_index = supports
        published = proposals["published"][proposal_index]
        stamps = self._stamps(published, np.full(len(published), self.now.timestamp()))
        first = self._next_id(Support)
        users_arr = np.asarray(users)
        rows = zip(
            range(first, first + len(user_index)),
            users_arr[user_index].tolist(),
            proposals["ids"][proposal_index].tolist(),
            proposals["process"][proposal_index].tolist(),
            stamps.tolist(),
            strict=True,
        )
        self._write(Support, ["id", "user_id", "proposal_id", "process_id", "created_at"], (tuple(r) for r in rows))
        self._step("supports", len(user_index))

    def _draw_comments(self, count, users, proposals):
        """Threads on the proposals (popular ones draw more), up to three levels: (rows, count per proposal)."""
        import numpy as np

        n = len(proposals["ids"])
        if count == 0:
            return [], np.zeros(n, dtype=np.int64)
        weights = self.np_rng.lognormal(0, 1.3, n)
        per_proposal = np.bincount(self.np_rng.choice(n, count, p=weights / weights.sum()), minlength=n)
        activity = self.np_rng.lognormal(0, 1.0, len(users))
        authors = self.np_rng.choice(len(users), count, p=activity / activity.sum())
        first = self._next_id(Comment)
        now = self.now.timestamp()
        rng = self.rng
        opinions = [Comment.Opinion.IN_FAVOUR] * 5 + [Comment.Opinion.AGAINST] * 2 + [Comment.Opinion.NEUTRAL] * 3
        rows, pk, k = [], first, 0
        for index in np.flatnonzero(per_proposal).tolist():
            total = int(per_proposal[index])
            start = proposals["published"][index]
            moments = np.sort(start + (now - start) * self.np_rng.random(total))
            stamps = np.char.add(np.datetime_as_string(moments.astype("datetime64[s]"), unit="s"), "+00:00").tolist()
            thread = []  # [pk, depth, reply_count] of this proposal's comments so far
            proposal_id, process_id = int(proposals["ids"][index]), int(proposals["process"][index])
            language = load_text.language_for(rng)
            for j in range(total):
                parent = None
                if thread and rng.random() < 0.35:
                    candidate = thread[rng.randrange(len(thread))]
                    if candidate[1] < Comment.MAX_DEPTH:
                        parent = candidate
                opinion = rng.choice(opinions)
                body = load_text.comment_text(rng, opinion, language, reply=parent is not None)
                depth = parent[1] + 1 if parent else 0
                entry = [pk, depth, 0, stamps[j], proposal_id, process_id, parent[0] if parent else None,
                         users[authors[k]], body, str(opinion)]  # fmt: skip
                if parent:
                    parent[2] += 1
                thread.append(entry)
                pk += 1
                k += 1
            rows.extend(thread)
        return rows, per_proposal

    def _write_comments(self, rows):
        content_type = ContentType.objects.get_for_model(Proposal).pk
        self._write(
            Comment,
            ["id", "depth", "reply_count", "created_at", "object_id", "process_id", "parent_id", "author_id", "body",
             "opinion", "updated_at", "content_type_id"],
            ((*row, row[3], content_type) for row in rows),
        )  # fmt: skip
        self._step("comments (threads of up to 3 levels)", len(rows))

    def _follows(self, users, proposals, supports):
        """Authors follow their proposals (as publishing does), and one supporter in twenty follows too."""
        import numpy as np

        content_type = ContentType.objects.get_for_model(Proposal).pk
        user_index, proposal_index = supports
        chosen = self.np_rng.random(len(user_index)) < 0.05
        users_arr = np.asarray(users)
        pairs = [
            (users_arr[proposals["author"]].tolist(), proposals["ids"].tolist(), proposals["published"]),
            (users_arr[user_index[chosen]].tolist(), proposals["ids"][proposal_index[chosen]].tolist(),
             proposals["published"][proposal_index[chosen]]),
        ]  # fmt: skip
        first = self._next_id(Follow)
        rows = []
        for user_ids, proposal_ids, moments in pairs:
            stamps = np.char.add(np.datetime_as_string(moments.astype("datetime64[s]"), unit="s"), "+00:00").tolist()
            for user_id, proposal_id, stamp in zip(user_ids, proposal_ids, stamps, strict=True):
                rows.append((first + len(rows), user_id, content_type, proposal_id, stamp))
        self._write(Follow, ["id", "user_id", "content_type_id", "object_id", "created_at"], rows)
        self._step("follows", len(rows))


def _copy_value(value):
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text
