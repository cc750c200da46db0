"""Writes for P3PD 1D reporting. Views validate forms; these functions save, each in one
transaction, and refuse what the rules forbid with a ValidationError in Bahasa Indonesia."""

import logging
import secrets
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wilayah.models import Kecamatan, Peran, Tingkat, tingkat_dari_kode

from . import ekspor, selectors
from .models import LaporanTriwulan, PekerjaanEkspor
from .triwulan import Triwulan

log = logging.getLogger(__name__)


def _simpan_dengan_anak(*, form, formsets, kecamatan):
    obj = form.save(commit=False)
    if kecamatan is not None:
        obj.kecamatan = kecamatan
    obj.save()
    for fs in formsets:
        fs.instance = obj
        fs.save()
    return obj


@transaction.atomic
def tim_simpan(*, form, formset_anggota, kecamatan=None):
    """Save a dashboard team and its members together (all or nothing)."""
    return _simpan_dengan_anak(form=form, formsets=[formset_anggota], kecamatan=kecamatan)


@transaction.atomic
def pelatihan_simpan(*, form, formset_peserta, formset_lampiran, kecamatan=None):
    for f in formset_lampiran.forms:
        berkas = f.cleaned_data.get("berkas") if f.cleaned_data else None
        if berkas is not None and hasattr(berkas, "content_type") and not f.instance.nama_asli:
            f.instance.nama_asli = Path(berkas.name).name[:255]
    return _simpan_dengan_anak(
        form=form, formsets=[formset_peserta, formset_lampiran], kecamatan=kecamatan
    )


@transaction.atomic
def rapat_simpan(*, form, formset_kehadiran, formset_tindak_lanjut, kecamatan=None):
    return _simpan_dengan_anak(
        form=form, formsets=[formset_kehadiran, formset_tindak_lanjut], kecamatan=kecamatan
    )


@transaction.atomic
def monev_simpan(*, form, kecamatan=None):
    return _simpan_dengan_anak(form=form, formsets=[], kecamatan=kecamatan)


def _laporan_terkunci(kecamatan, tw):
    laporan, _baru = LaporanTriwulan.objects.select_for_update().get_or_create(
        kecamatan=kecamatan, periode=tw.mulai
    )
    return laporan


@transaction.atomic
def laporan_narasi_simpan(*, kecamatan, tw, narasi, user):
    """Save the camat's narrative on the quarter's report record (created on first save)."""
    laporan = _laporan_terkunci(kecamatan, tw)
    if laporan.ditandatangani:
        raise ValidationError(_("Laporan sudah ditandatangani dan tidak dapat diubah."))
    laporan.narasi = narasi.strip()
    laporan.diubah_oleh = user
    laporan.save(update_fields=["narasi", "diubah_oleh", "diperbarui"])
    return laporan


@transaction.atomic
def laporan_tandatangani(*, kecamatan, tw, user, hari_ini=None):
    """The camat signs the quarter's report: its figures are generated one last time and frozen
    with the signature, so later data changes do not alter what was signed."""
    hari_ini = hari_ini or timezone.localdate()
    penugasan = getattr(user, "penugasan", None)
    if (
        penugasan is None
        or penugasan.peran != Peran.CAMAT
        or penugasan.wilayah_kode != (kecamatan.kode)
    ):
        raise ValidationError(_("Hanya camat kecamatan ini yang dapat menandatangani laporan."))
    if tw.akhir >= hari_ini:
        raise ValidationError(
            _("Laporan %(tw)s baru dapat ditandatangani setelah triwulan berakhir.")
            % {"tw": tw.label}
        )
    laporan = _laporan_terkunci(kecamatan, tw)
    if laporan.ditandatangani:
        raise ValidationError(_("Laporan sudah ditandatangani."))
    if not laporan.narasi.strip():
        raise ValidationError(_("Isi narasi camat sebelum menandatangani laporan."))
    laporan.data_beku = selectors.laporan_data(kecamatan, tw, hari_ini=hari_ini)
    laporan.status = LaporanTriwulan.Status.DITANDATANGANI
    laporan.ditandatangani_oleh = user
    laporan.nama_penandatangan = (user.get_full_name() or user.username)[:150]
    laporan.ditandatangani_pada = timezone.now()
    laporan.save()
    return laporan


# --- export jobs ------------------------------------------------------------------------------


