"""One-time activation links: how a person gets a password, never from an administrator.

A new account, or a reset, gets a link by e-mail (Django's password-reset token pattern):
single use, since its hash covers the password, which the link's use changes; expiring
after `PASSWORD_RESET_TIMEOUT` (`ACTIVATION_LINK_HOURS`); and only the latest link works,
since the hash covers when it was sent. A reset makes the old password and authenticator
stop working at once: the person sets both again through the link.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import Action
from audit.services import audit_record


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.activation.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        sent = user.activation_sent_at.isoformat() if user.activation_sent_at else ""
        return f"{super()._make_hash_value(user, timestamp)}{sent}{user.is_active}"


activation_tokens = ActivationTokenGenerator()


@transaction.atomic
def activation_send(*, user: User, by: User, request: HttpRequest) -> None:
    """E-mail `user` a fresh activation link; their password and authenticator stop working.

    The mail goes out last, inside the transaction: if it cannot be sent nothing is
    recorded, and if the transaction failed after it, the link's hash (which covers the
    time recorded here) matches nothing stored.
    """
    if not by.has_perm("accounts.change_user"):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_unusable_password()
    user.activation_sent_at = timezone.now()
    user.save(update_fields=["password", "activation_sent_at"])
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        action=Action.ACTIVATION_SENT, actor=by, request=request, detail={"account": user.pk}
    )
    path = reverse(
        "activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_tokens.make_token(user),
        },
    )
    context = {
        "link": request.build_absolute_uri(path),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    # In the recipient's language once they have chosen one; until then in the language of
    # the administrator who sends it, who works in the same country.
    with translation.override(user.language or translation.get_language()):
        send_mail(
            subject=_("Activate your account"),
            message=render_to_string("accounts/activation_email.txt", context, request=request),
            from_email=None,
            recipient_list=[user.email],
        )


def activation_complete(*, user: User, request: HttpRequest) -> None:
    """Record that `user` set their password through their link."""
    audit_record(action=Action.ACCOUNT_ACTIVATED, actor=user, request=request)
