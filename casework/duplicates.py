"""Possible duplicates: persons of different cases who share a pseudonym, kept as a group.

Detected when identity fields arrive (hashed under every held key, so a key rotation loses
no match). A pseudonym's group holds one row per person recorded under it, so a file or a
database with N records of one person keeps N rows and does work in proportion to N, not
the N² pairs they make. A coordinator sees a group when it holds at least two cases they
may see, sees only those cases' persons, and resolves them together: "same person" marks
every one of them after the earliest a repeat, whom statistics count once.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import cases_visible_to
from accounts.models import User
from audit.models import Action
from audit.services import audit_cases
from casework.errors import ActionNotAllowed, CaseNotFound
from casework.imports.bulk import insert_columns
from casework.models import Case, DuplicateGroup, DuplicateMember
from casework.pseudonyms import all_pseudonyms, current_pseudonym
from casework.types import declared, declared_types
from casework.types.declaration import Rows
from reporting.partitions import partitions_mark_dirty_for_cases

CHUNK = 1000  # pseudonyms a query looks up
Decision = DuplicateMember.Decision


class Recorded(NamedTuple):
    """A person just given identity: their case, their migrant (in an incident), the
    pseudonym stored for them, and their pseudonyms under every held key."""

    case_id: int
    migrant_id: int | None
    pseudonym: str
    pseudonyms: Iterable[str]


def person_records() -> tuple[type[Model], ...]:
    """The type records that are persons (a victim, a returnee): each holds a pseudonym."""
    return tuple(t.model for t in declared_types() if t.person)


def person_rows() -> tuple[Rows, ...]:
    """The rows that are persons (an incident's migrants): each holds a pseudonym, and a
    duplicate member names one as its `migrant`.

    That key leads to one model: a second kind of person rows would have its ids taken for
    migrants', so it is refused until `DuplicateMember` can name it."""
    rows = tuple(rows for t in declared_types() for rows in t.person_rows)
    if len({r.model for r in rows}) > 1 or any(
        r.model is not DuplicateMember._meta.get_field("migrant").related_model for r in rows
    ):
        raise ImproperlyConfigured("A duplicate member names persons of rows by `migrant` only.")
    return rows


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _by_array(select: str, digests: set[str], copies: int = 1) -> list[tuple]:
    """Run `select` on PostgreSQL with the pseudonyms as one array (each `%s`): a part of
    20,000 persons is one query, where 20 queries of 1,000 placeholders each cost more to
    build and parse than the look-ups themselves. The array goes as one text (hex digests
    hold no comma), which psycopg sends at once where it adapts a list item by item."""
    with connection.cursor() as cursor:
        cursor.execute(
            select.replace("%s", "string_to_array(%s, ',')"), [",".join(digests)] * copies
        )
        return cursor.fetchall()


def _holders(digests: set[str]) -> dict[str, set[tuple[int, int | None]]]:
    """The persons stored under each pseudonym, as (case id, migrant id or None)."""
    holders = defaultdict(set)
    if connection.vendor == "postgresql":
        selects = [
            f"SELECT pseudonym, case_id, NULL::bigint FROM {model._meta.db_table} "  # noqa: S608
            "WHERE pseudonym = ANY(%s)"
            for model in person_records()
        ] + [
            # A row's key to its record is the record's, hence the case's, id.
            f"SELECT pseudonym, {person.record_key.column}, {person.model._meta.pk.column} "  # noqa: S608
            f"FROM {person.model._meta.db_table} WHERE pseudonym = ANY(%s)"
            for person in person_rows()
        ]
        found = _by_array(" UNION ALL ".join(selects), digests, copies=len(selects))
        for digest, case_id, migrant_id in found:
            holders[digest].add((case_id, migrant_id))
        return holders
    for chunk in _chunks(sorted(digests)):
        for model in person_records():
            for digest, case_id in model.objects.filter(pseudonym__in=chunk).values_list(
                "pseudonym", "case_id"
            ):
                holders[digest].add((case_id, None))
        for person in person_rows():
            for digest, case_id, migrant_id in person.model.objects.filter(
                pseudonym__in=chunk
            ).values_list("pseudonym", person.record_key.attname, "pk"):
                holders[digest].add((case_id, migrant_id))
    return holders


def duplicates_flag(*, persons: list[Recorded], fresh: bool) -> set[int]:
    """Put each person into the group of their pseudonym, making the group when a second
    case first holds it. `fresh`: the persons were just written (an import), so no group
    holds them yet and they go in without a check. Returns the groups they joined.

    A pseudonym with a group costs one look-up, however many persons the group holds; only
    a pseudonym without one has its holders read, and then once, as the group is made."""
    by_identity = defaultdict(list)  # the stored pseudonym -> its persons here
    every = {}  # the stored pseudonym -> the person's pseudonyms under every held key
    for person in persons:
        by_identity[person.pseudonym].append((person.case_id, person.migrant_id))
        if person.pseudonym not in every:
            every[person.pseudonym] = {person.pseudonym, *person.pseudonyms}
    if not by_identity:
        return set()
    groups = _groups_of(set().union(*every.values()))
    joining = []  # (group id, case id, migrant id)
    ungrouped = {}
    for identity, members in by_identity.items():
        found = {groups[digest] for digest in every[identity] if digest in groups}
        joining += [(group, *member) for group in found for member in members]
        if not found:
            ungrouped[identity] = every[identity]
    founded = []
    if ungrouped:
        holders = _holders(set().union(*ungrouped.values()))
        earlier = {}  # the new group's pseudonym -> persons stored before these
        for identity, digests in ungrouped.items():
            mine = set(by_identity[identity])
            held = set().union(*(holders.get(digest, set()) for digest in digests)) | mine
            if len({case_id for case_id, _ in held}) > 1:
                earlier[identity] = held - mine
        if earlier:
            DuplicateGroup.objects.bulk_create(
                [DuplicateGroup(pseudonym=identity) for identity in earlier],
                ignore_conflicts=True,  # another import may make the same group at once
            )
            made = _groups_of(set(earlier))
            for identity, others in earlier.items():
                group = made[identity]
                joining += [(group, *member) for member in by_identity[identity]]
                founded += [(group, *member) for member in others]
    _add_members(joining, checked=not fresh)
    _add_members(founded, checked=True)
    return {group for group, _, _ in joining}


def _groups_of(digests: set[str]) -> dict[str, int]:
    if connection.vendor == "postgresql":
        table = DuplicateGroup._meta.db_table
        return dict(
            _by_array(f"SELECT pseudonym, id FROM {table} WHERE pseudonym = ANY(%s)", digests)  # noqa: S608
        )
    groups = {}
    for chunk in _chunks(sorted(digests)):
        groups |= dict(
            DuplicateGroup.objects.filter(pseudonym__in=chunk).values_list("pseudonym", "pk")
        )
    return groups


def _add_members(members: list[tuple[int, int, int | None]], *, checked: bool) -> None:
    """Add (group, case, migrant) rows; `checked`: some may be there already, and are kept."""
    if not members:
        return
    if checked:
        DuplicateMember.objects.bulk_create(
            [DuplicateMember(group_id=g, case_id=c, migrant_id=m) for g, c, m in members],
            ignore_conflicts=True,
            batch_size=5000,
        )
        return
    groups, cases, migrants = map(list, zip(*members, strict=True))
    insert_columns(
        DuplicateMember,
        {
            "group": groups,
            "case": cases,
            "migrant": migrants,
            "decision": Decision.POSSIBLE,
            "created_at": timezone.now(),
            "decided_by": None,
            "decided_at": None,
        },
    )


def duplicates_detect(*, case: Case, data: dict) -> set[int]:
    """Flag the persons of `case` whose identity `data` gives; returns their groups."""
    declaration = declared(case.case_type)
    persons = [(data.get("identity"), None)] if declaration.person else []
    for rows in declaration.person_rows:
        stored = getattr(case.details, rows.name).order_by("pk")
        persons += [
            (row.get("identity"), person.pk)
            for row, person in zip(data.get(rows.name, []), stored, strict=False)
        ]
    return duplicates_flag(
        persons=[
            Recorded(case.pk, migrant, current_pseudonym(identity)[0], all_pseudonyms(identity))
            for identity, migrant in persons
            if identity is not None
        ],
        fresh=False,
    )


def members_visible_to(user: User) -> QuerySet[DuplicateMember]:
    """The persons of groups whose cases the user may see; none for roles that do not review."""
    if not user.has_perm("casework.review_duplicates"):
        return DuplicateMember.objects.none()
    visible = cases_visible_to(user)
    return DuplicateMember.objects.filter(Exists(visible.filter(pk=OuterRef("case_id"))))


def duplicates_visible_to(user: User) -> QuerySet[DuplicateGroup]:
    """Groups holding at least two cases the user may see, with how many of their persons
    the user sees (`seen`) and how many of those await a decision (`undecided`)."""
    members = members_visible_to(user)
    shared = (
        members.values("group_id")
        .annotate(cases=Count("case_id", distinct=True))
        .filter(cases__gte=2)
        .values("group_id")
    )

    def counted(of: QuerySet) -> Coalesce:
        per_group = of.filter(group_id=OuterRef("pk")).order_by().values("group_id")
        return Coalesce(
            Subquery(per_group.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        )

    return (
        DuplicateGroup.objects.filter(pk__in=shared)
        .annotate(
            seen=counted(members), undecided=counted(members.filter(decision=Decision.POSSIBLE))
        )
        .order_by("-undecided", "-created_at")
    )


def group_members_seen(*, user: User, group: DuplicateGroup) -> QuerySet[DuplicateMember]:
    """The persons of `group` the user sees, earliest case first."""
    return (
        members_visible_to(user)
        .filter(group=group)
        .select_related("case__organisation", "decided_by")
        .order_by("case_id", "migrant_id")
    )


@transaction.atomic
def duplicate_resolve(*, user: User, group_id: int, decision: str) -> DuplicateGroup:
    """Decide for every person of the group that the user sees: the same person (each after
    the earliest becomes a repeat) or not (none of them is). The earliest keeps whether it
    repeats a person recorded in a case the user does not see: that is not theirs to say."""
    if not user.has_perm("casework.review_duplicates"):
        raise ActionNotAllowed()
    if decision not in (Decision.SAME, Decision.NOT_SAME):
        raise ValueError(f"Unknown decision {decision!r}")
    try:
        group = duplicates_visible_to(user).select_for_update(of=("self",)).get(pk=group_id)
    except DuplicateGroup.DoesNotExist:
        raise CaseNotFound() from None
    seen = group_members_seen(user=user, group=group)
    earliest = seen.first()
    later = seen.exclude(pk=earliest.pk)
    for before in Decision.values:  # one statement for each decision the persons had
        audit_cases(
            cases=Case.objects.filter(pk__in=seen.filter(decision=before).values("case_id")),
            actor_id=user.pk,
            action=Action.DUPLICATE_RESOLVED,
            changes={"decision": [before, decision]},
            detail={"duplicate_group": group.pk, "earliest_case": earliest.case.reference},
        )
    DuplicateMember.objects.filter(pk__in=seen.values("pk")).update(
        decision=decision, decided_by=user, decided_at=timezone.now()
    )
    repeat = decision == Decision.SAME
    cases = later.filter(migrant__isnull=True).values("case_id")
    for model in person_records():
        model.objects.filter(case_id__in=cases).update(is_repeat=repeat)
    for rows in person_rows():
        rows.model.objects.filter(
            pk__in=later.filter(migrant__isnull=False).values("migrant_id")
        ).update(is_repeat=repeat)
    changed, params = later.order_by().values("case_id").query.sql_with_params()
    partitions_mark_dirty_for_cases(changed, list(params))
    return group