@transaction.atomic
def pekerjaan_laporan_buat(*, user, wilayah_kode, tw, format):
    """Queue a batch of quarterly reports for every active kecamatan of a kabupaten or
    province. The task is enqueued only once the row is committed."""
    if tingkat_dari_kode(wilayah_kode) not in (Tingkat.PROVINSI, Tingkat.KABUPATEN):
        raise ValidationError(_("Pilih satu kabupaten/kota atau provinsi."))
    total = Kecamatan.objects.aktif().filter(kode__startswith=wilayah_kode + ".").count()
    if not total:
        raise ValidationError(_("Tidak ada kecamatan aktif di wilayah ini."))
    return _pekerjaan_antre(
        jenis=PekerjaanEkspor.Jenis.LAPORAN,
        user=user,
        wilayah_kode=wilayah_kode,
        tw=tw,
        format=format,
        total=total,
    )


@transaction.atomic
def pekerjaan_profil_buat(*, user, kecamatan, tw):
    """Queue the PDF of every desa profile of one kecamatan."""
    return _pekerjaan_antre(
        jenis=PekerjaanEkspor.Jenis.PROFIL_DESA,
        user=user,
        wilayah_kode=kecamatan.kode,
        tw=tw,
        format=PekerjaanEkspor.Format.PDF,
        total=kecamatan.desa.filter(aktif=True).count(),
    )


def _pekerjaan_antre(*, jenis, user, wilayah_kode, tw, format, total):
    pekerjaan = PekerjaanEkspor.objects.create(
        jenis=jenis,
        wilayah_kode=wilayah_kode,
        periode=tw.mulai,
        format=format,
        total=total,
        dibuat_oleh=user,
    )
    transaction.on_commit(lambda: _kirim(pekerjaan.pk))
    return pekerjaan


def _kirim(pekerjaan_id):
    from .tasks import pekerjaan_ekspor_jalankan

    try:
        pekerjaan_ekspor_jalankan.delay(pekerjaan_id)
    except Exception as exc:  # broker down: say so on the job rather than lose it silently
        log.exception("antrean ekspor tidak tersedia")
        PekerjaanEkspor.objects.filter(pk=pekerjaan_id).update(
            status=PekerjaanEkspor.Status.GAGAL,
            galat=_("Antrean pekerjaan tidak tersedia: %(e)s") % {"e": exc},
        )


def pekerjaan_macet_tandai(*, sekarang=None):
    """Mark as failed the export jobs whose process is gone, so their users see it and can
    start them again: running past the hard task time limit (the worker died or was killed:
    the task can no longer be alive), or waiting far longer than any queue (the message was
    lost). Returns the number of jobs marked."""
    sekarang = sekarang or timezone.now()
    jalan_maks = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)
    tunggu_maks = timedelta(seconds=getattr(settings, "PELAPORAN_PEKERJAAN_TUNGGU_DETIK", 6 * 3600))
    S = PekerjaanEkspor.Status
    n = PekerjaanEkspor.objects.filter(
        status=S.BERJALAN, mulai_pada__lt=sekarang - jalan_maks
    ).update(
        status=S.GAGAL,
        galat=_("Proses pembuatan terhenti sebelum selesai. Mulai ulang pekerjaan ini."),
        selesai_pada=sekarang,
    )
    n += PekerjaanEkspor.objects.filter(
        status=S.MENUNGGU, dibuat__lt=sekarang - tunggu_maks
    ).update(
        status=S.GAGAL,
        galat=_("Pekerjaan tidak pernah dimulai oleh antrean. Mulai ulang pekerjaan ini."),
        selesai_pada=sekarang,
    )
    if n:
        log.warning("%d pekerjaan ekspor macet ditandai gagal", n)
    return n


@transaction.atomic
def pekerjaan_ulang(*, pekerjaan):
    """Queue a failed job again from zero."""
    p = PekerjaanEkspor.objects.select_for_update().get(pk=pekerjaan.pk)
    if p.status != PekerjaanEkspor.Status.GAGAL:
        raise ValidationError(_("Hanya pekerjaan yang gagal yang dapat dimulai ulang."))
    PekerjaanEkspor.objects.filter(pk=p.pk).update(
        status=PekerjaanEkspor.Status.MENUNGGU,
        selesai=0,
        galat="",
        berkas="",
        mulai_pada=None,
        selesai_pada=None,
        dibuat=timezone.now(),
    )
    transaction.on_commit(lambda: _kirim(p.pk))
    return p


