"""Administrative areas keyed by their official Kemendagri codes, and who may act where.

Codes are hierarchical (`PP.KK.CC.VVVV`), so the descendants of any node are the rows whose code
starts with the node's code plus a dot; scoping uses that prefix everywhere.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sektor(models.TextChoices):
    """The four basic-service sectors of the SPM that the kecamatan consolidates."""

    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PU = "pu", _("Pekerjaan Umum")
    SOSIAL = "sosial", _("Sosial")


class Tingkat(models.TextChoices):
    NASIONAL = "nasional", _("Nasional")
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/Kelurahan")


class WilayahQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(aktif=True)

    def di_bawah(self, kode):
        """This node's descendants at the queryset's level (all rows for the nasional code '')."""
        if not kode:
            return self
        return self.filter(models.Q(kode=kode) | models.Q(kode__startswith=kode + "."))


class WilayahBase(models.Model):
    kode = models.CharField(_("kode"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=200)
    # Retired codes (gone from a newer official list) stay, with their data, but inactive.
    aktif = models.BooleanField(_("aktif"), default=True)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = WilayahQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["kode"]

    def __str__(self):
        return f"{self.nama} ({self.kode})"


class ZonaWaktu(models.TextChoices):
    """Indonesia's three time zones (UU/Keppres 41/1987); which province keeps which is data
    (fixtures/wilayah/zona_waktu.csv, editable in the admin), not code."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Provinsi(WilayahBase):
    tingkat = Tingkat.PROVINSI
    wilayah_kode_field = "kode"
    zona_waktu = models.CharField(
        _("zona waktu"),
        max_length=20,
        choices=ZonaWaktu.choices,
        default=ZonaWaktu.WIB,
        help_text=_("Tenggat dan jam di halaman kecamatan provinsi ini memakai zona ini."),
    )

    class Meta(WilayahBase.Meta):
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")


