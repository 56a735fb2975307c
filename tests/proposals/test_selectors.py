from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.proposals import selectors
from apps.proposals.models import RANDOM_KEY_SPAN, Proposal
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _draft(process, title, body):
    return ProposalFactory(process=process, status="draft", published_at=None, reference=None, title=title, body=body)


def _similar_fixture(process):
    close = ProposalFactory(
        process=process, title="Installer des bancs publics le long du canal", body="Des bancs pour se reposer."
    )
    other = ProposalFactory(process=process, title="Rénover le gymnase municipal", body="Nouveau parquet.")
    ProposalFactory(process=process, title="Des bancs au bord du canal, vite !", body="Bancs", status="withdrawn")
    ProposalFactory(process=ProcessFactory(), title="Installer des bancs le long du canal", body="Bancs, canal.")
    draft = _draft(process, "Des bancs le long du Canal pour les promeneurs", "Installer quelques bancs publics.")
    return close, other, draft


def test_normalise_tokens_strips_accents_stop_words_and_plurals():
    assert selectors.normalise_tokens("Les Écoles et le théâtre, des arbres !") == {"ecole", "theatre", "arbre"}


def test_similar_proposals_python_fallback(process):
    close, other, draft = _similar_fixture(process)
    result = selectors.similar_proposals(proposal=draft)
    assert [p.pk for p in result] == [close.pk]  # same process, published only, not the unrelated one
    assert result[0].similarity > 0


def test_similar_proposals_limit_and_order(process):
    draft = _draft(process, "Piste cyclable rue de la gare", "Une piste cyclable protégée.")
    best = ProposalFactory(process=process, title="Une piste cyclable rue de la gare", body="Piste cyclable protégée.")
    weaker = ProposalFactory(process=process, title="Piste cyclable vers le lycée", body="Sécuriser les vélos.")
    for _ in range(3):
        ProposalFactory(process=process, title="Piste cyclable gare et centre", body="Piste.")
    result = selectors.similar_proposals(proposal=draft, limit=2)
    assert len(result) == 2
    assert result[0].pk == best.pk
    assert weaker.pk not in [p.pk for p in result]


@pytest.mark.postgres
def test_similar_proposals_trigram_on_postgresql(process):
    close, other, draft = _similar_fixture(process)
    result = selectors.similar_proposals(proposal=draft)
    assert result and result[0].pk == close.pk
    assert other.pk not in [p.pk for p in result]


def test_counted_proposals_exclude_drafts(process, citizen):
    ProposalFactory(process=process, author=citizen)
    ProposalFactory(process=process, author=citizen, status="withdrawn")
    ProposalFactory(process=process, author=citizen, status="draft", published_at=None, reference=None)
    ProposalFactory(process=ProcessFactory(), author=citizen)
    assert selectors.counted_proposals_of(user=citizen, process=process) == 2


def _order(process, seed):
    base = selectors.proposal_list_base(process=process, user=AnonymousUser())
    return [proposal.pk for proposal in selectors.order_proposals(base, sort="random", seed=seed)]


