"""InterviewMaster settings: one file, every knob from the environment, safe embedded defaults.

Without any environment the app runs for development: SQLite, locmem cache, in-memory channel layer, local media,
console email, the offline AI provider and eager Celery. `.env.example` lists every variable.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core ------------------------------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
# True under pytest (pytest-django imports settings before any conftest could set DJANGO_TESTING).
TESTING = env_bool("DJANGO_TESTING", "pytest" in sys.modules)


def development_secret_key(path: Path) -> str:
    """A random key made on first run and kept in an untracked file (mode 0600), never a committed one: a `make run`
    instance reachable on a network must not accept tokens anyone could sign. Two processes starting at once agree
    (the file is created exclusively; the loser reads the winner's key)."""
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if len(existing) >= 50:
        return existing
    key = secrets.token_urlsafe(64)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


SECRET_KEY_FILE = Path(env("DJANGO_SECRET_KEY_FILE") or BASE_DIR / ".secret-key")
SECRET_KEY = env("DJANGO_SECRET_KEY") or env("SECRET_KEY") or (development_secret_key(SECRET_KEY_FILE) if DEBUG
                                                               else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = False
CORS_URLS_REGEX = r"^/api/.*$"
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")


def _refuse_weak_production_config() -> None:
    """In production (DJANGO_DEBUG=false) a weak configuration must stop the app before it serves anything."""
    problems = []
    if not SECRET_KEY:
        problems.append("SECRET_KEY (or DJANGO_SECRET_KEY) is not set")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        problems.append("SECRET_KEY is too weak: use at least 50 random characters (python -c 'import secrets; "
                        "print(secrets.token_urlsafe(64))')")
    if not ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS is empty: list the host names this site answers to")
    if "*" in ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS contains '*': list the real host names")
    if "*" in CORS_ALLOWED_ORIGINS or env_bool("CORS_ALLOW_ALL_ORIGINS", False):
        problems.append("CORS_ALLOWED_ORIGINS is a wildcard: list the trusted origins")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DJANGO_DEBUG=false: " + "; ".join(problems) + "."
        )


if not DEBUG:
    _refuse_weak_production_config()

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files: /api/docs/ works offline, no CDN
    "csp",
    "corsheaders",
    "channels",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "interviewmaster",
    "accounts",
    "resumes",
    "interviews",
    "planning",
    "studypaths",
    "analytics",
]

MIDDLEWARE = [
    "interviewmaster.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refusals before any view runs, inside the two above so that they carry the security headers too.
    "interviewmaster.input_limits.MethodGuard",
    "interviewmaster.input_limits.QueryStringGuard",
    # Static files answer here, before GZip: WhiteNoise serves their pre-compressed copies itself. Below GZip, a 304
    # for a cached file went out gzip-encoded with a body (uvicorn: "Response content longer than Content-Length")
    # and a 206 range was compressed after cutting.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed. BREACH needs a secret reflected next to attacker input: CSRF tokens are masked per
    # response, and no page echoes a secret. Django's, with a stream compressed as one gzip member (Chromium reads
    # only the first of several: interviewmaster/streaming.py; its random padding is per stream, not per chunk).
    "interviewmaster.streaming.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.time_zone.UserTimeZoneMiddleware",  # local times in the signed-in user's profile zone
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known, so that its 400 page is drawn for the signed-in user; before any view.
    "interviewmaster.input_limits.FormNullGuard",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "interviewmaster.metrics.MetricsMiddleware",
    # A refused request (4xx) gives back what it spent of a limit that counts only accepted requests (code runs).
    "interviewmaster.throttles.GiveBackRefusedHitsMiddleware",
]

ROOT_URLCONF = "interviewmaster.urls"
WSGI_APPLICATION = "interviewmaster.wsgi.application"
ASGI_APPLICATION = "interviewmaster.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interviewmaster.views.navigation",
                "accounts.browser_storage.browser_storage",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
# psycopg's connection pool (PostgreSQL only): each web worker process holds at most DB_POOL_MAX_SIZE connections and
# a request waits up to DB_POOL_TIMEOUT s for one, so a burst queues instead of failing with "too many clients".
# Keep DB_POOL_MAX_SIZE x WEB_CONCURRENCY (+ Celery concurrency) under the server's max_connections. 0 turns it off.
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 1), "max_size": DB_POOL_MAX_SIZE,
        "timeout": env_int("DB_POOL_TIMEOUT", 20),
    }
DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME") or None}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not DATABASES["default"]["TEST"]["NAME"]:
    # The tests' SQLite database is a file, as every SQLite deployment is, not Django's default shared-cache memory
    # database: there a connection reading a table another one is writing gets "database table is locked" at once,
    # whatever the timeout, so the rooms' database calls in the thread pool (and a test writing beside them) failed
    # at random on SQLite only. One file per process, so parallel runs do not share it; the test runner removes it.
    DATABASES["default"]["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / f"interviewmaster-test-{os.getpid()}.db")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction that reads and then writes (select_for_update is a no-op on SQLite) cannot wait for the write
    # lock: SQLite answers "database is locked" at once, whatever the timeout, because waiting could deadlock. BEGIN
    # IMMEDIATE takes the write lock when the transaction starts, where waiting up to `timeout` seconds is safe, so
    # two tabs or a double-click queue instead of one of them failing with a 500.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # Two covering indexes (Evaluation, CodeRun) carry INCLUDE columns for PostgreSQL; SQLite builds them without and
    # said so on every command `make run` printed. Nothing to act on: the embedded database is for one machine.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL")
# How long a Redis call may wait. redis-py waits 5 s for an answer by default, and no time limit at all to connect: a
# Redis behind a firewall that drops packets held each cache call of each request that long. A cache call answers in
# well under a millisecond, so a second is a failure; the cache then uses this process's memory and is not tried
# again for REDIS_RETRY_AFTER_SECONDS (interviewmaster/cache_pool.py; docs/security.md, "When the cache is down").
REDIS_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 1.0)
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 1.0)
REDIS_RETRY_AFTER_SECONDS = env_float("REDIS_RETRY_AFTER_SECONDS", 5.0)
# The channel layer waits in BZPOPMIN for up to 5 s (channels_redis): its read timeout must be longer.
CHANNEL_LAYER_SOCKET_TIMEOUT = env_float("CHANNEL_LAYER_SOCKET_TIMEOUT", 10.0)
# One connection pool per process (interviewmaster/cache_pool.py): Django's per-request backend instances under ASGI
# would otherwise open a new Redis connection for every request.
REDIS_CACHE_OPTIONS = {"pool_class": "interviewmaster.cache_pool.SharedConnectionPool",
                       "socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "interviewmaster.cache_pool.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": env("CACHE_KEY_PREFIX", "im"), "OPTIONS": REDIS_CACHE_OPTIONS}}
    # redis-py 8 gives every connection a 5 s socket timeout by default, the same as channels_redis' 5 s BZPOPMIN:
    # a socket with no group message for 5 s then dies with "Timeout reading". The read timeout must be longer.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                  "CONFIG": {"hosts": [{"address": REDIS_URL,
                                                        "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT,
                                                        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT}],
                                             "prefix": env("CHANNELS_PREFIX", "im-asgi")}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "interviewmaster"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Auth ------------------------------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    # Tests: still Argon2 first, with tiny cost parameters so that factories and logins stay fast.
    "accounts.hashers.FastArgon2PasswordHasher" if TESTING else "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, reading the session's user from the cache (accounts/user_cache.py)
    "accounts.authentication.CachedModelBackend",
    "accounts.authentication.CachedAllauthBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
CSRF_FAILURE_VIEW = "interviewmaster.views.csrf_failure"  # JSON envelope under /api/, the site's page elsewhere
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True

# --- Email and files -------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "InterviewMaster <no-reply@interviewmaster.local>")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
_static_backend = ("whitenoise.storage.CompressedManifestStaticFilesStorage" if not (DEBUG or TESTING)
                   else "django.contrib.staticfiles.storage.StaticFilesStorage")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "us-east-1")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": env("AWS_LOCATION", "media")}},
        "staticfiles": {"BACKEND": _static_backend},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": _static_backend},
    }

