"""Basic-service data: the catalogue (data elements, indicators), monthly values per desa,
submissions per (kecamatan, sector, month), their audit trail, and the aggregate tables that
every page reads.

Modelled on DHIS2 (data element / indicator / period / aggregate), minus its faults: values are
typed integers, never text; missing is a missing row, never zero.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa, Kecamatan, Sektor


class AgregasiWaktu(models.TextChoices):
    JUMLAH = "jumlah", _("Jumlah (arus, dijumlahkan antarbulan)")
    TERAKHIR = "terakhir", _("Terakhir (stok, nilai terakhir dalam periode)")


class DataElemen(models.Model):
    """One counted quantity per desa per month."""

    kode = models.SlugField(_("kode"), max_length=60, unique=True)
    nama = models.CharField(_("nama"), max_length=255)
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    satuan = models.CharField(_("satuan"), max_length=40, default="orang")
    agregasi_waktu = models.CharField(
        _("agregasi waktu"),
        max_length=10,
        choices=AgregasiWaktu.choices,
        default=AgregasiWaktu.JUMLAH,
    )
    # Annual target populations (sasaran) are stocks entered once a year, not every month.
    tahunan = models.BooleanField(_("diisi setahun sekali"), default=False)
    keterangan = models.TextField(_("keterangan"), blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["sektor", "urutan", "kode"]
        verbose_name = _("elemen data")
        verbose_name_plural = _("elemen data")

    def __str__(self):
        return self.nama


class Indikator(models.Model):
    class Arah(models.TextChoices):
        NAIK = "naik", _("Makin tinggi makin baik")
        TURUN = "turun", _("Makin rendah makin baik")

    class Kelompok(models.TextChoices):
        SPM = "spm", _("SPM (akses layanan dasar)")
        STUNTING_BUMIL = "stunting_bumil", _("Konvergensi stunting: ibu hamil")
        STUNTING_BADUTA = "stunting_baduta", _("Konvergensi stunting: anak 0–23 bulan")
        STUNTING_ANAK = "stunting_anak", _("Konvergensi stunting: anak 2–6 tahun")
        PREVALENSI = "prevalensi", _("Prevalensi stunting")

    kode = models.SlugField(_("kode"), max_length=60, unique=True)
    nama = models.CharField(_("nama"), max_length=255)
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    kelompok = models.CharField(_("kelompok"), max_length=20, choices=Kelompok.choices)
    pembilang = models.ForeignKey(
        DataElemen,
        on_delete=models.PROTECT,
        related_name="indikator_pembilang",
        verbose_name=_("pembilang"),
    )
    penyebut = models.ForeignKey(
        DataElemen,
        on_delete=models.PROTECT,
        related_name="indikator_penyebut",
        verbose_name=_("penyebut"),
    )
    faktor = models.DecimalField(_("faktor"), max_digits=10, decimal_places=2, default=100)
    # Targets change by regulation and year: they are data, editable in admin.
    target = models.DecimalField(
        _("target"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    arah = models.CharField(_("arah"), max_length=5, choices=Arah.choices, default=Arah.NAIK)
    dasar_hukum = models.TextField(_("dasar hukum"), blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    sektor_field = "sektor"

    class Meta:
        ordering = ["sektor", "kelompok", "urutan", "kode"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self):
        return self.nama

    @property
    def kumulatif(self):
        """Coverage against an annual target: a flow numerator (people served, summed over the
        months) over a target population entered once a year. Its month and quarter figures
        are year-to-date and compared with a pro-rated target (DESIGN §5). Pages that list
        indicators annotate `kumulatif` in SQL (selectors); this reads the elements."""
        if "kumulatif" in self.__dict__:
            return self.__dict__["kumulatif"]
        return self.pembilang.agregasi_waktu == AgregasiWaktu.JUMLAH and self.penyebut.tahunan

    @kumulatif.setter
    def kumulatif(self, nilai):
        self.__dict__["kumulatif"] = nilai


def ekspr_kumulatif(awalan=""):
    """SQL twin of Indikator.kumulatif, for annotating lists of indicators (`awalan` reaches
    the indicator through a relation, e.g. "indikator__")."""
    return models.ExpressionWrapper(
        Q(
            **{
                f"{awalan}pembilang__agregasi_waktu": AgregasiWaktu.JUMLAH,
                f"{awalan}penyebut__tahunan": True,
            }
        ),
        output_field=models.BooleanField(),
    )


# Statuses whose values are data for dashboards, reports and aggregates (DESIGN §5 "What is
# data"): a draft, or a month sent back to the UPT, is still being worked on.
STATUS_DATA = ("diajukan", "diverifikasi", "dikunci")


class NilaiData(models.Model):
    """The value of one element for one desa in one month (the first day of the month)."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="nilai_data")
    elemen = models.ForeignKey(DataElemen, on_delete=models.PROTECT, related_name="nilai")
    bulan = models.DateField(_("bulan"))
    nilai = models.BigIntegerField(_("nilai"))
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)
    # Generated sample data (management command `muat_data_contoh`); a real entry through the
    # grid or an import clears it, and a reload of the sample replaces only flagged rows.
    contoh = models.BooleanField(_("data contoh"), default=False)

    # Through the related primary key: Django trims the join (the query uses desa_id), while
    # `desa_id__startswith` itself is refused on a ForeignKey.
    wilayah_kode_field = "desa__kode"
    sektor_field = "elemen__sektor"

    class Meta:
        verbose_name = _("nilai data")
        verbose_name_plural = _("nilai data")
        constraints = [
            models.UniqueConstraint(fields=["desa", "elemen", "bulan"], name="nilai_unik"),
            models.CheckConstraint(condition=Q(nilai__gte=0), name="nilai_tidak_negatif"),
            models.CheckConstraint(condition=Q(bulan__day=1), name="nilai_bulan_awal"),
        ]
        indexes = [models.Index(fields=["bulan", "elemen"])]

    def __str__(self):
        return f"{self.desa_id} · {self.elemen_id} · {self.bulan:%m/%Y} = {self.nilai}"


