"""The audit trail per village and element, and the scoped read-only admin."""

import pytest
from django.urls import reverse

from layanan_dasar.models import AuditNilai, Indikator
from layanan_dasar.services import nilai_simpan
from tests.conftest import DESA_KEMIRI, DESA_PITURUH

from .conftest import BULAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def riwayat(upt_kesehatan, upt_pendidikan, pituruh, el):
    e = el("kes-bumil-layanan").id
    for v in (5, 7):
        nilai_simpan(
            user=upt_kesehatan,
            kecamatan=pituruh,
            sektor="kesehatan",
            perubahan={(DESA_PITURUH, e, BULAN): v},
            sumber="grid",
        )
    nilai_simpan(
        user=upt_kesehatan,
        kecamatan=pituruh,
        sektor="kesehatan",
        perubahan={(DESA_PITURUH, el("kes-balita-layanan").id, BULAN): 9},
        sumber="impor",
    )
    nilai_simpan(
        user=upt_pendidikan,
        kecamatan=pituruh,
        sektor="pendidikan",
        perubahan={(DESA_PITURUH, el("pdd-paud-5-6").id, BULAN): 30},
        sumber="grid",
    )


def test_every_change_is_visible_per_village_and_element(klien, upt_kesehatan, riwayat):
    url = reverse("layanan_dasar:audit", args=[DESA_PITURUH])
    client = klien(upt_kesehatan)
    semua = client.get(url)
    # Only the user's sector: pendidikan changes stay hidden from the health UPT.
    assert [
        (a.elemen.kode, a.nilai_lama, a.nilai_baru, a.sumber) for a in semua.context["halaman"]
    ] == [
        ("kes-balita-layanan", None, 9, "impor"),
        ("kes-bumil-layanan", 5, 7, "grid"),
        ("kes-bumil-layanan", None, 5, "grid"),
    ]
    satu = client.get(url, {"elemen": "kes-bumil-layanan"})
    assert len(satu.context["halaman"]) == 2
    assert upt_kesehatan.username in satu.text
    assert client.get(url, {"elemen": "pdd-paud-5-6"}).context["halaman"].paginator.count == 0


def test_outsiders_see_no_audit(klien, camat_luar, upt_kesehatan, riwayat):
    assert (
        klien(camat_luar).get(reverse("layanan_dasar:audit", args=[DESA_PITURUH])).status_code
        == 404
    )
    assert (
        klien(upt_kesehatan).get(reverse("layanan_dasar:audit", args=[DESA_KEMIRI])).status_code
        == 404
    )


def test_sekber_reads_the_values_of_its_scope_in_admin_but_cannot_change_them(
    klien, sekber_kabupaten, buat_pengguna, riwayat
):
    from wilayah.models import Peran

    sekber_lain = buat_pengguna(Peran.SEKBER_PROVINSI, "32", is_staff=True)
    url = reverse("admin:layanan_dasar_auditnilai_changelist")
    assert klien(sekber_kabupaten).get(url).context["cl"].result_count == 4
    client = klien(sekber_lain)
    assert client.get(url).context["cl"].result_count == 0
    audit = AuditNilai.objects.first()
    assert (
        client.get(reverse("admin:layanan_dasar_auditnilai_change", args=[audit.pk])).status_code
        == 404
    )
    client = klien(sekber_kabupaten)
    resp = client.get(reverse("admin:layanan_dasar_nilaidata_changelist"))
    assert resp.status_code == 200
    assert client.get(reverse("admin:layanan_dasar_nilaidata_add")).status_code == 403
    # The catalogue is readable, not editable, for a monitor.
    ind = Indikator.objects.get(kode="spm-kes-bumil")
    assert (
        client.get(reverse("admin:layanan_dasar_indikator_change", args=[ind.pk])).status_code
        == 200
    )
    client.post(reverse("admin:layanan_dasar_indikator_change", args=[ind.pk]), {"target": "1"})
    ind.refresh_from_db()
    assert ind.target == 100


def test_a_superuser_edits_a_target_in_admin(client, django_user_model, katalog):
    admin = django_user_model.objects.create_superuser("akar", password="x")
    client.force_login(admin)
    ind = Indikator.objects.get(kode="prevalensi-stunting")
    url = reverse("admin:layanan_dasar_indikator_change", args=[ind.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(target="12.5", aktif="on")
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.context["adminform"].form.errors
    ind.refresh_from_db()
    assert str(ind.target) == "12.50"
