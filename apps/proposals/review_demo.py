"""Demo of the feasibility review: a criteria grid, proposals assigned to the evaluator, some reviewed and
answered (feasible with a cost, not feasible with an answer), some waiting for publication, one overdue.
Idempotent: a proposal that already has a review or an assignment is left as it is, except that an answer seeded
before it had its Spanish text gets it (only an empty one). Everything goes through the review services (audit
entries, status moves and notifications as in real use)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from apps.core.pagecache import bump_for

from . import review_services as services
from .models import Review, ReviewAssignment, ReviewCriterion, proposal_settings_for

CRITERIA = [
    (
        "Relève des compétences de la commune",
        "Within the city's competence",
        "Dentro de las competencias del municipio",
    ),
    (
        "Est un investissement, pas un coût de fonctionnement",
        "An investment, not an operating cost",
        "Una inversión, no un gasto de funcionamiento",
    ),
    ("Se situe sur un terrain public", "On public land", "En terreno público"),
    (
        "Coûte moins que le plafond par projet (150 000 €)",
        "Costs less than the cap per project (€150,000)",
        "Cuesta menos que el tope por proyecto (150 000 €)",
    ),
    ("Est techniquement réalisable", "Technically feasible", "Técnicamente viable"),
]

# (position in the demo list, verdict, cost, months, answers fr/en/es, criteria met, what happens to the answer)
REVIEWS = [
    (
        5,
        "feasible",
        Decimal("45000"),
        4,
        (
            "Projet retenu : les services ont chiffré deux jeux inclusifs et un sol souple à 45 000 €.",
            "Accepted: the technical services costed two inclusive play structures and a soft floor at €45,000.",
            "Proyecto aceptado: los servicios técnicos han presupuestado dos juegos inclusivos y un suelo blando en "
            "45 000 €.",
        ),
        (True, True, True, True, True),
        "publish",
    ),
    (
        6,
        "not_feasible",
        None,
        None,
        (
            "Ce n'est pas un investissement : vider les poubelles relève du budget de fonctionnement de la propreté. "
            "Nous transmettons l'idée au service concerné.",
            "This is not an investment: emptying bins is an operating cost of the cleaning service. We have passed the "
            "idea on to them.",
            "No es una inversión: vaciar los contenedores es un gasto de funcionamiento del servicio de limpieza. "
            "Hemos trasladado la idea a ese servicio.",
        ),
        (True, False, True, True, True),
        "publish",
    ),
    (
        7,
        "feasible",
        Decimal("80000"),
        6,
        (
            "Faisable : dix agrès et leur signalétique sont estimés à 80 000 €.",
            "Feasible: ten outdoor fitness stations and their signs are estimated at €80,000.",
            "Viable: diez aparatos de ejercicio al aire libre y su señalización se estiman en 80 000 €.",
        ),
        (True, True, True, True, True),
        "hold",
    ),
    (
        9,
        "not_feasible",
        None,
        None,
        (
            "Un festival est une dépense de fonctionnement annuelle : il ne peut pas être financé par le budget "
            "participatif d'investissement.",
            "A festival is a yearly operating cost: the participatory investment budget cannot fund it.",
            "Un festival es un gasto de funcionamiento anual: el presupuesto participativo de inversión no puede "
            "financiarlo.",
        ),
        (True, False, True, True, True),
        "hold",
    ),
    (8, "needs_information", None, None, ("", "", ""), (True, True, None, None, True), "draft"),
]


def _criteria(process):
    if ReviewCriterion.objects.filter(process=process).exists():
        return list(ReviewCriterion.objects.filter(process=process))
    rows = []
    for position, (fr, en, es) in enumerate(CRITERIA, start=1):
        rows.append(
            ReviewCriterion.objects.create(process=process, position=position, label_fr=fr, label_en=en, label_es=es)
        )
    return rows


def fill_answer_es(proposal, fr, es):
    """A demo answer seeded before it had its Spanish text gets it: only when its French text is still the demo's
    and its Spanish one is empty (an answer edited in the back-office stays as it is)."""
    if not es:
        return
    empty = Q(public_answer_es="") | Q(public_answer_es__isnull=True)
    updated = Review.objects.filter(empty, proposal=proposal, public_answer_fr=fr).update(public_answer_es=es)
    if updated:
        bump_for(proposal)


def seed_review(*, process, users, proposals):
    agent, evaluator = users.get("agent"), users.get("evaluator")
    if agent is None or evaluator is None or len(proposals) < 11:
        return
    settings = proposal_settings_for(process)
    if settings.review_due_date is None:
        settings.review_due_date = timezone.localdate() + timedelta(days=21)
        settings.save(update_fields=["review_due_date"])
    criteria = _criteria(process)
    fresh = [p for p in proposals[5:11] if not ReviewAssignment.objects.filter(proposal=p).exists()]
    fresh = [p for p in fresh if p.status in p.REVIEWABLE]
    if fresh:
        services.review_assign(proposals=fresh, evaluators=[evaluator], actor=agent)
    # One review is late: its assignment was due last week.
    ReviewAssignment.objects.filter(proposal=proposals[10], evaluator=evaluator).update(
        due_date=timezone.localdate() - timedelta(days=7)
    )
    for position, verdict, cost, months, (fr, en, es), met, outcome in REVIEWS:
        proposal = proposals[position]
        proposal.refresh_from_db()
        if hasattr(proposal, "review"):
            fill_answer_es(proposal, fr, es)
            continue
        if proposal.status not in proposal.REVIEWABLE:
            continue
        data = {
            "verdict": verdict,
            "estimated_cost": cost,
            "cost_explanation": "Devis des services techniques (2026)." if cost else "",
            "duration_months": months,
            "public_answer_fr": fr,
            "public_answer_en": en,
            "public_answer_es": es,
        }
        assessments = {
            c.pk: {"met": m, "comment": "" if m is not False else "Voir la réponse."}
            for c, m in zip(criteria, met, strict=True)
        }
        submit = services.Submit.HOLD if outcome != "draft" else services.Submit.DRAFT
        services.review_save(proposal=proposal, actor=evaluator, data=data, assessments=assessments, submit=submit)
        if outcome == "publish":
            services.review_publish_answer(proposal=proposal, actor=agent)
        if position == 7:
            note = services.internal_note_add(
                proposal=proposal, author=evaluator, body="Le coût inclut la pose ; à confirmer avec les espaces verts."
            )
            services.internal_note_add(proposal=proposal, author=agent, body="Vu, je valide le chiffrage.", parent=note)
