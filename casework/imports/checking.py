"""Checking every row of a case file at once, before anything is written.

The checks are the domain's (the same vocabularies as the forms and the API), done a column
at a time over all rows, and each distinct text of a column is checked once: a column of
100,000 codes holds a few dozen distinct ones, so checking a file costs little more than
reading it. Every bad cell is reported with its row (as a spreadsheet numbers it: the header
is row 1), its column and why, in the order of the file.

The result is columnar too (`Checked`): one list per field, one item per case, with the
file's row numbers under "row". Identity fields are replaced by pseudonyms at once.
"""

import datetime
import difflib
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import methodcaller

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework.formulas import FORMULA_START
from casework.imports.columns import INCIDENT_REF, Column, columns_for, line_rows
from casework.months import MONTH_MESSAGES, month_parsed, month_refusal
from casework.pseudonyms import IDENTITY_FIELDS, Identity, all_pseudonyms, current_pseudonym
from casework.types import declared
from casework.types.declaration import CaseTypeDeclaration, GivenUnless

# An error never repeats what a cell holds, only where it is (and, when close, the known name
# or code it may have meant): a cell in the wrong column, or a file with no header row, could
# hold a name or a birth date, and errors are kept, shown and backed up.
CLOSE = 0.8  # difflib's ratio from which a known name is suggested

# Field -> one value per case; "row" holds each case's row in the file.
Checked = dict[str, list]
PSEUDONYM_FIELDS = ("pseudonym", "pseudonym_key_version", "pseudonyms")
# Identity is checked after a row's other cells, and its errors come after theirs.
IDENTITY_POSITION = 10_000


BOOLEANS = {"true": True, "false": False}
MAX_TEXT = 100  # characters of an external id or an incident's reference
# Enough to show what is wrong with any file, without holding a million messages.
MAX_ERRORS = 10_000


