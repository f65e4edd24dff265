"""Every read of case data, each starting from the access choke point."""

from django.db.models import Count, Q, QuerySet

from accounts.access import cases_visible_to
from accounts.models import User
from casework.errors import CaseNotFound
from casework.models import Case, Status
from casework.types import declared, declared_types


def case_get(*, user: User, case_id) -> Case:
    """One case with its type record, if `user` may see it; otherwise `CaseNotFound` (404)."""
    records = (declaration.relation for declaration in declared_types())
    try:
        case = (
            cases_visible_to(user)
            .select_related("organisation", *records, "created_by")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound() from None
    declaration = declared(case.case_type)
    record = getattr(case, declaration.relation)
    # The record's rows (an incident's persons), at hand on the case for its pages.
    for rows in declaration.rows:
        setattr(case, rows.name, list(getattr(record, rows.name).all()))
    return case


def cases_list(
    *,
    user: User,
    case_type: str = "",
    status: str = "",
    year: int | None = None,
    organisation_id: int | None = None,
    territory: str = "",
    reference: str = "",
) -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related("organisation")
    if case_type:
        cases = cases.filter(case_type=case_type)
    if status:
        cases = cases.filter(status=status)
    if year:
        cases = cases.filter(month__year=year)
    if organisation_id:
        cases = cases.filter(organisation_id=organisation_id)
    if territory:
        cases = cases.filter(territory=territory)
    if reference:
        cases = cases.filter(reference__icontains=reference.strip())
    return cases


def review_queue(*, user: User) -> QuerySet[Case]:
    """Submitted cases of the user's scope, oldest first."""
    return (
        cases_visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related("organisation")
        .order_by("updated_at", "pk")
    )


def review_queue_counts(*, user: User) -> list[dict]:
    """How many submitted cases await review, by organisation."""
    return list(
        review_queue(user=user)
        .order_by()
        .values("organisation__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__name")
    )


def returned_cases(*, user: User) -> QuerySet[Case]:
    """The user's cases that came back from review, with why; the latest returned first."""
    return (
        cases_visible_to(user)
        .filter(status=Status.RETURNED)
        .select_related("organisation")
        .order_by("-updated_at", "-pk")
    )


def draft_cases(*, user: User) -> QuerySet[Case]:
    """The user's drafts, not yet submitted; the latest changed first."""
    return (
        cases_visible_to(user)
        .filter(status=Status.DRAFT)
        .select_related("organisation")
        .order_by("-updated_at", "-pk")
    )


def to_do_counts(*, user: User) -> dict[str, int]:
    """How many of the user's cases are returned and how many are drafts, in one query (the
    partial index `case_organisation_to_do` holds exactly these)."""
    return cases_visible_to(user).aggregate(
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
    )
