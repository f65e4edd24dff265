"""The type record of a case (victim, incident with its persons, returnee), from case data.

`case data` is the dict the forms, the API and the importer all produce: codes as the domain
names them, `month` as the first day of a month, lists for multi-valued codes, and for
smuggling `migrants` and `facilitators` as lists of dicts. Identity fields have already
been turned into `Identity` objects under `identity` (or each migrant's `identity`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES, codes
from casework.models import (
    Case,
    CaseType,
    Facilitator,
    Returnee,
    SmuggledMigrant,
    SmugglingIncident,
    TraffickingVictim,
)
from casework.pseudonyms import current_pseudonym

PERSON_FIELDS = ("sex", "age_group", "citizenship")

TYPE_FIELDS = {
    CaseType.TRAFFICKING: (
        *PERSON_FIELDS,
        "victim_status",
        "exploitation",
        "country_of_exploitation",
        "identified_by",
        "recruitment",
        "assistance",
    ),
    CaseType.SMUGGLING: ("location_type", "border_with", "direction", "transport"),
    CaseType.READMISSION: (
        *PERSON_FIELDS,
        "returning_state",
        "returnee_category",
        "procedure",
        "return_type",
        "prior_asylum_claim",
        "reintegration_assistance",
    ),
}
MIGRANT_FIELDS = (*PERSON_FIELDS, "unaccompanied", "asylum_requested")
FACILITATOR_FIELDS = ("citizenship", "sex")

# Country-coded fields and the vocabulary each takes.
COUNTRY_FIELDS = {
    "citizenship": CITIZENSHIPS,
    "country_of_exploitation": PLACES,
    "returning_state": PLACES,
    "border_with": NEIGHBOURS,
}

TYPE_MODELS = {
    CaseType.TRAFFICKING: TraffickingVictim,
    CaseType.SMUGGLING: SmugglingIncident,
    CaseType.READMISSION: Returnee,
}


def check_countries(values: dict, *, prefix: str = "") -> None:
    errors = {}
    for field, vocabulary in COUNTRY_FIELDS.items():
        value = values.get(field)
        if value and value not in codes(vocabulary):
            errors[prefix + field] = [_("Unknown code %(code)s.") % {"code": value}]
    if errors:
        raise ValidationError(errors)


def _checked(instance, *, exclude=(), prefix: str = ""):
    """Validate a record as the database would, with field names as the caller knows them."""
    check_countries({f: getattr(instance, f, None) for f in COUNTRY_FIELDS}, prefix=prefix)
    try:
        # Constraints are checked by the database on save; the rules they hold are checked
        # here field by field first, so that an error names its field.
        instance.full_clean(
            exclude=[*exclude, "case", "incident"],
            validate_unique=False,
            validate_constraints=False,
        )
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
    model = TYPE_MODELS[case.case_type]
    fields = TYPE_FIELDS[case.case_type]
    record = model(case=case, **{f: data[f] for f in fields if f in data})
    if case.case_type == CaseType.TRAFFICKING:
        record.derive()
    if case.case_type == CaseType.SMUGGLING and record.location_type == "inland":
        record.border_with = ""
    _with_pseudonym(record, data.get("identity"))
    if case.case_type == CaseType.SMUGGLING:
        _check_incident(record, data)
    return _checked(record)


def _check_incident(incident: SmugglingIncident, data: dict) -> None:
    if not data.get("migrants"):
        raise ValidationError({"migrants": [_("An incident has at least one migrant.")]})
    if incident.location_type != "inland" and not incident.border_with:
        raise ValidationError({"border_with": [_("Give the neighbour at this border section.")]})


def build_migrants(incident: SmugglingIncident, rows: list[dict]) -> list[SmuggledMigrant]:
    migrants = []
    for i, row in enumerate(rows):
        migrant = SmuggledMigrant(
            incident=incident, **{f: row[f] for f in MIGRANT_FIELDS if f in row}
        )
        _with_pseudonym(migrant, row.get("identity"))
        migrants.append(_checked(migrant, prefix=f"migrants.{i}."))
    return migrants


def build_facilitators(incident: SmugglingIncident, rows: list[dict]) -> list[Facilitator]:
    return [
        _checked(
            Facilitator(incident=incident, **{f: row[f] for f in FACILITATOR_FIELDS if f in row}),
            prefix=f"facilitators.{i}.",
        )
        for i, row in enumerate(rows)
    ]


def save_type_record(case: Case, data: dict, *, replace: bool = False) -> None:
    """Write the type record (and for an incident, its persons, replaced whole)."""
    record = build_type_record(case, data)
    if replace:
        existing = TYPE_MODELS[case.case_type].objects.filter(case=case).first()
        if existing is not None and "identity" not in data and hasattr(existing, "pseudonym"):
            # An edit without identity fields keeps the pseudonym already recorded.
            record.pseudonym = existing.pseudonym
            record.pseudonym_key_version = existing.pseudonym_key_version
            record.is_repeat = existing.is_repeat
    record.save()
    if case.case_type == CaseType.SMUGGLING:
        migrants = build_migrants(record, data["migrants"])
        facilitators = build_facilitators(record, data.get("facilitators", []))
        if replace:
            _replace_migrants(record, migrants, data["migrants"])
            record.facilitators.all().delete()
        else:
            SmuggledMigrant.objects.bulk_create(migrants)
        Facilitator.objects.bulk_create(facilitators)


def _replace_migrants(incident, migrants: list[SmuggledMigrant], rows: list[dict]) -> None:
    """Replace an incident's migrants whole, keeping what the rows cannot say again.

    Migrants are matched by position: the n-th row updates the n-th stored migrant, so a
    migrant keeps its id (which a possible-duplicate pair points at) and, when the row gives
    no identity, the pseudonym recorded earlier.
    """
    stored = list(incident.migrants.order_by("pk"))
    for position, migrant in enumerate(migrants):
        if position < len(stored):
            earlier = stored[position]
            migrant.pk = earlier.pk
            if rows[position].get("identity") is None:
                migrant.pseudonym = earlier.pseudonym
                migrant.pseudonym_key_version = earlier.pseudonym_key_version
                migrant.is_repeat = earlier.is_repeat
            migrant.save()
        else:
            migrant.save()
    SmuggledMigrant.objects.filter(pk__in=[m.pk for m in stored[len(migrants) :]]).delete()


def case_data(case: Case) -> dict:
    """A stored case as case data: what an edit starts from (identity is never there)."""
    data = {"month": case.month, "external_id": case.external_id}
    record = case.details
    for field in TYPE_FIELDS[case.case_type]:
        data[field] = getattr(record, field)
    if case.case_type == CaseType.SMUGGLING:
        data["migrants"] = [
            {f: getattr(m, f) for f in MIGRANT_FIELDS} for m in record.migrants.all()
        ]
        data["facilitators"] = [
            {f: getattr(p, f) for f in FACILITATOR_FIELDS} for p in record.facilitators.all()
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
