"""samverka settings, read from environment variables.

DATABASE_URL   default: SQLite file in $SAMVERKA_DATA_DIR (./data)
SECRET_KEY     generated and stored in the data folder on first local run;
               required when DEBUG is off
DEBUG          default on for local use; set DEBUG=0 in production
ALLOWED_HOSTS  comma-separated
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_list, env_str, local_secret_key
from samverka.core import maps as _maps

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("SAMVERKA_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = local_secret_key(DATA_DIR)

# The key of SSPF's pseudonyms and name encryption (samverka.sspf.crypto). It must live outside
# the database, so that a copy of the database cannot be linked to anyone: from the environment,
# or on a developer's machine a file of its own in the data folder (data/sspf/secret_key).
SAMVERKA_SSPF_KEY = env_str("SAMVERKA_SSPF_KEY")
if not SAMVERKA_SSPF_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SAMVERKA_SSPF_KEY must be set when DEBUG is off.")
    SAMVERKA_SSPF_KEY = local_secret_key(DATA_DIR / "sspf")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "samverka.core",
    "samverka.accounts",
    "samverka.areas",
    "samverka.organisation",
    "samverka.meetings",
    "samverka.incidents",
    "samverka.situation",
    "samverka.stats",
    "samverka.reports",
    "samverka.sspf",
    "samverka.process",
    "samverka.workbench",
    "samverka.onboarding",
    # Uploaded files in the database (SAMVERKA_FILE_STORAGE=database, samverka/files).
    "samverka.files",
    # Background work (samverka/background): the Django Tasks API and its database queue.
    "django_tasks",
    "django_tasks_db",
    "samverka.background",
    # The second factor: app codes, recovery codes, passkeys (samverka/accounts/mfa.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Last: axes counts failed logins signalled by the apps above.
    "axes",
]

MIDDLEWARE = [
    # Operations (docs/operations.md): the request id first, so every log record of the request
    # carries it, then the /metrics counters, so error pages and redirects are counted too.
    "samverka.core.request_id.RequestIdMiddleware",
    "samverka.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, error pages included.
    "csp.middleware.CSPMiddleware",
    "samverka.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A Swedish 400 for a NUL byte in the path or query string before it reaches PostgreSQL.
    "samverka.core.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's mark of a verified device (the passkey views set and read it).
    "django_otp.middleware.OTPMiddleware",
    # The tenant scope for PostgreSQL's row-level security, from the user (samverka/core/rls.py).
    "samverka.core.rls.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session lifetime (after messages: it says why you were logged out).
    "samverka.accounts.sessions.SessionLifetimeMiddleware",
    # A user who owes a second factor reaches only its pages (samverka/accounts/mfa.py).
    "samverka.accounts.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samverka.accounts.middleware.LoginRequiredByDefaultMiddleware",
    # Who is looking, resolved once per page request (lazily, after the login check above).
    "samverka.accounts.middleware.AccessMiddleware",
    # Turns a login refused for too many failures into the lockout page (last, as axes asks).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "samverka.accounts.context_processors.tenancy",
                # The main menu from the apps' registered entries (samverka/core/navigation.py).
                "samverka.core.navigation.main_nav",
            ],
        },
    }
]
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'samverka.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2id first (samverka/accounts/hashers.py says why); the others verify older hashes.
PASSWORD_HASHERS = [
    "samverka.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("SAMVERKA_MEDIA_ROOT", str(DATA_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends 12 hours after the login whatever happens, and after 30 idle minutes
# (samverka/accounts/sessions.py; ASVS 7.3).
SESSION_COOKIE_AGE = int(env_str("SAMVERKA_SESSION_MAX_HOURS", "12")) * 3600
SAMVERKA_SESSION_IDLE_SECONDS = int(env_str("SAMVERKA_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Transport and browser hardening (docs/deployment-security.md) ---------------------------
# Behind TLS termination: SAMVERKA_TLS=1 redirects plain HTTP to HTTPS and sends HSTS (a year,
# subdomains, preload unless SAMVERKA_HSTS_PRELOAD=0). The proxy's header that says a request
# came in over HTTPS, e.g. SAMVERKA_PROXY_SSL_HEADER="X-Forwarded-Proto: https"; set it only
# when the proxy always sets (and overwrites) that header.
SAMVERKA_TLS = env_bool("SAMVERKA_TLS", default=False)
if SAMVERKA_TLS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env_str("SAMVERKA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMVERKA_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SAMVERKA_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
if _proxy_ssl_header := env_str("SAMVERKA_PROXY_SSL_HEADER"):
    _header, _sep, _value = _proxy_ssl_header.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by samverka.core.headers.PermissionsPolicyMiddleware: only "my position" on the incident
# form may ask for the location; nothing may use the camera, microphone or payments.
SAMVERKA_PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), display-capture=()"
)


# A Content Security Policy without 'unsafe-inline': scripts and styles come only from our own
# static files (no inline <script>, no style attributes), so injected markup cannot run. The API
# docs (Swagger UI) get a looser style-src on that one view (samverka/core/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # and the map tile host: see the end of this file
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "samverka@localhost")
# Where links in e-mails, calendar files and command output point (no request to ask there).
SAMVERKA_BASE_URL = env_str("SAMVERKA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Background work (imports, PDFs, notices, reminders, the police feed, the counts) is queued in
# the database (django_tasks_db) and run by `samverka worker` processes on any number of machines.
# SAMVERKA_TASKS_IN_PROCESS=1 (the default, for `make run`) also runs each task in a thread of
# the web process that queued it, so a single process needs no worker; production sets 0.
# (SAMVERKA_IMPORT_THREADS, its name before the queue, is still read as the default.)
SAMVERKA_TASKS_IN_PROCESS = env_bool(
    "SAMVERKA_TASKS_IN_PROCESS", default=env_bool("SAMVERKA_IMPORT_THREADS", default=True)
)
TASKS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": (
            "samverka.background.backends.InProcessDatabaseBackend"
            if SAMVERKA_TASKS_IN_PROCESS
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": [],  # any queue name
    }
}
# A worker writes its heartbeat this often; one silent for the second figure is taken as dead
# and its running task is put back in the queue (samverka/background/recovery.py).
SAMVERKA_WORKER_HEARTBEAT_SECONDS = float(env_str("SAMVERKA_WORKER_HEARTBEAT_SECONDS", "5"))
SAMVERKA_WORKER_LOST_AFTER_SECONDS = float(env_str("SAMVERKA_WORKER_LOST_AFTER_SECONDS", "60"))
# Caps on one imported file (incidents, statistics), refused before its rows are read: a 287 KB
# XLSX can hold two million rows. The organisation file: size and nesting depth (YAML/JSON).
SAMVERKA_IMPORT_MAX_ROWS = int(env_str("SAMVERKA_IMPORT_MAX_ROWS", "200000"))
SAMVERKA_IMPORT_MAX_CELLS = int(env_str("SAMVERKA_IMPORT_MAX_CELLS", "5000000"))
# An XLSX is a zip: the most its parts may unpack to (a zip bomb is refused by its directory).
SAMVERKA_IMPORT_MAX_UNPACKED_BYTES = int(
    env_str("SAMVERKA_IMPORT_MAX_UNPACKED_BYTES", str(400 * 1024 * 1024))
)
SAMVERKA_ORGFILE_MAX_BYTES = int(env_str("SAMVERKA_ORGFILE_MAX_BYTES", str(2 * 1024 * 1024)))
SAMVERKA_ORGFILE_MAX_DEPTH = int(env_str("SAMVERKA_ORGFILE_MAX_DEPTH", "32"))

# The second factor: the issuer name in authenticator apps, and passkeys bound to our own host.
OTP_TOTP_ISSUER = "samverka"
OTP_WEBAUTHN_RP_NAME = "samverka"
OTP_WEBAUTHN_RP_ID = urlsplit(SAMVERKA_BASE_URL).hostname or "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [SAMVERKA_BASE_URL]
if urlsplit(SAMVERKA_BASE_URL).hostname in ("127.0.0.1", "localhost"):
    # Browsers count plain http on the local machine as secure; anywhere else https is required.
    SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E031"]
# A passkey is asked for after the password, never instead of it (samverka/accounts/webauthn.py).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Login throttling (django-axes, see samverka/accounts/lockout.py): the 12th failure in a row locks
# the username, and separately the address, for 30 minutes. Behind a reverse proxy, set
# SAMVERKA_TRUSTED_PROXIES to the number of proxies in front, or every client is the proxy.
AXES_FAILURE_LIMIT = int(env_str("SAMVERKA_LOGIN_FAILURE_LIMIT", "12"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("SAMVERKA_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = "samverka.accounts.lockout.lockout_parameters"
# Not axes' own reset: it would also clear the address's count, so an insider could guess another
# user's password between logins of their own. lockout.py clears only the account's own count.
AXES_RESET_ON_SUCCESS = False
# Tries during the lock are refused and audited but do not extend it: it lifts on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "samverka.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
_TRUSTED_PROXIES = int(env_str("SAMVERKA_TRUSTED_PROXIES", "0"))
if _TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = _TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    # Never trust a client's own X-Forwarded-For: it would pick a fresh address per guess.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Hashed, named, scoped keys (samverka/accounts/tokens.py), not DRF's plaintext tokens.
        "samverka.accounts.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "samverka.core.api.PageNumberPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "samverka.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "samverka API",
    "DESCRIPTION": (
        "Local crime prevention: municipalities, areas, actors, groups, meetings, incidents, "
        "the lägesbild and statistics."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the installed package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get components of their own (``…Request``): read-only fields are left out
    # and a text that may not be blank says ``minLength: 1``, as the API validates it.
    "COMPONENT_SPLIT_REQUEST": True,
    # Two apps have a "status" with different choices; name the meetings one explicitly.
    "ENUM_NAME_OVERRIDES": {
        "CommitmentStatusEnum": "samverka.meetings.models.CommitmentStatus",
        "SSPFCaseStatusEnum": "samverka.sspf.models.CaseStatus",
        "EvaluationKindEnum": "samverka.process.models.EvaluationKind",
        "IndicatorSourceEnum": "samverka.process.models.IndicatorSource",
        "MeasureKindEnum": "samverka.process.models.MeasureKind",
        "MeasureStatusEnum": "samverka.process.models.MeasureStatus",
        "MeasureWritableStatusEnum": "samverka.process.serializers.plans.WRITABLE_STATUSES",
        "ActivityStatusEnum": "samverka.process.models.ActivityStatus",
        "ProblemStatusEnum": "samverka.process.models.ProblemStatus",
        "EvidenceKindEnum": "samverka.process.models.EvidenceKind",
        "DialogueKindEnum": "samverka.process.models.DialogueKind",
    },
    # Every operation documents its error answers too (400/401/403/404, 415 with a body).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samverka.core.api_schema.add_error_responses",
    ],
}

# --- Operations (docs/operations.md) ----------------------------------------------------------
# Logs go to stderr (the supervisor's journal). LOG_FORMAT=json writes one JSON object per line;
# either way every record carries the request's id (samverka/core/request_id.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "samverka.core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "samverka.core.request_id.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
# /metrics answers a request with "Authorization: Bearer <token>" or from these addresses or
# networks (comma-separated, e.g. 10.0.5.0/24); with neither it is off (404).
SAMVERKA_METRICS_TOKEN = env_str("SAMVERKA_METRICS_TOKEN")
SAMVERKA_METRICS_ALLOWED_IPS = env_list("SAMVERKA_METRICS_ALLOWED_IPS")
# Uploaded files (incident import files, governing documents): SAMVERKA_FILE_STORAGE=filesystem
# (the default) keeps them under MEDIA_ROOT; =database keeps them in the database
# (samverka/files), so that app servers hold no files and several can share the load.
SAMVERKA_FILE_STORAGE = env_str("SAMVERKA_FILE_STORAGE", "filesystem")
_FILE_STORAGES = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "database": "samverka.files.storage.DatabaseStorage",
}
if SAMVERKA_FILE_STORAGE not in _FILE_STORAGES:
    raise ImproperlyConfigured(
        f"SAMVERKA_FILE_STORAGE must be 'filesystem' or 'database', not {SAMVERKA_FILE_STORAGE!r}."
    )
STORAGES = {
    "default": {"BACKEND": _FILE_STORAGES[SAMVERKA_FILE_STORAGE]},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Collected static files with content hashes in their names (cached for ever by browsers) and
# compressed copies (gzip, Brotli when installed), served by WhiteNoise: `samverka collectstatic`
# must have run, so it is on by default only with DEBUG off.
if env_bool("SAMVERKA_STATIC_MANIFEST", default=not DEBUG):
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Django's cache holds the fact sheet's PDF jobs, their progress and the printed PDFs. The default
# is per process; with several web workers (make serve-prod, gunicorn) set SAMVERKA_CACHE=database
# (a table made by `samverka createcachetable`) so that every worker sees the same jobs.
if env_str("SAMVERKA_CACHE") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samverka_cache",
        }
    }
# --- end of operations ------------------------------------------------------------------------

# The maps' background tiles (OpenStreetMap unless SAMVERKA_MAP_TILE_URL names another source or
# says "off"; samverka/core/maps.py), and img-src allows their host only when there is one.
SAMVERKA_MAP_TILES = _maps.tiles_from_env()
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = _maps.img_src(SAMVERKA_MAP_TILES)