class Pengajuan(models.Model):
    """The monthly submission of one sector's data for one kecamatan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DIKUNCI = "dikunci", _("Dikunci")

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="pengajuan")
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    bulan = models.DateField(_("bulan"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    dikunci_pada = models.DateTimeField(_("dikunci pada"), null=True, blank=True)
    alasan_dikembalikan = models.TextField(_("alasan dikembalikan"), blank=True)
    # Completeness, kept current by every write (grid, import) so the completeness page reads
    # these rows instead of counting raw values. `desa_diharapkan` is the number of active
    # villages when the month was last written (villages split and merge over the years).
    desa_lapor = models.PositiveIntegerField(_("desa melapor"), default=0)
    desa_diharapkan = models.PositiveIntegerField(_("desa diharapkan"), default=0)
    diperbarui = models.DateTimeField(auto_now=True)

    wilayah_kode_field = "kecamatan__kode"
    sektor_field = "sektor"

    class Meta:
        verbose_name = _("pengajuan data")
        verbose_name_plural = _("pengajuan data")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "sektor", "bulan"], name="pengajuan_unik"),
        ]

    def __str__(self):
        return f"{self.kecamatan.nama} · {self.get_sektor_display()} · {self.bulan:%m/%Y}"


class RiwayatPengajuan(models.Model):
    """Every workflow step of a submission: who, when, from → to, and why."""

    pengajuan = models.ForeignKey(Pengajuan, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField(max_length=15, choices=Pengajuan.Status.choices, blank=True)
    ke = models.CharField(max_length=15, choices=Pengajuan.Status.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.TextField(blank=True)

    wilayah_kode_field = "pengajuan__kecamatan__kode"
    sektor_field = "pengajuan__sektor"

    class Meta:
        ordering = ["pada", "id"]
        verbose_name = _("riwayat pengajuan")
        verbose_name_plural = _("riwayat pengajuan")

    def __str__(self):
        return f"{self.dari or '-'} → {self.ke}"


class AuditNilai(models.Model):
    """Every change of a value, whatever the channel. Never updated or deleted."""

    class Sumber(models.TextChoices):
        GRID = "grid", _("Isian grid")
        IMPOR = "impor", _("Impor berkas")
        ADMIN = "admin", _("Admin")
        DEMO = "demo", _("Data contoh")

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    elemen = models.ForeignKey(DataElemen, on_delete=models.PROTECT, related_name="+")
    bulan = models.DateField()
    nilai_lama = models.BigIntegerField(null=True, blank=True)
    nilai_baru = models.BigIntegerField(null=True, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pada = models.DateTimeField(auto_now_add=True)
    sumber = models.CharField(max_length=10, choices=Sumber.choices)
    # The value was flagged as far from the village's own history and the user kept it.
    pencilan = models.BooleanField(_("pencilan dikonfirmasi"), default=False)

    # Through the related primary key: Django trims the join (the query uses desa_id), while
    # `desa_id__startswith` itself is refused on a ForeignKey.
    wilayah_kode_field = "desa__kode"
    sektor_field = "elemen__sektor"

    class Meta:
        ordering = ["-pada", "-id"]
        verbose_name = _("audit nilai")
        verbose_name_plural = _("audit nilai")
        indexes = [models.Index(fields=["desa", "elemen", "bulan"])]

    def __str__(self):
        return f"{self.desa_id} · {self.elemen_id} · {self.bulan:%m/%Y}: {self.nilai_baru}"


class DataContoh(models.Model):
    """A record that generated sample data was loaded for a wilayah: pages showing data under
    it carry a banner, so nobody mistakes it for real reports."""

    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13, unique=True)
    bulan_awal = models.DateField(_("bulan awal"))
    bulan_akhir = models.DateField(_("bulan akhir"))
    seed = models.IntegerField(_("seed"), default=0)
    jumlah_nilai = models.PositiveIntegerField(_("jumlah nilai"), default=0)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now=True)

    wilayah_kode_field = "wilayah_kode"

    class Meta:
        verbose_name = _("data contoh")
        verbose_name_plural = _("data contoh")

    def __str__(self):
        return f"{self.wilayah_kode} {self.bulan_awal:%m/%Y}–{self.bulan_akhir:%m/%Y}"


class JenisPeriode(models.TextChoices):
    BULAN = "bulan", _("Bulan")
    TRIWULAN = "triwulan", _("Triwulan")
    TAHUN = "tahun", _("Tahun")


# The 17 periods of an aggregation year, as stored side by side in AgregatTahun: months 1..12,
# quarters 13..16, the year 17.
N_PERIODE = 17


class AgregatTahun(models.Model):
    """The aggregates as stored: one row per indicator × wilayah node × year, the year's 17
    periods side by side (columns `<x>1` .. `<x>17`: the months, the quarters, the year). A year
    of the whole country is 3.7 M rows instead of 65 M one-period rows (issue 17): the per-row
    overhead and the keys are paid once per year, and an empty period costs a null bit. Built
    by the aggregation engine; read through AgregatIndikator (a view), never directly by pages.

    Per period: n pembilang, d penyebut, o the period's own numerator (year-to-date indicators
    only), c desa_lapor, e desa_diharapkan (above desa only; a desa row derives both from its
    numerator, denominator and `aktif`), v a nilai written by hand (tests, old rows; the engine
    leaves it empty and the view computes n × faktor ÷ d), w when the period's figures were
    last computed if earlier than the row's `dihitung_pada` (a run that rewrites March keeps
    January's time; empty after a full rebuild, so it costs nothing there). A period has a row
    in the view when n, d or e is present."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="agregat_tahun", db_index=False
    )
    tingkat = models.CharField(max_length=10)  # wilayah.models.Tingkat
    wilayah_kode = models.CharField(max_length=13)  # '' = nasional
    tahun = models.SmallIntegerField()
    faktor = models.DecimalField(max_digits=10, decimal_places=2)
    pasangan = models.SmallIntegerField(default=0)  # agregasi.mesin: BEBAS/STOK/ARUS/KUMULATIF
    aktif = models.SmallIntegerField(null=True)  # desa rows: 1 = an active village
    dihitung_pada = models.DateTimeField()
    for _i in range(1, N_PERIODE + 1):
        locals()[f"n{_i}"] = models.BigIntegerField(null=True)
        locals()[f"d{_i}"] = models.BigIntegerField(null=True)
        locals()[f"o{_i}"] = models.BigIntegerField(null=True)
        locals()[f"c{_i}"] = models.IntegerField(null=True)
        locals()[f"e{_i}"] = models.IntegerField(null=True)
        locals()[f"v{_i}"] = models.DecimalField(max_digits=14, decimal_places=4, null=True)
        locals()[f"w{_i}"] = models.DateTimeField(null=True)
    del _i

    class Meta:
        verbose_name = _("agregat per tahun")
        verbose_name_plural = _("agregat per tahun")
        # Every page filters on the wilayah code (=, IN, or a prefix: "C" collation on
        # PostgreSQL, migration 0007, so LIKE 'kode.%' uses the index) and, through the view's
        # manager, on the year; the level index serves "every node of a level" lists.
        constraints = [
            models.UniqueConstraint(
                fields=["wilayah_kode", "tahun", "indikator"], name="agregat_tahun_unik"
            ),
        ]
        indexes = [
            models.Index(
                fields=["tingkat", "tahun", "indikator"],
                name="agregat_tahun_atas",
                condition=~Q(tingkat="desa"),
            ),
        ]

    def __str__(self):
        return f"{self.indikator_id} · {self.wilayah_kode or 'nasional'} · {self.tahun}"


