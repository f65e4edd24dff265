"""Every text written to a CSV or XLSX passes here: a cell a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) is neutralised with a leading
apostrophe: the prefixes free text is refused with on the way in."""

from casework.formulas import starts_a_formula


def spreadsheet_safe(value):
    if isinstance(value, str) and starts_a_formula(value):
        return "'" + value
    return value
