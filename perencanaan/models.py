"""Village plans (RKP Desa, APB Desa), the camat's review on the legal clock, and the reference
data the review is checked against (Permendagri 20/2018 codes, holidays, yearly Dana Desa rules,
the sector ↔ code mapping). Everything that changes by year or regulation is a row here, never a
constant in code.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layanan_dasar.models import Indikator
from wilayah.models import Desa, Sektor

POLA_KODE = re.compile(r"^\d(\.\d(\.\d{2})?)?$")


def pecah_daftar(teks):
    """'4.1, 4.2;DDS' → ['4.1', '4.2', 'DDS']: lists kept in one text column (works on SQLite)."""
    return [b.strip() for b in re.split(r"[,;\s]+", teks or "") if b.strip()]


def kode_cocok(kode, awalan):
    """True when activity code `kode` lies under `awalan` (a bidang, sub-bidang or kegiatan)."""
    return kode == awalan or kode.startswith(awalan + ".")


# --- reference data ------------------------------------------------------------------------


class KodeKegiatan(models.Model):
    """One node of the Permendagri 20/2018 spending classification (bidang.sub_bidang.kegiatan)."""

    class Tingkat(models.TextChoices):
        BIDANG = "bidang", _("Bidang")
        SUB_BIDANG = "sub_bidang", _("Sub bidang")
        KEGIATAN = "kegiatan", _("Kegiatan")

    kode = models.CharField(_("kode"), max_length=10, primary_key=True)
    tingkat = models.CharField(_("tingkat"), max_length=10, choices=Tingkat.choices)
    nama = models.CharField(_("nama"), max_length=255)
    induk = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="anak"
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kode kegiatan (Permendagri 20/2018)")
        verbose_name_plural = _("kode kegiatan (Permendagri 20/2018)")

    def __str__(self):
        return f"{self.kode} {self.nama}"


class PemetaanSektorKode(models.Model):
    """Which activity codes serve which basic-service sector (gap-vs-plan analysis)."""

    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    awalan_kode = models.CharField(
        _("awalan kode"),
        max_length=10,
        help_text=_("Bidang, sub bidang atau kegiatan, mis. 2.2 atau 1.3.05."),
    )
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        ordering = ["sektor", "awalan_kode"]
        verbose_name = _("pemetaan sektor ↔ kode kegiatan")
        verbose_name_plural = _("pemetaan sektor ↔ kode kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["sektor", "awalan_kode"], name="pemetaan_unik"),
        ]

    def __str__(self):
        return f"{self.get_sektor_display()} ← {self.awalan_kode}"

    def clean(self):
        if not POLA_KODE.match(self.awalan_kode or ""):
            raise ValidationError({"awalan_kode": _("Format kode tidak dikenal.")})


class PemetaanKodeIndikator(models.Model):
    """Which indicators an activity code serves, for plan lines that link no indicator.

    A line that links indicators addresses exactly those (the operator's choice always wins);
    a line that links none addresses the indicators its code is mapped to here, and nothing
    else: a road-paving line addresses no water indicator, a posyandu repair no TB or HIV.
    """

    awalan_kode = models.CharField(
        _("awalan kode"),
        max_length=10,
        help_text=_("Kegiatan, sub bidang atau bidang, mis. 2.4.12 atau 2.1."),
    )
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.CASCADE,
        related_name="pemetaan_kode",
        verbose_name=_("indikator"),
    )
    # Shipped rows are judgements from the code names, to be confirmed by the sector teams.
    perlu_verifikasi = models.BooleanField(_("belum diverifikasi"), default=False)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        ordering = ["awalan_kode", "indikator__urutan"]
        verbose_name = _("pemetaan kode kegiatan ↔ indikator")
        verbose_name_plural = _("pemetaan kode kegiatan ↔ indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["awalan_kode", "indikator"], name="pemetaan_indikator_unik"
            ),
        ]

    def __str__(self):
        return f"{self.awalan_kode} → {self.indikator}"

    def clean(self):
        if not POLA_KODE.match(self.awalan_kode or ""):
            raise ValidationError({"awalan_kode": _("Format kode tidak dikenal.")})
        if not KodeKegiatan.objects.filter(kode=self.awalan_kode).exists():
            raise ValidationError(
                {"awalan_kode": _("Kode ini tidak ada dalam klasifikasi Permendagri 20/2018.")}
            )


class SumberDana(models.TextChoices):
    DDS = "DDS", _("DDS — Dana Desa")
    ADD = "ADD", _("ADD — Alokasi Dana Desa")
    PAD = "PAD", _("PAD — Pendapatan Asli Desa")
    PBH = "PBH", _("PBH — Bagi hasil pajak dan retribusi daerah")
    PBK = "PBK", _("PBK — Bantuan keuangan kabupaten/kota")
    PBP = "PBP", _("PBP — Bantuan keuangan provinsi")
    SWD = "SWD", _("SWD — Swadaya masyarakat")
    DLL = "DLL", _("DLL — Lain-lain pendapatan yang sah")


class AturanDanaDesa(models.Model):
    """A yearly spending rule, e.g. 2025: BLT Desa ≤ 15% of Dana Desa.

    share = budget of lines whose source is in `sumber_dana` (all sources when empty) AND whose
    code lies under one of `awalan_kode`, divided by the budget of all lines from those sources;
    the rule holds when share `pembanding` `batas_persen`.
    """

    class Pembanding(models.TextChoices):
        PALING_BANYAK = "lte", _("paling banyak (≤)")
        PALING_SEDIKIT = "gte", _("paling sedikit (≥)")

    tahun = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kode = models.SlugField(_("kode"), max_length=40)
    nama = models.CharField(_("nama"), max_length=200)
    sumber_dana = models.CharField(
        _("sumber dana dasar"),
        max_length=60,
        blank=True,
        help_text=_("Kode sumber dana yang menjadi dasar, dipisah koma (kosong = semua)."),
    )
    awalan_kode = models.CharField(
        _("awalan kode kegiatan"),
        max_length=200,
        help_text=_("Kode yang dihitung sebagai bagian, dipisah koma, mis. 4.1, 4.2."),
    )
    pembanding = models.CharField(_("pembanding"), max_length=3, choices=Pembanding.choices)
    batas_persen = models.DecimalField(_("batas (%)"), max_digits=5, decimal_places=2)
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=255, blank=True)
    perlu_verifikasi = models.BooleanField(_("belum diverifikasi"), default=False)
    # Set when the row was carried from an earlier year's rules because the year's own
    # regulation was not yet entered: the review page and the letter say so.
    disalin_dari = models.PositiveSmallIntegerField(_("disalin dari tahun"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["tahun", "kode"]
        verbose_name = _("aturan Dana Desa")
        verbose_name_plural = _("aturan Dana Desa")
        constraints = [
            models.UniqueConstraint(fields=["tahun", "kode"], name="aturan_unik"),
        ]

    def __str__(self):
        return f"{self.tahun} · {self.nama}"

    @property
    def daftar_sumber(self):
        return pecah_daftar(self.sumber_dana)

    @property
    def daftar_awalan(self):
        return pecah_daftar(self.awalan_kode)

    def clean(self):
        salah = [s for s in self.daftar_sumber if s not in SumberDana.values]
        if salah:
            raise ValidationError(
                {"sumber_dana": _("Sumber dana tidak dikenal: %s.") % ", ".join(salah)}
            )
        awalan = self.daftar_awalan
        if not awalan or any(not POLA_KODE.match(a) for a in awalan):
            raise ValidationError({"awalan_kode": _("Isi satu atau lebih kode, mis. 5.3.")})
        if not (0 <= self.batas_persen <= 100):
            raise ValidationError({"batas_persen": _("Batas harus antara 0 dan 100.")})


# --- plans --------------------------------------------------------------------------------


class Rencana(models.Model):
    """One village's RKP Desa or APB Desa for one year, with its review state and clock."""

    class Jenis(models.TextChoices):
        RKP = "rkp", _("RKP Desa")
        APB = "apb", _("APB Desa")

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DITINJAU = "ditinjau", _("Ditinjau")
        PERLU_REVISI = "perlu_revisi", _("Perlu revisi")
        DISETUJUI = "disetujui", _("Disetujui")
        # An APB Desa the kecamatan did not evaluate within its deadline takes effect by itself.
        BERLAKU = "berlaku", _("Berlaku tanpa evaluasi")

    class Pihak(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="rencana")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=3, choices=Jenis.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAF
    )
    # Revision round: 1 for the first submission, +1 for every resubmission after a return.
    putaran = models.PositiveSmallIntegerField(_("putaran"), default=0)
    diterima_pada = models.DateField(_("diterima kecamatan"), null=True, blank=True)
    # The running clock: who must act next and by when (null when nobody is on the clock).
    tenggat = models.DateField(_("tenggat"), null=True, blank=True)
    tenggat_pihak = models.CharField(
        _("tenggat untuk"), max_length=10, choices=Pihak.choices, blank=True
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)
    # Imported from Siskeudes: when the village posted (and locked) this APB Desa there
    # (Ta_AnggaranLog), and the Perdes number it names. Empty for plans typed here.
    siskeudes_posting = models.DateField(_("diposting di Siskeudes"), null=True, blank=True)
    siskeudes_kunci = models.BooleanField(_("dikunci di Siskeudes"), null=True, blank=True)
    siskeudes_perdes = models.CharField(_("nomor Perdes (Siskeudes)"), max_length=100, blank=True)

    wilayah_kode_field = "desa__kode"  # a FK attname takes no startswith lookup

    class Meta:
        ordering = ["-tahun", "desa_id", "jenis"]
        verbose_name = _("rencana desa")
        verbose_name_plural = _("rencana desa")
        constraints = [
            models.UniqueConstraint(fields=["desa", "tahun", "jenis"], name="rencana_unik"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.tahun} · {self.desa.nama}"

    @property
    def bisa_diubah(self):
        return self.status in (self.Status.DRAF, self.Status.PERLU_REVISI)


class BarisKegiatan(models.Model):
    """One activity line of a plan."""

    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="baris")
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    kode_kegiatan = models.ForeignKey(
        KodeKegiatan,
        on_delete=models.PROTECT,
        related_name="baris",
        verbose_name=_("kode kegiatan"),
    )
    nama = models.CharField(_("nama kegiatan"), max_length=255)
    lokasi = models.CharField(_("lokasi"), max_length=200, blank=True)
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2)
    satuan = models.CharField(_("satuan"), max_length=40)
    anggaran = models.BigIntegerField(_("anggaran (Rp)"))
    sumber_dana = models.CharField(_("sumber dana"), max_length=3, choices=SumberDana.choices)
    indikator = models.ManyToManyField(
        Indikator, blank=True, related_name="baris_kegiatan", verbose_name=_("indikator")
    )
    # Siskeudes' own activity key (Kd_Keg) when the line was imported: the RKP Desa ⟷ APB Desa
    # check joins on it (a village may budget one activity code several times).
    kode_siskeudes = models.CharField(_("Kd_Keg Siskeudes"), max_length=40, blank=True)

    wilayah_kode_field = "rencana__desa__kode"

    class Meta:
        ordering = ["rencana", "urutan", "id"]
        verbose_name = _("baris kegiatan")
        verbose_name_plural = _("baris kegiatan")
        constraints = [
            models.CheckConstraint(condition=Q(anggaran__gte=0), name="anggaran_tidak_negatif"),
            models.CheckConstraint(condition=Q(volume__gt=0), name="volume_positif"),
        ]

    def __str__(self):
        return f"{self.kode_kegiatan_id} {self.nama}"


