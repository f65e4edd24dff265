"""What a service refuses, and the status each refusal carries.

Out of scope 404 (exactly as if absent), role lacks the action 403, the record's state forbids
it 409, a stale version 409. Bad input is Django's ValidationError (400), raised before
anything is written. Pages, the admin, the API and imports answer every refusal through one
mapping, `casework.refusals`.
"""

from django.utils.translation import gettext_lazy as _


class CaseworkError(Exception):
    status_code = 400
    default_message = _("The request cannot be carried out.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))

    def details(self) -> dict:
        """What a client is told besides the message (the API adds it to the body)."""
        return {}


class NotFound(CaseworkError):
    """Absent, or outside the user's scope: the two read the same."""

    status_code = 404
    default_message = _("Not found.")


class CaseNotFound(NotFound):
    default_message = _("No such case.")


class ImportNotFound(NotFound):
    default_message = _("No such import.")


class RunNotFound(NotFound):
    default_message = _("No such run.")


class ReleaseNotFound(NotFound):
    default_message = _("No such release.")


class TerritoryNotFound(NotFound):
    default_message = _("No such territory in your scope.")


class ActionNotAllowed(CaseworkError):
    status_code = 403
    default_message = _("Your role does not allow this action.")


class TransitionNotAllowed(CaseworkError):
    status_code = 409
    default_message = _("The case's status does not allow this action.")


class StaleVersion(CaseworkError):
    status_code = 409
    default_message = _(
        "Someone changed this case since you opened it. Reload it and apply your change again."
    )


class DuplicateExternalId(CaseworkError):
    status_code = 409

    def __init__(self, case_id: int):
        self.case_id = case_id
        super().__init__(_("A case with this external id exists already."))

    def details(self) -> dict:
        return {"id": self.case_id}  # the client that retried finds the case it made


# An organisation outside the user's scope reads exactly like one that does not exist, so
# that names and ids of other organisations cannot be probed.
UNKNOWN_ORGANISATION = _("No organisation with this id or name.")
