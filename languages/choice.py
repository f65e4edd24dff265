"""Which language a request is answered in: one rule, read by the middleware.

A signed-in user's remembered choice wins over the browser's; without one, the language
cookie (a choice made on this browser), then the browser's Accept-Language. The API answers
in the request's Accept-Language when it sends one: a program asks for its language each time.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# The session key of a language chosen before signing in (languages/views.py).
CHOSEN_BEFORE_SIGN_IN = "language_chosen"


def supported(code: str | None) -> str | None:
    """`code` as one of our languages, or None (never raises on what a client sends)."""
    if not code or len(code) > 40:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def accepted(request) -> str | None:
    """The first language of Accept-Language that we speak."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        if language := supported(code):
            return language
    return None


def request_language(request) -> str:
    if request.path.startswith("/api/") and (language := accepted(request)):
        return language
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (language := supported(user.language)):
        return language
    return translation.get_language_from_request(request)


def cookie_language(request) -> str | None:
    return supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
