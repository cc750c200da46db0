"""Realistic Siskeudes exports (a zip of `Ta_*.csv` / `Ref_*.csv` tables, SUMBER.md §2) for
villages we know, generated deterministically. Not real data: the tests, the benchmark and the
demo import them through the real importer.

`tabel_siskeudes()` returns the tables as {name: [row dicts]} so a test can break one row before
`tulis_zip()` writes the file; `siskeudes_zip()` does both.

Each village gets a typical APB Desa (the activities below, amounts varied per village) whose
RKP Desa (`Ta_RPJM_Pagu_Tahunan`) differs in three deliberate ways the consistency check must
find: one budgeted activity missing from the RKP Desa, one RKP Desa activity left out of the
budget, and one activity whose planned cost differs from its budget by about a third.
"""

import csv
import io
import random
import zipfile
from pathlib import Path

# (our code, name, output volume, unit, budget in Rupiah, funding sources and their shares)
KEGIATAN = [
    ("1.1.01", "Penghasilan Tetap dan Tunjangan Kepala Desa", 12, "bulan", 54_000_000, ["ADD"]),
    ("1.1.04", "Operasional Pemerintah Desa", 12, "bulan", 24_000_000, ["ADD", "DDS"]),
    ("2.1.02", "Dukungan Penyelenggaraan PAUD (APE, Sarana PAUD)", 2, "paket", 15_000_000, ["DDS"]),
    ("2.2.02", "Penyelenggaraan Posyandu (PMT, Kelas Ibu Hamil)", 12, "bulan", 36_000_000, ["DDS"]),
    ("2.3.10", "Pengerasan Jalan Desa", 350, "meter", 180_000_000, ["DDS", "SWD"]),
    ("2.4.12", "Sambungan Air Bersih ke Rumah Tangga", 40, "SR", 95_000_000, ["DDS"]),
    ("4.2.01", "Peningkatan Produksi Tanaman Pangan", 1, "paket", 110_000_000, ["DDS"]),
    ("5.3.00", "BLT Dana Desa", 12, "bulan", 86_400_000, ["DDS"]),
]
# The deliberate RKP ⟷ APB differences (indexes into KEGIATAN).
TIDAK_DI_RKP = 6  # budgeted, not in the RKP Desa
SELISIH_BESAR = 4  # RKP cost about a third above the budget
# Planned in the RKP Desa, left out of the budget.
RKP_SAJA = ("2.4.14", "Pembangunan MCK Umum", 2, "unit", 60_000_000, "DDS")

NAMA_SUMBER = {
    "DDS": "Dana Desa",
    "ADD": "Alokasi Dana Desa",
    "PAD": "Pendapatan Asli Desa",
    "PBH": "Bagi Hasil Pajak dan Retribusi",
    "PBK": "Bantuan Keuangan Kabupaten",
    "PBP": "Bantuan Keuangan Provinsi",
    "SWD": "Swadaya Masyarakat",
    "DLL": "Lain-lain Pendapatan Desa yang Sah",
}
# Ta_Kegiatan.Sumberdana is a free label in many exports: the importer normalises these.
LABEL_KEGIATAN = {"DDS": "DD-APBN", "ADD": "ADD", "SWD": "Swadaya"}

KOLOM = {
    "Ta_Pemda": ["Tahun", "Kd_Prov", "Kd_Kab", "Nama_Pemda", "Nama_Provinsi"],
    "Ta_Desa": [
        "Tahun",
        "Kd_Desa",
        "Nama_Desa",
        "Nm_Kades",
        "No_Perdes",
        "Tgl_Perdes",
        "No_Perdes_PB",
        "Tgl_Perdes_PB",
    ],
    "Ta_Bidang": ["Tahun", "Kd_Desa", "Kd_Bid", "Nama_Bidang"],
    "Ta_Kegiatan": [
        "Tahun",
        "Kd_Desa",
        "Kd_Bid",
        "Kd_Keg",
        "ID_Keg",
        "Nama_Kegiatan",
        "Pagu",
        "Pagu_PAK",
        "Nm_PPTKD",
        "NIP_PPTKD",
        "Lokasi",
        "Waktu",
        "Keluaran",
        "Sumberdana",
    ],
    "Ta_RAB": [
        "Tahun",
        "Kd_Desa",
        "Kd_Keg",
        "Kd_Rincian",
        "Anggaran",
        "AnggaranPAK",
        "AnggaranStlhPAK",
    ],
    "Ta_RABRinci": [
        "Tahun",
        "Kd_Desa",
        "Kd_Keg",
        "Kd_Rincian",
        "Kd_SubRinci",
        "No_Urut",
        "SumberDana",
        "Uraian",
        "Satuan",
        "JmlSatuan",
        "HrgSatuan",
        "Anggaran",
        "JmlSatuanPAK",
        "HrgSatuanPAK",
        "AnggaranStlhPAK",
        "AnggaranPAK",
    ],
    "Ta_RPJM_Kegiatan": [
        "Kd_Desa",
        "Kd_Keg",
        "Nama_Kegiatan",
        "Lokasi",
        "Keluaran",
        "Tahun1",
        "Tahun2",
        "Tahun3",
        "Tahun4",
        "Tahun5",
        "Tahun6",
        "Sumberdana",
    ],
    "Ta_RPJM_Pagu_Tahunan": [
        "Kd_Keg",
        "Kd_Tahun",
        "Kd_Sumber",
        "Biaya",
        "Volume",
        "Satuan",
        "Lokasi_Spesifik",
        "Jml_Sas_Pria",
        "Jml_Sas_Wanita",
        "Jml_Sas_ARTM",
        "Waktu",
        "Mulai",
        "Selesai",
        "Pelaksana",
    ],
    "Ta_AnggaranLog": [
        "KdPosting",
        "Tahun",
        "Kd_Desa",
        "No_Perdes",
        "TglPosting",
        "UserID",
        "Kunci",
    ],
    "Ref_Sumber": ["Kode", "Nama_Sumber"],
}


