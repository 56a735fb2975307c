"""The demo's past process: last year's vote, closed and counted, with its results published.

A newcomer sees on `make run` what the end of a participatory budget looks like: the winners and why (the Method of
Equal Shares, explained project by project), the participation figures, the anonymised ballots to recount with
pabutools, and the receipt check (the demo voter voted last year: her code is printed with the demo logins).

Called from `demo.seed` with the generated residents of the current vote; idempotent (nothing changes once the
results are published, but for the projects' texts an older seed left empty).
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from apps.core.demo_images import set_hero_image
from apps.core.pagecache import bump_for
from apps.spaces.demo import PHASE_TITLES_ES

from .census import document_hash
from .demo import POSTAL_CODE, _days
from .models import (
    Ballot,
    BallotItem,
    Budget,
    CensusEntry,
    Channel,
    CountingCompletion,
    CountingRule,
    Participation,
    Project,
    Residency,
    ResultPublication,
    VoterScope,
    voting_settings_for,
)

PAST_SLUG = "budget-participatif-2024"
# The demo voter's receipt for last year's vote, printed with the demo logins so the receipt check can be tried.
VOTER_RECEIPT = "DEMV-XT23-RC25"
ONLINE, ASSISTED, PAPER = 150, 30, 40


class PastProjectSpec(NamedTuple):
    """One project of last year's vote: its title and description (one sentence, without its <p>) in French,
    English and Spanish, its cost in € and how popular it was with the voters."""

    title_fr: str
    title_en: str
    title_es: str
    body_fr: str
    body_en: str
    body_es: str
    cost: int
    weight: int


PAST_PROJECTS = [
    PastProjectSpec(
        "Jardin partagé de la vieille ville",
        "Shared garden in the old town",
        "Huerto compartido del casco antiguo",
        "Des bacs de culture, une cabane à outils et un point d'eau rue de la Monnaie, cultivés par les habitants.",
        "Raised beds, a tool shed and a water point in rue de la Monnaie, looked after by residents.",
        "Bancales, una caseta de herramientas y un punto de agua en la rue de la Monnaie, cuidados por los vecinos.",
        18000,
        9,
    ),
    PastProjectSpec(
        "Fontaines à eau dans les parcs",
        "Drinking fountains in the parks",
        "Fuentes de agua potable en los parques",
        "Des fontaines d'eau potable dans les parcs de la ville, pour remplir sa gourde pendant les fortes chaleurs.",
        "Drinking-water fountains in the town's parks, to fill a water bottle during heatwaves.",
        "Fuentes de agua potable en los parques de la ciudad, para llenar la botella durante las olas de calor.",
        12000,
        8,
    ),
    PastProjectSpec(
        "Pistes cyclables rue Nationale",
        "Cycle lanes on rue Nationale",
        "Carriles bici en la rue Nationale",
        "Des pistes cyclables séparées de la circulation, dans les deux sens, sur toute la rue Nationale.",
        "Cycle lanes separated from traffic, in both directions, along the whole of rue Nationale.",
        "Carriles bici separados del tráfico, en ambos sentidos, a lo largo de toda la rue Nationale.",
        45000,
        10,
    ),
    PastProjectSpec(
        "Boîtes à livres dans chaque quartier",
        "Book boxes in every neighbourhood",
        "Cajas de libros en cada barrio",
        "Une boîte à livres par quartier, pour déposer et emprunter des livres librement.",
        "A book box in each neighbourhood, to leave and borrow books freely.",
        "Una caja de libros en cada barrio, para dejar y llevarse libros libremente.",
        4000,
        6,
    ),
    PastProjectSpec(
        "Aire de jeux inclusive au parc des Oliviers",
        "Inclusive playground in Oliviers park",
        "Parque infantil inclusivo en el parque des Oliviers",
        "Une balançoire nid, un tourniquet au ras du sol et des jeux sonores, accessibles aux enfants en fauteuil.",
        "A nest swing, a ground-level roundabout and musical play panels that children in wheelchairs can use.",
        "Un columpio nido, un carrusel a ras de suelo y juegos sonoros, accesibles para niños en silla de ruedas.",
        38000,
        7,
    ),
    PastProjectSpec(
        "Bancs et ombrières place du Marché",
        "Benches and shade on the market square",
        "Bancos y sombra en la plaza del Mercado",
        "Des bancs et des voiles d'ombrage pour s'asseoir à l'abri du soleil les jours de marché.",
        "Benches and shade sails to sit out of the sun on market days.",
        "Bancos y velas de sombra para sentarse al resguardo del sol los días de mercado.",
        15000,
        5,
    ),
    PastProjectSpec(
        "Composteurs collectifs",
        "Shared compost bins",
        "Compostadores colectivos",
        "Des composteurs au pied des immeubles, suivis par des habitants formés par la ville.",
        "Compost bins at the foot of the blocks of flats, looked after by residents trained by the town.",
        "Compostadores al pie de los edificios, cuidados por vecinos formados por el ayuntamiento.",
        6000,
        5,
    ),
    PastProjectSpec(
        "Skatepark rénové",
        "Renovated skatepark",
        "Skatepark renovado",
        "Remplacer les modules usés du skatepark et refaire son revêtement.",
        "Replace the skatepark's worn ramps and resurface it.",
        "Sustituir los módulos desgastados del skatepark y renovar su pavimento.",
        30000,
        4,
    ),
    PastProjectSpec(
        "Éclairage solaire du chemin de halage",
        "Solar lighting on the towpath",
        "Iluminación solar del camino de sirga",
        "Des bornes lumineuses solaires sur la portion la plus fréquentée du chemin de halage.",
        "Solar bollard lights on the busiest stretch of the towpath.",
        "Balizas solares en el tramo más transitado del camino de sirga.",
        22000,
        4,
    ),
    PastProjectSpec(
        "Fresque murale avec les écoles",
        "A mural painted with the schools",
        "Un mural pintado con las escuelas",
        "Une fresque peinte par les élèves avec un artiste, sur un mur de l'école Jules-Ferry.",
        "A mural painted by the pupils with an artist, on a wall of the Jules-Ferry school.",
        "Un mural pintado por los alumnos con un artista, en una pared de la escuela Jules-Ferry.",
        8000,
        3,
    ),
    PastProjectSpec(
        "Abris à vélos sécurisés à la gare",
        "Secure bike shelters at the station",
        "Aparcamientos seguros para bicis en la estación",
        "Un abri fermé de quarante places devant la gare, pour les habitants qui prennent le train.",
        "A locked shelter with forty spaces outside the station, for residents who take the train.",
        "Un aparcamiento cerrado de cuarenta plazas delante de la estación, para los vecinos que toman el tren.",
        16000,
        6,
    ),
    PastProjectSpec(
        "Ruches sur le toit de la médiathèque",
        "Beehives on the library roof",
        "Colmenas en el tejado de la biblioteca",
        "Trois ruches entretenues par un apiculteur, avec des ateliers pour les enfants.",
        "Three hives looked after by a beekeeper, with workshops for children.",
        "Tres colmenas cuidadas por un apicultor, con talleres para los niños.",
        5000,
        3,
    ),
]


def _process(context):
    from apps.spaces.models import Phase, Process, ProcessRole
    from apps.spaces.phases import PhaseKind

    process, _created = Process.objects.update_or_create(
        slug=PAST_SLUG,
        defaults={
            "title_fr": "Budget participatif 2024-2025",
            "title_en": "Participatory budget 2024-2025",
            "title_es": "Presupuesto participativo 2024-2025",
            "subtitle_es": "Resultados publicados: los proyectos ganadores se están realizando",
            "short_description_es": "La votación del año pasado está cerrada y escrutada. Descubra los proyectos "
            "ganadores, por qué ganaron, la participación, y recuente usted mismo las papeletas.",
            "description_es": "<p>60 000 € para proyectos propuestos por los vecinos, decididos por el método de "
            "las partes iguales.</p>",
            "subtitle_fr": "Résultats publiés : les projets lauréats sont en cours de réalisation",
            "subtitle_en": "Results published: the winning projects are being built",
            "short_description_fr": "Le vote de l'an dernier est clos et dépouillé. Découvrez les projets lauréats, "
            "pourquoi ils ont gagné, la participation, et recomptez les bulletins vous-même.",
            "short_description_en": "Last year's vote is closed and counted. See the winning projects, why they won, "
            "the turnout, and recount the ballots yourself.",
            "description_fr": "<p>60 000 € pour des projets proposés par les habitants, départagés par la méthode "
            "des parts égales.</p>",
            "description_en": "<p>€60,000 for projects proposed by residents, decided by the Method of Equal "
            "Shares.</p>",
            "is_published": True,
            "start_date": _days(-540),
            "end_date": _days(200),
            "budget_envelope": Decimal("60000"),
            "scope": "",
        },
    )
    set_hero_image(process, PAST_SLUG)
    phases = [
        (PhaseKind.INFORMATION, "Information", "Information", -540, -511),
        (PhaseKind.PROPOSALS, "Dépôt des idées", "Submitting ideas", -510, -451),
        (PhaseKind.FEASIBILITY, "Étude de faisabilité", "Feasibility review", -450, -391),
        (PhaseKind.VOTING, "Vote", "Vote", -390, -371),
        (PhaseKind.RESULTS, "Résultats et réalisation", "Results and implementation", -370, 200),
    ]
    for kind, title_fr, title_en, start, end in phases:
        Phase.objects.update_or_create(
            process=process,
            kind=kind,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "title_es": PHASE_TITLES_ES.get(title_en, ""),
                "start_date": _days(start),
                "end_date": _days(end),
            },
        )
    agent = context["users"]["agent"]
    ProcessRole.objects.get_or_create(process=process, user=agent, role=ProcessRole.Role.ADMIN)
    agent.__dict__.pop("_pb_process_roles", None)  # the roles cached on the user object are stale now
    settings = voting_settings_for(process)
    settings.voter_scope = VoterScope.ALL_BUDGETS
    settings.minimum_age = 16
    settings.residency = Residency.CENSUS_DOCUMENT
    settings.full_clean()
    settings.save()
    return process


def _budget(process):
    budget = Budget.objects.filter(process=process).order_by("pk").first() or Budget(process=process)
    budget.title_fr = "Enveloppe de la ville 2024"
    budget.title_en = "Town-wide envelope 2024"
    budget.description_fr = "<p>Chaque habitant choisissait jusqu'à 4 projets dans la limite de 60 000 €.</p>"
    budget.description_en = "<p>Each resident chose up to 4 projects, within €60,000.</p>"
    budget.title_es = "Partida para toda la ciudad 2024"
    budget.description_es = "<p>Cada vecino elegía hasta 4 proyectos, con un límite de 60 000 €.</p>"
    budget.total_amount = Decimal("60000")
    budget.currency = "EUR"
    budget.population = 20000
    budget.ballot_kind = Budget.BallotKind.APPROVAL
    budget.min_projects = 1
    budget.max_projects = 4
    budget.counting_rule = CountingRule.MES
    budget.counting_completion = CountingCompletion.NONE
    budget.full_clean()
    budget.save()
    return budget


def _texts(spec):
    """A project's title and description in the three languages."""
    return {
        "title_fr": spec.title_fr,
        "title_en": spec.title_en,
        "title_es": spec.title_es,
        "description_fr": f"<p>{spec.body_fr}</p>",
        "description_en": f"<p>{spec.body_en}</p>",
        "description_es": f"<p>{spec.body_es}</p>",
    }


