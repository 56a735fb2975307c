"""PostgreSQL at 50,000 proposals: the text search and the similar-proposals step read the proposals table through
their indexes (the stored vectors' GIN, the title's trigram GiST), never by a sequential scan of the whole table."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.proposals.models import Proposal
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROWS = 50_000
ACTIONS = ("Installer", "Rénover", "Planter", "Aménager", "Sécuriser", "Agrandir", "Éclairer", "Nettoyer", "Réparer")
THINGS = (
    "des bancs", "un jardin partagé", "une piste cyclable", "des arbres fruitiers", "un terrain de basket",
    "des toilettes publiques", "une aire de jeux", "un composteur", "des nichoirs", "une fontaine à boire",
    "un skatepark", "des ruches", "un abri à vélos", "une boîte à livres", "un kiosque", "un verger",
)
PLACES = (
    "près de l'école", "le long du canal", "au parc des Tilleuls", "rue de la Gare", "place du Marché",
    "quartier des Moulins", "devant la médiathèque", "au bord de la Lys", "cité des Fleurs", "près du collège",
    "au stade", "près de la piscine", "square Victor-Hugo", "au centre-ville", "derrière la mairie",
    "sur la digue", "place de la Liberté", "hameau du Bois", "avenue Foch", "rue Pasteur",
)
SENTENCES = (
    "Les enfants n'ont aucun endroit pour jouer.", "Les familles manquent d'ombre en été.",
    "Le lieu est sombre le soir.", "Les personnes âgées aimeraient se reposer.",
    "Les associations animeraient le lieu.", "Cela rendrait la ville plus agréable.", "Le coût semble raisonnable.",
    "Les élèves participeraient à l'entretien.",
)


@pytest.fixture
def big_process(process):
    author = UserFactory()
    now = timezone.now()
    combos = itertools.cycle(itertools.product(ACTIONS, THINGS, PLACES))
    Proposal.objects.bulk_create(
        (
            Proposal(
                process=process, author=author, title=f"{a} {t} {p}", body=f"{SENTENCES[i % 8]} {SENTENCES[i % 5]}",
                status=Proposal.Status.PUBLISHED, published_at=now, reference=f"PB-2026-{i:05d}",
            )
            for i, (a, t, p) in zip(range(ROWS), combos, strict=False)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would give a live site (the search indexes have no pending list to
        # merge: fastupdate is off, migration 0014).
        cursor.execute("ANALYZE proposals_proposal")
    return process


def _plans_of(client, url):
    """The EXPLAIN of each SELECT on the proposals table that the page runs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and "proposals_proposal" in sql:
                cursor.execute("EXPLAIN " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


SEQ_SCAN = re.compile(r"Seq Scan on proposals_proposal(\s|$)", re.MULTILINE)


def _assert_no_seq_scan(plans, *indexes):
    """No plan reads the whole table, and one of them reads one of `indexes`."""
    assert any(index in plan for _sql, plan in plans for index in indexes), [plan for _sql, plan in plans]
    for sql, plan in plans:
        assert not SEQ_SCAN.search(plan), f"{sql}\n{plan}"


def test_no_sequential_scan_of_50000_proposals(client, big_process):
    """One test, so the 50,000 rows are written once."""
    # The proposal list's search, its paginator's count included.
    url = reverse("proposals:list", kwargs={"slug": big_process.slug}) + "?q=canal"
    plans = _plans_of(client, url)
    assert any("count(" in sql.lower() for sql, _plan in plans)
    _assert_no_seq_scan(plans, "proposals_proposal_search_fr_gin")

    # A word in more than half of the descriptions: the newest matches are ranked (core.search.RankedWindow), read
    # through an index in the list's order or the GIN index, and the page's rows fetched by their keys.
    for params in ("?q=lieu", "?q=lieu&page=3", "?q=lieu+ombre", "?q=lieu&page=60"):
        url = reverse("proposals:list", kwargs={"slug": big_process.slug}) + params
        plans = _plans_of(client, url)
        assert any("ts_rank" in sql for sql, _plan in plans)
        for sql, plan in plans:
            assert not SEQ_SCAN.search(plan), f"{url}\n{sql}\n{plan}"
        assert len(client.get(url).context["proposals"]) == 20

    # A reference.
    url = reverse("proposals:list", kwargs={"slug": big_process.slug}) + "?q=PB-2026-04242"
    response = client.get(url)
    assert [p.reference for p in response.context["proposals"]] == ["PB-2026-04242"]
    _assert_no_seq_scan(_plans_of(client, url), "proposals_proposal_search_fr_gin")

    # The site-wide search page, in French and in English (each language has its vector). Its ranked window
    # (core.search.RankedWindow, newest first) reads the GIN index for a rare word, the publication date's index
    # backwards for a common one.
    indexes = ("proposals_proposal_published_at", "proposals_proposal_pkey")
    for url, gin in (("/fr/search/?q=canal", "search_fr_gin"), ("/en/search/?q=kiosque", "search_en_gin")):
        _assert_no_seq_scan(_plans_of(client, url), f"proposals_proposal_{gin}", *indexes)
        _assert_no_seq_scan(_plans_of(client, url + "&type=proposals.proposal&page=2"), f"proposals_proposal_{gin}",
                            *indexes)

    # The similar-proposals step of the wizard: the title's trigram index.
    author = UserFactory()
    draft = Proposal.objects.create(
        process=big_process, author=author, title="Installer des bancs le long du canal pour les promeneurs",
        body="Pour se reposer.", status=Proposal.Status.DRAFT, wizard_step=2,
    )
    client.force_login(author)
    url = reverse("proposals:wizard", kwargs={"slug": big_process.slug, "pk": draft.pk, "step": 2})
    assert client.get(url).context["similar"]
    _assert_no_seq_scan(_plans_of(client, url), "proposals_proposal_title_trgm_gist")
