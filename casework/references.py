from django.db.models import F

from casework.models import REFERENCE_CODES, ReferenceCounter


def references_allocate(*, territory: str, case_type: str, year: int, count: int = 1) -> list[str]:
    """`count` new references, e.g. `RS-THB-2013-000042`, never derived from the person.

    The counter row is locked for the rest of the transaction, so two writers never get the
    same number; an import takes its whole block in one step.
    """
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        territory=territory, case_type=case_type, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + count)
    first = counter.last + 1
    prefix = f"{territory}-{REFERENCE_CODES[case_type]}-{year}"
    return [f"{prefix}-{n:06d}" for n in range(first, first + count)]
