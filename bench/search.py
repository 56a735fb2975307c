"""Text search at scale: the proposal list's `q`, the site-wide search page and the wizard's similar proposals;
then the other lists (a budget's projects, the results, the agenda) and the site-wide search over them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python bench/search.py
    BENCH_SIZES=10000,50000 BENCH_RUNS=20 ...                      # the default sizes and runs per page
    BENCH_PARTS=lists ...                                           # only the other lists (or: proposals)
    .venv/bin/python bench/search.py                                # SQLite (icontains), for comparison

Builds one process whose proposals have varied titles and descriptions (an action, a thing and a place drawn
from small French vocabularies, three sentences of description), so a word such as "canal" matches about one
proposal in twenty-five, as in a real participatory budget ("quartier", in one description in three, shows a
frequent word). For each size it times each page N times with Django's
test client (in-process, no network) and prints median / p95, the median time of the queries on the proposals
table ("search SQL ms": the search, its count, the similar proposals; the rest is rendering) and the query count;
on PostgreSQL it also prints how many plans read the whole proposals table (`Seq Scan on proposals_proposal`).

The other lists: one budget of N projects on the ballot, N results and N events (half past, half to come) in a
second process, with the same vocabularies; each list's sorts and filters, its text search where it has one, and
the site-wide search; "SQL ms" and "seq scans" then count the queries on the projects, results and events tables.
"""

import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,50000").split(",")]
PARTS = os.environ.get("BENCH_PARTS", "proposals,lists").split(",")
PROPOSALS_TABLES = ("proposals_proposal",)
CONTENT_TABLES = ("budgets_project", "results_result", "events_event")

ACTIONS = (
    "Installer", "Créer", "Rénover", "Planter", "Aménager", "Sécuriser", "Agrandir", "Végétaliser", "Éclairer",
    "Nettoyer", "Réparer", "Déplacer", "Ouvrir", "Protéger", "Embellir", "Moderniser", "Entretenir", "Ajouter",
)
THINGS = (
    "des bancs", "un jardin partagé", "une piste cyclable", "des arbres fruitiers", "un terrain de basket",
    "des toilettes publiques", "une aire de jeux", "un composteur collectif", "des nichoirs", "une fontaine à boire",
    "un skatepark", "des ruches", "un abri à vélos", "une boîte à livres", "des poubelles de tri", "un kiosque",
    "des passages piétons", "un potager pédagogique", "une table de ping-pong", "des jeux d'eau",
    "un parcours sportif", "des bornes de recharge", "un verger", "une prairie fleurie", "des ombrières",
    "un city-stade", "des toilettes sèches", "une halle couverte", "un local associatif", "des panneaux solaires",
)
PLACES = (
    "près de l'école Jules-Ferry", "le long du canal", "au parc des Tilleuls", "rue de la Gare", "place du Marché",
    "quartier des Moulins", "devant la médiathèque", "au bord de la Lys", "cité des Fleurs", "près du collège",
    "à la Maison de quartier", "sur le parvis de l'église", "au stade municipal", "près de la piscine",
    "square Victor-Hugo", "avenue de la République", "au centre-ville", "près de la crèche", "zone des Prés",
    "derrière la mairie", "au cimetière", "sur la digue", "place de la Liberté", "hameau du Bois",
)
SENTENCES = (
    "Les enfants du quartier n'ont aucun endroit pour jouer après l'école.",
    "Les familles se retrouvent le dimanche et manquent d'ombre en été.",
    "Le lieu est sombre le soir et les habitants ne s'y sentent pas en sécurité.",
    "Les personnes âgées aimeraient pouvoir se reposer pendant leur promenade.",
    "Les promeneurs longent la rivière chaque jour et trouvent le chemin dégradé.",
    "Les associations pourraient animer le lieu avec des ateliers.",
    "Cela rendrait le quartier plus agréable et plus vivant.",
    "Le coût semble raisonnable au regard du nombre d'habitants concernés.",
    "Les élèves du collège pourraient participer à l'entretien.",
    "Les cyclistes n'ont pas de stationnement sûr près des commerces.",
    "Les déchets s'accumulent et le tri est difficile sans bacs adaptés.",
    "La biodiversité recule et les abeilles manquent de fleurs.",
    "Le marché du samedi attire du monde mais il n'y a rien pour s'abriter de la pluie.",
    "Les jeunes demandent un lieu pour faire du sport librement.",
    "La chaleur en été rend la place inutilisable l'après-midi.",
    "Les parents attendent devant l'école sans abri ni banc.",
    "Un projet simple, rapide à réaliser et utile à tous.",
    "Les habitants de la résidence ont signé une pétition en ce sens.",
    "Le terrain est inutilisé depuis des années.",
    "Les touristes qui suivent la véloroute s'arrêteraient volontiers ici.",
)


