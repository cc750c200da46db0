"""Writes of the complaint desk: filing, the SP4N-LAPOR! workflow, the clock, ratings, e-mail.

Every state change locks the complaint row (two officers acting at once cannot both win), checks
the transition, and records it in Riwayat with who and when. Views authorise first (through
selectors.access_pengaduan); the services still refuse read-only monitors.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.antrean import kirim_setelah_commit
from wilayah.access import lingkup_user
from wilayah.kalender import batas_hari_kerja, zona_desa
from wilayah.models import SEKTOR_BAWAAN_PERAN, Desa, Sektor

from . import conf
from .models import (
    FOLDER_FOTO,
    STATUS_AKHIR,
    Foto,
    Pelaku,
    Pengaduan,
    Penilaian,
    Riwayat,
    Status,
    Tanggapan,
    Unit,
    kode_lacak_baru,
)

Aksi = Riwayat.Aksi


# --- routing ---------------------------------------------------------------------------------


def kecamatan_dari_desa(desa_kode):
    # Codes are hierarchical: the kecamatan is the village code without its last part.
    return desa_kode.rsplit(".", 1)[0]


def unit_untuk(*, sektor, desa_kode, urusan_desa=False):
    """The unit responsible by default: the village government for village matters, otherwise
    the kecamatan role whose default sectors include this one (wilayah.SEKTOR_BAWAAN_PERAN,
    the same table that decides which sectors those roles see)."""
    if urusan_desa:
        return Unit.DESA.value, desa_kode
    for peran, sektor_peran in SEKTOR_BAWAAN_PERAN.items():
        if sektor in sektor_peran:
            return Unit(peran).value, kecamatan_dari_desa(desa_kode)
    return Unit.DESA.value, desa_kode


def unit_periksa(*, desa_kode, sektor, unit_peran, unit_kode):
    """Refuse a unit outside the complaint's kecamatan or one that does not handle the sector."""
    kecamatan = kecamatan_dari_desa(desa_kode)
    if unit_peran == Unit.DESA:
        if (
            not unit_kode.startswith(kecamatan + ".")
            or not Desa.objects.filter(kode=unit_kode).exists()
        ):
            raise ValidationError(_("Desa tujuan harus berada di kecamatan yang sama."))
        return
    if unit_peran not in Unit.values:
        raise ValidationError(_("Unit tujuan tidak dikenal."))
    if unit_kode != kecamatan:
        raise ValidationError(_("Unit tujuan harus berada di kecamatan yang sama."))
    if sektor not in SEKTOR_BAWAAN_PERAN.get(unit_peran, ()):
        raise ValidationError(
            _("%(unit)s tidak menangani sektor %(sektor)s.")
            % {"unit": Unit(unit_peran).label, "sektor": Sektor(sektor).label}
        )


# --- helpers ---------------------------------------------------------------------------------


def _periksa_petugas(oleh):
    lingkup = lingkup_user(oleh)
    if lingkup is None or lingkup.baca_saja:
        raise ValidationError(_("Anda tidak berwenang mengubah pengaduan."))


def _kunci(pengaduan):
    return Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)


def _harus(p, *status):
    if p.status not in status:
        raise ValidationError(
            _("Langkah ini tidak dapat dilakukan pada laporan berstatus “%(status)s”.")
            % {"status": p.get_status_display()}
        )


def _catat(p, *, aksi, dari, sekarang, oleh=None, pelaku=Pelaku.STAF, catatan=""):
    return Riwayat.objects.create(
        pengaduan=p,
        aksi=aksi,
        dari=dari,
        ke=p.status,
        unit_peran=p.unit_peran,
        unit_kode=p.unit_kode,
        pelaku=pelaku,
        oleh=oleh,
        pada=sekarang,
        catatan=catatan,
    )


def _tanggapan_publik(p, *, isi, oleh, sekarang):
    t = Tanggapan.objects.create(
        pengaduan=p,
        isi=isi,
        publik=True,
        pelaku=Pelaku.STAF,
        oleh=oleh,
        unit_peran=p.unit_peran,
        pada=sekarang,
    )
    if p.email_pelapor:
        from .tasks import kirim_email_tanggapan

        kirim_setelah_commit(kirim_email_tanggapan, t.pk)
    return t


