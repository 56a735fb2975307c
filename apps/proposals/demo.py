"""Demo proposals for the budget process of Villeneuve-sur-Lys (idempotent: matched by process and title)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Proposal, proposal_settings_for
from .services import reference_for

# (author key, category, title, body, (lat, lon) or None, days ago)
PROPOSALS = [
    ("camille", "Végétalisation", "Planter un verger partagé au parc des Tilleuls",
     "Des pommiers, poiriers et petits fruits en accès libre, entretenus avec l'école voisine et le "
     "centre social.\n\nUn panneau expliquerait les variétés locales.", (50.6312, 3.0588), 18),
    ("karim", "Équipements sportifs", "Rénover le terrain de basket du quartier de la Gare",
     "Le revêtement est fissuré et les paniers n'ont plus de filet. Un sol neuf, deux paniers réglables "
     "et un éclairage jusqu'à 22 h permettraient aux jeunes de jouer toute l'année.", (50.6278, 3.0651), 17),
    ("lea", "Culture", "Une boîte à livres dans chaque quartier",
     "Installer six boîtes à livres en bois, fabriquées par le lycée professionnel, près des arrêts de bus.",
     None, 16),
    ("camille", "Stationnement", "Des arceaux vélos sécurisés devant la médiathèque",
     "Aujourd'hui les vélos sont attachés aux grilles. Vingt arceaux couverts encourageraient les familles "
     "à venir à vélo.", (50.6301, 3.0612), 15),
    ("karim", "Sécurité", "Sécuriser la traversée devant l'école Jules-Ferry",
     "Un plateau surélevé, un marquage coloré et des panneaux lumineux pour ralentir les voitures aux "
     "heures d'entrée et de sortie des classes.", (50.6325, 3.0570), 14),
    ("lea", "Loisirs", "Des jeux pour enfants accessibles aux fauteuils roulants",
     "Remplacer deux jeux du square Pasteur par des modèles inclusifs, avec un sol souple.",
     (50.6290, 3.0595), 12),
    ("camille", "Propreté", "Plus de poubelles de tri sur la place du marché",
     "Après le marché du samedi, les déchets débordent. Des poubelles de tri et un composteur aideraient.",
     (50.6305, 3.0600), 10),
    ("karim", "Sport en plein air", "Un parcours sportif le long de la Lys",
     "Dix agrès de fitness en plein air répartis sur deux kilomètres de berges, avec des panneaux "
     "d'exercices pour tous les âges.", (50.6340, 3.0540), 9),
    ("lea", "Écologie", "Récupérer l'eau de pluie pour arroser les jardins partagés",
     "Des cuves de récupération reliées aux gouttières des bâtiments municipaux voisins des jardins.",
     None, 7),
    ("camille", "Culture", "Un festival de musique dans le parc chaque été",
     "Une scène démontable et du matériel son que les associations pourraient emprunter pour organiser "
     "des concerts gratuits.", None, 5),
    ("lea", "Sport", "Ouvrir le gymnase municipal le dimanche matin",
     "Des créneaux libres encadrés par un animateur pour les familles et les débutants.", None, 3),
]

OFFICIAL = (
    "agent", "Végétalisation", "Planter 200 arbres dans les cours d'école",
    "Proposition de la mairie, à prioriser : débitumer et ombrager les cours des quatre écoles "
    "élémentaires pour lutter contre les îlots de chaleur.", (50.6318, 3.0625), 20,
)


# Ideas in the consultation, by theme: residents write in their own language, and some write in Spanish.
# (author key, theme slug, title, body, days ago)
CONSULTATION_IDEAS = [
    ("karim", "mobilites", "Más aparcabicis cubiertos junto a la estación",
     "Cada mañana no queda sitio para atar la bicicleta. Cuarenta plazas cubiertas y vigiladas animarían a "
     "ir en bici hasta el tren.", 6),
    ("lea", "environnement", "Dar sombra al patio de la escuela Pasteur",
     "Árboles y toldos en el patio: en junio los niños ya no pueden jugar al sol.", 4),
    ("camille", "jeunesse", "Un local pour les jeunes du quartier Nord",
     "Une salle ouverte le soir et le week-end, avec un animateur, pour que les ados aient un endroit à eux.", 2),
]


def _consultation_ideas(process, users, themes):
    ideas = []
    for author_key, theme_slug, title, body, days_ago in CONSULTATION_IDEAS:
        proposal = Proposal.objects.filter(process=process, title=title).first()
        if proposal is None:
            proposal = Proposal(
                process=process,
                author=users[author_key],
                title=title,
                body=body,
                theme=themes.get(theme_slug),
                status=Proposal.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=days_ago),
                wizard_step=4,
            )
            proposal.full_clean()
            proposal.save()
            proposal.reference = reference_for(proposal)
            proposal.save(update_fields=["reference"])
        ideas.append(proposal)
    return ideas


def _upsert(process, users, categories, spec, *, official=False):
    author_key, category_name, title, body, point, days_ago = spec
    published_at = timezone.now() - timedelta(days=days_ago)
    defaults = {
        "author": users[author_key],
        "body": body,
        "category": categories.get(category_name),
        "is_official": official,
        "status": Proposal.Status.PUBLISHED,
        "wizard_step": 4,
        "latitude": Decimal(str(point[0])) if point else None,
        "longitude": Decimal(str(point[1])) if point else None,
        "address": "Centre-ville, Villeneuve-sur-Lys" if point else "",
    }
    proposal = Proposal.objects.filter(process=process, title=title).first()
    if proposal is None:
        proposal = Proposal(process=process, title=title, published_at=published_at, **defaults)
    else:
        # The status moved on since (under evaluation, answered): a second run leaves it where the review put it.
        defaults.pop("status")
        for field, value in defaults.items():
            setattr(proposal, field, value)
    proposal.full_clean()
    proposal.save()
    if not proposal.reference:
        proposal.reference = reference_for(proposal)
        proposal.save(update_fields=["reference"])
    return proposal


def _photos(proposals, agent):
    """A photo on some proposals (drawn with Pillow), added through the attachments service like an upload: by
    the author while the proposal is open, by the town's agent once the review moved it on (a later run)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.demo_images import picture

    from .attachments import attachment_add

    for proposal in proposals:
        if not proposal.is_geolocated or proposal.attachments.exists():
            continue
        photo = picture(proposal.reference or proposal.pk)
        upload = SimpleUploadedFile("photo.jpg", photo.read(), content_type="image/jpeg")
        open_to_author = proposal.status in (Proposal.Status.DRAFT, Proposal.Status.PUBLISHED)
        uploader = proposal.author if open_to_author or agent is None else agent
        attachment_add(proposal=proposal, uploaded_file=upload, user=uploader, title=proposal.title[:150])


