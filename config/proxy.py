"""The one place that decides a request's client address: login lockout (django-axes, through
`AXES_CLIENT_IP_CALLABLE`), the audit's "from where" and the API's throttles all ask it.

Without `TRUSTED_PROXY_COUNT` the address is the connection's own (`REMOTE_ADDR`) and
`X-Forwarded-For` is ignored, since any client can send one. Behind N trusted proxies, each of
which appends the address it was reached from, the client is the N-th address from the right
of `X-Forwarded-For`: what a client wrote further left is never read, so it cannot be forged.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted:
        # django-ipware counts the proxies listed inside the header; the last trusted proxy
        # is the connection itself (REMOTE_ADDR), hence one fewer. Not strict: a client's own
        # X-Forwarded-For in front of the proxies' entries is skipped, not a reason to fail.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=trusted - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address is not None:
            return address
    return request.META.get("REMOTE_ADDR") or None
