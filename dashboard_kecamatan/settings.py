"""The one settings module, driven by environment variables.

With nothing configured it runs the zero-setup demo: SQLite file, Celery tasks run eagerly
in-process, local-memory cache. Production (docker-compose.yml) sets DATABASE_URL,
CELERY_BROKER_URL, CACHE_URL, SECRET_KEY and ALLOWED_HOSTS. A bad value stops start-up with a
message naming the variable, rather than running with a surprising default.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _bool(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} harus bernilai true/false (1/0), bukan {raw!r}.")


def _int(name, default, minimum=None, maximum=None):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} harus bilangan bulat, bukan {raw!r}.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={value} di luar rentang {minimum}..{maximum}.")
    return value


DEBUG = _bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi bila DEBUG mati.")
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS wajib diisi bila DEBUG mati.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "dashboard_kecamatan",
    "wilayah",
    "layanan_dasar",
    "perencanaan",
    "pengaduan",
    "pelaporan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dashboard_kecamatan.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dashboard_kecamatan.middleware.BahasaMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dashboard_kecamatan.auth.PerangkatMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dashboard_kecamatan.urls"
WSGI_APPLICATION = "dashboard_kecamatan.wsgi.application"

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
                "dashboard_kecamatan.context_processors.navigasi",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:port/name) or the demo's SQLite file.
if env.str("DATABASE_URL", default=""):
    try:
        DATABASES = {"default": env.db_url("DATABASE_URL")}
    except (ImproperlyConfigured, KeyError, ValueError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL tidak valid: {exc}") from None
    if not DATABASES["default"].get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL tidak valid: skema basis data tidak dikenal.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 30},
        }
    }
DATABASES["default"].setdefault("CONN_MAX_AGE", _int("CONN_MAX_AGE", 0, 0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared Redis in production (login throttling and rate limits must count across
# gunicorn workers); local memory for the demo and tests.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Dashboards keep their rendered figures in the "dasbor" cache, keyed on the scope, the choice
# and the latest rebuild's time (layanan_dasar/dasbor/singgahan.py); 0 turns it off
# (benchmarks). Its own Redis in production (DASBOR_CACHE_URL, evicting least recently used
# entries) so that a full cache never evicts the login throttle's counts from the default one.
if env.str("DASBOR_CACHE_URL", default=""):
    CACHES["dasbor"] = env.cache_url("DASBOR_CACHE_URL")
elif env.str("CACHE_URL", default=""):
    CACHES["dasbor"] = dict(CACHES["default"])
else:
    CACHES["dasbor"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dasbor",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
DASBOR_CACHE = _bool("DASBOR_CACHE", True)
DASBOR_CACHE_DETIK = _int("DASBOR_CACHE_DETIK", 3600, 1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ModelBackend, loading the user's assignment with the user (auth.PenggunaBackend). Sessions
# opened under Django's ModelBackend before this setting ask for one login again.
AUTHENTICATION_BACKENDS = ["dashboard_kecamatan.auth.PenggunaBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttle (dashboard_kecamatan/auth.py): this many failures per account (or per
# device cookie) cost nothing; past them each attempt waits a delay that doubles from
# LOGIN_JEDA_DASAR_DETIK up to LOGIN_JEDA_MAKS_DETIK. No hard lock: a browser the account has
# logged in from keeps its own count. Counts expire a window after the last failure.
LOGIN_GAGAL_MAKS = _int("LOGIN_GAGAL_MAKS", 5, 1)
LOGIN_GAGAL_MAKS_ALAMAT = _int("LOGIN_GAGAL_MAKS_ALAMAT", 20, 1)
LOGIN_GAGAL_JENDELA_DETIK = _int("LOGIN_GAGAL_JENDELA_DETIK", 900, 1)
LOGIN_JEDA_DASAR_DETIK = _int("LOGIN_JEDA_DASAR_DETIK", 15, 1)
LOGIN_JEDA_MAKS_DETIK = _int("LOGIN_JEDA_MAKS_DETIK", 600, 1)
LOGIN_PERANGKAT_HARI = _int("LOGIN_PERANGKAT_HARI", 180, 1)
# Reverse proxies in front of gunicorn that append the client's address to X-Forwarded-For
# (docker-compose behind one TLS proxy: 1). 0 = trust no header, use REMOTE_ADDR. Only hops the
# trusted proxies appended are believed: the client writes anything it likes to the left.
PROKSI_TEPERCAYA = _int("PROKSI_TEPERCAYA", 0, 0, 5)

# Day counts of the legal clocks. Rules that change by regulation are settings or data, never
# constants in code; each app reads its own with a default (e.g. pengaduan/conf.py).
PERENCANAAN_HARI_KERJA_EVALUASI = _int("PERENCANAAN_HARI_KERJA_EVALUASI", 20, 1)
PERENCANAAN_HARI_KERJA_REVISI = _int("PERENCANAAN_HARI_KERJA_REVISI", 20, 1)
PENGADUAN_HARI_VERIFIKASI = _int("PENGADUAN_HARI_VERIFIKASI", 3, 1)
PENGADUAN_HARI_TANGGAPAN = _int("PENGADUAN_HARI_TANGGAPAN", 5, 1)
PENGADUAN_HARI_KONFIRMASI = _int("PENGADUAN_HARI_KONFIRMASI", 10, 1)
# Service data is due on this day of the following month (timeliness).
LAYANAN_DASAR_HARI_BATAS_PENGAJUAN = _int("LAYANAN_DASAR_HARI_BATAS_PENGAJUAN", 10, 1, 28)
# RKP Desa ⟷ APB Desa: an activity whose budget differs from its planned cost by more than this
# share of the planned cost is listed for the camat.
PERENCANAAN_SELISIH_RKP_APB_PERSEN = _int("PERENCANAAN_SELISIH_RKP_APB_PERSEN", 20, 0, 1000)
# Largest Siskeudes export accepted (MB, the zip as uploaded).
PERENCANAAN_SISKEUDES_MAKS_MB = _int("PERENCANAAN_SISKEUDES_MAKS_MB", 50, 1)
# Desa activity page: a village is "aktif" when its operator logged in or its data changed
# within this many days (OpenKab counts 7).
PELAPORAN_HARI_AKTIF = _int("PELAPORAN_HARI_AKTIF", 7, 1)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# One date style on screen and dd/mm/yyyy typing, in both languages (formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["dashboard_kecamatan.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Hashed, compressed static files (cached for a year by whitenoise) whenever collectstatic has
# been run: production, and `make run` (STATIC_MANIFEST=1 with DEBUG=1, so the demo's pages weigh
# what production's do); the tests and a bare runserver serve the source files directly.
STATIC_MANIFEST = _bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if STATIC_MANIFEST else 0
# Without collectstatic (demo, tests) whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# The monthly entry grid posts villages × elements (health in January: 49 desa × ~40 cells);
# its script packs a row per field, but without JavaScript every cell is a field.
DATA_UPLOAD_MAX_NUMBER_FIELDS = _int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 20000, 1000)

# HTTPS behind a TLS-terminating reverse proxy (docker-compose in production): the proxy
# speaks HTTPS to browsers and plain HTTP to gunicorn, and says which in X-Forwarded-Proto.
# The proxy must set that header itself (overwriting a client's): Django then trusts it to
# know a request was secure. With HTTPS_PROKSI on: redirect http → https (except the health
# probe, which docker calls over plain HTTP inside the network), secure-only cookies, HSTS.
HTTPS_PROKSI = _bool("HTTPS_PROKSI", False)
if HTTPS_PROKSI:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", HTTPS_PROKSI)
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
# A year, as the HSTS preload list asks; start lower (e.g. 3600) on a new domain if unsure.
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS_PROKSI else 0, 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_PROKSI)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", HTTPS_PROKSI)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", HTTPS_PROKSI)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (dashboard_kecamatan.middleware.CSPMiddleware). Every asset is local
# (no CDN), so 'self' covers scripts, fonts and fetches; inline scripts need the nonce.
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce-{nonce}'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dashboard-kecamatan@localhost")

# Celery: with no broker configured the tasks run eagerly in-process (the demo).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again, not lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The broker is never on the request path (dashboard_kecamatan/umum/antrean.py): a page that
# enqueues after its commit gives up within about two seconds when Redis is down, logs it and
# answers; the work catches up by its safety nets (aggregation queue drain, failed-job sweep).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Stuck work recovers: a task of a killed worker (acks_late) is delivered again once the
# visibility timeout passes, so the timeout must exceed the longest task, and the hard time
# limit keeps every task inside it (a task still running at the timeout would be delivered a
# second time). Longest tasks measured: the national full rebuild ~5 min (README), a province's
# quarterly-report export ~10-15 min. Killed mid-task, work is redelivered after
# CELERY_VISIBILITY_TIMEOUT instead of an hour.
CELERY_TASK_TIME_LIMIT = _int("CELERY_TASK_TIME_LIMIT", 1800, 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_VISIBILITY_TIMEOUT = _int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 600, 120)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT harus lebih besar dari CELERY_TASK_TIME_LIMIT (tugas yang "
        "masih berjalan akan dikirim dua kali)."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
CELERY_BEAT_SCHEDULE = {}  # each app adds its entries in dashboard_kecamatan/celery.py

# Modules that add menu links and claim role home pages (dashboard_kecamatan/navigasi.py).
NAVIGASI_MODUL = [
    "wilayah.navigasi",
    "layanan_dasar.navigasi",
    "layanan_dasar.dasbor.navigasi",
    "perencanaan.navigasi",
    "pengaduan.navigasi",
    "pelaporan.navigasi",
]

# Pagers in the page's language (django-tables2 ships no Indonesian catalogue).
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5_bahasa.html"
# django-filter's "all" choice when a filter names none: a word, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Semua")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every layout step at INFO: noise in the worker's log.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Tasks run in-process (the demo): a "Task … succeeded" line per task, and kombu's
        # "no hostname" warning for the broker that is deliberately absent, are noise there;
        # a real worker keeps logging them.
        **(
            {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
            if CELERY_TASK_ALWAYS_EAGER
            else {}
        ),
    },
}
