"""A database outage answers 503 with Retry-After: a page in the site's frame, or JSON under
/api/, never a bare 500.

Outages surface as Django's OperationalError (refused, timed out, terminated by the server,
cancelled by its statement_timeout) or InterfaceError (a connection closed under Django, as
config/postgresql closes one the server stopped answering on). They arrive at the 500 handler,
raised from a view or from any middleware (the session is the first to read the database),
and are still the exception being handled there.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.territories import KOSOVO_FOOTNOTE

# Long enough for a restart or a failover, short enough that nobody waits for nothing.
RETRY_AFTER_SECONDS = 30


def is_database_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def handling_database_outage() -> bool:
    """Is the exception being handled (the one a 500 handler answers) a database outage?"""
    return is_database_outage(sys.exception())


def outage_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database is unavailable; try again later.")}, status=503
        )
    else:
        # No context processors and no user: they would read the session, from the
        # database that is down. The page is the anonymous frame, which needs nothing.
        page = render_to_string(
            "503.html", {"request": request, "KOSOVO_FOOTNOTE": KOSOVO_FOOTNOTE}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
