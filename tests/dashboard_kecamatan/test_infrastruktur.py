"""Settings fail loudly, the compose file parses, Celery runs a real task on a real worker."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _impor_settings(env):
    kode = "import dashboard_kecamatan.settings as s; print(s.DATABASES['default']['ENGINE'])"
    bersih = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", kode],
        env={**bersih, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_settings_default_to_sqlite_for_the_demo():
    r = _impor_settings({"DEBUG": "1"})
    assert r.returncode == 0, r.stderr
    assert "sqlite3" in r.stdout


@pytest.mark.parametrize(
    "env, pesan",
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "x"}, "SECRET_KEY wajib"),
        ({"DEBUG": "mungkin"}, "DEBUG harus bernilai"),
        ({"DEBUG": "0", "SECRET_KEY": "k"}, "ALLOWED_HOSTS wajib"),
        ({"DEBUG": "1", "DATABASE_URL": "bukan-url"}, "DATABASE_URL"),
        ({"DEBUG": "1", "LOGIN_GAGAL_MAKS": "lima"}, "LOGIN_GAGAL_MAKS harus bilangan bulat"),
    ],
)
def test_settings_fail_loudly_on_bad_values(env, pesan):
    r = _impor_settings(env)
    assert r.returncode != 0
    assert pesan in r.stderr


def test_celery_is_eager_without_a_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.CELERY_BROKER_URL)


def test_docker_compose_file_is_valid():
    r = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "--services"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "SECRET_KEY": "uji"},
    )
    assert r.returncode == 0, r.stderr
    assert set(r.stdout.split()) == {"postgres", "redis", "cache", "web", "worker", "beat"}


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_real_task(celery_worker_nyata):
    from dashboard_kecamatan.celery import ping

    hasil = ping.delay("halo").get(timeout=30)
    assert hasil == {"pong": "halo"}
