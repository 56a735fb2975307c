"""The demo's results tracking: last year's process (apps/budgets/demo_results.py, its vote counted and published)
follows the works of its winning projects.

Statuses (studying 10 %, tendering 30 %, works 60 %, done 100 %), the results made in one action from the winning
projects (through the service: linked to the projects, their followers follow), each given a status, dates, the
money spent, a district and a place; the shared garden is split into two sub-results (its progress rolls up, weighted
by cost); timelines with photos drawn by Pillow (the fountains under works, then running). Their texts are in French,
English and Spanish. Idempotent: nothing is added once the process has results; a process seeded before they had
their Spanish texts gets them (only the empty fields: a text edited in the back-office stays).
"""

import io
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.core.pagecache import bump_for

from .models import Result, ResultStatus, TimelineEntry

PAST_SLUG = "budget-participatif-2024"


class StatusSpec(NamedTuple):
    """A status of the works: its key, name and description in French, English and Spanish, and its progress."""

    key: str
    name_fr: str
    name_en: str
    name_es: str
    progress: int
    description_fr: str
    description_en: str
    description_es: str


STATUSES = [
    StatusSpec("studying", "À l'étude", "Studying", "En estudio", 10,
               "Les services techniques étudient le projet.", "The technical services are studying the project.",
               "Los servicios técnicos están estudiando el proyecto."),
    StatusSpec("tendering", "Appel d'offres", "Tendering", "Licitación", 30,
               "La mairie choisit l'entreprise qui réalisera les travaux.", "The town is choosing the contractor.",
               "El ayuntamiento está eligiendo la empresa que realizará las obras."),
    StatusSpec("works", "Travaux en cours", "Works under way", "Obras en curso", 60,
               "Le chantier est ouvert.", "Works have started.", "Las obras han comenzado."),
    StatusSpec("done", "Terminé", "Done", "Terminado", 100,
               "Le projet est réalisé.", "The project is finished.", "El proyecto está terminado."),
]

CATEGORIES = [
    ("Nature en ville", "Nature in town", "#2e7d32", "🌳"),
    ("Vivre ensemble", "Living together", "#6a1b9a", "🤝"),
]
CATEGORIES_ES = {"Nature en ville": "Naturaleza en la ciudad", "Vivre ensemble": "Convivencia"}

# Winning project (title_fr) -> how far it has come: status, progress (None: the status's), days since the start,
# days to the planned end, share of the cost spent, district, place, category.
PLANS = {
    "Jardin partagé de la vieille ville": ("works", None, -200, 60, Decimal("0.7"), "Vieille ville",
                                      (50.6402, 3.0625), "Rue de la Monnaie", 0),
    "Fontaines à eau dans les parcs": ("done", None, -300, -20, Decimal("0.96"), "",
                                       (50.6330, 3.0450), "Parc des Tilleuls", 0),
    "Boîtes à livres dans chaque quartier": ("done", None, -250, -90, Decimal("1"), "",
                                             (50.6290, 3.0610), "Place du Marché", 1),
    "Composteurs collectifs": ("tendering", None, -60, 180, Decimal("0"), "Les Oliviers",
                               (50.6270, 3.0520), "Square Dutilleul", 0),
    "Fresque murale avec les écoles": ("works", Decimal(45), -90, 45, Decimal("0.4"), "Les Tilleuls",
                                       (50.6310, 3.0880), "École Jules-Ferry", 1),
    "Ruches sur le toit de la médiathèque": ("studying", None, -30, 240, Decimal("0"), "",
                                             (50.6345, 3.0660), "Médiathèque", 0),
}

GARDEN = "Jardin partagé de la vieille ville"
GARDEN_PARTS = [
    # (fr, en, es, cost, status, progress)
    ("Terrain préparé et clôturé", "Ground prepared and fenced", "Terreno preparado y vallado", Decimal(10000),
     "done", None),
    ("Bacs de culture et cabane à outils", "Raised beds and tool shed", "Bancales y caseta de herramientas",
     Decimal(8000), "works", Decimal(40)),
]
FOUNTAINS = "Fontaines à eau dans les parcs"


