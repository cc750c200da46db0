"""Writes for the wilayah app: loading the official code list."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Desa, Kabupaten, Kecamatan, Provinsi
from .sinyal import status_desa_berubah

# (model, file, parent column, parent FK attname, code pattern)
_TINGKAT = [
    (Provinsi, "provinces.csv", None, None, re.compile(r"^\d{2}$")),
    (Kabupaten, "regencies.csv", "province_code", "provinsi_id", re.compile(r"^\d{2}\.\d{2}$")),
    (
        Kecamatan,
        "districts.csv",
        "regency_code",
        "kabupaten_id",
        re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    ),
    (
        Desa,
        "villages.csv",
        "district_code",
        "kecamatan_id",
        re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[123]\d{3}$"),
    ),
]
BATCH = 5000


class BerkasWilayahTidakValid(Exception):
    """The files hold errors; nothing was changed. `kesalahan` lists every one found."""

    def __init__(self, kesalahan):
        self.kesalahan = kesalahan
        super().__init__("\n".join(kesalahan))


@dataclass
class PerubahanTingkat:
    nama: str
    baru: list = field(default_factory=list)
    diubah: list = field(default_factory=list)
    dinonaktifkan: list = field(default_factory=list)
    diaktifkan: list = field(default_factory=list)
    jumlah_berkas: int = 0

    @property
    def ada_perubahan(self):
        return bool(self.baru or self.diubah or self.dinonaktifkan or self.diaktifkan)


def _baca_berkas(direktori):
    """Read and validate all four files; return {model: {kode: (nama, parent)}} or raise."""
    kesalahan = []
    hasil = {}
    kode_induk = None
    for model, nama_berkas, kolom_induk, _attr, pola in _TINGKAT:
        path = Path(direktori) / nama_berkas
        baris_tingkat = {}
        if not path.exists():
            kesalahan.append(_("%(f)s: berkas tidak ditemukan.") % {"f": nama_berkas})
            hasil[model] = baris_tingkat
            kode_induk = set()
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            wajib = ["code", "name"] + ([kolom_induk] if kolom_induk else [])
            kurang = [k for k in wajib if k not in (reader.fieldnames or [])]
            if kurang:
                kesalahan.append(
                    _("%(f)s: kolom %(k)s tidak ada.") % {"f": nama_berkas, "k": ", ".join(kurang)}
                )
                hasil[model] = baris_tingkat
                kode_induk = set()
                continue
            for nomor, row in enumerate(reader, start=2):
                kode = (row["code"] or "").strip()
                nama = (row["name"] or "").strip()
                induk = (row[kolom_induk] or "").strip() if kolom_induk else None
                lokasi = f"{nama_berkas} baris {nomor}"
                if not pola.match(kode):
                    kesalahan.append(
                        _("%(l)s: kode %(k)r tidak sesuai format.") % {"l": lokasi, "k": kode}
                    )
                    continue
                if not nama:
                    kesalahan.append(_("%(l)s: nama kosong.") % {"l": lokasi})
                if kode in baris_tingkat:
                    kesalahan.append(_("%(l)s: kode %(k)s ganda.") % {"l": lokasi, "k": kode})
                    continue
                if kolom_induk:
                    if induk not in kode_induk:
                        kesalahan.append(
                            _("%(l)s: kode induk %(i)r tidak dikenal.") % {"l": lokasi, "i": induk}
                        )
                    elif not kode.startswith(induk + "."):
                        kesalahan.append(
                            _("%(l)s: kode %(k)s tidak berada di bawah induk %(i)s.")
                            % {"l": lokasi, "k": kode, "i": induk}
                        )
                baris_tingkat[kode] = (nama, induk)
        hasil[model] = baris_tingkat
        kode_induk = set(baris_tingkat)
    if kesalahan:
        raise BerkasWilayahTidakValid(kesalahan)
    return hasil


@transaction.atomic
def wilayah_muat(*, direktori):
    """Upsert the official wilayah list from `direktori` by code.

    New codes are inserted in bulk, changed names/parents updated, codes missing from the files
    marked inactive (never deleted: their data stays), and returning codes reactivated.
    All or nothing: a bad file raises BerkasWilayahTidakValid before anything is written.
    """
    data = _baca_berkas(direktori)
    laporan = []
    for model, _f, _kolom, attr_induk, _pola in _TINGKAT:
        rows = data[model]
        ubah = PerubahanTingkat(nama=str(model._meta.verbose_name_plural), jumlah_berkas=len(rows))
        kolom = ["kode", "nama", "aktif"] + ([attr_induk] if attr_induk else [])
        ada = {r[0]: r[1:] for r in model.objects.values_list(*kolom).iterator(chunk_size=BATCH)}
        baru, diubah = [], []
        for kode, (nama, induk) in rows.items():
            lama = ada.get(kode)
            if lama is None:
                obj = model(kode=kode, nama=nama, aktif=True)
                if attr_induk:
                    setattr(obj, attr_induk, induk)
                if hasattr(model, "jenis_dari_kode"):
                    obj.jenis = model.jenis_dari_kode(kode)
                baru.append(obj)
                ubah.baru.append(kode)
                continue
            nama_lama, aktif_lama = lama[0], lama[1]
            induk_lama = lama[2] if attr_induk else None
            if nama_lama != nama or induk_lama != induk or not aktif_lama:
                obj = model(kode=kode, nama=nama, aktif=True)
                if attr_induk:
                    setattr(obj, attr_induk, induk)
                diubah.append(obj)
                if not aktif_lama:
                    ubah.diaktifkan.append(kode)
                if nama_lama != nama or induk_lama != induk:
                    ubah.diubah.append(kode)
        model.objects.bulk_create(baru, batch_size=BATCH)
        if diubah:
            fields = ["nama", "aktif"] + ([attr_induk.removesuffix("_id")] if attr_induk else [])
            model.objects.bulk_update(diubah, fields, batch_size=1000)
        pensiun = [k for k, v in ada.items() if v[1] and k not in rows]
        for i in range(0, len(pensiun), BATCH):
            model.objects.filter(kode__in=pensiun[i : i + BATCH]).update(aktif=False)
        ubah.dinonaktifkan = pensiun
        laporan.append(ubah)
        if model is Desa:
            berubah = sorted({*ubah.baru, *ubah.diaktifkan, *pensiun})
            if berubah:
                status_desa_berubah.send(sender=Desa, desa_kode=berubah)
    zona_waktu_terapkan(direktori=direktori)
    return laporan


def _baca_zona_waktu(path):
    from .models import ZonaWaktu

    zona, kesalahan = {}, []
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for nomor, row in enumerate(csv.DictReader(fh), start=2):
            kode, nama = (row.get("kode_provinsi") or "").strip(), (row.get("zona_waktu") or "")
            if nama.strip() not in ZonaWaktu.values:
                kesalahan.append(
                    _("zona_waktu.csv baris %(n)d: zona %(z)r tidak dikenal.")
                    % {"n": nomor, "z": nama}
                )
                continue
            zona[kode] = nama.strip()
    if kesalahan:
        raise BerkasWilayahTidakValid(kesalahan)
    return zona


def zona_waktu_terapkan(*, direktori, provinsi_model=None):
    """Set each province's time zone from `zona_waktu.csv` in `direktori` (when present).
    `provinsi_model` lets the data migration pass its historical model."""
    path = Path(direktori) / "zona_waktu.csv"
    if not path.exists():
        return 0
    model = provinsi_model or Provinsi
    n = 0
    for kode, nama in _baca_zona_waktu(path).items():
        n += model.objects.filter(kode=kode).exclude(zona_waktu=nama).update(zona_waktu=nama)
    return n


DEMO_KECAMATAN = "33.06.11"  # Pituruh, Kabupaten Purworejo, Jawa Tengah


def _demo_akun(kecamatan_kode):
    desa_pertama = (
        Desa.objects.filter(kecamatan_id=kecamatan_kode, aktif=True).order_by("kode").first()
    )
    from .models import Peran

    # Full names, as letters, histories and sign-offs print them (a "camat" there reads as a bug).
    akun = [
        ("camat", Peran.CAMAT, kecamatan_kode, "Bambang", "Sutrisno"),
        ("sekcam", Peran.SEKCAM, kecamatan_kode, "Sri", "Wahyuni"),
        ("upt.kesehatan", Peran.UPT_KESEHATAN, kecamatan_kode, "dr. Retno", "Handayani"),
        ("upt.pendidikan", Peran.UPT_PENDIDIKAN, kecamatan_kode, "Agus", "Priyanto"),
        ("operator.kecamatan", Peran.OPERATOR_KECAMATAN, kecamatan_kode, "Dwi", "Kurniawan"),
        ("sekber.nasional", Peran.SEKBER_NASIONAL, "", "Rina", "Marlina"),
        ("sekber.provinsi", Peran.SEKBER_PROVINSI, kecamatan_kode[:2], "Hendra", "Gunawan"),
        ("sekber.kabupaten", Peran.SEKBER_KABUPATEN, kecamatan_kode[:5], "Yuli", "Astuti"),
    ]
    if desa_pertama is not None:
        akun.insert(
            5, ("operator.desa", Peran.OPERATOR_DESA, desa_pertama.kode, "Slamet", "Riyadi")
        )
    return akun


@transaction.atomic
def pengguna_buat_demo(*, kecamatan_kode=DEMO_KECAMATAN, sandi="demo12345"):
    """Create (or reset) one demo account per role in one kecamatan, plus an admin.

    Idempotent: a second run finds the same usernames and only resets their passwords.
    Returns [(username, role label, wilayah code, password, full name)].
    """
    from django.contrib.auth import get_user_model

    from .models import PERAN_SEKBER, Penugasan, Peran

    if not Kecamatan.objects.filter(kode=kecamatan_kode).exists():
        raise ValueError(
            _("Kecamatan %(k)s belum dimuat; jalankan muat_wilayah dulu.") % {"k": kecamatan_kode}
        )
    User = get_user_model()
    hasil = []
    admin, _baru = User.objects.get_or_create(username="admin", defaults={"email": ""})
    admin.first_name, admin.last_name = "Administrator", "Sistem"
    admin.is_staff = admin.is_superuser = True
    admin.set_password(sandi)
    admin.save()
    hasil.append(("admin", "Administrator", "", sandi, admin.get_full_name()))
    for username, peran, kode, depan, belakang in _demo_akun(kecamatan_kode):
        user, _baru = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = depan, belakang
        # Sekber monitors through the admin pages (read-only), so it needs staff access.
        user.is_staff = peran in PERAN_SEKBER
        user.set_password(sandi)
        user.save()
        Penugasan.objects.update_or_create(
            user=user, defaults={"peran": peran, "wilayah_kode": kode, "sektor": ""}
        )
        hasil.append((username, Peran(peran).label, kode, sandi, user.get_full_name()))
    return hasil
