"""One mapping from a refusal to its answer, read by pages, the admin, the API and imports.

A refusal is a service's `CaseworkError`, which carries its status (`casework.errors`), or
Django's `ValidationError`, bad input (400). Pages raise a 404 or 403 as Django's own
exceptions, so that its error pages answer them, and re-render the form with the rest; the
API answers JSON; the admin and the commands tell the text.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from casework.errors import CaseworkError

REFUSALS = (CaseworkError, ValidationError)


def refusal_status(refusal: CaseworkError | ValidationError) -> int:
    if isinstance(refusal, CaseworkError):
        return refusal.status_code
    return 400


def refusal_text(refusal: CaseworkError | ValidationError) -> str:
    """The refusal as one line, for the admin's messages and the commands."""
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal.message)


def refusal_body(refusal: CaseworkError | ValidationError) -> dict:
    """The API's JSON: `detail`, and for bad input each field's messages under its name."""
    if isinstance(refusal, ValidationError):
        if hasattr(refusal, "error_dict"):
            return {
                ("detail" if field == "__all__" else field): messages
                for field, messages in refusal.message_dict.items()
            }
        return {"detail": refusal.messages}
    return {"detail": str(refusal.message), **refusal.details()}


def page_error(refusal: CaseworkError | ValidationError) -> Exception | None:
    """For a page: a 404 or 403 as Django's exception to raise; None when the page itself
    says why (re-rendered with `refusal_status`)."""
    status = refusal_status(refusal)
    if status == 404:
        return Http404(refusal_text(refusal))
    if status == 403:
        return PermissionDenied(refusal_text(refusal))
    return None
