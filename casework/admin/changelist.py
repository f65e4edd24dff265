"""Every admin changelist of the site answers a malformed filter as a bad lookup, never a 500.

Django turns a date hierarchy's bad year or month into a bad lookup when `datetime` raises
ValueError, but a number too large for a C integer (`?at__year=99999999999999999999`)
raises OverflowError, a 500. The project's admins and the installed apps' ones (axes, Celery
beat, ...) all get the changelist below once every admin is registered.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


def _safe_changelist(request, **kwargs):
    return SafeChangeList


def changelists_made_safe(site: admin.AdminSite) -> None:
    """Give each registered admin that uses Django's own changelist the safe one."""
    for model_admin in site._registry.values():
        if model_admin.get_changelist(None) is ChangeList:
            model_admin.get_changelist = _safe_changelist
