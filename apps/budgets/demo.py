"""Demo of the vote: a second process of Villeneuve-sur-Lys whose vote is open now.

- "Budget participatif des quartiers": ideas collected and reviewed months ago (32 proposals accepted with a
  cost by the feasibility review, through the review services), turned into 32 projects selected for the vote in
  one €100,000 budget, approval with at most 3 choices;
- eligibility from 16, residency checked against a census of residents (document number hashed, birth date);
- a few hundred ballots already cast by generated residents, online, assisted (recorded at the library by the
  voting assistant) and on paper (typed twice by two agents), spread over the days of the vote;
- demo logins: a resident who has not voted yet (verified against the census, 16 or older), the voting assistant,
  and the process admin (the agent, who runs both processes).

Idempotent and quick: people, proposals and projects are matched by e-mail, title and proposal (projects seeded
before they had English and Spanish texts get them); the generated ballots are written once (bulk_create), when the
budget has none. The ideas-phase process is left as it is.
"""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from apps.core.demo_images import set_hero_image
from apps.core.pagecache import bump_for
from apps.spaces.demo import PHASE_TITLES_ES, TERMS_VERSION

from .census import document_hash as census_document_hash
from .models import (
    Ballot,
    BallotItem,
    BasketItem,
    Budget,
    CensusEntry,
    Channel,
    PaperEntry,
    Participation,
    Project,
    Residency,
    VoterScope,
    new_receipt_code,
    voting_settings_for,
)

SLUG = "budget-des-quartiers"
DEMO_DOMAIN = "demo.pbplatform.fr"
VOTER_EMAIL = f"votante@{DEMO_DOMAIN}"
ASSISTANT_EMAIL = f"assistant-vote@{DEMO_DOMAIN}"
PAPER_AGENT_EMAIL = f"saisie-papier@{DEMO_DOMAIN}"
GENERATED_EMAIL = "habitant-{n:03d}@" + DEMO_DOMAIN

# How many generated residents voted, per channel (online ballots also fill the register with their account).
ONLINE, ASSISTED, PAPER = 170, 40, 50
# The last online voters (this morning's) vote through the vote's services; the others' rows are written in bulk.
THROUGH_SERVICES = 10
DESK_THROUGH_SERVICES = 5  # and the last assisted and paper voters, through the voting desk's services
# Residents in the census who have not voted (the assistant can look them up at the library).
NOT_VOTED = 12
# The last of those residents voted on paper this morning: their sheets are still on the voting desk (_sheets_waiting).
SHEETS_WAITING = 3

# Residents the demo names (the census holds their document number hashed; the voter's is verified already).
# (key, document number as written on the card, birth date)
NAMED_RESIDENTS = [
    ("voter", "DEMO16 0001", date(2008, 3, 14)),  # 16 or older on any date of the demo
    ("camille", "DEMO16 0002", date(1986, 6, 2)),
    ("karim", "DEMO16 0003", date(1979, 11, 23)),
    ("lea", "DEMO16 0004", date(2001, 1, 9)),
    # At the library: not registered online; the assistant checks them against the census and records their vote.
    ("library_1", "DEMO16 0005", date(1948, 9, 30)),
    ("library_2", "DEMO16 0006", date(1993, 4, 17)),
]

CATEGORIES = [
    ("Nature en ville", "Urban nature", "#198754", "🌳"),
    ("Mobilités", "Mobility", "#0d6efd", "🚲"),
    ("Sport et loisirs", "Sport and leisure", "#d63384", "⚽"),
    ("Culture", "Culture", "#6f42c1", "🎭"),
    ("Solidarités", "Solidarity", "#fd7e14", "🤝"),
    ("Écoles et jeunesse", "Schools and youth", "#20c997", "🎒"),
]
CATEGORIES_ES = {
    "Nature en ville": "Naturaleza en la ciudad",
    "Mobilités": "Movilidad",
    "Sport et loisirs": "Deporte y ocio",
    "Culture": "Cultura",
    "Solidarités": "Solidaridad",
    "Écoles et jeunesse": "Escuelas y juventud",
}


class ProjectSpec(NamedTuple):
    """One project of the vote: its category, title and description (one sentence, without its <p>) in French,
    English and Spanish, its cost in €, its place ((lat, lon) or None) and how popular it is with the voters."""

    category: str
    title_fr: str
    title_en: str
    title_es: str
    body_fr: str
    body_en: str
    body_es: str
    cost: int
    point: tuple[float, float] | None
    weight: int


