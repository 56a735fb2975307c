from django.db import migrations

from apps.core.search import vectors_operation

# search_fr/search_en/search_es (PostgreSQL only, not model fields: apps/core/search.py): the title in every
# language weighs A, the description B, the place C, as the icontains fallback searches them.
WEIGHTED_COLUMNS = [
    ("title_fr", "A"), ("title_en", "A"), ("title_es", "A"),
    ("description_fr", "B"), ("description_en", "B"), ("description_es", "B"),
    ("place_name", "C"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_text_search"),
        ("events", "0003_list_indexes"),
    ]

    operations = [vectors_operation("events_event", WEIGHTED_COLUMNS)]
