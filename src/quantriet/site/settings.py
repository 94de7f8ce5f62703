"""Django settings, read from environment variables.

Defaults are safe for production: DEBUG off, SECRET_KEY required, secure cookies. ``quantriet demo``
and the test suite set ``QUANTRIET_DEMO=1`` / their own values explicitly to get the conveniences.
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from quantriet.core.numbers import parse_int
from quantriet.site.env import env_bool, env_int, env_list, env_str, refuse_weak_secret_key
from quantriet.site.vendor import STATIC_PREFIX, VENDOR_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("QUANTRIET_DATA_DIR", str(Path.cwd() / "var")))

DEMO = env_bool("QUANTRIET_DEMO", False)
DEBUG = env_bool("QUANTRIET_DEBUG", False)

if DEMO:
    SECRET_KEY = env_str("SECRET_KEY", "demo-only-secret-key-not-for-production-use-0123456789")
else:
    SECRET_KEY = env_str("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters "
            "(or run `quantriet demo`, which uses a demo key)."
        )
    # The rule of `manage.py check --deploy`, enforced at start-up instead of merely reported.
    refuse_weak_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO or DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (orgs.services.twofactor), kept as hashes
    "quantriet.core",
    "quantriet.site",
    "quantriet.orgs",
    "quantriet.documents",
    "quantriet.campaigns",
    "quantriet.reports",
    "quantriet.reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "quantriet.site.middleware.SecurityHeadersMiddleware",
    "quantriet.site.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "quantriet.site.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "quantriet.site.urls"
WSGI_APPLICATION = "quantriet.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quantriet.site.context.site",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'quantriet.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the import task writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (orgs.services.accounts, orgs.signin): failures counted per normalised user name and
# per client address, on every path that authenticates; the throttle backend must stay first.
AUTHENTICATION_BACKENDS = [
    "quantriet.orgs.signin.ThrottleBackend",
    "quantriet.orgs.signin.AccountBackend",  # ModelBackend, loading the second factor's facts too
]
# The JSON API (core.api.http) asks this function who an "Authorization: Bearer <key>" key belongs to.
API_KEY_AUTHENTICATOR = "quantriet.orgs.services.tokens.authenticate_token"
# The JSON API's rate limits (core.api.ratelimit): requests per signed-in person, and failed authentications
# per client address ("1200/m": per second, minute, hour or day; "100/5m"). A check-in desk syncing its
# offline queue sends one request per delegate, so the first stays well above a bridge point's pace.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "1200/m")
API_FAILED_AUTH_RATE_LIMIT = env_str("API_FAILED_AUTH_RATE_LIMIT", "60/m")
for _name in ("API_RATE_LIMIT", "API_FAILED_AUTH_RATE_LIMIT"):
    if not re.fullmatch(r"[1-9][0-9]{0,8}/([1-9][0-9]{0,5})?[smhd]", globals()[_name]):
        raise ImproperlyConfigured(f"{_name} must look like 1200/m (per s, m, h or d; or 100/5m).")
RATELIMIT_FAIL_OPEN = True  # a failing cache lets requests through rather than refusing them all
# The cache the limits are counted in: each process's memory, or a Redis shared by every server process
# (CACHE_URL=redis://127.0.0.1:6379/1; needs the "scale" extra's redis client).
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "CACHE_URL must be a Redis address: redis://host:6379/1 (or rediss://, unix://)."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "quantriet"}
    )
}
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 4 * LOGIN_MAX_FAILURES)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
# Sign-in attempts older than this are deleted by the purge command (decree 13/2023: no longer than needed).
SIGN_IN_ATTEMPT_RETENTION_DAYS = env_int("SIGN_IN_ATTEMPT_RETENTION_DAYS", 90)

# Check-in desks: a conference takes check-ins from this long before its start to the end of its day;
# a desk's clock may run this far ahead of the server's; a time a desk recorded offline is believed
# for this long before it reaches the server (older ones count from their arrival, see campaigns);
# an offline queue with recorded times inside the window is still taken this long after it closes (0: not).
CHECKIN_OPENS_BEFORE_MINUTES = env_int("CHECKIN_OPENS_BEFORE_MINUTES", 120)
CHECKIN_CLOCK_SKEW_SECONDS = env_int("CHECKIN_CLOCK_SKEW_SECONDS", 120)
CHECKIN_OFFLINE_TRUST_MINUTES = env_int("CHECKIN_OFFLINE_TRUST_MINUTES", 120)
CHECKIN_OFFLINE_GRACE_HOURS = env_int("CHECKIN_OFFLINE_GRACE_HOURS", 24)

# Second factor (orgs.services.twofactor): a code from an authenticator app after the password, required
# for superusers and roles over a whole province. Only `quantriet demo` turns it off (and says so).
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEMO)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "quantriet")
# The admin never shows a device's secret or QR code: whoever reads it could copy the user's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A working day; then the user signs in again. Closing the browser ends the session too.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_secure = env_bool("SECURE_COOKIES", not (DEMO or DEBUG))
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by site.middleware.SecurityHeadersMiddleware: no inline script or style, no
# framing, forms post only here. Templates keep their CSS and JavaScript in static files.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
)
# Only behind a proxy that overwrites X-Forwarded-Proto and appends to X-Forwarded-For (README, Production):
# without one, a client could claim HTTPS or any address. core.clientaddr reads the address.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
PROXY_HOPS = env_int("PROXY_HOPS", 1)  # proxies in a chain, each appending to X-Forwarded-For
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["quantriet.site.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Third-party scripts fetched at install time (`python -m quantriet.site.vendor`), never committed.
STATICFILES_DIRS = [(STATIC_PREFIX, VENDOR_DIR)]
MEDIA_ROOT = DATA_DIR / "media"
# The copy index of learning reports: derived data, rebuilt from the database by `quantriet reports reindex`.
COPY_INDEX_DIR = Path(env_str("COPY_INDEX_DIR", str(DATA_DIR / "copyindex")))
# Whole-cohort re-checks (reports.checking.cohort): on this Dask scheduler (tcp://host:8786) when set,
# else in COHORT_WORKERS processes of the worker (0: one per core).
DASK_SCHEDULER = env_str("DASK_SCHEDULER", "")
COHORT_WORKERS = env_int("COHORT_WORKERS", 0)

# Uploads: Django keeps at most this much in memory; the import view enforces its own file-size limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Uploaded documents (DOCX/PDF/TXT); larger files are refused while the upload streams in, never stored.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)
# Every upload on every page streams through this limit (quantriet.core.uploads) before any view reads
# it; pages with a smaller limit (imports) check theirs on the file already on disk.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", max(IMPORT_MAX_BYTES, DOCUMENT_MAX_BYTES))
FILE_UPLOAD_HANDLERS = [
    "quantriet.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# What one imported spreadsheet may hold (quantriet.core.sheets.limits). A province's 400,000 members
# are imported in several files (one per district, say); the refusal says so.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 64)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 1_000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 160 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "copycheck": the learning reports' copy checks; one worker process serves it (README, "Workers").
        "QUEUES": ["default", "copycheck"],
    }
}

# E-mail (core.notifications): inbox notifications are also mailed when the deployment names a backend
# (EMAIL_BACKEND, and EMAIL_HOST... for SMTP); the demo prints them on the console. NOTIFY_BY_EMAIL=0: none.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEMO else "")
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", bool(EMAIL_BACKEND))
if NOTIFY_BY_EMAIL and not EMAIL_BACKEND:
    raise ImproperlyConfigured("NOTIFY_BY_EMAIL=1 needs EMAIL_BACKEND (and EMAIL_HOST... for SMTP).")
EMAIL_BACKEND = EMAIL_BACKEND or "django.core.mail.backends.dummy.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "quantriet <noreply@localhost>")
# A failed e-mail is tried again after NOTIFY_RETRY_SECONDS, doubling, up to NOTIFY_MAX_ATTEMPTS tries.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_RETRY_SECONDS = env_int("NOTIFY_RETRY_SECONDS", 60)
# The address people open the site at, for the link in each e-mail ("" leaves the link out).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEMO else "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Retention of personal data (decree 13/2023/NĐ-CP), in days; 0 keeps that kind for ever. Applied by
# `quantriet purge` (or the task quantriet.site.tasks.purge), daily. SIGN_IN_ATTEMPT_RETENTION_DAYS is above.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 2 * 365)  # who read which records
GUEST_DATA_RETENTION_DAYS = env_int("GUEST_DATA_RETENTION_DAYS", 365)  # guests' names, points' contacts
CHECK_IN_RETENTION_DAYS = env_int("CHECK_IN_RETENTION_DAYS", 365)  # who recorded a check-in, its minute
# A self-refreshing board read again by the same person within this many seconds is logged once.
BULK_READ_REFRESH_SECONDS = env_int("BULK_READ_REFRESH_SECONDS", 10 * 60)
for _name in ("ACCESS_LOG_RETENTION_DAYS", "GUEST_DATA_RETENTION_DAYS", "CHECK_IN_RETENTION_DAYS"):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 (keep for ever) or a number of days.")

# Party papers (HD 36-HD/VPTW): page margins in mm — top 20-25, bottom 20-25, left 30-35, right 15-20.
_margins = [
    parse_int(v, minimum=1, maximum=59) for v in env_list("PAPER_MARGINS_MM", ["20", "20", "30", "15"])
]
if len(_margins) != 4 or None in _margins:
    raise ImproperlyConfigured("PAPER_MARGINS_MM must be four margins in mm (1-59): top,bottom,left,right.")
PAPER_MARGINS_MM = tuple(m for m in _margins if m is not None)
