"""Every user-written text is escaped wherever it is shown, and anonim/rahasia hold on every
page and export that shows a complaint."""

import pytest
from django.urls import reverse

from pengaduan import services
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Desa, Peran

pytestmark = pytest.mark.django_db

SKRIP = '<script>alert("x")</script>'
AMAN = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _teks_xlsx(data):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return " ".join(
        str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )


def _cek(html):
    assert "<script>alert" not in html
    assert AMAN in html


def test_script_tags_written_by_citizens_and_officers_are_escaped_everywhere(
    client, klien, buat_pengaduan, camat, sekber_kabupaten
):
    p = buat_pengaduan(judul=f"Judul {SKRIP}", isi=f"Isi {SKRIP}", nama=f"Nama {SKRIP}")
    p = services.pengaduan_verifikasi(
        pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH), catatan=f"Catatan {SKRIP}"
    )
    services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi=f"Tanggapan {SKRIP}")
    services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi=f"Internal {SKRIP}", publik=False)
    services.pengaduan_balas(pengaduan=p, isi=f"Balasan {SKRIP}")
    desa = Desa.objects.get(kode=DESA_PITURUH)
    services.penilaian_buat(desa=desa, sektor="kesehatan", nilai=3, komentar=f"Komentar {SKRIP}")

    halaman_publik = [
        reverse("pengaduan:lacak_detail", args=[p.kode_lacak]),
        reverse("pengaduan:publik"),
        reverse("pengaduan:publik_detail", args=[p.pk]),
    ]
    for url in halaman_publik:
        _cek(client.get(url).content.decode())
    c = klien(camat)
    for url in (
        reverse("pengaduan:detail", args=[p.pk]),
        reverse("pengaduan:kotak_masuk"),
        reverse("pengaduan:desa", args=[DESA_PITURUH]),
    ):
        _cek(c.get(url).content.decode())
    _cek(
        klien(sekber_kabupaten)
        .get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk]))
        .content.decode()
    )


def test_a_script_in_a_form_error_is_escaped(client):
    r = client.post(reverse("pengaduan:lapor"), {"desa": SKRIP, "sektor": "pu"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "<script>alert" not in html


def test_anonim_and_rahasia_hold_on_every_page_and_export(
    client, klien, buat_pengaduan, camat, upt_kesehatan, sekber_kabupaten
):
    p = buat_pengaduan(
        judul="Pungutan liar di puskesmas",
        nama="Pak Anonim",
        telepon="0899-1111-2222",
        email="anonim@contoh.id",
        anonim=True,
        rahasia=True,
    )
    p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH))
    services.pengaduan_tanggapi(pengaduan=p, oleh=upt_kesehatan, isi="Kami telusuri.")
    identitas = ("Pak Anonim", "0899-1111-2222", "anonim@contoh.id")

    # Public: not listed, not openable, but the reporter still follows it with the code.
    assert p.judul not in client.get(reverse("pengaduan:publik")).content.decode()
    assert client.get(reverse("pengaduan:publik_detail", args=[p.pk])).status_code == 404
    lacak = client.get(reverse("pengaduan:lacak_detail", args=[p.kode_lacak])).content.decode()
    assert "Kami telusuri." in lacak

    # Staff pages, lists, exports and admin: never the identity of an anonim reporter.
    halaman = []
    for user in (camat, upt_kesehatan, sekber_kabupaten):
        c = klien(user)
        halaman += [
            c.get(reverse("pengaduan:detail", args=[p.pk])).content.decode(),
            c.get(reverse("pengaduan:kotak_masuk")).content.decode(),
            c.get(reverse("pengaduan:statistik")).content.decode(),
            b"".join(c.get(reverse("pengaduan:ekspor", args=["csv"])).streaming_content).decode(),
            _teks_xlsx(c.get(reverse("pengaduan:ekspor", args=["xlsx"])).content),
        ]
    halaman.append(
        klien(sekber_kabupaten)
        .get(reverse("admin:pengaduan_pengaduan_changelist"))
        .content.decode()
    )
    halaman.append(lacak)
    for html in halaman:
        for i in identitas:
            assert i not in html
    # The rahasia title stays out of exports.
    c = klien(camat)
    csv = b"".join(c.get(reverse("pengaduan:ekspor", args=["csv"])).streaming_content).decode()
    xlsx = _teks_xlsx(c.get(reverse("pengaduan:ekspor", args=["xlsx"])).content)
    assert p.nomor in csv and p.nomor in xlsx
    assert "Pungutan liar" not in csv and "Pungutan liar" not in xlsx


@pytest.mark.parametrize("pemisah", [";", ",", "\t"])
def test_the_csv_export_runs_no_formula_under_any_list_separator(
    klien, camat, buat_pengaduan, pemisah
):
    import csv as modul_csv
    import io

    buat_pengaduan(judul='Jalan rusak,=HYPERLINK("http://contoh.invalid","klik");+1;@SUM(A1)')
    isi = b"".join(
        klien(camat).get(reverse("pengaduan:ekspor", args=["csv"])).streaming_content
    ).decode("utf-8-sig")
    # The file is written with ';'; Excel may split it on its locale's list separator instead.
    for baris in modul_csv.reader(io.StringIO(isi), delimiter=pemisah):
        for sel in baris:
            assert not sel.strip().lstrip('"').startswith(("=", "+", "@")), sel
