from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from accounts.models import ApiToken
from accounts.throttles import Window, rate
from accounts.tokens import api_token_digest, api_token_lacks_second_factor
from audit.models import Action
from audit.services import audit_record
from config.proxy import client_address

REFUSED = "refused_token"


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF token authentication of hashed tokens that expire (`API_TOKEN_TTL`, 30 days by
    default). Once an address has sent too many refused tokens, any further token it sends
    that is refused is answered 429; its valid tokens still pass (one address can be a whole
    office behind NAT, and a 256-bit key is not guessed, so checking each costs one indexed
    lookup and risks nothing). Refusals are audited per window, not one by one."""

    model = ApiToken

    def authenticate(self, request):
        limit = rate(REFUSED)
        if limit is None or not self.carries_token(request):
            return super().authenticate(request)
        requests, seconds = limit
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            window = Window(scope=REFUSED, ident=client_address(request) or "", duration=seconds)
            if window.count() >= requests:
                raise Throttled(
                    wait=window.wait, detail=gettext("Too many refused tokens from this address.")
                ) from None
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
        if api_token_lacks_second_factor(user=token.user):
            raise AuthenticationFailed(
                _("This role needs a confirmed second factor before its API token works.")
            )
        return token.user, token
