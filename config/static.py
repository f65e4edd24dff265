"""Static files, served by the application itself (whitenoise)."""

import os

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Whitenoise, without its "No directory at: .../staticfiles/" warning in development.

    Whitenoise always adds STATIC_ROOT, and warns when it is not there. Development serves
    straight from the apps' static folders (WHITENOISE_USE_FINDERS) and never collects
    into STATIC_ROOT, so there it is missing by design; production collects, and a missing
    STATIC_ROOT there is still warned about.
    """

    def add_files(self, root, prefix=None):
        missing = not os.path.isdir(root)
        if missing and settings.WHITENOISE_USE_FINDERS and str(root) == str(self.static_root):
            return
        super().add_files(root, prefix=prefix)
