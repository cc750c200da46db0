"""Writes of the perencanaan app: keyword-only, atomic service functions.

The review workflow (Permendagri 20/2018 Pasal 37; DESIGN §6):
    draf → diajukan → ditinjau → perlu_revisi → diajukan → … → disetujui
    (an APB Desa not evaluated by the kecamatan's deadline: diajukan | ditinjau → berlaku)
An operator desa edits, submits and revises only their own village's plans; the camat or sekcam
reviews only inside their kecamatan. Every step is recorded (who, when, what) and starts or stops
the working-day clock: the kecamatan has N working days from receipt to decide, the village has
N working days from a return to revise (N from settings, 20 by the regulation).
"""

import csv
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.versi import periksa_versi
from layanan_dasar.models import Indikator
from wilayah.access import lingkup_user
from wilayah.kalender import tambah_hari_kerja
from wilayah.models import HariLibur, Peran

from .models import (
    POLA_KODE,
    AturanDanaDesa,
    BarisKegiatan,
    CatatanRevisi,
    KodeKegiatan,
    PemetaanKodeIndikator,
    PemetaanSektorKode,
    Rencana,
    RiwayatRencana,
    SumberDana,
    pecah_daftar,
)

REFERENSI_DIR = Path(settings.BASE_DIR) / "fixtures" / "perencanaan"


def hari_kerja_evaluasi():
    """Working days the kecamatan has to evaluate (Permendagri 20/2018 Pasal 37(6))."""
    return getattr(settings, "PERENCANAAN_HARI_KERJA_EVALUASI", 20)


def hari_kerja_revisi():
    """Working days the village has to revise after a return."""
    return getattr(settings, "PERENCANAAN_HARI_KERJA_REVISI", 20)


# --- reference data ------------------------------------------------------------------------


class ReferensiTidakValid(ValueError):
    """A reference file holds errors; nothing was loaded. `kesalahan` lists every one."""

    def __init__(self, kesalahan):
        self.kesalahan = kesalahan
        super().__init__("\n".join(kesalahan))


def _baca_csv(path):
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert(model, kunci, baris, *, timpa):
    """Insert rows whose key is new; with timpa, also overwrite existing ones. → (baru, diubah)."""
    ada = {
        tuple(v) if len(kunci) > 1 else v
        for v in model.objects.values_list(*kunci, flat=len(kunci) == 1)
    }
    baru, diubah = [], 0
    for data in baris:
        k = tuple(data[f] for f in kunci) if len(kunci) > 1 else data[kunci[0]]
        if k not in ada:
            baru.append(model(**data))
        elif timpa:
            model.objects.filter(**{f: data[f] for f in kunci}).update(
                **{f: v for f, v in data.items() if f not in kunci}
            )
            diubah += 1
    model.objects.bulk_create(baru)
    return len(baru), diubah


@transaction.atomic
def kode_kegiatan_muat(*, berkas=None, timpa=False):
    """Load the Permendagri 20/2018 code tree, keyed by code. → (baru, diubah)."""
    rows = _baca_csv(berkas or REFERENSI_DIR / "bidang_kegiatan.csv")
    kesalahan = []
    tingkat_sah = set(KodeKegiatan.Tingkat.values)
    kode_file = {r.get("kode", "").strip() for r in rows}
    data = []
    for i, r in enumerate(rows, start=2):
        kode = r.get("kode", "").strip()
        tingkat = r.get("tingkat", "").strip()
        if not POLA_KODE.match(kode) or tingkat not in tingkat_sah or not r.get("nama", "").strip():
            kesalahan.append(_("Baris %(i)d: kode, tingkat atau nama tidak valid.") % {"i": i})
            continue
        induk = kode.rsplit(".", 1)[0] if "." in kode else None
        if induk and induk not in kode_file:
            kesalahan.append(_("Baris %(i)d: induk %(k)s tidak ada.") % {"i": i, "k": induk})
        data.append(
            {"kode": kode, "tingkat": tingkat, "nama": r["nama"].strip(), "induk_id": induk}
        )
    if kesalahan:
        raise ReferensiTidakValid(kesalahan)
    # Parents first, so every FK points at a row that already exists.
    data.sort(key=lambda d: (d["kode"].count("."), d["kode"]))
    return _upsert(KodeKegiatan, ["kode"], data, timpa=timpa)


