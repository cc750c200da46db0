"""Plausible, seeded sample values for one village over a run of months (demo data).

Sizes follow a village's population (Purworejo villages hold ~1,600 people on average); target
populations are annual stocks stored on January, services are monthly flows that add up to a
realistic yearly coverage, cohorts and households are monthly stocks. Each village has its own
quality level and improves slowly, so dashboards show differences and trends. Numerators never
exceed their denominators. The same seed gives the same numbers.
"""

import math
import random

# Share of the population per annual target (sasaran) element.
SASARAN = {
    "pdd-sasaran-5-6": 0.032,
    "pdd-sasaran-7-15": 0.135,
    "pdd-sasaran-7-18": 0.012,
    "kes-sasaran-bumil": 0.0165,
    "kes-sasaran-bulin": 0.0158,
    "kes-sasaran-bbl": 0.015,
    "kes-sasaran-balita": 0.075,
    "kes-sasaran-usia-dikdas": 0.135,
    "kes-sasaran-usia-produktif": 0.66,
    "kes-sasaran-lansia": 0.16,
    "kes-sasaran-hipertensi": 0.17,
    "kes-sasaran-dm": 0.016,
    "kes-sasaran-odgj": 0.0012,
    "kes-sasaran-tb": 0.004,
    "kes-sasaran-hiv": 0.006,
    "pu-sasaran-rt": 1 / 3.3,
    "sos-sasaran-disabilitas": 0.0015,
    "sos-sasaran-anak": 0.002,
    "sos-sasaran-lansia": 0.003,
    "sos-sasaran-gepeng": 0.0003,
}
# Yearly coverage of the monthly service flows (before the village's own quality factor).
LAYANAN = {
    "kes-bumil-layanan": ("kes-sasaran-bumil", 0.92),
    "kes-bulin-layanan": ("kes-sasaran-bulin", 0.94),
    "kes-bbl-layanan": ("kes-sasaran-bbl", 0.95),
    "kes-balita-layanan": ("kes-sasaran-balita", 0.82),
    "kes-usia-dikdas-layanan": ("kes-sasaran-usia-dikdas", 0.88),
    "kes-usia-produktif-layanan": ("kes-sasaran-usia-produktif", 0.55),
    "kes-lansia-layanan": ("kes-sasaran-lansia", 0.72),
    "kes-hipertensi-layanan": ("kes-sasaran-hipertensi", 0.48),
    "kes-dm-layanan": ("kes-sasaran-dm", 0.62),
    "kes-odgj-layanan": ("kes-sasaran-odgj", 0.85),
    "kes-tb-layanan": ("kes-sasaran-tb", 0.7),
    "kes-hiv-layanan": ("kes-sasaran-hiv", 0.6),
    "sos-disabilitas-rehab": ("sos-sasaran-disabilitas", 0.6),
    "sos-anak-rehab": ("sos-sasaran-anak", 0.65),
    "sos-lansia-rehab": ("sos-sasaran-lansia", 0.55),
    "sos-gepeng-rehab": ("sos-sasaran-gepeng", 0.5),
}
# School health screening happens mostly at the start of the school year (July–September).
MUSIM_SEKOLAH = {7: 3.0, 8: 3.0, 9: 2.0}
# Monthly stocks that are a share of an annual target: (target, share).
STOK_SASARAN = {
    "pdd-paud-5-6": ("pdd-sasaran-5-6", 0.86),
    "pdd-dikdas-7-15": ("pdd-sasaran-7-15", 0.97),
    "pdd-kesetaraan-7-18": ("pdd-sasaran-7-18", 0.35),
    "pu-rt-air-minum": ("pu-sasaran-rt", 0.86),
    "pu-rt-air-limbah": ("pu-sasaran-rt", 0.74),
}
# Scorecard numerators: (cohort element, share receiving the service).
SCORECARD = {
    "kes-ks-bumil-k4": ("kes-ks-bumil", 0.88),
    "kes-ks-bumil-ttd": ("kes-ks-bumil", 0.8),
    "kes-ks-bufas-kf3": ("kes-ks-bufas", 0.85),
    "kes-ks-bumil-konseling": ("kes-ks-bumil", 0.72),
    "kes-ks-bumil-risti-kunjungan": ("kes-ks-bumil-risti", 0.78),
    "kes-ks-bumil-air": ("kes-ks-bumil", 0.9),
    "kes-ks-bumil-jamban": ("kes-ks-bumil", 0.84),
    "kes-ks-bumil-jkn": ("kes-ks-bumil", 0.8),
    "kes-ks-baduta-idl": ("kes-ks-anak-12-23", 0.87),
    "kes-ks-baduta-timbang": ("kes-ks-baduta", 0.83),
    "kes-ks-baduta-ukur": ("kes-ks-baduta", 0.8),
    "kes-ks-baduta-konseling": ("kes-ks-baduta", 0.66),
    "kes-ks-baduta-gizi-kunjungan": ("kes-ks-baduta-gizi", 0.75),
    "kes-ks-baduta-air": ("kes-ks-baduta", 0.9),
    "kes-ks-baduta-jamban": ("kes-ks-baduta", 0.84),
    "kes-ks-baduta-akta": ("kes-ks-baduta", 0.78),
    "kes-ks-baduta-jkn": ("kes-ks-baduta", 0.8),
    "kes-ks-baduta-kelas-asuh": ("kes-ks-baduta", 0.55),
    "pdd-ks-anak-2-6-paud": ("pdd-ks-anak-2-6", 0.72),
}
SEKTOR_ELEMEN = {"pdd": "pendidikan", "kes": "kesehatan", "pu": "pu", "sos": "sosial"}


