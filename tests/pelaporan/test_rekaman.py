"""Records kept by the kecamatan: the dashboard team, trainings, coordination meetings and the
joint monitoring agenda; who may write them, and that bad input changes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import DESA_PITURUH, KEMIRI, PITURUH

pytestmark = pytest.mark.django_db


def _formset(prefix, baris, awal=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(baris)),
        f"{prefix}-INITIAL_FORMS": str(awal),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, b in enumerate(baris):
        for k, v in b.items():
            data[f"{prefix}-{i}-{k}"] = v
    return data


def test_operator_records_a_team_with_its_members(operator_kecamatan, klien):
    from pelaporan.models import TimPengelola

    c = klien(operator_kecamatan)
    data = {
        "nomor_sk": "140/12/2025",
        "tanggal_sk": "2025-01-10",
        "berlaku_dari": "2025-01-10",
        **_formset(
            "anggota",
            [
                {"nama": "Siti", "peran": "ketua", "jabatan": "Sekcam"},
                {"nama": "Budi", "peran": "operator"},
                {"nama": ""},  # an empty extra row is ignored
            ],
        ),
    }
    r = c.post(reverse("pelaporan:tim_baru", args=[PITURUH]), data)
    assert r.status_code == 302
    tim = TimPengelola.objects.get()
    assert tim.kecamatan_id == PITURUH
    assert sorted(tim.anggota.values_list("nama", flat=True)) == ["Budi", "Siti"]
    r = c.get(reverse("pelaporan:kecamatan", args=[PITURUH]))
    assert "140/12/2025" in r.content.decode()


def test_a_team_without_members_or_with_bad_dates_saves_nothing(operator_kecamatan, klien):
    from pelaporan.models import AnggotaTim, TimPengelola

    c = klien(operator_kecamatan)
    url = reverse("pelaporan:tim_baru", args=[PITURUH])
    r = c.post(
        url,
        {
            "nomor_sk": "1",
            "tanggal_sk": "2025-01-10",
            "berlaku_dari": "2025-01-10",
            **_formset("anggota", [{"nama": ""}]),
        },
    )
    assert r.status_code == 400
    assert "paling sedikit satu anggota" in r.content.decode()
    r = c.post(
        url,
        {
            "nomor_sk": "1",
            "tanggal_sk": "2025-01-10",
            "berlaku_dari": "2025-01-10",
            "berlaku_sampai": "2024-01-01",
            **_formset("anggota", [{"nama": "A", "peran": "ketua"}, {"nama": "B"}]),
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "tidak boleh sebelum tanggal mulai" in html
    assert "Bidang ini tidak boleh kosong" in html or "wajib" in html.lower()
    assert not TimPengelola.objects.exists() and not AnggotaTim.objects.exists()


def test_training_with_participants_and_a_scoped_attachment(
    operator_kecamatan, camat_luar, sekber_kabupaten, klien, media_sementara
):
    from pelaporan.models import Pelatihan

    c = klien(operator_kecamatan)
    data = {
        "modul": "3",
        "tanggal_mulai": "2025-02-03",
        "tempat": "Aula kecamatan",
        **_formset(
            "peserta",
            [
                {"nama": "dr. Ani", "peran": "upt_kesehatan"},
                {"nama": "Kades", "peran": "kepala_desa", "desa": DESA_PITURUH},
            ],
        ),
        **_formset("lampiran", [{"keterangan": "Daftar hadir"}]),
        "lampiran-0-berkas": SimpleUploadedFile(
            "daftar hadir.pdf", b"%PDF-1.4 isi", content_type="application/pdf"
        ),
    }
    r = c.post(reverse("pelaporan:pelatihan_baru", args=[PITURUH]), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Pelatihan.objects.get()
    assert p.peserta.count() == 2
    lampiran = p.lampiran.get()
    assert lampiran.nama_asli == "daftar hadir.pdf"
    assert "daftar" not in lampiran.berkas.name  # stored under a random name
    url = reverse("pelaporan:lampiran_unduh", args=[lampiran.pk])
    r = c.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 isi"
    assert klien(camat_luar).get(url).status_code == 404
    assert klien(sekber_kabupaten).get(url).status_code == 200


def test_participant_village_must_be_in_the_kecamatan(operator_kecamatan, klien):
    from pelaporan.models import Pelatihan

    c = klien(operator_kecamatan)
    data = {
        "modul": "1",
        "tanggal_mulai": "2025-02-03",
        **_formset("peserta", [{"nama": "X", "peran": "kepala_desa", "desa": f"{KEMIRI}.2001"}]),
        **_formset("lampiran", []),
    }
    r = c.post(reverse("pelaporan:pelatihan_baru", args=[PITURUH]), data)
    assert r.status_code == 400
    assert not Pelatihan.objects.exists()


def test_attachment_of_a_forbidden_type_is_refused(operator_kecamatan, klien, media_sementara):
    from pelaporan.models import Pelatihan

    c = klien(operator_kecamatan)
    data = {
        "modul": "1",
        "tanggal_mulai": "2025-02-03",
        **_formset("peserta", [{"nama": "X", "peran": "camat"}]),
        **_formset("lampiran", [{}]),
        "lampiran-0-berkas": SimpleUploadedFile("skrip.exe", b"MZ"),
    }
    r = c.post(reverse("pelaporan:pelatihan_baru", args=[PITURUH]), data)
    assert r.status_code == 400
    assert not Pelatihan.objects.exists()


def test_meeting_with_attendance_and_follow_ups(operator_kecamatan, klien):
    from pelaporan.models import RapatKoordinasi

    c = klien(operator_kecamatan)
    data = {
        "tanggal": "2025-01-20",
        "judul": "Rapat koordinasi stunting",
        "agenda": "Data bumil",
        "keputusan": "Kunjungan rumah",
        **_formset("hadir", [{"nama": "Camat"}, {"nama": "Bidan desa", "desa": DESA_PITURUH}]),
        **_formset(
            "tl",
            [
                {
                    "uraian": "Kunjungan rumah bumil risiko tinggi",
                    "penanggung_jawab": "Puskesmas",
                    "tenggat": "2025-02-15",
                    "status": "belum",
                }
            ],
        ),
    }
    r = c.post(reverse("pelaporan:rapat_baru", args=[PITURUH]), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    rapat = RapatKoordinasi.objects.get()
    assert rapat.kehadiran.count() == 2 and rapat.tindak_lanjut.count() == 1
    r = c.get(reverse("pelaporan:tindak_lanjut", args=[PITURUH]), {"terlambat": "true"})
    assert r.status_code == 200
    assert len(r.context["table"].rows) == 1  # due 15 Feb 2025, still open


def test_follow_up_marked_done_needs_a_date(operator_kecamatan, klien):
    from pelaporan.models import RapatKoordinasi

    data = {
        "tanggal": "2025-01-20",
        "judul": "R",
        "agenda": "A",
        **_formset("hadir", [{"nama": "Camat"}]),
        **_formset(
            "tl",
            [
                {
                    "uraian": "U",
                    "penanggung_jawab": "P",
                    "tenggat": "2025-02-15",
                    "status": "selesai",
                }
            ],
        ),
    }
    r = klien(operator_kecamatan).post(reverse("pelaporan:rapat_baru", args=[PITURUH]), data)
    assert r.status_code == 400
    assert "Isi tanggal selesai" in r.content.decode()
    assert not RapatKoordinasi.objects.exists()


def test_monev_agenda(operator_kecamatan, klien):
    from pelaporan.models import AgendaMonev

    c = klien(operator_kecamatan)
    r = c.post(
        reverse("pelaporan:monev_baru", args=[PITURUH]),
        {"kegiatan": "Monev bersama", "tanggal_rencana": "2025-03-01", "status": "terlaksana"},
    )
    assert r.status_code == 400  # held, but no date given
    r = c.post(
        reverse("pelaporan:monev_baru", args=[PITURUH]),
        {
            "kegiatan": "Monev bersama",
            "tanggal_rencana": "2025-03-01",
            "tanggal_pelaksanaan": "2025-03-02",
            "status": "terlaksana",
            "pihak_sekber": "Sekber Kab. Purworejo",
        },
    )
    assert r.status_code == 302
    agenda = AgendaMonev.objects.get()
    r = c.post(
        reverse("pelaporan:monev_ubah", args=[agenda.pk]),
        {"kegiatan": "Monev bersama (ubah)", "tanggal_rencana": "2025-03-01", "status": "ditunda"},
    )
    assert r.status_code == 302
    agenda.refresh_from_db()
    assert (agenda.kegiatan, agenda.status) == ("Monev bersama (ubah)", "ditunda")


@pytest.fixture
def rekaman(db):
    """One record of each kind in Pituruh."""
    from pelaporan.models import AgendaMonev, AnggotaTim, Pelatihan, RapatKoordinasi, TimPengelola

    tim = TimPengelola.objects.create(
        kecamatan_id=PITURUH,
        nomor_sk="1",
        tanggal_sk=dt.date(2025, 1, 1),
        berlaku_dari=dt.date(2025, 1, 1),
    )
    AnggotaTim.objects.create(tim=tim, nama="A", peran="ketua")
    return {
        "tim": tim,
        "pelatihan": Pelatihan.objects.create(
            kecamatan_id=PITURUH, modul=1, tanggal_mulai=dt.date(2025, 2, 1)
        ),
        "rapat": RapatKoordinasi.objects.create(
            kecamatan_id=PITURUH, tanggal=dt.date(2025, 2, 1), judul="R", agenda="A"
        ),
        "monev": AgendaMonev.objects.create(
            kecamatan_id=PITURUH, kegiatan="M", tanggal_rencana=dt.date(2025, 2, 1)
        ),
    }


HALAMAN_BACA = [
    "kecamatan",
    "tim_daftar",
    "pelatihan_daftar",
    "rapat_daftar",
    "tindak_lanjut",
    "monev_daftar",
]
HALAMAN_BARU = ["tim_baru", "pelatihan_baru", "rapat_baru", "monev_baru"]


def _url_objek(rekaman):
    return [
        ("tim_detail", rekaman["tim"].pk, False),
        ("tim_ubah", rekaman["tim"].pk, True),
        ("pelatihan_detail", rekaman["pelatihan"].pk, False),
        ("pelatihan_ubah", rekaman["pelatihan"].pk, True),
        ("rapat_detail", rekaman["rapat"].pk, False),
        ("rapat_ubah", rekaman["rapat"].pk, True),
        ("monev_ubah", rekaman["monev"].pk, True),
    ]


def test_pages_for_the_kecamatan_and_404_for_an_outsider(
    rekaman, operator_kecamatan, camat_luar, operator_desa, klien
):
    dalam, luar, desa = klien(operator_kecamatan), None, None
    for nama in HALAMAN_BACA + HALAMAN_BARU:
        url = reverse(f"pelaporan:{nama}", args=[PITURUH])
        assert dalam.get(url).status_code == 200, nama
    for nama, pk, _ubah in _url_objek(rekaman):
        assert dalam.get(reverse(f"pelaporan:{nama}", args=[pk])).status_code == 200, nama
    for user in (camat_luar, operator_desa):
        luar = klien(user)
        for nama in HALAMAN_BACA + HALAMAN_BARU:
            assert luar.get(reverse(f"pelaporan:{nama}", args=[PITURUH])).status_code == 404
        for nama, pk, _ubah in _url_objek(rekaman):
            assert luar.get(reverse(f"pelaporan:{nama}", args=[pk])).status_code == 404, nama
    assert desa is None


def test_sekber_reads_records_but_cannot_write(rekaman, sekber_provinsi, klien):
    from pelaporan.models import AgendaMonev

    c = klien(sekber_provinsi)
    for nama in HALAMAN_BACA:
        assert c.get(reverse(f"pelaporan:{nama}", args=[PITURUH])).status_code == 200
    for nama in HALAMAN_BARU:
        assert c.get(reverse(f"pelaporan:{nama}", args=[PITURUH])).status_code == 404
    for nama, pk, ubah in _url_objek(rekaman):
        assert c.get(reverse(f"pelaporan:{nama}", args=[pk])).status_code == (404 if ubah else 200)
    r = c.post(
        reverse("pelaporan:monev_ubah", args=[rekaman["monev"].pk]),
        {"kegiatan": "diubah Sekber", "tanggal_rencana": "2025-03-01", "status": "ditunda"},
    )
    assert r.status_code == 404
    assert AgendaMonev.objects.get().kegiatan == "M"


def test_sector_staff_read_records_but_do_not_keep_them(rekaman, upt_kesehatan, klien):
    c = klien(upt_kesehatan)
    assert c.get(reverse("pelaporan:pelatihan_daftar", args=[PITURUH])).status_code == 200
    assert c.get(reverse("pelaporan:pelatihan_baru", args=[PITURUH])).status_code == 403
    pk = rekaman["rapat"].pk
    assert c.get(reverse("pelaporan:rapat_ubah", args=[pk])).status_code == 403
    # The report spans every sector: not for one sector's staff.
    assert c.get(reverse("pelaporan:laporan_daftar", args=[PITURUH])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("pelaporan:kecamatan", args=[PITURUH]))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_menu_links_by_role(operator_kecamatan, camat, sekber_kabupaten, operator_desa):
    from dashboard_kecamatan.navigasi import menu
    from wilayah.access import lingkup_user

    def url(user):
        return [u for _l, u in menu(lingkup_user(user)) if u.startswith("/pelaporan/")]

    assert url(operator_kecamatan) == [reverse("pelaporan:kecamatan", args=[PITURUH])]
    assert reverse("pelaporan:laporan_daftar", args=[PITURUH]) in url(camat)
    assert reverse("pelaporan:monitoring") in url(sekber_kabupaten)
    assert url(operator_desa) == []


def test_demo_records_are_created_once(db):
    from pelaporan.models import Pelatihan, TimPengelola
    from pelaporan.services import pelaporan_demo_buat

    assert pelaporan_demo_buat(kecamatan_kode=PITURUH) > 0
    assert pelaporan_demo_buat(kecamatan_kode=PITURUH) == 0
    assert TimPengelola.objects.filter(kecamatan_id=PITURUH).count() == 1
    assert Pelatihan.objects.filter(kecamatan_id=PITURUH).count() == 3
    with pytest.raises(ValueError):
        pelaporan_demo_buat(kecamatan_kode="99.99.99")


def _xlsx(rows, nama="hadir.xlsx"):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(nama, buf.getvalue())


def test_a_training_takes_any_number_of_participants_from_an_attendance_list(
    operator_kecamatan, klien
):
    from pelaporan.models import Pelatihan

    c = klien(operator_kecamatan)
    # The page offers the upload and a way to add rows without saving first.
    html = c.get(reverse("pelaporan:pelatihan_baru", args=[PITURUH])).content.decode()
    assert 'name="daftar_hadir"' in html and "tambah-baris" in html
    daftar = [["Daftar hadir pelatihan modul 3"], ["nama", "jabatan/peran", "desa"]]
    daftar += [[f"Peserta {i}", "Kepala Desa", "Kendalrejo"] for i in range(30)]
    daftar += [["dr. Ani", "Puskesmas", ""], ["Budi", "operator_desa", DESA_PITURUH]]
    data = {
        "modul": "3",
        "tanggal_mulai": "2025-02-03",
        **_formset("peserta", [{"nama": "Camat Pituruh", "peran": "camat"}]),
        **_formset("lampiran", []),
        "daftar_hadir": _xlsx(daftar),
    }
    r = c.post(reverse("pelaporan:pelatihan_baru", args=[PITURUH]), data, follow=True)
    assert r.status_code == 200
    assert "32 nama dari daftar hadir ditambahkan." in r.content.decode()
    p = Pelatihan.objects.get()
    assert p.peserta.count() == 33
    ani = p.peserta.get(nama="dr. Ani")
    assert (ani.peran, ani.jabatan, ani.desa_id) == ("upt_kesehatan", "Puskesmas", None)
    assert p.peserta.filter(peran="kepala_desa", desa_id=DESA_PITURUH).count() == 30


def test_an_attendance_list_with_bad_rows_adds_nothing_and_lists_every_one(
    operator_kecamatan, klien
):
    from pelaporan.models import Pelatihan

    c = klien(operator_kecamatan)
    daftar = [
        ["nama", "peran", "jabatan", "desa"],
        ["Sri", "Kepala Desa", "Kades", "Kendalrejo"],
        ["", "Camat", "", ""],
        ["Joko", "Dukun", "", ""],
        ["Tono", "Perangkat Desa", "", "Kedungmulyo"],  # a village of Kemiri
    ]
    csv_teks = "\n".join(";".join(r) for r in daftar)
    data = {
        "modul": "3",
        "tanggal_mulai": "2025-02-03",
        **_formset("peserta", [{"nama": "Camat Pituruh", "peran": "camat"}]),
        **_formset("lampiran", []),
        "daftar_hadir": SimpleUploadedFile("hadir.csv", csv_teks.encode()),
    }
    r = c.post(reverse("pelaporan:pelatihan_baru", args=[PITURUH]), data)
    assert r.status_code == 400
    galat = [(g.baris, g.pesan) for g in r.context["galat_impor"]]
    assert [b for b, _p in galat] == [3, 4, 5]
    assert "nama kosong" in galat[0][1]
    assert "peran “Dukun” tidak dikenal" in galat[1][1]
    assert "desa “Kedungmulyo” tidak ada di Kecamatan Pituruh" in galat[2][1]
    assert "Daftar tidak diimpor dan tidak ada yang disimpan." in r.content.decode()
    assert not Pelatihan.objects.exists()


def test_a_meeting_imports_its_attendance_list(operator_kecamatan, camat_luar, klien):
    from pelaporan.models import RapatKoordinasi

    data = {
        "tanggal": "2025-01-20",
        "judul": "Rapat koordinasi",
        "agenda": "Data bumil",
        **_formset("hadir", []),
        **_formset("tl", []),
        "daftar_hadir": _xlsx(
            [["Nama", "Jabatan/Peran", "Desa"], ["Bidan Rini", "Bidan desa", DESA_PITURUH]]
        ),
    }
    assert klien(camat_luar).post(
        reverse("pelaporan:rapat_baru", args=[PITURUH]), data
    ).status_code in (403, 404)
    data["daftar_hadir"].seek(0)
    r = klien(operator_kecamatan).post(reverse("pelaporan:rapat_baru", args=[PITURUH]), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    hadir = RapatKoordinasi.objects.get().kehadiran.get()
    assert (hadir.nama, hadir.jabatan, hadir.desa_id) == ("Bidan Rini", "Bidan desa", DESA_PITURUH)