def add_proposals(process, users, categories, count, start):
    from datetime import timedelta

    from django.utils import timezone

    from apps.proposals.models import Proposal

    now = timezone.now()
    rng = random.Random(start)
    batch = []
    for i in range(start, start + count):
        batch.append(
            Proposal(
                process=process,
                author=rng.choice(users),
                title=f"{rng.choice(ACTIONS)} {rng.choice(THINGS)} {rng.choice(PLACES)}",
                body=" ".join(rng.sample(SENTENCES, 3)),
                category=rng.choice(categories),
                status=Proposal.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                reference=f"PB-2026-{i:05d}",
                support_count=rng.randint(0, 300),
            )
        )
        if len(batch) == 5000:
            Proposal.objects.bulk_create(batch)
            batch = []
    Proposal.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics, and the GIN indexes' pending lists merged.
            cursor.execute("VACUUM ANALYZE proposals_proposal")


def _reads(sql, tables):
    return any(f'"{table}"' in sql for table in tables)


def measure(client, url, tables=PROPOSALS_TABLES):
    """(median ms, p95 ms, median ms spent in the queries on `tables`, the queries of one request)."""
    client.get(url)  # warm caches and templates
    timings, sql = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(float(q["time"]) * 1000 for q in queries.captured_queries if _reads(q["sql"], tables)))
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], statistics.median(sql), queries


def seq_scans(queries, tables=PROPOSALS_TABLES):
    """How many of these queries read the whole of one of `tables` (PostgreSQL's plan)."""
    if connection.vendor != "postgresql":
        return "-"
    count = 0
    scan = re.compile(rf"Seq Scan on ({'|'.join(tables)})(\s|$)", re.MULTILINE)
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not _reads(sql, tables) or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            count += bool(scan.search(plan))
    return count


def time_similar(proposal, user):
    from apps.proposals import selectors

    selectors.similar_proposals(proposal=proposal, user=user)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        found = selectors.similar_proposals(proposal=proposal, user=user)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(found)


def add_content(process, budget, statuses, categories, author, count, start):
    """`count` projects on the ballot of `budget`, results and events of `process` (half of the events over)."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.budgets.models import Project
    from apps.events.models import Event
    from apps.results.models import Result

    now = timezone.now()
    rng = random.Random(start)
    districts = ("Centre", "Nord", "Sud", "Est", "Ouest", "Moulins", "Bois", "Gare")
    projects, results, events = [], [], []
    for i in range(start, start + count):
        title = f"{rng.choice(ACTIONS)} {rng.choice(THINGS)} {rng.choice(PLACES)}"
        description = "<p>" + " ".join(rng.sample(SENTENCES, 3)) + "</p>"
        category = rng.choice(categories)
        projects.append(
            Project(
                budget=budget, title=title, title_fr=title, description=description, description_fr=description,
                cost=rng.randint(1, 500) * 1000, status=Project.Status.SELECTED, category=category, position=i,
            )
        )
        results.append(
            Result(
                process=process, title=title, title_fr=title, description=description, description_fr=description,
                status=rng.choice(statuses), category=category, district=rng.choice(districts), position=i,
                progress=rng.randint(0, 100),
            )
        )
        start_at = now + timedelta(hours=(i - start) - count // 2) if start == 0 else now + timedelta(hours=i)
        events.append(
            Event(
                process=process, author=author, is_official=True, status=Event.Status.PUBLISHED, title=title,
                title_fr=title, description=description, description_fr=description, place_name=rng.choice(PLACES),
                kind=Event.Kind.ONLINE if i % 7 == 0 else Event.Kind.IN_PERSON, start_at=start_at,
                end_at=start_at + timedelta(minutes=90), published_at=now,
                registration_type=Event.RegistrationType.NONE,
            )
        )
    for model, rows in ((Project, projects), (Result, results), (Event, events)):
        model.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in CONTENT_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")


def bench_lists(anonymous, member):
    """The other lists at each size: a budget's projects, the results, the agenda, and the site-wide search."""
    from apps.spaces.phases import PhaseKind
    from tests.factories import BudgetFactory, CategoryFactory, PhaseFactory, ProcessFactory, UserFactory
    from tests.results.factories import statuses_for

    process = ProcessFactory(slug="bench-lists")
    PhaseFactory(process=process, kind=PhaseKind.RESULTS)
    budget = BudgetFactory(process=process)
    statuses = list(statuses_for(process).values())
    categories = [CategoryFactory(process=process) for _ in range(6)]
    author = UserFactory()
    slug, category = process.slug, categories[0]
    projects = f"/fr/processes/{slug}/vote/{budget.pk}/"
    results = f"/fr/processes/{slug}/tracking/"
    agenda = f"/fr/processes/{slug}/events/"
    print(
        f"{'page':<46} {'rows':>9} {'median ms':>10} {'p95 ms':>8} {'SQL ms':>13} {'queries':>8} {'seq scans':>9}"
    )
    done = 0
    for size in SIZES:
        add_content(process, budget, statuses, categories, author, size - done, done)
        done = size
        pages = [
            ("projects, random", projects, anonymous),
            ("projects, random, signed in", projects, member),
            ("projects, random, page 40", f"{projects}?page=40", anonymous),
            ("projects, cheapest first", f"{projects}?order=cost", anonymous),
            ("projects, most expensive first", f"{projects}?order=-cost", anonymous),
            ("projects, title", f"{projects}?order=title", anonymous),
            ("projects, a category", f"{projects}?category={category.pk}", anonymous),
            ("projects, q=canal", f"{projects}?q=canal", anonymous),
            ("projects, q=ecoles jardin", f"{projects}?q=ecoles+jardin", anonymous),
            ("results", results, anonymous),
            ("results, page 40", f"{results}?page=40", anonymous),
            ("results, a status", f"{results}?status={statuses[1].pk}", anonymous),
            ("results, a category", f"{results}?category={category.pk}", anonymous),
            ("results, a district", f"{results}?district=Nord", anonymous),
            ("agenda, upcoming", agenda, anonymous),
            ("agenda, past", f"{agenda}?when=past", anonymous),
            ("agenda, online", f"{agenda}?kind=online", anonymous),
            ("agenda, page 30", f"{agenda}?page=30", anonymous),
            ("site agenda", "/fr/events/", anonymous),
            ("site search, q=canal", "/fr/search/?q=canal", anonymous),
            ("site search, q=quartier", "/fr/search/?q=quartier", anonymous),
            ("site search, projects, page 2", "/fr/search/?q=canal&type=budgets.project&page=2", anonymous),
            ("site search, results, page 2", "/fr/search/?q=canal&type=results.result&page=2", anonymous),
            ("site search, events, page 2", "/fr/search/?q=canal&type=events.event&page=2", anonymous),
        ]
        for label, url, client in pages:
            median, p95, sql, queries = measure(client, url, CONTENT_TABLES)
            print(
                f"{label:<46} {size:>9,} {median:>10.1f} {p95:>8.1f} {sql:>13.1f} {len(queries):>8} "
                f"{seq_scans(queries, CONTENT_TABLES):>9}"
            )
    print(f"  (load average {os.getloadavg()[0]:.1f})")


