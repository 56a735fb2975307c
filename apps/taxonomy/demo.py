from .models import Category, Theme

BUDGET_CATEGORIES = [
    ("Sport", "Sport", "#1d70b8", "⚽"),
    ("Culture", "Culture", "#6f42c1", "🎭"),
    ("Loisirs", "Leisure", "#d63384", "🎡"),
    ("Écologie", "Ecology", "#198754", "🌳"),
    ("Stationnement", "Parking", "#6c757d", "🅿️"),
    ("Sécurité", "Safety", "#dc3545", "🛡️"),
]

SUB_CATEGORIES = {
    "Sport": [("Équipements sportifs", "Sports facilities"), ("Sport en plein air", "Outdoor sport")],
    "Écologie": [("Végétalisation", "Greening"), ("Propreté", "Cleanliness")],
}

THEMES = [
    ("mobilites", "Mobilités", "Mobility", "Se déplacer à pied, à vélo, en transports.", "Walking, cycling, transit.",
     [("Vélo", "Cycling"), ("Transports en commun", "Public transport")]),
    ("logement", "Logement", "Housing", "Se loger dignement et à un prix abordable.", "Decent, affordable homes.",
     [("Rénovation", "Renovation"), ("Logement social", "Social housing")]),
    ("environnement", "Environnement", "Environment", "Climat, nature en ville, eau.", "Climate, nature, water.",
     [("Nature en ville", "Urban nature"), ("Énergie", "Energy")]),
    ("solidarites", "Solidarités", "Solidarity", "Ne laisser personne de côté.", "Leave no one behind.",
     [("Aînés", "Older people"), ("Handicap", "Disability")]),
    ("jeunesse", "Jeunesse", "Youth", "Grandir et s'épanouir à Villeneuve.", "Growing up in Villeneuve.",
     [("Écoles", "Schools"), ("Loisirs des jeunes", "Youth leisure")]),
    ("democratie", "Démocratie locale", "Local democracy", "Décider ensemble.", "Deciding together.",
     [("Conseils de quartier", "Neighbourhood councils"), ("Transparence", "Transparency")]),
]


# Spanish names and texts, by French name (the README promises every page in three languages, content included).
SPANISH = {
    "Sport": "Deporte", "Culture": "Cultura", "Loisirs": "Ocio", "Écologie": "Ecología",
    "Stationnement": "Aparcamiento", "Sécurité": "Seguridad", "Équipements sportifs": "Instalaciones deportivas",
    "Sport en plein air": "Deporte al aire libre", "Végétalisation": "Vegetación", "Propreté": "Limpieza",
    "Mobilités": "Movilidad", "Logement": "Vivienda", "Environnement": "Medio ambiente",
    "Solidarités": "Solidaridad", "Jeunesse": "Juventud", "Démocratie locale": "Democracia local",
    "Vélo": "Bicicleta", "Transports en commun": "Transporte público", "Rénovation": "Rehabilitación",
    "Logement social": "Vivienda social", "Nature en ville": "Naturaleza en la ciudad", "Énergie": "Energía",
    "Aînés": "Personas mayores", "Handicap": "Discapacidad", "Écoles": "Escuelas",
    "Loisirs des jeunes": "Ocio juvenil", "Conseils de quartier": "Consejos de barrio",
    "Transparence": "Transparencia",
}
THEME_SUMMARIES_ES = {
    "mobilites": "Desplazarse a pie, en bicicleta, en transporte público.",
    "logement": "Una vivienda digna y a un precio asequible.",
    "environnement": "Clima, naturaleza en la ciudad, agua.",
    "solidarites": "No dejar a nadie atrás.",
    "jeunesse": "Crecer y desarrollarse en Villeneuve.",
    "democratie": "Decidir juntos.",
}


def _category(process, name_fr, name_en, position, **extra):
    category, _ = Category.objects.update_or_create(
        process=process,
        name_fr=name_fr,
        defaults={"name_en": name_en, "name_es": SPANISH.get(name_fr, ""), "position": position, **extra},
    )
    return category


def seed(context):
    budget = context["processes"]["budget"]
    categories = {}
    for position, (fr, en, color, icon) in enumerate(BUDGET_CATEGORIES):
        parent = _category(budget, fr, en, position, color=color, icon=icon, parent=None)
        categories[fr] = parent
        for sub_position, (sub_fr, sub_en) in enumerate(SUB_CATEGORIES.get(fr, [])):
            categories[sub_fr] = _category(budget, sub_fr, sub_en, sub_position, parent=parent)
    context["categories"] = categories

    consultation = context["processes"]["consultation"]
    themes = {}
    for position, (slug, fr, en, summary_fr, summary_en, cats) in enumerate(THEMES):
        theme, _ = Theme.objects.update_or_create(
            process=consultation,
            slug=slug,
            defaults={
                "title_fr": fr, "title_en": en, "title_es": SPANISH[fr],
                "summary_fr": summary_fr, "summary_en": summary_en, "summary_es": THEME_SUMMARIES_ES[slug],
                # The info page adds to the summary (shown as the page's lead) instead of repeating it.
                "description_fr": "<p>Partagez vos constats et vos idées sur ce thème : ce qui marche déjà, ce "
                "qui manque, où et pour qui.</p>",
                "description_en": "<p>Share what you see and your ideas on this theme: what already works, what "
                "is missing, where and for whom.</p>",
                "description_es": "<p>Comparta sus observaciones y sus ideas sobre este tema: lo que ya funciona, "
                "lo que falta, dónde y para quién.</p>",
                "position": position,
            },
        )
        themes[slug] = theme
        for cat_position, (cat_fr, cat_en) in enumerate(cats):
            _category(consultation, cat_fr, cat_en, cat_position, theme=theme)
    context["themes"] = themes
