"""The crosswalk: other systems' codes → our wilayah (SUMBER.md §1).

`Padanan(sistem)` translates one system's codes for an importer: the derivation rule of that
system first (a rearrangement of our own code, accepted only when the result is a code we know),
then the `KodeEksternal` table (valid on the given date). A code neither yields is unmapped:
`terjemahkan()` returns None and the importer refuses that row, naming the code.

`kode_eksternal_muat()` loads the table from CSV, all or nothing.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Desa, Kecamatan, KodeEksternal

_SEPULUH_DIGIT = re.compile(r"^\d{10}$")
_KODE_KITA = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")
_DIGIT_TITIK = re.compile(r"^[\d.]+$")


def _aturan_kemendesa(kode):
    """3306112001 → 33.06.11.2001 (Kemendesa writes our desa code without dots)."""
    kode = kode.strip()
    if _SEPULUH_DIGIT.match(kode):
        return f"{kode[0:2]}.{kode[2:4]}.{kode[4:6]}.{kode[6:10]}"
    if _KODE_KITA.match(kode):
        return kode
    return None


def _aturan_siskeudes(kode):
    """'33.06.11.2001.' (Kd_Prov.Kd_Kab.Kd_Desa as exported, trailing dot) → 33.06.11.2001."""
    kode = kode.strip().rstrip(".")
    return kode if _KODE_KITA.match(kode) else None


def _aturan_kemendagri(kode):
    kode = kode.strip()
    if _KODE_KITA.match(kode):
        return kode
    return _aturan_kemendesa(kode)


# Systems whose codes a rule can derive; BPS and Dapodik codes need the table (SUMBER.md §1:
# "never assume equal").
ATURAN = {
    KodeEksternal.Sistem.SISKEUDES: _aturan_siskeudes,
    KodeEksternal.Sistem.KEMENDESA: _aturan_kemendesa,
    KodeEksternal.Sistem.EPPGBM: _aturan_kemendagri,
    "kemendagri": _aturan_kemendagri,
}


class Padanan:
    """Translator of one system's codes, loaded once per import (two queries)."""

    def __init__(self, sistem, *, tanggal=None, awalan=""):
        self.sistem = sistem
        self.aturan = ATURAN.get(sistem)
        tanggal = tanggal or date.today()
        qs = KodeEksternal.objects.filter(
            Q(berlaku_dari__isnull=True) | Q(berlaku_dari__lte=tanggal),
            Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tanggal),
        )
        # Our own codes need no table.
        qs = qs.filter(sistem=sistem) if sistem != "kemendagri" else qs.none()
        self.tabel = dict(qs.values_list("kode_eksternal", "wilayah_kode"))
        # The codes we know (desa and kecamatan) under `awalan` (e.g. a kabupaten), active or
        # retired: a retired village's old file still maps, its rows are refused by the caller.
        desa = Desa.objects.all()
        kec = Kecamatan.objects.all()
        if awalan:
            desa = desa.di_bawah(awalan)
            kec = kec.di_bawah(awalan)
        self.dikenal = set(desa.values_list("kode", flat=True)) | set(
            kec.values_list("kode", flat=True)
        )

    def terjemahkan(self, kode):
        """Our wilayah code for `kode`, or None when no rule and no table row maps it."""
        kode = str(kode or "").strip()
        if not kode:
            return None
        if self.aturan is not None:
            hasil = self.aturan(kode)
            if hasil is not None and hasil in self.dikenal:
                return hasil
        hasil = self.tabel.get(kode)
        if hasil is not None and hasil in self.dikenal:
            return hasil
        return None

    def pesan_tak_dikenal(self, kode):
        return _(
            "kode %(sistem)s “%(kode)s” tidak dikenal: tidak dapat diturunkan menjadi kode "
            "wilayah dan tidak ada di tabel padanan kode"
        ) % {"sistem": KodeEksternal.Sistem(self.sistem).label, "kode": kode}


@dataclass(frozen=True)
class HasilMuat:
    baru: int
    diubah: int


