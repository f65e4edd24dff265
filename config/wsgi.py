import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.postgresql.base import limit_web_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# This process serves web requests: its statements are bounded (config/postgresql/base.py).
limit_web_requests(statement_seconds=settings.DATABASE_STATEMENT_TIMEOUT)

# What is loaded now (Django, the apps, every view: the URL patterns are read here, not on the
# first request) lives as long as the process. Frozen, it is out of the garbage collector's
# walk: a full collection over it took ~90 ms, and under load one request in twenty or so
# waited for one (p99 130 ms against a median of 9, bench/api.py).
get_resolver().url_patterns  # noqa: B018
gc.collect()  # garbage frozen would never be freed
gc.freeze()
