"""One throttle for every login door (the site's /masuk/ and the admin's /admin/login/).

Failures are counted in the cache (Redis in production, so every gunicorn worker shares the
count) under three keys:

- the account, for attempts from browsers it has not logged in from before;
- the browser's *device cookie*, for attempts from a browser that has logged in to this account
  before (OWASP's "device cookie" defence): a signed cookie set on every successful login;
- the client address, for attempts on any account from it.

Up to LOGIN_GAGAL_MAKS failures on a key cost nothing. Past that, each further attempt under the
key waits a delay that doubles with every failure (LOGIN_JEDA_DASAR_DETIK, 2×, 4×, … up to
LOGIN_JEDA_MAKS_DETIK); attempts inside the delay are refused, even with the right password, and
are not counted. So no hard lock exists: a stranger who hammers a camat's account slows down only
browsers the camat never used, while the camat's own browser (its device cookie, counted apart)
still logs in at once. A device cookie with LOGIN_GAGAL_MAKS failures of its own is distrusted
until its count expires. The address key uses LOGIN_GAGAL_MAKS_ALAMAT (an office behind one NAT
shares it). Counts expire LOGIN_GAGAL_JENDELA_DETIK after the last failure.

The client address comes from dashboard_kecamatan.umum.klien (its docstring states the
X-Forwarded-For rule: only hops appended by trusted proxies count).
"""

import hashlib
import math
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import LoginView, PasswordChangeDoneView, PasswordChangeView
from django.core import signing
from django.core.cache import cache
from django.dispatch import receiver
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .umum.klien import alamat_klien

COOKIE_PERANGKAT = "dk_perangkat"
_GARAM = "dashboard_kecamatan.auth.perangkat"


def _sekarang():
    return time.time()


def _hash(nilai):
    return hashlib.sha256(nilai.lower().encode()).hexdigest()[:32]


def _jeda(gagal, maks):
    """Seconds an attempt must wait after the last failure, given `gagal` failures so far."""
    if gagal < maks:
        return 0
    dasar = settings.LOGIN_JEDA_DASAR_DETIK
    return min(dasar * 2 ** min(gagal - maks, 30), settings.LOGIN_JEDA_MAKS_DETIK)


def _perangkat(request, username):
    """The device id of this browser's cookie when it was issued for `username`, else None."""
    mentah = request.COOKIES.get(COOKIE_PERANGKAT)
    if not mentah or not username:
        return None
    try:
        isi = signing.loads(mentah, salt=_GARAM, max_age=settings.LOGIN_PERANGKAT_HARI * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(isi, dict) or isi.get("u") != _hash(username):
        return None
    return str(isi.get("n", ""))[:64] or None


def _kunci_kunci(request, username):
    """The (key, free failures) pairs this attempt is counted under."""
    maks = settings.LOGIN_GAGAL_MAKS
    perangkat = _perangkat(request, username)
    kunci = [
        (f"login-gagal:alamat:{_hash(alamat_klien(request))}", settings.LOGIN_GAGAL_MAKS_ALAMAT)
    ]
    if perangkat is not None:
        kunci_perangkat = f"login-gagal:perangkat:{_hash(perangkat)}"
        # A device cookie that failed too often itself is treated as an unknown browser.
        if (cache.get(kunci_perangkat) or {}).get("n", 0) < maks:
            return [*kunci, (kunci_perangkat, maks)]
    return [*kunci, (f"login-gagal:akun:{_hash(username)}", maks)]


def masuk_ditahan(request, username):
    """Seconds this attempt has to wait (0: it may proceed). Claims the attempt's slot, so two
    parallel attempts past the free failures cannot both go through."""
    sekarang = _sekarang()
    for kunci, maks in _kunci_kunci(request, username):
        catatan = cache.get(kunci) or {}
        jeda = _jeda(catatan.get("n", 0), maks)
        if not jeda:
            continue
        sisa = catatan.get("t", 0) + jeda - sekarang
        if sisa > 0:
            return math.ceil(sisa)
        # One attempt per failure once its delay has passed: the first to claim the slot goes,
        # parallel ones wait for the next delay.
        if not cache.add(f"{kunci}:slot:{catatan.get('t', 0)}", 1, int(jeda) + 60):
            return math.ceil(jeda)
    return 0


def masuk_gagal(request, username):
    sekarang = _sekarang()
    jendela = settings.LOGIN_GAGAL_JENDELA_DETIK
    for kunci, _maks in _kunci_kunci(request, username):
        # Not atomic across workers; the slot in masuk_ditahan bounds what a race can gain.
        catatan = cache.get(kunci) or {}
        cache.set(kunci, {"n": catatan.get("n", 0) + 1, "t": sekarang}, jendela)


def masuk_berhasil(request, username):
    """A right password clears the account's (and this device's) count, never the address's:
    one's own account must not wash a guessing address clean."""
    for kunci, _maks in _kunci_kunci(request, username):
        if ":alamat:" not in kunci:
            cache.delete(kunci)


class PembatasMasukMixin:
    """The throttle for any AuthenticationForm."""

    pesan_ditahan = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(detik)s detik.")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        tunggu = masuk_ditahan(self.request, username)
        if tunggu:
            raise forms.ValidationError(
                self.pesan_ditahan, code="throttled", params={"detik": tunggu}
            )
        try:
            hasil = super().clean()
        except forms.ValidationError:
            masuk_gagal(self.request, username)
            raise
        masuk_berhasil(self.request, username)
        return hasil


class FormMasuk(PembatasMasukMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }


class FormMasukAdmin(PembatasMasukMixin, AdminAuthenticationForm):
    """The admin's login form, under the same throttle (set as admin.site.login_form)."""


class MasukView(LoginView):
    form_class = FormMasuk
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class GantiSandiView(PasswordChangeView):
    """The signed-in user's own password (old one required, Django's validators apply); the
    session stays signed in, other sessions of the account are signed out."""

    template_name = "registration/ganti_sandi.html"
    success_url = reverse_lazy("ganti_sandi_selesai")


class GantiSandiSelesaiView(PasswordChangeDoneView):
    template_name = "registration/ganti_sandi_selesai.html"


@receiver(user_logged_in)
def _tandai_perangkat(sender, request, user, **kwargs):
    # Any successful login (site or admin) earns the browser a device cookie for this account;
    # PerangkatMiddleware writes it on the response.
    if request is not None:
        request._cookie_perangkat = signing.dumps(
            {"u": _hash(user.get_username()), "n": secrets.token_urlsafe(16)}, salt=_GARAM
        )


class PerangkatMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        nilai = getattr(request, "_cookie_perangkat", None)
        if nilai:
            response.set_cookie(
                COOKIE_PERANGKAT,
                nilai,
                max_age=settings.LOGIN_PERANGKAT_HARI * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class PenggunaBackend(ModelBackend):
    """Django's ModelBackend, loading the session's user together with their assignment (one
    query instead of two on every request: every page reads the scope, wilayah.access)."""

    def get_user(self, user_id):
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("penugasan").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