@transaction.atomic
def hari_libur_muat(*, berkas=None, timpa=False):
    """Load national holidays and collective leave days, keyed by date. → (baru, diubah)."""
    rows = _baca_csv(berkas or REFERENSI_DIR / "hari_libur.csv")
    kesalahan = []
    data = []
    for i, r in enumerate(rows, start=2):
        try:
            tanggal = date.fromisoformat(r.get("tanggal", "").strip())
        except ValueError:
            kesalahan.append(_("Baris %(i)d: tanggal tidak valid.") % {"i": i})
            continue
        if r.get("jenis") not in HariLibur.Jenis.values or not r.get("nama", "").strip():
            kesalahan.append(_("Baris %(i)d: jenis atau nama tidak valid.") % {"i": i})
            continue
        data.append(
            {
                "tanggal": tanggal,
                "nama": r["nama"].strip(),
                "jenis": r["jenis"],
                "perlu_verifikasi": r.get("perlu_verifikasi", "0").strip() == "1",
            }
        )
    if kesalahan:
        raise ReferensiTidakValid(kesalahan)
    return _upsert(HariLibur, ["tanggal"], data, timpa=timpa)


@transaction.atomic
def aturan_dana_desa_muat(*, berkas=None, timpa=False):
    """Load the yearly Dana Desa rules, keyed by (tahun, kode). → (baru, diubah)."""
    rows = _baca_csv(berkas or REFERENSI_DIR / "aturan_dana_desa.csv")
    kesalahan = []
    data = []
    for i, r in enumerate(rows, start=2):
        disalin = (r.get("disalin_dari") or "").strip()
        obj = AturanDanaDesa(
            tahun=int(r["tahun"]) if r.get("tahun", "").isdigit() else 0,
            kode=r.get("kode", "").strip(),
            nama=r.get("nama", "").strip(),
            sumber_dana=", ".join(pecah_daftar(r.get("sumber_dana", ""))),
            awalan_kode=", ".join(pecah_daftar(r.get("awalan_kode", ""))),
            pembanding=r.get("pembanding", "").strip(),
            batas_persen=r.get("batas_persen", "").strip() or None,
            dasar_hukum=r.get("dasar_hukum", "").strip(),
            perlu_verifikasi=r.get("perlu_verifikasi", "0").strip() == "1",
            disalin_dari=int(disalin) if disalin.isdigit() else None,
            keterangan=r.get("keterangan", "").strip(),
            aktif=(r.get("aktif") or "1").strip() != "0",
        )
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            kesalahan.append(_("Baris %(i)d: %(e)s") % {"i": i, "e": "; ".join(exc.messages)})
            continue
        data.append(
            {
                f: getattr(obj, f)
                for f in (
                    "tahun",
                    "kode",
                    "nama",
                    "sumber_dana",
                    "awalan_kode",
                    "pembanding",
                    "batas_persen",
                    "dasar_hukum",
                    "perlu_verifikasi",
                    "disalin_dari",
                    "keterangan",
                    "aktif",
                )
            }
        )
    if kesalahan:
        raise ReferensiTidakValid(kesalahan)
    return _upsert(AturanDanaDesa, ["tahun", "kode"], data, timpa=timpa)


@transaction.atomic
def pemetaan_sektor_muat(*, berkas=None, timpa=False):
    """Load the sector ↔ activity-code mapping, keyed by (sektor, awalan_kode)."""
    rows = _baca_csv(berkas or REFERENSI_DIR / "pemetaan_sektor_kode.csv")
    kesalahan = []
    data = []
    for i, r in enumerate(rows, start=2):
        obj = PemetaanSektorKode(
            sektor=r.get("sektor", "").strip(),
            awalan_kode=r.get("awalan_kode", "").strip(),
            keterangan=r.get("keterangan", "").strip(),
        )
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            kesalahan.append(_("Baris %(i)d: %(e)s") % {"i": i, "e": "; ".join(exc.messages)})
            continue
        data.append(
            {"sektor": obj.sektor, "awalan_kode": obj.awalan_kode, "keterangan": obj.keterangan}
        )
    if kesalahan:
        raise ReferensiTidakValid(kesalahan)
    return _upsert(PemetaanSektorKode, ["sektor", "awalan_kode"], data, timpa=timpa)


