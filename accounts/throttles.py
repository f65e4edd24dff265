"""API throttling: anonymous clients by address, signed-in users by account, refused tokens by
address. Rates are `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` ("100/minute"; none: no limit).

Each limit is a counter per client and fixed window in the cache: one or two cache calls a
request, where DRF's own throttles keep (and re-pickle) a timestamp per request of the window.
"""

import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from config.proxy import client_address

# DRF's periods: "100/minute" (or "100/m"), per second, hour or day.
PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


class Window:
    """How often one client has done one thing in its current window of `duration` seconds,
    which opens at its first request (so no window ends at a moment shared by all clients)."""

    def __init__(self, *, scope: str, ident: str, duration: int):
        self.key = f"throttle:{scope}:{ident}"
        self.duration = duration

    def count(self) -> int:
        return cache.get(self.key, 0)

    def add(self) -> int:
        if cache.add(self.key, 1, self.duration):
            cache.set(f"{self.key}:opened", time.time(), self.duration)
            return 1
        try:
            return cache.incr(self.key)  # keeps the window's expiry, in memory as in Redis
        except ValueError:  # the window closed between the two calls: open the next one
            return self.add()

    @property
    def wait(self) -> float:
        """Seconds until the window closes."""
        opened = cache.get(f"{self.key}:opened")
        return self.duration if opened is None else max(opened + self.duration - time.time(), 0)


def rate(scope: str) -> tuple[int, int] | None:
    """(requests, seconds) for `scope`, or None when it is not limited."""
    configured = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    if not configured:
        return None
    requests, period = configured.split("/")
    return int(requests), PERIODS[period[0]]


class FixedWindowThrottle(BaseThrottle):
    scope = ""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        limit, ident = rate(self.scope), self.ident(request)
        if limit is None or ident is None:
            return True
        requests, seconds = limit
        self.window = Window(scope=self.scope, ident=ident, duration=seconds)
        return self.window.add() <= requests

    def wait(self):
        return self.window.wait


class AnonymousClientThrottle(FixedWindowThrottle):
    scope = "anon"

    def ident(self, request):
        if request.user and request.user.is_authenticated:
            return None
        return client_address(request)


class UserThrottle(FixedWindowThrottle):
    scope = "user"

    def ident(self, request):
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None
