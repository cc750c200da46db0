"""Public complaints (pengaduan) about basic services, their SP4N-LAPOR!-style workflow, and the
community's ratings of those services.

A complaint belongs to one desa and one sector; it is routed to a *unit*: the sector's UPT (or
the kecamatan operator for PU and sosial) in the village's kecamatan, or the village government
itself. A unit is named by the role that staffs it plus that role's wilayah code, so a user's
inbox is simply the complaints whose unit matches their assignment.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wilayah.kalender import zona, zona_desa
from wilayah.models import Desa, Peran, Sektor

# Upper-case letters and digits without look-alikes (0/O, 1/I/L): read out over the phone or
# copied from paper without mistakes. 31 symbols ** 12 ≈ 2**59 codes: not guessable.
ALFABET_KODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PANJANG_KODE = 12


def kode_lacak_baru():
    return "".join(secrets.choice(ALFABET_KODE) for _ in range(PANJANG_KODE))


def normalisasi_kode(teks):
    """What a person typed (any case, with spaces or dashes) → the stored form."""
    return "".join(ch for ch in (teks or "").upper() if ch in ALFABET_KODE)


class Status(models.TextChoices):
    DITERIMA = "diterima", _("Diterima")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
    DITOLAK = "ditolak", _("Ditolak")
    DIDISPOSISI = "didisposisi", _("Didisposisi")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Ditindaklanjuti")
    MENUNGGU = "menunggu", _("Menunggu tanggapan pelapor")
    SELESAI = "selesai", _("Selesai")
    DIARSIPKAN = "diarsipkan", _("Diarsipkan")


STATUS_AKHIR = frozenset({Status.DITOLAK, Status.SELESAI, Status.DIARSIPKAN})
# Shown in the public list only once staff have verified the complaint (no unchecked text).
STATUS_PUBLIK = frozenset(
    {
        Status.TERVERIFIKASI,
        Status.DIDISPOSISI,
        Status.DITINDAKLANJUTI,
        Status.MENUNGGU,
        Status.SELESAI,
    }
)


class Unit(models.TextChoices):
    """The roles that staff a complaint-handling unit (see module docstring)."""

    UPT_KESEHATAN = Peran.UPT_KESEHATAN.value, _("UPT Kesehatan (Puskesmas)")
    UPT_PENDIDIKAN = Peran.UPT_PENDIDIKAN.value, _("UPT Pendidikan (Korwil)")
    OPERATOR_KECAMATAN = Peran.OPERATOR_KECAMATAN.value, _("Operator Kecamatan (PU dan Sosial)")
    DESA = Peran.OPERATOR_DESA.value, _("Pemerintah desa")


class PengaduanQuerySet(models.QuerySet):
    def terlambat(self, sekarang=None):
        """Complaints that missed a deadline: flagged by the clock, or past it right now (so the
        answer is right even between two runs of the beat job)."""
        return self.filter(q_terlambat(sekarang))

    def publik(self):
        return self.filter(rahasia=False, status__in=STATUS_PUBLIK)


def q_terlambat(sekarang=None):
    sekarang = sekarang or timezone.now()
    return (
        Q(terlambat_verifikasi=True)
        | Q(terlambat_tanggapan=True)
        | Q(status=Status.DITERIMA, batas_verifikasi__lt=sekarang)
        | Q(
            status=Status.DIDISPOSISI,
            tanggapan_pertama_pada__isnull=True,
            batas_tanggapan__lt=sekarang,
        )
    )


class Pengaduan(models.Model):
    kode_lacak = models.CharField(_("kode pelacakan"), max_length=16, unique=True, editable=False)
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, related_name="pengaduan", verbose_name=_("desa/kelurahan")
    )
    judul = models.CharField(_("judul"), max_length=150)
    isi = models.TextField(_("uraian kejadian"))
    # The reporter's identity. Never rendered directly: pages go through
    # selectors.identitas_pelapor(), which hides it when anonim and from every monitor;
    # exports never select these columns.
    nama_pelapor = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    email_pelapor = models.EmailField(_("e-mail pelapor"), blank=True)
    telepon_pelapor = models.CharField(_("telepon pelapor"), max_length=20, blank=True)
    anonim = models.BooleanField(_("anonim"), default=False)
    rahasia = models.BooleanField(_("rahasia"), default=False)
    urusan_desa = models.BooleanField(_("urusan pemerintah desa"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DITERIMA
    )
    unit_peran = models.CharField(_("unit penanggung jawab"), max_length=30, choices=Unit.choices)
    unit_kode = models.CharField(_("kode wilayah unit"), max_length=13)

    # The clock. Deadlines are stored when they start, so a later change of the day-count
    # settings does not move the deadlines of complaints already running.
    diterima_pada = models.DateTimeField(_("diterima pada"), default=timezone.now)
    batas_verifikasi = models.DateTimeField(_("batas verifikasi"))
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    didisposisi_pada = models.DateTimeField(_("pertama didisposisi"), null=True, blank=True)
    batas_tanggapan = models.DateTimeField(_("batas tanggapan pertama"), null=True, blank=True)
    tanggapan_pertama_pada = models.DateTimeField(
        _("tanggapan pertama pada"), null=True, blank=True
    )
    menunggu_sejak = models.DateTimeField(_("menunggu pelapor sejak"), null=True, blank=True)
    batas_konfirmasi = models.DateTimeField(_("batas tanggapan pelapor"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    alasan_tolak = models.TextField(_("alasan ditolak"), blank=True)
    # Kept once set: a complaint answered late still counts as late in the statistics.
    terlambat_verifikasi = models.BooleanField(_("verifikasi terlambat"), default=False)
    terlambat_tanggapan = models.BooleanField(_("tanggapan terlambat"), default=False)
    diperbarui = models.DateTimeField(auto_now=True)

    objects = PengaduanQuerySet.as_manager()

    wilayah_kode_field = "desa__kode"
    sektor_field = "sektor"

    class Meta:
        ordering = ["-diterima_pada", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["unit_peran", "unit_kode", "status"]),
            models.Index(fields=["status", "batas_verifikasi"]),
            models.Index(fields=["status", "batas_konfirmasi"]),
            models.Index(fields=["desa", "sektor"]),
            models.Index(fields=["diterima_pada"]),
        ]

    def __str__(self):
        return f"{self.nomor} · {self.get_sektor_display()} · {self.desa_id}"

    @property
    def nomor(self):
        # The staff-facing number. The tracking code stays the reporter's secret: whoever holds
        # it can reply as the reporter, so staff pages never show it.
        return f"ADU-{self.pk:06d}" if self.pk else "ADU-baru"

    @property
    def kode_lacak_tampil(self):
        k = self.kode_lacak
        return "-".join(k[i : i + 4] for i in range(0, len(k), 4))

    @property
    def selesai(self):
        return self.status in STATUS_AKHIR

    @cached_property
    def zona(self):
        """The village's time zone (WIB/WITA/WIT by province): deadlines fall and times show on
        its clock. Lists annotate `zona_waktu` (selectors.dengan_unit) to spare a query a row."""
        nama = getattr(self, "zona_waktu", None)
        return zona(nama) if nama else zona_desa(self.desa_id)

    @property
    def batas_aktif(self):
        """The deadline the complaint is running against now, if any."""
        if self.status == Status.DITERIMA:
            return self.batas_verifikasi
        if self.status == Status.DIDISPOSISI and self.tanggapan_pertama_pada is None:
            return self.batas_tanggapan
        if self.status == Status.MENUNGGU:
            return self.batas_konfirmasi
        return None

    def terlambat_pada(self, sekarang=None):
        sekarang = sekarang or timezone.now()
        if self.terlambat_verifikasi or self.terlambat_tanggapan:
            return True
        if self.status == Status.DITERIMA:
            return sekarang > self.batas_verifikasi
        if self.status == Status.DIDISPOSISI and self.tanggapan_pertama_pada is None:
            return self.batas_tanggapan is not None and sekarang > self.batas_tanggapan
        return False

    @property
    def terlambat(self):
        return self.terlambat_pada()


class Pelaku(models.TextChoices):
    STAF = "staf", _("Petugas")
    PELAPOR = "pelapor", _("Pelapor")
    SISTEM = "sistem", _("Sistem")


class Riwayat(models.Model):
    """Every step of a complaint's workflow: who, when, from → to, to which unit, and why."""

    class Aksi(models.TextChoices):
        LAPOR = "lapor", _("Laporan diterima")
        VERIFIKASI = "verifikasi", _("Diverifikasi")
        TOLAK = "tolak", _("Ditolak")
        DISPOSISI = "disposisi", _("Didisposisikan")
        TANGGAPAN = "tanggapan", _("Ditanggapi")
        MINTA_KONFIRMASI = "minta_konfirmasi", _("Menunggu tanggapan pelapor")
        BALASAN_PELAPOR = "balasan_pelapor", _("Pelapor membalas")
        KONFIRMASI_PELAPOR = "konfirmasi_pelapor", _("Pelapor menyatakan selesai")
        TUTUP = "tutup", _("Ditutup")
        TUTUP_OTOMATIS = "tutup_otomatis", _("Ditutup otomatis")

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(max_length=30, choices=Aksi.choices)
    dari = models.CharField(max_length=20, choices=Status.choices, blank=True)
    ke = models.CharField(max_length=20, choices=Status.choices)
    unit_peran = models.CharField(max_length=30, choices=Unit.choices, blank=True)
    unit_kode = models.CharField(max_length=13, blank=True)
    pelaku = models.CharField(max_length=10, choices=Pelaku.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pada = models.DateTimeField(default=timezone.now)
    catatan = models.TextField(blank=True)

    wilayah_kode_field = "pengaduan__desa__kode"
    sektor_field = "pengaduan__sektor"

    class Meta:
        ordering = ["pada", "id"]
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")

    def __str__(self):
        return f"{self.get_aksi_display()}: {self.dari or '-'} → {self.ke}"


class Tanggapan(models.Model):
    """A message on a complaint: a public response, an internal note, or the reporter's reply."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="tanggapan")
    isi = models.TextField(_("isi"))
    publik = models.BooleanField(_("dapat dilihat pelapor"), default=True)
    pelaku = models.CharField(max_length=10, choices=Pelaku.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The unit that answered, as it was then: the reporter sees "UPT Kesehatan", not a name.
    unit_peran = models.CharField(max_length=30, choices=Unit.choices, blank=True)
    pada = models.DateTimeField(default=timezone.now)

    wilayah_kode_field = "pengaduan__desa__kode"
    sektor_field = "pengaduan__sektor"

    class Meta:
        ordering = ["pada", "id"]
        verbose_name = _("tanggapan")
        verbose_name_plural = _("tanggapan")
        constraints = [
            models.CheckConstraint(
                condition=~Q(pelaku="pelapor", publik=False), name="balasan_pelapor_publik"
            )
        ]

    def __str__(self):
        return f"{self.pengaduan_id} · {self.get_pelaku_display()} · {self.pada:%d/%m/%Y}"


FOLDER_FOTO = "pengaduan/foto"  # every photo file lives below it (services.foto_yatim_hapus)


def _jalur_foto(instance, filename):
    # A random name: nothing of the uploader's file name (which may hold personal data) is kept.
    ext = "png" if filename.lower().endswith(".png") else "jpg"
    return f"{FOLDER_FOTO}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Foto(models.Model):
    """A photo attached to a complaint, re-encoded on upload (metadata such as GPS dropped).

    Stored under MEDIA_ROOT but never served as public media: staff get it through a scoped
    view, the reporter through the tracking page unless the complaint is rahasia."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="foto")
    berkas = models.FileField(upload_to=_jalur_foto, max_length=200)
    jenis_konten = models.CharField(max_length=20)
    lebar = models.PositiveIntegerField()
    tinggi = models.PositiveIntegerField()
    ukuran = models.PositiveIntegerField()
    dibuat = models.DateTimeField(default=timezone.now)

    wilayah_kode_field = "pengaduan__desa__kode"
    sektor_field = "pengaduan__sektor"

    class Meta:
        ordering = ["id"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto")

    def __str__(self):
        return f"{self.pengaduan_id} · foto {self.pk}"


class Penilaian(models.Model):
    """A citizen's rating (1–5) of one sector's service in one village."""

    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, related_name="penilaian", verbose_name=_("desa/kelurahan")
    )
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    nilai = models.PositiveSmallIntegerField(_("nilai"))
    komentar = models.TextField(_("komentar"), blank=True)
    dibuat = models.DateTimeField(_("dibuat"), default=timezone.now)

    wilayah_kode_field = "desa__kode"
    sektor_field = "sektor"

    class Meta:
        ordering = ["-dibuat", "-id"]
        verbose_name = _("penilaian masyarakat")
        verbose_name_plural = _("penilaian masyarakat")
        constraints = [
            models.CheckConstraint(condition=Q(nilai__gte=1, nilai__lte=5), name="nilai_1_sd_5"),
        ]
        indexes = [models.Index(fields=["desa", "sektor", "dibuat"])]

    def __str__(self):
        return f"{self.desa_id} · {self.get_sektor_display()} · {self.nilai}"
