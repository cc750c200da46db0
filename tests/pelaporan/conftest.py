"""A hand-made kecamatan (Pituruh) for the first quarter of 2025, with every figure of the
quarterly report worked out by hand in the comments, plus rows in other kecamatan that must
never be counted."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import DESA_KEMIRI, KEMIRI, PITURUH

WIB = ZoneInfo("Asia/Jakarta")
DESA_A = "33.06.11.2001"  # Kendalrejo
DESA_B = "33.06.11.2002"
DESA_C = "33.06.11.2003"
JABAR = "32.01.01"  # a kecamatan in another province (Jawa Barat)


def waktu(*args):
    return dt.datetime(*args, tzinfo=WIB)


@pytest.fixture
def tw1():
    from pelaporan.triwulan import Triwulan

    return Triwulan(2025, 1)


@pytest.fixture
def hari_laporan(time_machine):
    """'Today' is 15 April 2025, two weeks after the quarter ended."""
    time_machine.move_to(waktu(2025, 4, 15, 9, 0), tick=False)
    return dt.date(2025, 4, 15)


@pytest.fixture
def katalog_mini(db):
    """Four indicators: PAUD (pendidikan, target 100), ibu hamil (kesehatan, target 100),
    stunting prevalence (kesehatan, lower is better, target 14), drinking water (PU, no
    target)."""
    from layanan_dasar.models import DataElemen, Indikator

    def elemen(kode, sektor):
        return DataElemen.objects.create(kode=kode, nama=kode, sektor=sektor)

    def indikator(kode, nama, sektor, target, arah="naik", kelompok="spm"):
        return Indikator.objects.create(
            kode=kode,
            nama=nama,
            sektor=sektor,
            kelompok=kelompok,
            pembilang=elemen(f"{kode}-p", sektor),
            penyebut=elemen(f"{kode}-q", sektor),
            target=target,
            arah=arah,
        )

    return {
        "paud": indikator("uji-paud", "Uji PAUD", "pendidikan", Decimal(100)),
        "bumil": indikator("uji-bumil", "Uji ibu hamil", "kesehatan", Decimal(100)),
        "stunting": indikator(
            "uji-stunting", "Uji stunting", "kesehatan", Decimal(14), "turun", "prevalensi"
        ),
        "air": indikator("uji-air", "Uji air minum", "pu", None),
    }


def _agregat(indikator, tingkat, kode, jenis, periode, nilai, pembilang=None, penyebut=None):
    from django.utils import timezone

    from layanan_dasar.models import AgregatIndikator

    return AgregatIndikator(
        indikator=indikator,
        tingkat=tingkat,
        wilayah_kode=kode,
        jenis_periode=jenis,
        periode=periode,
        pembilang=pembilang,
        penyebut=penyebut,
        nilai=None if nilai is None else Decimal(str(nilai)),
        dihitung_pada=timezone.now(),
    )


@pytest.fixture
def data_buatan(katalog_mini, buat_pengguna):
    """Every source of the TW I 2025 report of Pituruh.

    Expected figures (see the tests):
    - kelengkapan: pendidikan 49+45+0 / 147 = 63,95%; kesehatan 49+40+49 / 147 = 93,88%;
      pu, sosial 0/147; all 232/588 = 39,46%.
    - ketepatan (due day 10): pendidikan Jan on time, Feb late, Mar none; kesehatan Jan on time
      (23:30 on the 10th), Feb draft, Mar on time → 12 expected, 4 submitted, 3 on time,
      1 late, 8 missing, 2 verified/locked, 25%.
    - capaian: PAUD 80 (was 75, +5, below target), ibu hamil 100 (=, met), stunting 20 (was
      18, +2 = worse, above 14), air 60 (no target, no previous) → 4 with data, 1 met,
      2 not met, 1 better, 1 worse.
    - desa prioritas: pendidikan A (short 50) then B (10); kesehatan B (mean 15) then A (8);
      C is on target; a Kemiri village far below target never appears.
    - team SK 001/2025 active with 2 of 3 members active on 31 March; 2 trainings (modules 1
      and 8) with 5 participants; 2 meetings, 7 attendances, 3 follow-ups (1 done, 2 open, 1
      overdue on 15 April); monev 2 planned, 1 held.
    """
    from layanan_dasar.models import AgregatIndikator, Pengajuan
    from pelaporan.models import (
        AgendaMonev,
        AnggotaTim,
        KehadiranRapat,
        Pelatihan,
        PesertaPelatihan,
        RapatKoordinasi,
        TimPengelola,
        TindakLanjutRapat,
    )

    k = katalog_mini
    q1, q4, q2 = dt.date(2025, 1, 1), dt.date(2024, 10, 1), dt.date(2024, 4, 1)
    tw = "triwulan"
    rows = [
        # kecamatan level, this quarter and the previous one
        _agregat(k["paud"], "kecamatan", PITURUH, tw, q1, 80, 80, 100),
        _agregat(k["paud"], "kecamatan", PITURUH, tw, q4, 75, 75, 100),
        _agregat(k["bumil"], "kecamatan", PITURUH, tw, q1, 100, 50, 50),
        _agregat(k["bumil"], "kecamatan", PITURUH, tw, q4, 100, 40, 40),
        _agregat(k["stunting"], "kecamatan", PITURUH, tw, q1, 20, 20, 100),
        _agregat(k["stunting"], "kecamatan", PITURUH, tw, q4, 18, 18, 100),
        _agregat(k["air"], "kecamatan", PITURUH, tw, q1, 60, 60, 100),
        # the neighbour's kecamatan row must not leak in
        _agregat(k["paud"], "kecamatan", KEMIRI, tw, q1, 10, 10, 100),
        # desa level, this quarter
        _agregat(k["paud"], "desa", DESA_A, tw, q1, 50, 5, 10),
        _agregat(k["paud"], "desa", DESA_B, tw, q1, 90, 9, 10),
        _agregat(k["paud"], "desa", DESA_C, tw, q1, 100, 10, 10),
        _agregat(k["bumil"], "desa", DESA_A, tw, q1, 100, 4, 4),
        _agregat(k["bumil"], "desa", DESA_B, tw, q1, 70, 7, 10),
        _agregat(k["stunting"], "desa", DESA_A, tw, q1, 30, 3, 10),
        _agregat(k["stunting"], "desa", DESA_B, tw, q1, 10, 1, 10),
        _agregat(k["air"], "desa", DESA_A, tw, q1, 20, 2, 10),
        _agregat(k["paud"], "desa", DESA_KEMIRI, tw, q1, 1, 1, 100),
        # desa A's trend for PAUD: 40, (none), 45, 50
        _agregat(k["paud"], "desa", DESA_A, tw, q2, 40, 4, 10),
        _agregat(k["paud"], "desa", DESA_A, tw, q4, 45, 9, 20),
        # a January row of desa A: its completeness in the profile (PAUD reported once)
        _agregat(k["paud"], "desa", DESA_A, "bulan", dt.date(2025, 1, 1), 50, 5, 10),
        _agregat(k["bumil"], "desa", DESA_A, "bulan", dt.date(2025, 2, 1), 100, 4, 4),
    ]
    for r in rows:
        if r.tingkat == "desa" and r.jenis_periode == "bulan":
            r.desa_lapor, r.desa_diharapkan = 1, 1
    AgregatIndikator.objects.bulk_create(rows)

    jan, feb, mar = (dt.date(2025, m, 1) for m in (1, 2, 3))
    S = Pengajuan.Status
    pengajuan = [
        ("pendidikan", jan, S.DIVERIFIKASI, waktu(2025, 2, 5, 10, 0), 49),
        ("pendidikan", feb, S.DIAJUKAN, waktu(2025, 3, 11, 8, 0), 45),
        ("kesehatan", jan, S.DIKUNCI, waktu(2025, 2, 10, 23, 30), 49),
        ("kesehatan", feb, S.DRAFT, None, 40),
        ("kesehatan", mar, S.DIAJUKAN, waktu(2025, 4, 1, 7, 0), 49),
    ]
    for sektor, bulan, status, diajukan, lapor in pengajuan:
        Pengajuan.objects.create(
            kecamatan_id=PITURUH,
            sektor=sektor,
            bulan=bulan,
            status=status,
            diajukan_pada=diajukan,
            desa_lapor=lapor,
            desa_diharapkan=49,
        )
    Pengajuan.objects.create(  # Kemiri's, never counted for Pituruh
        kecamatan_id=KEMIRI,
        sektor="pu",
        bulan=jan,
        status=S.DIAJUKAN,
        diajukan_pada=waktu(2025, 2, 1, 8, 0),
        desa_lapor=30,
        desa_diharapkan=30,
    )

    lama = TimPengelola.objects.create(
        kecamatan_id=PITURUH,
        nomor_sk="009/2023",
        tanggal_sk=dt.date(2023, 1, 5),
        berlaku_dari=dt.date(2023, 1, 5),
        berlaku_sampai=dt.date(2024, 12, 31),
    )
    AnggotaTim.objects.create(tim=lama, nama="Lama", peran="ketua")
    tim = TimPengelola.objects.create(
        kecamatan_id=PITURUH,
        nomor_sk="001/2025",
        tanggal_sk=dt.date(2025, 1, 10),
        berlaku_dari=dt.date(2025, 1, 10),
    )
    AnggotaTim.objects.create(tim=tim, nama="Bu Camat", peran="penanggung_jawab")
    AnggotaTim.objects.create(tim=tim, nama="Pak Operator", peran="operator")
    AnggotaTim.objects.create(
        tim=tim, nama="Pindah", peran="anggota", aktif_sampai=dt.date(2025, 2, 1)
    )

    def pelatihan(kec, modul, tanggal, peran):
        p = Pelatihan.objects.create(kecamatan_id=kec, modul=modul, tanggal_mulai=tanggal)
        PesertaPelatihan.objects.bulk_create(
            [PesertaPelatihan(pelatihan=p, nama=f"P{i}", peran=r) for i, r in enumerate(peran)]
        )
        return p

    pelatihan(PITURUH, 1, dt.date(2025, 2, 3), ["camat", "operator_kecamatan", "kepala_desa"])
    pelatihan(PITURUH, 8, dt.date(2025, 3, 15), ["upt_kesehatan", "kepala_desa"])
    pelatihan(PITURUH, 2, dt.date(2024, 12, 2), ["sekcam"])  # previous quarter
    pelatihan(KEMIRI, 3, dt.date(2025, 2, 3), ["camat"])  # another kecamatan

    def rapat(kec, tanggal, hadir, tindak=()):
        r = RapatKoordinasi.objects.create(
            kecamatan_id=kec, tanggal=tanggal, judul=f"Rapat {tanggal}", agenda="Agenda"
        )
        KehadiranRapat.objects.bulk_create(
            [KehadiranRapat(rapat=r, nama=f"H{i}") for i in range(hadir)]
        )
        for uraian, tenggat, status, selesai in tindak:
            TindakLanjutRapat.objects.create(
                rapat=r,
                uraian=uraian,
                penanggung_jawab="Kasi PMD",
                tenggat=tenggat,
                status=status,
                selesai_pada=selesai,
            )
        return r

    rapat(
        PITURUH,
        dt.date(2025, 1, 20),
        4,
        [
            ("Perbaiki data PAUD", dt.date(2025, 2, 1), "selesai", dt.date(2025, 2, 1)),
            ("Kunjungi desa B", dt.date(2025, 2, 15), "belum", None),
        ],
    )
    rapat(
        PITURUH, dt.date(2025, 3, 10), 3, [("Usulkan RKP", dt.date(2099, 12, 31), "proses", None)]
    )
    rapat(PITURUH, dt.date(2025, 4, 2), 1)  # next quarter
    rapat(KEMIRI, dt.date(2025, 2, 2), 9)

    AgendaMonev.objects.create(
        kecamatan_id=PITURUH,
        kegiatan="Monev data",
        tanggal_rencana=dt.date(2025, 2, 20),
        tanggal_pelaksanaan=dt.date(2025, 2, 21),
        status="terlaksana",
        pihak_sekber="Sekber Kabupaten",
    )
    AgendaMonev.objects.create(
        kecamatan_id=PITURUH, kegiatan="Monev RKP", tanggal_rencana=dt.date(2025, 3, 25)
    )
    AgendaMonev.objects.create(
        kecamatan_id=PITURUH, kegiatan="Monev Mei", tanggal_rencana=dt.date(2025, 5, 5)
    )
    _rencana_buatan(k)
    _aduan_buatan()
    return k


def _rencana_buatan(k):
    """Plans reviewed in TW I 2025 (no holidays in the data, so working days are weekdays):
    - desa A: APB 2025 received Mon 6 Jan, approved Mon 20 Jan: on time, 10 working days.
      Lines: 2.1.01 PAUD incentive Rp 30 jt linked to the PAUD indicator; 1.1.01 Rp 100 jt.
    - desa B: APB 2025 received 2 Dec 2024 (due 30 Dec), returned 8 Jan: late, 27 working
      days; resubmitted 3 Feb (due 3 Mar), still waiting on 15 April: overdue.
    - desa C: approved in December 2024 (previous quarter); Kemiri: approved in February.
    → received 2, decided 2 (1 approved, 1 returned), on time 1 of 2, mean 18,5 working days,
      waiting 1 (1 overdue).
    """
    from perencanaan.models import (
        BarisKegiatan,
        KodeKegiatan,
        PemetaanSektorKode,
        Rencana,
        RiwayatRencana,
    )

    for kode, tingkat, induk in [
        ("1", "bidang", None),
        ("1.1", "sub_bidang", "1"),
        ("1.1.01", "kegiatan", "1.1"),
        ("2", "bidang", None),
        ("2.1", "sub_bidang", "2"),
        ("2.1.01", "kegiatan", "2.1"),
    ]:
        KodeKegiatan.objects.get_or_create(
            kode=kode, defaults={"tingkat": tingkat, "nama": f"Kode {kode}", "induk_id": induk}
        )
    PemetaanSektorKode.objects.get_or_create(sektor="pendidikan", awalan_kode="2.1")
    A = RiwayatRencana.Aksi

    def rencana(desa, status, langkah, **extra):
        r = Rencana.objects.create(desa_id=desa, tahun=2025, jenis="apb", status=status, **extra)
        for aksi, pada, tenggat in langkah:
            rw = RiwayatRencana.objects.create(rencana=r, aksi=aksi, ke=status, tenggat=tenggat)
            RiwayatRencana.objects.filter(pk=rw.pk).update(pada=pada)  # pada is auto_now_add
        return r

    p1 = rencana(
        DESA_A,
        "disetujui",
        [
            (A.DIAJUKAN, waktu(2025, 1, 6, 9, 0), dt.date(2025, 2, 3)),
            (A.DISETUJUI, waktu(2025, 1, 20, 14, 0), None),
        ],
        putaran=1,
    )
    gaji = BarisKegiatan.objects.create(
        rencana=p1,
        kode_kegiatan_id="1.1.01",
        nama="Penghasilan tetap",
        volume=1,
        satuan="tahun",
        anggaran=100_000_000,
        sumber_dana="ADD",
    )
    paud = BarisKegiatan.objects.create(
        rencana=p1,
        kode_kegiatan_id="2.1.01",
        nama="Insentif guru PAUD",
        volume=12,
        satuan="bulan",
        anggaran=30_000_000,
        sumber_dana="DDS",
    )
    paud.indikator.add(k["paud"])
    assert gaji.pk
    rencana(
        DESA_B,
        "diajukan",
        [
            (A.DIAJUKAN, waktu(2024, 12, 2, 9, 0), dt.date(2024, 12, 30)),
            (A.DIKEMBALIKAN, waktu(2025, 1, 8, 10, 0), dt.date(2025, 2, 5)),
            (A.DIAJUKAN, waktu(2025, 2, 3, 9, 0), dt.date(2025, 3, 3)),
        ],
        putaran=2,
        tenggat=dt.date(2025, 3, 3),
        tenggat_pihak="kecamatan",
    )
    rencana(
        DESA_C,
        "disetujui",
        [
            (A.DIAJUKAN, waktu(2024, 11, 4, 9, 0), dt.date(2024, 12, 2)),
            (A.DISETUJUI, waktu(2024, 12, 1, 9, 0), None),
        ],
    )
    rencana(
        DESA_KEMIRI,
        "disetujui",
        [
            (A.DIAJUKAN, waktu(2025, 2, 3, 9, 0), dt.date(2025, 3, 3)),
            (A.DISETUJUI, waktu(2025, 2, 10, 9, 0), None),
        ],
    )


def _aduan_buatan():
    """Complaints (now = 15 April 2025):
    - C1 desa A kesehatan, 10 Jan: answered after 2 days, closed after 10 (on time).
    - C2 desa A pendidikan, 1 Feb: dispatched, no answer, due 7 Feb → overdue, open.
    - C3 desa B kesehatan, 1 Mar: rejected.
    - C4 desa A PU, 20 Mar: answered after 5 days on time, being followed up (open).
    - C5 desa A kesehatan, 20 Dec 2024 (previous quarter): never verified → overdue, open.
    - C6 Kemiri, 5 Feb: never counted for Pituruh.
    → quarter: 4 received, 1 resolved, 1 rejected, 2 open, 1 overdue, 2 of 2 answered on time,
      mean 3,5 days to first answer and 10,0 to closure. Desa A's sheet: 3 open, 2 overdue.
    Ratings of desa A in the year to 31 March: kesehatan 4, 5, 3 (mean 4,00); pendidikan 2;
    one older rating (January 2024) is outside the window.
    """
    from pengaduan.models import Pengaduan, Penilaian, kode_lacak_baru

    def aduan(desa, sektor, diterima, status, **extra):
        return Pengaduan.objects.create(
            kode_lacak=kode_lacak_baru(),
            desa_id=desa,
            sektor=sektor,
            judul=f"Aduan {sektor} {diterima:%d/%m}",
            isi="Isi",
            status=status,
            unit_peran="operator_desa",
            unit_kode=desa,
            diterima_pada=diterima,
            batas_verifikasi=diterima + dt.timedelta(days=3),
            **extra,
        )

    aduan(
        DESA_A,
        "kesehatan",
        waktu(2025, 1, 10, 8, 0),
        "selesai",
        diverifikasi_pada=waktu(2025, 1, 11, 8, 0),
        tanggapan_pertama_pada=waktu(2025, 1, 12, 8, 0),
        selesai_pada=waktu(2025, 1, 20, 8, 0),
    )
    aduan(
        DESA_A,
        "pendidikan",
        waktu(2025, 2, 1, 8, 0),
        "didisposisi",
        diverifikasi_pada=waktu(2025, 2, 2, 8, 0),
        didisposisi_pada=waktu(2025, 2, 2, 9, 0),
        batas_tanggapan=waktu(2025, 2, 7, 8, 0),
    )
    aduan(
        DESA_B,
        "kesehatan",
        waktu(2025, 3, 1, 8, 0),
        "ditolak",
        selesai_pada=waktu(2025, 3, 2, 8, 0),
        alasan_tolak="Bukan layanan dasar",
    )
    aduan(
        DESA_A,
        "pu",
        waktu(2025, 3, 20, 8, 0),
        "ditindaklanjuti",
        diverifikasi_pada=waktu(2025, 3, 21, 8, 0),
        batas_tanggapan=waktu(2025, 3, 27, 8, 0),
        tanggapan_pertama_pada=waktu(2025, 3, 25, 8, 0),
    )
    aduan(DESA_A, "kesehatan", waktu(2024, 12, 20, 8, 0), "diterima")
    aduan(DESA_KEMIRI, "kesehatan", waktu(2025, 2, 5, 8, 0), "diterima")

    for nilai, kapan, sektor in [
        (4, waktu(2025, 2, 1, 8, 0), "kesehatan"),
        (5, waktu(2025, 2, 2, 8, 0), "kesehatan"),
        (3, waktu(2025, 3, 30, 8, 0), "kesehatan"),
        (2, waktu(2024, 6, 1, 8, 0), "pendidikan"),
        (1, waktu(2024, 1, 10, 8, 0), "kesehatan"),
    ]:
        Penilaian.objects.create(desa_id=DESA_A, sektor=sektor, nilai=nilai, dibuat=kapan)


@pytest.fixture
def media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
