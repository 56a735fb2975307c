"""Demo surveys: one open in the consultation (its contributions phase opens surveys), with a conditional question;
one closed and anonymous in last year's process, answered by 140 generated residents, so its results page shows
charts, free texts and demographics. Idempotent: matched by title, the closed one's answers written once."""

import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Answer, Choice, Participation, Question, Response, Survey

Kind = Question.Kind
GENERATED = "habitant-"
RESPONDENTS = 140


def _survey(process, *, title, intro, anonymous, position, results_public=False):
    survey, _created = Survey.objects.update_or_create(
        process=process,
        title_fr=title[0],
        defaults={
            "title_en": title[1],
            "title_es": title[2],
            "intro_fr": intro[0],
            "intro_en": intro[1],
            "intro_es": intro[2],
            "is_anonymous": anonymous,
            "results_public": results_public,
            "status": Survey.Status.PUBLISHED,
            "position": position,
        },
    )
    return survey


def _question(survey, position, kind, text, *, choices=(), **fields):
    question, _created = Question.objects.update_or_create(
        survey=survey,
        position=position,
        defaults={"kind": kind, "text_fr": text[0], "text_en": text[1], "text_es": text[2], **fields},
    )
    made = []
    for index, (fr, en, es) in enumerate(choices):
        choice, _created = Choice.objects.update_or_create(
            question=question, position=index, defaults={"text_fr": fr, "text_en": en, "text_es": es}
        )
        made.append(choice)
    return question, made


TRANSPORT = (
    ("À pied", "On foot", "A pie"),
    ("À vélo", "By bike", "En bicicleta"),
    ("En bus ou en tram", "By bus or tram", "En autobús o tranvía"),
    ("En voiture", "By car", "En coche"),
)
PRIORITIES = (
    ("Des pistes cyclables", "Cycle lanes", "Carriles bici"),
    ("Plus d'arbres", "More trees", "Más árboles"),
    ("Des bancs et de l'ombre", "Benches and shade", "Bancos y sombra"),
    ("Des rues plus calmes", "Quieter streets", "Calles más tranquilas"),
)


def _open_survey(process):
    survey = _survey(
        process,
        title=(
            "Se déplacer dans la ville de demain",
            "Getting around tomorrow's town",
            "Moverse en la ciudad de mañana",
        ),
        intro=(
            "Cinq minutes pour nous dire comment vous vous déplacez et ce qui changerait votre quotidien.",
            "Five minutes to tell us how you get around and what would change your daily life.",
            "Cinco minutos para decirnos cómo se desplaza y qué cambiaría su día a día.",
        ),
        anonymous=False,
        position=0,
    )
    _q, (walk, bike, _bus, _car) = _question(
        survey,
        1,
        Kind.SINGLE,
        (
            "Comment venez-vous le plus souvent en centre-ville ?",
            "How do you usually come to the town centre?",
            "¿Cómo suele venir al centro?",
        ),
        choices=TRANSPORT,
        required=True,
        allow_other=True,
    )
    _question(
        survey,
        2,
        Kind.LONG_TEXT,
        ("Qu'est-ce qui vous gêne à vélo ?", "What bothers you when cycling?", "¿Qué le molesta en bicicleta?"),
        required=True,
        show_if=bike,
        help_text_fr="Un carrefour, une rue, un horaire : soyez précis.",
        help_text_en="A crossing, a street, a time of day: be precise.",
        help_text_es="Un cruce, una calle, una hora: sea preciso.",
    )
    _question(
        survey,
        3,
        Kind.MULTIPLE,
        (
            "Qu'aimeriez-vous voir dans votre rue ?",
            "What would you like to see in your street?",
            "¿Qué le gustaría ver en su calle?",
        ),
        choices=PRIORITIES,
    )
    _question(
        survey,
        4,
        Kind.SCALE,
        (
            "Vous sentez-vous en sécurité à pied le soir ?",
            "Do you feel safe walking in the evening?",
            "¿Se siente seguro caminando por la noche?",
        ),
        required=True,
        scale_min=1,
        scale_max=5,
        scale_min_label_fr="Pas du tout",
        scale_min_label_en="Not at all",
        scale_min_label_es="Nada",
        scale_max_label_fr="Tout à fait",
        scale_max_label_en="Completely",
        scale_max_label_es="Totalmente",
    )
    return survey, walk


