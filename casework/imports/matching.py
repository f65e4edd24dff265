"""What an import checks against the cases already stored: used external ids, and persons
recorded before (possible duplicates, by pseudonym)."""

import json
from collections import defaultdict

from django.db import connection

from accounts.models import Organisation
from casework.imports.checking import Checked
from casework.models import (
    Case,
    CaseType,
    DuplicatePair,
    ImportJob,
    Returnee,
    SmuggledMigrant,
    TraffickingVictim,
)


def flag_duplicates(ids: list[int], checked: Checked, case_type: str) -> None:
    """Pairs of this file's persons with earlier ones (and with each other) by pseudonym."""
    persons = []  # (case id, migrant index or None, every pseudonym)
    if case_type == CaseType.SMUGGLING:
        for case_id, migrants in zip(ids, checked["migrants"], strict=True):
            persons += [
                (case_id, i, m["pseudonyms"]) for i, m in enumerate(migrants) if m.get("pseudonyms")
            ]
    else:
        persons = [
            (case_id, None, digests)
            for case_id, digests in zip(ids, checked["pseudonyms"], strict=True)
            if digests
        ]
    if not persons:
        return
    wanted = {digest for _, _, digests in persons for digest in digests}
    holders = defaultdict(set)  # pseudonym -> case ids holding it
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 1000):
        chunk = wanted_list[start : start + 1000]
        for model, case_field in (
            (TraffickingVictim, "case_id"),
            (Returnee, "case_id"),
            (SmuggledMigrant, "incident_id"),
        ):
            for digest, case_id in model.objects.filter(pseudonym__in=chunk).values_list(
                "pseudonym", case_field
            ):
                holders[digest].add(case_id)
    migrant_ids = {}
    if case_type == CaseType.SMUGGLING:
        for incident_id, pk in (
            SmuggledMigrant.objects.filter(incident_id__in=ids)
            .order_by("pk")
            .values_list("incident_id", "pk")
        ):
            migrant_ids.setdefault(incident_id, []).append(pk)
    pairs = {}
    for case_id, index, digests in persons:
        others = set().union(*(holders[d] for d in digests)) - {case_id}
        for other in others:
            earlier, later = min(other, case_id), max(other, case_id)
            migrant = (
                migrant_ids[case_id][index] if index is not None and later == case_id else None
            )
            pairs.setdefault((earlier, later), migrant)
    DuplicatePair.objects.bulk_create(
        [
            DuplicatePair(earlier_id=e, later_id=lt, later_migrant_id=m)
            for (e, lt), m in pairs.items()
        ],
        ignore_conflicts=True,
    )


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