@transaction.atomic
def pemetaan_indikator_muat(*, berkas=None, timpa=False):
    """Load the activity-code ↔ indicator table, keyed by (awalan_kode, indicator code).

    A malformed row (bad code, unknown activity code, bad flag) loads nothing and is listed.
    A row naming an indicator the catalogue does not hold (catalogue not loaded yet, or the
    indicator removed in admin) is skipped and counted, so the planning reference data loads
    on its own; running the command again after `muat_katalog` adds the skipped rows.
    → (baru, diubah, dilewati).
    """
    rows = _baca_csv(berkas or REFERENSI_DIR / "pemetaan_kode_indikator.csv")
    kode_kegiatan = set(KodeKegiatan.objects.values_list("kode", flat=True))
    indikator = dict(Indikator.objects.values_list("kode", "id"))
    kesalahan = []
    data = []
    dilewati = 0
    for i, r in enumerate(rows, start=2):
        awalan = (r.get("awalan_kode") or "").strip()
        kode_ind = (r.get("indikator") or "").strip()
        flag = (r.get("perlu_verifikasi") or "0").strip()
        if not POLA_KODE.match(awalan) or awalan not in kode_kegiatan:
            kesalahan.append(
                _("Baris %(i)d: kode kegiatan %(k)s tidak dikenal.") % {"i": i, "k": awalan}
            )
            continue
        if not kode_ind or flag not in ("0", "1"):
            kesalahan.append(
                _("Baris %(i)d: indikator kosong atau perlu_verifikasi bukan 0/1.") % {"i": i}
            )
            continue
        if kode_ind not in indikator:
            dilewati += 1
            continue
        data.append(
            {
                "awalan_kode": awalan,
                "indikator_id": indikator[kode_ind],
                "perlu_verifikasi": flag == "1",
                "keterangan": (r.get("keterangan") or "").strip()[:255],
            }
        )
    if kesalahan:
        raise ReferensiTidakValid(kesalahan)
    baru, diubah = _upsert(
        PemetaanKodeIndikator, ["awalan_kode", "indikator_id"], data, timpa=timpa
    )
    return baru, diubah, dilewati


def referensi_muat(*, timpa=False):
    """All five reference files. → {name: (baru, diubah[, dilewati])}."""
    with transaction.atomic():
        return {
            "kode_kegiatan": kode_kegiatan_muat(timpa=timpa),
            "hari_libur": hari_libur_muat(timpa=timpa),
            "aturan_dana_desa": aturan_dana_desa_muat(timpa=timpa),
            "pemetaan_sektor": pemetaan_sektor_muat(timpa=timpa),
            "pemetaan_indikator": pemetaan_indikator_muat(timpa=timpa),
        }


@transaction.atomic
def aturan_dana_desa_salin(*, dari_tahun, ke_tahun=None):
    """Carry a year's Dana Desa rules into the next year (or `ke_tahun`), flagged unverified.

    For a plan year whose own regulation has not been entered: the copied rows keep the
    values and legal basis of `dari_tahun`, are marked `perlu_verifikasi` and `disalin_dari`,
    and the review page and letter say so. A rule code the target year already has is left
    as it is. → the number of rows created.
    """
    ke_tahun = dari_tahun + 1 if ke_tahun is None else ke_tahun
    if ke_tahun == dari_tahun:
        raise ValidationError(_("Tahun tujuan harus berbeda dari tahun asal."))
    ada = set(AturanDanaDesa.objects.filter(tahun=ke_tahun).values_list("kode", flat=True))
    baru = [
        AturanDanaDesa(
            tahun=ke_tahun,
            kode=a.kode,
            nama=a.nama,
            sumber_dana=a.sumber_dana,
            awalan_kode=a.awalan_kode,
            pembanding=a.pembanding,
            batas_persen=a.batas_persen,
            dasar_hukum=a.dasar_hukum,
            perlu_verifikasi=True,
            # A chain of copies keeps pointing at the year whose regulation was read.
            disalin_dari=a.disalin_dari or a.tahun,
            keterangan=a.keterangan,
            aktif=a.aktif,
        )
        for a in AturanDanaDesa.objects.filter(tahun=dari_tahun).order_by("kode")
        if a.kode not in ada
    ]
    AturanDanaDesa.objects.bulk_create(baru)
    return len(baru)


# --- who may act ---------------------------------------------------------------------------


