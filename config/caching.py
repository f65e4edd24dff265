"""What a browser or a proxy may keep: nothing of case data, and nothing of a user who left.

Every answer of the application (pages, API answers, downloads, the admin) is `no-store`
unless its view chose a policy of its own (published charts, which hold no case data, may be
kept for a while). Static files never reach this middleware: whitenoise answers them first.

Signing out also asks the browser to drop what the site stored (`Clear-Site-Data`): form
drafts are kept in its local storage, and the next person at the same browser must not find
them. The page's script removes them too (`static/js/app.js`), for browsers without it.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

SIGNED_OUT = "_signed_out"


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        if getattr(request, SIGNED_OUT, False):
            # Storage only: the cache holds no answer with case data (no-store), and the
            # static files it holds are worth keeping.
            response["Clear-Site-Data"] = '"storage"'
        return response


@receiver(user_logged_out)
def _mark_signed_out(sender, request, **kwargs):
    if request is not None:
        setattr(request, SIGNED_OUT, True)
