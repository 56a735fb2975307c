from django.db import migrations

from apps.core.search import vectors_operation

# search_fr/search_en/search_es (PostgreSQL only, not model fields: apps/core/search.py): the title in every
# language weighs A, the description B, so a result is found in any language, as the icontains fallback finds it.
WEIGHTED_COLUMNS = [
    ("title_fr", "A"), ("title_en", "A"), ("title_es", "A"),
    ("description_fr", "B"), ("description_en", "B"), ("description_es", "B"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_text_search"),
        ("results", "0001_initial"),
    ]

    operations = [vectors_operation("results_result", WEIGHTED_COLUMNS)]
