"""Every text written to a CSV or XLSX passes here: a cell a spreadsheet would run as a
formula (starting with = + - @) is neutralised with a leading apostrophe."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