def main():
    from django.test import Client

    from apps.proposals.models import Proposal
    from tests.factories import CategoryFactory, PhaseFactory, ProcessFactory, UserFactory

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        random.seed(1)
        process = ProcessFactory(slug="bench")
        PhaseFactory(process=process)
        categories = [CategoryFactory(process=process) for _ in range(6)]
        users = [UserFactory() for _ in range(50)]
        author = users[0]
        draft = Proposal.objects.create(
            process=process, author=author, title="Installer des bancs le long du canal pour les promeneurs",
            body="Les promeneurs du canal n'ont nulle part où s'asseoir.", status=Proposal.Status.DRAFT,
            wizard_step=2,
        )
        anonymous, member = Client(), Client()
        member.force_login(author)
        slug = process.slug
        print(f"database: {connection.vendor}, runs per page: {RUNS}, load average {os.getloadavg()[0]:.1f}")
        if "lists" in PARTS:
            bench_lists(anonymous, member)
        if "proposals" not in PARTS:
            return
        print(
            f"{'page':<46} {'proposals':>9} {'median ms':>10} {'p95 ms':>8} {'search SQL ms':>13} {'queries':>8} "
            f"{'seq scans':>9}"
        )
        done = 0
        for size in SIZES:
            add_proposals(process, users, categories, size - done, done)
            done = size
            matches = Proposal.objects.filter(process=process, title__icontains="canal").count()
            pages = [
                ("list, q=canal", f"/fr/processes/{slug}/proposals/?q=canal", anonymous),
                ("list, q=canal, signed in", f"/fr/processes/{slug}/proposals/?q=canal", member),
                ("list, q=ecoles jardin", f"/fr/processes/{slug}/proposals/?q=ecoles+jardin", anonymous),
                ("list, q=quartier (a frequent word)", f"/fr/processes/{slug}/proposals/?q=quartier", anonymous),
                ("list, q=PB-2026-00042", f"/fr/processes/{slug}/proposals/?q=PB-2026-00042", anonymous),
                ("site search, q=canal", "/fr/search/?q=canal", anonymous),
                ("site search, proposals, page 2", "/fr/search/?q=canal&type=proposals.proposal&page=2", anonymous),
                ("wizard, similar proposals step", f"/fr/processes/{slug}/proposals/{draft.pk}/draft/2/", member),
            ]
            for label, url, client in pages:
                median, p95, sql, queries = measure(client, url)
                print(
                    f"{label:<46} {size:>9,} {median:>10.1f} {p95:>8.1f} {sql:>13.1f} {len(queries):>8} "
                    f"{seq_scans(queries):>9}"
                )
            similar_ms, found = time_similar(draft, author)
            print(f"{'similar_proposals() alone (' + str(found) + ' found)':<46} {size:>9,} {similar_ms:>10.1f}")
            print(f"  ('canal' is in the title of {matches:,} proposals)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
