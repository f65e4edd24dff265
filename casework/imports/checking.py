"""Checking every row of a case file at once, before anything is written.

The checks are the domain's (the same vocabularies as the forms and the API), done in bulk
on text cells with precomputed sets rather than row by row through the ORM, so that a
100,000-row file is checked in about a second. Every bad cell is reported with its row (as
a spreadsheet numbers it: the header is row 1), its column and why.
"""

import datetime
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from casework.imports.columns import Column, columns_for
from casework.models import CaseType
from casework.pseudonyms import IDENTITY_FIELDS, Identity, all_pseudonyms, current_pseudonym

MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")
# An error message repeats a cell only if it looks like a code: a cell in the wrong column
# could hold a name or a birth date, and errors are kept and shown.
CODE_LIKE = re.compile(r"^[A-Za-z0-9_+-]{1,24}$")


def _shown(text: str) -> str:
    return repr(text) if CODE_LIKE.match(text) else _("(a value that is not a code)")


FORMULA_START = ("=", "+", "-", "@")
BOOLEANS = {"true": True, "false": False}
# Enough to show what is wrong with any file, without holding a million messages.
MAX_ERRORS = 10_000


class Errors(list):
    def add(self, row: int | None, field: str | None, message: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append({"row": row, "field": field, "message": message})


def check_header(case_type: str, header: list[str], errors: Errors) -> list[Column] | None:
    declared = {column.name: column for column in columns_for(case_type)}
    for name in header:
        if name not in declared:
            errors.add(None, name or None, _("Unknown column %(name)r.") % {"name": name})
    if len(set(header)) != len(header):
        errors.add(None, None, _("A column appears twice."))
    for name, column in declared.items():
        if column.required and name not in header:
            errors.add(None, name, _("The column %(name)r is missing.") % {"name": name})
    return None if errors else [declared[name] for name in header]


def _month(text: str) -> str | None:
    match = MONTH.match(text)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}"


def _cell(column: Column, text: str, row: int, errors: Errors):
    """The checked value of one cell, or None after reporting why it is wrong."""
    if text.startswith(FORMULA_START):
        errors.add(row, column.name, _("A cell may not start with = + - or @ (a formula)."))
        return None
    kind = column.kind
    if kind in ("code", "country"):
        if text not in column.allowed:
            errors.add(row, column.name, _("Unknown code %(code)s.") % {"code": _shown(text)})
            return None
        return text
    if kind in ("codes", "sequence"):
        values = [part.strip() for part in text.split("|")]
        unknown = [value for value in values if value not in column.allowed]
        if unknown:
            errors.add(
                row,
                column.name,
                _("Unknown codes %(codes)s.")
                % {"codes": ", ".join(_shown(value) for value in unknown)},
            )
            return None
        if kind == "codes" and len(set(values)) != len(values):
            errors.add(row, column.name, _("A code is given twice."))
            return None
        return values
    if kind == "month":
        month = _month(text)
        if month is None:
            errors.add(row, column.name, _("Give a month as YYYY-MM."))
        return month
    if kind == "boolean":
        if text.lower() not in BOOLEANS:
            errors.add(row, column.name, _("Give true or false."))
            return None
        return BOOLEANS[text.lower()]
    if kind == "text" and len(text) > 100:
        errors.add(row, column.name, _("At most 100 characters."))
        return None
    return text


def _identity(cells: dict, row: int, errors: Errors) -> dict:
    given = [name for name in IDENTITY_FIELDS if cells.get(name)]
    if not given:
        return {}
    if len(given) != len(IDENTITY_FIELDS):
        errors.add(
            row,
            "date_of_birth" if "date_of_birth" not in given else given[0],
            _("Give all three identity fields, or none."),
        )
        return {}
    try:
        born = datetime.date.fromisoformat(cells["date_of_birth"][:10])
    except ValueError:
        errors.add(row, "date_of_birth", _("Enter a date as YYYY-MM-DD."))
        return {}
    identity = Identity(cells["given_names"], cells["family_name"], born)
    digest, version = current_pseudonym(identity)
    return {
        "pseudonym": digest,
        "pseudonym_key_version": version,
        "pseudonyms": sorted(all_pseudonyms(identity)),
    }