def _projects(budget):
    """Last year's projects, with their texts in the three languages. Projects seeded before the demo had their
    descriptions and Spanish titles get them (only the empty fields: a text edited in the back-office stays)."""
    existing = {p.title_fr: p for p in Project.objects.filter(budget=budget)}
    filled = False
    for position, spec in enumerate(PAST_PROJECTS):
        project = existing.get(spec.title_fr)
        if project is not None:
            empty = {field: value for field, value in _texts(spec).items() if not getattr(project, field)}
            if empty:
                for field, value in empty.items():
                    setattr(project, field, value)
                project.save(update_fields=[*empty, "updated_at"])
                filled = True
            continue
        project = Project(
            budget=budget,
            **_texts(spec),
            cost=Decimal(spec.cost),
            position=position,
            external_id=f"2024-{position + 1:02d}",
            status=Project.Status.SELECTED,
        )
        project.full_clean()
        project.save()
    if filled:
        bump_for(budget)
    by_title = {p.title_fr: p for p in Project.objects.filter(budget=budget)}
    return [by_title[spec.title_fr] for spec in PAST_PROJECTS]


def _ballots(budget, context, residents):
    """The ballots of last year's vote (once). Online voters are the generated residents (and the demo voter, with
    a known receipt code); assisted and paper voters were checked against the census in person."""
    if Ballot.objects.filter(budget=budget).exists():
        return
    process = budget.process
    projects = _projects(budget)
    weights = [spec.weight for spec in PAST_PROJECTS]
    rng = random.Random(2024)
    opened = timezone.now() - timedelta(days=390)
    total = ONLINE + ASSISTED + PAPER
    voters = list(residents[:ONLINE])
    demo_voter = context["users"].get("voter")
    ballots, picks, register_people = [], [], []
    if demo_voter is not None:
        ballots.append(Ballot(budget=budget, voter=demo_voter, channel=Channel.ONLINE, receipt_code=VOTER_RECEIPT))
        picks.append([projects[0], projects[3], projects[6]])
        register_people.append(("user", demo_voter))
    from .models import new_receipt_code

    for n in range(total):
        if n < ONLINE and n < len(voters):
            ballot = Ballot(budget=budget, voter=voters[n], channel=Channel.ONLINE, receipt_code=new_receipt_code())
            register_people.append(("user", voters[n]))
        elif n < ONLINE + ASSISTED:
            ballot = Ballot(budget=budget, channel=Channel.ASSISTED, receipt_code=new_receipt_code())
            register_people.append(("census", n))
        else:
            ballot = Ballot(budget=budget, channel=Channel.PAPER, paper_sheet=f"2024-P-{n - ONLINE - ASSISTED + 1:04d}")
            register_people.append(("census", n))
        ballots.append(ballot)
        size = rng.choices((1, 2, 3, 4), weights=(2, 3, 4, 3))[0]
        chosen = []
        while len(chosen) < size:
            project = rng.choices(projects, weights=weights)[0]
            if project not in chosen:
                chosen.append(project)
        picks.append(chosen)
    for n, ballot in enumerate(ballots):
        share = (n / len(ballots)) ** 1.2
        ballot.confirmed_at = opened + timedelta(seconds=int(share * 19 * 86400))
    Ballot.objects.bulk_create(ballots)
    for ballot in ballots:
        ballot.created_at = ballot.updated_at = ballot.confirmed_at
    Ballot.objects.bulk_update(ballots, ["created_at", "updated_at"])
    BallotItem.objects.bulk_create(
        [
            BallotItem(ballot=ballot, project=project)
            for ballot, chosen in zip(ballots, picks, strict=True)
            for project in chosen
        ]
    )

    # The register: online voters by account; people who voted in person by their census entry.
    census = []
    for kind, who in register_people:
        if kind == "census":
            resident = residents[who] if who < len(residents) else None
            census.append(
                CensusEntry(
                    process=process,
                    document_hash=document_hash(f"DEMO2024{who:06d}"),
                    birth_date=getattr(resident, "birth_date", None) or _days(-365 * (20 + who % 60)),
                    postal_code=POSTAL_CODE,
                )
            )
    CensusEntry.objects.bulk_create(census)
    entries = iter(CensusEntry.objects.filter(process=process).order_by("pk"))
    register = []
    for (kind, who), ballot in zip(register_people, ballots, strict=True):
        if kind == "user":
            register.append(Participation(budget=budget, user=who, channel=Channel.ONLINE, ballot=ballot))
        elif ballot.channel == Channel.ASSISTED:
            register.append(
                Participation(budget=budget, census_entry=next(entries), channel=Channel.ASSISTED, ballot=ballot)
            )
        else:
            register.append(Participation(budget=budget, census_entry=next(entries), channel=Channel.PAPER))
    Participation.objects.bulk_create(register)
    for participation, ballot in zip(register, ballots, strict=True):
        participation.created_at = ballot.confirmed_at
    Participation.objects.bulk_update(register, ["created_at"])


def seed(context, residents):
    """Last year's process with its results published by the town's agent (through the publishing service:
    audited, projects moved to winner / not chosen)."""
    from .results_services import results_publish

    process = _process(context)
    budget = _budget(process)
    _projects(budget)
    _ballots(budget, context, residents)
    if not ResultPublication.objects.filter(budget=budget).exists():
        results_publish(
            budget=budget, rule=CountingRule.MES, completion=CountingCompletion.NONE, actor=context["users"]["agent"]
        )
        from apps.spaces.models import Phase
        from apps.spaces.phases import PhaseKind

        # Published the evening the results phase opened, last year (the page said « published today »).
        opened = Phase.objects.get(process=process, kind=PhaseKind.RESULTS).start_date
        evening = timezone.make_aware(datetime.combine(opened, time(18, 0)))
        ResultPublication.objects.filter(budget=budget).update(published_at=evening)
    context.setdefault("processes", {})["results"] = process
    if context["users"].get("voter") is not None:
        context["logins"].append(("Voter's receipt code (2024 vote)", VOTER_RECEIPT))
    return process