# --- API -------------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.CachedJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "interviewmaster.api.Pagination",
    # JSON bodies: at most API_MAX_JSON_BYTES (413 past it) and API_MAX_JSON_DEPTH levels of nesting (400).
    "DEFAULT_PARSER_CLASSES": [
        "interviewmaster.input_limits.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    # Names components and documents each operation's errors from one place (interviewmaster/schema.py).
    "DEFAULT_SCHEMA_CLASS": "interviewmaster.schema.AutoSchema",
    "EXCEPTION_HANDLER": "interviewmaster.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    # Every limit is an interviewmaster.throttles.RateThrottle (atomic on Redis); these apply to every API.
    "DEFAULT_THROTTLE_CLASSES": [
        "interviewmaster.throttles.AnonThrottle",
        "interviewmaster.throttles.UserThrottle",
        "interviewmaster.throttles.IpThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "60/minute"),
        "user": env("API_THROTTLE_USER", "600/minute"),
        "ip": env("API_THROTTLE_IP", "1200/minute"),
        "auth": env("API_THROTTLE_AUTH", "20/minute"),
    },
    # The client address the limits count is REMOTE_ADDR, which the ASGI server sets from X-Forwarded-For only for a
    # proxy it trusts (FORWARDED_ALLOW_IPS, gunicorn.conf.py). DRF's default (None) read the header as sent: a random
    # X-Forwarded-For per request escaped the login, anonymous and per-address limits.
    "NUM_PROXIES": 0,
}
# While the cache (Redis) cannot be reached every limit is counted in each process's memory; a limit on expensive work
# (code runs, AI calls, parses, emails, password checks) then allows 1/RATE_LIMIT_FALLBACK_DIVISOR of its budget per
# process. Set it to the number of processes serving requests (WEB_CONCURRENCY x hosts) to keep the deployment near
# the limit. docs/security.md, "When the cache is down".
RATE_LIMIT_FALLBACK_DIVISOR = env_int("RATE_LIMIT_FALLBACK_DIVISOR", env_int("WEB_CONCURRENCY", 4))
# --- Content-Security-Policy (django-csp) -----------------------------------------------------------------------------
# Scripts and styles only from our own origin (the bundles in static/, npm packages copied by collectstatic) or with
# the per-response nonce (`{{ request.csp_nonce }}`) for the inline ones that remain; nothing from a CDN.
from csp.constants import NONCE as CSP_NONCE  # noqa: E402 - a marker django-csp replaces with the nonce

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'", CSP_NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],  # the room plays the server's question audio from a fetched blob
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "InterviewMaster API",
    "DESCRIPTION": "REST API for mentors and integrations. Errors use one envelope: "
    '{"error": {"code", "message", "fields"}}. Lists use {items, total, limit, offset, has_more}.',
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": False,  # a PATCH body documents the fields it really requires
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "interviewmaster.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ResumeStatusEnum": "resumes.models.ResumeStatus",
        "ResumeSkillStatusEnum": "resumes.models.SkillStatus",
        "ResumeFileKindEnum": "resumes.models.FileKind",
        # Background jobs (question generation, code runs) share one status vocabulary.
        "JobStatusEnum": "studypaths.models.RunStatus",
        "QuestionReviewStatusEnum": "interviews.models.ReviewStatus",
        "CodeRunKindEnum": "studypaths.models.RunKind",
        "StudyTaskStatusEnum": "studypaths.models.TaskStatus",
        "StudyTaskKindEnum": "studypaths.models.TaskKind",
        "StudyPathStatusEnum": "studypaths.models.PathStatus",
        "TaskEventKindEnum": "studypaths.models.EventKind",
        "TaskEvaluationStatusEnum": "studypaths.models.EvaluationStatus",
        "TaskHintStatusEnum": "studypaths.models.HintStatus",
        "InterviewSessionStateEnum": "interviews.models.SessionState",
        "InterviewPlanStateEnum": "planning.models.PlanState",
        # Profile choices: the same values reach the API from the model and from the capabilities.
        "ExperienceLevelEnum": "accounts.models.ExperienceLevel",
        "RoleEnum": "accounts.models.Role",  # the account's role; an interview's `role` is a TargetRoleEnum
        "LanguageEnum": "studypaths.models.LANGUAGE_CHOICES",  # what the judge runs
        # Every language the platform offers (an interview answer's language).
        "ProgrammingLanguageEnum": [language["id"] for language in json.loads(
            (BASE_DIR / "interviewmaster" / "capabilities.json").read_text(encoding="utf-8"))["languages"]],
        "TargetRoleEnum": [role["id"] for role in json.loads(
            (BASE_DIR / "interviewmaster" / "capabilities.json").read_text(encoding="utf-8"))["roles"]],
    },
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,  # accounts.services.issue_tokens records last_login itself
    "USER_AUTHENTICATION_RULE": "accounts.services.can_use_tokens",
    "SIGNING_KEY": env("JWT_SIGNING_KEY") or SECRET_KEY,
}