def _tahun_dari(nilai):
    import datetime as dt

    if isinstance(nilai, dt.date):
        return nilai.year
    if isinstance(nilai, str) and len(nilai) >= 4 and nilai[:4].isdigit():
        return int(nilai[:4])
    return None


# Literal value lists of an `__in` lookup (anything else, a subquery, is not read here).
_DAFTAR = (list, tuple, set, frozenset)


def _nilai_q(q, kolom, ubah):
    """The values a Q object confines field `kolom` to (a set, each value passed through
    `ubah`), or None when it does not confine it."""
    if q.negated:
        return None
    hasil = []
    for anak in q.children:
        if isinstance(anak, Q):
            hasil.append(_nilai_q(anak, kolom, ubah))
            continue
        nama, nilai = anak
        if nama == kolom:
            nilai = [nilai]
        elif nama != f"{kolom}__in":
            hasil.append(None)
            continue
        if not isinstance(nilai, _DAFTAR):
            hasil.append(None)  # a subquery: iterating it would run it here
            continue
        daftar = {ubah(v) for v in nilai}
        hasil.append(None if None in daftar or not daftar else daftar)
    if q.connector == Q.OR:
        return None if not hasil or None in hasil else set().union(*hasil)
    terbatas = [h for h in hasil if h is not None]
    return set.intersection(*terbatas) if terbatas else None


