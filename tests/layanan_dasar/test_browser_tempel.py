"""Paste from Excel in Chromium: a row copied from the app's own template (which has no
read-only target columns) lands each value in the column it came from, with a one-line summary;
a paste that cannot be mapped is refused and changes nothing."""

import pytest

from layanan_dasar.ekspor import templat_baris
from layanan_dasar.models import DataElemen
from layanan_dasar.selectors import elemen_sektor
from layanan_dasar.services import katalog_muat
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Kecamatan, Peran

from .conftest import BULAN, BULAN_TEKS

pytestmark = [pytest.mark.browser]
DESA2 = "33.06.11.2002"


def _tempel(halaman, selector, teks):
    """What Ctrl+V from Excel delivers: a paste event whose text is tab/newline separated."""
    halaman.eval_on_selector(
        selector,
        """(el, teks) => { el.focus(); const dt = new DataTransfer();
           dt.setData('text/plain', teks);
           el.dispatchEvent(new ClipboardEvent('paste',
             {clipboardData: dt, bubbles: true, cancelable: true})); }""",
        teks,
    )


def _nilai_grid(halaman, desa, elemen):
    return {e.kode: halaman.input_value(f'input[name="v-{desa}-{e.id}"]') for e in elemen}


@pytest.fixture
def upt_grid(halaman, buat_pengguna):
    katalog_muat()
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    galat_js = []
    halaman.on("pageerror", lambda e: galat_js.append(str(e)))
    halaman.masuk(upt.username)
    yield halaman
    assert galat_js == []


def test_a_template_row_pasted_whole_lands_in_its_columns(upt_grid):
    halaman = upt_grid
    kec = Kecamatan.objects.get(kode=PITURUH)
    semua = elemen_sektor("kesehatan")
    baris, n = templat_baris(kecamatan=kec, sektor="kesehatan", bulan=BULAN, elemen=semua)
    kolom = baris[5][2:]  # the element-code row of the template
    assert not any(DataElemen.objects.get(kode=k).tahunan for k in kolom)  # March: no targets
    # Two village rows as the user would copy them from Excel: code, name, then the values.
    nilai = {k: str(i + 1) for i, k in enumerate(kolom)}
    teks = "\r\n".join(
        "\t".join([d, "Nama"] + [nilai[k] for k in kolom]) for d in (DESA_PITURUH, DESA2)
    )
    halaman.goto(f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/?kelompok=semua")
    _tempel(halaman, "#tabel-isian tbody td input", teks)
    halaman.wait_for_selector("[data-testid=info-tempel].alert-info")
    elemen = [DataElemen.objects.get(kode=k) for k in kolom]
    for d in (DESA_PITURUH, DESA2):
        assert _nilai_grid(halaman, d, elemen) == nilai
    ringkas = halaman.inner_text("[data-testid=info-tempel]")
    assert f"Ditempel {2 * len(kolom)} nilai ke 2 desa" in ringkas
    assert "Kolom hanya-baca dilewati: Sasaran ibu bersalin" in ringkas
    assert "Belum disimpan" in ringkas
    # The read-only target cells show what is stored (nothing) and took no value.
    sasaran = DataElemen.objects.get(kode="kes-sasaran-bulin")
    assert halaman.inner_text(f'tr[data-desa="{DESA_PITURUH}"] td[data-el="{sasaran.id}"]') == ""
    halaman.tangkap("tempel-templat")


def test_a_block_of_values_follows_the_template_order_past_read_only_columns(upt_grid):
    """The issue's case: ANC=1, 2, bersalin=3 used to become ANC=1, "2" dropped into the
    read-only target column, bersalin=3. In the template, ANC is followed by bersalin."""
    halaman = upt_grid
    anc = DataElemen.objects.get(kode="kes-bumil-layanan")
    bulin = DataElemen.objects.get(kode="kes-bulin-layanan")
    bbl = DataElemen.objects.get(kode="kes-bbl-layanan")
    halaman.goto(f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/?kelompok=spm")
    _tempel(halaman, f'input[name="v-{DESA_PITURUH}-{anc.id}"]', "1\t2\t3\r\n")
    halaman.wait_for_selector("[data-testid=info-tempel].alert-info")
    assert _nilai_grid(halaman, DESA_PITURUH, [anc, bulin, bbl]) == {
        anc.kode: "1",
        bulin.kode: "2",
        bbl.kode: "3",
    }
    assert "Sasaran ibu bersalin" in halaman.inner_text("[data-testid=info-tempel]")


def test_an_unmappable_paste_is_refused_and_changes_nothing(upt_grid):
    halaman = upt_grid
    anc = DataElemen.objects.get(kode="kes-bumil-layanan")
    bulin = DataElemen.objects.get(kode="kes-bulin-layanan")
    halaman.goto(f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/?kelompok=spm")
    sel = f'input[name="v-{DESA_PITURUH}-{anc.id}"]'
    # A row copied with its village name but without the code: the name is not a number.
    _tempel(halaman, sel, "Bener\t4\t5\r\n")
    halaman.wait_for_selector("[data-testid=info-tempel].alert-danger")
    assert "bukan angka" in halaman.inner_text("[data-testid=info-tempel]")
    assert _nilai_grid(halaman, DESA_PITURUH, [anc, bulin]) == {anc.kode: "", bulin.kode: ""}
    # A header row naming a code this sector does not have.
    _tempel(halaman, sel, "kode_desa\tnama_desa\tbukan-elemen\r\n" + DESA_PITURUH + "\tX\t4\r\n")
    halaman.wait_for_selector("text=bukan elemen data sektor ini")
    # A village outside the kecamatan.
    _tempel(halaman, sel, "33.06.10.2001\tX\t4\t5\r\n")
    halaman.wait_for_selector("text=tidak ada di kecamatan ini")
    assert _nilai_grid(halaman, DESA_PITURUH, [anc, bulin]) == {anc.kode: "", bulin.kode: ""}
