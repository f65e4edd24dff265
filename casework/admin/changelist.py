"""Every admin changelist of the site answers a malformed filter as a bad lookup, never a 500.

Django turns a date hierarchy's bad year or month into a bad lookup when `datetime` raises
ValueError, and a filter Django cannot build into one, but not what goes wrong later: a number
too large for a C integer in the date hierarchy (`?at__year=99999999999999999999`,
OverflowError), a year `datetime` cannot hold in any other date lookup (`?created_at__year=-1`,
ValueError while the query is compiled), a NUL byte PostgreSQL refuses (`?reference=a%00b`,
DataError), an integer too large for SQLite (`?pk__in=1,99999999999999999999`). The
changelist below builds and runs its queryset where these become a bad lookup (Django's
redirect to `?e=1`), the page evaluated here rather than while the template renders, each in
a savepoint so that PostgreSQL's refusal leaves the request's transaction usable. The
project's admins and the installed apps' ones (axes, Celery beat, ...) all get it once every
admin is registered.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import DataError, router, transaction

# What a user's lookup value can make Django, the database driver or the database raise.
BAD_LOOKUP_ERRORS = (ValueError, OverflowError, TypeError, ValidationError, DataError)


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        with _bad_lookups_refused():
            return super().get_filters(request)

    def get_queryset(self, request, exclude_parameters=None):
        with _bad_lookups_refused():
            return super().get_queryset(request, exclude_parameters)

    def get_results(self, request):
        # The counts and the page run here, in a savepoint: PostgreSQL's refusal of a value
        # aborts only the savepoint, not the request's transaction.
        with _bad_lookups_refused(), transaction.atomic(using=router.db_for_read(self.model)):
            super().get_results(request)
            # A lookup may fail only when its query runs: run the page's here, into the
            # queryset's cache that the template and the admins' audit then read.
            len(self.result_list)


@contextmanager
def _bad_lookups_refused() -> Iterator[None]:
    try:
        yield
    except BAD_LOOKUP_ERRORS as error:
        raise IncorrectLookupParameters(error) from error


def _safe_changelist(request, **kwargs):
    return SafeChangeList


def changelists_made_safe(site: admin.AdminSite) -> None:
    """Give each registered admin that uses Django's own changelist the safe one."""
    for model_admin in site._registry.values():
        if model_admin.get_changelist(None) is ChangeList:
            model_admin.get_changelist = _safe_changelist
