from django.db import migrations

from apps.core.search import CONFIGS, TEXT_SEARCH_SQL


def create_text_search(apps, schema_editor):
    # PostgreSQL only: the unaccent and pg_trgm extensions and one text search configuration per site language
    # (pb_fr, pb_en, pb_es: the language's stemmer after unaccent). SQLite searches with icontains.
    if schema_editor.connection.vendor == "postgresql":
        for statement in TEXT_SEARCH_SQL:
            schema_editor.execute(statement)


def drop_text_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for config, _base in CONFIGS.values():
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_entry_verbose_names"),
    ]

    operations = [
        migrations.RunPython(create_text_search, drop_text_search, elidable=False),
    ]
