"""Server time and transfer weight of the dashboards on a national dataset.

    .venv/bin/python bench/pages.py            # builds dk_bench_pages (a few minutes), measures
    .venv/bin/python bench/pages.py --ulang    # reuse the database built by a previous run

Loads the whole wilayah list and the indicator catalogue, writes aggregates as the engine would
(every village and every higher node for the last two months, 24 months of trend at kecamatan
level and above) and two years of monthly submissions of every kecamatan, then prints:

- p50 / p95 server time (in-process, Django test client, DEBUG off) of the camat home
  (Pituruh), the Sekber national page and a trivial view (/sehat/), measured in the same run;
- the SQL query count of each page;
- the bytes a browser transfers on a first load (HTML gzip'd by GZipMiddleware + every static
  file the page references, brotli as whitenoise serves it) and on a repeat load (HTML only: the
  static files have hashed names and `Cache-Control: max-age=31536000, immutable`).

Static files are collected with STATIC_MANIFEST=1 into a temporary STATIC_ROOT and served by
whitenoise in-process, so the bytes are those of the real compressed files.

Targets: camat home p95 <= 150 ms, Sekber national p95 <= 300 ms, first load <= 1.5 MB,
repeat load <= 100 KB.
"""

import os
import re
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["STATIC_MANIFEST"] = "1"

from _db import ROOT, siapkan  # noqa: E402

NAMA_DB = "dk_bench_pages"
PITURUH = "33.06.11"
PERIODE = "2025-03-01"
N_ULANG = 60


def _sql(cur, sql, params=None):
    t = time.perf_counter()
    cur.execute(sql, params or [])
    return time.perf_counter() - t


def muat_data(awalan=""):
    """Build the data set; `awalan` (a province code such as "33") limits the aggregates and
    submissions to that part of the country (bench/load.py's smaller data set)."""
    from django.core.management import call_command
    from django.db import connection

    from wilayah.services import wilayah_muat

    t0 = time.perf_counter()
    wilayah_muat(direktori=ROOT / "fixtures" / "wilayah")
    call_command("muat_katalog", verbosity=0)
    print(f"wilayah + katalog dimuat   : {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.42)")
        # Written as the engine stores them: one row per indicator × node × year, a period's
        # figures in its slot (AgregatTahun; pages read them through AgregatIndikator).
        bulan_ini = int(PERIODE[5:7])
        tahun = int(PERIODE[:4])

        def slot(bulan, a, b, lapor, harap):
            ada = f"CASE WHEN b{bulan} IS NOT NULL THEN {{}} END"
            return {
                f"n{bulan}": a,
                f"d{bulan}": b,
                f"c{bulan}": ada.format(lapor),
                f"e{bulan}": ada.format(harap),
            }

        # Every village, two months (this and the previous one, same year). random() sits in
        # the select lists of nested subqueries so that it is drawn once per row.
        isi = {}
        for m in (bulan_ini - 1, bulan_ini):
            isi.update(slot(m, f"(b{m} * (0.55 + r{m} * 0.45))::int", f"b{m}", 1, 1))
        acak = ", ".join(
            f"CASE WHEN random() > 0.03 THEN (40 + random() * 60)::int END AS b{m}, "
            f"random() AS r{m}"
            for m in (bulan_ini - 1, bulan_ini)
        )
        dt = _sql(
            cur,
            f"""
            INSERT INTO layanan_dasar_agregattahun (indikator_id, tingkat, wilayah_kode, tahun,
                faktor, pasangan, aktif, dihitung_pada, {", ".join(isi)})
            SELECT id, 'desa', kode, {tahun}, faktor, 0, 1, now(), {", ".join(isi.values())}
            FROM (
                SELECT i.id, i.faktor, d.kode, {acak}
                FROM wilayah_desa d CROSS JOIN layanan_dasar_indikator i
                WHERE d.aktif AND d.kode LIKE %s
            ) s
            """,
            [awalan + "%"],
        )
        print(f"agregat desa (2 bulan)     : {dt:.1f} s")
        # Higher nodes: 24 months (this year's months so far and the two years before).
        for th in (tahun - 2, tahun - 1, tahun):
            bulan = [m for m in range(1, 13) if 0 <= (tahun - th) * 12 + bulan_ini - m < 24]
            isi = {}
            for m in bulan:
                isi.update(slot(m, f"(b{m} * (0.6 + r{m} * 0.4))::int", f"b{m}", 9, 10))
            acak = ", ".join(
                f"(1000 + random() * 9000)::int AS b{m}, random() AS r{m}" for m in bulan
            )
            dt = _sql(
                cur,
                f"""
                INSERT INTO layanan_dasar_agregattahun (indikator_id, tingkat, wilayah_kode,
                    tahun, faktor, pasangan, aktif, dihitung_pada, {", ".join(isi)})
                SELECT id, tingkat, kode, {th}, faktor, 0, NULL, now(), {", ".join(isi.values())}
                FROM (
                    SELECT i.id, i.faktor, n.tingkat, n.kode, {acak}
                    FROM (
                        SELECT kode, 'kecamatan' AS tingkat FROM wilayah_kecamatan
                        UNION ALL SELECT kode, 'kabupaten' FROM wilayah_kabupaten
                        UNION ALL SELECT kode, 'provinsi' FROM wilayah_provinsi
                        UNION ALL SELECT '', 'nasional'
                    ) n
                    CROSS JOIN layanan_dasar_indikator i
                    WHERE n.kode LIKE %s OR n.kode = ''
                ) s
                """,
                [awalan + "%"],
            )
        print(f"agregat kecamatan ke atas  : {dt:.1f} s")
        # Monthly submissions of every kecamatan and sector for two years: most on time, some
        # late, some only drafts, some missing.
        dt = _sql(
            cur,
            """
            INSERT INTO layanan_dasar_pengajuan
                (kecamatan_id, sektor, bulan, status, diajukan_pada, alasan_dikembalikan,
                 diperbarui, desa_lapor, desa_diharapkan)
            SELECT kode, sektor, bulan,
                   CASE WHEN r < 0.1 THEN 'draft' ELSE 'diverifikasi' END,
                   CASE WHEN r < 0.1 THEN NULL
                        ELSE bulan + interval '1 month' + (r * 20) * interval '1 day' END,
                   '', now(), 10, 10
            FROM (
                SELECT k.kode, s.sektor, p.bulan::date AS bulan, random() AS r
                FROM wilayah_kecamatan k
                CROSS JOIN (VALUES ('pendidikan'), ('kesehatan'), ('pu'), ('sosial')) s(sektor)
                CROSS JOIN generate_series(%s::date - interval '23 months', %s::date,
                                           interval '1 month') p(bulan)
                WHERE random() > 0.05 AND k.kode LIKE %s
            ) s
            """,
            [PERIODE, PERIODE, awalan + "%"],
        )
        print(f"pengajuan (24 bulan)       : {dt:.1f} s")
        _sql(cur, "ANALYZE")
        cur.execute("SELECT count(*) FROM layanan_dasar_agregatindikator")
        print(f"baris agregat (periode)    : {cur.fetchone()[0]:,}")


