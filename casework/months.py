"""A case's month, one rule for every door: the form, the API, the importer and the service.

A month is written `YYYY-MM` and kept as the first day of that month; it is never in the
future and never before 2000 (DOMAIN.md), so `2099-01` is refused the same way, with the same
words, whichever door it comes through.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")  # matched whole: no day, no one-digit month
EARLIEST = datetime.date(2000, 1, 1)

# Each way a month fails, by its code, in the words every door shows.
MONTH_MESSAGES = {
    "invalid": _("Give a month as YYYY-MM."),
    "future": _("The month cannot be in the future."),
    "too_early": _("The month cannot be before 2000."),
}


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def month_refusal(month: datetime.date) -> str | None:
    """The code of `MONTH_MESSAGES` a month (a date) breaks, or None."""
    if month.day != 1:
        return "invalid"
    if month < EARLIEST:
        return "too_early"
    if month > this_month():
        return "future"
    return None


def month_parsed(text: str) -> datetime.date | None:
    """The month `YYYY-MM` names, or None when the text is not one."""
    match = TEXT.fullmatch(text)
    if not match or match[1] == "0000" or not 1 <= int(match[2]) <= 12:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def month_check(month: datetime.date) -> None:
    """Refuse a month that breaks the rule, with its code for a form or serializer."""
    if code := month_refusal(month):
        raise ValidationError(MONTH_MESSAGES[code], code=code)
