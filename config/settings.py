"""One settings module, driven by environment variables.

Development is the default and needs nothing set: SQLite, Celery tasks run in-process, keys
generated once into a git-ignored file. Production (`DJANGO_ENV=production`) refuses to start
without its secrets and passes `manage.py check --deploy --fail-level WARNING`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.secrets import development_secrets
from languages.montenegrin import register_montenegrin

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    REQUIRED = ("SECRET_KEY", "PSEUDONYM_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    missing = [name for name in REQUIRED if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"Production settings need {', '.join(missing)} in the environment; refusing to start."
        )
    SECRET_KEY = env.str("SECRET_KEY")
    PSEUDONYM_KEY = env.str("PSEUDONYM_KEY")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEMO_PASSWORDS_FILE = None  # demo users' passwords are shown once, never kept
else:
    _dev = development_secrets(BASE_DIR / ".dev-secrets.json")
    SECRET_KEY = env.str("SECRET_KEY", default=_dev["SECRET_KEY"])
    PSEUDONYM_KEY = env.str("PSEUDONYM_KEY", default=_dev["PSEUDONYM_KEY"])
    DEBUG = env.bool("DJANGO_DEBUG", default=False)
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
    # The demo users' passwords, kept so that every start of bin/run prints them again
    # (accounts/demo.py).
    DEMO_PASSWORDS_FILE = env.path("DEMO_PASSWORDS_FILE", default=BASE_DIR / ".demo-passwords.json")

# The pseudonym key carries a version so that a rotation can hash under old and new keys.
PSEUDONYM_KEY_VERSION = env.int("PSEUDONYM_KEY_VERSION", default=1)
# Keys still held after a rotation, as "version=key,version=key".
PSEUDONYM_OLD_KEYS = env.dict("PSEUDONYM_OLD_KEYS", default={})

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.admin.AdminConfig",  # Django's admin, under the product's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_countries",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "casework",
    "reporting",
    "audit",
    "languages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.static.StaticFilesMiddleware",  # whitenoise
    # After whitenoise, so that static files keep their long cache life; everything else
    # is no-store (config/caching.py).
    "config.caching.NoStoreMiddleware",
    # Pages compressed for slow connections (a smuggling form is 95 KB raw, 6 KB gzipped);
    # Django masks its CSRF token on every response, which defeats BREACH on it.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's remembered language wins (languages/choice.py).
    "languages.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Reads a multipart body before the CSRF check does: one over the limit answers 413.
    "casework.imports.uploads.UploadLimitMiddleware",
    "accounts.second_factor.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.kosovo_footnote",
                "accounts.context_processors.session",
            ],
            "libraries": {"error_summary": "config.error_summary"},
        },
    },
]

# Database: SQLite unless DATABASE_URL says otherwise (postgres://... uses psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database down or hung answers 503 in bounded time (config/postgresql, config/outage.py):
# connecting gives up after DATABASE_CONNECT_TIMEOUT seconds in every process; the web
# server's statements after DATABASE_STATEMENT_TIMEOUT (0: none). Workers and commands keep
# long statements (imports, runs, audits) under their own limits.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The cache counts throttled requests and refused passwords and tokens: in production, one
# shared by every worker (CACHE_URL=redis://redis:6379/1), or each worker counts on its own.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Accounts and login security
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout per (username, address) pair: locking a username alone would let anyone lock a
# coordinator out, locking an address alone would lock out a whole office behind one NAT.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form calls its field "username" even though users sign in with an e-mail address.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
# How many proxies in front of the application append to X-Forwarded-For (the README's TLS
# proxy is one). Unset, the header is ignored: clients could forge it. Lockout and the audit
# read the client's address through the same function (config/proxy.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_address"

# Counted under the address as stored, so "User@…" and "user@…" share one lockout.
AXES_USERNAME_CALLABLE = "accounts.emails.axes_username"

# Activation links (a new account, a reset) work once, within this many hours.
PASSWORD_RESET_TIMEOUT = env.int("ACTIVATION_LINK_HOURS", default=72) * 60 * 60
# E-mail: printed to the console in development, sent by SMTP in production.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends."
    + ("smtp.EmailBackend" if PRODUCTION else "console.EmailBackend"),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cases@localhost")

# The second factor (TOTP) is required of coordinators and administrators; tests of other
# things switch it off, the second factor's own tests switch it on.
SECOND_FACTOR_REQUIRED = PRODUCTION or env.bool("SECOND_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Western Balkans migration cases"

# Sessions end after 30 idle minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: the region's languages; codes are stored, labels translated.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("hr", _("Croatian")),
    ("mk", _("Macedonian")),
    ("cnr", _("Montenegrin")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
]
# Our strings (`locale/`, written by makemessages), then the top-ups of the libraries' strings
# their own catalogues lack (`locale_libraries/`): docs/translating.md.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_libraries"]
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
register_montenegrin()
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

# Static files, served by the application itself (whitenoise): no CDN.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development serves straight from the apps' static folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Reference data: Kosovo as XK; citizenship codes add STLS (stateless) and UNK (unknown).
COUNTRIES_OVERRIDE = {"XK": _("Kosovo*")}
# Croatia may be enabled as a reporting territory, reported beside WB6, not inside it.
REPORT_CROATIA = env.bool("REPORT_CROATIA", default=False)

# Django REST framework: token first, so an anonymous request gets 401 with WWW-Authenticate.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Per fixed window in the cache (accounts/throttles.py); "off" lifts a limit. Refused tokens
    # are counted per address before any is looked up, so guessing gets 429 soon.
    "DEFAULT_THROTTLE_CLASSES": [
        "accounts.throttles.AnonymousClientThrottle",
        "accounts.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        scope: None if rate == "off" else rate
        for scope, rate in {
            "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
            "user": env.str("API_THROTTLE_USER", default="1200/minute"),
            "refused_token": env.str("API_THROTTLE_REFUSED_TOKENS", default="20/hour"),
        }.items()
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Western Balkans migration cases API",
    "DESCRIPTION": "Cases, imports and regional statistics. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the application itself (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CitizenshipEnum": "casework.countries.citizenship_choices",
        "CountryEnum": "casework.countries.place_choices",
        "NeighbourEnum": "casework.countries.neighbour_choices",
        "CaseStatusEnum": "casework.models.Status",
        "ImportStatusEnum": "casework.models.ImportJob.State",
    },
}
# Imports: the largest file accepted (20 MB by default).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every upload is counted as it is read and refused (413) once past IMPORT_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "casework.imports.uploads.UploadLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
API_TOKEN_TTL = timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30))

# Celery: real workers when a broker is configured, otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or "cache+memory://"
)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(days=1)
# Tasks are idempotent, so a task whose worker died is run again rather than lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int(
    "CELERY_TASK_SOFT_TIME_LIMIT", default=max(CELERY_TASK_TIME_LIMIT - 60, 1)
)
# Work (imports, runs, releases) goes through the database (config/work.py): a task's
# heartbeat is written every WORK_HEARTBEAT_SECONDS; the sweeper, on beat every
# WORK_SWEEP_SECONDS, fails work whose heartbeat is older than WORK_LOST_AFTER_SECONDS (its
# worker is gone) and sends again work never taken; a task delivered more than
# WORK_MAX_DELIVERIES times (it kills its worker) is failed.
WORK_HEARTBEAT_SECONDS = env.float("WORK_HEARTBEAT_SECONDS", default=30)
WORK_LOST_AFTER_SECONDS = env.float("WORK_LOST_AFTER_SECONDS", default=10 * 60)
WORK_SWEEP_SECONDS = env.float("WORK_SWEEP_SECONDS", default=60)
WORK_RESEND_AFTER_SECONDS = env.float("WORK_RESEND_AFTER_SECONDS", default=60 * 60)
WORK_MAX_DELIVERIES = env.int("WORK_MAX_DELIVERIES", default=3)
WORK_RECORD_FAILURE_SECONDS = env.float("WORK_RECORD_FAILURE_SECONDS", default=30)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # How long an unacknowledged task waits before Redis hands it to another worker: past the
    # longest task's time limit, so a task still running is never handed out twice. A worker
    # gone whole is found sooner, by its work's stale heartbeat.
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60
    ),
}
# A broker that is down fails a send within seconds (the sweeper sends it later).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # A sweep that waited a whole interval behind long tasks is dropped: the next one is due.
    "sweep work": {
        "task": "config.sweep_work",
        "schedule": WORK_SWEEP_SECONDS,
        "options": {"expires": WORK_SWEEP_SECONDS},
    },
}
# Seconds an aggregation run waits between units: only the fault tests set it, to kill a
# worker in the middle of a run.
AGGREGATION_STEP_PAUSE = env.float("AGGREGATION_STEP_PAUSE", default=0.0)
# Likewise after each part an import loads and each step of a release's audit.
WORK_STEP_PAUSE = env.float("WORK_STEP_PAUSE", default=0.0)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Security headers. The Content-Security-Policy allows no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Logging: no identity data ever reaches a log line (identity fields are discarded on input).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