def direktori_ekspor():
    d = Path(settings.MEDIA_ROOT) / "pelaporan" / "ekspor"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _kemajuan(pekerjaan, **kolom):
    # Outside any long transaction, so the polling page sees each step at once.
    PekerjaanEkspor.objects.filter(pk=pekerjaan.pk).update(**kolom)
    for k, v in kolom.items():
        setattr(pekerjaan, k, v)


def pekerjaan_ekspor_jalankan(*, pekerjaan_id):
    """Build the job's archive step by step, recording progress after each file.

    Deliberately not one transaction: progress must be visible while it runs. A redelivered
    task (worker died) starts again from zero and overwrites the partial file.
    """
    pekerjaan = PekerjaanEkspor.objects.filter(pk=pekerjaan_id).first()
    if pekerjaan is None or pekerjaan.status == PekerjaanEkspor.Status.SELESAI:
        return pekerjaan
    tw = Triwulan.dari_tanggal(pekerjaan.periode)
    _kemajuan(
        pekerjaan,
        status=PekerjaanEkspor.Status.BERJALAN,
        selesai=0,
        galat="",
        mulai_pada=timezone.now(),
    )
    tujuan = direktori_ekspor() / f"{pekerjaan.jenis}-{pekerjaan.pk}.zip"
    # Its own part file: a redelivered task and a restart by the user may overlap.
    sementara = tujuan.with_name(f"{tujuan.stem}-{secrets.token_hex(4)}.part")
    try:
        with zipfile.ZipFile(sementara, "w", zipfile.ZIP_DEFLATED) as arsip:
            if pekerjaan.jenis == PekerjaanEkspor.Jenis.LAPORAN:
                _isi_arsip_laporan(pekerjaan, tw, arsip)
            else:
                _isi_arsip_profil(pekerjaan, tw, arsip)
        sementara.replace(tujuan)  # the finished archive appears whole, never half-written
    except Exception as exc:
        log.exception("pekerjaan ekspor %s gagal", pekerjaan.pk)
        sementara.unlink(missing_ok=True)
        _kemajuan(
            pekerjaan,
            status=PekerjaanEkspor.Status.GAGAL,
            galat=str(exc)[:2000],
            selesai_pada=timezone.now(),
        )
        return pekerjaan
    _kemajuan(
        pekerjaan,
        status=PekerjaanEkspor.Status.SELESAI,
        berkas=str(tujuan.relative_to(settings.MEDIA_ROOT)),
        selesai_pada=timezone.now(),
    )
    return pekerjaan


def _isi_arsip_laporan(pekerjaan, tw, arsip):
    kecamatan = list(
        Kecamatan.objects.aktif()
        .filter(kode__startswith=pekerjaan.wilayah_kode + ".")
        .select_related("kabupaten__provinsi")
        .order_by("kode")
    )
    _kemajuan(pekerjaan, total=len(kecamatan))
    for i, kec in enumerate(kecamatan, start=1):
        laporan, data = selectors.laporan_tampil(kec, tw)
        nama = f"laporan-{kec.kode}-{ekspor.slug(kec.nama)}-{tw.teks}"
        if pekerjaan.format in (PekerjaanEkspor.Format.XLSX, PekerjaanEkspor.Format.KEDUANYA):
            arsip.writestr(f"{nama}.xlsx", ekspor.laporan_xlsx(data, laporan))
        if pekerjaan.format in (PekerjaanEkspor.Format.PDF, PekerjaanEkspor.Format.KEDUANYA):
            arsip.writestr(f"{nama}.pdf", ekspor.laporan_pdf(data, laporan))
        _kemajuan(pekerjaan, selesai=i)


def _isi_arsip_profil(pekerjaan, tw, arsip):
    kec = Kecamatan.objects.select_related("kabupaten__provinsi").get(pk=pekerjaan.wilayah_kode)
    profil = selectors.profil_desa(kec, tw)
    _kemajuan(pekerjaan, total=len(profil["desa"]))
    pdf = ekspor.profil_pdf(profil, kemajuan=lambda i: _kemajuan(pekerjaan, selesai=i))
    arsip.writestr(f"profil-desa-{kec.kode}-{ekspor.slug(kec.nama)}-{tw.teks}.pdf", pdf)


# --- demo -------------------------------------------------------------------------------------


