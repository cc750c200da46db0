"""P3PD sub-component 1D records kept by each kecamatan (the dashboard team, trainings,
coordination meetings, the joint monitoring agenda with Sekber), the quarterly report with the
camat's narrative and sign-off, and the export jobs that build report archives."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa, Kecamatan

EKSTENSI_LAMPIRAN = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"]


class ModulPelatihan(models.IntegerChoices):
    """The nine P3PD 1D training modules given to kecamatan teams."""

    KONSOLIDASI_DATA = 1, _("1. Fasilitasi Konsolidasi Data Layanan Dasar Berbasis Kewilayahan")
    PERENCANAAN_PENDIDIKAN = (
        2,
        _("2. Fasilitasi Peningkatan Kualitas Perencanaan Desa Bidang Pendidikan"),
    )
    PERENCANAAN_KESEHATAN = (
        3,
        _("3. Fasilitasi Peningkatan Kualitas Perencanaan Desa Bidang Kesehatan"),
    )
    PERENCANAAN_PU = (
        4,
        _("4. Fasilitasi Peningkatan Kualitas Perencanaan Desa Bidang Pekerjaan Umum"),
    )
    PERENCANAAN_SOSIAL = 5, _("5. Fasilitasi Peningkatan Kualitas Perencanaan Desa Bidang Sosial")
    KOORDINASI = (
        6,
        _("6. Model Penguatan Koordinasi Penyelenggaraan Layanan Dasar di Tingkat Kecamatan"),
    )
    PENGADUAN = (
        7,
        _(
            "7. Penguatan Pengelolaan Penilaian dan Pengaduan Masyarakat atas Penyelenggaraan "
            "Layanan Dasar"
        ),
    )
    PEMANFAATAN_DASHBOARD = 8, _("8. Pemanfaatan Dashboard Kecamatan untuk Penguatan Layanan Dasar")
    ADMINISTRASI = 9, _("9. Pengelolaan Administrasi dan Pelaporan P3PD Sub Komponen 1D")


class PeranPeserta(models.TextChoices):
    CAMAT = "camat", _("Camat")
    SEKCAM = "sekcam", _("Sekretaris Camat")
    STAF_KECAMATAN = "staf_kecamatan", _("Kepala seksi / staf kecamatan")
    OPERATOR_KECAMATAN = "operator_kecamatan", _("Operator Kecamatan")
    UPT_KESEHATAN = "upt_kesehatan", _("Petugas UPT Kesehatan (Puskesmas)")
    UPT_PENDIDIKAN = "upt_pendidikan", _("Petugas UPT Pendidikan (Korwil)")
    KEPALA_DESA = "kepala_desa", _("Kepala Desa / Lurah")
    PERANGKAT_DESA = "perangkat_desa", _("Perangkat Desa")
    OPERATOR_DESA = "operator_desa", _("Operator Desa")
    PENDAMPING = "pendamping", _("Pendamping / fasilitator")
    LAINNYA = "lainnya", _("Lainnya")


# Roles that make up the kecamatan's own staff: "trained staff" in monitoring counts these.
PERAN_STAF_KECAMATAN = [
    PeranPeserta.CAMAT,
    PeranPeserta.SEKCAM,
    PeranPeserta.STAF_KECAMATAN,
    PeranPeserta.OPERATOR_KECAMATAN,
    PeranPeserta.UPT_KESEHATAN,
    PeranPeserta.UPT_PENDIDIKAN,
]


def _unggah_lampiran(instance, filename):
    # A random name: the original name may carry personal data and must not be guessable.
    ekstensi = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pelaporan/lampiran/{uuid.uuid4().hex}.{ekstensi}"


class TimPengelolaQuerySet(models.QuerySet):
    def aktif_pada(self, tanggal):
        """Teams whose decree is in force on `tanggal` and that have a member active then."""
        anggota = AnggotaTim.objects.filter(tim=models.OuterRef("pk")).aktif_pada(tanggal)
        return self.filter(
            Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tanggal),
            models.Exists(anggota),
            berlaku_dari__lte=tanggal,
        )


class TimPengelola(models.Model):
    """Tim Pengelola Dashboard Kecamatan, appointed by a camat's decree (SK)."""

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="tim_pengelola")
    nomor_sk = models.CharField(_("nomor SK"), max_length=120)
    tanggal_sk = models.DateField(_("tanggal SK"))
    berlaku_dari = models.DateField(_("berlaku dari"))
    berlaku_sampai = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila masih berlaku.")
    )
    keterangan = models.TextField(_("keterangan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    objects = TimPengelolaQuerySet.as_manager()

    wilayah_kode_field = "kecamatan__kode"

    class Meta:
        ordering = ["-berlaku_dari", "-id"]
        verbose_name = _("tim pengelola dashboard")
        verbose_name_plural = _("tim pengelola dashboard")
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__isnull=True)
                | Q(berlaku_sampai__gte=models.F("berlaku_dari")),
                name="tim_rentang_berlaku",
            ),
        ]

    def __str__(self):
        return f"{self.kecamatan_id} · SK {self.nomor_sk}"