# --- Celery (DESIGN §9) ----------------------------------------------------------------------------------------------
# "localhost": without a host kombu warns "No hostname was supplied" each time an eager task borrows a producer.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # How often a worker sweeps for messages a dead worker left unacknowledged (kombu's defaults: 10 s x 10).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
    # A broker that drops packets held a request sending a task (and a worker) for kombu's default of no limit.
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": env_float("CELERY_BROKER_SOCKET_TIMEOUT", 10.0),
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT  # the result backend, likewise
CELERY_REDIS_SOCKET_TIMEOUT = CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"]
# Sending a task tries the broker once more at most (Celery's default: three more times), so a request that queues
# work waits at most about two connect timeouts for a broker that is down; the row then waits for the stuck-work
# sweep (interviewmaster/recovery.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Work a dead worker or a lost message left "in progress" (a resume being read, an invitation being mailed, a code run,
# a reference check) is sent again by each app's `recover_stuck_*` beat task once it has not moved for
# STUCK_WORK_AFTER_SECONDS (above every task's hard time limit, so live work is never taken for stuck), at most
# STUCK_WORK_MAX_RECOVERIES times; then it ends failed with a reason for the user (interviewmaster/recovery.py).
STUCK_WORK_AFTER_SECONDS = env_int("STUCK_WORK_AFTER_SECONDS", 600)
STUCK_WORK_MAX_RECOVERIES = env_int("STUCK_WORK_MAX_RECOVERIES", 3)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_DEFAULT_QUEUE = "default"
# Separate queues so one kind of work cannot starve another: "ai" (model calls), "sandbox" (candidate code), "live"
# (the step a candidate waits for in the interview room: the follow-up or the next question; serve it with a worker of
# its own so it never queues behind evaluations, reports or badges).
CELERY_TASK_ROUTES = {
    "*.live.*": {"queue": "live"},
    "*.ai.*": {"queue": "ai"},
    "*.sandbox.*": {"queue": "sandbox"},
}
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic task, in one place (django-celery-beat installs these entries into its database at start).
CELERY_BEAT_SCHEDULE = {
    "interviews-abandon-idle": {"task": "interviews.abandon_idle_sessions", "schedule": 60.0},
    "studypaths-expire-overdue-tasks": {"task": "studypaths.expire_overdue_tasks", "schedule": 3600.0},
    "studypaths-schedule-due-reviews": {"task": "studypaths.schedule_due_reviews", "schedule": 900.0},
    "analytics-recompute-leaderboard": {"task": "analytics.recompute_leaderboard", "schedule": 15 * 60},
    "analytics-recompute-cohorts": {"task": "analytics.recompute_cohorts", "schedule": 60 * 60},
    "accounts-expire-mentor-invitations": {"task": "accounts.expire_mentor_invitations", "schedule": 6 * 3600},
    "accounts-delete-stale-pending-emails": {"task": "accounts.delete_stale_pending_emails", "schedule": 3600.0},
    "accounts-recover-unsent-emails": {"task": "accounts.recover_unsent_emails", "schedule": 60.0},
    "accounts-resume-admin-log-scrubs": {"task": "accounts.resume_admin_log_scrubs", "schedule": 60.0},
    "accounts-recover-unsent-mentor-invitations": {"task": "accounts.recover_unsent_mentor_invitations",
                                                   "schedule": 60.0},
    "resumes-recover-stuck": {"task": "resumes.recover_stuck_resumes", "schedule": 60.0},
    "interviews-recover-stuck-generation-jobs": {"task": "interviews.recover_stuck_generation_jobs", "schedule": 60.0},
    "interviews-recover-stuck-evaluations": {"task": "interviews.recover_stuck_evaluations", "schedule": 60.0},
    "studypaths-recover-stuck-hints": {"task": "studypaths.recover_stuck_hints", "schedule": 60.0},
    "studypaths-recover-stuck-code-runs": {"task": "studypaths.recover_stuck_code_runs", "schedule": 60.0},
    "studypaths-recover-stuck-reference-checks": {"task": "studypaths.recover_stuck_reference_checks",
                                                  "schedule": 60.0},
    "planning-recover-stuck-agents": {"task": "planning.recover_stuck_agents", "schedule": 60.0},
    "planning-recover-undelivered-invitations": {"task": "planning.recover_undelivered_invitations",
                                                 "schedule": 60.0},
    # An invited plan whose link ran out unclicked showed "Invited" to its expert for good (a link is expired on use).
    "planning-expire-overdue-invitations": {"task": "planning.expire_overdue_invitations", "schedule": 15 * 60},
    "accounts-clear-expired-sessions": {"task": "accounts.clear_expired_sessions", "schedule": 24 * 3600.0},
    "analytics-weekly-digest": {"task": "analytics.send_weekly_digests",
                                "schedule": crontab(minute=0, hour=8, day_of_week="mon")},
}
CELERY_TIMEZONE = "UTC"

