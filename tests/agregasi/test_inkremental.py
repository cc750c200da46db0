"""Incremental rebuilds: marks written with the values, drained on commit, only the affected
kecamatan and periods recomputed, and always converging to what a full rebuild gives."""

import datetime as dt
import threading

import pytest
from django.db import connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layanan_dasar.agregasi import (
    agregasi_bangun,
    agregasi_inkremental,
    agregasi_jadwalkan,
)
from layanan_dasar.agregasi.mesin import KUNCI_TULIS, Mesin, hash32
from layanan_dasar.models import AgregasiWaktu, AntrianAgregasi, RiwayatAgregasi
from tests.conftest import KEMIRI, PITURUH

from .conftest import agregat, isi, potret

pytestmark = pytest.mark.django_db

A, B = "33.06.11.2001", "33.06.11.2002"
K1 = "33.06.12.2001"
JABAR = "32.01.01.1001"


def test_marks_are_written_with_the_values_and_drained_on_commit(
    indikator, django_capture_on_commit_callbacks
):
    ind = indikator()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        isi(A, ind.pembilang, "2025-03", 2)
        isi(A, ind.penyebut, "2025-03", 8)
        agregasi_jadwalkan(desa_kode=[A, A], bulan=[dt.date(2025, 3, 1)])
        agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
        # Repeated edits before a run collapse into one mark.
        assert AntrianAgregasi.objects.count() == 1

    assert len(callbacks) == 2  # each enqueue is a no-op once the first run drained the queue
    assert not AntrianAgregasi.objects.exists()
    assert agregat(ind, PITURUH, "bulan", "2025-03").pembilang == 2
    assert agregat(ind, "", "tahun", "2025").penyebut == 8
    assert RiwayatAgregasi.objects.filter(jenis="inkremental").exists()


def test_marks_roll_back_with_the_values(indikator):
    ind = indikator()
    with pytest.raises(RuntimeError), transaction.atomic():
        isi(A, ind.pembilang, "2025-03", 2)
        agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
        raise RuntimeError
    assert not AntrianAgregasi.objects.exists()


def test_only_the_affected_kecamatan_and_periods_are_recomputed(indikator):
    ind = indikator()
    for desa in (A, K1):
        for bulan in ("2025-01", "2025-03"):
            isi(desa, ind.pembilang, bulan, 1)
            isi(desa, ind.penyebut, bulan, 10)
    agregasi_bangun()
    januari = agregat(ind, A, "bulan", "2025-01").dihitung_pada

    isi(K1, ind.pembilang, "2025-03", 5)  # changed without a mark: not this run's business
    isi(A, ind.pembilang, "2025-03", 4)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    hasil = agregasi_inkremental()

    assert hasil.tanda == 1
    assert agregat(ind, A, "bulan", "2025-03").pembilang == 4
    assert agregat(ind, A, "triwulan", "2025-01").pembilang == 5
    assert agregat(ind, A, "tahun", "2025").pembilang == 5
    assert agregat(ind, KEMIRI, "bulan", "2025-03").pembilang == 1  # untouched
    # Ancestors: summed from the stored kecamatan rows.
    assert agregat(ind, "33.06", "bulan", "2025-03").pembilang == 5
    assert agregat(ind, "", "triwulan", "2025-01").pembilang == 7
    # January was not affected: its rows were not rewritten.
    assert agregat(ind, A, "bulan", "2025-01").dihitung_pada == januari
    # Written rows are the changed ones only: desa A, Pituruh, Purworejo, Jawa Tengah and the
    # nation, each for March, the first quarter and 2025.
    assert hasil.baris == 5 * 3


def test_deleted_values_remove_their_rows(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 10)
    agregasi_bangun()
    isi(A, ind.pembilang, "2025-03", None)
    isi(A, ind.penyebut, "2025-03", None)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    agregasi_inkremental()
    assert agregat(ind, A, "bulan", "2025-03") is None
    assert agregat(ind, "", "tahun", "2025") is None


