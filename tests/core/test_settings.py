"""Production settings are safe by default; development needs no configuration."""

import json
import os
import subprocess
import sys

PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ["
    "'DEBUG', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_SSL_REDIRECT', 'ALLOWED_HOSTS']} | {'engine': s.DATABASES['default']['ENGINE'], "
    "'mailer': s.MAILERS['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'], "
    "'csp': s.SECURE_CSP['default-src']}))"
)


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "alongside.settings", "ALONGSIDE_TESTING": ""})
    clean.update(env)
    return subprocess.run([sys.executable, "-c", PRINT], capture_output=True, text=True, env=clean)


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_defaults_are_secure():
    result = load_settings(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="alongside.example.org",
        DATABASE_URL="postgres://u:p@db:5432/alongside",
        REDIS_URL="redis://cache:6379/0",
        EMAIL_URL="smtp+tls://u:p@smtp.example.org:587",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["ALLOWED_HOSTS"] == ["alongside.example.org"]
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["mailer"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["cache"] == "alongside.core.cache_pool.SharedClientCache"
    assert values["csp"] == ["'self'"]


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "y" * 40)
    result = load_settings(DEBUG="false", SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr


def test_development_needs_no_configuration():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["mailer"] == "django.core.mail.backends.console.EmailBackend"


def test_the_servers_entry_points_freeze_what_they_loaded():
    # Long-lived objects kept out of the collector's full passes (docs/performance.md, fix 25).
    for module in ["alongside.wsgi", "alongside.asgi"]:
        code = f"import gc, {module}; print(gc.get_freeze_count())"
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update({"DJANGO_SETTINGS_MODULE": "alongside.settings", "DEBUG": "true"})
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, result.stderr
        assert int(result.stdout) > 10_000, module
