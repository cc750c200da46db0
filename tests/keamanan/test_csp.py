"""Every response carries the Content-Security-Policy; inline scripts run only with the
request's nonce, and no template has an inline handler or a script without it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nonce(r):
    csp = r["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    return re.search(r"'nonce-([^']+)'", csp).group(1)


def test_pages_and_admin_carry_the_policy_with_a_fresh_nonce(client, admin_client):
    a, b = client.get(reverse("login")), client.get(reverse("login"))
    assert _nonce(a) != _nonce(b)
    assert "frame-ancestors 'none'" in a["Content-Security-Policy"]
    assert _nonce(admin_client.get(reverse("admin:index")))


def test_inline_scripts_carry_the_nonce(client, camat):
    client.force_login(camat)
    r = client.get(reverse("dasbor:kecamatan", args=["33.06.11"]))
    nonce = _nonce(r)
    for tag in re.findall(r"<script\b[^>]*>", r.text):
        assert "src=" in tag or 'type="application/json"' in tag or f'nonce="{nonce}"' in tag


def test_no_template_uses_inline_handlers_or_bare_scripts():
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        teks = path.read_text()
        assert not re.search(r"\son[a-z]+=\"", teks), path
        for tag in re.findall(r"<script\b[^>]*>", teks):
            assert "src=" in tag or "nonce=" in tag or "application/json" in tag, (path, tag)
