"""Settings, read from the environment so that one codebase serves the demo, tests and production."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("ACCORD_DEBUG", False)
# The fallback key only serves local demo runs; production sets ACCORD_SECRET_KEY.
SECRET_KEY = os.environ.get(
    "ACCORD_SECRET_KEY", "accord-insecure-demo-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accord.common.admin_site.AccordAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "accord.common",
    "accord.notifications",
    "accord.reference",
    "accord.institutions",
    "accord.accounts",
    "accord.agreements",
    "accord.mobility",
    "accord.staff",
    "accord.exchange",
    "accord.learning",
    "accord.recognition",
    "accord.collaboration",
    "accord.analytics",
    "accord.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "accord.config.urls"
WSGI_APPLICATION = "accord.config.wsgi.application"

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
                "accord.common.context_processors.navigation",
                "accord.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'accord.sqlite3'}"),
        conn_max_age=int(os.environ.get("ACCORD_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # JIT compilation costs hundreds of milliseconds on queries the planner overestimates, and page
    # queries here are short: it never pays for itself in this workload.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("ACCORD_STATIC_ROOT", Path.cwd() / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serving from the app directories lets `accord serve` run without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = Path(os.environ.get("ACCORD_MEDIA_ROOT", Path.cwd() / "accord-files"))
# Uploaded documents: no URL maps here; views stream a file only after checking access.
ACCORD_PRIVATE_ROOT = Path(os.environ.get("ACCORD_PRIVATE_ROOT", MEDIA_ROOT / "private"))
ACCORD_MAX_UPLOAD_BYTES = int(os.environ.get("ACCORD_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ACCORD_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background tasks: the database queue (run by `accord worker`) in production; the demo and the tests set
# ACCORD_TASKS=immediate so that tasks run inside the request that enqueues them.
ACCORD_TASKS = os.environ.get("ACCORD_TASKS", "database")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if ACCORD_TASKS == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
# Links in e-mails point here.
ACCORD_BASE_URL = os.environ.get("ACCORD_BASE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = os.environ.get("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")
# Used by the file-based backend (which the demo chooses): one file per batch of e-mails sent.
EMAIL_FILE_PATH = MEDIA_ROOT / "mail"

ACCORD_PAGE_SIZE = int(os.environ.get("ACCORD_PAGE_SIZE", "25"))
# The dashboard flags agreements whose end date falls within this many days.
ACCORD_EXPIRY_NOTICE_DAYS = int(os.environ.get("ACCORD_EXPIRY_NOTICE_DAYS", "180"))
# Agreement reminders go out this many days before expiry and before the renewal deadline ("180,90,30").
ACCORD_REMINDER_LEAD_DAYS = [int(days) for days in env_list("ACCORD_REMINDER_LEAD_DAYS", ["180", "90", "30"])]
# Learning agreements: ECTS bounds per semester (a term of N per year gets 2/N of them); link lifetime.
ACCORD_LA_MIN_ECTS_PER_SEMESTER = os.environ.get("ACCORD_LA_MIN_ECTS_PER_SEMESTER", "20")
ACCORD_LA_MAX_ECTS_PER_SEMESTER = os.environ.get("ACCORD_LA_MAX_ECTS_PER_SEMESTER", "40")
ACCORD_LA_LINK_DAYS = int(os.environ.get("ACCORD_LA_LINK_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
}
