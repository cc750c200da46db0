"""Entry pages of the layanan_dasar app: the monthly grid, the workflow buttons, Excel in and
out, the audit trail and the completeness page. Every object comes through wilayah.access."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wilayah.access import (
    access_desa,
    access_kecamatan,
    access_sektor,
    kecamatan_user,
    lingkup_user,
    saring,
)
from wilayah.models import Desa, Kecamatan, Sektor
from wilayah.selectors import leluhur

from . import conf, ekspor, impor_tunda, selectors
from .forms import (
    AlurForm,
    ImporForm,
    RentangBulanForm,
    SusunanBerubah,
    VerifikasiMassalForm,
    baca_isian,
    baca_konfirmasi,
    kunci_pengajuan,
)
from .impor import MAKS_GALAT_DITAMPILKAN, impor_berkas
from .models import AuditNilai, DataElemen, Pengajuan
from .periode import bulan_dari_teks, bulan_ini, nama_bulan, tambah_bulan, teks_bulan
from .services import (
    Aksi,
    AlurDitolak,
    IsianDitolak,
    aksi_diizinkan,
    nilai_simpan,
    pengajuan_ubah_status,
    pengajuan_verifikasi_massal,
)


def _bulan_url(teks):
    try:
        bulan = bulan_dari_teks(teks)
    except ValueError:
        raise Http404 from None
    return bulan


def _sektor_url(user, sektor, *, ubah=False):
    if sektor not in Sektor.values:
        raise Http404
    return access_sektor(user, sektor, ubah=ubah)


# Above this many elements a sector's grid opens on one indicator group (the health sector has
# ~50 elements); "semua" still shows them all.
KOLOM_BANYAK = 30


def _kelompok(request, sektor):
    """(filter for elemen_sektor, chosen group for links, groups offered)."""
    pilihan = selectors.kelompok_sektor(sektor)
    if len(pilihan) < 2:
        return "", "", []
    pilihan = pilihan + ["semua"]
    kelompok = request.GET.get("kelompok") or request.POST.get("kelompok")
    if kelompok not in pilihan:
        banyak = DataElemen.objects.filter(sektor=sektor, aktif=True).count() > KOLOM_BANYAK
        kelompok = pilihan[0] if banyak else "semua"
    return ("" if kelompok == "semua" else kelompok), kelompok, pilihan


@login_required
def isian_pilih(request):
    """Opens the grid of the user's kecamatan and first sector for last month, or of what the
    little form on the grid page asks for."""
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    kode = request.GET.get("kecamatan") or getattr(kecamatan_user(request.user), "kode", "")
    sektor_list = selectors.sektor_user(lingkup)
    sektor = request.GET.get("sektor") or (sektor_list[0].value if sektor_list else "")
    bulan = request.GET.get("bulan") or teks_bulan(tambah_bulan(bulan_ini(), -1))
    if not kode:
        kecamatan = saring(Kecamatan.objects.order_by("kode"), request.user)[:500]
        return render(request, "layanan_dasar/pilih.html", {"kecamatan": kecamatan})
    access_kecamatan(request.user, kode)
    _sektor_url(request.user, sektor)
    url = reverse("layanan_dasar:isian", args=[kode, sektor, teks_bulan(_bulan_url(bulan))])
    if request.GET.get("kelompok"):
        url += "?" + urlencode({"kelompok": request.GET["kelompok"]})
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def isian(request, kode, sektor, bulan):
    ubah = request.method == "POST"
    kecamatan = access_kecamatan(request.user, kode, ubah=ubah)
    _sektor_url(request.user, sektor, ubah=ubah)
    bulan = _bulan_url(bulan)
    lingkup = lingkup_user(request.user)
    saring_kelompok, kelompok, pilihan_kelompok = _kelompok(request, sektor)
    elemen = selectors.elemen_sektor(sektor, saring_kelompok)
    boleh_ubah = lingkup.boleh_ubah(kecamatan.kode, sektor) and bulan <= bulan_ini()
    grid = selectors.grid_isian(
        kecamatan=kecamatan, sektor=sektor, bulan=bulan, elemen=elemen, boleh_ubah=boleh_ubah
    )
    galat, peringatan = [], []
    if ubah:
        if not grid.bisa_diisi:
            messages.error(request, _("Data bulan ini tidak dapat diubah."))
            return redirect(request.get_full_path())
        try:
            perubahan, asal, galat, mentah = baca_isian(request.POST, grid=grid)
        except SusunanBerubah:
            messages.error(
                request,
                _(
                    "Susunan isian sudah berubah sejak halaman dibuka; tidak ada yang disimpan. "
                    "Silakan isi kembali."
                ),
            )
            return redirect(request.get_full_path())
        try:
            hasil = nilai_simpan(
                user=request.user,
                kecamatan=kecamatan,
                sektor=sektor,
                perubahan=perubahan,
                asal=asal,
                sumber=AuditNilai.Sumber.GRID,
                konfirmasi=baca_konfirmasi(request.POST, bulan),
                hanya_periksa=bool(galat),
            )
        except IsianDitolak as exc:
            galat = galat + exc.galat
            peringatan = exc.peringatan
            _tempel(grid, mentah, galat, peringatan)
        else:
            if hasil.jumlah:
                messages.success(
                    request,
                    _("%(n)s nilai disimpan (%(b)s baru, %(u)s diubah, %(h)s dihapus).")
                    % {"n": hasil.jumlah, "b": hasil.baru, "u": hasil.diubah, "h": hasil.dihapus},
                )
            else:
                messages.info(request, _("Tidak ada nilai yang berubah."))
            if hasil.peringatan:
                messages.warning(
                    request,
                    _("%(n)s nilai yang jauh dari riwayat desa disimpan setelah dikonfirmasi.")
                    % {"n": len(hasil.peringatan)},
                )
            _pesan_sasaran_terlampaui(request, hasil)
            return redirect(request.get_full_path())
    status = grid.pengajuan.status if grid.pengajuan else Pengajuan.Status.DRAFT
    semua_elemen = elemen if not saring_kelompok else selectors.elemen_sektor(sektor)
    konteks = {
        "kolom_templat": [e.kode for e in ekspor.kolom_templat(semua_elemen, bulan)],
        "grid": grid,
        "kecamatan": kecamatan,
        "sektor": Sektor(sektor),
        "bulan": bulan,
        "bulan_teks": teks_bulan(bulan),
        "nama_bulan": nama_bulan(bulan),
        "bulan_lalu": teks_bulan(tambah_bulan(bulan, -1)),
        "bulan_depan": teks_bulan(tambah_bulan(bulan, 1)) if bulan < bulan_ini() else "",
        "status": Pengajuan.Status(status),
        "aksi": [Aksi(a) for a in aksi_diizinkan(lingkup, kecamatan.kode, sektor, status)],
        "sektor_list": selectors.sektor_user(lingkup),
        "kelompok": kelompok,
        "pilihan_kelompok": pilihan_kelompok,
        "galat": galat,
        "galat_umum": [m for m in galat if not m.desa_kode],
        "peringatan": peringatan,
        "data_contoh": selectors.data_contoh_di(kecamatan.kode),
        "remah": leluhur(kecamatan.kode, lingkup),
        "kolom_isi": ",".join(str(k) for k in grid.kolom_isi),
        "dari_default": teks_bulan(tambah_bulan(bulan, -11)),
        "z": conf.pencilan_z(),
        "selisih_min": conf.pencilan_selisih_min(),
        "tingkat_min": conf.pencilan_tingkat_min(),
    }
    return render(request, "layanan_dasar/isian.html", konteks, status=400 if galat else 200)


def _pesan_sasaran_terlampaui(request, hasil):
    """After a save: villages whose year of services now exceeds the year's target population.
    Stored all the same (a real target may be underestimated); the UPT is told to check it."""
    for r in hasil.sasaran_terlampaui[:10]:
        messages.warning(
            request,
            _(
                "Periksa data: %(desa)s — %(ind)s: jumlah layanan setahun %(n)s melebihi "
                "sasaran tahunan %(t)s. Nilai tetap tersimpan; perbaiki layanan atau sasarannya "
                "bila keliru."
            )
            % {"desa": r["desa"], "ind": r["indikator"], "n": r["jumlah"], "t": r["sasaran"]},
        )


def _tempel(grid, mentah, galat, peringatan):
    """Put the typed values, errors and warnings back onto the grid's cells."""
    per_sel = {}
    for b in grid.baris:
        for s in b.sel:
            per_sel[(b.desa.kode, s.elemen.id)] = s
            if (b.desa.kode, s.elemen.id) in mentah:
                s.mentah = mentah[(b.desa.kode, s.elemen.id)]
    for m in galat:
        s = per_sel.get((m.desa_kode, m.elemen_id))
        if s is not None:
            s.galat.append(m.pesan)
    for m in peringatan:
        s = per_sel.get((m.desa_kode, m.elemen_id))
        if s is not None:
            s.peringatan.append(m.pesan)
    nama_desa = {b.desa.kode: b.desa.nama for b in grid.baris}
    nama_el = {e.id: e.nama for e in grid.elemen}
    for m in galat + peringatan:
        m.nama_desa = nama_desa.get(m.desa_kode, m.desa_kode)
        m.nama_elemen = nama_el.get(m.elemen_id, "")