def _settings(process):
    """The budget's proposal settings, as its agent would set them in the process form."""
    settings = proposal_settings_for(process)
    settings.proposals_per_user = 5  # "each resident may submit up to 5 ideas" (the rules page)
    settings.proposal_title_help_fr = "Entre 15 et 150 caractères : ce que vous proposez, et où."
    settings.proposal_title_help_en = "Between 15 and 150 characters: what you propose, and where."
    settings.proposal_title_help_es = "Entre 15 y 150 caracteres: lo que propone, y dónde."
    settings.full_clean()
    settings.save()


def seed(context):
    from apps.notifications.services import follow_add

    process = context["processes"]["budget"]
    users = context["users"]
    categories = context.get("categories", {})
    _settings(process)
    proposals = []
    for spec in PROPOSALS:
        proposals.append(_upsert(process, users, categories, spec))
    proposals.append(_upsert(process, users, categories, OFFICIAL, official=True))
    _photos(proposals[:6], users.get("agent"))
    ideas = _consultation_ideas(context["processes"]["consultation"], users, context.get("themes", {}))
    for proposal in proposals + ideas:
        follow_add(user=proposal.author, target=proposal)
    _answer(proposals[0], users.get("evaluator"))
    from .review_demo import seed_review

    seed_review(process=process, users=users, proposals=proposals)
    context["proposals"] = {proposal.reference: proposal for proposal in proposals}
    context["proposal_list"] = proposals
    from . import merge_demo

    merge_demo.seed(context)


DEMO_ANSWER = (
    "Merci pour cette proposition. Les services techniques ont vérifié que le parc des Tilleuls peut accueillir des "
    "arbres fruitiers ; l'étude de faisabilité détaillée sera publiée avant le vote."
)


def _answer(proposal, evaluator):
    """The organisers' answer on one proposal, through the status service (audited, the author is told)."""
    if evaluator is None or proposal.answer:
        return
    from .services import proposal_status_set

    proposal_status_set(proposal=proposal, to=proposal.status, actor=evaluator, answer=DEMO_ANSWER)
