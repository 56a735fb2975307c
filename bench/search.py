"""Text search at scale: the proposal list's `q`, the site-wide search page and the wizard's similar proposals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python bench/search.py
    BENCH_SIZES=10000,50000 BENCH_RUNS=20 ...                      # the default sizes and runs per page
    .venv/bin/python bench/search.py                                # SQLite (icontains), for comparison

Builds one process whose proposals have varied titles and descriptions (an action, a thing and a place drawn
from small French vocabularies, three sentences of description), so a word such as "canal" matches about one
proposal in twenty-five, as in a real participatory budget ("quartier", in one description in three, shows a
frequent word). For each size it times each page N times with Django's
test client (in-process, no network) and prints median / p95, the median time of the queries on the proposals
table ("search SQL ms": the search, its count, the similar proposals; the rest is rendering) and the query count;
on PostgreSQL it also prints how many plans read the whole proposals table (`Seq Scan on proposals_proposal`).
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


def measure(client, url):
    """(median ms, p95 ms, median ms spent in the proposals' queries, the queries of one request)."""
    client.get(url)  # warm caches and templates
    timings, sql = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(float(q["time"]) * 1000 for q in queries.captured_queries if '"proposals_proposal"' in q["sql"]))
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], statistics.median(sql), queries


def seq_scans(queries):
    """How many of these queries read the whole proposals table (PostgreSQL's plan)."""
    if connection.vendor != "postgresql":
        return "-"
    count = 0
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if '"proposals_proposal"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            count += bool(re.search(r"Seq Scan on proposals_proposal(\s|$)", plan, re.MULTILINE))
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
        print(f"database: {connection.vendor}, runs per page: {RUNS}")
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