@login_required
@require_POST
def alur(request, kode, sektor, bulan):
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    _sektor_url(request.user, sektor, ubah=True)
    bulan = _bulan_url(bulan)
    form = AlurForm(request.POST)
    kembali = reverse("layanan_dasar:isian", args=[kode, sektor, teks_bulan(bulan)])
    if request.POST.get("kelompok"):
        kembali += "?" + urlencode({"kelompok": request.POST["kelompok"]})
    if not form.is_valid():
        messages.error(request, _("Aksi tidak sah."))
        return redirect(kembali)
    aksi = form.cleaned_data["aksi"]
    if not form.cleaned_data["yakin"]:
        # Steps the sender or the camat cannot take back themselves ask first, on a page of
        # their own (no JavaScript needed): submitting shows the month's completeness.
        lengkap = selectors.kelengkapan_bulan(kecamatan=kecamatan, sektor=sektor, bulan=bulan)
        if aksi in AKSI_TANYA or (aksi == Aksi.AJUKAN and not lengkap.lengkap):
            return render(
                request,
                "layanan_dasar/alur_yakin.html",
                {
                    "kecamatan": kecamatan,
                    "sektor": Sektor(sektor),
                    "bulan_teks": teks_bulan(bulan),
                    "nama_bulan": nama_bulan(bulan),
                    "aksi": Aksi(aksi),
                    "alasan": form.cleaned_data["alasan"],
                    "kelompok": request.POST.get("kelompok", ""),
                    "lengkap": lengkap,
                    "kembali": kembali,
                    "remah": leluhur(kecamatan.kode, lingkup_user(request.user)),
                },
            )
    try:
        p = pengajuan_ubah_status(
            user=request.user,
            kecamatan=kecamatan,
            sektor=sektor,
            bulan=bulan,
            aksi=aksi,
            alasan=form.cleaned_data["alasan"],
        )
    except AlurDitolak as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Status data sekarang: %(s)s.") % {"s": p.get_status_display()})
    return redirect(kembali)