class AgregatQuerySet(models.QuerySet):
    """Readers filter on `periode`; the view can not turn that into an index condition on the
    stored year, so every such filter also gets the year it implies (redundant for the
    result, decisive for the plan: the Sekber page reads one year, not five)."""

    def filter(self, *args, **kwargs):
        qs = super().filter(*args, **kwargs)
        # Q(...) | Q(...): the years, the codes and the levels that every branch confines it
        # to (the view can not push an OR spanning the stored row and its periods into the
        # index: the desa page read every stored row, 5 s; the Sekber page every desa row of
        # the year, 0.2 s on one province).
        for q in args:
            if not isinstance(q, Q):
                continue
            daftar = _nilai_q(q, "periode", _tahun_dari)
            if daftar:
                qs = super(AgregatQuerySet, qs).filter(tahun__in=sorted(daftar))
            for kolom in ("wilayah_kode", "tingkat"):
                daftar = _nilai_q(q, kolom, lambda v: v if isinstance(v, str) else None)
                if daftar:
                    qs = super(AgregatQuerySet, qs).filter(**{f"{kolom}__in": sorted(daftar)})
        tahun = {}
        for kunci, nilai in kwargs.items():
            if kunci == "periode" and _tahun_dari(nilai):
                tahun["tahun"] = _tahun_dari(nilai)
            elif kunci == "periode__in" and isinstance(nilai, _DAFTAR):
                daftar = {_tahun_dari(v) for v in nilai}  # (a subquery is left alone)
                if daftar and None not in daftar:
                    tahun["tahun__in"] = sorted(daftar)
            elif kunci in ("periode__gte", "periode__gt") and _tahun_dari(nilai):
                tahun["tahun__gte"] = _tahun_dari(nilai)
            elif kunci in ("periode__lte", "periode__lt") and _tahun_dari(nilai):
                tahun["tahun__lte"] = _tahun_dari(nilai)
            elif kunci == "periode__range":
                awal, akhir = (_tahun_dari(v) for v in nilai)
                if awal and akhir:
                    tahun["tahun__range"] = (awal, akhir)
            elif kunci == "periode__year" and isinstance(nilai, int):
                tahun["tahun"] = nilai
        return super(AgregatQuerySet, qs).filter(**tahun) if tahun else qs


class AgregatIndikator(models.Model):
    """An indicator at one wilayah node and one period, built by the aggregation engine: the
    shape every page reads. A view over AgregatTahun (one row per stored period; migration
    0007, `agregasi/tampilan.py`); an insert is written into its year row (tests).

    Numerator and denominator are stored so that any higher level is their sums (ratio of sums,
    never a mean of percentages). Null means no data, never zero.
    """

    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.DO_NOTHING,  # the stored year rows cascade (AgregatTahun)
        related_name="agregat",
        db_constraint=False,
    )
    tingkat = models.CharField(max_length=10)  # wilayah.models.Tingkat
    wilayah_kode = models.CharField(max_length=13)  # '' = nasional
    tahun = models.SmallIntegerField(null=True, editable=False)  # the stored row's year
    jenis_periode = models.CharField(max_length=10, choices=JenisPeriode.choices)
    periode = models.DateField()  # first day of the month, quarter or year
    pembilang = models.BigIntegerField(null=True)
    penyebut = models.BigIntegerField(null=True)
    nilai = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    desa_lapor = models.IntegerField(default=0)
    desa_diharapkan = models.IntegerField(default=0)
    # Coverage against an annual target (a flow over the year's target population, DESIGN §5):
    # pembilang/penyebut/nilai are year-to-date through the period's last month, and
    # `bulan_kumulatif` is that month's number (target × bulan_kumulatif ÷ 12 is the pro-rated
    # target). Null for every other indicator. `pembilang_periode` is the period's own
    # numerator (this month's or this quarter's flow), summed over the villages reporting in
    # the period; equal to pembilang for indicators that are not year-to-date.
    pembilang_periode = models.BigIntegerField(null=True)
    bulan_kumulatif = models.SmallIntegerField(null=True)
    dihitung_pada = models.DateTimeField()

    wilayah_kode_field = "wilayah_kode"
    sektor_field = "indikator__sektor"

    objects = AgregatQuerySet.as_manager()

    class Meta:
        managed = False
        verbose_name = _("agregat indikator")
        verbose_name_plural = _("agregat indikator")

    def __str__(self):
        return f"{self.indikator_id} · {self.wilayah_kode or 'nasional'} · {self.periode}"