def _pengguna():
    from django.contrib.auth import get_user_model

    from wilayah.models import Penugasan, Peran

    User = get_user_model()
    hasil = {}
    for nama, peran, kode in (
        ("bench_camat", Peran.CAMAT, PITURUH),
        ("bench_sekber", Peran.SEKBER_NASIONAL, ""),
    ):
        user, _ = User.objects.get_or_create(username=nama)
        Penugasan.objects.update_or_create(
            user=user, defaults={"peran": peran, "wilayah_kode": kode}
        )
        hasil[nama] = user
    return hasil


def _waktu(client, url, n=N_ULANG):
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    ms.sort()
    return statistics.median(ms), ms[int(round(0.95 * (len(ms) - 1)))]


def _isi(resp):
    if getattr(resp, "streaming", False):
        return b"".join(resp.streaming_content)
    return resp.content


def _bobot(client, url):
    """(HTML bytes, [(asset, bytes, encoding, cache-control)]) as a browser that accepts brotli
    and gzip would receive them."""
    enc = {"HTTP_ACCEPT_ENCODING": "br, gzip"}
    r = client.get(url, **enc)
    html = _isi(r)
    teks = r.content if not r.get("Content-Encoding") else None
    if teks is None:
        import gzip

        teks = gzip.decompress(html)
    aset = []
    # data-plotly: the chart library grafik.js fetches after the content (counted: it is loaded).
    for src in sorted(set(re.findall(rb'(?:src|href|data-plotly)="(/static/[^"]+)"', teks))):
        ra = client.get(src.decode(), **enc)
        aset.append(
            (
                src.decode(),
                len(_isi(ra)),
                ra.get("Content-Encoding", "-"),
                ra.get("Cache-Control", "-"),
            )
        )
    return len(html), len(teks), aset


def ukur(bobot=True):
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Django clears the query log at each request start; keep it so the count can be read.
    request_started.disconnect(reset_queries)

    akar = tempfile.mkdtemp(prefix="dk_static_")
    settings.STATIC_ROOT = akar
    t = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"collectstatic (manifest)   : {time.perf_counter() - t:.1f} s -> {akar}")

    users = _pengguna()
    camat, sekber, polos = Client(), Client(), Client()
    camat.force_login(users["bench_camat"])
    sekber.force_login(users["bench_sekber"])
    halaman = [
        ("beranda camat (Pituruh)", camat, f"/dasbor/kecamatan/{PITURUH}/"),
        ("Sekber nasional", sekber, "/dasbor/pantau/"),
        ("view sepele (/sehat/)", polos, "/sehat/"),
    ]
    print()
    print(f"{'halaman':28} {'p50 ms':>8} {'p95 ms':>8} {'kueri':>6}")
    for nama, c, url in halaman:
        p50, p95 = _waktu(c, url)
        with CaptureQueriesContext(connection) as q:
            c.get(url)
        print(f"{nama:28} {p50:8.1f} {p95:8.1f} {len(q):6d}")

    if not bobot:
        return
    print()
    for nama, c, url in halaman[:2]:
        html_kirim, html_asli, aset = _bobot(c, url)
        pertama = html_kirim + sum(a[1] for a in aset)
        print(f"{nama}: HTML {html_asli:,} B, terkirim {html_kirim:,} B (gzip)")
        for src, n, enc, cache in aset:
            print(f"    {src:60} {n:>9,} B  {enc:4}  {cache}")
        print(
            f"    muat pertama : {pertama:,} B ({pertama / 1024 / 1024:.2f} MB; target <= 1,5 MB)"
        )
        print(f"    muat ulang   : {html_kirim:,} B ({html_kirim / 1024:.1f} KB; target <= 100 KB)")


def main():
    ulang = "--ulang" in sys.argv
    siapkan(NAMA_DB, baru=not ulang)
    if not ulang:
        muat_data()
    ukur()


if __name__ == "__main__":
    main()