class PadananTidakValid(ValueError):
    def __init__(self, kesalahan):
        self.kesalahan = list(kesalahan)
        super().__init__("\n".join(self.kesalahan))


def _tanggal(teks):
    teks = (teks or "").strip()
    return date.fromisoformat(teks) if teks else None


@transaction.atomic
def kode_eksternal_muat(*, berkas):
    """Load crosswalk rows from a CSV (columns sistem, kode_eksternal, wilayah_kode and the
    optional berlaku_dari, berlaku_sampai, keterangan), keyed by (sistem, kode, berlaku_dari).
    All or nothing: any bad line → PadananTidakValid listing every one. → HasilMuat."""
    mentah = berkas.read() if hasattr(berkas, "read") else Path(berkas).read_bytes()
    try:
        teks = mentah.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PadananTidakValid([_("Berkas CSV harus berkode UTF-8.")]) from None
    pembaca = csv.DictReader(io.StringIO(teks, newline=""))
    wajib = {"sistem", "kode_eksternal", "wilayah_kode"}
    if not wajib <= set(pembaca.fieldnames or ()):
        raise PadananTidakValid([_("Kolom wajib: %(k)s.") % {"k": ", ".join(sorted(wajib))}])
    rows = list(pembaca)
    kode_wilayah = {(r.get("wilayah_kode") or "").strip() for r in rows}
    dikenal = set(Desa.objects.filter(kode__in=kode_wilayah).values_list("kode", flat=True))
    dikenal |= set(Kecamatan.objects.filter(kode__in=kode_wilayah).values_list("kode", flat=True))
    kesalahan, data, kunci_file = [], [], {}
    for nomor, r in enumerate(rows, start=2):
        sistem = (r.get("sistem") or "").strip().lower()
        kode = (r.get("kode_eksternal") or "").strip()
        wilayah = (r.get("wilayah_kode") or "").strip()
        salah = []
        if sistem not in KodeEksternal.Sistem.values:
            salah.append(_("sistem “%(s)s” tidak dikenal") % {"s": sistem})
        if not kode or len(kode) > 40:
            salah.append(_("kode eksternal kosong atau terlalu panjang"))
        if wilayah not in dikenal:
            salah.append(_("kode wilayah “%(k)s” tidak dikenal") % {"k": wilayah})
        try:
            dari = _tanggal(r.get("berlaku_dari"))
            sampai = _tanggal(r.get("berlaku_sampai"))
        except ValueError:
            salah.append(_("tanggal harus TTTT-BB-HH"))
            dari = sampai = None
        if dari and sampai and sampai < dari:
            salah.append(_("berlaku_sampai sebelum berlaku_dari"))
        kunci = (sistem, kode, dari)
        if kunci in kunci_file:
            salah.append(_("duplikat baris %(n)d") % {"n": kunci_file[kunci]})
        kunci_file.setdefault(kunci, nomor)
        if salah:
            kesalahan.append(_("Baris %(n)d: %(a)s.") % {"n": nomor, "a": "; ".join(salah)})
            continue
        data.append(
            {
                "sistem": sistem,
                "kode_eksternal": kode,
                "wilayah_kode": wilayah,
                "berlaku_dari": dari,
                "berlaku_sampai": sampai,
                "keterangan": (r.get("keterangan") or "").strip()[:255],
            }
        )
    if kesalahan:
        raise PadananTidakValid(kesalahan)
    ada = {
        (o.sistem, o.kode_eksternal, o.berlaku_dari): o
        for o in KodeEksternal.objects.filter(sistem__in={d["sistem"] for d in data})
    }
    baru, ubah = [], []
    for d in data:
        obj = ada.get((d["sistem"], d["kode_eksternal"], d["berlaku_dari"]))
        if obj is None:
            baru.append(KodeEksternal(**d))
        else:
            for f, v in d.items():
                setattr(obj, f, v)
            ubah.append(obj)
    KodeEksternal.objects.bulk_create(baru)
    KodeEksternal.objects.bulk_update(
        ubah, ["wilayah_kode", "berlaku_sampai", "keterangan"], batch_size=1000
    )
    return HasilMuat(len(baru), len(ubah))