def _poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    batas, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= batas:
            return k
        k += 1


def _binom(rng, n, p):
    p = min(max(p, 0.0), 1.0)
    if n <= 0:
        return 0
    varians = n * p * (1 - p)
    if varians > 9 or n > 60:
        return min(n, max(0, round(rng.gauss(n * p, math.sqrt(varians)))))
    acak = rng.random
    return sum(acak() < p for _ in range(n))


def sektor_kode(kode_elemen):
    return SEKTOR_ELEMEN[kode_elemen.split("-", 1)[0]]


def nilai_desa(desa_kode, daftar_bulan, *, seed, lapor=0.95, lapor_terakhir=0.7):
    """{(elemen_kode, bulan): value} for one village. A village-sector-month is left out with
    probability 1 − `lapor` (the last month: 1 − `lapor_terakhir`), as in real reporting."""
    rng = random.Random(f"{seed}:{desa_kode}")
    penduduk = min(9000, max(400, round(rng.lognormvariate(math.log(1600), 0.45))))
    mutu = rng.uniform(0.78, 1.0)  # the village's own service level
    stunting = rng.uniform(0.1, 0.28)
    bencana = rng.random() < 0.25  # some villages are disaster-prone
    hasil = {}
    awal = daftar_bulan[0]
    for i, b in enumerate(daftar_bulan):
        tahun_ke = (b.year - awal.year) + (b.month - awal.month) / 12
        tren = 1 + 0.03 * tahun_ke
        pop = penduduk * (1 + 0.005 * tahun_ke)
        # Annual targets are fixed for the year (January's population), so no month's numerator
        # can outgrow the target it is divided by.
        pop_januari = penduduk * (1 + 0.005 * (b.year - awal.year - (awal.month - 1) / 12))
        sasaran = {k: max(1, round(pop_januari * f)) for k, f in SASARAN.items()}
        terakhir = i == len(daftar_bulan) - 1
        laporan = {
            s: rng.random() < (lapor_terakhir if terakhir else lapor)
            for s in SEKTOR_ELEMEN.values()
        }
        nilai = {}
        for k, (q, c) in LAYANAN.items():
            musim = MUSIM_SEKOLAH.get(b.month, 0.375) if k == "kes-usia-dikdas-layanan" else 1.0
            lam = sasaran[q] * min(1.0, c * mutu * tren) / 12 * musim
            nilai[k] = min(sasaran[q], _poisson(rng, lam))
        for k, (q, c) in STOK_SASARAN.items():
            nilai[k] = _binom(rng, sasaran[q], min(0.995, c * (0.85 + 0.15 * mutu) * tren))
        kohort = {
            "kes-ks-bumil": _poisson(rng, pop * 0.0165 * 0.75),
            "kes-ks-bufas": _poisson(rng, pop * 0.0158 * 1.4 / 12),
            "kes-ks-baduta": _poisson(rng, pop * 0.031),
            "pdd-ks-anak-2-6": _poisson(rng, pop * 0.07),
        }
        kohort["kes-ks-bumil-risti"] = _binom(rng, kohort["kes-ks-bumil"], 0.2)
        kohort["kes-ks-baduta-gizi"] = _binom(rng, kohort["kes-ks-baduta"], stunting * 0.9)
        kohort["kes-ks-anak-12-23"] = _binom(rng, kohort["kes-ks-baduta"], 0.5)
        nilai.update(kohort)
        for k, (q, c) in SCORECARD.items():
            nilai[k] = _binom(rng, kohort[q], min(0.99, c * mutu * tren))
        diukur = _binom(rng, round(pop * 0.075), 0.78)
        nilai["kes-balita-diukur"] = diukur
        nilai["kes-balita-pendek"] = _binom(rng, diukur, max(0.03, stunting - 0.012 * tahun_ke))
        korban = _poisson(rng, 60) if bencana and rng.random() < 0.06 else 0
        nilai["sos-korban-bencana"] = korban
        nilai["sos-korban-bencana-dilindungi"] = _binom(rng, korban, 0.9)
        for k, v in nilai.items():
            if laporan[sektor_kode(k)]:
                hasil[(k, b)] = v
        if b.month == 1:
            # Targets are set at the start of the year whatever the month's reporting.
            hasil.update(((k, b), v) for k, v in sasaran.items())
    return hasil
