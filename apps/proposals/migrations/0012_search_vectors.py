from django.db import migrations

from apps.core.search import add_vectors_sql, drop_vectors_sql

TABLE = "proposals_proposal"
# The reference ("PB-2026-0042") and the title weigh most, then the description.
WEIGHTED_COLUMNS = [("reference", "A"), ("title", "A"), ("body", "B")]


def add_search(apps, schema_editor):
    # PostgreSQL only: search_fr, search_en and search_es, generated columns (kept up to date by the database on
    # every insert and update) with a GIN index each, and a trigram index on the title for "similar proposals".
    # They are not model fields: see apps/core/search.py. SQLite searches with icontains.
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in add_vectors_sql(TABLE, WEIGHTED_COLUMNS):
        schema_editor.execute(statement)
    schema_editor.execute(f"CREATE INDEX {TABLE}_title_trgm ON {TABLE} USING gin (title gin_trgm_ops)")


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_title_trgm")
    for statement in drop_vectors_sql(TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_text_search"),
        ("proposals", "0011_proposalsettings_map_centre"),
    ]

    operations = [
        migrations.RunPython(add_search, drop_search, elidable=False),
    ]
