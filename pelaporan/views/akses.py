"""Who may read and keep the P3PD records, and the context every reporting page shares. Every
object is fetched through these helpers (wilayah.access underneath): 404 for outsiders."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from wilayah.access import access_kecamatan, access_object, lingkup_user
from wilayah.models import Peran
from wilayah.selectors import leluhur

from ..triwulan import Triwulan

# Who keeps the kecamatan's P3PD records (DESIGN §2: the operator, under the camat).
PERAN_PENCATAT = {Peran.CAMAT, Peran.SEKCAM, Peran.OPERATOR_KECAMATAN}


def lingkup_permintaan(request):
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    return lingkup


def boleh_catat(lingkup):
    return not lingkup.baca_saja and (lingkup.superuser or lingkup.peran in PERAN_PENCATAT)


def access_pencatat(user, kode):
    """The kecamatan `kode` for a user who may write its records: 404 outside the scope (and
    for read-only Sekber), 403 inside it for roles that do not keep the records."""
    kecamatan = access_kecamatan(user, kode, ubah=True)
    if not boleh_catat(lingkup_user(user)):
        raise PermissionDenied(_("Peran Anda tidak mencatat kegiatan P3PD kecamatan."))
    return kecamatan


def access_rekaman(user, model, pk, *, ubah=False):
    obj = access_object(user, model, ubah=ubah, pk=pk)
    if ubah and not boleh_catat(lingkup_user(user)):
        raise PermissionDenied(_("Peran Anda tidak mencatat kegiatan P3PD kecamatan."))
    return obj


def access_laporan(user, kode, *, ubah=False):
    """A kecamatan's report spans every sector: only users with all sectors (camat, sekcam,
    Sekber) read it; sector staff get the same 404 as outsiders."""
    kecamatan = access_kecamatan(user, kode, ubah=ubah)
    if lingkup_user(user).sektor is not None:
        raise Http404(_("Laporan mencakup semua sektor, di luar kewenangan Anda."))
    return kecamatan


def triwulan(request, bawaan=None):
    teks = request.GET.get("tw") or request.POST.get("tw")
    if not teks:
        return bawaan or Triwulan.terakhir_selesai()
    try:
        return Triwulan.dari_teks(teks)
    except ValueError:
        raise Http404(_("Triwulan tidak dikenal.")) from None


def tw_dari_url(teks):
    try:
        return Triwulan.dari_teks(teks)
    except ValueError:
        raise Http404(_("Triwulan tidak dikenal.")) from None


def konteks_kecamatan(request, kecamatan, **extra):
    lingkup = lingkup_user(request.user)
    return {
        "kecamatan": kecamatan,
        "remah": leluhur(kecamatan.kode, lingkup),
        "boleh_catat": boleh_catat(lingkup),
        **extra,
    }
