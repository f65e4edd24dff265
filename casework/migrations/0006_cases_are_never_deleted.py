from django.db import migrations

# The database refuses to lose a case. Cases are withdrawn, never deleted; and since the
# import writes cases and their type records without per-row foreign-key checks (0005), this
# is what keeps a type record from ever losing its case and an organisation from losing its
# cases, whoever asks (the application, a shell, a migration). Inserts cost nothing more.
# (TRUNCATE, which only the owner may run, stays possible so that test databases can be emptied.)
NEVER_DELETED = """
CREATE FUNCTION casework_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: cases and their records are never deleted (withdraw a case instead)',
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE FUNCTION casework_refuse_organisation_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM casework_case WHERE organisation_id = OLD.id) THEN
        RAISE EXCEPTION 'organisation % has cases: it cannot be deleted', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER case_never_deleted BEFORE DELETE ON casework_case
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_delete();
CREATE TRIGGER victim_never_deleted BEFORE DELETE ON casework_traffickingvictim
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_delete();
CREATE TRIGGER incident_never_deleted BEFORE DELETE ON casework_smugglingincident
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_delete();
CREATE TRIGGER returnee_never_deleted BEFORE DELETE ON casework_returnee
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_delete();
CREATE TRIGGER organisation_keeps_its_cases BEFORE DELETE ON accounts_organisation
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_organisation_delete();
"""

REMOVE = """
DROP TRIGGER IF EXISTS case_never_deleted ON casework_case;
DROP TRIGGER IF EXISTS victim_never_deleted ON casework_traffickingvictim;
DROP TRIGGER IF EXISTS incident_never_deleted ON casework_smugglingincident;
DROP TRIGGER IF EXISTS returnee_never_deleted ON casework_returnee;
DROP TRIGGER IF EXISTS organisation_keeps_its_cases ON accounts_organisation;
DROP FUNCTION IF EXISTS casework_refuse_delete();
DROP FUNCTION IF EXISTS casework_refuse_organisation_delete();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEVER_DELETED, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_import_writes_less"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
