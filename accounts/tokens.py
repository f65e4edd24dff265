"""API tokens: issued once, kept hashed, and revoked whenever the password, role or scope
changes (`accounts.revocation`).

A key carries 256 random bits, so one unsalted SHA-256 of it is as safe to keep as a slow
password hash, and lets a request find its token by one indexed lookup.
"""

import hashlib
import secrets

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from accounts.roles import SECOND_FACTOR_ROLES
from audit.models import Action
from audit.services import audit_record


def api_token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_lacks_second_factor(*, user: User) -> bool:
    """Whether `user`'s role must pass a second factor they have no confirmed device for: such
    a user gets no token, and a token they hold stops working (a promotion, a removed device),
    so that a token never stands in for a second factor its owner never set up.

    Only a role that needs one costs a query (`user_has_device`), not every API request."""
    return (
        settings.SECOND_FACTOR_REQUIRED
        and user.role in SECOND_FACTOR_ROLES
        and not django_otp.user_has_device(user, confirmed=True)
    )


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """A fresh API token for `user`, returned this once; any earlier token stops working."""
    if api_token_lacks_second_factor(user=user):
        raise ValidationError(
            _("A %(role)s needs a confirmed second factor before getting an API token.")
            % {"role": user.get_role_display()}
        )
    key = secrets.token_urlsafe(32)
    user.api_tokens.all().delete()
    ApiToken.objects.create(user=user, digest=api_token_digest(key))
    audit_record(action=Action.API_TOKEN_ISSUED, actor=user)
    return key


def api_tokens_revoke(*, user: User, because: str) -> int:
    """End every API token of `user`; returns how many there were."""
    revoked, _by_model = user.api_tokens.all().delete()
    if revoked:
        audit_record(
            action=Action.API_TOKEN_REVOKED,
            actor=user,
            detail={"tokens": revoked, "because": because},
        )
    return revoked
