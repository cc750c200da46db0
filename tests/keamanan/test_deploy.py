"""Production settings (as docker-compose sets them, behind a TLS proxy) pass Django's deploy
checks with no warning; the health probe stays reachable over plain HTTP inside the network."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _compose_env():
    """The defaults docker-compose gives the app services (`NAME: ${NAME:-default}` or a
    literal), read from the x-app environment block."""
    import re

    teks = (settings.BASE_DIR / "docker-compose.yml").read_text()
    blok = teks.split("environment: &app-env", 1)[1].split("volumes:", 1)[0]
    env = {}
    for k, v in re.findall(r"^\s{4}([A-Z_]+):\s*(.+)$", blok, re.M):
        v = v.strip().strip('"')
        m = re.fullmatch(r"\$\{[A-Z_]+:-([^}]*)\}", v)
        env[k] = m.group(1) if m else v
    return env


def test_compose_settings_pass_check_deploy():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "HTTPS_", "CSRF_", "DEBUG"))
        # Set by the browser tests' fixture for Playwright; never in a deployment.
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    compose = _compose_env()
    for k in ("HTTPS_PROKSI", "PROKSI_TEPERCAYA", "SECURE_HSTS_SECONDS", "DEBUG"):
        env[k] = compose[k]
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="dasbor.contoh.go.id")
    r = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_https_redirect_spares_the_health_probe(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/sehat/").status_code == 200
    r = client.get("/masuk/")
    assert r.status_code == 301 and r.url.startswith("https://")