class PeranTim(models.TextChoices):
    PENGARAH = "pengarah", _("Pengarah")
    PENANGGUNG_JAWAB = "penanggung_jawab", _("Penanggung jawab")
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    ANGGOTA = "anggota", _("Anggota")
    OPERATOR = "operator", _("Operator data")


class AnggotaTimQuerySet(models.QuerySet):
    def aktif_pada(self, tanggal):
        return self.filter(
            Q(aktif_dari__isnull=True) | Q(aktif_dari__lte=tanggal),
            Q(aktif_sampai__isnull=True) | Q(aktif_sampai__gte=tanggal),
        )


class AnggotaTim(models.Model):
    tim = models.ForeignKey(TimPengelola, on_delete=models.CASCADE, related_name="anggota")
    nama = models.CharField(_("nama"), max_length=150)
    jabatan = models.CharField(_("jabatan/instansi"), max_length=150, blank=True)
    peran = models.CharField(_("peran dalam tim"), max_length=20, choices=PeranTim.choices)
    aktif_dari = models.DateField(_("aktif dari"), null=True, blank=True)
    aktif_sampai = models.DateField(_("aktif sampai"), null=True, blank=True)

    objects = AnggotaTimQuerySet.as_manager()

    wilayah_kode_field = "tim__kecamatan__kode"

    class Meta:
        ordering = ["tim", "peran", "nama"]
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")

    def __str__(self):
        return f"{self.nama} ({self.get_peran_display()})"


class Pelatihan(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="pelatihan")
    modul = models.PositiveSmallIntegerField(_("modul"), choices=ModulPelatihan.choices)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    wilayah_kode_field = "kecamatan__kode"

    class Meta:
        ordering = ["-tanggal_mulai", "-id"]
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__isnull=True)
                | Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="pelatihan_rentang_tanggal",
            ),
        ]

    def __str__(self):
        return f"{self.kecamatan_id} · modul {self.modul} · {self.tanggal_mulai:%d/%m/%Y}"


class PesertaPelatihan(models.Model):
    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.CASCADE, related_name="peserta")
    nama = models.CharField(_("nama"), max_length=150)
    peran = models.CharField(_("peran"), max_length=20, choices=PeranPeserta.choices)
    jabatan = models.CharField(_("jabatan/instansi"), max_length=150, blank=True)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    wilayah_kode_field = "pelatihan__kecamatan__kode"

    class Meta:
        ordering = ["pelatihan", "peran", "nama"]
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")

    def __str__(self):
        return f"{self.nama} ({self.get_peran_display()})"


