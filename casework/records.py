"""The type record of a case (victim, incident with its persons, returnee), from case data.

`case data` is the dict the forms, the API and the importer all produce: codes as the domain
names them, `month` as the first day of a month, lists for multi-valued codes, and a type's
declared rows (a smuggling incident's `migrants` and `facilitators`) as lists of dicts.
Identity fields have already been turned into `Identity` objects under `identity` (or each
migrant's `identity`). What a type's record holds is read from its declaration
(`casework.types`), never restated here.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from casework.countries import codes
from casework.models import Case
from casework.pseudonyms import current_pseudonym
from casework.types import declared, declared_types
from casework.types.declaration import COUNTRY, Rows

# Country-coded fields and the vocabulary each takes: a name means one vocabulary wherever
# it is declared (tests/casework/test_records.py holds that).
COUNTRY_FIELDS = {
    f.name: f.vocabulary
    for t in declared_types()
    for f in (*t.fields, *(f for rows in t.rows for f in rows.fields))
    if f.kind == COUNTRY
}


def check_countries(values: dict, *, prefix: str = "") -> None:
    errors = {}
    for field, vocabulary in COUNTRY_FIELDS.items():
        value = values.get(field)
        if value and value not in codes(vocabulary):
            errors[prefix + field] = [_("Unknown code %(code)s.") % {"code": value}]
    if errors:
        raise ValidationError(errors)


def _checked(instance, *, key: str, prefix: str = ""):
    """Validate a record as the database would, with field names as the caller knows them.
    `key` is its key to what holds it (the case, an incident), not yet saved."""
    check_countries({f: getattr(instance, f, None) for f in COUNTRY_FIELDS}, prefix=prefix)
    try:
        # Constraints are checked by the database on save; the rules they hold are checked
        # here field by field first, so that an error names its field.
        instance.full_clean(exclude=[key], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(
            {prefix + field: messages for field, messages in error.message_dict.items()}
        ) from None
    return instance


def _with_pseudonym(person, identity) -> None:
    if identity is not None:
        person.pseudonym, person.pseudonym_key_version = current_pseudonym(identity)


def build_type_record(case: Case, data: dict):
    """An unsaved, validated type record for `case` from `data`."""
    declaration = declared(case.case_type)
    values = {f: data[f] for f in declaration.field_names if f in data}
    broken = {}
    for rule in declaration.rules:
        # A field the rule forbids may linger from an earlier choice: it is cleared.
        broken |= rule.errors(values, clearing=True)
    record = declaration.model(case=case, **values)
    declaration.derive(record)
    if declaration.person:
        _with_pseudonym(record, data.get("identity"))
    for rows in declaration.rows:
        if rows.at_least_one and not data.get(rows.name):
            raise ValidationError({rows.name: [rows.missing]})
    if broken:
        raise ValidationError({field: [message] for field, message in broken.items()})
    return _checked(record, key="case")


def build_rows(record, rows: Rows, items: list[dict]) -> list[models.Model]:
    """Unsaved, validated rows of `record` (an incident's migrants) from their data."""
    key = rows.record_key.name
    built = []
    for i, item in enumerate(items):
        row = rows.model(**{key: record}, **{f: item[f] for f in rows.field_names if f in item})
        if rows.person:
            _with_pseudonym(row, item.get("identity"))
        built.append(_checked(row, key=key, prefix=f"{rows.name}.{i}."))
    return built


def save_type_record(case: Case, data: dict, *, replace: bool = False) -> None:
    """Write the type record (and its rows, each kind replaced whole)."""
    declaration = declared(case.case_type)
    record = build_type_record(case, data)
    if replace and declaration.person:
        existing = declaration.model.objects.filter(case=case).first()
        if existing is not None and "identity" not in data:
            # An edit without identity fields keeps the pseudonym already recorded.
            record.pseudonym = existing.pseudonym
            record.pseudonym_key_version = existing.pseudonym_key_version
            record.is_repeat = existing.is_repeat
    record.save()
    # Every row is checked before any is written.
    given = {rows.name: data.get(rows.name, []) for rows in declaration.rows}
    built = {rows.name: build_rows(record, rows, given[rows.name]) for rows in declaration.rows}
    for rows in declaration.rows:
        if replace and rows.person:
            _replace_persons(record, rows, built[rows.name], given[rows.name])
            continue
        if replace:
            getattr(record, rows.name).all().delete()
        rows.model.objects.bulk_create(built[rows.name])


def _replace_persons(record, rows: Rows, persons: list, items: list[dict]) -> None:
    """Replace a record's persons (an incident's migrants) whole, keeping what the rows
    cannot say again.

    Persons are matched by position: the n-th row updates the n-th stored person, so a
    person keeps its id (which a possible-duplicate pair points at) and, when the row gives
    no identity, the pseudonym recorded earlier.
    """
    stored = list(getattr(record, rows.name).order_by("pk"))
    for position, person in enumerate(persons):
        if position < len(stored):
            earlier = stored[position]
            person.pk = earlier.pk
            if items[position].get("identity") is None:
                person.pseudonym = earlier.pseudonym
                person.pseudonym_key_version = earlier.pseudonym_key_version
                person.is_repeat = earlier.is_repeat
        person.save()
    rows.model.objects.filter(pk__in=[p.pk for p in stored[len(persons) :]]).delete()


def case_data(case: Case) -> dict:
    """A stored case as case data: what an edit starts from (identity is never there)."""
    declaration = declared(case.case_type)
    data = {"month": case.month, "external_id": case.external_id}
    record = case.details
    for field in declaration.field_names:
        data[field] = getattr(record, field)
    for rows in declaration.rows:
        data[rows.name] = [
            {f: getattr(row, f) for f in rows.field_names}
            for row in getattr(record, rows.name).all()
        ]
    return data


def record_snapshot(case: Case) -> dict:
    """The case's data as codes, for the audit trail's changed fields (never identities)."""
    data = case_data(case)
    data["month"] = case.month.strftime("%Y-%m")
    return data


def changed_fields(before: dict, after: dict) -> dict:
    return {
        field: [before.get(field), after.get(field)]
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    }