def kd_desa(kode_desa):
    """33.06.11.2001 → '11.2001.' (Siskeudes' Kd_Desa: kecamatan in the kabupaten + desa)."""
    _p, _k, kec, desa = kode_desa.split(".")
    return f"{kec}.{desa}."


def kd_keg(kode_desa, kode_kegiatan):
    """(33.06.11.2001, 2.2.02) → '11.2001.02.02.02.' (Kd_Desa + bidang.sub_bidang.kegiatan)."""
    b, s, k = kode_kegiatan.split(".")
    return f"{kd_desa(kode_desa)}{int(b):02d}.{int(s):02d}.{k}."


def _rp(n):
    # Siskeudes writes money with two decimals.
    return f"{n}.00"


def tabel_siskeudes(
    desa, *, tahun, seed=16, nama_kabupaten="PURWOREJO", nama_provinsi="JAWA TENGAH"
):
    """The tables of one kabupaten's export for `desa` [(kode, nama)] of one kabupaten."""
    prov, kab = desa[0][0].split(".")[:2]
    t = {nama: [] for nama in KOLOM}
    t["Ta_Pemda"].append(
        {
            "Tahun": str(tahun),
            "Kd_Prov": prov,
            "Kd_Kab": kab,
            "Nama_Pemda": f"PEMERINTAH KABUPATEN {nama_kabupaten}",
            "Nama_Provinsi": nama_provinsi,
        }
    )
    for kode, nama in NAMA_SUMBER.items():
        t["Ref_Sumber"].append({"Kode": kode, "Nama_Sumber": nama})
    for i, (kode, nama) in enumerate(desa):
        rng = random.Random(f"{seed}:{kode}:{tahun}")
        kdd = kd_desa(kode)
        no_perdes = f"{1 + i % 9}/{tahun}"
        t["Ta_Desa"].append(
            {
                "Tahun": str(tahun),
                "Kd_Desa": kdd,
                "Nama_Desa": nama.upper(),
                "Nm_Kades": "",
                "No_Perdes": no_perdes,
                "Tgl_Perdes": f"{tahun - 1}-12-{20 + i % 9:02d}",
                "No_Perdes_PB": "",
                "Tgl_Perdes_PB": "",
            }
        )
        for b in sorted({k[0].split(".")[0] for k in KEGIATAN}):
            t["Ta_Bidang"].append(
                {
                    "Tahun": str(tahun),
                    "Kd_Desa": kdd,
                    "Kd_Bid": f"{kdd}{int(b):02d}.",
                    "Nama_Bidang": f"Bidang {b}",
                }
            )
        # Revenue lines live in Ta_RAB under the pseudo-activity 00.00.00.: not plan lines.
        pendapatan = rng.randint(900, 1100) * 1_000_000
        t["Ta_RAB"].append(
            {
                "Tahun": str(tahun),
                "Kd_Desa": kdd,
                "Kd_Keg": f"{kdd}00.00.00.",
                "Kd_Rincian": "4.2.1.01.",
                "Anggaran": _rp(pendapatan),
                "AnggaranPAK": "0.00",
                "AnggaranStlhPAK": _rp(pendapatan),
            }
        )
        for n, (kode_k, nama_k, vol, sat, rp, sumber) in enumerate(KEGIATAN):
            pagu = rp * rng.randint(85, 115) // 100 // 1000 * 1000
            keg = kd_keg(kode, kode_k)
            dusun = f"Dusun {1 + (i + n) % 4}"
            # Split the budget over the sources (the first takes the remainder).
            bagian = [pagu // len(sumber) // 1000 * 1000 for _s in sumber]
            bagian[0] += pagu - sum(bagian)
            t["Ta_Kegiatan"].append(
                {
                    "Tahun": str(tahun),
                    "Kd_Desa": kdd,
                    "Kd_Bid": f"{kdd}{int(kode_k.split('.')[0]):02d}.",
                    "Kd_Keg": keg,
                    "ID_Keg": keg[len(kdd) :],
                    "Nama_Kegiatan": nama_k,
                    "Pagu": _rp(pagu),
                    "Pagu_PAK": "0.00",
                    "Nm_PPTKD": "",
                    "NIP_PPTKD": "",
                    "Lokasi": dusun,
                    "Waktu": "12 bulan",
                    "Keluaran": f"{vol} {sat}",
                    "Sumberdana": LABEL_KEGIATAN.get(sumber[0], sumber[0]),
                }
            )
            rincian = "5.2.1.01." if kode_k.startswith("1.") else "5.3.1.01."
            t["Ta_RAB"].append(
                {
                    "Tahun": str(tahun),
                    "Kd_Desa": kdd,
                    "Kd_Keg": keg,
                    "Kd_Rincian": rincian,
                    "Anggaran": _rp(pagu),
                    "AnggaranPAK": "0.00",
                    "AnggaranStlhPAK": _rp(pagu),
                }
            )
            for u, (sd, jumlah) in enumerate(zip(sumber, bagian, strict=True), start=1):
                t["Ta_RABRinci"].append(
                    {
                        "Tahun": str(tahun),
                        "Kd_Desa": kdd,
                        "Kd_Keg": keg,
                        "Kd_Rincian": rincian,
                        "Kd_SubRinci": "01",
                        "No_Urut": f"{u:03d}",
                        "SumberDana": sd,
                        "Uraian": f"{nama_k} ({NAMA_SUMBER[sd]})",
                        "Satuan": "paket",
                        "JmlSatuan": "1.00",
                        "HrgSatuan": _rp(jumlah),
                        "Anggaran": _rp(jumlah),
                        "JmlSatuanPAK": "0.00",
                        "HrgSatuanPAK": "0.00",
                        "AnggaranStlhPAK": _rp(jumlah),
                        "AnggaranPAK": "0.00",
                    }
                )
            if n == TIDAK_DI_RKP:
                continue
            biaya = pagu * 4 // 3 // 1000 * 1000 if n == SELISIH_BESAR else pagu
            _rkp(t, kode, keg, nama_k, dusun, vol, sat, biaya, sumber[0], tahun)
        b, s, k = RKP_SAJA[0].split(".")
        keg = f"{kdd}{int(b):02d}.{int(s):02d}.{k}."
        _rkp(t, kode, keg, RKP_SAJA[1], "Dusun 2", *RKP_SAJA[2:5], RKP_SAJA[5], tahun)
        t["Ta_AnggaranLog"].append(
            {
                "KdPosting": "1",
                "Tahun": str(tahun),
                "Kd_Desa": kdd,
                "No_Perdes": no_perdes,
                "TglPosting": f"{tahun - 1}-12-{20 + i % 9:02d} 10:15:00",
                "UserID": "operator",
                "Kunci": "1",
            }
        )
    return t


def _rkp(t, kode_desa, keg, nama, lokasi, vol, sat, biaya, sumber, tahun):
    t["Ta_RPJM_Kegiatan"].append(
        {
            "Kd_Desa": kd_desa(kode_desa),
            "Kd_Keg": keg,
            "Nama_Kegiatan": nama,
            "Lokasi": lokasi,
            "Keluaran": f"{vol} {sat}",
            **{f"Tahun{j}": "1" for j in range(1, 7)},
            "Sumberdana": sumber,
        }
    )
    t["Ta_RPJM_Pagu_Tahunan"].append(
        {
            "Kd_Keg": keg,
            "Kd_Tahun": str(tahun),
            "Kd_Sumber": sumber,
            "Biaya": _rp(biaya),
            "Volume": str(vol),
            "Satuan": sat,
            "Lokasi_Spesifik": lokasi,
            "Jml_Sas_Pria": "0",
            "Jml_Sas_Wanita": "0",
            "Jml_Sas_ARTM": "0",
            "Waktu": "12 bulan",
            "Mulai": f"{tahun}-01-01",
            "Selesai": f"{tahun}-12-31",
            "Pelaksana": "TPK",
        }
    )


def isi_zip(tabel):
    """The zip's bytes: one CSV per table, comma-separated, UTF-8, every value text."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zf:
        for nama, rows in tabel.items():
            buf = io.StringIO()
            kolom = KOLOM.get(nama) or (list(rows[0]) if rows else [])
            w = csv.DictWriter(buf, fieldnames=kolom, extrasaction="ignore", lineterminator="\r\n")
            w.writeheader()
            w.writerows(rows)
            # A fixed timestamp: the same tables give the same bytes (and the same SHA-256).
            info = zipfile.ZipInfo(f"{nama}.csv", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    return keluar.getvalue()


def tulis_zip(tabel, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(isi_zip(tabel))
    return path


def siskeudes_zip(path, desa, *, tahun, seed=16):
    """Write the export of `desa` [(kode, nama)] for `tahun` to `path`. → path."""
    return tulis_zip(tabel_siskeudes(desa, tahun=tahun, seed=seed), path)
