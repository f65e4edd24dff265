from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from languages.choice import CHOSEN_BEFORE_SIGN_IN, supported


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice: on a signed-in user, so
    that it follows them to another browser; before sign-in, in the session, so that signing
    in makes it theirs (languages/signals.py)."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    elif language and not request.user.is_authenticated:
        request.session[CHOSEN_BEFORE_SIGN_IN] = language
    return response
