"""Login with a failed-attempt throttle.

Failures are counted per username and per client address in the cache (Redis in production so
every gunicorn worker shares the count). Past LOGIN_GAGAL_MAKS failures within the window the
form refuses further attempts, even with the right password, until the window passes.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .umum.klien import alamat_klien


def _kunci(jenis, nilai):
    digest = hashlib.sha256(nilai.lower().encode()).hexdigest()[:32]
    return f"login-gagal:{jenis}:{digest}"


class FormMasuk(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
        "throttled": _(
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(menit)s menit."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        kunci = [_kunci("user", username), _kunci("ip", alamat_klien(self.request))]
        batas = settings.LOGIN_GAGAL_MAKS
        if any((cache.get(k) or 0) >= batas for k in kunci):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"menit": max(1, settings.LOGIN_GAGAL_JENDELA_DETIK // 60)},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for k in kunci:
                cache.add(k, 0, settings.LOGIN_GAGAL_JENDELA_DETIK)
                try:
                    cache.incr(k)
                except ValueError:  # expired between add and incr
                    cache.set(k, 1, settings.LOGIN_GAGAL_JENDELA_DETIK)
            raise


class MasukView(LoginView):
    form_class = FormMasuk
    template_name = "registration/login.html"
    redirect_authenticated_user = True