PROJECTS = [
    ProjectSpec(
        "Nature en ville",
        "Planter une forêt urbaine derrière la gare",
        "Plant an urban forest behind the station",
        "Plantar un bosque urbano detrás de la estación",
        "Une micro-forêt de 600 m² (méthode Miyawaki) plantée avec les écoles du quartier.",
        "A 600 m² micro-forest (Miyawaki method) planted with the neighbourhood's schools.",
        "Un microbosque de 600 m² (método Miyawaki) plantado con las escuelas del barrio.",
        38000,
        (50.6271, 3.0668),
        9,
    ),
    ProjectSpec(
        "Nature en ville",
        "Désimperméabiliser la cour de l'école Pasteur",
        "Replace the tarmac of the Pasteur schoolyard",
        "Quitar el asfalto del patio de la escuela Pasteur",
        "Remplacer l'enrobé par de la terre, des arbres et des copeaux pour rafraîchir la cour.",
        "Replace the tarmac with soil, trees and wood chips to cool the playground down.",
        "Sustituir el asfalto por tierra, árboles y virutas de madera para refrescar el patio.",
        60000,
        (50.629, 3.0597),
        8,
    ),
    ProjectSpec(
        "Nature en ville",
        "Des jardinières partagées rue Nationale",
        "Shared planters on rue Nationale",
        "Jardineras compartidas en la rue Nationale",
        "Douze grands bacs plantés et entretenus par les habitants et les commerçants.",
        "Twelve large planters, planted and looked after by residents and shopkeepers.",
        "Doce grandes jardineras plantadas y cuidadas por los vecinos y los comerciantes.",
        9000,
        (50.6308, 3.0604),
        4,
    ),
    ProjectSpec(
        "Nature en ville",
        "Un verger conservatoire au bord de la Lys",
        "A heritage orchard on the banks of the Lys",
        "Un huerto frutal de variedades antiguas a orillas del Lys",
        "Quarante arbres fruitiers de variétés régionales, en accès libre.",
        "Forty fruit trees of local varieties, open to everyone.",
        "Cuarenta árboles frutales de variedades regionales, de libre acceso.",
        22000,
        (50.6342, 3.0536),
        6,
    ),
    ProjectSpec(
        "Nature en ville",
        "Des nichoirs et hôtels à insectes dans les parcs",
        "Nest boxes and insect hotels in the parks",
        "Cajas nido y hoteles de insectos en los parques",
        "Cent nichoirs et dix hôtels à insectes fabriqués par l'atelier bois du lycée.",
        "A hundred nest boxes and ten insect hotels made by the high school's woodwork workshop.",
        "Cien cajas nido y diez hoteles de insectos fabricados por el taller de carpintería del instituto.",
        5000,
        None,
        3,
    ),
    ProjectSpec(
        "Nature en ville",
        "Récupérer l'eau de pluie au cimetière",
        "Collect rainwater at the cemetery",
        "Recoger el agua de lluvia en el cementerio",
        "Deux cuves enterrées pour arroser les plantations sans eau potable.",
        "Two underground tanks to water the plants without using drinking water.",
        "Dos depósitos enterrados para regar las plantas sin usar agua potable.",
        18000,
        (50.6355, 3.0611),
        2,
    ),
    ProjectSpec(
        "Mobilités",
        "Une piste cyclable continue vers le collège",
        "A continuous cycle lane to the secondary school",
        "Un carril bici continuo hasta el instituto",
        "Relier le centre au collège Jean-Moulin par une piste séparée de la chaussée.",
        "Link the town centre to the Jean-Moulin secondary school with a lane separated from the road.",
        "Unir el centro con el instituto Jean-Moulin mediante un carril separado de la calzada.",
        85000,
        (50.6322, 3.0689),
        10,
    ),
    ProjectSpec(
        "Mobilités",
        "Des abris vélos sécurisés dans chaque quartier",
        "Secure bike shelters in every neighbourhood",
        "Aparcamientos seguros para bicis en cada barrio",
        "Six abris fermés de dix places, accessibles avec la carte de bibliothèque.",
        "Six locked shelters with ten spaces each, opened with the library card.",
        "Seis aparcamientos cerrados de diez plazas, accesibles con el carné de la biblioteca.",
        42000,
        None,
        7,
    ),
    ProjectSpec(
        "Mobilités",
        "Des bancs tous les 200 mètres sur l'avenue",
        "Benches every 200 metres along the avenue",
        "Bancos cada 200 metros en la avenida",
        "Pour que les personnes âgées puissent marcher jusqu'au marché en se reposant.",
        "So that older people can walk to the market and rest along the way.",
        "Para que las personas mayores puedan ir andando al mercado y descansar por el camino.",
        12000,
        (50.6299, 3.0631),
        6,
    ),
    ProjectSpec(
        "Mobilités",
        "Abaisser les trottoirs du centre-ville",
        "Lower the kerbs in the town centre",
        "Rebajar las aceras del centro",
        "Trente bateaux de trottoir pour les fauteuils roulants et les poussettes.",
        "Thirty dropped kerbs for wheelchairs and pushchairs.",
        "Treinta rebajes de acera para sillas de ruedas y carritos de bebé.",
        30000,
        (50.6311, 3.0622),
        5,
    ),
    ProjectSpec(
        "Mobilités",
        "Un atelier de réparation de vélos en libre accès",
        "A self-service bike repair station",
        "Un punto de reparación de bicis de libre acceso",
        "Une borne avec outils et pompe devant la médiathèque.",
        "A stand with tools and a pump outside the library.",
        "Un poste con herramientas y bomba delante de la biblioteca.",
        4000,
        (50.6301, 3.0612),
        4,
    ),
    ProjectSpec(
        "Mobilités",
        "Éclairer le chemin de halage",
        "Light the towpath",
        "Iluminar el camino de sirga",
        "Des lampadaires solaires à détection de présence sur 1,5 km.",
        "Motion-sensing solar street lights along 1.5 km.",
        "Farolas solares con detector de presencia a lo largo de 1,5 km.",
        55000,
        (50.6348, 3.056),
        5,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Un city-stade au quartier des Oliviers",
        "A multi-sport court in Les Oliviers",
        "Una pista multideporte en el barrio de Les Oliviers",
        "Un terrain clos pour le foot, le basket et le handball, ouvert à tous.",
        "An enclosed pitch for football, basketball and handball, open to all.",
        "Una pista cerrada para fútbol, baloncesto y balonmano, abierta a todos.",
        90000,
        (50.6265, 3.0702),
        8,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Des agrès de fitness au parc des Tilleuls",
        "Outdoor fitness stations in Tilleuls park",
        "Aparatos de gimnasia en el parque des Tilleuls",
        "Huit agrès pour tous les âges, avec des panneaux d'exercices.",
        "Eight pieces of equipment for all ages, with exercise boards.",
        "Ocho aparatos para todas las edades, con paneles de ejercicios.",
        28000,
        (50.6312, 3.0588),
        5,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Un skatepark pour les jeunes",
        "A skatepark for young people",
        "Un skatepark para los jóvenes",
        "Un module en béton dessiné avec les jeunes de la maison de quartier.",
        "A concrete skate structure designed with the young people of the community centre.",
        "Un módulo de hormigón diseñado con los jóvenes del centro cívico del barrio.",
        75000,
        (50.6279, 3.0655),
        6,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Une aire de jeux inclusive square Hugo",
        "An inclusive playground in square Hugo",
        "Un parque infantil inclusivo en la plaza Hugo",
        "Des jeux accessibles aux enfants en fauteuil, sur un sol souple.",
        "Play equipment that children in wheelchairs can use, on a soft surface.",
        "Juegos accesibles para niños en silla de ruedas, sobre un suelo blando.",
        48000,
        (50.6317, 3.058),
        7,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Des tables de ping-pong en béton",
        "Concrete table-tennis tables",
        "Mesas de ping-pong de hormigón",
        "Quatre tables réparties dans les squares du centre.",
        "Four tables spread across the squares of the town centre.",
        "Cuatro mesas repartidas por las plazas del centro.",
        8000,
        None,
        3,
    ),
    ProjectSpec(
        "Sport et loisirs",
        "Un terrain de pétanque ombragé",
        "A shaded pétanque ground",
        "Una pista de petanca con sombra",
        "Un boulodrome avec bancs et pergola, près de la résidence seniors.",
        "A pétanque ground with benches and a pergola, near the retirement residence.",
        "Una pista de petanca con bancos y pérgola, cerca de la residencia de mayores.",
        15000,
        (50.6328, 3.0575),
        3,
    ),
    ProjectSpec(
        "Culture",
        "Des boîtes à livres dans les six quartiers",
        "Book boxes in the six neighbourhoods",
        "Cajas de libros en los seis barrios",
        "Six boîtes à livres fabriquées par le lycée professionnel.",
        "Six book boxes made by the vocational high school.",
        "Seis cajas de libros fabricadas por el instituto de formación profesional.",
        6000,
        None,
        5,
    ),
    ProjectSpec(
        "Culture",
        "Une fresque participative sur le mur du gymnase",
        "A community mural on the gym wall",
        "Un mural participativo en la pared del polideportivo",
        "Une fresque de 40 m dessinée avec les habitants et un artiste local.",
        "A 40-metre mural designed with residents and a local artist.",
        "Un mural de 40 m diseñado con los vecinos y un artista local.",
        20000,
        (50.6284, 3.064),
        4,
    ),
    ProjectSpec(
        "Culture",
        "Un kiosque à musique dans le parc",
        "A bandstand in the park",
        "Un quiosco de música en el parque",
        "Un kiosque couvert pour les concerts des associations et de l'école de musique.",
        "A covered bandstand for concerts by local associations and the music school.",
        "Un quiosco cubierto para los conciertos de las asociaciones y de la escuela de música.",
        65000,
        (50.6315, 3.0593),
        4,
    ),
    ProjectSpec(
        "Culture",
        "Un piano en libre accès à la gare",
        "A public piano at the station",
        "Un piano de libre acceso en la estación",
        "Un piano accordé deux fois par an, sous abri, dans le hall de la gare.",
        "A piano tuned twice a year, under cover, in the station concourse.",
        "Un piano afinado dos veces al año, a cubierto, en el vestíbulo de la estación.",
        5000,
        (50.6273, 3.066),
        3,
    ),
    ProjectSpec(
        "Culture",
        "Numériser les archives photographiques de la ville",
        "Digitise the town's photo archives",
        "Digitalizar el archivo fotográfico de la ciudad",
        "Dix mille photos anciennes mises en ligne et exposées à la médiathèque.",
        "Ten thousand old photographs put online and shown at the library.",
        "Diez mil fotografías antiguas publicadas en internet y expuestas en la biblioteca.",
        25000,
        None,
        2,
    ),
    ProjectSpec(
        "Solidarités",
        "Un frigo solidaire devant le centre social",
        "A community fridge outside the social centre",
        "Una nevera solidaria delante del centro social",
        "Un réfrigérateur partagé contre le gaspillage alimentaire, géré par les bénévoles.",
        "A shared fridge against food waste, run by volunteers.",
        "Un frigorífico compartido contra el desperdicio de alimentos, gestionado por voluntarios.",
        7000,
        (50.6295, 3.0617),
        5,
    ),
    ProjectSpec(
        "Solidarités",
        "Des toilettes publiques accessibles au marché",
        "Accessible public toilets at the market",
        "Aseos públicos accesibles en el mercado",
        "Des sanitaires autonettoyants accessibles aux personnes handicapées.",
        "Self-cleaning toilets accessible to disabled people.",
        "Aseos autolimpiables accesibles para personas con discapacidad.",
        70000,
        (50.6305, 3.06),
        7,
    ),
    ProjectSpec(
        "Solidarités",
        "Une bagagerie pour les personnes sans abri",
        "Lockers for homeless people",
        "Una consigna para las personas sin hogar",
        "Vingt casiers sécurisés et une douche au centre d'accueil de jour.",
        "Twenty secure lockers and a shower at the day centre.",
        "Veinte taquillas seguras y una ducha en el centro de acogida de día.",
        35000,
        None,
        3,
    ),
    ProjectSpec(
        "Solidarités",
        "Des bancs connectés pour recharger son téléphone",
        "Solar benches to charge phones",
        "Bancos conectados para cargar el móvil",
        "Cinq bancs solaires avec prises USB et wifi public.",
        "Five solar benches with USB sockets and public wifi.",
        "Cinco bancos solares con tomas USB y wifi público.",
        26000,
        None,
        2,
    ),
    ProjectSpec(
        "Solidarités",
        "Un local pour le repair café",
        "A room for the repair café",
        "Un local para el repair café",
        "Aménager l'ancienne loge du gardien pour les ateliers de réparation du samedi.",
        "Fit out the old caretaker's lodge for the Saturday repair workshops.",
        "Acondicionar la antigua portería para los talleres de reparación de los sábados.",
        32000,
        None,
        4,
    ),
    ProjectSpec(
        "Écoles et jeunesse",
        "Une ludothèque à la maison de quartier",
        "A toy library at the community centre",
        "Una ludoteca en el centro cívico del barrio",
        "Des jeux de société et jouets à emprunter, animés par les associations.",
        "Board games and toys to borrow, with activities run by local associations.",
        "Juegos de mesa y juguetes en préstamo, con actividades a cargo de las asociaciones.",
        14000,
        None,
        4,
    ),
    ProjectSpec(
        "Écoles et jeunesse",
        "Des fontaines à eau dans les écoles",
        "Drinking fountains in the schools",
        "Fuentes de agua en las escuelas",
        "Huit fontaines réfrigérées pour remplacer les bouteilles en plastique.",
        "Eight chilled water fountains to replace plastic bottles.",
        "Ocho fuentes de agua fría para sustituir las botellas de plástico.",
        16000,
        None,
        5,
    ),
    ProjectSpec(
        "Écoles et jeunesse",
        "Un studio d'enregistrement pour les jeunes",
        "A recording studio for young people",
        "Un estudio de grabación para los jóvenes",
        "Insonoriser une salle et l'équiper pour la musique et les podcasts.",
        "Soundproof a room and equip it for music and podcasts.",
        "Insonorizar una sala y equiparla para la música y los pódcasts.",
        40000,
        None,
        4,
    ),
    ProjectSpec(
        "Écoles et jeunesse",
        "Sécuriser le parvis de l'école Jules-Ferry",
        "Make the Jules-Ferry school forecourt safe",
        "Hacer segura la entrada de la escuela Jules-Ferry",
        "Un plateau surélevé, des barrières et un marquage coloré aux heures d'entrée.",
        "A raised crossing, barriers and coloured road markings for when pupils arrive.",
        "Un paso elevado, barreras y señalización de colores para las horas de entrada.",
        45000,
        (50.6325, 3.057),
        6,
    ),
]

