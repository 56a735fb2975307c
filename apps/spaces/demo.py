from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.core.demo_images import set_hero_image

from .models import Phase, Process, ProcessPage, ProcessRole, SitePage
from .phases import PhaseKind
from .selectors import forget_terms_version

TERMS_VERSION = "2026-01"

SITE_PAGES = {
    "terms": (
        "Conditions d'utilisation", "Terms of use",
        "<p>En participant, vous vous engagez à respecter les autres participants, à ne publier que des "
        "contenus dont vous êtes l'auteur et à ne pas créer plusieurs comptes.</p>"
        "<p>Les propositions contraires à la loi ou à la charte sont masquées par la modération.</p>",
        "<p>By taking part, you agree to respect other participants, to publish only content you wrote and "
        "not to create several accounts.</p><p>Proposals breaking the law or the charter are hidden by "
        "moderators.</p>",
    ),
    "privacy": (
        "Politique de confidentialité", "Privacy policy",
        "<p>Vos données servent uniquement au budget participatif. Les informations démographiques sont "
        "facultatives et utilisées seulement dans des statistiques agrégées. Vous pouvez télécharger ou "
        "effacer vos données à tout moment depuis votre compte.</p>",
        "<p>Your data is used only for the participatory budget. Demographic information is optional and used "
        "only in aggregated statistics. You can download or erase your data at any time from your account.</p>",
    ),
    "accessibility": (
        "Déclaration d'accessibilité", "Accessibility statement",
        "<p>Cette plateforme vise la conformité au RGAA 4.1 / WCAG 2.1 niveau AA. Signalez-nous toute "
        "difficulté via le formulaire de contact.</p>",
        "<p>This platform aims at WCAG 2.1 level AA. Please report any difficulty through the contact form.</p>",
    ),
    "faq": (
        "Questions fréquentes", "Frequently asked questions",
        "<h2>Qui peut participer ?</h2><p>Toute personne habitant la commune, sans condition d'âge ni de "
        "nationalité.</p><h2>Je n'ai pas internet</h2><p>Les agents des médiathèques vous aident à "
        "déposer une idée ou à voter.</p>",
        "<h2>Who can take part?</h2><p>Anyone living in the town, whatever their age or nationality.</p>"
        "<h2>I am not online</h2><p>Library staff help you submit an idea or vote.</p>",
    ),
}


# Spanish, since the README promises every page in the three languages, content included.
SITE_PAGES_ES = {
    "terms": (
        "Condiciones de uso",
        "<p>Al participar, se compromete a respetar a los demás participantes, a publicar solo contenidos de "
        "los que sea autor y a no crear varias cuentas.</p><p>Las propuestas contrarias a la ley o a la carta "
        "son ocultadas por la moderación.</p>",
    ),
    "privacy": (
        "Política de privacidad",
        "<p>Sus datos solo sirven para el presupuesto participativo. La información demográfica es opcional y "
        "solo se usa en estadísticas agregadas. Puede descargar o borrar sus datos en cualquier momento desde su "
        "cuenta.</p>",
    ),
    "accessibility": (
        "Declaración de accesibilidad",
        "<p>Esta plataforma aspira a cumplir las WCAG 2.1 nivel AA. Indíquenos cualquier dificultad mediante el "
        "formulario de contacto.</p>",
    ),
    "faq": (
        "Preguntas frecuentes",
        "<h2>¿Quién puede participar?</h2><p>Cualquier persona que viva en el municipio, sin condición de edad ni "
        "de nacionalidad.</p><h2>No tengo internet</h2><p>El personal de las bibliotecas le ayuda a presentar "
        "una idea o a votar.</p>",
    ),
}

PHASE_TITLES_ES = {
    "Information": "Información",
    "Submitting ideas": "Presentación de ideas",
    "Feasibility review": "Estudio de viabilidad",
    "Vote": "Votación",
    "Results and implementation": "Resultados y realización",
    "Launch": "Lanzamiento",
    "Contributions": "Aportaciones",
    "Prioritisation": "Priorización",
    "Summary": "Síntesis",
}


