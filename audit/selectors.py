"""Who reads which audit events: coordinators their scope's case and account events,
administrators the security events (sign-ins, lockouts, second factors) and the account
events (grants, activations), nobody else anything."""

from django.db.models import QuerySet

from accounts.access import territories_in_scope
from accounts.models import User
from accounts.roles import Reach, reaches
from audit.models import ACCOUNT_ACTIONS, SECURITY_ACTIONS, AuditEvent


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "case")
    if not user.is_authenticated or not user.is_active:
        return events.none()
    if user.has_perm("casework.view_audit_log"):
        events_of_cases = events.exclude(action__in=SECURITY_ACTIONS)
        if reaches(user, Reach.REGION):
            return events_of_cases
        return events_of_cases.filter(territory__in=territories_in_scope(user))
    if user.has_perm("casework.view_security_events"):
        return events.filter(action__in=SECURITY_ACTIONS | ACCOUNT_ACTIONS)
    return events.none()
