"""Validated cases in bulk, generated inside PostgreSQL (INSERT ... SELECT generate_series).

For benchmarks: a million cases in well under a minute, with codes spread over every
vocabulary, six territories and 2009-2013. Not a realistic region (seed_demo is); a load.
"""

from django.db import connection

TERRITORIES = ["AL", "BA", "XK", "ME", "MK", "RS"]
COUNTRIES = ["AL", "BA", "XK", "ME", "MK", "RS", "AF", "SY", "PK", "DZ", "DE", "SE", "UNK"]


def _array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def _pick(values, seed: str) -> str:
    """A deterministic pick from `values` for row `i` (no random(): reruns are identical)."""
    return f"({_array(values)})[1 + (hashint({seed}) % {len(values)})]"


HASH = """
CREATE OR REPLACE FUNCTION hashint(x bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS
$$ SELECT (abs(hashtextextended(x::text, 7) % 2147483647))::integer $$;
"""


def generate(*, cases: int, organisation_ids: dict[str, int], user_id: int) -> None:
    """`cases` validated cases: 40 % trafficking, 30 % smuggling, 30 % readmission."""
    from casework.codes import (
        AgeGroup,
        Direction,
        Exploitation,
        IdentifiedBy,
        LocationType,
    )

    organisations = [organisation_ids[t] for t in TERRITORIES]
    with connection.cursor() as cursor:
        cursor.execute(HASH)
        cursor.execute(
            f"""
            INSERT INTO casework_case (id, case_type, reference, external_id, organisation_id,
                territory, month, status, status_reason, version, created_by_id, created_at,
                updated_at)
            SELECT i,
                CASE WHEN i % 10 < 4 THEN 'trafficking' WHEN i % 10 < 7 THEN 'smuggling'
                     ELSE 'readmission' END,
                'B-' || i, NULL,
                ({"ARRAY[" + ", ".join(map(str, organisations)) + "]"})[1 + i % 6],
                ({_array(TERRITORIES)})[1 + i % 6],
                make_date(2009 + (hashint(i) % 5), 1 + (hashint(i + 1) % 12), 1),
                'validated', '', 1, {user_id}, now(), now()
            FROM generate_series(1, {cases}) AS i
            """
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('casework_case', 'id'), %s)", [cases])
        ages = AgeGroup.values
        cursor.execute(
            f"""
            INSERT INTO casework_traffickingvictim (case_id, sex, age_group, citizenship,
                pseudonym, pseudonym_key_version, is_repeat, victim_status, exploitation,
                exploitation_category, country_of_exploitation, identified_by, recruitment,
                assistance, scope)
            SELECT id, {_pick(["female", "female", "male", "unknown"], "id")},
                {_pick(ages, "id + 2")}, {_pick(COUNTRIES, "id + 3")}, NULL, NULL, false,
                {_pick(["presumed", "identified"], "id + 4")}, 1,
                {_pick([*Exploitation.values, "multiple"], "id + 5")},
                {_pick(COUNTRIES, "id + 6")}, {_pick(IdentifiedBy.values, "id + 7")}, '', 0,
                {_pick(["internal", "transnational", "unknown"], "id + 8")}
            FROM casework_case WHERE case_type = 'trafficking'
            """
        )
        cursor.execute(
            f"""
            INSERT INTO casework_smugglingincident (case_id, location_type, border_with,
                direction, transport)
            SELECT id, {_pick(LocationType.values, "id")},
                CASE WHEN {_pick(LocationType.values, "id")} = 'inland' THEN ''
                     ELSE {_pick(["GR", "MK", "RS", "HU", "AL"], "id + 1")} END,
                {_pick(Direction.values, "id + 2")}, 'on_foot'
            FROM casework_case WHERE case_type = 'smuggling'
            """
        )
        cursor.execute(
            f"""
            INSERT INTO casework_smuggledmigrant (incident_id, sex, age_group, citizenship,
                pseudonym, pseudonym_key_version, is_repeat, unaccompanied, asylum_requested)
            SELECT c.id, {_pick(["male", "male", "female", "unknown"], "c.id + n")},
                {_pick(ages, "c.id + n + 1")}, {_pick(COUNTRIES, "c.id + n + 2")}, NULL, NULL,
                false, (hashint(c.id + n) % 7 = 0), (hashint(c.id + n) % 3 = 0)
            FROM casework_case c CROSS JOIN generate_series(1, 2) AS n
            WHERE c.case_type = 'smuggling'
            """
        )
        cursor.execute(
            f"""
            INSERT INTO casework_facilitator (incident_id, citizenship, sex)
            SELECT id, {_pick(COUNTRIES, "id")}, 'male'
            FROM casework_case WHERE case_type = 'smuggling' AND id % 3 = 0
            """
        )
        cursor.execute(
            f"""
            INSERT INTO casework_returnee (case_id, sex, age_group, citizenship, pseudonym,
                pseudonym_key_version, is_repeat, returning_state, returnee_category,
                procedure, return_type, prior_asylum_claim, reintegration_assistance)
            SELECT id, {_pick(["male", "male", "female"], "id")}, {_pick(ages, "id + 1")},
                {_pick(COUNTRIES, "id + 2")}, NULL, NULL, false,
                {_pick(["DE", "SE", "FR", "CH", "HU", "AT"], "id + 3")},
                {_pick(["own_national", "third_country_national", "stateless"], "id + 4")},
                {_pick(["standard", "accelerated", "unknown"], "id + 5")},
                {_pick(["forced", "voluntary", "assisted_voluntary"], "id + 6")},
                {_pick(["yes", "no", "unknown"], "id + 7")}, {_pick(["yes", "no"], "id + 8")}
            FROM casework_case WHERE case_type = 'readmission'
            """
        )
        cursor.execute("ANALYZE")