# Verifying and locking are the camat's decisions on what the UPT sent: asked every time.
AKSI_TANYA = {Aksi.VERIFIKASI, Aksi.KUNCI}


@login_required
@require_POST
def verifikasi_massal(request, kode):
    """The camat verifies several sector-months at once from their home: a confirmation page
    lists what was ticked, then every one is verified, or none (one transaction)."""
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    lingkup = lingkup_user(request.user)
    if not lingkup.is_pimpinan:
        raise Http404
    menunggu = selectors.pengajuan_menunggu(user=request.user, kecamatan=kecamatan)
    form = VerifikasiMassalForm(request.POST, menunggu=menunggu)
    kembali = reverse("dasbor:kecamatan", args=[kecamatan.kode])
    if not form.is_valid():
        for pesan in form.errors.values():
            messages.error(request, " ".join(pesan))
        return redirect(kembali)
    pilih = set(form.cleaned_data["pilih"])
    dipilih = [p for p in menunggu if kunci_pengajuan(p) in pilih]
    if not form.cleaned_data["yakin"]:
        return render(
            request,
            "layanan_dasar/verifikasi_massal.html",
            {
                "kecamatan": kecamatan,
                "dipilih": dipilih,
                "kembali": kembali,
                "remah": leluhur(kecamatan.kode, lingkup),
            },
        )
    try:
        pengajuan_verifikasi_massal(
            user=request.user, kecamatan=kecamatan, daftar=[(p.sektor, p.bulan) for p in dipilih]
        )
    except AlurDitolak as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("%(n)s data diverifikasi.") % {"n": len(dipilih)})
    return redirect(kembali)


