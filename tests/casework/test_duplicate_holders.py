"""Every person the declarations name holds a pseudonym that possible duplicates find."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from casework import types
from casework.duplicates import duplicate_resolve, person_records, person_rows
from casework.models import DuplicateGroup, DuplicateMember, Facilitator
from casework.pseudonyms import Identity
from casework.types import declared_types
from tests.casework.cases import DATA, record

JOVANA = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))

HOLDERS = [
    *(pytest.param(t, None, id=t.code) for t in declared_types() if t.person),
    *(
        pytest.param(t, rows, id=f"{t.code}-{rows.name}")
        for t in declared_types()
        for rows in t.person_rows
    ),
]


def _with_identity(declaration, rows) -> dict:
    data = DATA[declaration.code]()
    if rows is None:
        data["identity"] = JOVANA
    else:
        data[rows.name][0]["identity"] = JOVANA
    return data


def test_the_holders_are_exactly_the_declared_person_records_and_rows():
    assert person_records() == tuple(t.model for t in declared_types() if t.person)
    assert [rows.model for rows in person_rows()] == [
        rows.model for t in declared_types() for rows in t.rows if rows.person
    ]
    assert len(HOLDERS) == len(person_records()) + len(person_rows())


def test_every_person_row_is_what_a_duplicate_member_names_as_its_migrant():
    migrant = DuplicateMember._meta.get_field("migrant").related_model
    assert all(rows.model is migrant for rows in person_rows())


@pytest.mark.parametrize(("declaration", "rows"), HOLDERS)
def test_every_declared_person_holder_is_found_and_marked_a_repeat(region, declaration, rows):
    caseworker = region.users["caseworker_rs_police"]
    first = record(caseworker, declaration.code, **_with_identity(declaration, rows))
    second = record(caseworker, declaration.code, **_with_identity(declaration, rows))

    group = DuplicateGroup.objects.get()
    members = list(group.members.order_by("case_id"))
    assert [m.case_id for m in members] == [first.pk, second.pk]
    if rows is None:
        assert all(m.migrant_id is None for m in members)
        later = declaration.model.objects.get(case_id=second.pk)
    else:
        holder = rows.model.objects.filter(**{rows.record_key.attname: second.pk}).first()
        assert members[1].migrant_id == holder.pk
        later = holder

    duplicate_resolve(user=region.users["regional"], group_id=group.pk, decision="same")
    later.refresh_from_db()
    assert later.is_repeat


def test_person_rows_of_a_second_model_are_refused_not_taken_for_migrants(monkeypatch):
    smuggling = types.declared("smuggling")
    [migrants] = smuggling.person_rows
    others = dataclasses.replace(migrants, name="others", model=Facilitator)
    held = dataclasses.replace(smuggling, code="held", rows=(others,))
    monkeypatch.setitem(types.CASE_TYPES, "held", held)

    with pytest.raises(ImproperlyConfigured):
        person_rows()