def _wajib_operator_desa(oleh, rencana):
    """Only the village's own operator (or a superuser) enters, submits and revises."""
    lingkup = lingkup_user(oleh)
    if lingkup is not None and lingkup.superuser:
        return
    if lingkup is None or lingkup.peran != Peran.OPERATOR_DESA or lingkup.kode != rencana.desa_id:
        raise PermissionDenied(_("Hanya operator desa yang bersangkutan yang dapat melakukannya."))


def _wajib_pimpinan(oleh, rencana):
    """Only the camat or sekcam of the village's kecamatan (or a superuser) reviews."""
    lingkup = lingkup_user(oleh)
    if lingkup is None or not lingkup.is_pimpinan or not lingkup.boleh_ubah(rencana.desa_id):
        raise PermissionDenied(_("Hanya camat atau sekcam kecamatan ini yang dapat meninjau."))


def _kunci(rencana):
    """Re-read the plan under a row lock so two people acting at once are serialised."""
    return Rencana.objects.select_for_update().get(pk=rencana.pk)


def _wajib_status(rencana, *status):
    if rencana.status not in status:
        raise ValidationError(
            _("Tindakan ini tidak dapat dilakukan pada rencana berstatus %(s)s.")
            % {"s": rencana.get_status_display()}
        )


def _libur(dari):
    # The clock never runs more than a few months: load only that window's holidays.
    return set(
        HariLibur.objects.filter(
            tanggal__gt=dari, tanggal__lte=dari + timedelta(days=366)
        ).values_list("tanggal", flat=True)
    )


def _catat(rencana, *, aksi, dari, oleh, catatan="", tenggat=None):
    return RiwayatRencana.objects.create(
        rencana=rencana,
        aksi=aksi,
        dari=dari,
        ke=rencana.status,
        oleh=oleh,
        putaran=rencana.putaran,
        catatan=catatan,
        tenggat=tenggat,
    )


# --- plans and lines -----------------------------------------------------------------------


@transaction.atomic
def rencana_buat(*, desa, tahun, jenis, oleh):
    rencana = Rencana(desa=desa, tahun=tahun, jenis=jenis, dibuat_oleh=oleh)
    _wajib_operator_desa(oleh, rencana)
    if Rencana.objects.filter(desa=desa, tahun=tahun, jenis=jenis).exists():
        raise ValidationError(
            _("%(j)s %(t)d untuk desa ini sudah ada.")
            % {"j": Rencana.Jenis(jenis).label, "t": tahun}
        )
    rencana.save()
    _catat(rencana, aksi=RiwayatRencana.Aksi.DIBUAT, dari="", oleh=oleh)
    return rencana


def _validasi_referensi(baris):
    """Defence behind the forms: codes are active kegiatan, indicators exist, sources known."""
    kode = {b["kode_kegiatan"] for b in baris}
    sah = set(
        KodeKegiatan.objects.filter(
            kode__in=kode, tingkat=KodeKegiatan.Tingkat.KEGIATAN, aktif=True
        ).values_list("kode", flat=True)
    )
    ind = {i for b in baris for i in b.get("indikator") or ()}
    ind_sah = set(Indikator.objects.filter(pk__in=ind).values_list("pk", flat=True))
    if kode - sah or ind - ind_sah or any(b["sumber_dana"] not in SumberDana.values for b in baris):
        raise ValidationError(
            _("Baris kegiatan memuat kode, indikator atau sumber dana tidak sah.")
        )


def _isi_baris(obj, data, urutan):
    obj.urutan = urutan
    obj.kode_kegiatan_id = data["kode_kegiatan"]
    obj.nama = data["nama"]
    obj.lokasi = data.get("lokasi") or ""
    obj.volume = data["volume"]
    obj.satuan = data["satuan"]
    obj.anggaran = data["anggaran"]
    obj.sumber_dana = data["sumber_dana"]
    return obj