# --- Security (production values when DEBUG is off) -----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read through the cache and written through to the database (cached_db): a signed-in request reads
# Redis instead of querying the session table, and a session survives a flush or restart of the cache. Only with the
# shared Redis cache: a per-process cache would keep a logged-out session alive in the other processes.
# Django's engines with the account's id beside each session (accounts.sessions), so an account's sessions are found
# by an index when it is deleted.
SESSION_ENGINE = env("SESSION_ENGINE", "accounts.sessions.cached_db" if REDIS_URL else "accounts.sessions.db")
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- i18n ------------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# The site's words for allauth's Title Case ones ("Sign In" is "Log in" here): locale/en/LC_MESSAGES/django.po.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Observability ---------------------------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOG_FORMAT = env("LOG_FORMAT", "json")  # json | text
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "interviewmaster.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# --- Accounts (issue #3): allauth in our layout, lockout, JWT, throttling --------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# The current password on the change-password page counts towards the login lockout (accounts/password_forms.py).
ACCOUNT_FORMS = {"change_password": "accounts.password_forms.ChangePasswordForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[InterviewMaster] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None  # the login form offers "Remember me"
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env_int("ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", 3)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's own rate limits (per IP / per user / per key = email address); the lockout below is per account.
ACCOUNT_RATE_LIMITS = {
    "login": env("ACCOUNT_RATE_LIMIT_LOGIN", "30/m/ip"),
    # Off by default: an IP-wide limit refuses other accounts' correct passwords from a shared address, and a per-key
    # one lets anyone lock an owner out; accounts.services.lockout counts per email and address instead.
    "login_failed": env("ACCOUNT_RATE_LIMIT_LOGIN_FAILED", ""),
    "signup": env("ACCOUNT_RATE_LIMIT_SIGNUP", "20/m/ip"),
    "confirm_email": env("ACCOUNT_RATE_LIMIT_CONFIRM_EMAIL", "1/3m/key"),
    "reset_password": env("ACCOUNT_RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_SECONDS", 3600)  # reset links: 1 hour, single use
ACCOUNT_LOCKOUT_THRESHOLD = env_int("ACCOUNT_LOCKOUT_THRESHOLD", 5)
ACCOUNT_LOCKOUT_MINUTES = env_int("ACCOUNT_LOCKOUT_MINUTES", 15)
# Failures on one email from all addresses together before each attempt must wait a doubling delay.
ACCOUNT_LOCKOUT_EMAIL_FREE = env_int("ACCOUNT_LOCKOUT_EMAIL_FREE", 10)
ACCOUNTS_EXPERT_ADMIN_APPS = env_list("ACCOUNTS_EXPERT_ADMIN_APPS", "planning,interviews")
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
# Account deletions per user (DRF rate syntax): each one checks the password, and wrong ones also count towards the
# lockout above; this caps the guesses of someone holding a session or an access token whatever their addresses.
ACCOUNT_DELETE_RATE = env("ACCOUNT_DELETE_RATE", "10/hour")

# --- Capabilities and question bank ----------------------------------------------------------------------------------
# The platform's single source of truth (interviewmaster/capabilities.json); override to point at another file.
CAPABILITIES_FILE = env("CAPABILITIES_FILE") or str(BASE_DIR / "interviewmaster" / "capabilities.json")
# Where the shipped question bank lives (data/questions/*.json); `load_demo` and `import_questions` read it.
QUESTION_BANK_DIR = env("QUESTION_BANK_DIR") or str(BASE_DIR / "data" / "questions")

# --- Code judge (studypaths sandbox) ---
# bubblewrap is required for untrusted code; without working namespaces the runner refuses to run unless this is true.
SANDBOX_ALLOW_RLIMITS_ONLY = env_bool("SANDBOX_ALLOW_RLIMITS_ONLY", False)
SANDBOX_BWRAP = env("SANDBOX_BWRAP", "bwrap")
# Each concurrent run gets its own unprivileged uid from [BASE, BASE+COUNT) (lock files under SANDBOX_LOCK_DIR).
SANDBOX_UID_BASE = env_int("SANDBOX_UID_BASE", 61000)
SANDBOX_UID_COUNT = env_int("SANDBOX_UID_COUNT", 256)
SANDBOX_LOCK_DIR = env("SANDBOX_LOCK_DIR", "")
# The problem catalogue (the problem list page and the problems API list, the same for every user) lives in the cache
# at most this long (a change to the bank forgets it at once), and each process reuses its last read for
# PROBLEM_CATALOGUE_LOCAL_SECONDS (other processes see a change within that time; 0: read the cache every request;
# 0 under tests, where each test has a cache and a database of its own but the process is shared).
PROBLEM_LIST_CACHE_SECONDS = env_int("PROBLEM_LIST_CACHE_SECONDS", 60)
PROBLEM_CATALOGUE_LOCAL_SECONDS = float(env("PROBLEM_CATALOGUE_LOCAL_SECONDS", "0" if TESTING else "5"))
# Each user's best verdicts (the problem list's badges) in the cache at most this long; a run of theirs finishing
# forgets them at once (studypaths/best_verdicts.py). Only with the shared Redis cache by default: a per-process
# cache would not hear of a run judged by another process. 0 turns it off.
BEST_VERDICTS_CACHE_SECONDS = env_int("BEST_VERDICTS_CACHE_SECONDS", 600 if REDIS_URL else 0)
# The signed-in user's row in the cache at most this long instead of a query per request; any change to it forgets it
# at once (accounts/user_cache.py). Only with the shared Redis cache by default, as above. 0 turns it off.
USER_CACHE_SECONDS = env_int("USER_CACHE_SECONDS", 300 if REDIS_URL else 0)
# Wall-clock budget of one whole submission (every test together): past it the run stops with `time_limit`.
SANDBOX_SUBMISSION_WALL_SECONDS = float(env("SANDBOX_SUBMISSION_WALL_SECONDS", "10"))
# Judge seconds one user may use per window (queued and running submissions count at their full budget).
SANDBOX_USER_JUDGE_SECONDS = env_int("SANDBOX_USER_JUDGE_SECONDS", 120)
SANDBOX_USER_JUDGE_WINDOW_SECONDS = env_int("SANDBOX_USER_JUDGE_WINDOW_SECONDS", 600)
# "Run examples" / "submit" on the practice page: per-user rate (DRF rate syntax).
SANDBOX_RUN_RATE = env("SANDBOX_RUN_RATE", "10/min")

# --- Study paths (the practice loop) ---------------------------------------------------------------------------------
STUDY_TASK_MAX_ATTEMPTS = env_int("STUDY_TASK_MAX_ATTEMPTS", 3)  # wrong submissions before a task counts as failed
STUDY_TASK_GRACE_DAYS = env_int("STUDY_TASK_GRACE_DAYS", 2)  # days past due before an open task expires
STUDY_HINT_RATE = env("STUDY_HINT_RATE", "20/hour")  # tutor hints per user
STUDY_HINT_WAIT_SECONDS = env_int("STUDY_HINT_WAIT_SECONDS", 20)  # how long the hint stream waits for the ai queue
STUDY_EXPORT_RATE = env("STUDY_EXPORT_RATE", "6/hour")  # history exports per user
STUDY_PATH_CREATE_RATE = env("STUDY_PATH_CREATE_RATE", "10/day")  # study paths a candidate starts
STUDY_PATH_FOCUS_RATE = env("STUDY_PATH_FOCUS_RATE", "20/day")  # changes of a candidate's focus modules
PERSONAL_DATA_EXPORT_RATE = env("PERSONAL_DATA_EXPORT_RATE", "4/hour")  # "download my data" per user (page + API)
MENTOR_INVITE_RATE = env("MENTOR_INVITE_RATE", "20/hour")
MENTOR_COMMENT_RATE = env("MENTOR_COMMENT_RATE", "60/hour")  # a mentor's comments on tasks (each stays for good)
# A pending mentor invitation (an address without a mentor account) is forgotten this many days after it was made.
MENTOR_INVITATION_DAYS = env_int("MENTOR_INVITATION_DAYS", 30)  # mentor invitations per candidate (API and page)
STUDY_INSTALLATION_ID = env("STUDY_INSTALLATION_ID", "")  # stable id in exported task keys (default from SECRET_KEY)

# --- AI provider layer (interviewmaster/ai, docs/ai.md) -------------------------------------------------------------
# AI_PROVIDERS: an ordered JSON list of OpenAI-compatible endpoints, e.g.
#   [{"name": "groq", "base_url": "https://api.groq.com/openai/v1", "api_key_env": "GROQ_API_KEY",
#     "model": "llama-3.1-8b-instant", "daily_request_quota": 14000, "timeout": 20}]
# Simple form for one endpoint: OPENAI_API_KEY (+ AI_BASE_URL, AI_MODEL). With neither, only the embedded offline
# provider answers. The offline provider is always last in the chain, so a vendor outage never fails a feature.
AI_PROVIDERS = env("AI_PROVIDERS")
AI_OPENAI_API_KEY = env("OPENAI_API_KEY")
AI_BASE_URL = env("AI_BASE_URL")
AI_MODEL = env("AI_MODEL") or "gpt-4o-mini"
AI_OFFLINE_ENABLED = env_bool("AI_OFFLINE_ENABLED", True)
AI_CIRCUIT_FAILURE_THRESHOLD = env_int("AI_CIRCUIT_FAILURE_THRESHOLD", 5)
AI_CIRCUIT_WINDOW_SECONDS = env_int("AI_CIRCUIT_WINDOW_SECONDS", 60)
AI_CIRCUIT_OPEN_SECONDS = env_int("AI_CIRCUIT_OPEN_SECONDS", 60)
AI_CACHE_ENABLED = env_bool("AI_CACHE_ENABLED", True)
# Total time one AI call may spend on remote providers (all attempts, retries, backoff and the repair), per task;
# then the offline engine answers. JSON object {task: seconds} merged over the defaults (follow_up and tutor_hint 8,
# evaluate_answer 20); every other task gets AI_DEFAULT_BUDGET_SECONDS.
AI_TASK_BUDGETS = env("AI_TASK_BUDGETS")
AI_DEFAULT_BUDGET_SECONDS = float(env("AI_DEFAULT_BUDGET_SECONDS", "30"))
# Consecutive failures (timeouts included, however long each took) that open a provider's circuit.
AI_CIRCUIT_CONSECUTIVE_FAILURES = env_int("AI_CIRCUIT_CONSECUTIVE_FAILURES", 3)
# Largest reply read from a provider's socket, in bytes (each task also gets a tighter bound from its max_tokens).
AI_MAX_REPLY_BYTES = env_int("AI_MAX_REPLY_BYTES", 262_144)
# Celery limits of AI tasks: must sit above the largest budget (checked at startup) so the chain always finishes.
AI_TASK_TIME_LIMIT = env_int("AI_TASK_TIME_LIMIT", 120)
AI_TASK_SOFT_TIME_LIMIT = env_int("AI_TASK_SOFT_TIME_LIMIT", 100)
# AI usage counters are buffered per process and written to the database at most this often (0 = every call).
AI_USAGE_FLUSH_SECONDS = float(env("AI_USAGE_FLUSH_SECONDS", "5"))
# Per-user rate of POST /api/v1/questions/generate (each request may spend the shared AI quota).
AI_GENERATE_RATE = env("AI_GENERATE_RATE", "30/hour")
# Server text-to-speech for the interview room (interviews/speech.py): the first remote provider's
# `/audio/speech` reads questions aloud; without a remote provider (or with AI_TTS_MODEL empty) the room uses the
# browser's own speech. Audio is cached per model, voice and text for AI_TTS_CACHE_SECONDS.
AI_TTS_MODEL = env("AI_TTS_MODEL", "gpt-4o-mini-tts")
AI_TTS_VOICE = env("AI_TTS_VOICE", "alloy")
AI_TTS_TIMEOUT = float(env("AI_TTS_TIMEOUT", "20"))  # seconds for the whole request to the provider
AI_TTS_MAX_BYTES = env_int("AI_TTS_MAX_BYTES", 5_000_000)  # a larger reply is refused
AI_TTS_CACHE_SECONDS = env_int("AI_TTS_CACHE_SECONDS", 7 * 24 * 3600)
AI_TTS_RATE = env("AI_TTS_RATE", "120/hour")  # speech requests per user
if TESTING:
    # Tests never reach a real vendor: whatever the shell exports, only providers a test configures itself exist.
    AI_PROVIDERS, AI_OPENAI_API_KEY, AI_BASE_URL = "", "", ""

# --- Resumes (upload limits, parse safety limits) ---------------------------------------------------------------------
API_MAX_JSON_BYTES = env_int("API_MAX_JSON_BYTES", 1_048_576)  # larger JSON bodies (API and websocket) get 413
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32)  # deeper nesting gets 400, never a RecursionError
RESUME_MAX_UPLOAD_BYTES = env_int("RESUME_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)  # larger uploads get 413
# Any request body, read by the ASGI handler before a view sees it (interviewmaster/asgi_handler.py): past this the
# request is answered 413 at once. Above every real upload (and the 50 MB one the resume page answers with its own
# message), so views keep their own limits and messages; it stops multi-gigabyte bodies filling the disk.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 64 * 1024 * 1024)
RESUME_UPLOADS_PER_MINUTE = env_int("RESUME_UPLOADS_PER_MINUTE", 10)  # uploads and re-reads per user; more get 429
# Resume analyses refreshed with a remote AI call after skill edits or a target-role change, per user; past it a
# refresh is the taxonomy analysis with the last AI reading kept (the edits are never refused)
RESUME_ANALYSIS_RATE = env("RESUME_ANALYSIS_RATE", "20/hour")
RESUME_MAX_SKILLS = env_int("RESUME_MAX_SKILLS", 300)  # skills one resume holds (removed ones too); one more gets 409
RESUME_MAX_PER_USER = env_int("RESUME_MAX_PER_USER", 20)  # live resumes a candidate keeps; one more gets 409
RESUME_MAX_BYTES_PER_USER = env_int("RESUME_MAX_BYTES_PER_USER", 50 * 1024 * 1024)  # their files' total; 409 beyond
RESUME_MAX_PAGES = env_int("RESUME_MAX_PAGES", 30)  # longer PDFs fail with a reason instead of being read
RESUME_MIN_TEXT_CHARS = env_int("RESUME_MIN_TEXT_CHARS", 40)  # fewer letters means "no text layer"
RESUME_DOCX_MAX_UNCOMPRESSED_BYTES = env_int("RESUME_DOCX_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)  # zip bombs
# Parsing runs in a child process that is killed at this deadline (also in the embedded default, where tasks run in
# the web process), with this much extra address space; text beyond RESUME_MAX_TEXT_CHARS is not read.
RESUME_PARSE_TIMEOUT_SECONDS = env_int("RESUME_PARSE_TIMEOUT_SECONDS", 30)
RESUME_PARSE_MEMORY_MB = env_int("RESUME_PARSE_MEMORY_MB", 768)
RESUME_MAX_TEXT_CHARS = env_int("RESUME_MAX_TEXT_CHARS", 120_000)

# --- Planning (the expert's workflow) ---------------------------------------------------------------------------------
PLANNING_INVITATION_TTL_HOURS = env_int("PLANNING_INVITATION_TTL_HOURS", 72)  # an invitation link works this long

# --- Interviews (docs/interviews.md) ---
# Running or paused interviews with no activity for this long are abandoned by the beat task (minutes).
INTERVIEW_IDLE_MINUTES = env_int("INTERVIEW_IDLE_MINUTES", 30)
# How often the live room's server pushes a `timer` message and checks whether time is up (seconds).
INTERVIEW_TIMER_SECONDS = env_int("INTERVIEW_TIMER_SECONDS", 5)
# Messages one websocket may send per 10 seconds before it gets `rate_limited` errors.
INTERVIEW_WS_MESSAGES_PER_10S = env_int("INTERVIEW_WS_MESSAGES_PER_10S", 60)
# Websockets one user may hold open on one interview at a time (tabs, windows, scripts); one more is closed with 4429.
INTERVIEW_WS_CONNECTIONS_PER_USER = env_int("INTERVIEW_WS_CONNECTIONS_PER_USER", 3)
# Hints per question in the interview room (the question and its follow-ups together), and per user per hour.
INTERVIEW_HINTS_PER_QUESTION = env_int("INTERVIEW_HINTS_PER_QUESTION", 3)
INTERVIEW_HINT_RATE = env("INTERVIEW_HINT_RATE", "20/hour")
# Interviews a candidate starts (API and page); each can queue judge runs and AI evaluations and a report
INTERVIEW_START_RATE = env("INTERVIEW_START_RATE", "20/hour")

# --- Analytics and operations metrics (docs/analytics.md) -------------------------------------------------------------
# GET /metrics is closed unless a bearer token or an allow-listed client address (CIDR allowed) opens it.
METRICS_TOKEN = env("METRICS_TOKEN")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")
# /ready callers who are not operators (those above, superusers) share one run of the checks for this many seconds.
READY_SHARED_SECONDS = env_int("READY_SHARED_SECONDS", 2)
# A peer percentile is shown only for cohorts (same target role and level) of at least this many candidates.
ANALYTICS_COHORT_MIN = env_int("ANALYTICS_COHORT_MIN", 20)
ANALYTICS_SUMMARY_CACHE_SECONDS = env_int("ANALYTICS_SUMMARY_CACHE_SECONDS", 300)
# Messages a client may send per 10 s on the send-only /ws/notifications/ socket before it is closed (4429).
NOTIFICATIONS_WS_MESSAGES_PER_10S = env_int("NOTIFICATIONS_WS_MESSAGES_PER_10S", 10)
# /ws/notifications/ sockets one user may hold open at a time (every signed-in page opens one); one more is closed with
# 4429. Far above the tabs one person keeps open, with room for sockets not yet given back after reloads and dropped
# connections (each is about 80 KB of server memory: 20 are under 2 MB); 3,000 from one account took 250 MB.
NOTIFICATIONS_WS_CONNECTIONS_PER_USER = env_int("NOTIFICATIONS_WS_CONNECTIONS_PER_USER", 20)
# Messages a client may send per 10 s on the diagnostic /ws/ping/ echo before it is closed (4429).
PING_WS_MESSAGES_PER_10S = env_int("PING_WS_MESSAGES_PER_10S", 20)