def _closed_survey(process):
    survey = _survey(
        process,
        title=(
            "Votre avis sur le budget participatif 2024",
            "Your view of the 2024 participatory budget",
            "Su opinión sobre el presupuesto participativo 2024",
        ),
        intro=(
            "Enquête anonyme menée pendant le dépôt des idées de 2024.",
            "Anonymous survey run while ideas were collected in 2024.",
            "Encuesta anónima realizada durante la recogida de ideas de 2024.",
        ),
        anonymous=True,
        position=0,
        results_public=True,
    )
    heard, heard_choices = _question(
        survey,
        1,
        Kind.SINGLE,
        (
            "Comment avez-vous connu le budget participatif ?",
            "How did you hear about the participatory budget?",
            "¿Cómo conoció el presupuesto participativo?",
        ),
        choices=(
            ("Le journal municipal", "The town magazine", "La revista municipal"),
            ("Les réseaux sociaux", "Social media", "Las redes sociales"),
            ("Le bouche-à-oreille", "Word of mouth", "El boca a boca"),
            ("Une affiche", "A poster", "Un cartel"),
        ),
        required=True,
        allow_other=True,
    )
    ranking, ranked = _question(
        survey,
        2,
        Kind.RANKING,
        ("Classez ces thèmes par priorité", "Rank these themes by priority", "Ordene estos temas por prioridad"),
        choices=(
            ("Nature en ville", "Nature in town", "Naturaleza en la ciudad"),
            ("Mobilité", "Getting around", "Movilidad"),
            ("Culture et sport", "Culture and sport", "Cultura y deporte"),
        ),
        required=True,
    )
    scale, _ = _question(
        survey,
        3,
        Kind.SCALE,
        (
            "Êtes-vous satisfait de la démarche ?",
            "Are you satisfied with the process?",
            "¿Está satisfecho con el proceso?",
        ),
        required=True,
        scale_min=1,
        scale_max=5,
        scale_min_label_fr="Pas du tout",
        scale_min_label_en="Not at all",
        scale_min_label_es="Nada",
        scale_max_label_fr="Très",
        scale_max_label_en="Very",
        scale_max_label_es="Mucho",
    )
    matrix, _ = _question(
        survey,
        4,
        Kind.MATRIX,
        ("Comment jugez-vous…", "How do you rate…", "¿Cómo valora…"),
        matrix_rows_fr="l'information\nle site\nles ateliers",
        matrix_rows_en="the information\nthe website\nthe workshops",
        matrix_rows_es="la información\nel sitio\nlos talleres",
        matrix_columns_fr="Bien\nMoyen\nMal",
        matrix_columns_en="Good\nFair\nPoor",
        matrix_columns_es="Bien\nRegular\nMal",
    )
    comment, _ = _question(
        survey,
        5,
        Kind.LONG_TEXT,
        (
            "Une suggestion pour la prochaine édition ?",
            "A suggestion for next time?",
            "¿Una sugerencia para la próxima?",
        ),
    )
    _answers(survey, heard, heard_choices, ranking, ranked, scale, matrix, comment)
    return survey


SUGGESTIONS = (
    "Plus d'ateliers le samedi matin.",
    "Expliquer plus tôt pourquoi une idée est refusée.",
    "Un vote possible à la mairie annexe.",
    "Des affiches dans les écoles.",
    "Un budget plus grand pour les quartiers.",
)


def _answers(survey, heard, heard_choices, ranking, ranked, scale, matrix, comment):
    """140 generated residents, once: the participation rows and anonymous responses (no link between them)."""
    if Response.objects.filter(survey=survey).exists():
        return
    people = list(
        get_user_model().objects.filter(email__startswith=GENERATED).order_by("email").values_list("pk", flat=True)
    )[:RESPONDENTS]
    rng = random.Random(2024)
    day = timezone.localdate() - timezone.timedelta(days=480)
    Participation.objects.bulk_create([Participation(survey=survey, user_id=pk) for pk in people])
    responses = [Response(survey=survey, user=None, submitted_on=day, language="fr") for _pk in people]
    Response.objects.bulk_create(responses)
    answers = []
    for response in responses:
        pick = rng.choices(range(len(heard_choices) + 1), weights=(5, 3, 4, 2, 1))[0]
        if pick == len(heard_choices):
            answers.append(Answer(response=response, question=heard, text=rng.choice(("Au marché", "À l'école"))))
        else:
            answers.append(Answer(response=response, question=heard, choice=heard_choices[pick]))
        order = sorted(ranked, key=lambda c: rng.random() + (0.4 if c.position == 0 else 0))
        answers += [Answer(response=response, question=ranking, choice=c, rank=i + 1) for i, c in enumerate(order)]
        answers.append(
            Answer(response=response, question=scale, value=rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 6, 3))[0])
        )
        answers += [
            Answer(response=response, question=matrix, row=row, column=rng.choices((0, 1, 2), (5, 3, 1))[0])
            for row in range(3)
        ]
        if rng.random() < 0.15:
            answers.append(Answer(response=response, question=comment, text=rng.choice(SUGGESTIONS)))
    Answer.objects.bulk_create(answers, batch_size=1000)


def seed(context):
    processes = context.get("processes", {})
    if "consultation" in processes:
        _open_survey(processes["consultation"])
    if "results" in processes:
        _closed_survey(processes["results"])