@transaction.atomic
def baris_simpan(*, rencana, oleh, baris, versi=None):
    """Save the entry grid: lines with an `id` are updated, new ones created, missing ones
    deleted. Line ids survive edits, so the camat's reasons stay attached to their lines.
    `versi`: the plan's version the form was loaded with; a stale grid is refused."""
    rencana = _kunci(rencana)
    if versi is not None:
        terakhir = rencana.riwayat.order_by("-pada", "-pk").select_related("oleh").first()
        periksa_versi(
            terkini=rencana.diperbarui,
            dikirim=versi,
            oleh=terakhir.oleh if terakhir else None,
        )
    _wajib_operator_desa(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DRAF, Rencana.Status.PERLU_REVISI)
    _validasi_referensi(baris)
    ada = {b.id: b for b in rencana.baris.all()}
    simpan_id = {d["id"] for d in baris if d.get("id")}
    if simpan_id - set(ada):
        raise ValidationError(_("Baris kegiatan tidak ditemukan dalam rencana ini."))
    dihapus = [i for i in ada if i not in simpan_id]
    BarisKegiatan.objects.filter(pk__in=dihapus).delete()
    n_baru = n_ubah = 0
    for urutan, data in enumerate(baris, start=1):
        if data.get("id"):
            obj = _isi_baris(ada[data["id"]], data, urutan)
            n_ubah += 1
        else:
            obj = _isi_baris(BarisKegiatan(rencana=rencana), data, urutan)
            n_baru += 1
        obj.save()
        obj.indikator.set(data.get("indikator") or [])
    _catat(
        rencana,
        aksi=RiwayatRencana.Aksi.DIUBAH,
        dari=rencana.status,
        oleh=oleh,
        catatan=_("%(b)d baris baru, %(u)d baris disimpan, %(h)d baris dihapus.")
        % {"b": n_baru, "u": n_ubah, "h": len(dihapus)},
    )
    rencana.save(update_fields=["diperbarui"])
    return rencana


@transaction.atomic
def baris_ganti(*, rencana, oleh, baris, nama_berkas=""):
    """Replace every line of the plan (an Excel import). Callers pass only fully valid rows:
    the import refuses the whole file when any row is bad, so nothing half-imported exists."""
    rencana = _kunci(rencana)
    _wajib_operator_desa(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DRAF, Rencana.Status.PERLU_REVISI)
    _validasi_referensi(baris)
    rencana.baris.all().delete()
    objs = BarisKegiatan.objects.bulk_create(
        [_isi_baris(BarisKegiatan(rencana=rencana), d, i) for i, d in enumerate(baris, start=1)]
    )
    Through = BarisKegiatan.indikator.through
    Through.objects.bulk_create(
        [
            Through(bariskegiatan_id=obj.id, indikator_id=ind)
            for obj, d in zip(objs, baris, strict=True)
            for ind in sorted(set(d.get("indikator") or ()))
        ]
    )
    _catat(
        rencana,
        aksi=RiwayatRencana.Aksi.DIIMPOR,
        dari=rencana.status,
        oleh=oleh,
        catatan=_("%(n)d baris diimpor dari %(f)s.") % {"n": len(objs), "f": nama_berkas or "-"},
    )
    rencana.save(update_fields=["diperbarui"])
    return rencana


# --- the review workflow -------------------------------------------------------------------


@transaction.atomic
def rencana_ajukan(*, rencana, oleh):
    """Submit (or resubmit after a revision): the kecamatan's clock starts on receipt."""
    rencana = _kunci(rencana)
    _wajib_operator_desa(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DRAF, Rencana.Status.PERLU_REVISI)
    anggaran = list(rencana.baris.order_by().values_list("anggaran", flat=True))
    if not anggaran:
        raise ValidationError(_("Rencana belum memiliki baris kegiatan."))
    dari = rencana.status
    hari_ini = timezone.localdate()
    rencana.status = Rencana.Status.DIAJUKAN
    rencana.putaran += 1
    rencana.diterima_pada = hari_ini
    rencana.tenggat = tambah_hari_kerja(hari_ini, hari_kerja_evaluasi(), _libur(hari_ini))
    rencana.tenggat_pihak = Rencana.Pihak.KECAMATAN
    rencana.diputuskan_pada = None
    rencana.save()
    _catat(
        rencana,
        aksi=RiwayatRencana.Aksi.DIAJUKAN,
        dari=dari,
        oleh=oleh,
        tenggat=rencana.tenggat,
        catatan=_("%(n)d baris kegiatan, jumlah anggaran Rp %(a)s.")
        % {"n": len(anggaran), "a": f"{sum(anggaran):,}".replace(",", ".")},
    )
    return rencana


@transaction.atomic
def rencana_mulai_tinjau(*, rencana, oleh):
    rencana = _kunci(rencana)
    _wajib_pimpinan(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DIAJUKAN)
    rencana.status = Rencana.Status.DITINJAU
    rencana.save()  # the kecamatan's clock keeps running from receipt
    _catat(rencana, aksi=RiwayatRencana.Aksi.DITINJAU, dari=Rencana.Status.DIAJUKAN, oleh=oleh)
    return rencana