def _kabari_unit(p):
    from .tasks import kirim_email_unit

    kirim_setelah_commit(kirim_email_unit, p.pk)


def _batas(mulai, hari, desa_kode):
    """`hari` working days after `mulai` (weekends and the holiday table skipped, as
    SP4N-LAPOR! counts), at the same time of day on the village's own wall clock (WIB, WITA or
    WIT by province): the day a complaint is due is the day in the kecamatan, not in Jakarta."""
    return batas_hari_kerja(mulai, hari, zona_desa(desa_kode))


def _wajib(teks, pesan):
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError(pesan)
    return teks


# --- filing ----------------------------------------------------------------------------------


@transaction.atomic
def pengaduan_buat(
    *,
    sektor,
    desa,
    judul,
    isi,
    nama="",
    email="",
    telepon="",
    anonim=False,
    rahasia=False,
    urusan_desa=False,
    foto=(),
):
    """File a complaint (public, no account). `foto` are gambar.FotoBersih (already cleaned).

    An anonymous reporter's name and phone are not even stored; an e-mail address is kept only
    to send them the responses and is never shown to anyone.
    """
    sekarang = timezone.now()
    if anonim:
        nama = telepon = ""
    unit_peran, unit_kode = unit_untuk(sektor=sektor, desa_kode=desa.kode, urusan_desa=urusan_desa)
    p = Pengaduan(
        sektor=sektor,
        desa=desa,
        judul=judul.strip(),
        isi=isi.strip(),
        nama_pelapor=nama.strip(),
        email_pelapor=email.strip(),
        telepon_pelapor=telepon.strip(),
        anonim=anonim,
        rahasia=rahasia,
        urusan_desa=urusan_desa,
        status=Status.DITERIMA,
        unit_peran=unit_peran,
        unit_kode=unit_kode,
        diterima_pada=sekarang,
        batas_verifikasi=_batas(sekarang, conf.hari_verifikasi(), desa.kode),
    )
    for _percobaan in range(5):
        p.kode_lacak = kode_lacak_baru()
        try:
            with transaction.atomic():
                p.save()
            break
        except IntegrityError:
            # 2**59 codes make a collision all but impossible; if one happens, draw again.
            continue
    else:
        raise RuntimeError("kode pelacakan unik tidak dapat dibuat")
    for f in foto:
        Foto.objects.create(
            pengaduan=p,
            berkas=ContentFile(f.konten, name=f"foto.{f.ekstensi}"),
            jenis_konten=f.jenis_konten,
            lebar=f.lebar,
            tinggi=f.tinggi,
            ukuran=len(f.konten),
            dibuat=sekarang,
        )
    _catat(p, aksi=Aksi.LAPOR, dari="", sekarang=sekarang, pelaku=Pelaku.PELAPOR)
    _kabari_unit(p)
    return p


# --- staff workflow --------------------------------------------------------------------------


@transaction.atomic
def pengaduan_verifikasi(*, pengaduan, oleh, unit=None, catatan=""):
    """diterima → terverifikasi; with `unit` (peran, kode) it is dispatched there at once."""
    _periksa_petugas(oleh)
    p = _kunci(pengaduan)
    _harus(p, Status.DITERIMA)
    sekarang = timezone.now()
    p.status = Status.TERVERIFIKASI
    p.diverifikasi_pada = sekarang
    if sekarang > p.batas_verifikasi:
        p.terlambat_verifikasi = True
    p.save()
    _catat(p, aksi=Aksi.VERIFIKASI, dari=Status.DITERIMA, sekarang=sekarang, oleh=oleh)
    if unit is not None:
        p = pengaduan_disposisi(
            pengaduan=p, oleh=oleh, unit_peran=unit[0], unit_kode=unit[1], catatan=catatan
        )
    return p