class RiwayatRencana(models.Model):
    """Every step of a plan: who, when, what (from → to, note, the clock it started)."""

    class Aksi(models.TextChoices):
        DIBUAT = "dibuat", _("Dibuat")
        DIUBAH = "diubah", _("Baris diubah")
        DIIMPOR = "diimpor", _("Baris diimpor")
        DIAJUKAN = "diajukan", _("Diajukan ke kecamatan")
        DITINJAU = "ditinjau", _("Mulai ditinjau")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk revisi")
        DISETUJUI = "disetujui", _("Disetujui")
        BERLAKU = "berlaku", _("Berlaku dengan sendirinya")

    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(_("aksi"), max_length=15, choices=Aksi.choices)
    dari = models.CharField(max_length=15, choices=Rencana.Status.choices, blank=True)
    ke = models.CharField(max_length=15, choices=Rencana.Status.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pada = models.DateTimeField(auto_now_add=True)
    putaran = models.PositiveSmallIntegerField(default=0)
    catatan = models.TextField(_("catatan"), blank=True)
    tenggat = models.DateField(_("tenggat"), null=True, blank=True)

    wilayah_kode_field = "rencana__desa__kode"

    class Meta:
        ordering = ["pada", "id"]
        verbose_name = _("riwayat rencana")
        verbose_name_plural = _("riwayat rencana")

    def __str__(self):
        return f"{self.get_aksi_display()} ({self.dari or '-'} → {self.ke})"


class CatatanRevisi(models.Model):
    """A reviewer's reason for a return, for one line (or for the plan as a whole)."""

    riwayat = models.ForeignKey(
        RiwayatRencana, on_delete=models.CASCADE, related_name="catatan_baris"
    )
    # The line may be changed or deleted in the revision; its code and name are kept as written.
    baris = models.ForeignKey(
        BarisKegiatan, on_delete=models.SET_NULL, null=True, blank=True, related_name="catatan"
    )
    kode_kegiatan = models.CharField(max_length=10, blank=True)
    nama_kegiatan = models.CharField(max_length=255, blank=True)
    teks = models.TextField(_("alasan"))

    wilayah_kode_field = "riwayat__rencana__desa__kode"

    class Meta:
        ordering = ["riwayat", "id"]
        verbose_name = _("catatan revisi")
        verbose_name_plural = _("catatan revisi")

    def __str__(self):
        return self.teks[:60]
