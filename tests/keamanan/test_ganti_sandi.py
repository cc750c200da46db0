"""Every account changes its own password on the site (non-staff users have no admin)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_non_staff_user_changes_their_password(client, operator_desa):
    client.force_login(operator_desa)
    assert reverse("ganti_sandi") in client.get(reverse("beranda"), follow=True).text
    r = client.post(
        reverse("ganti_sandi"),
        {"old_password": "salah", "new_password1": "Bunga-Melati-77", "new_password2": "x"},
    )
    assert r.status_code == 200 and "salah" in r.text.lower()
    r = client.post(
        reverse("ganti_sandi"),
        {
            "old_password": "rahasia-123",
            "new_password1": "Bunga-Melati-77",
            "new_password2": "Bunga-Melati-77",
        },
    )
    assert r.url == reverse("ganti_sandi_selesai")
    operator_desa.refresh_from_db()
    assert operator_desa.check_password("Bunga-Melati-77")
    assert "_auth_user_id" in client.session  # still signed in


def test_the_page_needs_a_login(client):
    r = client.get(reverse("ganti_sandi"))
    assert r.status_code == 302 and reverse("login") in r.url
