"""API-wide answers: every error is JSON, and the services' refusals keep their meaning."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
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


def json_server_error(request):
    from config.outage import handling_database_outage, outage_response

    if handling_database_outage():
        return outage_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    from django.views.defaults import server_error

    return server_error(request)
