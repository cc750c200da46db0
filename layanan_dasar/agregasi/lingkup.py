"""Scoped rebuilds: recompute some kecamatan from the values, their ancestors from the stored
children, and write only the rows that differ."""

import datetime as dt

from django.utils import timezone

from .mesin import KOLOM, NILAI, TABEL, TINGKAT_ATAS


def bangun_lingkup(m, kec, periode):
    """Recompute the kecamatan `kec` (codes; None = all) for the years of `periode` (a set of
    Periode: a stored row holds the whole year, so a year is the unit) from NilaiData, then
    their ancestors from the stored rows, writing only the differences."""
    m.temp("ag_lk_kec", "kode varchar(13)")
    if kec is None:
        m.q("INSERT INTO ag_lk_kec (kode) SELECT kode FROM wilayah_kecamatan")
    else:
        m.cur.executemany("INSERT INTO ag_lk_kec (kode) VALUES (%s)", [(k,) for k in sorted(kec)])
    m.analyze("ag_lk_kec")  # before it is joined: the desa then come by index
    m.temp("ag_lk_desa", "kode varchar(13)")
    m.q(
        "INSERT INTO ag_lk_desa (kode) SELECT kode FROM wilayah_desa "
        "WHERE kecamatan_id IN (SELECT kode FROM ag_lk_kec)"
    )
    m.analyze("ag_lk_desa")
    m.siapkan_harap(lingkup=kec is not None)
    m.siapkan_hasil()
    daftar = sorted({p.tahun for p in periode})
    kolom = ", ".join(KOLOM)
    mulai = timezone.now()
    for tahun in daftar:
        sah = m.siapkan_sah(tahun, tahun, lingkup=kec is not None)
        sql, params = m.sql_desa(sah, tahun, tahun, lingkup=kec is not None)
        m.q(f"INSERT INTO ag_hasil ({kolom}) {sql}", params)
        sql, params = m.sql_kec("ag_hasil", " AND l.tahun = %s", [tahun])
        m.q(f"INSERT INTO ag_hasil ({kolom}) {sql}", params)
    m.langkah("hitung", mulai)
    m.tulis_selisih("SELECT kode FROM ag_lk_desa UNION ALL SELECT kode FROM ag_lk_kec", [], daftar)
    # Ancestors from the stored children (kecamatan outside the scope are unchanged).
    anak = "SELECT kode FROM ag_lk_kec"
    tahun_sql = ", ".join(["%s"] * len(daftar))
    for tingkat, panjang, tabel_anak, kolom_induk in TINGKAT_ATAS:
        mulai = timezone.now()
        if kolom_induk:
            induk = f"SELECT DISTINCT substr(kode, 1, {panjang}) AS kode FROM ({anak}) x"
            anak_semua = f"SELECT kode FROM {tabel_anak} WHERE {kolom_induk} IN ({induk})"
        else:
            induk = "SELECT '' AS kode"
            anak_semua = f"SELECT kode FROM {tabel_anak}"
        sql, params = m.sql_naik(
            TABEL,
            tingkat,
            panjang,
            saring=f" AND a.wilayah_kode IN ({anak_semua}) AND a.tahun IN ({tahun_sql})",
            params=daftar,
        )
        m.q(f"INSERT INTO ag_hasil ({kolom}) {sql}", params)
        m.langkah("hitung", mulai)
        m.tulis_selisih(induk, [], daftar)
        anak = induk


def tahun_data(m, kec=None):
    """Years that hold values (within the kecamatan of ag_lk_kec when kec is given)."""
    if kec is None:
        m.q(f"SELECT MIN(bulan), MAX(bulan) FROM {NILAI}")
        awal, akhir = m.cur.fetchone()
        if awal is None:
            return []
        awal, akhir = (
            x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
            for x in (awal, akhir)
        )
        return list(range(awal.year, akhir.year + 1))
    # The stored years too: a year whose values were all deleted must lose its rows.
    m.q(f"SELECT DISTINCT tahun FROM {TABEL} WHERE wilayah_kode IN (SELECT kode FROM ag_lk_kec)")
    tahun = {int(r[0]) for r in m.cur.fetchall()}
    m.q(
        f"SELECT MIN(bulan), MAX(bulan) FROM {NILAI} WHERE desa_id IN (SELECT kode FROM ag_lk_desa)"
    )
    awal, akhir = m.cur.fetchone()
    if awal is not None:
        awal, akhir = (
            x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
            for x in (awal, akhir)
        )
        tahun.update(range(awal.year, akhir.year + 1))
    return sorted(tahun)


def kecamatan_di_bawah(m, kode):
    """The kecamatan codes under `kode` ('' = None = all; a desa code → its kecamatan)."""
    if not kode:
        return None
    if kode.count(".") >= 2:
        return {kode[:8]}
    m.q(
        "SELECT kode FROM wilayah_kecamatan WHERE kode LIKE %s",
        [kode.replace("%", "").replace("_", "") + ".%"],
    )
    return {r[0] for r in m.cur.fetchall()}
