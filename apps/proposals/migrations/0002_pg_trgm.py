from django.db import migrations


def create_pg_trgm(apps, schema_editor):
    # Trigram similarity for "similar proposals" (PostgreSQL only; SQLite uses a Python fallback).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_pg_trgm, migrations.RunPython.noop, elidable=False),
    ]