class Errors(list):
    def add(self, row: int | None, field: str | None, message: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append({"row": row, "field": field, "message": message})

    def merge(self, others: list[dict]) -> None:
        for error in others:
            self.add(error["row"], error["field"], error["message"])


def check_header(case_type: str, header: list[str], errors: Errors) -> list[Column] | None:
    """The columns the header names, or None with its errors. A cell it does not know is
    reported by its position, never by its text."""
    known = {column.name: column for column in columns_for(case_type)}
    if not known.keys() & set(header):
        errors.add(
            None,
            None,
            _(
                "The first row names no column of this case type: the file has "
                "no header row, or its column names differ from the template's."
            ),
        )
        return None
    for position, name in enumerate(header, start=1):
        if name not in known:
            errors.add(None, None, _unknown_column(position, name, known))
    for name, column in known.items():
        if header.count(name) > 1:
            errors.add(
                None, name, _("The column %(name)r appears more than once.") % {"name": name}
            )
        if column.required and name not in header:
            errors.add(None, name, _("The column %(name)r is missing.") % {"name": name})
    return None if errors else [known[name] for name in header]


def _unknown_column(position: int, text: str, known) -> str:
    where = {"number": position, "letter": column_letter(position)}
    if not text:
        return _("Column %(number)d (%(letter)s) has no name.") % where
    message = _("Column %(number)d (%(letter)s) is not a column of this case type.") % where
    if meant := nearest(text.replace(" ", "_"), known):
        message += " " + _("Did you mean %(name)r?") % {"name": meant}
    return message


def column_letter(position: int) -> str:
    """A column's letter as a spreadsheet shows it: 1 is A, 27 is AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def nearest(text: str, known) -> str | None:
    """The known name or code closest to `text` (whatever their case), if close: a hint that
    repeats no text of the file."""
    by_lower = {name.lower(): name for name in sorted(known)}
    close = difflib.get_close_matches(text.lower(), by_lower, n=1, cutoff=CLOSE)
    return by_lower[close[0]] if close else None


def _cell(column: Column, text: str):
    """(the checked value of a non-empty cell, None) or (None, why it is wrong)."""
    if text.startswith(FORMULA_START):
        return None, _("A cell may not start with = + - or @ (a formula).")
    kind = column.kind
    if kind in ("code", "country"):
        if text not in column.allowed:
            return None, _unknown_code(text, column)
        return text, None
    if kind in ("codes", "sequence"):
        values = [part.strip() for part in text.split("|")]
        unknown = [n for n, value in enumerate(values, start=1) if value not in column.allowed]
        if unknown:
            return None, _("Unknown code in place %(places)s of the list (split by |).") % {
                "places": ", ".join(map(str, unknown))
            }
        if kind == "codes" and len(set(values)) != len(values):
            return None, _("A code is given twice.")
        return values, None
    if kind == "month":
        month = month_parsed(text)
        code = "invalid" if month is None else month_refusal(month)
        return (None, str(MONTH_MESSAGES[code])) if code else (text, None)
    if kind == "boolean":
        if text.lower() not in BOOLEANS:
            return None, _("Give true or false.")
        return BOOLEANS[text.lower()], None
    if kind == "text" and len(text) > MAX_TEXT:
        return None, ngettext(
            "At most %(count)d character.", "At most %(count)d characters.", MAX_TEXT
        ) % {"count": MAX_TEXT}
    return text, None


def _unknown_code(text: str, column: Column) -> str:
    message = _("Unknown code: not one of this column's codes.")
    if meant := nearest(text, column.allowed):
        message += " " + _("Did you mean %(code)r?") % {"code": meant}
    return message


def _plain_text(column: Column, texts: list[str]) -> list[str | None] | None:
    """A text column's values when every cell is fine, checked over the whole column at
    once (external ids are all distinct: one at a time, they would cost a call each); None
    when some cell needs a closer look."""
    stripped = list(map(str.strip, texts))
    if max(map(len, stripped), default=0) > MAX_TEXT or (column.required and not all(stripped)):
        return None
    if any(map(methodcaller("startswith", FORMULA_START), stripped)):
        return None
    return [text or None for text in stripped]


def _identity(cells: dict, row: int, found: list) -> tuple:
    """(pseudonym, key version, every pseudonym) of a row's identity, or Nones."""
    none = (None, None, None)
    given = [name for name in IDENTITY_FIELDS if cells.get(name)]
    if not given:
        return none
    if len(given) != len(IDENTITY_FIELDS):
        field = "date_of_birth" if "date_of_birth" not in given else given[0]
        message = _("Give all three identity fields, or none.")
        found.append((row, IDENTITY_POSITION, field, message))
        return none
    try:
        born = datetime.date.fromisoformat(cells["date_of_birth"][:10])
    except ValueError:
        message = _("Enter a date as YYYY-MM-DD.")
        found.append((row, IDENTITY_POSITION, "date_of_birth", message))
        return none
    identity = Identity(cells["given_names"], cells["family_name"], born)
    digest, version = current_pseudonym(identity)
    return digest, version, sorted(all_pseudonyms(identity))


def _file_rows(rows: Iterable[list[str]], width: int, found: list, first_row: int):
    """The row numbers and cells of the rows that hold something, each `width` cells long."""
    numbers, kept = [], []
    for number, raw in enumerate(rows, start=first_row):
        if len(raw) != width:
            if len(raw) > width and any(cell.strip() for cell in raw[width:]):
                found.append((number, -1, None, _("The row has more cells than the header.")))
                continue
            raw = (raw + [""] * width)[:width]
        if "".join(raw).strip():  # spreadsheets leave empty rows behind
            numbers.append(number)
            kept.append(raw)
    return numbers, kept


def checked_parts(
    case_type: str, columns: list[Column], rows: Iterator[list[str]], *, part: int | None
) -> Iterator[tuple[Checked, Errors]]:
    """A file's checked cases, `part` rows at a time (all at once when None), each part with
    its errors, in the file's order. An external id given twice is found across parts."""
    seen = {}  # external id -> the row it was first given in
    first_row = 2
    while block := list(islice(rows, part)):
        errors = Errors()
        checked = check_rows(case_type, columns, block, errors, first_row=first_row, seen=seen)
        first_row += len(block)
        yield checked, errors


def refuse_if_empty(cases: int, errors: Errors) -> None:
    if not cases and not errors:
        errors.add(None, None, _("The file holds no case."))


def check_rows(
    case_type: str,
    columns: list[Column],
    rows: Iterable[list[str]],
    errors: Errors,
    *,
    first_row: int = 2,
    seen: dict | None = None,
) -> Checked:
    """The checked cases of a file's rows (from `first_row` on), a column at a time; `seen`
    holds the external ids of the file's rows before them."""
    found = []  # (row, column position, field, message), reported in the file's order
    numbers, kept = _file_rows(rows, len(columns), found, first_row)
    cells = list(zip(*kept, strict=True)) if kept else [() for _ in columns]
    checked: Checked = {"row": numbers}
    identity = {}
    for position, column in enumerate(columns):
        texts = cells[position]
        if column.kind == "identity":
            identity[column.name] = [text.strip() for text in texts]
            continue
        if column.kind == "text" and (plain := _plain_text(column, texts)) is not None:
            checked[column.name] = plain
            continue
        # Each distinct text is stripped and checked once; the rows then look up its verdict.
        value_of, wrong = {}, {}
        for text in set(texts):
            if cell := text.strip():
                value_of[text], message = _cell(column, cell)
            else:
                value_of[text], message = None, column.required and _("This cell is required.")
            if message:
                wrong[text] = message
        if wrong:
            found += [
                (number, position, column.name, wrong[text])
                for number, text in zip(numbers, texts, strict=True)
                if text in wrong
            ]
        checked[column.name] = list(map(value_of.__getitem__, texts))
    pseudonyms = [(None, None, None)] * len(numbers)
    for i, given in enumerate(zip(*identity.values(), strict=True)):
        if any(given):
            cells_of_row = dict(zip(identity, given, strict=True))
            pseudonyms[i] = _identity(cells_of_row, numbers[i], found)
    for i, name in enumerate(PSEUDONYM_FIELDS):
        checked[name] = [person[i] for person in pseudonyms]
    for row, _position, field, message in sorted(found, key=lambda error: error[:2]):
        errors.add(row, field, message)
    declaration = declared(case_type)
    if line_rows(declaration) is not None:
        checked = _incidents(checked, columns, declaration, errors)
    elif declaration.rules:
        _rules_held(checked, declaration.rules, errors)
    _external_ids_once(checked, errors, {} if seen is None else seen)
    return checked


def case_count(checked: Checked) -> int:
    return len(checked["row"])


def row_count(case_type: str, checked: Checked) -> int:
    """The file's rows the cases hold: a smuggling incident holds one row per migrant."""
    persons = line_rows(declared(case_type))
    if persons is not None:
        return sum(map(len, checked[persons.name]))
    return case_count(checked)


def _rules_held(checked: Checked, rules: tuple[GivenUnless, ...], errors: Errors) -> None:
    """Report the cases that break a rule of their type: a file is refused, never cleared
    (the cell was written on purpose). Each distinct pair of values is judged once."""
    for rule in rules:
        broken = {}
        # A column the file left out (it is not required) holds nothing.
        nothing = [None] * case_count(checked)
        for row, given, other in zip(
            checked["row"],
            checked.get(rule.field, nothing),
            checked.get(rule.other, nothing),
            strict=True,
        ):
            if (given, other) not in broken:
                broken[given, other] = rule.errors({rule.field: given, rule.other: other})
            for field, message in broken[given, other].items():
                errors.add(row, field, str(message))


def _external_ids_once(checked: Checked, errors: Errors, seen: dict) -> None:
    given = [
        (row, external_id)
        for row, external_id in zip(checked["row"], checked.get("external_id", ()), strict=False)
        if external_id
    ]
    row_of = {external_id: row for row, external_id in given}
    if len(row_of) == len(given) and seen.keys().isdisjoint(row_of):
        seen.update(row_of)
        return  # the usual file: no row to name
    for row, external_id in given:
        if external_id in seen:
            errors.add(row, "external_id", _("Also in row %(row)d.") % {"row": seen[external_id]})
        seen.setdefault(external_id, row)


def _incidents(
    checked: Checked, columns: list[Column], declaration: CaseTypeDeclaration, errors: Errors
) -> Checked:
    """Group a file's rows (one a person: a smuggling incident's migrant) into its cases by
    `incident_ref`."""
    persons = line_rows(declaration)
    sequenced = [rows for rows in declaration.rows if rows.sequences is not None]
    sequence_columns = {name for rows in sequenced for name in rows.sequences.columns}
    incident_fields = [c.name for c in columns if c.incident and c != INCIDENT_REF]
    person_fields = [c.name for c in columns if not c.incident and c.kind != "identity"]
    person_fields += PSEUDONYM_FIELDS
    names = list(checked)
    incidents: dict[str, dict] = {}
    for values in zip(*checked.values(), strict=True):
        # A smuggling file is small beside a trafficking one: its rows may be dicts.
        row = {name: value for name, value in zip(names, values, strict=True) if value is not None}
        ref = row.get(INCIDENT_REF.name)
        if ref is None:
            continue
        person = {name: row[name] for name in person_fields if name in row}
        person["row"] = row["row"]
        incident = incidents.get(ref)
        if incident is None:
            incidents[ref] = {
                "row": row["row"],
                **{name: row.get(name) for name in incident_fields},
                persons.name: [person],
            }
            continue
        for name in incident_fields:
            if row.get(name) != incident.get(name):
                errors.add(
                    row["row"],
                    name,
                    _("Differs from row %(row)d, the first of the same incident.")
                    % {"row": incident["row"]},
                )
        incident[persons.name].append(person)
    for incident in incidents.values():
        for rows in sequenced:
            lists = [incident.pop(name, None) or [] for name in rows.sequences.columns]
            if len(set(map(len, lists))) > 1:
                errors.add(incident["row"], rows.sequences.columns[-1], str(rows.sequences.uneven))
            incident[rows.name] = [
                dict(zip(rows.field_names, codes, strict=True))
                for codes in zip(*lists, strict=False)
            ]
        for rule in declaration.rules:
            for field, message in rule.errors(incident).items():
                errors.add(incident["row"], field, str(message))
    fields = ["row", *(n for n in incident_fields if n not in sequence_columns)]
    fields += [rows.name for rows in declaration.rows]
    return {name: [incident.get(name) for incident in incidents.values()] for name in fields}
