from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.territories import Territory


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKOUT = "lockout", _("Locked out")
    LOGOUT = "logout", _("Signed out")
    SECOND_FACTOR = "second_factor", _("Second factor passed")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
    CASE_VIEWED = "case_viewed", _("Case viewed")
    CASES_LISTED = "cases_listed", _("Cases listed")
    CASE_CREATED = "case_created", _("Case created")
    CASE_IMPORTED = "case_imported", _("Case imported")
    CASE_CHANGED = "case_changed", _("Case changed")
    CASE_SUBMITTED = "case_submitted", _("Case submitted")
    CASE_VALIDATED = "case_validated", _("Case validated")
    CASE_RETURNED = "case_returned", _("Case returned")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    CASE_WITHDRAWN = "case_withdrawn", _("Case withdrawn")
    DUPLICATE_RESOLVED = "duplicate_resolved", _("Duplicate resolved")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    AGGREGATION_RUN = "aggregation_run", _("Aggregation run")
    RELEASE = "release", _("Release")
    DEMO_SEEDED = "demo_seeded", _("Demo region seeded")
    API_TOKEN_ISSUED = "api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("API tokens revoked")
    # One event per address and window, with the count, not one per refused token.
    API_TOKEN_REFUSED = "api_token_refused", _("API tokens refused")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_CHANGE_FAILED = "password_change_failed", _("Password change failed")
    ACCESS_REQUESTED = "access_requested", _("Access requested")
    ACCESS_GRANTED = "access_granted", _("Access granted")
    ACCESS_CONFIRMED = "access_confirmed", _("Access confirmed")
    ACCESS_REFUSED = "access_refused", _("Access refused")
    ACTIVATION_SENT = "activation_sent", _("Activation link sent")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")


SECURITY_ACTIONS = frozenset(
    {
        Action.LOGIN,
        Action.LOGIN_FAILED,
        Action.LOCKOUT,
        Action.LOGOUT,
        Action.SECOND_FACTOR,
        Action.SECOND_FACTOR_FAILED,
        Action.API_TOKEN_ISSUED,
        Action.API_TOKEN_REVOKED,
        Action.API_TOKEN_REFUSED,
        Action.PASSWORD_CHANGED,
        Action.PASSWORD_CHANGE_FAILED,
    }
)

# Who may reach which case records, and the accounts' activations: read by administrators
# (who request them) and coordinators (who confirm them).
ACCOUNT_ACTIONS = frozenset(
    {
        Action.ACCESS_REQUESTED,
        Action.ACCESS_GRANTED,
        Action.ACCESS_CONFIRMED,
        Action.ACCESS_REFUSED,
        Action.ACTIVATION_SENT,
        Action.ACCOUNT_ACTIVATED,
    }
)


class AuditEvent(models.Model):
    """Who did what, when, and from where. Append-only: on PostgreSQL the database itself
    refuses to UPDATE or DELETE these rows (see the migration's trigger).

    No event holds identity fields: changes list codes of the record, never of the person's
    identity, which is never stored in the first place.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Users and cases are never deleted, so the log needs no foreign-key checks: without them
    # an import of 100,000 cases appends its 100,000 events without 200,000 trigger calls.
    # No query looks events up by their actor (the admin's search matches an address among
    # other fields, which no index serves): no index to maintain on every event.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # The address a failed sign-in was tried under (it may match no user).
    attempted_username = models.CharField(_("address tried"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_events",
    )
    # The territory an event concerns, so national coordinators read their own territory's log.
    territory = models.CharField(
        _("territory"), max_length=2, choices=Territory.choices, blank=True
    )
    # Field name -> [old, new]; codes only.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["territory", "at"], name="audit_territory_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action}"
