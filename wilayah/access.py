"""The one place that decides what a user may see and change.

Every view, export, import and admin list fetches wilayah-bound objects through `saring()` (for
lists) or `access_object()` (for one object, 404 when outside). A model opts in by naming the
field that holds its wilayah code (`wilayah_kode_field`, e.g. "desa__kode" or "kecamatan_id") and,
where it belongs to one sector, its sector field (`sektor_field`). A model whose rows span every
sector (a quarterly report, an export of whole desa profiles) says `semua_sektor = True`: only
users who work in every sector see it, sector staff get the outsider's 404.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    PERAN_PIMPINAN,
    PERAN_SEKBER,
    SEKTOR_BAWAAN_PERAN,
    Desa,
    Kecamatan,
    Penugasan,
    Peran,
    Tingkat,
    tingkat_dari_kode,
)


@dataclass(frozen=True)
class Lingkup:
    """A user's reach: a wilayah node (code prefix), the sectors, and whether it is read-only."""

    kode: str  # '' = nasional
    peran: str | None = None
    sektor: frozenset | None = None  # None = every sector
    baca_saja: bool = False
    superuser: bool = False

    @property
    def tingkat(self):
        return tingkat_dari_kode(self.kode)

    @property
    def is_sekber(self):
        return self.peran in PERAN_SEKBER

    @property
    def is_pimpinan(self):
        """Camat or sekcam: decides (verifies, reviews) inside the kecamatan."""
        return self.superuser or self.peran in PERAN_PIMPINAN

    def mencakup_kode(self, kode):
        if not self.kode:
            return True
        return kode == self.kode or kode.startswith(self.kode + ".")

    def mencakup_sektor(self, sektor):
        return self.sektor is None or sektor in self.sektor

    def boleh_ubah(self, kode, sektor=None):
        if self.baca_saja:
            return False
        return self.mencakup_kode(kode) and (sektor is None or self.mencakup_sektor(sektor))

    def q_kode(self, field):
        """Q matching rows whose `field` (a wilayah code) lies inside this scope."""
        if not self.kode:
            return Q()
        return Q(**{field: self.kode}) | Q(**{f"{field}__startswith": self.kode + "."})


def lingkup_user(user):
    """The user's Lingkup, or None for anonymous users and accounts without an assignment."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_lingkup_cache", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        lingkup = Lingkup(kode="", superuser=True)
    else:
        # Through the one-to-one descriptor: free when the user was loaded with it
        # (dashboard_kecamatan.auth.PenggunaBackend), and cached on the user either way, so the
        # menu's role label reads it without another query.
        try:
            penugasan = user.penugasan
        except Penugasan.DoesNotExist:
            penugasan = None
        if penugasan is None:
            lingkup = None
        else:
            if penugasan.sektor:
                sektor = frozenset({penugasan.sektor})
            elif penugasan.peran in SEKTOR_BAWAAN_PERAN:
                sektor = frozenset(SEKTOR_BAWAAN_PERAN[penugasan.peran])
            else:
                sektor = None
            lingkup = Lingkup(
                kode=penugasan.wilayah_kode,
                peran=penugasan.peran,
                sektor=sektor,
                baca_saja=penugasan.peran in PERAN_SEKBER,
            )
    user._lingkup_cache = lingkup
    return lingkup


def saring(queryset, user, *, ubah=False):
    """Narrow a queryset of a scoped model to what `user` may see (or change, with ubah=True)."""
    model = queryset.model
    lingkup = lingkup_user(user)
    if lingkup is None or (ubah and lingkup.baca_saja):
        return queryset.none()
    kode_field = getattr(model, "wilayah_kode_field", None)
    if kode_field is None:
        raise TypeError(f"{model.__name__} tidak menyatakan wilayah_kode_field")
    queryset = queryset.filter(lingkup.q_kode(kode_field))
    sektor_field = getattr(model, "sektor_field", None)
    if sektor_field and lingkup.sektor is not None:
        queryset = queryset.filter(**{f"{sektor_field}__in": lingkup.sektor})
    if getattr(model, "semua_sektor", False) and lingkup.sektor is not None:
        return queryset.none()
    return queryset


def access_object(user, queryset, *, ubah=False, **lookup):
    """The object matching `lookup` inside the user's scope, else 404 (never 403: an outsider
    must not learn that the object exists)."""
    if hasattr(queryset, "_default_manager"):
        queryset = queryset._default_manager.all()
    obj = saring(queryset, user, ubah=ubah).filter(**lookup).first()
    if obj is None:
        raise Http404(_("Data tidak ditemukan atau di luar wilayah Anda."))
    return obj


def access_kecamatan(user, kode, *, ubah=False):
    return access_object(
        user, Kecamatan.objects.select_related("kabupaten__provinsi"), ubah=ubah, kode=kode
    )


def access_desa(user, kode, *, ubah=False):
    return access_object(
        user, Desa.objects.select_related("kecamatan__kabupaten__provinsi"), ubah=ubah, kode=kode
    )


def access_sektor(user, sektor, *, ubah=False):
    """Check that the user works in `sektor` (404 otherwise), e.g. for a sector's entry grid."""
    lingkup = lingkup_user(user)
    if lingkup is None or not lingkup.mencakup_sektor(sektor) or (ubah and lingkup.baca_saja):
        raise Http404(_("Sektor di luar kewenangan Anda."))
    return sektor