class LampiranPelatihan(models.Model):
    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.CASCADE, related_name="lampiran")
    berkas = models.FileField(
        _("berkas"),
        upload_to=_unggah_lampiran,
        validators=[FileExtensionValidator(EKSTENSI_LAMPIRAN)],
    )
    nama_asli = models.CharField(_("nama berkas"), max_length=255, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    wilayah_kode_field = "pelatihan__kecamatan__kode"

    class Meta:
        ordering = ["pelatihan", "id"]
        verbose_name = _("lampiran pelatihan")
        verbose_name_plural = _("lampiran pelatihan")

    def __str__(self):
        return self.nama_asli or self.berkas.name


class RapatKoordinasi(models.Model):
    """A coordination meeting on basic services at the kecamatan."""

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="rapat_koordinasi"
    )
    tanggal = models.DateField(_("tanggal"))
    judul = models.CharField(_("judul"), max_length=200)
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"))
    keputusan = models.TextField(_("keputusan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    wilayah_kode_field = "kecamatan__kode"

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")

    def __str__(self):
        return f"{self.judul} ({self.tanggal:%d/%m/%Y})"


class KehadiranRapat(models.Model):
    rapat = models.ForeignKey(RapatKoordinasi, on_delete=models.CASCADE, related_name="kehadiran")
    nama = models.CharField(_("nama"), max_length=150)
    jabatan = models.CharField(_("jabatan/instansi"), max_length=150, blank=True)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    wilayah_kode_field = "rapat__kecamatan__kode"

    class Meta:
        ordering = ["rapat", "id"]
        verbose_name = _("kehadiran rapat")
        verbose_name_plural = _("kehadiran rapat")

    def __str__(self):
        return self.nama


class StatusTindakLanjut(models.TextChoices):
    BELUM = "belum", _("Belum dimulai")
    PROSES = "proses", _("Sedang berjalan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Dibatalkan")


STATUS_TERBUKA = [StatusTindakLanjut.BELUM, StatusTindakLanjut.PROSES]


class TindakLanjutQuerySet(models.QuerySet):
    def terlambat_pada(self, tanggal):
        """Open actions whose due date has passed on `tanggal`."""
        return self.filter(status__in=STATUS_TERBUKA, tenggat__lt=tanggal)


class TindakLanjutRapat(models.Model):
    rapat = models.ForeignKey(
        RapatKoordinasi, on_delete=models.CASCADE, related_name="tindak_lanjut"
    )
    uraian = models.TextField(_("tindak lanjut"))
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=150)
    tenggat = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatusTindakLanjut.choices,
        default=StatusTindakLanjut.BELUM,
    )
    selesai_pada = models.DateField(_("selesai pada"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)

    objects = TindakLanjutQuerySet.as_manager()

    wilayah_kode_field = "rapat__kecamatan__kode"

    class Meta:
        ordering = ["tenggat", "id"]
        verbose_name = _("tindak lanjut rapat")
        verbose_name_plural = _("tindak lanjut rapat")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="selesai") | Q(selesai_pada__isnull=False),
                name="tindak_lanjut_selesai_bertanggal",
            ),
        ]

    def __str__(self):
        return self.uraian[:60]


class AgendaMonev(models.Model):
    """The joint monitoring-and-evaluation agenda of the kecamatan with the Sekber."""

    class Status(models.TextChoices):
        DIRENCANAKAN = "direncanakan", _("Direncanakan")
        TERLAKSANA = "terlaksana", _("Terlaksana")
        DITUNDA = "ditunda", _("Ditunda")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="agenda_monev")
    kegiatan = models.CharField(_("kegiatan"), max_length=200)
    tanggal_rencana = models.DateField(_("tanggal rencana"))
    tanggal_pelaksanaan = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    pihak_sekber = models.CharField(_("pihak Sekber"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DIRENCANAKAN
    )
    hasil = models.TextField(_("hasil dan rekomendasi"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    wilayah_kode_field = "kecamatan__kode"

    class Meta:
        ordering = ["-tanggal_rencana", "-id"]
        verbose_name = _("agenda monev bersama Sekber")
        verbose_name_plural = _("agenda monev bersama Sekber")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="terlaksana") | Q(tanggal_pelaksanaan__isnull=False),
                name="monev_terlaksana_bertanggal",
            ),
        ]

    def __str__(self):
        return f"{self.kegiatan} ({self.tanggal_rencana:%d/%m/%Y})"