@transaction.atomic
def pengaduan_tolak(*, pengaduan, oleh, alasan):
    """diterima | terverifikasi → ditolak. The reason is sent to the reporter."""
    _periksa_petugas(oleh)
    alasan = _wajib(alasan, _("Alasan penolakan wajib diisi."))
    p = _kunci(pengaduan)
    _harus(p, Status.DITERIMA, Status.TERVERIFIKASI)
    sekarang = timezone.now()
    dari = p.status
    if dari == Status.DITERIMA and sekarang > p.batas_verifikasi:
        p.terlambat_verifikasi = True
    p.status = Status.DITOLAK
    p.alasan_tolak = alasan
    p.selesai_pada = sekarang
    p.save()
    _catat(p, aksi=Aksi.TOLAK, dari=dari, sekarang=sekarang, oleh=oleh, catatan=alasan)
    _tanggapan_publik(p, isi=alasan, oleh=oleh, sekarang=sekarang)
    return p


@transaction.atomic
def pengaduan_disposisi(*, pengaduan, oleh, unit_peran, unit_kode, sektor=None, catatan=""):
    """Assign (or forward) the complaint to a unit of its kecamatan, optionally correcting the
    sector. Before verification it only changes the routing; afterwards the status becomes
    didisposisi and, the first time, the first-response clock starts. Forwarding never restarts
    that clock: the citizen is owed a first answer from the government, whichever unit."""
    _periksa_petugas(oleh)
    p = _kunci(pengaduan)
    _harus(p, Status.DITERIMA, Status.TERVERIFIKASI, Status.DIDISPOSISI, Status.DITINDAKLANJUTI)
    sektor = sektor or p.sektor
    unit_periksa(desa_kode=p.desa_id, sektor=sektor, unit_peran=unit_peran, unit_kode=unit_kode)
    sama = (unit_peran, unit_kode, sektor) == (p.unit_peran, p.unit_kode, p.sektor)
    if sama and p.status != Status.TERVERIFIKASI:
        raise ValidationError(_("Laporan sudah berada pada unit tersebut."))
    sekarang = timezone.now()
    dari = p.status
    unit_baru = (unit_peran, unit_kode) != (p.unit_peran, p.unit_kode)
    p.unit_peran, p.unit_kode, p.sektor = unit_peran, unit_kode, sektor
    if p.status != Status.DITERIMA:
        p.status = Status.DIDISPOSISI
        if p.didisposisi_pada is None:
            p.didisposisi_pada = sekarang
            p.batas_tanggapan = _batas(sekarang, conf.hari_tanggapan(), p.desa_id)
    p.save()
    _catat(p, aksi=Aksi.DISPOSISI, dari=dari, sekarang=sekarang, oleh=oleh, catatan=catatan)
    if unit_baru:
        _kabari_unit(p)
    return p


@transaction.atomic
def pengaduan_tanggapi(*, pengaduan, oleh, isi, publik=True, minta_konfirmasi=False):
    """A response. Internal notes change nothing else. A public response moves the complaint to
    ditindaklanjuti (the first one stops the first-response clock), or, when the unit considers
    the matter handled, to menunggu tanggapan pelapor, which closes by itself after the
    configured days without a reply."""
    _periksa_petugas(oleh)
    isi = _wajib(isi, _("Isi tanggapan wajib diisi."))
    p = _kunci(pengaduan)
    sekarang = timezone.now()
    if not publik:
        if p.status in STATUS_AKHIR:
            raise ValidationError(_("Laporan sudah ditutup."))
        return Tanggapan.objects.create(
            pengaduan=p,
            isi=isi,
            publik=False,
            pelaku=Pelaku.STAF,
            oleh=oleh,
            unit_peran=p.unit_peran,
            pada=sekarang,
        )
    _harus(p, Status.DIDISPOSISI, Status.DITINDAKLANJUTI, Status.MENUNGGU)
    dari = p.status
    if p.tanggapan_pertama_pada is None:
        p.tanggapan_pertama_pada = sekarang
        if p.batas_tanggapan is not None and sekarang > p.batas_tanggapan:
            p.terlambat_tanggapan = True
    if minta_konfirmasi:
        p.status = Status.MENUNGGU
        p.menunggu_sejak = sekarang
        p.batas_konfirmasi = _batas(sekarang, conf.hari_konfirmasi(), p.desa_id)
    else:
        p.status = Status.DITINDAKLANJUTI
        p.menunggu_sejak = p.batas_konfirmasi = None
    p.save()
    aksi = Aksi.MINTA_KONFIRMASI if minta_konfirmasi else Aksi.TANGGAPAN
    _catat(p, aksi=aksi, dari=dari, sekarang=sekarang, oleh=oleh)
    return _tanggapan_publik(p, isi=isi, oleh=oleh, sekarang=sekarang)


