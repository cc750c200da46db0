"""Sample complaints and community ratings for the demo (`manage.py buat_pengaduan_demo`).

Every sample complaint goes through the real workflow services, so its history, deadlines and
late flags are what the desk would have produced. The services stamp each step with the present
moment; to give the samples a past, the complaint's whole record is moved back by the time that
passes before each step (`_mundurkan`), so the steps end up spread over days or weeks, in order,
and a step taken after its deadline is flagged late exactly as it would be live.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wilayah.models import Desa, Kecamatan, Penugasan, Peran

from . import services
from .models import Pengaduan, Penilaian, Riwayat, Status, Tanggapan

WAKTU_PENGADUAN = (
    "diterima_pada",
    "batas_verifikasi",
    "diverifikasi_pada",
    "didisposisi_pada",
    "batas_tanggapan",
    "tanggapan_pertama_pada",
    "menunggu_sejak",
    "batas_konfirmasi",
    "selesai_pada",
    "diperbarui",
)

# Deadlines count working days, so "late" samples wait long enough to be late over a weekend
# and a holiday too (5 working days can be 9 calendar days).
# (sector, village index, title, text, options, steps). A step is (hours since the previous step
# or the filing; action, None for "now"). Actions: verifikasi (and dispatch to the default
# unit) | verifikasi_saja | tanggapi | minta_konfirmasi | pelapor_selesai | selesai |
# tolak:<reason> | arsip:<reason>. The clock job runs at the end.
CONTOH = (
    (
        "kesehatan",
        0,
        "Posyandu Melati tidak buka bulan ini",
        "Jadwal posyandu tanggal 5 tidak ada petugas, ibu-ibu sudah datang membawa balita.",
        {},
        [(20, None)],
    ),
    (
        "pu",
        1,
        "Jalan desa berlubang di depan SD",
        "Lubang besar di jalan depan SD Negeri 1, sudah dua anak jatuh dari sepeda.",
        {},
        [(24 * 8, None)],  # never verified: past the 3-working-day deadline
    ),
    (
        "sosial",
        2,
        "Kantor desa tutup pada jam kerja",
        "Hari Selasa jam 10 kantor desa sudah tutup, kami tidak bisa mengurus surat pengantar.",
        {"urusan_desa": True},
        [(3, "verifikasi_saja"), (20, None)],  # verified, not yet dispatched
    ),
    (
        "kesehatan",
        2,
        "Obat di pustu sering kosong",
        "Sudah tiga kali ke pustu obat batuk anak tidak tersedia, disuruh beli di apotek.",
        {"nama": "Sri Wahyuni", "telepon": "081234567890"},
        [(30, "verifikasi"), (24 * 10, None)],  # dispatched, first response overdue
    ),
    (
        "pendidikan",
        3,
        "Guru PAUD jarang hadir",
        "Anak kami sering pulang lebih awal karena guru tidak datang.",
        {},
        [(5, "verifikasi"), (24 * 2, None)],
    ),
    (
        "sosial",
        4,
        "Bantuan sembako tidak merata",
        "Beberapa lansia di RT 03 tidak menerima bantuan padahal masuk daftar.",
        {"nama": "Bambang"},
        [(20, "verifikasi"), (50, "tanggapi"), (24 * 9, None)],
    ),
    (
        "sosial",
        0,
        "Diminta uang untuk surat keterangan tidak mampu",
        "Saat mengurus SKTM untuk berobat, kami diminta membayar Rp50.000.",
        {"anonim": True, "rahasia": True},
        [(6, "verifikasi"), (30, "tanggapi"), (24 * 3, None)],
    ),
    (
        "pu",
        1,
        "Air PAMSIMAS mati tiga hari",
        "Sejak Senin air tidak mengalir di dusun Krajan.",
        {"nama": "Pak Darto"},
        [(4, "verifikasi"), (26, "minta_konfirmasi"), (24 * 4, None)],  # waiting for the reporter
    ),
    (
        "pu",
        2,
        "Lampu penerangan jalan padam",
        "Lampu di tikungan dekat jembatan padam sudah dua minggu, rawan kecelakaan.",
        {"nama": "Ahmad"},
        [(8, "verifikasi"), (40, "minta_konfirmasi"), (24 * 18, None)],  # closes by itself
    ),
    (
        "kesehatan",
        3,
        "Imunisasi anak ditunda tanpa kabar",
        "Jadwal imunisasi campak diundur dua kali tanpa pemberitahuan.",
        {"nama": "Rina"},
        [(10, "verifikasi"), (24 * 10, "tanggapi"), (48, "minta_konfirmasi"), (24 * 20, None)],
    ),
    (
        "pendidikan",
        4,
        "Pungutan seragam di sekolah",
        "Orang tua diminta membayar seragam Rp350.000 di awal tahun ajaran.",
        {"nama": "Ibu Lestari"},
        [(12, "verifikasi"), (60, "minta_konfirmasi"), (20, "pelapor_selesai"), (24 * 25, None)],
    ),
    (
        "kesehatan",
        0,
        "Antrean puskesmas terlalu lama",
        "Antre dari jam 7 baru dilayani jam 12.",
        {},
        [(70, "verifikasi"), (24, "tanggapi"), (24 * 6, "selesai"), (24 * 8, None)],
    ),
    (
        "pu",
        1,
        "Jual tanah kavling murah",
        "Dijual tanah kavling dekat jalan raya, hubungi kami.",
        {},
        [(3, "tolak:Bukan pengaduan layanan dasar (iklan)."), (24 * 10, None)],
    ),
    (
        "pu",
        1,
        "Jalan berlubang depan SD belum diperbaiki",
        "Lubang di depan SD Negeri 1 masih ada.",
        {},
        [(7, "verifikasi"), (2, "arsip:Sama dengan laporan jalan depan SD."), (24 * 5, None)],
    ),
)

# Community ratings: (village index, sector, score, comment, days ago).
PENILAIAN = (
    (0, "kesehatan", 4, "Bidan desa ramah.", 2),
    (0, "kesehatan", 3, "", 9),
    (0, "pendidikan", 5, "", 14),
    (0, "pu", 2, "Air sering mati.", 4),
    (0, "sosial", 3, "", 20),
    (1, "kesehatan", 5, "", 1),
    (1, "pu", 1, "Jalan rusak belum diperbaiki.", 6),
    (1, "pu", 2, "", 11),
    (1, "pendidikan", 4, "", 25),
    (2, "kesehatan", 2, "Obat sering kosong.", 3),
    (2, "kesehatan", 3, "", 16),
    (2, "sosial", 4, "", 8),
    (3, "pendidikan", 2, "Guru PAUD jarang hadir.", 5),
    (3, "kesehatan", 4, "", 12),
    (4, "sosial", 2, "Bantuan tidak merata.", 7),
    (4, "pu", 4, "", 19),
)


def _mundurkan(p, jam):
    """Move complaint `p`'s whole record (times, deadlines, history, responses) `jam` hours
    into the past, as one block: durations between its steps stay as they were."""
    selisih = timedelta(hours=jam)
    Pengaduan.objects.filter(pk=p.pk).update(**{f: F(f) - selisih for f in WAKTU_PENGADUAN})
    Riwayat.objects.filter(pengaduan=p).update(pada=F("pada") - selisih)
    Tanggapan.objects.filter(pengaduan=p).update(pada=F("pada") - selisih)


def _langkah(p, aksi, petugas):
    p.refresh_from_db()
    if aksi in ("verifikasi", "verifikasi_saja"):
        unit = (p.unit_peran, p.unit_kode) if aksi == "verifikasi" else None
        return services.pengaduan_verifikasi(pengaduan=p, oleh=petugas, unit=unit)
    if aksi in ("tanggapi", "minta_konfirmasi"):
        konfirmasi = aksi == "minta_konfirmasi"
        isi = (
            _("Perbaikan sudah dilakukan. Mohon kabari kami bila masalahnya belum selesai.")
            if konfirmasi
            else _("Sudah kami teruskan ke petugas lapangan; hasilnya akan kami kabarkan.")
        )
        services.pengaduan_tanggapi(pengaduan=p, oleh=petugas, isi=isi, minta_konfirmasi=konfirmasi)
        return p
    if aksi == "pelapor_selesai":
        return services.pengaduan_balas(
            pengaduan=p, isi=_("Terima kasih, sudah beres."), selesai=True
        )
    if aksi == "selesai":
        return services.pengaduan_tutup(pengaduan=p, oleh=petugas, status=Status.SELESAI)
    jenis, alasan = aksi.split(":", 1)
    if jenis == "tolak":
        return services.pengaduan_tolak(pengaduan=p, oleh=petugas, alasan=alasan)
    return services.pengaduan_tutup(
        pengaduan=p, oleh=petugas, status=Status.DIARSIPKAN, catatan=alasan
    )


@transaction.atomic
def pengaduan_demo_buat(*, kecamatan_kode):
    """Sample complaints in every state (some late) and community ratings for one kecamatan,
    marked as samples in their text. Needs the kecamatan's demo camat (buat_pengguna_demo) to
    act as staff. Safe to repeat: a kecamatan that already has sample complaints is left alone.
    Returns the number of complaints created."""
    penanda = _("Data contoh, bukan pengaduan sebenarnya.")
    kecamatan = Kecamatan.objects.filter(kode=kecamatan_kode).first()
    if kecamatan is None:
        raise ValueError(_("Kecamatan %(kode)s tidak dikenal.") % {"kode": kecamatan_kode})
    desa = list(Desa.objects.filter(kecamatan=kecamatan, aktif=True).order_by("kode")[:5])
    if len(desa) < 5:
        raise ValueError(_("Kecamatan demo perlu sedikitnya lima desa aktif."))
    if Pengaduan.objects.filter(desa__kecamatan=kecamatan, isi__endswith=penanda).exists():
        return 0
    penugasan = Penugasan.objects.filter(peran=Peran.CAMAT, wilayah_kode=kecamatan.kode).first()
    if penugasan is None:
        raise ValueError(
            _("Belum ada akun camat demo untuk %(kode)s: jalankan buat_pengguna_demo dahulu.")
            % {"kode": kecamatan.kode}
        )
    petugas = penugasan.user
    for sektor, i, judul, isi, opsi, langkah in CONTOH:
        p = services.pengaduan_buat(
            sektor=sektor, desa=desa[i], judul=judul, isi=f"{isi}\n\n{penanda}", **opsi
        )
        for jam, aksi in langkah:
            _mundurkan(p, jam)  # the time that passes before the step
            if aksi is not None:
                p = _langkah(p, aksi, petugas)
    # The clock job flags the deadlines missed in the samples' past and closes the complaint
    # whose reporter stayed silent too long, as the beat job would have.
    services.pengaduan_periksa_tenggat()
    sekarang = timezone.now()
    Penilaian.objects.bulk_create(
        Penilaian(
            desa=desa[i],
            sektor=sektor,
            nilai=nilai,
            komentar=komentar,
            dibuat=sekarang - timedelta(days=hari),
        )
        for i, sektor, nilai, komentar, hari in PENILAIAN
    )
    return len(CONTOH)
