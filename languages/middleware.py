from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from languages.choice import cookie_language, request_language


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, answering in the language `request_language` chooses.

    After AuthenticationMiddleware, so that a signed-in user's remembered language wins. The
    browser is given that language's cookie too, so that the sign-in page after signing out
    still speaks it.
    """

    def process_request(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        user = getattr(request, "user", None)
        remembered = user.language if user is not None and user.is_authenticated else ""
        if (
            remembered
            and remembered != cookie_language(request)
            and not request.path.startswith("/api/")
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                remembered,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