def test_random_order_is_deterministic_per_seed_and_differs_between_seeds(process):
    # Keys spread evenly, so each gap between two keys is one thirtieth of the span.
    for n in range(30):
        ProposalFactory(process=process, random_key=n * (RANDOM_KEY_SPAN // 30))
    user = UserFactory()
    seed = selectors.visitor_seed(user=user, visitor_key=None, day=date(2026, 3, 1))
    assert seed == selectors.visitor_seed(user=user, visitor_key=None, day=date(2026, 3, 1))
    assert seed != selectors.visitor_seed(user=user, visitor_key=None, day=date(2026, 3, 2))
    assert seed != selectors.visitor_seed(user=AnonymousUser(), visitor_key="abc", day=date(2026, 3, 1))
    assert _order(process, seed) == _order(process, seed)
    # Two seeds give one order when they start in the same gap and run the same way (1 in 60): explicit seeds
    # show each case, and the seeds of many visitors give many orders, each a rearrangement of the same proposals.
    gap = RANDOM_KEY_SPAN // 30
    ascending_low, ascending_high = gap // 2, 15 * gap + gap // 2
    descending_low = RANDOM_KEY_SPAN + gap // 2
    orders = {tuple(_order(process, s)) for s in (ascending_low, ascending_high, descending_low)}
    assert len(orders) == 3
    visitors = [
        selectors.visitor_seed(user=AnonymousUser(), visitor_key=f"v{n}", day=date(2026, 3, 1)) for n in range(20)
    ]
    orders |= {tuple(_order(process, s)) for s in visitors}
    assert len(orders) > 10
    assert {tuple(sorted(order)) for order in orders} == {tuple(sorted(_order(process, seed)))}


@pytest.mark.parametrize(
    "sort,key",
    [
        ("supports", lambda p: (-p.support_count, -p.published_at.timestamp())),
        ("comments", lambda p: (-p.comment_count, -p.published_at.timestamp())),
    ],
)
def test_sorts_by_stored_counters(process, sort, key):
    for n in (3, 9, 1):
        ProposalFactory(process=process, support_count=n, comment_count=10 - n)
    qs = selectors.order_proposals(selectors.proposal_list_base(process=process, user=AnonymousUser()), sort=sort)
    assert list(qs) == sorted(Proposal.objects.filter(process=process), key=key)


def test_map_points_only_geolocated(process):
    ProposalFactory(process=process, latitude="50.630000", longitude="3.060000", title="Ici")
    ProposalFactory(process=process)
    points = selectors.map_points(selectors.proposal_list_base(process=process, user=AnonymousUser()))
    assert points == [
        {"id": points[0]["id"], "title": "Ici", "lat": 50.63, "lng": 3.06, "reference": points[0]["reference"],
         "withdrawn": False}
    ]


def test_export_and_activity(process, citizen):
    from apps.accounts.selectors import public_activity
    from apps.core.personal_data import exporters

    ProposalFactory(process=process, author=citizen, title="Une idée publiée pour tous")
    ProposalFactory(process=process, author=citizen, status="draft", published_at=None, reference=None)
    exported = exporters()["proposals"](citizen)
    assert len(exported) == 2
    activity = public_activity(user=citizen)
    assert [item["title"] for item in activity if "/proposals/" in str(item.get("url"))] == [
        "Une idée publiée pour tous"
    ]


@pytest.mark.django_db
def test_random_order_looks_shuffled_for_every_seed():
    """No seed may fall back to id order, every proposal comes first for some visitors, and visitors spread over
    many orders (one random key per proposal: a start point and a direction per seed, so 2 x 20 orders here)."""
    process = ProcessFactory()
    ProposalFactory.create_batch(20, process=process)
    queryset = Proposal.objects.filter(process=process)
    ascending = tuple(queryset.order_by("pk").values_list("pk", flat=True))
    for position, pk in enumerate(ascending):  # evenly spread keys (drawn at random, gaps may be tiny) in a shuffle
        Proposal.objects.filter(pk=pk).update(random_key=(position * 7) % 20 * (RANDOM_KEY_SPAN // 20) + 1)

    def ranked(seed):
        return tuple(proposal.pk for proposal in selectors.order_proposals(queryset, sort="random", seed=seed))

    seeds = [selectors.visitor_seed(user=AnonymousUser(), visitor_key=str(n)) for n in range(400)]
    orders = {ranked(seed) for seed in seeds}
    assert len(orders) >= 35
    assert {order[0] for order in orders} == set(ascending)
    assert all(sorted(order) == list(ascending) for order in orders)
    assert ascending not in orders and tuple(reversed(ascending)) not in orders
    assert ranked(seeds[7]) == ranked(seeds[7])