class Kabupaten(WilayahBase):
    class Jenis(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    tingkat = Tingkat.KABUPATEN
    wilayah_kode_field = "kode"
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten")
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)

    class Meta(WilayahBase.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    @staticmethod
    def jenis_dari_kode(kode):
        # Kabupaten are numbered 01-69 within a province, kota 71-99.
        return Kabupaten.Jenis.KOTA if int(kode.split(".")[1]) >= 71 else Kabupaten.Jenis.KABUPATEN


class Kecamatan(WilayahBase):
    tingkat = Tingkat.KECAMATAN
    wilayah_kode_field = "kode"
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan")

    class Meta(WilayahBase.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")


class Desa(WilayahBase):
    class Jenis(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        DESA_ADAT = "desa_adat", _("Desa Adat")

    tingkat = Tingkat.DESA
    wilayah_kode_field = "kode"
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)

    class Meta(WilayahBase.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    @staticmethod
    def jenis_dari_kode(kode):
        # The village number's first digit: 1xxx kelurahan, 2xxx desa, 3xxx desa adat.
        return {
            "1": Desa.Jenis.KELURAHAN,
            "2": Desa.Jenis.DESA,
            "3": Desa.Jenis.DESA_ADAT,
        }[kode.rsplit(".", 1)[1][0]]


MODEL_TINGKAT = {
    Tingkat.PROVINSI: Provinsi,
    Tingkat.KABUPATEN: Kabupaten,
    Tingkat.KECAMATAN: Kecamatan,
    Tingkat.DESA: Desa,
}


def tingkat_dari_kode(kode):
    """'' is nasional; otherwise the number of dotted parts names the level."""
    if not kode:
        return Tingkat.NASIONAL
    return [Tingkat.PROVINSI, Tingkat.KABUPATEN, Tingkat.KECAMATAN, Tingkat.DESA][kode.count(".")]


class Peran(models.TextChoices):
    CAMAT = "camat", _("Camat")
    SEKCAM = "sekcam", _("Sekretaris Camat")
    UPT_KESEHATAN = "upt_kesehatan", _("Petugas UPT Kesehatan (Puskesmas)")
    UPT_PENDIDIKAN = "upt_pendidikan", _("Petugas UPT Pendidikan (Korwil)")
    OPERATOR_KECAMATAN = "operator_kecamatan", _("Operator Kecamatan")
    OPERATOR_DESA = "operator_desa", _("Operator Desa")
    SEKBER_NASIONAL = "sekber_nasional", _("Sekber P3PD Nasional")
    SEKBER_PROVINSI = "sekber_provinsi", _("Sekber P3PD Provinsi")
    SEKBER_KABUPATEN = "sekber_kabupaten", _("Sekber P3PD Kabupaten")


# The wilayah level each role is bound to.
TINGKAT_PERAN = {
    Peran.CAMAT: Tingkat.KECAMATAN,
    Peran.SEKCAM: Tingkat.KECAMATAN,
    Peran.UPT_KESEHATAN: Tingkat.KECAMATAN,
    Peran.UPT_PENDIDIKAN: Tingkat.KECAMATAN,
    Peran.OPERATOR_KECAMATAN: Tingkat.KECAMATAN,
    Peran.OPERATOR_DESA: Tingkat.DESA,
    Peran.SEKBER_NASIONAL: Tingkat.NASIONAL,
    Peran.SEKBER_PROVINSI: Tingkat.PROVINSI,
    Peran.SEKBER_KABUPATEN: Tingkat.KABUPATEN,
}

# Sectors a role works in when its assignment names none (DESIGN §2). None = every sector.
SEKTOR_BAWAAN_PERAN = {
    Peran.UPT_KESEHATAN: (Sektor.KESEHATAN,),
    Peran.UPT_PENDIDIKAN: (Sektor.PENDIDIKAN,),
    Peran.OPERATOR_KECAMATAN: (Sektor.PU, Sektor.SOSIAL),
}

PERAN_SEKBER = {Peran.SEKBER_NASIONAL, Peran.SEKBER_PROVINSI, Peran.SEKBER_KABUPATEN}
PERAN_PIMPINAN = {Peran.CAMAT, Peran.SEKCAM}


class Penugasan(models.Model):
    """A user's assignment: role + wilayah node (+ sector). One per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="penugasan"
    )
    peran = models.CharField(_("peran"), max_length=30, choices=Peran.choices)
    # The node's official code; '' for nasional. Kept as a code (not four nullable FKs) because
    # every scope check is a code-prefix match.
    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    sektor = models.CharField(
        _("sektor"),
        max_length=20,
        choices=Sektor.choices,
        blank=True,
        help_text=_("Kosongkan untuk memakai sektor bawaan peran."),
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    wilayah_kode_field = "wilayah_kode"

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")

    def __str__(self):
        return f"{self.user} — {self.get_peran_display()} {self.wilayah_kode or 'nasional'}"

    def clean(self):
        harus = TINGKAT_PERAN.get(self.peran)
        if harus is None:
            return
        if tingkat_dari_kode(self.wilayah_kode) != harus:
            raise ValidationError(
                {
                    "wilayah_kode": _("Peran %(peran)s harus ditugaskan pada tingkat %(tingkat)s.")
                    % {"peran": self.get_peran_display(), "tingkat": Tingkat(harus).label}
                }
            )
        if harus != Tingkat.NASIONAL:
            model = MODEL_TINGKAT[harus]
            if not model.objects.filter(kode=self.wilayah_kode).exists():
                raise ValidationError({"wilayah_kode": _("Kode wilayah tidak dikenal.")})


class BatasDesa(models.Model):
    """The village boundaries of one kabupaten, uploaded by an admin as GeoJSON.

    Only a simplified copy is kept (outer rings, Douglas–Peucker, rounded coordinates), keyed by
    the official village code, so a map page ships a few hundred kilobytes at most.
    """

    kabupaten = models.OneToOneField(
        Kabupaten,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="batas_desa",
        verbose_name=_("kabupaten/kota"),
    )
    properti_kode = models.CharField(
        _("properti kode desa"),
        max_length=60,
        default="kode",
        help_text=_("Nama properti fitur GeoJSON yang berisi kode desa Kemendagri."),
    )
    nama_berkas = models.CharField(_("nama berkas"), max_length=255, blank=True)
    # {"33.06.11.2001": [[[lon, lat], ...], ...], ...}: outer rings per village.
    bentuk = models.JSONField(_("bentuk (disederhanakan)"), default=dict)
    kotak = models.JSONField(_("kotak batas"), default=list)  # [min_lon, min_lat, max_lon, max_lat]
    jumlah_desa = models.PositiveIntegerField(_("jumlah desa"), default=0)
    jumlah_titik = models.PositiveIntegerField(_("jumlah titik"), default=0)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    diunggah_pada = models.DateTimeField(_("diunggah pada"), auto_now=True)

    # Through the join: Django refuses a prefix lookup on the raw foreign-key column.
    wilayah_kode_field = "kabupaten__kode"

    class Meta:
        verbose_name = _("batas desa (GeoJSON)")
        verbose_name_plural = _("batas desa (GeoJSON)")

    def __str__(self):
        return str(self.kabupaten)


class KodeEksternal(models.Model):
    """One row of the crosswalk: another system's code for one of our wilayah (SUMBER.md §1).

    Derivation rules (`wilayah.padanan`) are tried first (Siskeudes, Kemendesa codes are usually
    ours rearranged); this table holds the codes no rule yields (BPS codes that differ, Dapodik's
    own kecamatan codes, a kabupaten that numbers its Siskeudes kecamatan differently). It is
    data: loaded from CSV (`muat_kode_eksternal`) and editable in the admin.
    """

    class Sistem(models.TextChoices):
        SISKEUDES = "siskeudes", _("Siskeudes (BPKP)")
        KEMENDESA = "kemendesa", _("Kemendesa (SDGs Desa, IDM)")
        BPS = "bps", _("BPS")
        DAPODIK = "dapodik", _("Dapodik")
        EPPGBM = "eppgbm", _("e-PPGBM / SIGIZI")

    sistem = models.CharField(_("sistem"), max_length=12, choices=Sistem.choices)
    kode_eksternal = models.CharField(_("kode eksternal"), max_length=40)
    wilayah_kode = models.CharField(_("kode wilayah (Kemendagri)"), max_length=13)
    berlaku_dari = models.DateField(_("berlaku dari"), null=True, blank=True)
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)

    wilayah_kode_field = "wilayah_kode"

    class Meta:
        ordering = ["sistem", "kode_eksternal", "berlaku_dari"]
        verbose_name = _("padanan kode eksternal")
        verbose_name_plural = _("padanan kode eksternal")
        constraints = [
            models.UniqueConstraint(
                fields=["sistem", "kode_eksternal", "berlaku_dari"], name="kode_eksternal_unik"
            ),
        ]

    def __str__(self):
        return f"{self.get_sistem_display()} {self.kode_eksternal} → {self.wilayah_kode}"

    def clean(self):
        tingkat = tingkat_dari_kode(self.wilayah_kode or "")
        model = MODEL_TINGKAT.get(tingkat)
        if model is None or not model.objects.filter(kode=self.wilayah_kode).exists():
            raise ValidationError({"wilayah_kode": _("Kode wilayah tidak dikenal.")})
        if self.berlaku_dari and self.berlaku_sampai and self.berlaku_sampai < self.berlaku_dari:
            raise ValidationError(
                {"berlaku_sampai": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")}
            )


class HariLibur(models.Model):
    """A national holiday or collective leave day: skipped by every working-day clock (the plan
    review of perencanaan, the complaint deadlines of pengaduan). It lives here, at the left end
    of the import chain, so both apps read one table."""

    class Jenis(models.TextChoices):
        LIBUR_NASIONAL = "libur_nasional", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")

    tanggal = models.DateField(_("tanggal"), unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices)
    # Dates of moving feasts are fixed by the yearly SKB; until then they are estimates.
    perlu_verifikasi = models.BooleanField(_("perlu verifikasi"), default=False)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        ordering = ["tanggal"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self):
        return f"{self.tanggal:%d/%m/%Y} {self.nama}"