FIRST_NAMES = [
    "Emma",
    "Louis",
    "Chloé",
    "Hugo",
    "Inès",
    "Lucas",
    "Manon",
    "Nathan",
    "Sarah",
    "Yanis",
    "Jeanne",
    "Adam",
    "Lina",
    "Gabriel",
    "Zoé",
    "Mohamed",
    "Alice",
    "Théo",
    "Rose",
    "Malik",
    "Élise",
    "Tom",
    "Aïcha",
    "Jules",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefebvre",
    "Leroy",
    "Moreau",
    "Fontaine",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Mercier",
    "Haddad",
    "Caron",
    "Vasseur",
    "Delattre",
    "Nguyen",
    "Diallo",
    "Dumont",
    "Roussel",
    "Lemaire",
]
POSTAL_CODE = "59800"


def document_hash(number):
    """The census's own hash of a document number (apps/budgets/census.py)."""
    return census_document_hash(number)


def generated_document(n):
    return f"DEMO{n:06d}"


def _days(n):
    return timezone.localdate() + timedelta(days=n)


def _process(context):
    from apps.spaces.models import Phase, Process, ProcessRole
    from apps.spaces.phases import PhaseKind

    process, _created = Process.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title_fr": "Budget participatif des quartiers 2025-2026",
            "title_en": "Neighbourhood participatory budget 2025-2026",
            "title_es": "Presupuesto participativo de los barrios 2025-2026",
            "subtitle_es": "La votación está abierta: elija hasta 3 proyectos",
            "short_description_es": "Los servicios municipales han estudiado las ideas de los vecinos: 32 proyectos "
            "se someten a votación. Cada vecino de 16 años o más elige hasta 3 proyectos.",
            "description_es": "<p>100 000 € para proyectos de barrio propuestos por los vecinos. Vote en línea, en "
            "la biblioteca con un agente o en papel en el ayuntamiento.</p>",
            "subtitle_fr": "Le vote est ouvert : choisissez jusqu'à 3 projets",
            "subtitle_en": "The vote is open: choose up to 3 projects",
            "short_description_fr": "Les idées des habitants ont été étudiées par les services de la ville : 32 "
            "projets sont soumis au vote. Chaque habitant de 16 ans ou plus choisit jusqu'à 3 projets.",
            "short_description_en": "The residents' ideas were studied by the town's services: 32 projects are put to "
            "the vote. Every resident aged 16 or over chooses up to 3 projects.",
            "description_fr": "<p>100 000 € pour des projets de quartier proposés par les habitants. Votez en ligne, "
            "à la médiathèque avec un agent, ou sur papier en mairie.</p>",
            "description_en": "<p>€100,000 for neighbourhood projects proposed by residents. Vote online, at the "
            "library with a member of staff, or on paper at the town hall.</p>",
            "is_published": True,
            "start_date": _days(-150),
            "end_date": _days(150),
            "budget_envelope": Decimal("100000"),
            "scope": "",
        },
    )
    set_hero_image(process, SLUG)
    phases = [
        (PhaseKind.INFORMATION, "Information", "Information", -150, -121),
        (PhaseKind.PROPOSALS, "Dépôt des idées", "Submitting ideas", -120, -76),
        (PhaseKind.FEASIBILITY, "Étude de faisabilité", "Feasibility review", -75, -11),
        (PhaseKind.VOTING, "Vote", "Vote", -10, 20),
        (PhaseKind.RESULTS, "Résultats et réalisation", "Results and implementation", 21, 150),
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
    users = context["users"]
    for key, role in (
        ("agent", ProcessRole.Role.ADMIN),
        ("evaluator", ProcessRole.Role.EVALUATOR),
        ("assistant", ProcessRole.Role.VOTING_ASSISTANT),
        ("paper_agent", ProcessRole.Role.VOTING_ASSISTANT),
    ):
        ProcessRole.objects.get_or_create(process=process, user=users[key], role=role)
        users[key].__dict__.pop("_pb_process_roles", None)  # the roles cached on the user object are stale now
    settings = voting_settings_for(process)
    settings.voter_scope = VoterScope.ALL_BUDGETS
    settings.minimum_age = 16
    settings.residency = Residency.CENSUS_DOCUMENT
    settings.paper_double_entry = True
    settings.full_clean()
    settings.save()
    return process


def _staff_and_voter(context):
    """The voting assistant, a second agent for the paper double entry, and the resident who has not voted."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    people = [
        ("assistant", ASSISTANT_EMAIL, "Marc Lefèvre (médiathèque)", "marc_mediatheque", "Voting assistant"),
        (
            "paper_agent",
            PAPER_AGENT_EMAIL,
            "Aline Caron (mairie, saisie)",
            "aline_saisie",
            "Voting assistant (2nd agent)",
        ),
        ("voter", VOTER_EMAIL, "Inès Haddad", "ines_h", "Voter (has not voted yet)"),
    ]
    hashed = None
    for key, email, name, nickname, label in people:
        user = User.objects.filter(email=email).first()
        if user is None:
            # One (slow, on purpose) password hash for the three of them.
            hashed = hashed or make_password(context["password"])
            user = User.objects.create_user(email=email, password=None, display_name=name, nickname=nickname)
            user.password = hashed
        user.postal_code = POSTAL_CODE
        user.terms_version = TERMS_VERSION
        user.terms_accepted_at = user.terms_accepted_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        context["users"][key] = user
        if label:
            context["logins"].append((label, email))


def _generated_residents(count):
    """The residents who voted (and a few who did not): accounts without a usable password, verified against
    the census. Created once, in bulk."""
    User = get_user_model()
    emails = [GENERATED_EMAIL.format(n=n) for n in range(1, count + 1)]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    rng = random.Random(16)
    today = timezone.localdate()
    now = timezone.now()
    fresh = []
    for n, email in enumerate(emails, start=1):
        if email in existing:
            continue
        age = rng.randint(16, 88)
        birth = date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7) % len(LAST_NAMES)]
        fresh.append(
            User(
                email=email,
                display_name=f"{first} {last[0]}.",
                nickname=f"habitant_{n:03d}",
                password=make_password(None),  # no password: generated residents never sign in
                postal_code=POSTAL_CODE,
                birth_date=birth,
                verification_method=User.VerificationMethod.CENSUS,
                verified_at=now - timedelta(days=rng.randint(11, 40)),
                terms_version=TERMS_VERSION,
                terms_accepted_at=now - timedelta(days=40),
            )
        )
    User.objects.bulk_create(fresh)
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _census(process, context, residents):
    """One entry per resident: the named ones (document numbers above), then the generated ones. Accounts that
    vote online are verified against their entry, as the verification page does it."""
    User = get_user_model()
    users = context["users"]
    now = timezone.now()
    existing = set(CensusEntry.objects.filter(process=process).values_list("document_hash", flat=True))
    rows = []
    for key, number, birth in NAMED_RESIDENTS:
        digest = document_hash(number)
        user = users.get(key)
        if user is not None:
            if not user.birth_date:
                user.birth_date = birth
            if not user.verified_at:
                user.verification_method = User.VerificationMethod.CENSUS
                user.verified_at = now - timedelta(days=12)
            user.save(update_fields=["birth_date", "verification_method", "verified_at"])
        if digest not in existing:
            rows.append(
                CensusEntry(
                    process=process,
                    document_hash=digest,
                    birth_date=user.birth_date if user else birth,
                    postal_code=POSTAL_CODE,
                    user=user,
                    verified_at=now - timedelta(days=12) if user else None,
                )
            )
    for n, resident in enumerate(residents, start=1):
        digest = document_hash(generated_document(n))
        if digest in existing:
            continue
        # Assisted and paper voters were checked in person: their entry is not linked to an online account.
        online = n <= ONLINE or n > ONLINE + ASSISTED + PAPER
        rows.append(
            CensusEntry(
                process=process,
                document_hash=digest,
                birth_date=resident.birth_date,
                postal_code=POSTAL_CODE,
                user=resident if online else None,
                verified_at=resident.verified_at if online else None,
            )
        )
    CensusEntry.objects.bulk_create(rows)
    by_hash = {e.document_hash: e for e in CensusEntry.objects.filter(process=process)}
    return [by_hash[document_hash(generated_document(n))] for n in range(1, len(residents) + 1)]


def _categories(process):
    from apps.taxonomy.models import Category

    categories = {}
    for position, (fr, en, color, icon) in enumerate(CATEGORIES):
        categories[fr], _created = Category.objects.update_or_create(
            process=process,
            name_fr=fr,
            defaults={"name_en": en, "name_es": CATEGORIES_ES[fr], "position": position, "color": color, "icon": icon},
        )
    return categories


def _proposals(process, context, residents, categories):
    """The 32 ideas, published in the proposals phase (months ago), then reviewed: assigned to the evaluator,
    found feasible with a cost, and answered by the agent (accepted), through the review services."""
    from apps.proposals import review_services
    from apps.proposals.models import Proposal, Review
    from apps.proposals.review_demo import _criteria
    from apps.proposals.services import reference_for

    users = context["users"]
    authors = [users["camille"], users["karim"], users["lea"], *residents[:13]]
    proposals = []
    for n, spec in enumerate(PROJECTS):
        proposal = Proposal.objects.filter(process=process, title=spec.title_fr).first()
        if proposal is None:
            proposal = Proposal(
                process=process,
                title=spec.title_fr,
                body=spec.body_fr,
                author=authors[n % len(authors)],
                category=categories[spec.category],
                status=Proposal.Status.PUBLISHED,
                wizard_step=4,
                published_at=timezone.now() - timedelta(days=118 - n),
                latitude=Decimal(str(spec.point[0])) if spec.point else None,
                longitude=Decimal(str(spec.point[1])) if spec.point else None,
                address="Villeneuve-sur-Lys" if spec.point else "",
            )
            proposal.full_clean()
            proposal.save()
            proposal.reference = reference_for(proposal)
            proposal.save(update_fields=["reference"])
        proposals.append(proposal)

    agent, evaluator = users["agent"], users["evaluator"]
    criteria = _criteria(process)
    fresh = [p for p in proposals if p.status in Proposal.REVIEWABLE and not hasattr(p, "review")]
    if fresh:
        review_services.review_assign(proposals=fresh, evaluators=[evaluator], actor=agent)
    by_title = {spec.title_fr: spec for spec in PROJECTS}
    for proposal in fresh:
        cost = Decimal(by_title[proposal.title].cost)
        review_services.review_save(
            proposal=proposal,
            actor=evaluator,
            data={
                "verdict": Review.Verdict.FEASIBLE,
                "estimated_cost": cost,
                "cost_explanation": "Chiffrage des services techniques (2025).",
                "duration_months": 6,
                **_answers(cost),
            },
            assessments={c.pk: {"met": True, "comment": ""} for c in criteria},
            submit=review_services.Submit.HOLD,
        )
    if fresh:
        review_services.answers_publish(process=process, actor=agent, proposal_ids=[p.pk for p in fresh])
    _fill_answers_es(process, proposals)
    return list(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).select_related("review"))


def _answers(cost):
    """The public answer of a feasible idea costed at `cost` €, in French, English and Spanish."""
    spaced = f"{cost:,.0f}".replace(",", "\u00a0")  # 45 000 in French and Spanish, 45,000 in English
    return {
        "public_answer_fr": "Projet faisable, chiffré à %s € par les services techniques." % spaced,
        "public_answer_en": "Feasible: costed at €%s by the technical services." % f"{cost:,.0f}",
        "public_answer_es": "Proyecto viable, presupuestado en %s € por los servicios técnicos." % spaced,
    }


def _fill_answers_es(process, proposals):
    """Answers seeded before they had their Spanish text get it: only an empty one, on an answer whose French text
    is still the demo's (an answer edited in the back-office stays as it is)."""
    from apps.proposals.models import Review

    empty = Q(public_answer_es="") | Q(public_answer_es__isnull=True)
    filled = False
    for review in Review.objects.filter(empty, proposal__in=proposals, estimated_cost__isnull=False):
        answers = _answers(review.estimated_cost)
        if review.public_answer_fr == answers["public_answer_fr"]:
            Review.objects.filter(pk=review.pk).update(public_answer_es=answers["public_answer_es"])
            filled = True
    if filled:
        bump_for(process)


def _budget(process):
    budget = Budget.objects.filter(process=process).order_by("pk").first() or Budget(process=process)
    budget.title_fr = "Enveloppe de la ville"
    budget.title_en = "Town-wide envelope"
    budget.description_fr = "<p>Choisissez de 1 à 3 projets. Les projets les plus choisis sont réalisés dans la "
    budget.description_fr += "limite de 100 000 €.</p>"
    budget.description_en = "<p>Choose 1 to 3 projects. The most chosen projects are built, up to €100,000.</p>"
    budget.title_es = "Partida para toda la ciudad"
    budget.description_es = "<p>Elija de 1 a 3 proyectos. Los proyectos más elegidos se realizan hasta un límite "
    budget.description_es += "de 100 000 €.</p>"
    budget.total_amount = Decimal("100000")
    budget.currency = "EUR"
    budget.population = 20000
    budget.ballot_kind = Budget.BallotKind.APPROVAL
    budget.min_projects = 1
    budget.max_projects = 3
    budget.full_clean()
    budget.save()
    return budget


def _translations(spec):
    """A project's English and Spanish title and description (the conversion writes the French ones)."""
    return {
        "title_en": spec.title_en,
        "title_es": spec.title_es,
        "description_en": f"<p>{spec.body_en}</p>",
        "description_es": f"<p>{spec.body_es}</p>",
    }


def _projects(budget, proposals, context):
    """One project per accepted proposal, selected for the vote (the review's cost, the proposal's place), through
    the back-office's conversion when it is there (audited, the authors follow their project), with its English
    and Spanish texts."""
    specs = {spec.title_fr: spec for spec in PROJECTS}
    linked = set(Project.objects.filter(budget=budget).values_list("proposals", flat=True))
    missing = [p for p in proposals if p.pk not in linked and p.status == p.Status.ACCEPTED]
    try:
        from .project_services import projects_from_proposals
    except ImportError:  # before the back-office's conversion existed
        projects_from_proposals = None
    if missing and projects_from_proposals is not None:
        agent = context["users"]["agent"]
        result = projects_from_proposals(
            process=budget.process, budget=budget, proposals=missing, actor=agent, select=True
        )
        for project in result.created:
            spec = specs[project.proposals.get().title]
            texts = _translations(spec)
            for field, value in texts.items():
                setattr(project, field, value)
            project.position = PROJECTS.index(spec)
            project.save(update_fields=[*texts, "position", "updated_at"])
        missing = []
    for proposal in missing:
        spec = specs[proposal.title]
        project = Project(
            budget=budget,
            title_fr=spec.title_fr,
            description_fr=f"<p>{spec.body_fr}</p>",
            **_translations(spec),
            cost=proposal.review.estimated_cost,
            category=proposal.category,
            address=proposal.address,
            latitude=proposal.latitude,
            longitude=proposal.longitude,
            position=PROJECTS.index(spec),
            status=Project.Status.SELECTED,
        )
        project.full_clean()
        project.save()
        project.proposals.add(proposal)
    _fill_translations(budget, specs)
    return list(Project.objects.filter(budget=budget).order_by("position", "pk"))


def _fill_translations(budget, specs):
    """Projects seeded before the demo had their English and Spanish texts get them: only the empty fields, so
    that a text edited in the back-office stays as it is."""
    filled = False
    for project in Project.objects.filter(budget=budget):
        spec = specs.get(project.title_fr)
        if spec is None:
            continue
        empty = {field: value for field, value in _translations(spec).items() if not getattr(project, field)}
        if empty:
            for field, value in empty.items():
                setattr(project, field, value)
            project.save(update_fields=[*empty, "updated_at"])
            filled = True
    if filled:
        bump_for(budget)


def _choices(rng, projects, weights, budget):
    size = rng.choices((1, 2, 3), weights=(2, 3, 5))[0]
    size = min(size, budget.max_projects or size)
    picked = []
    while len(picked) < size:
        project = rng.choices(projects, weights=weights)[0]
        if project not in picked:
            picked.append(project)
    return picked


def _ballots(budget, context, residents, entries):
    """The ballots cast so far (once: nothing is added when the budget already has ballots)."""
    if Ballot.objects.filter(budget=budget).exists():
        return
    projects = [p for p in Project.objects.filter(budget=budget, status=Project.Status.SELECTED)]
    weight_of = {spec.title_fr: spec.weight for spec in PROJECTS}
    weights = [weight_of.get(p.title_fr, 3) for p in projects]
    rng = random.Random(2026)
    users = context["users"]
    assistant, paper_agent = users["assistant"], users["paper_agent"]
    opened = timezone.now() - timedelta(days=10)

    def moment(n, total):
        # Spread over the days of the vote so far, more at the start and the end (as real turnouts go).
        share = (n / total) ** 1.3
        return opened + timedelta(seconds=int(share * 9.5 * 86400)) + timedelta(minutes=rng.randint(0, 600))

    try:  # the voting desk's services (assisted and paper), once they exist
        from . import assisted_services, paper_services
    except ImportError:
        assisted_services = paper_services = None
    # This morning's voters (the last of each channel) go through the services, as the vote's pages do.
    serviced = set(range(ONLINE - THROUGH_SERVICES, ONLINE))
    if paper_services is not None:
        serviced |= set(range(ONLINE + ASSISTED - DESK_THROUGH_SERVICES, ONLINE + ASSISTED))
        serviced |= set(range(ONLINE + ASSISTED + PAPER - DESK_THROUGH_SERVICES, ONLINE + ASSISTED + PAPER))

    ballots, picks, today = [], [], []
    # The channels mix over the days, as at a real vote (they came one after the other: online only the first week).
    when = list(range(ONLINE + ASSISTED + PAPER))
    random.Random(7).shuffle(when)
    for n in range(ONLINE + ASSISTED + PAPER):
        resident = residents[n]
        at = moment(when[n], ONLINE + ASSISTED + PAPER)
        if n in serviced:
            today.append((n, resident, entries[n], _choices(rng, projects, weights, budget)))
            continue
        if n < ONLINE:
            ballot = Ballot(budget=budget, voter=resident, channel=Channel.ONLINE, receipt_code=new_receipt_code())
        elif n < ONLINE + ASSISTED:
            ballot = Ballot(
                budget=budget, channel=Channel.ASSISTED, recorded_by=assistant, receipt_code=new_receipt_code()
            )
        else:
            sheet = f"P-{n - ONLINE - ASSISTED + 1:04d}"
            ballot = Ballot(budget=budget, channel=Channel.PAPER, recorded_by=paper_agent, paper_sheet=sheet)
        ballot.confirmed_at = at
        ballots.append(ballot)
        picks.append(_choices(rng, projects, weights, budget))
    bulk_entries = [e for n, e in enumerate(entries[: len(ballots) + len(today)]) if n not in serviced]
    Ballot.objects.bulk_create(ballots)
    # The timestamps of the day each ballot was cast (auto_now fields take "now" on insert).
    for ballot in ballots:
        ballot.created_at = ballot.updated_at = ballot.confirmed_at
    Ballot.objects.bulk_update(ballots, ["created_at", "updated_at"])

    items, basket, register, paper = [], [], [], []
    for ballot, chosen, entry in zip(ballots, picks, bulk_entries, strict=True):
        for project in chosen:
            items.append(BallotItem(ballot=ballot, project=project))
            if ballot.channel == Channel.ONLINE:
                basket.append(BasketItem(ballot=ballot, project=project))
        if ballot.channel == Channel.PAPER:
            # Typed twice, by two agents, and matched: the sheet counts. The register names the resident
            # (signed at the town hall) without linking them to their sheet.
            typed = {str(p.pk): {"points": 1, "rank": None} for p in chosen}
            for agent in (assistant, paper_agent):
                paper.append(
                    PaperEntry(
                        budget=budget,
                        sheet=ballot.paper_sheet,
                        entered_by=agent,
                        choices=typed,
                        state=PaperEntry.State.MATCHED,
                        ballot=ballot,
                    )
                )
            register.append(
                Participation(budget=budget, census_entry=entry, channel=Channel.PAPER, recorded_by=paper_agent)
            )
        elif ballot.channel == Channel.ASSISTED:
            register.append(
                Participation(
                    budget=budget,
                    census_entry=entry,
                    channel=Channel.ASSISTED,
                    ballot=ballot,
                    recorded_by=assistant,
                )
            )
        else:
            register.append(
                Participation(
                    budget=budget, user=ballot.voter, census_entry=entry, channel=Channel.ONLINE, ballot=ballot
                )
            )
    BallotItem.objects.bulk_create(items)
    BasketItem.objects.bulk_create(basket)
    PaperEntry.objects.bulk_create(paper)
    Participation.objects.bulk_create(register)
    for participation, ballot in zip(register, ballots, strict=True):
        participation.created_at = ballot.confirmed_at
    Participation.objects.bulk_update(register, ["created_at"])

    # This morning's voters went through the services: the vote's pages (rules, locks, audit, receipt) and, once
    # it exists, the voting desk (an assisted vote, a paper voter marked in the register and their sheet typed twice).
    from . import services

    for n, resident, entry, chosen in today:
        if n < ONLINE:
            for project in chosen:
                services.basket_add(voter=resident, budget=budget, project_id=project.pk)
            services.ballot_confirm(voter=resident, budget=budget)
            continue
        typed = assisted_services.choices_from(budget=budget, typed=[(p.pk, 1, None) for p in chosen])
        if n < ONLINE + ASSISTED:
            assisted_services.ballot_record_assisted(
                assistant=assistant, budget=budget, census_entry=entry, choices=typed
            )
            continue
        assisted_services.paper_voter_mark(assistant=paper_agent, budget=budget, census_entry=entry)
        sheet = f"P-{n - ONLINE - ASSISTED + 1:04d}"
        for agent in (assistant, paper_agent):
            paper_services.paper_entry_add(agent=agent, budget=budget, sheet=sheet, choices=typed)
    if paper_services is not None:
        _sheets_waiting(budget, users, residents, entries, lambda: _choices(rng, projects, weights, budget))


def _sheets_waiting(budget, users, residents, entries, choose):
    """Sheets still on the voting desk, so that each of its people finds work waiting: typed once by the assistant
    (the colleague types them the second time), and one typed differently by the two (a process administrator
    reconciles it, reading the sheet). Their voters are in the register: they voted on paper this morning."""
    from . import assisted_services, paper_services

    assistant, paper_agent = users["assistant"], users["paper_agent"]
    first = ONLINE + ASSISTED + PAPER + NOT_VOTED - SHEETS_WAITING
    for k, n in enumerate(range(first, first + SHEETS_WAITING)):
        assisted_services.paper_voter_mark(assistant=paper_agent, budget=budget, census_entry=entries[n])
        sheet = f"P-{PAPER + 1 + k:04d}"
        chosen = choose()
        typed = assisted_services.choices_from(budget=budget, typed=[(p.pk, 1, None) for p in chosen])
        paper_services.paper_entry_add(agent=assistant, budget=budget, sheet=sheet, choices=typed)
        if k == SHEETS_WAITING - 1:  # the colleague read its first box as another project
            misread = next(p for p in Project.objects.filter(budget=budget, status=Project.Status.SELECTED)
                           if p not in chosen)  # fmt: skip
            other = assisted_services.choices_from(
                budget=budget, typed=[(p.pk, 1, None) for p in [misread, *chosen[1:]]]
            )
            paper_services.paper_entry_add(agent=paper_agent, budget=budget, sheet=sheet, choices=other)


def seed(context):
    _staff_and_voter(context)
    process = _process(context)
    residents = _generated_residents(ONLINE + ASSISTED + PAPER + NOT_VOTED)
    entries = _census(process, context, residents)
    categories = _categories(process)
    proposals = _proposals(process, context, residents, categories)
    budget = _budget(process)
    _projects(budget, proposals, context)
    _ballots(budget, context, residents, entries)
    context.setdefault("processes", {})["vote"] = process
    from .demo_results import seed as seed_past_results

    seed_past_results(context, residents)
