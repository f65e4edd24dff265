"""What an import checks against the persons already stored: possible duplicates, by
pseudonym. (Used external ids: `casework.imports.external_ids`.)"""

from collections import defaultdict

from casework.duplicates import Recorded, duplicates_flag
from casework.imports.checking import Checked
from casework.models import CaseType, SmuggledMigrant


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
