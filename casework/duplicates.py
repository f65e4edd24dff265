"""Possible duplicates: cases whose persons share a pseudonym.

Detected when identity fields arrive (hashed under every held key, so a key rotation loses
no match), shown only to coordinators who may see both cases, and resolved by them:
"same person" marks the later person a repeat, whom statistics count once.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.access import cases_visible_to
from accounts.models import User
from audit.models import Action
from audit.services import audit_record
from casework.errors import ActionNotAllowed, CaseNotFound
from casework.models import (
    Case,
    CaseType,
    DuplicatePair,
    Returnee,
    SmuggledMigrant,
    TraffickingVictim,
)
from casework.pseudonyms import all_pseudonyms
from reporting.partitions import partition_mark_dirty


def _matching_cases(digests: set[str], *, exclude_case: int) -> set[int]:
    matches = set()
    for model, case_field in (
        (TraffickingVictim, "case_id"),
        (Returnee, "case_id"),
        (SmuggledMigrant, "incident_id"),
    ):
        matches |= set(
            model.objects.filter(pseudonym__in=digests)
            .exclude(**{case_field: exclude_case})
            .values_list(case_field, flat=True)
        )
    return matches


def duplicates_detect(*, case: Case, data: dict) -> list[DuplicatePair]:
    """Flag every earlier case sharing a person with `case`, from the identities in `data`."""
    if case.case_type == CaseType.SMUGGLING:
        migrants = list(case.incident.migrants.order_by("pk"))
        persons = [
            (row.get("identity"), migrant)
            for row, migrant in zip(data.get("migrants", []), migrants, strict=False)
        ]
    else:
        persons = [(data.get("identity"), None)]
    pairs = []
    for identity, migrant in persons:
        if identity is None:
            continue
        for other in sorted(_matching_cases(all_pseudonyms(identity), exclude_case=case.pk)):
            pair, _ = DuplicatePair.objects.get_or_create(
                earlier_id=min(other, case.pk),
                later_id=max(other, case.pk),
                defaults={"later_migrant": migrant if other < case.pk else None},
            )
            pairs.append(pair)
    return pairs


def duplicates_visible_to(user: User) -> QuerySet[DuplicatePair]:
    """Pairs whose two cases the user may both see; none for roles that do not review."""
    if not user.has_perm("casework.review_duplicates"):
        return DuplicatePair.objects.none()
    visible = cases_visible_to(user)
    return (
        DuplicatePair.objects.filter(
            Exists(visible.filter(pk=OuterRef("earlier_id"))),
            Exists(visible.filter(pk=OuterRef("later_id"))),
        )
        .select_related("earlier__organisation", "later__organisation")
        .order_by("decision", "-created_at")
    )


@transaction.atomic
def duplicate_resolve(*, user: User, pair_id: int, decision: str) -> DuplicatePair:
    if not user.has_perm("casework.review_duplicates"):
        raise ActionNotAllowed()
    if decision not in (DuplicatePair.Decision.SAME, DuplicatePair.Decision.NOT_SAME):
        raise ValueError(f"Unknown decision {decision!r}")
    try:
        pair = duplicates_visible_to(user).select_for_update(of=("self",)).get(pk=pair_id)
    except DuplicatePair.DoesNotExist:
        raise CaseNotFound() from None
    before = pair.decision
    pair.decision = decision
    pair.decided_by = user
    pair.decided_at = timezone.now()
    pair.save()
    _mark_repeat(pair, decision == DuplicatePair.Decision.SAME)
    partition_mark_dirty(case=pair.later)
    audit_record(
        action=Action.DUPLICATE_RESOLVED,
        actor=user,
        case=pair.later,
        changes={"duplicate_of": [None, pair.earlier.reference], "decision": [before, decision]},
    )
    return pair


def _mark_repeat(pair: DuplicatePair, repeat: bool) -> None:
    later = pair.later
    if later.case_type == CaseType.SMUGGLING:
        if pair.later_migrant_id:
            SmuggledMigrant.objects.filter(pk=pair.later_migrant_id).update(is_repeat=repeat)
    elif later.case_type == CaseType.TRAFFICKING:
        TraffickingVictim.objects.filter(case=later).update(is_repeat=repeat)
    else:
        Returnee.objects.filter(case=later).update(is_repeat=repeat)