@transaction.atomic
def rencana_kembalikan(*, rencana, oleh, catatan="", catatan_baris=None):
    """Return for revision with reasons (per line and/or general); the village's own clock of
    N working days starts today."""
    rencana = _kunci(rencana)
    _wajib_pimpinan(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DITINJAU)
    catatan = (catatan or "").strip()
    catatan_baris = {k: v.strip() for k, v in (catatan_baris or {}).items() if v and v.strip()}
    if not catatan and not catatan_baris:
        raise ValidationError(_("Tuliskan alasan revisi."))
    baris = {b.id: b for b in rencana.baris.filter(pk__in=list(catatan_baris))}
    if set(catatan_baris) - set(baris):
        raise ValidationError(_("Baris kegiatan tidak ditemukan dalam rencana ini."))
    hari_ini = timezone.localdate()
    rencana.status = Rencana.Status.PERLU_REVISI
    rencana.tenggat = tambah_hari_kerja(hari_ini, hari_kerja_revisi(), _libur(hari_ini))
    rencana.tenggat_pihak = Rencana.Pihak.DESA
    rencana.diputuskan_pada = timezone.now()
    rencana.save()
    riwayat = _catat(
        rencana,
        aksi=RiwayatRencana.Aksi.DIKEMBALIKAN,
        dari=Rencana.Status.DITINJAU,
        oleh=oleh,
        catatan=catatan,
        tenggat=rencana.tenggat,
    )
    CatatanRevisi.objects.bulk_create(
        [
            CatatanRevisi(
                riwayat=riwayat,
                baris=baris[i],
                kode_kegiatan=baris[i].kode_kegiatan_id,
                nama_kegiatan=baris[i].nama,
                teks=teks,
            )
            for i, teks in catatan_baris.items()
        ]
    )
    return rencana


@transaction.atomic
def rencana_setujui(*, rencana, oleh, catatan=""):
    rencana = _kunci(rencana)
    _wajib_pimpinan(oleh, rencana)
    _wajib_status(rencana, Rencana.Status.DITINJAU)
    rencana.status = Rencana.Status.DISETUJUI
    rencana.tenggat = None
    rencana.tenggat_pihak = ""
    rencana.diputuskan_pada = timezone.now()
    rencana.save()
    _catat(
        rencana,
        aksi=RiwayatRencana.Aksi.DISETUJUI,
        dari=Rencana.Status.DITINJAU,
        oleh=oleh,
        catatan=(catatan or "").strip(),
    )
    return rencana


@transaction.atomic
def rencana_berlaku_otomatis(*, hari_ini=None):
    """An APB Desa whose evaluation deadline passed with no result from the kecamatan takes
    effect by itself (DESIGN §6): status berlaku, the clock stopped, the step recorded as the
    system's. RKP Desa and plans on the village's revision clock are left alone. Set-based and
    safe to repeat; plans being decided right now are skipped (SKIP LOCKED) for the next run.
    Returns the number of plans that took effect."""
    hari_ini = hari_ini or timezone.localdate()
    lewat = list(
        Rencana.objects.select_for_update(skip_locked=True)
        .filter(
            jenis=Rencana.Jenis.APB,
            status__in=[Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU],
            tenggat_pihak=Rencana.Pihak.KECAMATAN,
            tenggat__lt=hari_ini,
        )
        .values_list("pk", "status", "putaran", "tenggat")
    )
    if not lewat:
        return 0
    Rencana.objects.filter(pk__in=[r[0] for r in lewat]).update(
        status=Rencana.Status.BERLAKU, tenggat=None, tenggat_pihak="", diperbarui=timezone.now()
    )
    RiwayatRencana.objects.bulk_create(
        RiwayatRencana(
            rencana_id=pk,
            aksi=RiwayatRencana.Aksi.BERLAKU,
            dari=dari,
            ke=Rencana.Status.BERLAKU,
            oleh=None,
            putaran=putaran,
            catatan=_(
                "Kecamatan tidak menyampaikan hasil evaluasi sampai tenggat %(tenggat)s; "
                "rancangan APB Desa berlaku dengan sendirinya."
            )
            % {"tenggat": date_format(tenggat, "DATE_FORMAT")},
        )
        for pk, dari, putaran, tenggat in lewat
    )
    return len(lewat)


