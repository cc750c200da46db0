"""The navbar's language switch in Chromium: a camat turns the page into English and back, the
choice sticks across pages, and the entry grid's script speaks the page's language."""

import pytest

from layanan_dasar.services import katalog_muat
from tests.conftest import PITURUH
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]


def test_the_navbar_switches_to_english_and_back(halaman, buat_pengguna):
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    halaman.masuk(camat.username)
    rumah = halaman.url
    assert halaman.evaluate("document.documentElement.lang") == "id"
    assert halaman.locator("nav.navbar").get_by_role("button", name="Keluar").is_visible()
    halaman.locator("[data-testid=ganti-bahasa]").get_by_role("button", name="English").click()
    halaman.wait_for_load_state("networkidle")
    assert halaman.url == rumah  # back on the same page, now in English
    assert halaman.evaluate("document.documentElement.lang") == "en"
    nav = halaman.locator("nav.navbar")
    assert nav.get_by_role("button", name="Log out").is_visible()
    assert "Data entry" in nav.inner_text() and "Isian data" not in nav.inner_text()
    halaman.tangkap("bahasa-inggris")
    # The choice sticks: another page opens in English too.
    halaman.goto(f"{halaman.url_dasar}/pengaduan/")
    assert halaman.locator("h1").inner_text() == "Complaints inbox"
    halaman.locator("[data-testid=ganti-bahasa]").get_by_role(
        "button", name="Bahasa Indonesia"
    ).click()
    halaman.wait_for_load_state("networkidle")
    assert halaman.evaluate("document.documentElement.lang") == "id"
    assert halaman.locator("h1").inner_text() == "Kotak masuk pengaduan"


def test_the_grid_script_messages_follow_the_language(halaman, buat_pengguna):
    katalog_muat()
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    halaman.masuk(upt.username)
    url = f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/2025-03/?kelompok=spm"
    halaman.goto(url)
    assert "sel dapat diisi" in halaman.inner_text("#info-isian")
    halaman.locator("[data-testid=ganti-bahasa]").get_by_role("button", name="English").click()
    halaman.wait_for_load_state("networkidle")
    halaman.wait_for_function("document.getElementById('info-isian').textContent.length > 0")
    assert "cells can be filled in" in halaman.inner_text("#info-isian")
    sel = halaman.locator("#tabel-isian tbody td input[name]").first
    sel.fill("abc")
    sel.dispatch_event("input")
    assert "must be a whole number" in sel.evaluate("i => i.closest('td').title")