@transaction.atomic
def pengaduan_tutup(*, pengaduan, oleh, status, catatan=""):
    """Close: selesai (after follow-up) or diarsipkan (e.g. a duplicate; reason required). A
    closing note, when given, is sent to the reporter."""
    _periksa_petugas(oleh)
    p = _kunci(pengaduan)
    catatan = (catatan or "").strip()
    if status == Status.SELESAI:
        _harus(p, Status.DITINDAKLANJUTI, Status.MENUNGGU)
    elif status == Status.DIARSIPKAN:
        _harus(p, Status.TERVERIFIKASI, Status.DIDISPOSISI, Status.DITINDAKLANJUTI, Status.MENUNGGU)
        catatan = _wajib(catatan, _("Alasan pengarsipan wajib diisi."))
    else:
        raise ValidationError(_("Status penutupan tidak dikenal."))
    sekarang = timezone.now()
    dari = p.status
    p.status = status
    p.selesai_pada = sekarang
    p.save()
    _catat(p, aksi=Aksi.TUTUP, dari=dari, sekarang=sekarang, oleh=oleh, catatan=catatan)
    if catatan:
        _tanggapan_publik(p, isi=catatan, oleh=oleh, sekarang=sekarang)
    return p


# --- the reporter ----------------------------------------------------------------------------


@transaction.atomic
def pengaduan_balas(*, pengaduan, isi="", selesai=False):
    """The reporter's reply through the tracking page. Replying while the unit waits for them
    reopens the follow-up; saying the matter is solved closes it."""
    isi = (isi or "").strip()
    if not isi and not selesai:
        raise ValidationError(_("Tulis balasan Anda."))
    p = _kunci(pengaduan)
    if p.status in STATUS_AKHIR:
        raise ValidationError(_("Laporan sudah ditutup; balasan tidak dapat dikirim lagi."))
    sekarang = timezone.now()
    dari = p.status
    if isi:
        Tanggapan.objects.create(
            pengaduan=p, isi=isi, publik=True, pelaku=Pelaku.PELAPOR, pada=sekarang
        )
    if selesai:
        _harus(p, Status.DITINDAKLANJUTI, Status.MENUNGGU)
        p.status = Status.SELESAI
        p.selesai_pada = sekarang
        aksi = Aksi.KONFIRMASI_PELAPOR
    else:
        if p.status == Status.MENUNGGU:
            p.status = Status.DITINDAKLANJUTI
            p.menunggu_sejak = p.batas_konfirmasi = None
        aksi = Aksi.BALASAN_PELAPOR
    p.save()
    _catat(p, aksi=aksi, dari=dari, sekarang=sekarang, pelaku=Pelaku.PELAPOR)
    return p


# --- the clock (Celery beat) -----------------------------------------------------------------


@transaction.atomic
def pengaduan_periksa_tenggat(*, sekarang=None):
    """Flag missed deadlines and close complaints whose reporter stayed silent too long.

    Set-based: two UPDATEs for the flags, one locked SELECT + UPDATE + bulk INSERT of history
    for the closures, whatever the number of complaints. Rows being changed by an officer right
    now are skipped (SKIP LOCKED) and picked up by the next run.
    """
    sekarang = sekarang or timezone.now()
    n_verifikasi = Pengaduan.objects.filter(
        status=Status.DITERIMA, batas_verifikasi__lt=sekarang, terlambat_verifikasi=False
    ).update(terlambat_verifikasi=True, diperbarui=sekarang)
    n_tanggapan = Pengaduan.objects.filter(
        status=Status.DIDISPOSISI,
        tanggapan_pertama_pada__isnull=True,
        batas_tanggapan__lt=sekarang,
        terlambat_tanggapan=False,
    ).update(terlambat_tanggapan=True, diperbarui=sekarang)
    ditutup = list(
        Pengaduan.objects.select_for_update(skip_locked=True)
        .filter(status=Status.MENUNGGU, batas_konfirmasi__lte=sekarang)
        .values_list("pk", "unit_peran", "unit_kode")
    )
    if ditutup:
        Pengaduan.objects.filter(pk__in=[r[0] for r in ditutup]).update(
            status=Status.SELESAI, selesai_pada=sekarang, diperbarui=sekarang
        )
        Riwayat.objects.bulk_create(
            Riwayat(
                pengaduan_id=pk,
                aksi=Aksi.TUTUP_OTOMATIS,
                dari=Status.MENUNGGU,
                ke=Status.SELESAI,
                unit_peran=unit_peran,
                unit_kode=unit_kode,
                pelaku=Pelaku.SISTEM,
                pada=sekarang,
                catatan=_("Tidak ada tanggapan pelapor dalam %(hari)s hari.")
                % {"hari": conf.hari_konfirmasi()},
            )
            for pk, unit_peran, unit_kode in ditutup
        )
    return {
        "terlambat_verifikasi": n_verifikasi,
        "terlambat_tanggapan": n_tanggapan,
        "ditutup_otomatis": len(ditutup),
    }


