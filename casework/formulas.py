"""Free text that a spreadsheet would run as a formula is refused wherever it enters.

One rule for every door: the import's cells, and each free-text field of the forms, the API
and the admin (an external id, a reason). A text may not start with = + - @, a tab or a
carriage return, nor with those after leading blanks (an import strips its cells). Exports
neutralise the same prefixes on the way out (`reporting.spreadsheets`), should any older
text still hold one.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_REFUSED = _("A text may not start with = + - @, a tab or a line break (a formula).")


def starts_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


def refuse_formula(value) -> None:
    """A validator, for model and form fields and for the services."""
    if isinstance(value, str) and starts_a_formula(value):
        raise ValidationError(FORMULA_REFUSED, code="formula")