def _photo(scene, seed=0):
    """A small JPEG drawn with Pillow: a park with a fountain or a garden, under works or finished."""
    width, height = 640, 420
    image = Image.new("RGB", (width, height), (150, 200, 240))
    draw = ImageDraw.Draw(image)
    for y in range(0, 160, 8):  # a sky that lightens towards the horizon
        shade = 150 + y // 3
        draw.rectangle([0, y, width, y + 8], fill=(shade, min(255, shade + 50), 245))
    ground = (120, 85, 50) if scene in ("earth", "fountain-works") else (90, 160, 70)
    draw.rectangle([0, 260, width, height], fill=ground)
    for n in range(5):  # trees
        x = 40 + n * 140 + (seed * 17) % 30
        draw.rectangle([x + 18, 200, x + 30, 265], fill=(90, 60, 30))
        draw.ellipse([x - 10, 140, x + 58, 215], fill=(40 + 10 * n, 120, 50))
    if scene == "earth":
        for n in range(8):  # fence posts and a digger's tracks
            draw.rectangle([20 + n * 80, 280, 28 + n * 80, 360], fill=(200, 200, 200))
        draw.line([20, 300, 620, 300], fill=(220, 220, 220), width=4)
        draw.rectangle([420, 330, 560, 380], fill=(240, 180, 20))
    elif scene == "garden":
        for n in range(4):  # raised beds with plants
            x = 40 + n * 150
            draw.rectangle([x, 300, x + 120, 350], fill=(140, 95, 55))
            for k in range(6):
                draw.ellipse([x + 5 + k * 19, 285, x + 20 + k * 19, 305], fill=(50, 170, 60))
        draw.polygon([(520, 230), (600, 230), (560, 190)], fill=(160, 60, 40))
        draw.rectangle([525, 230, 595, 290], fill=(190, 140, 90))
    elif scene == "fountain-works":
        draw.rectangle([260, 250, 380, 330], fill=(150, 150, 150))
        for n in range(6):  # orange and white barriers
            colour = (240, 120, 20) if n % 2 else (250, 250, 250)
            draw.rectangle([180 + n * 45, 340, 220 + n * 45, 360], fill=colour)
        draw.line([300, 330, 360, 250], fill=(60, 60, 60), width=6)
    else:  # fountain, running
        draw.rectangle([270, 250, 370, 330], fill=(120, 120, 130))
        draw.ellipse([230, 320, 410, 370], fill=(80, 150, 220))
        for n in range(5):
            draw.arc([290 + n * 6, 190, 350 - n * 6, 280], start=200, end=340, fill=(120, 190, 250), width=3)
        draw.ellipse([150, 320, 175, 345], fill=(250, 210, 180))
        draw.rectangle([155, 345, 170, 385], fill=(200, 50, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{scene}-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


class EntrySpec(NamedTuple):
    """A timeline entry: days from today, title and text (one sentence, without its <p>) in French, English and
    Spanish, and the scenes of its photos."""

    days: int
    title_fr: str
    title_en: str
    title_es: str
    text_fr: str
    text_en: str
    text_es: str
    scenes: list[str]


TIMELINES = {
    GARDEN: [
        EntrySpec(-190, "Terrain préparé", "Ground prepared", "Terreno preparado",
                  "Le terrain est nettoyé, la terre amendée et la clôture posée.",
                  "The ground has been cleared, the soil improved and the fence put up.",
                  "Se ha limpiado el terreno, abonado la tierra y colocado la valla.", ["earth"]),
        EntrySpec(-60, "Premiers bacs plantés", "First beds planted", "Primeros bancales plantados",
                  "Les habitants ont planté les premiers bacs avec le centre social.",
                  "Residents planted the first beds with the community centre.",
                  "Los vecinos plantaron los primeros bancales con el centro social.", ["garden"]),
    ],
    FOUNTAINS: [
        EntrySpec(-250, "Raccordement au réseau d'eau", "Connected to the water network", "Conexión a la red de agua",
                  "Les tranchées sont ouvertes dans trois parcs pour amener l'eau potable.",
                  "Trenches have been dug in three parks to bring drinking water.",
                  "Se han abierto zanjas en tres parques para llevar el agua potable.", ["fountain-works"]),
        EntrySpec(-20, "Les fontaines coulent", "The fountains are running", "Las fuentes ya funcionan",
                  "Les trois fontaines sont en service, de mai à octobre.",
                  "The three fountains are running, from May to October.",
                  "Las tres fuentes están en servicio, de mayo a octubre.", ["fountain"]),
    ],
}


def _statuses(process, agent):
    from .services import status_save

    found = {s.key: s for s in ResultStatus.objects.filter(process=process)}
    for position, spec in enumerate(STATUSES):
        if spec.key not in found:
            found[spec.key] = status_save(
                actor=agent,
                process=process,
                data={
                    "key": spec.key, "name_fr": spec.name_fr, "name_en": spec.name_en, "name_es": spec.name_es,
                    "progress": spec.progress, "description_fr": spec.description_fr,
                    "description_en": spec.description_en, "description_es": spec.description_es,
                    "position": position,
                },
            )
    return found


def _categories(process):
    from apps.taxonomy.models import Category

    found = []
    for position, (fr, en, color, icon) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(
            process=process, name_fr=fr, parent=None,
            defaults={"name_en": en, "name_es": CATEGORIES_ES[fr], "color": color, "icon": icon, "position": position},
        )
        found.append(category)
    return found


def _plan(result, plan, statuses, categories, agent):
    from .services import result_update

    status, progress, start, end, spent, district, (lat, lng), address, category = plan
    today = timezone.localdate()
    data = {
        "status": statuses[status],
        "start_date": today + timedelta(days=start),
        "end_date": today + timedelta(days=end),
        "amount_spent": ((result.cost or 0) * spent).quantize(Decimal("0.01")),
        "district": district,
        "latitude": Decimal(str(lat)),
        "longitude": Decimal(str(lng)),
        "address": address,
        "category": categories[category],
    }
    if progress is not None:
        data["progress"] = progress
    return result_update(actor=agent, result=result, data=data, notify=False)


def _garden_parts(garden, statuses, agent):
    from .services import result_create

    for position, (fr, en, es, cost, status, progress) in enumerate(GARDEN_PARTS, start=1):
        data = {
            "title_fr": fr, "title_en": en, "title_es": es, "parent": garden, "cost": cost, "status": statuses[status],
            "district": garden.district, "category": garden.category, "position": position,
            "start_date": garden.start_date, "end_date": garden.end_date,
            "amount_spent": cost if status == "done" else (cost * Decimal("0.4")).quantize(Decimal("0.01")),
        }
        if progress is not None:
            data["progress"] = progress
        result_create(actor=agent, process=garden.process, data=data)


def _timeline(result, agent):
    from .services import timeline_entry_add

    today = timezone.localdate()
    for seed, spec in enumerate(TIMELINES[result.title_fr]):
        timeline_entry_add(
            actor=agent,
            result=result,
            data={
                "date": today + timedelta(days=spec.days),
                "title_fr": spec.title_fr,
                "title_en": spec.title_en,
                "title_es": spec.title_es,
                "description_fr": f"<p>{spec.text_fr}</p>",
                "description_en": f"<p>{spec.text_en}</p>",
                "description_es": f"<p>{spec.text_es}</p>",
            },
            images=[(_photo(scene, seed), spec.title_fr) for scene in spec.scenes],
        )


def _fill(row, texts):
    """Write the texts that are still empty on `row` (never one that is already there); True when one was."""
    empty = {field: value for field, value in texts.items() if not getattr(row, field)}
    if empty:
        type(row).objects.filter(pk=row.pk).update(**empty)
    return bool(empty)


def _fill_translations(process):
    """Statuses, sub-results and timeline entries seeded before they had their Spanish texts get them: only the
    empty fields, so that a text edited in the back-office stays as it is."""
    filled = False
    statuses = {spec.key: spec for spec in STATUSES}
    for status in ResultStatus.objects.filter(process=process):
        spec = statuses.get(status.key)
        if spec is not None and status.description_fr == spec.description_fr:
            filled |= _fill(status, {"name_es": spec.name_es, "description_es": spec.description_es})
    parts = {fr: es for fr, _en, es, *_rest in GARDEN_PARTS}
    for result in Result.objects.filter(process=process, parent__title_fr=GARDEN, title_fr__in=parts):
        filled |= _fill(result, {"title_es": parts[result.title_fr]})
    for title, specs in TIMELINES.items():
        by_title = {spec.title_fr: spec for spec in specs}
        for entry in TimelineEntry.objects.filter(result__process=process, result__title_fr=title):
            spec = by_title.get(entry.title_fr)
            if spec is not None:
                filled |= _fill(entry, {"title_es": spec.title_es, "description_es": f"<p>{spec.text_es}</p>"})
    if filled:
        bump_for(process)


def seed(context):
    from apps.spaces.models import Process

    from .services import results_from_winners

    process = Process.objects.filter(slug=PAST_SLUG).first()
    agent = context.get("users", {}).get("agent")
    if process is None or agent is None:
        return
    if Result.objects.filter(process=process).exists():
        _fill_translations(process)
        return
    statuses = _statuses(process, agent)
    categories = _categories(process)
    outcome = results_from_winners(actor=agent, process=process, status=statuses["studying"])
    by_title = {}
    for result in outcome.created:
        plan = PLANS.get(result.title_fr)
        if plan is not None:
            result = _plan(result, plan, statuses, categories, agent)
        by_title[result.title_fr] = result
    if GARDEN in by_title:
        _garden_parts(by_title[GARDEN], statuses, agent)
    for title in TIMELINES:
        if title in by_title:
            _timeline(by_title[title], agent)
    context.setdefault("processes", {})["tracking"] = process
