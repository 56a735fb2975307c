"""Demo events of the budget process (in its ideas phase): a past workshop closed with its report and the proposals
that came out of it, an upcoming workshop with seats left, a full one with a waiting list, an online one, and a
public meeting that has just ended, waiting for its report (the agent closes it). Their texts are in French, English
and Spanish. Idempotent: matched by title; events seeded before they had their Spanish texts get them (only the empty
fields: a text edited in the back-office stays)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.core.pagecache import bump_for

from . import services
from .models import Event, Registration, event_settings_for

LIBRARY = ("Médiathèque Jules-Verne", "2 rue de la Lys, 59800 Villeneuve-sur-Lys", (50.6309, 3.0603))
TOWN_HALL = ("Salle du conseil, mairie", "Place du Général-de-Gaulle, 59800 Villeneuve-sur-Lys", (50.6296, 3.0616))
SCHOOL = ("École Jules-Ferry (préau)", "14 rue des Écoles, 59800 Villeneuve-sur-Lys", (50.6325, 3.0570))
HINTS_FR = "Bus ligne 2, arrêt Médiathèque. Accès de plain-pied, boucle magnétique à l'accueil."
HINTS_EN = "Bus line 2, Médiathèque stop. Step-free access, hearing loop at the desk."
HINTS_ES = "Autobús línea 2, parada Médiathèque. Acceso sin escalones, bucle magnético en la recepción."

REPORT_FR = (
    "<p>Vingt-trois habitants du quartier des Tilleuls, dont huit qui n'avaient jamais participé en ligne, ont "
    "travaillé en trois tables : nature en ville, déplacements, culture.</p><ul><li>Le verger partagé a recueilli "
    "le plus d'enthousiasme ; l'école propose d'en entretenir une partie.</li><li>Les boîtes à livres : les "
    "habitants demandent qu'elles soient placées près des arrêts de bus.</li><li>Une idée nouvelle est née : "
    "un atelier de réparation de vélos une fois par mois.</li></ul><p>Les idées ont été déposées par l'équipe "
    "de la mairie pendant l'atelier.</p>"
)
REPORT_EN = (
    "<p>Twenty-three residents of the Tilleuls neighbourhood, eight of whom had never taken part online, worked at "
    "three tables: nature in town, getting around, culture.</p><ul><li>The shared orchard got the most enthusiasm; "
    "the school offers to look after part of it.</li><li>Book boxes: residents ask for them near bus stops.</li>"
    "<li>A new idea came up: a bike repair workshop once a month.</li></ul><p>The town hall team typed the ideas in "
    "during the workshop.</p>"
)
REPORT_ES = (
    "<p>Veintitrés vecinos del barrio de Les Tilleuls, ocho de los cuales nunca habían participado en línea, "
    "trabajaron en tres mesas: naturaleza en la ciudad, desplazamientos, cultura.</p><ul><li>El huerto frutal "
    "compartido fue la idea que más entusiasmo despertó; la escuela se ofrece a cuidar una parte.</li><li>Cajas de "
    "libros: los vecinos piden que se coloquen cerca de las paradas de autobús.</li><li>Surgió una idea nueva: un "
    "taller de reparación de bicicletas una vez al mes.</li></ul><p>El equipo del ayuntamiento registró las ideas "
    "durante el taller.</p>"
)
NEW_PROPOSAL = (
    "Un atelier de réparation de vélos une fois par mois",
    "Issu de l'atelier de la médiathèque : un samedi par mois, des bénévoles et un mécanicien aident les habitants "
    "à réparer leur vélo, avec des outils achetés par la ville.",
)


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(process, agent, spec):
    """Create the event through the service (audited, followed) the first time; afterwards only fill its empty
    Spanish texts (an event seeded before it had them)."""
    place = spec.pop("place", None)
    data = dict(spec)
    if place is not None:
        data.update(place_name=place[0], address=place[1], latitude=Decimal(str(place[2][0])),
                    longitude=Decimal(str(place[2][1])), location_hints_fr=HINTS_FR, location_hints_en=HINTS_EN,
                    location_hints_es=HINTS_ES)
    existing = Event.objects.filter(process=process, title_fr=spec["title_fr"]).first()
    if existing is not None:
        _fill_spanish(existing, {key: value for key, value in data.items() if key.endswith("_es")})
        return existing, False
    return services.event_create(process=process, author=agent, data=data), True


def _fill_spanish(event, texts):
    """Write the Spanish texts that are still empty on `event` (never one that is already there), rich text
    sanitised as the service does."""
    texts = {key: services.clean_html(value) if key[:-3] in services.RICH_FIELDS else value
             for key, value in texts.items()}
    empty = {key: value for key, value in texts.items() if value and not getattr(event, key)}
    if empty:
        Event.objects.filter(pk=event.pk).update(**empty)
        event.refresh_from_db()
        bump_for(event)


def _register(event, users):
    for user in users:
        if user is None or Registration.objects.filter(event=event, user=user).exists():
            continue
        services.registration_create(event=event, user=user)


def seed(context):
    process = context["processes"]["budget"]
    users = context["users"]
    agent = users["agent"]
    settings = event_settings_for(process)
    settings.participants_may_create = True
    settings.save()
    by_title = {p.title: p for p in context.get("proposal_list", [])}

    past, created = _event(process, agent, {
        "title_fr": "Atelier d'idées aux Tilleuls", "title_en": "Ideas workshop at Les Tilleuls",
        "title_es": "Taller de ideas en Les Tilleuls",
        "description_fr": "<p>Un atelier pour imaginer ensemble les projets du quartier, avec les services de la "
                          "ville. Café offert.</p>",
        "description_en": "<p>A workshop to imagine the neighbourhood's projects together, with the town's "
                          "services. Coffee provided.</p>",
        "description_es": "<p>Un taller para imaginar juntos los proyectos del barrio, con los servicios "
                          "municipales. Café incluido.</p>",
        "kind": Event.Kind.IN_PERSON, "place": LIBRARY,
        "start_at": _at(-6, 18), "end_at": _at(-6, 20, 30),
        "registration_type": Event.RegistrationType.HERE, "seats": 30,
        "category": context.get("categories", {}).get("Végétalisation"),
    })
    if created:
        past.start_at, past.end_at = _at(12, 18), _at(12, 20, 30)  # registrations happened before the workshop
        Event.objects.filter(pk=past.pk).update(start_at=past.start_at, end_at=past.end_at)
        _register(past, [users.get("camille"), users.get("lea")])
        Event.objects.filter(pk=past.pk).update(start_at=_at(-6, 18), end_at=_at(-6, 20, 30))
        past.refresh_from_db()
    if not past.is_closed:
        linked = [by_title[t] for t in ("Planter un verger partagé au parc des Tilleuls",
                                       "Une boîte à livres dans chaque quartier") if t in by_title]
        services.event_close(
            event=past, user=agent, report=REPORT_FR, attendees_count=23,
            organisations="Centre social des Tilleuls, Conseil de quartier, École Jules-Ferry",
            proposals=linked, new_proposals=[{"title": NEW_PROPOSAL[0], "body": NEW_PROPOSAL[1]}],
        )
        past.refresh_from_db()
    if not past.closing_report_en:
        Event.objects.filter(pk=past.pk).update(closing_report_en=services.clean_html(REPORT_EN))
    _fill_spanish(past, {"closing_report_es": REPORT_ES})

    upcoming, created = _event(process, agent, {
        "title_fr": "Atelier : rédiger son idée pas à pas", "title_en": "Workshop: writing your idea step by step",
        "title_es": "Taller: redactar su idea paso a paso",
        "description_fr": "<p>Vous avez une idée pour la ville ? Les agents de la médiathèque vous aident à la "
                          "rédiger et à la déposer, sur place ou sur papier.</p>",
        "description_en": "<p>Got an idea for the town? Library staff help you write it and submit it, on a "
                          "computer or on paper.</p>",
        "description_es": "<p>¿Tiene una idea para la ciudad? El personal de la biblioteca le ayuda a redactarla y "
                          "a presentarla, en línea o en papel.</p>",
        "kind": Event.Kind.IN_PERSON, "place": LIBRARY,
        "start_at": _at(5, 14), "end_at": _at(5, 16),
        "registration_type": Event.RegistrationType.HERE, "seats": 12,
        "registration_question_fr": "Avez-vous besoin d'un accompagnement particulier ?",
        "registration_question_en": "Do you need any particular assistance?",
        "registration_question_es": "¿Necesita algún apoyo en particular?",
    })
    _register(upcoming, [users.get("camille"), users.get("lea")])

    full, created = _event(process, agent, {
        "title_fr": "Balade urbaine : les lieux des projets", "title_en": "Town walk: where the projects would go",
        "title_es": "Paseo urbano: los lugares de los proyectos",
        "description_fr": "<p>Une balade de deux heures avec un urbaniste pour voir sur place les lieux des idées "
                          "déposées. Places limitées.</p>",
        "description_en": "<p>A two-hour walk with a town planner to see where the submitted ideas would go. "
                          "Limited places.</p>",
        "description_es": "<p>Un paseo de dos horas con un urbanista para ver sobre el terreno dónde irían las ideas "
                          "presentadas. Plazas limitadas.</p>",
        "kind": Event.Kind.IN_PERSON, "place": SCHOOL,
        "start_at": _at(9, 10), "end_at": _at(9, 12),
        "registration_type": Event.RegistrationType.HERE, "seats": 2,
    })
    _register(full, [users.get("camille"), users.get("lea"), users.get("voter")])

    _event(process, agent, {
        "title_fr": "Questions-réponses en ligne sur le budget participatif",
        "title_en": "Online questions and answers on the participatory budget",
        "title_es": "Preguntas y respuestas en línea sobre el presupuesto participativo",
        "description_fr": "<p>Une heure en visio pour poser vos questions à l'équipe du budget participatif.</p>",
        "description_en": "<p>One hour online to ask the participatory budget team your questions.</p>",
        "description_es": "<p>Una hora por videoconferencia para hacer sus preguntas al equipo del presupuesto "
                          "participativo.</p>",
        "kind": Event.Kind.ONLINE, "online_url": "https://visio.villeneuve-sur-lys.example/budget-participatif",
        "start_at": _at(12, 18, 30), "end_at": _at(12, 19, 30),
        "registration_type": Event.RegistrationType.HERE, "seats": None,
    })

    _event(process, agent, {
        "title_fr": "Réunion publique de lancement", "title_en": "Launch public meeting",
        "title_es": "Reunión pública de lanzamiento",
        "description_fr": "<p>Présentation du budget participatif 2026, de ses règles et de son calendrier.</p>",
        "description_en": "<p>Presentation of the 2026 participatory budget, its rules and its calendar.</p>",
        "description_es": "<p>Presentación del presupuesto participativo 2026, sus reglas y su calendario.</p>",
        "kind": Event.Kind.HYBRID, "place": TOWN_HALL,
        "online_url": "https://visio.villeneuve-sur-lys.example/lancement",
        "start_at": _at(-2, 19), "end_at": _at(-2, 21),
        "registration_type": Event.RegistrationType.NONE,
    })
    context["events"] = {"past": past, "upcoming": upcoming, "full": full}
