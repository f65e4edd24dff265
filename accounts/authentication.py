from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from accounts.models import ApiToken
from accounts.throttles import Window, rate
from accounts.tokens import api_token_digest
from audit.models import Action
from audit.services import audit_record
from config.proxy import client_address

REFUSED = "refused_token"


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF token authentication of hashed tokens that expire (`API_TOKEN_TTL`, 30 days by
    default). An address that sends too many refused tokens is answered 429 without its
    tokens being looked at, and its refusals are audited per window, not one by one."""

    model = ApiToken

    def authenticate(self, request):
        limit = rate(REFUSED)
        if limit is None or not self.carries_token(request):
            return super().authenticate(request)
        requests, seconds = limit
        window = Window(scope=REFUSED, ident=client_address(request) or "", duration=seconds)
        if window.count() >= requests:
            raise Throttled(
                wait=window.wait, detail=gettext("Too many refused tokens from this address.")
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            refused = window.add()
            # The first refusal of a window, then the one that closes the address off.
            if refused in (1, requests):
                audit_record(
                    action=Action.API_TOKEN_REFUSED,
                    request=request,
                    detail={
                        "refused": refused,
                        "window_seconds": seconds,
                        "throttled": refused >= requests,
                    },
                )
            raise

    def carries_token(self, request) -> bool:
        """Whether the request offers a token at all (a browser's session offers none)."""
        words = get_authorization_header(request).split()
        return bool(words) and words[0].lower() == self.keyword.lower().encode()

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=api_token_digest(key)).first()
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token.created < timezone.now() - settings.API_TOKEN_TTL:
            raise AuthenticationFailed(_("Token has expired."))
        return token.user, token