def check_rows(
    case_type: str, columns: list[Column], rows: Iterable[list[str]], errors: Errors
) -> list[dict]:
    """Checked rows as dicts of values; identity replaced by pseudonyms at once."""
    checked = []
    width = len(columns)
    # The hot loop of an import: a code cell is one set lookup, everything else goes
    # through `_cell`.
    plan = [
        (i, column, column.kind in ("code", "country"))
        for i, column in enumerate(columns)
        if column.kind != "identity"
    ]
    identity = [(i, column.name) for i, column in enumerate(columns) if column.kind == "identity"]
    for number, raw in enumerate(rows, start=2):
        if len(raw) < width:
            raw = [*raw, *[""] * (width - len(raw))]
        elif len(raw) > width and any(cell.strip() for cell in raw[width:]):
            errors.add(number, None, _("The row has more cells than the header."))
            continue
        if not any(raw):
            continue  # spreadsheets leave empty rows behind
        values = {"row": number}
        for i, column, is_code in plan:
            text = raw[i].strip()
            if not text:
                if not any(cell.strip() for cell in raw):
                    break
                if column.required:
                    errors.add(number, column.name, _("This cell is required."))
                continue
            if is_code and text in column.allowed:
                values[column.name] = text
                continue
            value = _cell(column, text, number, errors)
            if value is not None:
                values[column.name] = value
        else:
            if identity:
                values.update(
                    _identity({name: raw[i].strip() for i, name in identity}, number, errors)
                )
            checked.append(values)
    if not checked and not errors:
        errors.add(None, None, _("The file holds no case."))
    if case_type == CaseType.SMUGGLING:
        return _incidents(checked, columns, errors)
    _external_ids_once(checked, errors)
    return checked


def _external_ids_once(entries: list[dict], errors: Errors) -> None:
    seen = {}
    for entry in entries:
        external_id = entry.get("external_id")
        if external_id:
            if external_id in seen:
                errors.add(
                    entry["row"],
                    "external_id",
                    _("Also in row %(row)d.") % {"row": seen[external_id]},
                )
            seen.setdefault(external_id, entry["row"])


def _incidents(rows: list[dict], columns: list[Column], errors: Errors) -> list[dict]:
    """Group a smuggling file's rows (one a migrant) into incidents by `incident_ref`."""
    incident_fields = [c.name for c in columns if c.incident and c.name != "incident_ref"]
    migrant_fields = [c.name for c in columns if not c.incident and c.kind != "identity"]
    incidents: dict[str, dict] = {}
    for row in rows:
        ref = row.get("incident_ref")
        if ref is None:
            continue
        migrant = {name: row[name] for name in migrant_fields if name in row}
        migrant.update(
            {k: row[k] for k in ("pseudonym", "pseudonym_key_version", "pseudonyms") if k in row}
        )
        migrant["row"] = row["row"]
        incident = incidents.get(ref)
        if incident is None:
            incidents[ref] = {
                "row": row["row"],
                **{name: row.get(name) for name in incident_fields},
                "migrants": [migrant],
            }
            continue
        for name in incident_fields:
            if row.get(name) != incident.get(name):
                errors.add(
                    row["row"],
                    name,
                    _("Differs from row %(row)d of incident %(ref)s.")
                    % {"row": incident["row"], "ref": ref},
                )
        incident["migrants"].append(migrant)
    for incident in incidents.values():
        citizenships = incident.pop("facilitator_citizenships", None) or []
        sexes = incident.pop("facilitator_sexes", None) or []
        if len(citizenships) != len(sexes):
            errors.add(
                incident["row"],
                "facilitator_sexes",
                _("Give as many facilitator sexes as citizenships."),
            )
        incident["facilitators"] = [
            {"citizenship": c, "sex": s} for c, s in zip(citizenships, sexes, strict=False)
        ]
        location = incident.get("location_type")
        if location == "inland" and incident.get("border_with"):
            errors.add(incident["row"], "border_with", _("An inland detection has no border."))
        if location and location != "inland" and not incident.get("border_with"):
            errors.add(
                incident["row"], "border_with", _("Give the neighbour at this border section.")
            )
    entries = list(incidents.values())
    _external_ids_once(entries, errors)
    return entries
