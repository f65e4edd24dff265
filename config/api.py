"""Error answers: under /api/ every error is JSON, and the services' refusals keep their
meaning; elsewhere a page in the site's frame (templates/403.html, 404.html, 500.html)."""

from django.http import HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.refusals import REFUSALS, refusal_body, refusal_status


def exception_handler(exc, context):
    if isinstance(exc, REFUSALS):
        return Response(refusal_body(exc), status=refusal_status(exc))
    return drf_exception_handler(exc, context)


def json_not_found(request, exception=None):
    """Under /api/ a missing path answers JSON too, never an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_permission_denied(request, exception=None):
    """Under /api/ a refusal a plain Django view raises answers JSON too."""
    if request.path.startswith("/api/"):
        # DRF's own words for it, so the API says one thing (and its catalogue translates it).
        return JsonResponse({"detail": str(DRFPermissionDenied.default_detail)}, status=403)
    from django.views.defaults import permission_denied

    return permission_denied(request, exception)


def json_server_error(request):
    from config.outage import handling_database_outage, outage_response

    if handling_database_outage():
        return outage_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return server_error_page(request)


def server_error_page(request):
    """The site's frame, anonymous and static: no context processors and no user, which
    would read the session from a database that may be what failed. It speaks the language
    active when the error happened; the switcher keeps working, with a CSRF token, which
    needs no database."""
    from accounts.territories import KOSOVO_FOOTNOTE

    page = render_to_string(
        "500.html",
        {"request": request, "KOSOVO_FOOTNOTE": KOSOVO_FOOTNOTE, "csrf_token": get_token(request)},
    )
    return HttpResponseServerError(page)
