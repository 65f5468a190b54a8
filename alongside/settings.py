"""Alongside settings: one file, typed environment variables, safe defaults.

`make run` needs no configuration at all. In production set at least SECRET_KEY (or
SECRET_KEY_FILE), ALLOWED_HOSTS and DATABASE_URL; see docs/operations.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Any variable can also be given as NAME_FILE, pointing at a file holding the value (secrets).
env = environ.FileAwareEnv()

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("ALONGSIDE_TESTING", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = env.str("SITE_NAME", default="Alongside")
ORGANIZATION_NAME = env.str("ORGANIZATION_NAME", default="Cedar Ridge Recovery")

INSTALLED_APPS = [
    # daphne's runserver serves pages and websockets from one process for `make run`; only
    # there, as it loads twisted (~37 MB) into every process that lists it.
    *(["daphne"] if DEBUG else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "channels",
    "axes",
    "django_tasks_db",
    "alongside.core",
    "alongside.accounts",
    "alongside.notifications",
    "alongside.recovery",
    "alongside.discussions",
    "alongside.groups",
    "alongside.forum",
    "alongside.meetings",
    "alongside.mentoring",
    "alongside.messaging",
    "alongside.support",
    "alongside.organizations",
    "alongside.moderation",
    "alongside.resources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alongside.core.middleware.member_preferences",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"
ASGI_APPLICATION = "alongside.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alongside.core.context_processors.site",
                "alongside.core.context_processors.chrome",
                "alongside.notifications.context_processors.unread_notifications",
                "alongside.messaging.context_processors.unread_messages",
            ],
        },
    },
]

# Database: SQLite under var/ by default, anything dj-style via DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'alongside.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short indexed queries: PostgreSQL's JIT spent hundreds of ms compiling some.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Server-side binding lets psycopg prepare a statement a connection has run twice, so
    # PostgreSQL parses and plans it once per connection, not per request: the home page's
    # queries went from 5.1 to 1.0 ms (docs/performance.md, fix 17). Behind a pooler that
    # cannot keep prepared statements (PgBouncer in transaction mode), set DATABASE_PREPARED=false.
    if env.bool("DATABASE_PREPARED", default=True):
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and real-time fan-out: in-process by default, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "alongside.core.cache_pool.SharedClientCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="alongside"),
            "OPTIONS": {"pool_class": "alongside.core.cache_pool.SharedConnectionPool"},
        }
    }
    # Redis pub/sub: each process subscribes once per room it has sockets in, and Redis fans a
    # message out to those processes (the list-based layer made ~4 round trips per message per
    # socket: p99 455 ms at 670 deliveries/s, against 50 ms at 830/s; docs/performance.md).
    # redis-py's async pool holds at most 100 connections by default; sends wait beyond that.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env.int("CHANNEL_REDIS_MAX_CONNECTIONS", default=1000),
                        # Longer than the 5 s blocking read channels_redis waits on: redis-py
                        # 8's default of 5 s cut quiet websockets off (channels_redis #422).
                        "socket_timeout": 10,
                    }
                ]
            },
        }
    }
    # Sessions are read on every request: from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Rendered fragments reused from reader to reader (alongside.core.fragments): in each process's
# memory, whatever the default cache is; keys name every input, so there is nothing to share.
# A post is kept once per language and time zone offset its readers see it in, about 1.2 KB
# each: 40,000 hold the first pages of 50 busy threads for a community spread over ten time
# zones and two languages (the bench's), about 50 MB a worker. 5,000 made the thread page
# re-render most posts there (8 -> 20 ms); docs/performance.md, fix 24.
CACHES["fragments"] = {
    "BACKEND": "alongside.core.fragments.FragmentCache",
    "LOCATION": "fragments",
    "TIMEOUT": 24 * 3600,
    "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=40_000)},
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "alongside.accounts.backends.HandleOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("handle", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
EMAIL_CONFIRMATION_MAX_AGE = timedelta(days=3)

# Login throttling (django-axes): by account and, separately, by IP address.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "alongside.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "alongside.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

SESSION_COOKIE_AGE = int(timedelta(days=30).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Encryption at rest for check-in notes and reflections: Fernet keys, newest first (rotation in
# docs/operations.md). Empty: one key derived from SECRET_KEY.
ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[])

# Background work: a queue in the database, run by `alongside worker` (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Web push: VAPID keys are generated on first use and kept in the database (so every server
# shares them) unless set here. The subject is a contact the push services can reach.
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:admin@localhost")
# The push services of Chrome, Firefox, Edge and Safari; subscriptions elsewhere are refused.
WEB_PUSH_HOSTS = env.list(
    "WEB_PUSH_HOSTS",
    default=[
        "fcm.googleapis.com",
        "push.services.mozilla.com",
        "notify.windows.com",
        "push.apple.com",
    ],
)

# Email: printed to the console by default; EMAIL_URL=smtp+tls://user:pass@host:587 sends it.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _smtp = env.email_url_config(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": _smtp["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _smtp.get("EMAIL_HOST", "localhost"),
                "port": _smtp.get("EMAIL_PORT", 25),
                "username": _smtp.get("EMAIL_HOST_USER", ""),
                "password": _smtp.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Alongside <no-reply@localhost>")

# Internationalisation: English and Spanish, times in each member's own timezone.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "alongside" / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="America/Los_Angeles")
USE_TZ = True

# Static files, served by whitenoise from the app servers themselves.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# The meeting finder's map, off unless the operator names a tile server (a URL template like
# https://tiles.example.org/{z}/{x}/{y}.png). Tiles are the only thing ever loaded from another
# host, and only then: running your own tile server keeps even that on the instance.
MEETING_MAP_TILES = env.str("MEETING_MAP_TILES", default="")
MEETING_MAP_ATTRIBUTION = env.str("MEETING_MAP_ATTRIBUTION", default="")
_MAP_ORIGIN = "/".join(MEETING_MAP_TILES.split("/")[:3]) if MEETING_MAP_TILES else ""

# Security: nothing is ever loaded from another host (but map tiles, when configured).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_MAP_ORIGIN] if _MAP_ORIGIN else [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Mentoring: how long a journey's current stretch must be before a member may mentor, and the
# most mentees anyone may have at once (the hard cap; each mentor picks their own up to it).
MENTOR_MIN_DAYS = env.int("MENTOR_MIN_DAYS", default=365)
MENTOR_MAX_CAPACITY = 6

# Support now: minutes without a response before a request widens to on-call peers.
SUPPORT_WIDEN_MINUTES = env.int("SUPPORT_WIDEN_MINUTES", default=10)

# Local crisis lines shown on /help/ beside the national ones; more can be added in the admin.
# Format: "Name|phone or text|note;Name|...".
LOCAL_CRISIS_LINES = env.str("LOCAL_CRISIS_LINES", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django.channels.server": {"handlers": ["console"], "propagate": False},
    },
}

FORM_RENDERER = "alongside.core.forms.FormRenderer"

# The handle is unique case-insensitively (a functional unique constraint), which this check
# cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