def _unduh(isi, nama, jenis):
    resp = HttpResponse(isi, content_type=jenis)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


@login_required
def templat(request, kode, sektor, bulan):
    kecamatan = access_kecamatan(request.user, kode)
    _sektor_url(request.user, sektor)
    bulan = _bulan_url(bulan)
    elemen = selectors.elemen_sektor(sektor)
    nama = f"templat_{kecamatan.kode}_{sektor}_{teks_bulan(bulan)}"
    if request.GET.get("format") == "csv":
        isi = ekspor.templat_csv(kecamatan=kecamatan, sektor=sektor, bulan=bulan, elemen=elemen)
        return _unduh(isi, nama + ".csv", ekspor.CSV)
    isi = ekspor.templat_xlsx(kecamatan=kecamatan, sektor=sektor, bulan=bulan, elemen=elemen)
    return _unduh(isi, nama + ".xlsx", ekspor.XLSX)


@login_required
def ekspor_nilai(request, kode, sektor):
    kecamatan = access_kecamatan(request.user, kode)
    _sektor_url(request.user, sektor)
    form = RentangBulanForm(request.GET)
    if not form.is_valid():
        for pesan in form.errors.values():
            messages.error(request, " ".join(pesan))
        return redirect("layanan_dasar:isian_pilih")
    dari, sampai = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    nilai = selectors.ekspor_nilai(kecamatan=kecamatan, sektor=sektor, dari=dari, sampai=sampai)
    kw = {"kecamatan": kecamatan, "sektor": sektor, "dari": dari, "sampai": sampai, "nilai": nilai}
    nama = f"data_{kecamatan.kode}_{sektor}_{teks_bulan(dari)}_{teks_bulan(sampai)}"
    if form.cleaned_data.get("format") == "csv":
        return _unduh(ekspor.ekspor_csv(**kw), nama + ".csv", ekspor.CSV)
    return _unduh(ekspor.ekspor_xlsx(**kw), nama + ".xlsx", ekspor.XLSX)


def _kunci_pencilan_impor(data):
    """The outlier keys (desa, elemen_id, month) the user saw on the confirmation and kept."""
    hasil = set()
    for teks in data.getlist("pencilan"):
        bagian = teks.split("|")
        if len(bagian) != 3 or not bagian[1].isdigit():
            continue
        try:
            hasil.add((bagian[0], int(bagian[1]), bulan_dari_teks(bagian[2])))
        except ValueError:
            continue
    return frozenset(hasil)