# --- photo files -----------------------------------------------------------------------------


def foto_yatim_hapus(*, umur=timedelta(days=1), sekarang=None):
    """Delete photo files no Foto row refers to: a filing whose transaction rolled back after its
    photos were written (storage is not transactional), or a complaint deleted with its rows.
    Such files may show a citizen's house or face, so they must not linger. Files younger than
    `umur` are kept: a filing may be committing right now. Returns the number deleted."""
    sekarang = sekarang or timezone.now()
    storage = Foto._meta.get_field("berkas").storage
    dipakai = set(Foto.objects.values_list("berkas", flat=True))
    dihapus = 0
    folder = [FOLDER_FOTO]
    while folder:
        jalur = folder.pop()
        try:
            anak, berkas = storage.listdir(jalur)
        except FileNotFoundError:
            continue
        folder.extend(f"{jalur}/{a}" for a in anak)
        for nama in berkas:
            nama = f"{jalur}/{nama}"
            if nama in dipakai:
                continue
            try:
                if storage.get_modified_time(nama) > sekarang - umur:
                    continue
                storage.delete(nama)
            except FileNotFoundError:
                continue  # gone meanwhile (another run, an operator): nothing left to do
            dihapus += 1
    return dihapus


# --- ratings ---------------------------------------------------------------------------------


@transaction.atomic
def penilaian_buat(*, desa, sektor, nilai, komentar=""):
    if sektor not in Sektor.values:
        raise ValidationError(_("Sektor tidak dikenal."))
    if not 1 <= int(nilai) <= 5:
        raise ValidationError(_("Nilai harus 1 sampai 5."))
    return Penilaian.objects.create(
        desa=desa, sektor=sektor, nilai=int(nilai), komentar=(komentar or "").strip()
    )


# --- e-mail (called by the Celery tasks) -----------------------------------------------------


def email_pelapor_kirim(*, tanggapan):
    """Tell the reporter about a public response. Returns the number of messages sent."""
    p = tanggapan.pengaduan
    if not p.email_pelapor or not tanggapan.publik or tanggapan.pelaku != Pelaku.STAF:
        return 0
    konteks = {
        "p": p,
        "tanggapan": tanggapan,
        "url": conf.url_situs() + reverse("pengaduan:lacak_detail", args=[p.kode_lacak]),
    }
    return send_mail(
        _("Tanggapan atas laporan Anda %(nomor)s") % {"nomor": p.nomor},
        render_to_string("pengaduan/email/tanggapan.txt", konteks),
        None,
        [p.email_pelapor],
    )


def email_unit_kirim(*, pengaduan):
    """Tell the unit's officers that a complaint has been assigned to them. Nothing about the
    reporter is in the message."""
    p = pengaduan
    penerima = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            penugasan__peran=p.unit_peran,
            penugasan__wilayah_kode=p.unit_kode,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not penerima:
        return 0
    konteks = {
        "p": p,
        "desa": Desa.objects.filter(kode=p.desa_id).values_list("nama", flat=True).first(),
        "url": conf.url_situs() + reverse("pengaduan:detail", args=[p.pk]),
    }
    return send_mail(
        _("Pengaduan baru untuk unit Anda: %(nomor)s") % {"nomor": p.nomor},
        render_to_string("pengaduan/email/disposisi.txt", konteks),
        None,
        penerima,
    )
