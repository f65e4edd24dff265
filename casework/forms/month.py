"""A case's month: entered as YYYY-MM, kept as the first day of that month, never ahead."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MonthInput(forms.TextInput):
    """`<input type="month">`; browsers without it show a text box that takes YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput
    default_error_messages = {
        "invalid": _("Give a month, as YYYY-MM."),
        "future": _("The month cannot be in the future."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)

    def validate(self, value):
        super().validate(value)
        if value and value > this_month():
            raise ValidationError(self.error_messages["future"], code="future")


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)
