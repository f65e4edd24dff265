"""API-wide answers: every error is JSON, and the services' refusals keep their meaning."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.errors import CaseworkError, DuplicateExternalId


def exception_handler(exc, context):
    if isinstance(exc, DuplicateExternalId):
        return Response({"detail": str(exc.message), "id": exc.case_id}, status=exc.status_code)
    if isinstance(exc, CaseworkError):
        return Response({"detail": str(exc.message)}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                ("detail" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            body = {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def json_not_found(request, exception=None):
    """Under /api/ a missing path answers JSON too, never an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_server_error(request):
    from config.outage import handling_database_outage, outage_response

    if handling_database_outage():
        return outage_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    from django.views.defaults import server_error

    return server_error(request)