# --- demo ----------------------------------------------------------------------------------

# A typical APB Desa, in Rupiah: (code, name, volume, unit, budget, source, indicator codes).
_CONTOH_BARIS = [
    ("1.1.01", "Penghasilan tetap dan tunjangan kepala desa", 12, "bulan", 54_000_000, "ADD", ()),
    ("1.1.04", "Operasional pemerintah desa", 12, "bulan", 15_600_000, "DDS", ()),
    ("2.1.02", "Alat peraga edukatif PAUD", 2, "paket", 15_000_000, "DDS", ("spm-pdd-paud",)),
    (
        "2.2.02",
        "Posyandu: makanan tambahan dan kelas ibu hamil",
        12,
        "bulan",
        36_000_000,
        "DDS",
        ("spm-kes-bumil", "spm-kes-balita"),
    ),
    ("2.3.10", "Pengerasan jalan desa", 350, "meter", 180_000_000, "DDS", ()),
    ("2.4.12", "Pipanisasi air bersih ke rumah tangga", 1.2, "km", 95_000_000, "DDS", ()),
    ("4.2.01", "Bibit dan pupuk tanaman pangan", 1, "paket", 110_000_000, "DDS", ()),
    ("5.3.00", "BLT Desa", 12, "bulan", 86_400_000, "DDS", ()),
]


@transaction.atomic
def rencana_demo_buat(*, kecamatan_kode, tahun, jumlah_desa=6):
    """Sample plans (not real data) for the first villages of a kecamatan, one per status, so
    the demo's overview and review pages have something to show. Villages that already have a
    plan for the year are left alone. Acts as a superuser. → number of plans created."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from wilayah.models import Desa

    admin = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if admin is None:
        raise ValueError(_("Butuh satu akun superuser (jalankan buat_pengguna_demo)."))
    if not KodeKegiatan.objects.exists():
        raise ValueError(_("Kode kegiatan belum dimuat (jalankan muat_referensi_perencanaan)."))
    indikator = dict(Indikator.objects.values_list("kode", "id"))
    desa = list(Desa.objects.filter(kecamatan_id=kecamatan_kode, aktif=True).order_by("kode"))
    alur = ["draf", "diajukan", "ditinjau", "perlu_revisi", "disetujui", "diajukan"]
    dibuat = 0
    for i, d in enumerate(desa[:jumlah_desa]):
        if Rencana.objects.filter(desa=d, tahun=tahun, jenis=Rencana.Jenis.APB).exists():
            continue
        rencana = rencana_buat(desa=d, tahun=tahun, jenis=Rencana.Jenis.APB, oleh=admin)
        baris = [
            {
                "kode_kegiatan": kode,
                "nama": nama,
                "lokasi": f"Dusun {1 + (i + n) % 4}",
                "volume": Decimal(str(vol)),
                "satuan": sat,
                # Vary the budgets between villages, deterministically.
                "anggaran": rp * (90 + (i * 7 + n * 3) % 25) // 100 // 1000 * 1000,
                "sumber_dana": sumber,
                "indikator": [indikator[k] for k in ind if k in indikator],
            }
            for n, (kode, nama, vol, sat, rp, sumber, ind) in enumerate(_CONTOH_BARIS)
            if not (kode == "2.4.12" and i % 2)  # half the villages plan no water
        ]
        baris_simpan(rencana=rencana, oleh=admin, baris=baris)
        target = alur[i % len(alur)]
        if target != "draf":
            rencana_ajukan(rencana=rencana, oleh=admin)
        if target in ("ditinjau", "perlu_revisi", "disetujui"):
            rencana_mulai_tinjau(rencana=rencana, oleh=admin)
        if target == "perlu_revisi":
            jalan = rencana.baris.get(kode_kegiatan_id="2.3.10")
            rencana_kembalikan(
                rencana=rencana,
                oleh=admin,
                catatan=_("Contoh: utamakan kegiatan layanan dasar yang masih di bawah target."),
                catatan_baris={jalan.id: _("Contoh: kurangi volume, alihkan ke air bersih.")},
            )
        if target == "disetujui":
            rencana_setujui(rencana=rencana, oleh=admin)
        dibuat += 1
    return dibuat
