"""Newsroom settings, read from the environment.

Production is the default: DEBUG is off, SECRET_KEY and ALLOWED_HOSTS must be given.
Development mode is DEBUG=1 (what `make run` sets): a throwaway key, local hosts, SQLite.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.operations.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core

DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY, or DEBUG=1 for local development.")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_filters",
    "django_prose_editor",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "newsroom.logins.apps.AxesConfig",  # django-axes
    "newsroom.logins",
    "newsroom.uploads",
    "newsroom.worker",
    "newsroom.translations",
    "newsroom.images",
    "newsroom.places",
    "newsroom.organizations",
    "newsroom.people",
    "newsroom.events",
    "newsroom.articles",
    "newsroom.editorial",
    "newsroom.planning",
    "newsroom.newsletter",
    "newsroom.popularity",
    "newsroom.search",
    "newsroom.syndication",
    "newsroom.webhooks",
    "newsroom.imports",
    "newsroom.pagecache",
    "newsroom.operations",
    "newsroom.backups",
    "newsroom.demo",
]

MIDDLEWARE = [
    # With DATABASE_REPLICA_URL: which requests may read the replica, and the pin cookie of those that
    # wrote (newsroom/replicas.py); without it, it takes itself out.
    "newsroom.replicas.ReplicaMiddleware",
    # A reader's read beacon (a POST, never cached) is answered before all the rest: under a spike
    # the beacons are most of what reaches Python (newsroom/popularity/middleware.py).
    "newsroom.popularity.middleware.ReadBeaconMiddleware",
    # Outside the page cache: a response naming too many keys for a CDN is not shared with one.
    "newsroom.pagecache.http.SurrogateKeyLimitMiddleware",
    # Before everything else (but the key limit): a reader without a session gets a cached page
    # without the rest of the stack (sessions, CSRF, locale, auth) running at all
    # (newsroom/pagecache/middleware.py).
    "newsroom.pagecache.middleware.PageCacheMiddleware",
    # First, to see every statement: a reader's GET that loses its connection is made once more.
    "newsroom.database_restarts.RetryAfterLostConnectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag and 304 on what the layers below render (newsroom/pagecache/http.py).
    "newsroom.pagecache.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.content_security.EditorImportMapMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Sitemaps and robots.txt do not vary on Accept-Language; LocaleMiddleware would say they do.
    "newsroom.pagecache.http.LanguageIndependentMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Scheduled changes to live articles reach readers at their time, with no job scheduler.
    "newsroom.editorial.pending.PublishDueChangesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A staff user's id on the request's log line (newsroom/operations/requests.py).
    "newsroom.operations.requests.StaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.error_pages.ReadableErrorMiddleware",
    # Last, as axes asks: it turns a login refused by a lock into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
                "newsroom.consent.context",
            ],
        },
    },
]

# Data

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Take SQLite's write lock when a transaction starts, so the admin's check for a colleague's
    # change and its own save happen as one (select_for_update means nothing to SQLite).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django's backend, with new connections retried while the server restarts (newsroom/postgresql).
    DATABASES["default"]["ENGINE"] = "newsroom.postgresql"
    DATABASES["default"]["CONNECT_RETRY_SECONDS"] = float(os.environ.get("DB_CONNECT_RETRY_SECONDS", "5"))
    # Pages run many small queries: compiling one with JIT costs more (~90 ms) than running it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A streaming replica of the primary for readers' pages (README, "Read replicas"); without it every
# query goes to the primary. A replica that is away is left at once (1 s to connect, no retry).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# Seconds a client that wrote keeps reading from the primary (read-your-writes).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    if _replica["ENGINE"].endswith("postgresql"):
        _replica["ENGINE"] = "newsroom.postgresql"
        _replica.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        _replica["OPTIONS"]["connect_timeout"] = 1
    _replica["CONNECT_RETRY_SECONDS"] = 0
    # Tests: the replica alias reads the primary's test database.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, already: a typed "example.com" means https

CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, serving pages without it while Redis is down (newsroom/shared_cache.py).
            "BACKEND": "newsroom.shared_cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    # Each process its own: fine for development; with DEBUG off a system check warns (newsroom.W001).
    CACHES = {
        "default": {
            # Django's, with a cheaper get_many for the page cache's hits; room for the pages and
            # the versions of what they show (Django's default keeps 300 entries).
            "BACKEND": "newsroom.pagecache.local.LocalMemoryCache",
            "OPTIONS": {"MAX_ENTRIES": 1500},
        }
    }
# Anonymous readers' pages, kept in that cache until something they show changes (newsroom/pagecache).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") == "1"
# The longest a page is kept; every change it shows ends it sooner, as does the next scheduled publication.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# How often an open live page asks for new updates (a cached fragment: README, "Live pages").
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", 30))
# The newest updates the fragment carries: more than a reader misses between two polls.
LIVE_FRAGMENT_SIZE = 20
# How long browsers may keep a page without asking (they are not told when it changes).
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", 60))
# With Redis, each process keeps the pages it served last in its memory too (newsroom/pagecache/near.py):
# a hit then reads only the versions of what it shows. Bytes per process; 0 turns it off.
PAGE_CACHE_NEAR_BYTES = int(os.environ.get("PAGE_CACHE_NEAR_BYTES", 8 * 1024 * 1024))
# A page that does not exist (yet): kept briefly.
PAGE_CACHE_NOT_FOUND_SECONDS = int(os.environ.get("PAGE_CACHE_NOT_FOUND_SECONDS", 60))
# What a shared cache in front (CDN, Varnish) may serve stale: while fetching anew, and while we fail.
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30))
PAGE_CACHE_STALE_IF_ERROR = int(os.environ.get("PAGE_CACHE_STALE_IF_ERROR", 86400))
# With the cache down, rate-limited forms (the newsletter's sign-up) work unlimited rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True

# Background work: tasks are rows in the database, run by `manage.py run_worker` (newsroom/worker).

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "images": renditions, made after an image's save (newsroom/images/tasks.py).
        "QUEUES": ["default", "webhooks", "newsletter", "images"],
    }
}
# A worker that has not said it is alive for this long is taken for dead, and the task it was
# running is run again by another.
WORKER_STALL_SECONDS = int(os.environ.get("WORKER_STALL_SECONDS", "60"))
# Tasks enqueued by the workers at most once per interval (seconds), whichever worker comes first.
WORKER_PERIODIC = [
    ("newsroom.newsletter.tasks.forget_unconfirmed", 86400),
    ("newsroom.syndication.tasks.sweep_due", 300),
    ("newsroom.images.tasks.sweep_renditions", 600),
]

# Files: everything goes through Django's storage API. Uploads ("default") and the renditions made of
# them ("renditions": names that never change content, so overwriting is allowed) go to MEDIA_ROOT, or
# with S3_BUCKET to an S3-compatible bucket (newsroom/uploads/storage.py; README, "Object storage").

STATIC_URL = "/static/"
# Shared by releases in production (deploy/upgrade.sh): a page of the old release finds its hashed files.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The manifest (`staticfiles.json`) in a folder of its own rather than in STATIC_ROOT: in production the
# release's folder, so one release's collectstatic never changes what another's workers read. A relative
# value is taken from BASE_DIR, the release's resolved folder (not the `current` link the units start
# in): `.` is "this release" in an environment file every release reads. Unset: in STATIC_ROOT.
STATIC_MANIFEST_ROOT = os.environ.get("STATIC_MANIFEST_ROOT", "")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where readers' browsers fetch media: with a bucket, its address or a CDN's before it (absolute, ending
# in /: system check uploads.E001); its origin joins the CSP's img-src below.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if MEDIA_URL.startswith(("https://", "http://")) else None
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# How long browsers and CDNs keep a rendition: a changed image gets new names.
RENDITION_CACHE_SECONDS = int(os.environ.get("RENDITION_CACHE_SECONDS", 30 * 86400))
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _bucket = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # none: AWS
        "region_name": os.environ.get("S3_REGION") or None,
        # "path" for stores without a host name per bucket (MinIO, Ceph, Garage); none: the store's choice.
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        # Readers fetch objects at MEDIA_URL, unsigned: what they may read is the bucket policy's to say.
        "querystring_auth": False,
    }
    # Without keys, boto3 finds its own: AWS_* variables, ~/.aws, an instance's or container's role.
    if os.environ.get("S3_ACCESS_KEY_ID"):
        _bucket["access_key"] = os.environ["S3_ACCESS_KEY_ID"]
        _bucket["secret_key"] = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    _media_storages = {
        "default": {
            "BACKEND": "newsroom.uploads.storage.BucketStorage",
            "OPTIONS": {
                **_bucket,
                "file_overwrite": False,  # a second photo.jpg gets a name of its own
                "object_parameters": {"CacheControl": "private, no-store"},  # originals: not public
            },
        },
        "renditions": {
            "BACKEND": "newsroom.uploads.storage.BucketStorage",
            "OPTIONS": {
                **_bucket,
                "file_overwrite": True,
                "object_parameters": {"CacheControl": f"public, max-age={RENDITION_CACHE_SECONDS}, immutable"},
            },
        },
    }
else:
    _media_storages = {
        "default": {"BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
        "renditions": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"allow_overwrite": True},
        },
    }
if DEBUG:
    _static_storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
elif STATIC_MANIFEST_ROOT:
    _static_storage = {
        "BACKEND": "newsroom.operations.static.ReleaseManifestStaticFilesStorage",
        "OPTIONS": {"manifest_root": BASE_DIR / STATIC_MANIFEST_ROOT},  # an absolute value stays as it is
    }
else:
    _static_storage = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
STORAGES = {**_media_storages, "staticfiles": _static_storage}
# Tests and `make run` serve files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WHITENOISE_USE_FINDERS")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The translation page posts one field per paragraph of a long text: Django's 1,000 stops a long report.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "10000"))
# Uploaded images (newsroom/uploads/rules.py): agency photos are 8–25 MB JPEGs of up to 45 megapixels, and a
# worker decodes at most this many pixels of one (50 megapixels: 200 MB).
IMAGE_MAX_MEGABYTES = int(os.environ.get("IMAGE_MAX_MEGABYTES", "40"))
IMAGE_MAX_MEGAPIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "50"))

# Languages. A third language is a line here plus `makemigrations` for its translated columns.

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "newsroom" / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Mexico_City"
# What people call that clock, beside the times of day the admin shows (when a login lock ends).
TIME_ZONE_NAME = _("Mexico City")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Public pages choose one language per object (see translations.models); the per-field fallback
# only keeps admin labels readable when a translation is missing.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": tuple(code for code, _name in LANGUAGES)}
# modeltranslation reads this unprefixed setting; a local copy keeps the admin working offline.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# A translation marked complete reaches readers only when an editor releases it, unless this is on.
TRANSLATIONS_RELEASE_AUTOMATICALLY = env_bool("TRANSLATIONS_RELEASE_AUTOMATICALLY")
# Machine translation suggestions on the translation page (newsroom/translations/machine.py): off
# unless a provider is named, "deepl", "libretranslate" or a dotted path to a Provider class.
TRANSLATION_MACHINE = (
    {
        "BACKEND": os.environ["TRANSLATION_MACHINE"],
        "OPTIONS": {
            name: value
            for name, value in {
                "url": os.environ.get("TRANSLATION_MACHINE_URL", ""),
                "key": os.environ.get("TRANSLATION_MACHINE_KEY", ""),
            }.items()
            if value
        }
        | {"timeout": float(os.environ.get("TRANSLATION_MACHINE_TIMEOUT", "5"))},
    }
    if os.environ.get("TRANSLATION_MACHINE")
    else None
)

# Auth and sessions

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Failed logins lock out (newsroom/logins/limits.py): an account from browsers it does not know, a
# client (IP address) for every account; each lock ends LOGIN_LOCKOUT_MINUTES after its last failure.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_CLIENT = int(os.environ.get("LOGIN_FAILURES_PER_CLIENT", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "newsroom.logins.limits.LoginLimits"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT  # what axes' admin compares each attempt with
AXES_LOCK_OUT_AT_FAILURE = False  # the handler decides the locks, with a limit for each kind
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "newsroom.logins.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # no history of who logged in from where; attempts go after the cool-off

# Security: strict unless in development.

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# Promises about the whole domain (its subdomains, the browsers' preload list); a site whose
# subdomains are not all on HTTPS turns them off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a proxy, the login limits and the newsletter's rate limit count the client address it
# forwards, not the proxy's (newsroom/clients.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
# How many proxies append to X-Forwarded-For before the request reaches us: nginx alone 1, nginx in
# front of Varnish 2 (Varnish appends nginx's address). Read only with BEHIND_PROXY.
PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "1"))
if PROXY_HOPS < 1:
    raise ImproperlyConfigured("PROXY_HOPS counts the proxies in front: 1 or more.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Scripts only from this site, never inline; the admin's widgets set inline styles, so styles may.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else []), *env_list("CSP_IMG_SOURCES")],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: [] for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "microphone", "payment", "usb")
}

# Site

SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")

# Analytics load only for readers who accept them (newsroom/consent.py). Development uses a stand-in
# script that only sets a cookie, to show where a real one (Matomo, Plausible, ...) would load.
ANALYTICS_SCRIPT_URL = os.environ.get("ANALYTICS_SCRIPT_URL", "/static/js/analytics-demo.js" if DEBUG else "")
# The cookies the analytics script sets: deleted when a reader declines.
ANALYTICS_COOKIES = env_list("ANALYTICS_COOKIES", "_pk_id,_pk_ses,analytics_demo")
if ANALYTICS_SCRIPT_URL.startswith(("https://", "http://")):
    _analytics_origin = "/".join(ANALYTICS_SCRIPT_URL.split("/")[:3])
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"].append(_analytics_origin)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] = [SELF, _analytics_origin]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_analytics_origin)
# Each worker writes the article reads it counted at most this often (and when it stops).
POPULARITY_FLUSH_SECONDS = int(os.environ.get("POPULARITY_FLUSH_SECONDS", "60"))
# Reads counted per client address, minute and worker beyond this are not counted (0: no limit).
POPULARITY_READS_PER_MINUTE = int(os.environ.get("POPULARITY_READS_PER_MINUTE", "30"))

# Caches in front of Django (Varnish, a CDN) told to forget the pages that showed what changed
# (newsroom/pagecache/cdn.py): each a dotted path or {"BACKEND": path, "OPTIONS": {...}}.
CDN_PURGE_BACKENDS = [
    {
        "BACKEND": "newsroom.pagecache.cdn.VarnishPurger",
        "OPTIONS": {"url": url, "secret": os.environ.get("CDN_PURGE_SECRET", "")},
    }
    for url in env_list("CDN_PURGE_URL")
]
if os.environ.get("FASTLY_SERVICE_ID"):
    CDN_PURGE_BACKENDS.append(
        {
            "BACKEND": "newsroom.pagecache.cdn.FastlyPurger",
            "OPTIONS": {"service_id": os.environ["FASTLY_SERVICE_ID"], "token": os.environ.get("FASTLY_API_TOKEN", "")},
        }
    )
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    CDN_PURGE_BACKENDS.append(
        {
            "BACKEND": "newsroom.pagecache.cdn.CloudflarePurger",
            "OPTIONS": {
                "zone_id": os.environ["CLOUDFLARE_ZONE_ID"],
                "token": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
            },
        }
    )

# Links in mails sent without a request (send_newsletter) start with this, e.g. https://news.example.com.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# Webhooks go to public https addresses only; these hosts (a partner's test receiver, a machine on
# the same network) may also be plain http and resolve to private addresses.
WEBHOOK_ALLOWED_PRIVATE_HOSTS = env_list("WEBHOOK_ALLOWED_PRIVATE_HOSTS")

# Importing ninjs: lead images are fetched from these hosts only (an agency's image server); those
# also in IMPORT_IMAGE_PRIVATE_HOSTS may be plain http on a private address (a machine beside ours).
IMPORT_IMAGE_HOSTS = env_list("IMPORT_IMAGE_HOSTS")
IMPORT_IMAGE_PRIVATE_HOSTS = env_list("IMPORT_IMAGE_PRIVATE_HOSTS")
IMPORT_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
IMPORT_MAX_BODY_CHARS = 200_000

# Mail: printed on the console in development, sent by SMTP otherwise.

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # how long the worker waits for the mail server
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsletter@localhost>")

# Operating (README, "Operating"): logs, error reports, probes.

# Log lines on stderr: JSON objects (the default with DEBUG off) or plain text (the default under DEBUG).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)
# Which requests get an access line (newsroom/operations/requests.py): all, uncached (no page-cache hits), none.
LOG_REQUESTS = os.environ.get("LOG_REQUESTS", "all")
if LOG_REQUESTS not in ("all", "uncached", "none"):
    raise ImproperlyConfigured("LOG_REQUESTS is all, uncached or none.")
# Error reports to Sentry (or GlitchTip) when a DSN is set; the share of requests traced (0: none).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
# The bearer token Prometheus sends to /metrics (which answers 404 without it); also shows /readyz's details.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# While this file exists /readyz answers 503, so balancers drain this server (an upgrade, README).
READYZ_DRAIN_FILE = os.environ.get(
    "READYZ_DRAIN_FILE",
    str(Path(os.environ["RUNTIME_DIRECTORY"]) / "drain") if os.environ.get("RUNTIME_DIRECTORY") else "",
)
