"""Pages of the complaint desk. Public pages (file, track, rate, public list) need no account
and stay light (no charts, no scripts beyond the village search); staff pages fetch every
complaint through selectors.access_pengaduan (404 outside the user's scope and unit)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from dashboard_kecamatan.umum.qr import qr_svg
from layanan_dasar.agregasi.selectors import status_agregat
from layanan_dasar.models import JenisPeriode
from wilayah.access import access_desa, lingkup_user
from wilayah.models import Kecamatan
from wilayah.selectors import leluhur

from . import conf, ekspor, grafik, selectors, services
from .forms import (
    FormBalas,
    FormDisposisi,
    FormLacak,
    FormLapor,
    FormNilai,
    FormTanggapan,
    FormTolak,
    FormTutup,
    FormVerifikasi,
    HoneypotMixin,
)
from .laju import laju_habis, laju_terlampaui, menit_jendela
from .models import STATUS_AKHIR, Foto, Status, Unit
from .tables import PengaduanTable

# --- public ----------------------------------------------------------------------------------


def _ditolak(request, pesan, status):
    return render(request, "pengaduan/ditolak.html", {"pesan": pesan}, status=status)


def _tolak_permintaan(request, jenis):
    """The checks every public POST passes first: rate limit, then the honeypot. Nothing is
    saved when either fails."""
    if laju_terlampaui(request, jenis):
        return _ditolak(
            request,
            _("Terlalu banyak kiriman dari alamat Anda. Coba lagi dalam %(menit)s menit.")
            % {"menit": menit_jendela(jenis)},
            429,
        )
    if request.POST.get(HoneypotMixin.HONEYPOT):
        return _ditolak(request, _("Kiriman tidak dapat diterima."), 400)
    return None


def _kecamatan_publik(request, kode=None):
    """The kecamatan of the form: from its own link (/pengaduan/lapor/<kode>/, a 404 when
    unknown) or the older ?kecamatan= parameter (ignored when unknown)."""
    if kode is not None:
        kecamatan = Kecamatan.objects.filter(kode=kode, aktif=True).select_related("kabupaten")
        return get_object_or_404(kecamatan)
    kode = (request.POST.get("kecamatan") or request.GET.get("kecamatan") or "").strip()
    if not kode:
        return None
    return Kecamatan.objects.filter(kode=kode, aktif=True).select_related("kabupaten").first()


def _terlalu_besar(request):
    # Refuse an oversized body from its declared length, before Django reads and stores it.
    batas = conf.foto_maks_jumlah() * conf.foto_maks_byte() + 1024 * 1024
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > batas
    except ValueError:
        return True


def lapor(request, kode=None):
    if request.method == "POST" and _terlalu_besar(request):
        return _ditolak(request, _("Kiriman terlalu besar."), 413)
    kecamatan = _kecamatan_publik(request, kode)
    if request.method == "POST":
        tolak = _tolak_permintaan(request, "lapor")
        if tolak:
            return tolak
        form = FormLapor(request.POST, request.FILES, kecamatan=kecamatan)
        if form.is_valid():
            d = form.cleaned_data
            p = services.pengaduan_buat(
                sektor=d["sektor"],
                desa=d["desa"],
                judul=d["judul"],
                isi=d["isi"],
                nama=d["nama"],
                email=d["email"],
                telepon=d["telepon"],
                anonim=d["anonim"],
                rahasia=d["rahasia"],
                urusan_desa=d["urusan_desa"],
                foto=d["foto"],
            )
            return redirect(reverse("pengaduan:lacak_detail", args=[p.kode_lacak]) + "?baru=1")
    else:
        form = FormLapor(kecamatan=kecamatan)
    return render(
        request,
        "pengaduan/lapor.html",
        {"form": form, "kecamatan": kecamatan},
        status=400 if form.is_bound else 200,
    )


def lacak(request):
    form = FormLacak(request.GET or None)
    if form.is_bound and form.is_valid():
        p = selectors.pengaduan_lacak(form.cleaned_data["kode"])
        if p is not None:
            return redirect("pengaduan:lacak_detail", kode=p.kode_lacak)
        # Only misses count towards the limit: guessing codes is the abuse to slow down.
        if laju_terlampaui(request, "lacak"):
            return _lacak_terlalu_sering(request)
        form.add_error("kode", _("Kode pelacakan tidak ditemukan. Periksa kembali kode Anda."))
    return render(request, "pengaduan/lacak.html", {"form": form})


def _lacak_terlalu_sering(request):
    return _ditolak(request, _("Terlalu banyak percobaan. Coba lagi nanti."), 429)


def _pengaduan_dari_kode(request, kode):
    """The complaint of a tracking code typed into a URL. Misses count towards the same limit
    as the search form's (guessing codes by URL is the same abuse); past it nothing is looked
    up, hits included, until the window passes."""
    if laju_habis(request, "lacak"):
        return None, _lacak_terlalu_sering(request)
    p = selectors.pengaduan_lacak(kode)
    if p is None:
        laju_terlampaui(request, "lacak")
        raise Http404(_("Kode pelacakan tidak ditemukan."))
    return p, None


@never_cache
def lacak_detail(request, kode):
    p, tolak = _pengaduan_dari_kode(request, kode)
    if tolak:
        return tolak
    form = None
    if p.status not in STATUS_AKHIR:
        form = FormBalas(request.POST or None)
    if request.method == "POST":
        tolak = _tolak_permintaan(request, "balas")
        if tolak:
            return tolak
        if form is not None and form.is_valid():
            try:
                services.pengaduan_balas(
                    pengaduan=p, isi=form.cleaned_data["isi"], selesai=form.cleaned_data["selesai"]
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                return redirect(reverse("pengaduan:lacak_detail", args=[p.kode_lacak]) + "#balas")
    return render(
        request,
        "pengaduan/lacak_detail.html",
        {
            "p": p,
            "baru": request.GET.get("baru") == "1",
            "tanggapan": selectors.tanggapan_publik(p),
            "riwayat": selectors.riwayat_publik(p),
            # A rahasia complaint's photos never leave the staff side.
            "foto": [] if p.rahasia else list(p.foto.all()),
            "form": form,
            "unit_label": _label_unit_p(p),
        },
        status=400 if request.method == "POST" else 200,
    )


def _label_unit_p(p):
    nama = None
    if p.unit_peran == Unit.DESA:
        # Usually the complaint's own village (already loaded); one query when it is another.
        nama = p.desa.nama if p.unit_kode == p.desa_id else selectors.nama_desa(p.unit_kode)
    return selectors.label_unit(p.unit_peran, nama)


def _kirim_foto(foto):
    try:
        berkas = foto.berkas.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    resp = FileResponse(berkas, content_type=foto.jenis_konten)
    resp["Cache-Control"] = "private, max-age=3600"
    resp["Content-Disposition"] = f'inline; filename="foto-{foto.pk}.{foto.berkas.name[-3:]}"'
    return resp


def lacak_foto(request, kode, pk):
    p, tolak = _pengaduan_dari_kode(request, kode)
    if tolak:
        return tolak
    if p.rahasia:
        raise Http404
    foto = Foto.objects.filter(pengaduan=p, pk=pk).first()
    if foto is None:
        raise Http404
    return _kirim_foto(foto)


def nilai(request, kode=None):
    kecamatan = _kecamatan_publik(request, kode)
    if request.method == "POST":
        tolak = _tolak_permintaan(request, "nilai")
        if tolak:
            return tolak
        form = FormNilai(request.POST, kecamatan=kecamatan)
        if form.is_valid():
            d = form.cleaned_data
            services.penilaian_buat(
                desa=d["desa"], sektor=d["sektor"], nilai=d["nilai"], komentar=d["komentar"]
            )
            return render(request, "pengaduan/nilai_terima_kasih.html", {"kecamatan": kecamatan})
    else:
        form = FormNilai(kecamatan=kecamatan)
    return render(
        request,
        "pengaduan/nilai.html",
        {"form": form, "kecamatan": kecamatan},
        status=400 if form.is_bound else 200,
    )


def poster(request, kode):
    """A printable A4 poster of one kecamatan's public links, with QR codes to its complaint
    and rating forms: for the office wall, the posyandu, the village hall."""
    kecamatan = _kecamatan_publik(request, kode)
    tautan = {
        "lapor": request.build_absolute_uri(reverse("pengaduan:lapor_kecamatan", args=[kode])),
        "nilai": request.build_absolute_uri(reverse("pengaduan:nilai_kecamatan", args=[kode])),
        "lacak": request.build_absolute_uri(reverse("pengaduan:lacak")),
    }
    return render(
        request,
        "pengaduan/poster.html",
        {
            "kecamatan": kecamatan,
            "tautan": tautan,
            "qr_lapor": qr_svg(tautan["lapor"]),
            "qr_nilai": qr_svg(tautan["nilai"]),
        },
    )


def publik_daftar(request):
    filterset = selectors.pengaduan_publik(request.GET or None)
    halaman = Paginator(filterset.qs, 20).get_page(request.GET.get("halaman"))
    return render(
        request, "pengaduan/publik_daftar.html", {"filter": filterset, "halaman": halaman}
    )


def publik_detail(request, pk):
    p = selectors.pengaduan_publik_satu(pk)
    if p is None:
        raise Http404
    tanggapan = [t for t in selectors.tanggapan_publik(p) if t.pelaku == "staf"]
    return render(
        request,
        "pengaduan/publik_detail.html",
        {"p": p, "tanggapan": tanggapan, "unit_label": _label_unit_p(p)},
    )


@cache_control(public=True, max_age=3600)
def cari_desa(request):
    q = (request.GET.get("q") or "")[:60]
    kecamatan = (request.GET.get("kecamatan") or "")[:8] or None
    return JsonResponse({"hasil": selectors.cari_desa(q, kecamatan=kecamatan)})


# --- staff -----------------------------------------------------------------------------------


def _lingkup_wajib(request):
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    return lingkup


@login_required
def kotak_masuk(request):
    lingkup = _lingkup_wajib(request)
    filterset = selectors.pengaduan_kotak_masuk(request.user, request.GET or None)
    table = PengaduanTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    # The staff's own kecamatan, for its public link and poster (none for Sekber above it).
    kecamatan_kode = lingkup.kode[:8] if lingkup.kode.count(".") >= 2 else None
    return render(
        request,
        "pengaduan/kotak_masuk.html",
        {
            "filter": filterset,
            "table": table,
            "lingkup": lingkup,
            "kecamatan_kode": kecamatan_kode,
        },
    )


def _konteks_detail(request, p, **forms):
    lingkup = lingkup_user(request.user)
    tanggapan, riwayat, foto = selectors.detail_staf(p)
    boleh = not lingkup.baca_saja
    s = p.status
    bawaan = {
        "form_verifikasi": FormVerifikasi(pengaduan=p) if boleh and s == Status.DITERIMA else None,
        "form_tolak": FormTolak(pengaduan=p)
        if boleh and s in (Status.DITERIMA, Status.TERVERIFIKASI)
        else None,
        "form_disposisi": FormDisposisi(pengaduan=p)
        if boleh
        and s in (Status.DITERIMA, Status.TERVERIFIKASI, Status.DIDISPOSISI, Status.DITINDAKLANJUTI)
        else None,
        "form_tanggapan": FormTanggapan(pengaduan=p) if boleh and s not in STATUS_AKHIR else None,
        "form_tutup": FormTutup(pengaduan=p)
        if boleh
        and s in (Status.TERVERIFIKASI, Status.DIDISPOSISI, Status.DITINDAKLANJUTI, Status.MENUNGGU)
        else None,
    }
    bawaan.update(forms)
    return {
        "p": p,
        "identitas": selectors.identitas_pelapor(p, lingkup),
        "tanggapan": tanggapan,
        "riwayat": riwayat,
        "foto": foto,
        "unit_label": _label_unit_p(p),
        "remah": leluhur(p.desa_id, lingkup),
        **bawaan,
    }


@login_required
def detail(request, pk):
    p = selectors.access_pengaduan(request.user, pk)
    return render(request, "pengaduan/detail.html", _konteks_detail(request, p))


def _aksi(request, pk, form_class, nama_form, jalankan, pesan):
    p = selectors.access_pengaduan(request.user, pk, ubah=True)
    form = form_class(request.POST, pengaduan=p)
    if form.is_valid():
        try:
            jalankan(p, form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, pesan)
            # After forwarding to another unit the complaint may have left this user's inbox.
            if selectors.pengaduan_untuk_staf(request.user).filter(pk=p.pk).exists():
                return redirect("pengaduan:detail", pk=p.pk)
            return redirect("pengaduan:kotak_masuk")
    p.refresh_from_db()
    return render(
        request,
        "pengaduan/detail.html",
        _konteks_detail(request, p, **{nama_form: form}),
        status=400,
    )


@login_required
@require_POST
def verifikasi(request, pk):
    def jalankan(p, d):
        unit = d["unit"] if d["disposisikan"] else None
        services.pengaduan_verifikasi(
            pengaduan=p, oleh=request.user, unit=unit, catatan=d["catatan"]
        )

    return _aksi(
        request, pk, FormVerifikasi, "form_verifikasi", jalankan, _("Laporan diverifikasi.")
    )


@login_required
@require_POST
def tolak(request, pk):
    def jalankan(p, d):
        services.pengaduan_tolak(pengaduan=p, oleh=request.user, alasan=d["alasan"])

    return _aksi(request, pk, FormTolak, "form_tolak", jalankan, _("Laporan ditolak."))


@login_required
@require_POST
def disposisi(request, pk):
    def jalankan(p, d):
        services.pengaduan_disposisi(
            pengaduan=p,
            oleh=request.user,
            unit_peran=d["unit"][0],
            unit_kode=d["unit"][1],
            sektor=d["sektor"],
            catatan=d["catatan"],
        )

    return _aksi(
        request, pk, FormDisposisi, "form_disposisi", jalankan, _("Laporan didisposisikan.")
    )


@login_required
@require_POST
def tanggapi(request, pk):
    def jalankan(p, d):
        services.pengaduan_tanggapi(
            pengaduan=p,
            oleh=request.user,
            isi=d["isi"],
            publik=d["publik"],
            minta_konfirmasi=d["minta_konfirmasi"] and d["publik"],
        )

    return _aksi(request, pk, FormTanggapan, "form_tanggapan", jalankan, _("Tanggapan tersimpan."))


@login_required
@require_POST
def tutup(request, pk):
    def jalankan(p, d):
        services.pengaduan_tutup(
            pengaduan=p, oleh=request.user, status=d["status"], catatan=d["catatan"]
        )

    return _aksi(request, pk, FormTutup, "form_tutup", jalankan, _("Laporan ditutup."))


@login_required
def foto_staf(request, pk):
    return _kirim_foto(selectors.access_foto_staf(request.user, pk))


def _statistik_konteks(request):
    lingkup = _lingkup_wajib(request)
    filterset = selectors.statistik_qs(request.user, request.GET or None)
    data = selectors.statistik(filterset.qs, kode_lingkup=lingkup.kode)
    return lingkup, filterset, data


@login_required
def statistik(request):
    lingkup, filterset, data = _statistik_konteks(request)
    per_desa = data["tingkat_anak"].__name__ == "Desa"
    return render(
        request,
        "pengaduan/statistik.html",
        {
            "filter": filterset,
            "s": data,
            "per_desa": per_desa,
            "fig_sektor": grafik.fig_sektor(data["per_sektor"]),
            "fig_wilayah": grafik.fig_wilayah(data["per_wilayah"], per_desa=per_desa),
            "fig_status": grafik.fig_status(data["per_status"]),
            "fig_bulan": grafik.fig_bulan(data["per_bulan"]),
            "fig_waktu": grafik.fig_waktu(data["per_sektor"]),
            "remah": leluhur(lingkup.kode, lingkup),
            "query_ekspor": request.GET.urlencode(),
        },
    )


@login_required
def ekspor_data(request, format):
    lingkup, filterset, data = _statistik_konteks(request)
    nama = f"pengaduan-{lingkup.kode or 'nasional'}-{timezone.localdate():%Y%m%d}"
    if format == "csv":
        return ekspor.csv_response(selectors.baris_ekspor(filterset.qs), nama)
    if format == "xlsx":
        return ekspor.xlsx_response(selectors.baris_ekspor(filterset.qs), data, nama)
    raise Http404


@login_required
def desa_penilaian(request, kode):
    desa = access_desa(request.user, kode)
    lingkup = lingkup_user(request.user)
    jenis = request.GET.get("periode")
    if jenis not in JenisPeriode.values:
        jenis = JenisPeriode.TAHUN
    sejak = timezone.now() - timedelta(days=365)
    penilaian = selectors.penilaian_desa(request.user, desa, sejak=sejak)
    ringkas = selectors.penilaian_ringkas(penilaian)
    if lingkup.sektor is not None:
        ringkas = [r for r in ringkas if r["kode"] in lingkup.sektor]
    indikator = selectors.indikator_terbaru_desa(request.user, desa.kode, jenis)
    rata = {r["kode"]: r for r in ringkas}
    sektor = [
        {"kode": k, **v, "penilaian": rata.get(k)}
        for k, v in indikator.items()
        if lingkup.sektor is None or k in lingkup.sektor
    ]
    return render(
        request,
        "pengaduan/desa.html",
        {
            "desa": desa,
            "ringkas": ringkas,
            "fig_penilaian": grafik.fig_penilaian(ringkas),
            "status": status_agregat(desa.kode),
            "sektor": sektor,
            "jenis": jenis,
            "pilihan_periode": JenisPeriode.choices,
            "komentar": selectors.komentar_terbaru(penilaian),
            "remah": leluhur(desa.kode, lingkup),
        },
    )
