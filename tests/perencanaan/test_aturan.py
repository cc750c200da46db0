"""Yearly Dana Desa rules as data, checked against each plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from perencanaan import selectors
from perencanaan.models import AturanDanaDesa

from .conftest import baris

pytestmark = pytest.mark.django_db


def _hasil(camat, rencana):
    return {h.aturan.kode: h for h in selectors.analisis_rencana(camat, rencana).aturan}


def test_the_2025_rules_are_checked_on_dana_desa_only(buat_rencana, operator_desa, camat, klien):
    rencana = buat_rencana(
        operator_desa,
        [
            baris("5.3.00", 20_000_000),  # BLT Desa: 20% of DDS > 15%
            baris("4.2.01", 15_000_000),  # food security
            baris("4.1.05", 5_000_000),  # food security: 20% exactly, ≥ 20% holds
            baris("1.1.04", 3_000_000),  # operations: 3% exactly, ≤ 3% holds
            baris("2.3.10", 57_000_000),
            baris("5.3.00", 90_000_000, sumber="ADD"),  # not Dana Desa: outside the base
        ],
    )
    hasil = _hasil(camat, rencana)
    assert set(hasil) == {"blt-desa", "ketahanan-pangan", "operasional-pemdes"}
    blt = hasil["blt-desa"]
    assert (blt.dasar, blt.bagian, blt.persen, blt.patuh) == (
        100_000_000,
        20_000_000,
        Decimal("20.0"),
        False,
    )
    assert hasil["ketahanan-pangan"].patuh is True
    assert hasil["ketahanan-pangan"].persen == Decimal("20.0")
    assert hasil["operasional-pemdes"].patuh is True
    page = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert "melanggar" in page


def test_a_year_without_rules_shows_none_and_no_error(buat_rencana, operator_desa, camat, klien):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 90_000_000)], tahun=2031)
    assert _hasil(camat, rencana) == {}
    r = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk]))
    assert r.status_code == 200
    assert 'data-testid="tanpa-aturan"' in r.content.decode()


def test_without_budget_from_the_base_source_the_rule_cannot_be_judged(
    buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 90_000_000, sumber="PAD")])
    blt = _hasil(camat, rencana)["blt-desa"]
    assert (blt.dasar, blt.patuh) == (0, None)


def test_rules_are_data_an_admin_row_changes_the_result(buat_rencana, operator_desa, camat):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 20), baris("2.3.10", 80)])
    assert _hasil(camat, rencana)["blt-desa"].patuh is False
    AturanDanaDesa.objects.filter(tahun=2025, kode="blt-desa").update(batas_persen=25)
    assert _hasil(camat, rencana)["blt-desa"].patuh is True
    AturanDanaDesa.objects.create(
        tahun=2025,
        kode="pendidikan-min",
        nama="Pendidikan paling sedikit 10%",
        sumber_dana="",
        awalan_kode="2.1",
        pembanding="gte",
        batas_persen=10,
    )
    assert _hasil(camat, rencana)["pendidikan-min"].patuh is False


def _teks_pdf(pdf):
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _putuskan(rencana, operator_desa, camat):
    from perencanaan import services

    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    return services.rencana_setujui(rencana=rencana, oleh=camat)


def test_2026_checks_operations_and_lists_the_shares_the_regulation_dropped(
    buat_rencana, operator_desa, camat, klien
):
    """Permendesa PDT 16/2025: operations ≤ 3% of Dana Desa stays; BLT Desa and food security
    have no percentage in 2026, so they are shown as not checked rather than judged."""
    rencana = buat_rencana(
        operator_desa,
        [baris("5.3.00", 40_000_000), baris("1.1.04", 4_000_000), baris("2.3.10", 56_000_000)],
        tahun=2026,
    )
    hasil = _hasil(camat, rencana)
    assert set(hasil) == {"operasional-pemdes"}
    ops = hasil["operasional-pemdes"]
    assert (ops.persen, ops.patuh) == (Decimal("4.0"), False)
    assert "16/2025" in ops.aturan.dasar_hukum and ops.aturan.disalin_dari is None
    page = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert 'data-testid="aturan-tidak-diperiksa"' in page
    assert "BLT Desa: tanpa batas persentase pada 2026" in page
    assert 'data-testid="aturan-belum-diverifikasi"' in page  # secondary sources: [verify]
    assert 'data-testid="aturan-disalin"' not in page


def test_2027_uses_carried_rules_flagged_on_the_review_page_and_the_letter(
    buat_rencana, operator_desa, camat, klien
):
    rencana = buat_rencana(
        operator_desa, [baris("1.1.04", 2_000_000), baris("2.4.12", 98_000_000)], tahun=2027
    )
    ops = _hasil(camat, rencana)["operasional-pemdes"]
    assert (ops.patuh, ops.aturan.perlu_verifikasi, ops.aturan.disalin_dari) == (True, True, 2026)
    from perencanaan import services

    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    page = klien(camat).get(reverse("perencanaan:tinjau", args=[rencana.pk])).content.decode()
    assert 'data-testid="aturan-disalin"' in page
    assert "memakai nilai aturan tahun 2026" in page
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    services.rencana_setujui(rencana=rencana, oleh=camat)
    teks = _teks_pdf(klien(camat).get(reverse("perencanaan:surat", args=[rencana.pk])).content)
    assert "Belum diverifikasi: aturan Dana Desa tahun 2027 memakai nilai aturan tahun 2026" in teks
    assert "[belum diverifikasi; nilai 2026]" in teks


def test_a_year_without_rules_says_so_prominently_and_names_who_adds_them(
    buat_rencana, operator_desa, camat, klien, django_user_model
):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 90_000_000)], tahun=2031)
    url = reverse("perencanaan:rencana", args=[rencana.pk])
    page = klien(camat).get(url).content.decode()
    assert 'class="alert alert-warning" role="alert" data-testid="tanpa-aturan"' in page
    assert "Belum ada aturan Dana Desa untuk tahun 2031." in page
    assert "administrator sistem" in page and "Sekber P3PD nasional" in page
    admin_url = reverse("admin:perencanaan_aturandanadesa_changelist")
    assert admin_url not in page  # the camat cannot add rules: no dead link
    admin = django_user_model.objects.create_superuser("admin-aturan", password="x")
    assert admin_url in klien(admin).get(url).content.decode()
    rekap = klien(camat).get(
        reverse("perencanaan:rekap", args=[rencana.desa.kecamatan_id]), {"tahun": 2031}
    )
    assert "Belum ada aturan Dana Desa untuk tahun 2031." in rekap.content.decode()
    _putuskan(rencana, operator_desa, camat)
    teks = _teks_pdf(klien(camat).get(reverse("perencanaan:surat", args=[rencana.pk])).content)
    assert "Belum ada aturan Dana Desa untuk tahun 2031" in teks


def test_copying_a_years_rules_flags_them_and_keeps_what_the_target_year_has(referensi):
    from perencanaan import services

    AturanDanaDesa.objects.create(
        tahun=2028,
        kode="operasional-pemdes",
        nama="Operasional 2028 (dari peraturan 2028)",
        awalan_kode="1.1.04",
        pembanding="lte",
        batas_persen=5,
    )
    assert services.aturan_dana_desa_salin(dari_tahun=2027) == 2
    baru = {a.kode: a for a in AturanDanaDesa.objects.filter(tahun=2028)}
    assert baru["operasional-pemdes"].batas_persen == 5  # the year's own row is kept
    blt = baru["blt-desa"]
    # A copy of a copy points at the year whose regulation was read.
    assert (blt.perlu_verifikasi, blt.disalin_dari, blt.aktif) == (True, 2026, False)
    assert services.aturan_dana_desa_salin(dari_tahun=2027) == 0
    assert services.aturan_dana_desa_salin(dari_tahun=2025, ke_tahun=2030) == 3
    assert set(
        AturanDanaDesa.objects.filter(tahun=2030).values_list("disalin_dari", "perlu_verifikasi")
    ) == {(2025, True)}


def test_the_admin_action_copies_to_the_next_year_and_is_not_offered_read_only(
    referensi, django_user_model, sekber_nasional, client
):
    url = reverse("admin:perencanaan_aturandanadesa_changelist")
    client.force_login(sekber_nasional)
    assert "salin_ke_tahun_berikutnya" not in client.get(url).content.decode()
    ids = list(AturanDanaDesa.objects.filter(tahun=2027).values_list("pk", flat=True))
    client.post(url, {"action": "salin_ke_tahun_berikutnya", "_selected_action": ids[:1]})
    assert not AturanDanaDesa.objects.filter(tahun=2028).exists()

    client.force_login(django_user_model.objects.create_superuser("admin-salin", password="x"))
    assert "salin_ke_tahun_berikutnya" in client.get(url).content.decode()
    r = client.post(
        url, {"action": "salin_ke_tahun_berikutnya", "_selected_action": ids[:1]}, follow=True
    )
    # One ticked row carries the whole year: a year's rules are one set.
    assert AturanDanaDesa.objects.filter(tahun=2028, perlu_verifikasi=True).count() == 3
    assert "3 aturan tahun 2027 disalin ke tahun 2028" in r.content.decode()