# How far a role reaches, to decide who may grant it: nobody grants a role above their own.
# Sekber roles monitor from above (read-only, so they grant nothing themselves).
PERINGKAT_PERAN = {
    Peran.OPERATOR_DESA: 1,
    Peran.UPT_KESEHATAN: 2,
    Peran.UPT_PENDIDIKAN: 2,
    Peran.OPERATOR_KECAMATAN: 2,
    Peran.SEKCAM: 3,
    Peran.CAMAT: 4,
    Peran.SEKBER_KABUPATEN: 5,
    Peran.SEKBER_PROVINSI: 6,
    Peran.SEKBER_NASIONAL: 7,
}


def _sektor_penugasan(peran, sektor):
    if sektor:
        return frozenset({sektor})
    if peran in SEKTOR_BAWAAN_PERAN:
        return frozenset(SEKTOR_BAWAAN_PERAN[peran])
    return None


def alasan_tolak_penugasan(user, *, peran, wilayah_kode, sektor=""):
    """Why `user` may not hand out this assignment (a message), or None when they may: the
    wilayah inside theirs, the sectors inside theirs, the role not above theirs. Only a
    superuser is above every rule."""
    lingkup = lingkup_user(user)
    if lingkup is not None and lingkup.superuser:
        return None
    if lingkup is None or lingkup.baca_saja:
        return _("Anda tidak berwenang mengubah penugasan.")
    if not lingkup.mencakup_kode(wilayah_kode or ""):
        return _("Wilayah penugasan di luar wilayah Anda.")
    if PERINGKAT_PERAN.get(peran, 99) > PERINGKAT_PERAN.get(lingkup.peran, 0):
        return _("Anda tidak dapat memberikan peran di atas peran Anda sendiri.")
    baru = _sektor_penugasan(peran, sektor)
    if lingkup.sektor is not None and (baru is None or not baru <= lingkup.sektor):
        return _("Sektor penugasan di luar sektor Anda.")
    return None


def boleh_kelola_pengguna(user, target):
    """Whether `user` may change the account `target` (its password, its assignment): never a
    superuser's unless a superuser, never one whose role is above the editor's."""
    if user.is_superuser:
        return True
    if target.is_superuser:
        return False
    penugasan = Penugasan.objects.filter(user=target).first()
    if penugasan is None:
        return True
    return (
        alasan_tolak_penugasan(
            user,
            peran=penugasan.peran,
            wilayah_kode=penugasan.wilayah_kode,
            sektor=penugasan.sektor,
        )
        is None
    )


def kecamatan_user(user):
    """The kecamatan of a user bound to one (camat, UPT, operator) or to one of its desa."""
    lingkup = lingkup_user(user)
    if lingkup is None or lingkup.tingkat not in (Tingkat.KECAMATAN, Tingkat.DESA):
        return None
    return Kecamatan.objects.filter(kode=lingkup.kode[:8]).first()


__all__ = [
    "Lingkup",
    "Peran",
    "access_desa",
    "access_kecamatan",
    "access_object",
    "access_sektor",
    "alasan_tolak_penugasan",
    "boleh_kelola_pengguna",
    "kecamatan_user",
    "lingkup_user",
    "saring",
]