def test_a_second_writer_waits_and_keeps_the_marks(indikator):
    """While another rebuild holds the write lock, the incremental run does nothing and the
    marks stay queued (the task retries later)."""
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])

    dipegang, lepas = threading.Event(), threading.Event()

    def pemegang():
        conn = connections.create_connection("default")
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [KUNCI_TULIS])
            dipegang.set()
            lepas.wait(10)
            cur.execute("SELECT pg_advisory_unlock(%s)", [KUNCI_TULIS])
        conn.close()

    t = threading.Thread(target=pemegang)
    t.start()
    try:
        assert dipegang.wait(10)
        hasil = agregasi_inkremental()
        assert hasil.dilewati == "terkunci"
        assert AntrianAgregasi.objects.count() == 1
    finally:
        lepas.set()
        t.join()
    assert agregasi_inkremental().tanda == 1


def test_the_same_scope_is_not_rebuilt_twice_at_once():
    dipegang, lepas = threading.Event(), threading.Event()

    def pemegang():
        conn = connections.create_connection("default")
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_advisory_lock(%s, %s)",
                [KUNCI_TULIS, hash32(f"bangun:{PITURUH}:2025")],
            )
            dipegang.set()
            lepas.wait(10)
        conn.close()

    t = threading.Thread(target=pemegang)
    t.start()
    try:
        assert dipegang.wait(10)
        assert agregasi_bangun(kode=PITURUH, tahun=2025).dilewati == "duplikat"
        assert agregasi_bangun(kode=KEMIRI, tahun=2025).dilewati == ""
    finally:
        lepas.set()
        t.join()


def test_a_run_that_dies_halfway_leaves_no_damage(indikator, monkeypatch):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 10)
    agregasi_bangun()
    sebelum = potret()
    isi(A, ind.pembilang, "2025-03", 7)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])

    asli = Mesin.tulis_selisih
    panggilan = []

    def mati_di_tengah(self, *args, **kwargs):
        asli(self, *args, **kwargs)  # the desa and kecamatan rows are written ...
        panggilan.append(1)
        raise OSError("pekerja dihentikan")  # ... and the worker dies before the ancestors

    monkeypatch.setattr(Mesin, "tulis_selisih", mati_di_tengah)
    with pytest.raises(OSError):
        agregasi_inkremental()
    assert panggilan
    assert potret() == sebelum  # nothing half-written
    assert AntrianAgregasi.objects.count() == 1  # the mark is still there

    monkeypatch.setattr(Mesin, "tulis_selisih", asli)
    agregasi_inkremental()
    assert agregat(ind, "", "bulan", "2025-03").pembilang == 7


# --- property: any sequence of edits, drained incrementally, equals a full rebuild ------------

DESA = (A, B, K1, JABAR)
BULAN = [dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
BULAN += [dt.date(2025, 4, 1)]

suntingan = st.lists(
    st.tuples(
        st.sampled_from(DESA),
        st.integers(0, 3),  # which element
        st.sampled_from(BULAN),
        st.one_of(st.none(), st.integers(0, 30)),  # None deletes the value
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture
def katalog_acak(elemen, indikator):
    arus = elemen(AgregasiWaktu.JUMLAH)
    stok = elemen(AgregasiWaktu.TERAKHIR)
    stok2 = elemen(AgregasiWaktu.TERAKHIR)
    sasaran = elemen(AgregasiWaktu.TERAKHIR, tahunan=True)
    indikator(pembilang=arus, penyebut=stok)
    indikator(pembilang=arus, penyebut=sasaran)
    indikator(pembilang=stok2, penyebut=stok)
    return [arus, stok, stok2, sasaran]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(langkah=st.lists(suntingan, min_size=1, max_size=4))
def test_incremental_equals_full_rebuild(katalog_acak, langkah):
    class Batal(Exception):
        pass

    with pytest.raises(Batal), transaction.atomic():
        agregasi_bangun()
        for batch in langkah:
            tanda = {}
            for desa, e, bulan, nilai in batch:
                el = katalog_acak[e]
                if el.tahunan:
                    bulan = bulan.replace(month=1)  # stored on the January row
                    # As the entry services do: an annual value touches its whole year.
                    terdampak = [bulan.replace(month=m) for m in range(1, 13)]
                else:
                    terdampak = [bulan]
                isi(desa, el, bulan, nilai)
                tanda.setdefault(desa, set()).update(terdampak)
            for desa, bulan in tanda.items():
                agregasi_jadwalkan(desa_kode=[desa], bulan=bulan)
            agregasi_inkremental()
        inkremental = potret()
        agregasi_bangun()
        assert inkremental == potret()
        raise Batal
