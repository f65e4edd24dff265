"""What an import checks against the cases already stored: used external ids, and persons
recorded before (possible duplicates, by pseudonym)."""

import json
from collections import defaultdict

from django.db import connection

from accounts.models import Organisation
from casework.duplicates import Recorded, duplicates_flag
from casework.imports.checking import Checked
from casework.models import Case, CaseType, ImportJob, SmuggledMigrant


def flag_duplicates(ids: list[int], checked: Checked, case_type: str) -> None:
    """Put this part's persons into the groups of their pseudonyms (see
    `casework.duplicates`): a row per person, however many share one."""
    if case_type == CaseType.SMUGGLING:
        migrant_ids = defaultdict(list)
        for incident_id, pk in (
            SmuggledMigrant.objects.filter(incident_id__in=ids)
            .order_by("pk")
            .values_list("incident_id", "pk")
        ):
            migrant_ids[incident_id].append(pk)
        persons = [
            Recorded(case_id, migrant_ids[case_id][i], m["pseudonym"], m["pseudonyms"])
            for case_id, migrants in zip(ids, checked["migrants"], strict=True)
            for i, m in enumerate(migrants)
            if m.get("pseudonyms")
        ]
    else:
        persons = [
            Recorded(case_id, None, digest, digests)
            for case_id, digest, digests in zip(
                ids, checked["pseudonym"], checked["pseudonyms"], strict=True
            )
            if digests
        ]
    duplicates_flag(persons=persons, fresh=True)


def existing_external_ids(
    organisation: Organisation, checked: Checked, *, besides: ImportJob
) -> dict[str, int]:
    """External ids of the file the organisation has used already, with the row of each,
    in cases `besides` an import (its own, as it loads a part at a time)."""
    rows = {
        external_id: row
        for row, external_id in zip(checked["row"], checked.get("external_id", ()), strict=False)
        if external_id
    }
    if not rows:
        return {}
    if connection.vendor == "postgresql":
        # One query however many ids the file holds; the ids go as one JSON text, which
        # costs far less to send than an array of 100,000 quoted strings.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT external_id FROM casework_case WHERE organisation_id = %s "
                "AND external_id IN (SELECT jsonb_array_elements_text(%s::jsonb)) "
                "AND import_job_id IS DISTINCT FROM %s",
                [organisation.pk, json.dumps(list(rows)), besides.pk],
            )
            used = {row[0] for row in cursor.fetchall()}
    else:
        keys, used = list(rows), set()
        for start in range(0, len(keys), 500):
            used |= set(
                Case.objects.filter(
                    organisation=organisation, external_id__in=keys[start : start + 500]
                )
                .exclude(import_job=besides)
                .values_list("external_id", flat=True)
            )
    return {external_id: rows[external_id] for external_id in used}