def _site_pages():
    for slug, (title_fr, title_en, body_fr, body_en) in SITE_PAGES.items():
        title_es, body_es = SITE_PAGES_ES[slug]
        SitePage.objects.update_or_create(
            slug=slug,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "title_es": title_es,
                "body_fr": body_fr,
                "body_en": body_en,
                "body_es": body_es,
                "version": TERMS_VERSION if slug == "terms" else "",
            },
        )
    forget_terms_version()


def _phases(process, specs):
    for kind, title_fr, title_en, start, end in specs:
        Phase.objects.update_or_create(
            process=process,
            kind=kind,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "title_es": PHASE_TITLES_ES.get(title_en, ""),
                "start_date": start,
                "end_date": end,
            },
        )


def seed(context):
    today = timezone.localdate()
    d = lambda days: today + timedelta(days=days)  # noqa: E731
    _site_pages()
    for user in context["users"].values():
        user.terms_version = TERMS_VERSION
        user.terms_accepted_at = timezone.now()
        user.save(update_fields=["terms_version", "terms_accepted_at"])

    budget, _ = Process.objects.update_or_create(
        slug="budget-participatif-2026",
        defaults={
            "title_fr": "Budget participatif 2026 de Villeneuve-sur-Lys",
            "title_en": "Villeneuve-sur-Lys participatory budget 2026",
            "title_es": "Presupuesto participativo 2026 de Villeneuve-sur-Lys",
            "subtitle_fr": "100 000 € pour vos projets de quartier",
            "subtitle_en": "€100,000 for your neighbourhood projects",
            "subtitle_es": "100 000 € para sus proyectos de barrio",
            "short_description_es": "Proponga sus ideas para la ciudad, apoye las de los demás y después vote los "
            "proyectos que se realizarán en 2027.",
            "description_es": "<p>La ciudad de Villeneuve-sur-Lys (20 000 habitantes) dedica <strong>100 000 €"
            "</strong> de su presupuesto de inversión a proyectos propuestos y elegidos por sus habitantes.</p>",
            "short_description_fr": "Proposez vos idées pour la ville, soutenez celles des autres, puis votez "
            "pour les projets qui seront réalisés en 2027.",
            "short_description_en": "Propose ideas for the town, support other people's, then vote for the "
            "projects that will be built in 2027.",
            "description_fr": "<p>La ville de Villeneuve-sur-Lys (20 000 habitants) consacre <strong>100 000 €"
            "</strong> de son budget d'investissement à des projets proposés et choisis par les habitants.</p>",
            "description_en": "<p>The town of Villeneuve-sur-Lys (20,000 inhabitants) devotes <strong>€100,000"
            "</strong> of its capital budget to projects proposed and chosen by its residents.</p>",
            "is_published": True,
            "start_date": d(-40),
            "end_date": d(200),
            "budget_envelope": Decimal("100000"),
            "scope": "",
        },
    )
    _phases(
        budget,
        [
            (PhaseKind.INFORMATION, "Information", "Information", d(-40), d(-21)),
            (PhaseKind.PROPOSALS, "Dépôt des idées", "Submitting ideas", d(-20), d(20)),
            (PhaseKind.FEASIBILITY, "Étude de faisabilité", "Feasibility review", d(21), d(45)),
            (PhaseKind.VOTING, "Vote", "Vote", d(46), d(60)),
            (PhaseKind.RESULTS, "Résultats et réalisation", "Results and implementation", d(61), d(200)),
        ],
    )
    pages = [
        ("regles", "Règles du jeu", "Rules of the game",
         "<p>Chaque habitant peut déposer jusqu'à 5 idées. Une idée doit relever des compétences de la "
         "commune, être d'intérêt général et coûter moins de 30 000 €.</p>",
         "<p>Each resident may submit up to 5 ideas. An idea must fall within the town's remit, serve the "
         "public interest and cost less than €30,000.</p>"),
        ("dates-cles", "Dates clés", "Key dates",
         "<p>Dépôt des idées, étude de faisabilité, vote, puis réalisation en 2027.</p>",
         "<p>Ideas, feasibility review, vote, then construction in 2027.</p>"),
        ("criteres", "Critères de recevabilité", "Admissibility criteria",
         "<ul><li>Intérêt général</li><li>Investissement (pas de fonctionnement)</li>"
         "<li>Sur le domaine public communal</li></ul>",
         "<ul><li>Public interest</li><li>Capital spending (no running costs)</li>"
         "<li>On municipal public land</li></ul>"),
        ("modalites-vote", "Modalités de vote", "Voting modalities",
         "<p>Chaque votant choisit des projets dans la limite de l'enveloppe de 100 000 €.</p>",
         "<p>Each voter picks projects within the €100,000 envelope.</p>"),
        ("contacts", "Contacts", "Contacts",
         "<p>Mission démocratie participative — mairie de Villeneuve-sur-Lys.</p>",
         "<p>Participatory democracy team — Villeneuve-sur-Lys town hall.</p>"),
    ]
    pages_es = {
        "regles": ("Reglas del juego", "<p>Cada habitante puede presentar hasta 5 ideas. Una idea debe ser "
                   "competencia del municipio, de interés general y costar menos de 30 000 €.</p>"),
        "dates-cles": ("Fechas clave", "<p>Ideas, estudio de viabilidad, votación y realización en 2027.</p>"),
        "criteres": ("Criterios de admisibilidad", "<ul><li>Interés general</li><li>Inversión (no gastos de "
                     "funcionamiento)</li><li>En el dominio público municipal</li></ul>"),
        "modalites-vote": ("Modalidades de votación", "<p>Cada votante elige proyectos dentro del límite de la "
                           "dotación de 100 000 €.</p>"),
        "contacts": ("Contactos", "<p>Misión de democracia participativa — ayuntamiento de "
                     "Villeneuve-sur-Lys.</p>"),
    }
    for position, (slug, title_fr, title_en, body_fr, body_en) in enumerate(pages):
        title_es, body_es = pages_es[slug]
        ProcessPage.objects.update_or_create(
            process=budget,
            slug=slug,
            defaults={"title_fr": title_fr, "title_en": title_en, "title_es": title_es, "body_fr": body_fr,
                      "body_en": body_en, "body_es": body_es, "position": position},
        )

    consultation, _ = Process.objects.update_or_create(
        slug="consultation-ville-de-demain",
        defaults={
            "title_fr": "Consultation citoyenne : la ville de demain",
            "title_en": "Citizens' consultation: the town of tomorrow",
            "title_es": "Consulta ciudadana: la ciudad del mañana",
            "subtitle_fr": "Six thèmes pour imaginer Villeneuve en 2040",
            "subtitle_en": "Six themes to imagine Villeneuve in 2040",
            "subtitle_es": "Seis temas para imaginar Villeneuve en 2040",
            "short_description_es": "Una consulta a escala de toda la ciudad, organizada en seis temas.",
            "short_description_fr": "Une consultation à l'échelle de toute la ville, organisée en six thèmes.",
            "short_description_en": "A city-wide consultation organised in six themes.",
            "is_published": True,
            "start_date": d(-10),
            "end_date": d(80),
            "scope": "",
        },
    )
    _phases(
        consultation,
        [
            (PhaseKind.INFORMATION, "Lancement", "Launch", d(-10), d(-1)),
            (PhaseKind.PROPOSALS, "Contributions", "Contributions", d(0), d(40)),
            (PhaseKind.SUPPORTS, "Priorisation", "Prioritisation", d(41), d(60)),
            (PhaseKind.RESULTS, "Synthèse", "Summary", d(61), d(80)),
        ],
    )

    set_hero_image(budget, "budget-participatif-2026")
    set_hero_image(consultation, "consultation-ville-de-demain")
    users = context["users"]
    for process in (budget, consultation):
        for key, role in (("agent", ProcessRole.Role.ADMIN), ("evaluator", ProcessRole.Role.EVALUATOR),
                          ("moderator", ProcessRole.Role.MODERATOR)):
            ProcessRole.objects.get_or_create(process=process, user=users[key], role=role)
    context["processes"] = {"budget": budget, "consultation": consultation}
