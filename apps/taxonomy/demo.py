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


def _category(process, name_fr, name_en, position, **extra):
    category, _ = Category.objects.update_or_create(
        process=process, name_fr=name_fr, defaults={"name_en": name_en, "position": position, **extra}
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
                "title_fr": fr, "title_en": en, "summary_fr": summary_fr, "summary_en": summary_en,
                "description_fr": f"<p>{summary_fr}</p><p>Partagez vos constats et vos idées sur ce thème.</p>",
                "description_en": f"<p>{summary_en}</p><p>Share what you see and your ideas on this theme.</p>",
                "position": position,
            },
        )
        themes[slug] = theme
        for cat_position, (cat_fr, cat_en) in enumerate(cats):
            _category(consultation, cat_fr, cat_en, cat_position, theme=theme)
    context["themes"] = themes
