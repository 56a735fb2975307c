"""The database refuses an author's support of their own proposal (supports.add_support refuses it first, with a
sentence): a trigger, as a CHECK constraint cannot look at another table. PostgreSQL only: SQLite (the development
stand-in) alters a table by rebuilding it, and a trigger that names another table breaks that rebuild (a later
migration of proposals failed with "no such table: main.proposals_proposal"); there the rule and the service refuse
it."""

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
def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("supports", "0004_drop_authors_own_supports"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
