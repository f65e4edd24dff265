from django.conf import settings

from accounts.territories import KOSOVO_FOOTNOTE


def kosovo_footnote(request):
    """Every page that can name Kosovo* carries its footnote."""
    return {"KOSOVO_FOOTNOTE": KOSOVO_FOOTNOTE}


def session(request):
    """How long an idle session lasts, for the page that warns before it ends."""
    return {"SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE}
