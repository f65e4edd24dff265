"""The site's URLs and handlers, and views that fail on purpose (test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404


def broken(request):
    raise RuntimeError("a bug")


failing = [
    path("forbidden/", forbidden),
    path("missing/", missing),
    path("broken/", broken),
]

urlpatterns = [
    *(path(f"failing/{p.pattern}", p.callback) for p in failing),
    *(path(f"api/v1/failing/{p.pattern}", p.callback) for p in failing),
    *site,
]
