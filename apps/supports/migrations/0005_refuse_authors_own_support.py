"""The database refuses an author's support of their own proposal (supports.add_support refuses it first, with a
sentence): a trigger, as a CHECK constraint cannot look at another table. PostgreSQL and SQLite; other databases
rely on the rule and the service."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION supports_refuse_own() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM proposals_proposal p WHERE p.id = NEW.proposal_id AND p.author_id = NEW.user_id) THEN
        RAISE EXCEPTION 'An author cannot support their own proposal.' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER supports_refuse_own BEFORE INSERT OR UPDATE OF user_id, proposal_id ON supports_support
    FOR EACH ROW EXECUTE FUNCTION supports_refuse_own();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS supports_refuse_own ON supports_support;
DROP FUNCTION IF EXISTS supports_refuse_own();
"""
SQLITE = [
    """
CREATE TRIGGER supports_refuse_own_insert BEFORE INSERT ON supports_support
WHEN EXISTS (SELECT 1 FROM proposals_proposal WHERE id = NEW.proposal_id AND author_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'An author cannot support their own proposal.'); END;
""",
    """
CREATE TRIGGER supports_refuse_own_update BEFORE UPDATE OF user_id, proposal_id ON supports_support
WHEN EXISTS (SELECT 1 FROM proposals_proposal WHERE id = NEW.proposal_id AND author_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'An author cannot support their own proposal.'); END;
""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS supports_refuse_own_insert;",
    "DROP TRIGGER IF EXISTS supports_refuse_own_update;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("supports", "0004_drop_authors_own_supports"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
