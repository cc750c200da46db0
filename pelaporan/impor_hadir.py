"""An attendance list from Excel or CSV (columns nama, jabatan/peran, desa) for a training or a
meeting: every row is checked first; one bad row adds no row, and every bad row is listed with
its line number and reason. Reading the file is layanan_dasar's (the same reader as the data
import); matching names to roles and villages is here."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from layanan_dasar.impor import BerkasTidakTerbaca, baca_tabel
from wilayah.models import Desa

from .models import PeranPeserta

MAKS_BARIS = 2000


@dataclass
class GalatHadir:
    baris: int | None
    pesan: str


def _norm(teks):
    teks = unicodedata.normalize("NFKD", str(teks or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", teks.lower()).strip()


def _teks(sel):
    if sel is None:
        return ""
    if isinstance(sel, float) and sel == int(sel):
        sel = int(sel)
    return str(sel).strip()


def _peta_peran():
    """Normalised spellings → role: the code, the full label, and each part of the label
    ("Kepala Desa / Lurah" → "kepala desa", "lurah"; "Petugas UPT Kesehatan (Puskesmas)" →
    "petugas upt kesehatan", "puskesmas")."""
    peta = {}
    for nilai, label in PeranPeserta.choices:
        label = str(label)
        bentuk = {nilai, label, *re.split(r"[/()]", label)}
        for b in bentuk:
            if _norm(b):
                peta.setdefault(_norm(b), nilai)
        peta[_norm(nilai.replace("_", " "))] = nilai
    return peta


KOLOM = {
    "nama": {"nama", "nama lengkap", "nama peserta"},
    "jabatan": {"jabatan", "jabatan instansi", "instansi"},
    "peran": {"peran"},
    "jabatan_peran": {"jabatan peran", "peran jabatan"},
    "desa": {"desa", "desa kelurahan", "kode desa", "asal desa"},
}


def baca_daftar_hadir(berkas, nama_berkas, *, kecamatan, dengan_peran):
    """([{"nama", "jabatan", "peran", "desa"}], [GalatHadir]) from an uploaded list. With
    `dengan_peran` (trainings) every row needs a role recognised from its peran or
    jabatan/peran column; `desa` (optional) is a village of `kecamatan`, by code or by name."""
    try:
        tabel = baca_tabel(berkas, nama_berkas)
    except BerkasTidakTerbaca as exc:
        return [], [GalatHadir(None, str(exc))]
    kepala, posisi = None, 0
    for i, (_nomor, sel) in enumerate(tabel[:20]):
        nama_kolom = [_norm(x) for x in sel]
        if any(n in KOLOM["nama"] for n in nama_kolom):
            kepala, posisi = nama_kolom, i
            break
    if kepala is None:
        return [], [
            GalatHadir(None, _("Baris judul kolom tidak ditemukan: perlu kolom “nama”.")),
        ]
    idx = {}
    for j, n in enumerate(kepala):
        for kunci, ejaan in KOLOM.items():
            if n in ejaan and kunci not in idx:
                idx[kunci] = j
    if dengan_peran and "peran" not in idx and "jabatan_peran" not in idx:
        return [], [
            GalatHadir(tabel[posisi][0], _("Kolom “peran” atau “jabatan/peran” tidak ditemukan."))
        ]
    baris_data = [(n, s) for n, s in tabel[posisi + 1 :] if any(_teks(x) for x in s)]
    if len(baris_data) > MAKS_BARIS:
        return [], [
            GalatHadir(
                None, _("Daftar terlalu panjang (maksimum %(n)s baris).") % {"n": MAKS_BARIS}
            )
        ]
    desa_kec = list(Desa.objects.filter(kecamatan=kecamatan).values_list("kode", "nama"))
    per_kode = {k: k for k, _n in desa_kec}
    per_nama = {}
    for k, n in desa_kec:
        per_nama.setdefault(_norm(n), []).append(k)
    peran_peta = _peta_peran()

    def ambil(sel, kunci):
        j = idx.get(kunci)
        return _teks(sel[j]) if j is not None and j < len(sel) else ""

    hasil, galat = [], []
    for nomor, sel in baris_data:
        salah = []
        nama = ambil(sel, "nama")
        if not nama:
            salah.append(_("nama kosong"))
        elif len(nama) > 150:
            salah.append(_("nama lebih dari 150 karakter"))
        jabatan = ambil(sel, "jabatan")
        teks_peran = ambil(sel, "peran") or ambil(sel, "jabatan_peran")
        peran = ""
        if dengan_peran:
            peran = peran_peta.get(_norm(teks_peran), "")
            if not peran:
                salah.append(
                    _(
                        "peran “%(p)s” tidak dikenal (contoh: Camat, Kepala Desa, Operator Desa, "
                        "Petugas UPT Kesehatan, Lainnya)"
                    )
                    % {"p": teks_peran}
                    if teks_peran
                    else _("peran kosong")
                )
            if not jabatan and "jabatan" not in idx:
                jabatan = ambil(sel, "jabatan_peran")
        elif not jabatan:
            jabatan = teks_peran
        if len(jabatan) > 150:
            salah.append(_("jabatan lebih dari 150 karakter"))
        teks_desa = ambil(sel, "desa")
        desa = None
        if teks_desa:
            desa = per_kode.get(teks_desa)
            if desa is None:
                cocok = per_nama.get(
                    _norm(re.sub(r"^(desa|kelurahan)\s+", "", teks_desa, flags=re.I)), []
                )
                if len(cocok) == 1:
                    desa = cocok[0]
                elif cocok:
                    salah.append(
                        _("ada beberapa desa bernama “%(d)s”; tulis kodenya (%(k)s)")
                        % {"d": teks_desa, "k": ", ".join(cocok)}
                    )
                else:
                    salah.append(
                        _("desa “%(d)s” tidak ada di Kecamatan %(k)s")
                        % {"d": teks_desa, "k": kecamatan.nama}
                    )
        if salah:
            galat.append(GalatHadir(nomor, "; ".join(salah)))
        else:
            hasil.append({"nama": nama, "jabatan": jabatan, "peran": peran, "desa": desa or ""})
    return hasil, galat


def tambahkan_ke_formset(data, prefix, baris, kolom):
    """A copy of the POST data with `baris` appended as new forms of the formset `prefix` (its
    fields `kolom`), so they are validated and saved with the rest of the page."""
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    for i, r in enumerate(baris, start=total):
        for kunci in kolom:
            data[f"{prefix}-{i}-{kunci}"] = r[kunci]
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(baris))
    return data
