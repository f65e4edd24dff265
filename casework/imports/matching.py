"""What an import checks against the persons already stored: possible duplicates, by
pseudonym. (Used external ids: `casework.imports.external_ids`.)"""

from collections import defaultdict

from casework.duplicates import Recorded, duplicates_flag
from casework.imports.checking import Checked
from casework.types import declared


def flag_duplicates(ids: list[int], checked: Checked, case_type: str) -> None:
    """Put this part's persons into the groups of their pseudonyms (see
    `casework.duplicates`): a row per person, however many share one."""
    declaration = declared(case_type)
    persons = []
    if declaration.person:
        persons += [
            Recorded(case_id, None, digest, digests)
            for case_id, digest, digests in zip(
                ids, checked["pseudonym"], checked["pseudonyms"], strict=True
            )
            if digests
        ]
    for rows in declaration.person_rows:
        owner = declaration.model._meta.get_field(rows.name).field.attname  # "incident_id"
        person_ids = defaultdict(list)
        for case_id, pk in (
            rows.model.objects.filter(**{f"{owner}__in": ids})
            .order_by("pk")
            .values_list(owner, "pk")
        ):
            person_ids[case_id].append(pk)
        persons += [
            Recorded(case_id, person_ids[case_id][i], person["pseudonym"], person["pseudonyms"])
            for case_id, of_case in zip(ids, checked[rows.name], strict=True)
            for i, person in enumerate(of_case)
            if person.get("pseudonyms")
        ]
    duplicates_flag(persons=persons, fresh=True)