@login_required
@require_http_methods(["GET", "POST"])
def impor(request, kode, sektor):
    """Upload → check → store; when values are far from their villages' history, nothing is
    stored until the user confirms them on the same page (the file is held meanwhile)."""
    ubah = request.method == "POST"
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    _sektor_url(request.user, sektor, ubah=True)
    lingkup = lingkup_user(request.user)
    hasil, token = None, ""
    tunda = request.POST.get("tunda", "") if ubah else ""
    form = ImporForm(None if tunda else (request.POST or None), request.FILES or None)
    kw = {"user": request.user, "kecamatan": kecamatan, "sektor": sektor}
    if tunda:
        simpanan = impor_tunda.tunda_ambil(token=tunda, **kw)
        if simpanan is None:
            messages.error(
                request,
                _("Berkas yang menunggu konfirmasi sudah tidak ada; unggah ulang berkasnya."),
            )
            return redirect("layanan_dasar:impor", kode=kecamatan.kode, sektor=sektor)
        isi, nama = simpanan
        konfirmasi = (
            _kunci_pencilan_impor(request.POST)
            if request.POST.get("konfirmasi_pencilan")
            else frozenset()
        )
        hasil = impor_berkas(berkas=io.BytesIO(isi), nama_berkas=nama, konfirmasi=konfirmasi, **kw)
        if hasil.perlu_konfirmasi:
            token = tunda
            if not konfirmasi:
                messages.error(
                    request,
                    _(
                        "Centang konfirmasi bila nilai-nilai ini memang benar; belum ada yang "
                        "diimpor."
                    ),
                )
        else:
            impor_tunda.tunda_hapus(tunda)
    elif ubah and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        isi = berkas.read()
        hasil = impor_berkas(berkas=io.BytesIO(isi), nama_berkas=berkas.name, **kw)
        if hasil.perlu_konfirmasi:
            token = impor_tunda.tunda_simpan(isi=isi, nama=berkas.name, **kw)
    if hasil is not None and hasil.berhasil:
        s = hasil.simpan
        messages.success(
            request,
            _(
                "Impor berhasil: %(baris)s baris dibaca, %(n)s nilai disimpan (%(b)s baru, "
                "%(u)s diubah); nilai lain sama dengan yang tersimpan."
            )
            % {"baris": hasil.jumlah_baris, "n": s.jumlah, "b": s.baru, "u": s.diubah},
        )
        if s.peringatan:
            messages.warning(
                request,
                _("%(n)s nilai yang jauh dari riwayat desa disimpan setelah dikonfirmasi.")
                % {"n": len(s.peringatan)},
            )
            _pesan_sasaran_terlampaui(request, s)
    return render(
        request,
        "layanan_dasar/impor.html",
        {
            "form": form,
            "hasil": hasil,
            "tunda": token,
            "galat": hasil.galat[:MAKS_GALAT_DITAMPILKAN] if hasil else [],
            "galat_lain": max(0, len(hasil.galat) - MAKS_GALAT_DITAMPILKAN) if hasil else 0,
            "kecamatan": kecamatan,
            "sektor": Sektor(sektor),
            "sektor_list": selectors.sektor_user(lingkup),
            "bulan_teks": teks_bulan(tambah_bulan(bulan_ini(), -1)),
            "remah": leluhur(kecamatan.kode, lingkup),
        },
        status=400 if hasil and (hasil.galat or hasil.perlu_konfirmasi) else 200,
    )


@login_required
def audit(request, kode):
    desa = access_desa(request.user, kode)
    lingkup = lingkup_user(request.user)
    elemen_kode = request.GET.get("elemen", "")
    qs = selectors.audit_desa(desa=desa, user=request.user, elemen_kode=elemen_kode)
    halaman = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    pilihan = DataElemen.objects.filter(
        sektor__in=[s.value for s in selectors.sektor_user(lingkup)]
    ).order_by("sektor", "urutan")
    return render(
        request,
        "layanan_dasar/audit.html",
        {
            "desa": desa,
            "halaman": halaman,
            "elemen_kode": elemen_kode,
            "pilihan": pilihan,
            "remah": leluhur(desa.kode, lingkup),
        },
    )


@login_required
def kelengkapan_pilih(request):
    kecamatan = kecamatan_user(request.user)
    if kecamatan is None:
        raise Http404
    return redirect("layanan_dasar:kelengkapan", kode=kecamatan.kode)


@login_required
def kelengkapan(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    sekarang = bulan_ini()
    try:
        tahun = int(request.GET.get("tahun", sekarang.year))
    except ValueError:
        tahun = sekarang.year
    tahun = max(2000, min(tahun, sekarang.year))
    daftar_bulan, baris = selectors.kelengkapan_kecamatan(
        kecamatan=kecamatan, tahun=tahun, user=request.user
    )
    lingkup = lingkup_user(request.user)
    terlampaui = selectors.sasaran_terlampaui(
        desa_qs=Desa.objects.filter(kecamatan=kecamatan),
        tahun=tahun,
        sektor=[s for s in Sektor.values if lingkup.mencakup_sektor(s)],
    )
    return render(
        request,
        "layanan_dasar/kelengkapan.html",
        {
            "kecamatan": kecamatan,
            "tahun": tahun,
            "tahun_list": list(range(sekarang.year, sekarang.year - 5, -1)),
            "daftar_bulan": [(b, teks_bulan(b)) for b in daftar_bulan],
            "baris": baris,
            "sasaran_terlampaui": terlampaui,
            "data_contoh": selectors.data_contoh_di(kecamatan.kode),
            "remah": leluhur(kecamatan.kode, lingkup_user(request.user)),
            "hari_batas": conf.hari_batas_pengajuan(),
        },
    )