@transaction.atomic
def pelaporan_demo_buat(*, kecamatan_kode, hari_ini=None):
    """Sample P3PD records for one kecamatan (a team, trainings, meetings with follow-ups, a
    joint monitoring agenda), dated around the last finished quarter, marked as samples in
    their notes. Safe to repeat: a kecamatan that already has a sample team is left alone.
    Returns the number of records created."""
    import datetime as dt

    from wilayah.models import Desa

    from .models import (
        AgendaMonev,
        AnggotaTim,
        KehadiranRapat,
        Pelatihan,
        PesertaPelatihan,
        RapatKoordinasi,
        TimPengelola,
        TindakLanjutRapat,
    )

    kecamatan = Kecamatan.objects.filter(kode=kecamatan_kode).first()
    if kecamatan is None:
        raise ValueError(_("Kecamatan %(kode)s tidak dikenal.") % {"kode": kecamatan_kode})
    catatan = _("Data contoh, bukan data sebenarnya.")
    if TimPengelola.objects.filter(kecamatan=kecamatan, keterangan=catatan).exists():
        return 0
    hari_ini = hari_ini or timezone.localdate()
    tw = Triwulan.terakhir_selesai(hari_ini)
    desa = list(Desa.objects.filter(kecamatan=kecamatan, aktif=True).order_by("kode")[:3])
    n = 0
    tim = TimPengelola.objects.create(
        kecamatan=kecamatan,
        nomor_sk=f"100.3.3/{tw.tahun}/01",
        tanggal_sk=tw.mulai - dt.timedelta(days=20),
        berlaku_dari=tw.mulai - dt.timedelta(days=20),
        keterangan=catatan,
    )
    anggota = [
        ("Camat", "penanggung_jawab", "Camat"),
        ("Sekretaris Camat", "ketua", "Sekcam"),
        ("Kasi Pemerintahan", "sekretaris", "Kasi Pemerintahan"),
        ("Operator Kecamatan", "operator", "Operator data"),
        ("Kepala Puskesmas", "anggota", "UPT Kesehatan"),
        ("Korwil Pendidikan", "anggota", "UPT Pendidikan"),
    ]
    AnggotaTim.objects.bulk_create(
        [AnggotaTim(tim=tim, nama=nama, peran=peran, jabatan=jab) for nama, peran, jab in anggota]
    )
    n += 1 + len(anggota)
    for modul, hari, peserta in [
        (1, 10, ["camat", "operator_kecamatan", "upt_kesehatan", "upt_pendidikan"]),
        (8, 40, ["operator_kecamatan", "operator_desa", "operator_desa", "kepala_desa"]),
        (9, 70, ["sekcam", "staf_kecamatan", "operator_kecamatan"]),
    ]:
        p = Pelatihan.objects.create(
            kecamatan=kecamatan,
            modul=modul,
            tanggal_mulai=tw.mulai + dt.timedelta(days=hari),
            tempat=_("Aula kecamatan"),
            penyelenggara=_("Sekber P3PD Kabupaten"),
            keterangan=catatan,
        )
        PesertaPelatihan.objects.bulk_create(
            [
                PesertaPelatihan(
                    pelatihan=p,
                    nama=f"Peserta {i + 1}",
                    peran=peran,
                    desa=desa[i % len(desa)] if peran in ("operator_desa", "kepala_desa") else None,
                )
                for i, peran in enumerate(peserta)
            ]
        )
        n += 1 + len(peserta)
    for hari, judul, tindak in [
        (20, _("Rapat koordinasi data layanan dasar"), _("Lengkapi data bulan lalu")),
        (55, _("Rapat koordinasi konvergensi stunting"), _("Kunjungan rumah ibu hamil risiko")),
    ]:
        r = RapatKoordinasi.objects.create(
            kecamatan=kecamatan,
            tanggal=tw.mulai + dt.timedelta(days=hari),
            judul=judul,
            agenda=catatan,
            keputusan=_("Ditindaklanjuti oleh UPT dan desa."),
        )
        KehadiranRapat.objects.bulk_create(
            [KehadiranRapat(rapat=r, nama=nama, jabatan=jab) for nama, _p, jab in anggota]
        )
        TindakLanjutRapat.objects.create(
            rapat=r,
            uraian=tindak,
            penanggung_jawab=_("UPT Kesehatan"),
            tenggat=r.tanggal + dt.timedelta(days=14),
        )
        n += 2 + len(anggota)
    AgendaMonev.objects.create(
        kecamatan=kecamatan,
        kegiatan=_("Monev bersama Sekber kabupaten"),
        tanggal_rencana=tw.akhir - dt.timedelta(days=10),
        tanggal_pelaksanaan=tw.akhir - dt.timedelta(days=9),
        status=AgendaMonev.Status.TERLAKSANA,
        pihak_sekber=_("Sekber P3PD Kabupaten"),
        hasil=catatan,
    )
    return n + 1
