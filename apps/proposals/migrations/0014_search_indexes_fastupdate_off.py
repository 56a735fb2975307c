from django.db import migrations

INDEXES = [
    "proposals_proposal_search_fr_gin",
    "proposals_proposal_search_en_gin",
    "proposals_proposal_search_es_gin",
    "proposals_proposal_title_trgm",
]


def fastupdate_off(apps, schema_editor):
    # PostgreSQL only. Proposals are written by people, a few at a time: each insert updates the search indexes at
    # once rather than queueing in a GIN "pending list" until the next vacuum. A long pending list makes the
    # planner price the index high and pick a sequential scan (the list's capped count, LIMIT 1001).
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0013_list_indexes_random_key"),
    ]

    operations = [
        migrations.RunPython(fastupdate_off, fastupdate_on, elidable=False),
    ]