class AntrianAgregasi(models.Model):
    """A village-month whose aggregates are stale. Written by `agregasi_jadwalkan` in the same
    transaction as the values (a rollback takes the mark back too) and drained by the
    incremental rebuild in the transaction that rewrites the aggregates, so a killed worker
    leaves the marks in place and the next run converges. One row per (desa, month): repeated
    edits before a run collapse into one mark."""

    desa_kode = models.CharField(_("kode desa"), max_length=13)
    bulan = models.DateField(_("bulan"))
    dibuat_pada = models.DateTimeField(_("ditandai pada"))

    wilayah_kode_field = "desa_kode"

    class Meta:
        verbose_name = _("antrian agregasi")
        verbose_name_plural = _("antrian agregasi")
        constraints = [
            models.UniqueConstraint(fields=["desa_kode", "bulan"], name="antrian_agregasi_unik"),
        ]

    def __str__(self):
        return f"{self.desa_kode} · {self.bulan:%m/%Y}"


class RiwayatAgregasi(models.Model):
    """One completed run of the aggregation engine, written in the run's own transaction: pages
    show the latest one as "Data per …"."""

    class Jenis(models.TextChoices):
        PENUH = "penuh", _("Bangun ulang penuh")
        LINGKUP = "lingkup", _("Bangun ulang wilayah/tahun")
        INKREMENTAL = "inkremental", _("Pembaruan inkremental")

    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13, blank=True)  # '' = nasional
    tahun = models.PositiveIntegerField(_("tahun"), null=True, blank=True)  # null = semua
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"), db_index=True)
    baris = models.PositiveIntegerField(_("baris ditulis"), default=0)
    catatan = models.TextField(_("catatan"), blank=True)

    wilayah_kode_field = "wilayah_kode"

    class Meta:
        ordering = ["-selesai", "-id"]
        verbose_name = _("riwayat agregasi")
        verbose_name_plural = _("riwayat agregasi")

    def __str__(self):
        wilayah = self.wilayah_kode or "nasional"
        return f"{self.get_jenis_display()} {wilayah} {self.selesai:%Y-%m-%d %H:%M}"


class RiwayatImpor(models.Model):
    """One accepted import of another system's export (SUMBER.md: who, when, which file, which
    period, how many rows) and the villages it wrote, for the desa activity page. A refused file
    stores nothing, so it leaves no row here either."""

    class Sumber(models.TextChoices):
        SISKEUDES = "siskeudes", _("Siskeudes (APB Desa, RKP Desa)")
        EPPGBM = "eppgbm", _("e-PPGBM (pengukuran anak)")
        SKORKARD = "skorkard", _("Scorecard Konvergensi Desa")
        ISIAN = "isian", _("Impor isian bulanan")

    sumber = models.CharField(_("sumber"), max_length=12, choices=Sumber.choices)
    # The kecamatan or kabupaten the file covered (a Siskeudes zip may hold a whole kabupaten).
    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13)
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    ukuran = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    periode = models.CharField(_("periode"), max_length=40, blank=True)
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pada = models.DateTimeField(_("pada"), auto_now_add=True, db_index=True)
    desa = models.ManyToManyField(Desa, related_name="riwayat_impor", verbose_name=_("desa"))

    wilayah_kode_field = "wilayah_kode"

    class Meta:
        ordering = ["-pada", "-id"]
        verbose_name = _("riwayat impor")
        verbose_name_plural = _("riwayat impor")

    def __str__(self):
        return f"{self.get_sumber_display()} · {self.nama_berkas} · {self.pada:%Y-%m-%d %H:%M}"
