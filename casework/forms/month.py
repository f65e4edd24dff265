"""A case's month on a page: entered as YYYY-MM, checked by the rule of `casework.months`."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from casework.months import EARLIEST, MONTH_MESSAGES, month_check, month_parsed, this_month

__all__ = ["MonthField", "MonthInput", "this_month"]


class MonthInput(forms.TextInput):
    """`<input type="month">`; browsers without it show a text box that takes YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        given = {"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", "min": f"{EARLIEST:%Y-%m}"}
        super().__init__({**given, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput
    default_error_messages = MONTH_MESSAGES

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        month = month_parsed(str(value).strip())
        if month is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def validate(self, value):
        super().validate(value)
        if value is not None:
            month_check(value)
