"""Dates and times in the admin as the pages show them: local time, in the locale's
SHORT_DATETIME_FORMAT ("12/02/2026 3:14 a.m.", "2.12.2026. 03:14").

Django's admin shows a date and time in the locale's long DATETIME_FORMAT ("Dec. 2, 2026,
3:14 a.m."), so that the same moment would read one way on a page and another in the admin.
Each admin shows its dates and times through `datetime_field` instead: as a list column
(ordered by the field) and as a read-only field.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format


def short_datetime(value) -> str:
    """A stored date and time, in local time, as the pages write it."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def datetime_field(model, name: str):
    """An admin display of `model`'s date and time `name`, under the field's own label; to
    name in an admin's list_display, readonly_fields and fields as an attribute of it:
    `created_at_display = datetime_field(Case, "created_at")`."""
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def shown(model_admin, obj):
        value = getattr(obj, name)
        return model_admin.get_empty_value_display() if value is None else short_datetime(value)

    shown.__name__ = f"{name}_display"
    return shown