class LaporanTriwulan(models.Model):
    """The saved quarterly report: the camat's narrative and sign-off. Figures are generated
    from the data; at sign-off they are frozen in `data_beku` so later data changes do not
    alter a signed report."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DITANDATANGANI = "ditandatangani", _("Ditandatangani")

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="laporan_triwulan"
    )
    periode = models.DateField(_("triwulan"), help_text=_("Hari pertama triwulan."))
    narasi = models.TextField(_("narasi camat"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAF
    )
    data_beku = models.JSONField(_("angka yang dibekukan"), null=True, blank=True, editable=False)
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandatangani oleh"),
    )
    nama_penandatangan = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    ditandatangani_pada = models.DateTimeField(_("ditandatangani pada"), null=True, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    wilayah_kode_field = "kecamatan__kode"
    # The report spans every sector: sector staff never see it (wilayah.access).
    semua_sektor = True

    class Meta:
        ordering = ["-periode", "kecamatan"]
        verbose_name = _("laporan triwulan")
        verbose_name_plural = _("laporan triwulan")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "periode"], name="laporan_unik"),
            models.CheckConstraint(
                condition=Q(periode__day=1, periode__month__in=[1, 4, 7, 10]),
                name="laporan_periode_awal_triwulan",
            ),
            models.CheckConstraint(
                condition=Q(status="draf")
                | Q(
                    data_beku__isnull=False,
                    ditandatangani_oleh__isnull=False,
                    ditandatangani_pada__isnull=False,
                ),
                name="laporan_ditandatangani_lengkap",
            ),
        ]

    def __str__(self):
        return f"{self.kecamatan_id} · {self.periode:%Y} TW{(self.periode.month - 1) // 3 + 1}"

    @property
    def triwulan(self):
        from .triwulan import Triwulan

        return Triwulan.dari_tanggal(self.periode)

    @property
    def ditandatangani(self):
        return self.status == self.Status.DITANDATANGANI


class PekerjaanEkspor(models.Model):
    """A background export (a batch of quarterly reports, or every desa profile of a kecamatan),
    with its progress as done/total for the page that polls it."""

    class Jenis(models.TextChoices):
        LAPORAN = "laporan", _("Laporan triwulan semua kecamatan")
        PROFIL_DESA = "profil_desa", _("Profil semua desa satu kecamatan")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("XLSX")
        KEDUANYA = "keduanya", _("PDF dan XLSX")

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu antrean")
        BERJALAN = "berjalan", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices)
    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13)
    periode = models.DateField(_("triwulan"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    total = models.PositiveIntegerField(_("jumlah berkas"), default=0)
    selesai = models.PositiveIntegerField(_("berkas selesai"), default=0)
    berkas = models.CharField(_("berkas hasil"), max_length=255, blank=True)
    galat = models.TextField(_("galat"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    mulai_pada = models.DateTimeField(_("mulai"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai"), null=True, blank=True)

    wilayah_kode_field = "wilayah_kode"
    # Both kinds (every report of a kabupaten, every desa profile) span every sector.
    semua_sektor = True

    class Meta:
        ordering = ["-dibuat", "-id"]
        verbose_name = _("pekerjaan ekspor")
        verbose_name_plural = _("pekerjaan ekspor")

    def __str__(self):
        return f"{self.get_jenis_display()} {self.wilayah_kode} ({self.get_status_display()})"

    @property
    def persen(self):
        return round(100 * self.selesai / self.total) if self.total else 0

    @property
    def sedang_berjalan(self):
        return self.status in (self.Status.MENUNGGU, self.Status.BERJALAN)
