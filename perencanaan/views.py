"""Pages of the perencanaan app. Thin: authorise through wilayah.access, read through
selectors, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from dashboard_kecamatan.umum import ekspor as ekspor_tabel
from dashboard_kecamatan.umum.versi import NAMA_FIELD as NAMA_VERSI
from dashboard_kecamatan.umum.versi import versi_dari
from layanan_dasar.agregasi.selectors import status_agregat
from layanan_dasar.models import Indikator
from wilayah.access import access_desa, access_kecamatan, lingkup_user
from wilayah.models import Peran, Tingkat
from wilayah.selectors import leluhur

from . import selectors, services
from .filters import RekapFilter
from .forms import (
    BarisFormSet,
    ImporForm,
    KembalikanForm,
    RencanaBaruForm,
    SetujuiForm,
    SiskeudesForm,
)
from .grafik import grafik_porsi_sektor
from .impor import ImporGagal, baca_baris, buku_kerja
from .models import Rencana
from .siskeudes import boleh_impor, maks_bita, siskeudes_impor, wajib_pengimpor
from .tables import RekapTable

STATUS_CATATAN = (Rencana.Status.PERLU_REVISI, Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU)


def _boleh_kelola(user, rencana):
    lingkup = lingkup_user(user)
    return lingkup is not None and (
        lingkup.superuser
        or (lingkup.peran == Peran.OPERATOR_DESA and lingkup.kode == rencana.desa_id)
    )


def _boleh_tinjau(user, rencana):
    lingkup = lingkup_user(user)
    return lingkup is not None and lingkup.is_pimpinan and lingkup.boleh_ubah(rencana.desa_id)


def _pesan_validasi(request, exc):
    for m in exc.messages:
        messages.error(request, m)


@login_required
def indeks(request):
    """Where the menu link lands: a village's plans, the kecamatan overview, or (wider scopes)
    the kecamatan in scope that have plans."""
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    if lingkup.tingkat == Tingkat.DESA:
        return redirect("perencanaan:desa", kode=lingkup.kode)
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return redirect("perencanaan:rekap", kode=lingkup.kode)
    return render(
        request,
        "perencanaan/indeks.html",
        {
            "daftar": selectors.kecamatan_dengan_rencana(request.user),
            "status": Rencana.Status.choices,
            "remah": leluhur(lingkup.kode, lingkup),
        },
    )


@login_required
def desa(request, kode):
    """A village's plans; its operator creates a new one here."""
    desa = access_desa(request.user, kode)
    lingkup = lingkup_user(request.user)
    boleh_buat = lingkup.superuser or (
        lingkup.peran == Peran.OPERATOR_DESA and lingkup.kode == desa.kode
    )
    form = RencanaBaruForm(request.POST or None)
    if request.method == "POST":
        if not boleh_buat:
            raise PermissionDenied
        if form.is_valid():
            try:
                rencana = services.rencana_buat(
                    desa=desa,
                    tahun=form.cleaned_data["tahun"],
                    jenis=form.cleaned_data["jenis"],
                    oleh=request.user,
                )
            except ValidationError as exc:
                _pesan_validasi(request, exc)
            else:
                messages.success(request, _("Rencana dibuat. Isi baris kegiatannya."))
                return redirect("perencanaan:ubah", pk=rencana.pk)
    return render(
        request,
        "perencanaan/desa.html",
        {
            "desa": desa,
            "daftar": selectors.rencana_desa(request.user, desa),
            "form": form if boleh_buat else None,
            "boleh_siskeudes": boleh_impor(lingkup, desa.kode),
            "remah": leluhur(desa.kode, lingkup),
        },
    )


def _konteks_rencana(request, rencana, baris=None):
    baris = selectors.baris_rencana(rencana) if baris is None else baris
    analisis = selectors.analisis_rencana(request.user, rencana, baris)
    catatan_baris, catatan_umum, kembali = selectors.catatan_revisi_terakhir(rencana)
    return {
        "rencana": rencana,
        "desa": rencana.desa,
        "baris": baris,
        "analisis": analisis,
        "grafik_porsi": grafik_porsi_sektor(analisis.porsi),
        "tenggat": selectors.status_tenggat(rencana),
        # Reasons are shown beside the lines while the village revises; in the next review
        # round the camat still sees them, marked as the previous round's.
        "catatan_baris": catatan_baris if rencana.status in STATUS_CATATAN else {},
        "catatan_umum": catatan_umum,
        "kembali": kembali,
        "boleh_kelola": _boleh_kelola(request.user, rencana),
        "boleh_tinjau": _boleh_tinjau(request.user, rencana),
        "remah": leluhur(rencana.desa_id, lingkup_user(request.user)),
        "status": status_agregat(rencana.desa_id),
        "kesesuaian": selectors.kesesuaian_rencana(rencana),
    }


@login_required
def rencana_detail(request, pk):
    rencana = selectors.rencana_untuk(request.user, pk)
    konteks = _konteks_rencana(request, rencana)
    konteks["riwayat"] = selectors.riwayat_rencana(rencana)
    return render(request, "perencanaan/rencana_detail.html", konteks)


def _rencana_kelola(request, pk):
    """The plan for its own operator: 404 outside the scope, 403 for other roles inside it."""
    rencana = selectors.rencana_untuk(request.user, pk, ubah=True)
    if not _boleh_kelola(request.user, rencana):
        raise PermissionDenied(_("Hanya operator desa yang bersangkutan yang dapat mengubah."))
    return rencana


@login_required
def rencana_ubah(request, pk):
    """The entry grid: every line of the plan in one form."""
    rencana = _rencana_kelola(request, pk)
    if not rencana.bisa_diubah:
        messages.warning(
            request, _("Rencana yang sedang ditinjau atau disetujui tidak dapat diubah.")
        )
        return redirect("perencanaan:rencana", pk=rencana.pk)
    baris = selectors.baris_rencana(rencana)
    indikator = selectors.indikator_aktif()
    kwargs = {
        "kode_kegiatan": selectors.kode_kegiatan_tingkat(),
        "pilihan_indikator": selectors.pilihan_indikator(indikator),
        "prefix": "baris",
    }
    if request.method == "POST":
        formset = BarisFormSet(request.POST, **kwargs)
        if formset.is_valid():
            try:
                services.baris_simpan(
                    rencana=rencana,
                    oleh=request.user,
                    baris=formset.baris_bersih(),
                    versi=request.POST.get(NAMA_VERSI),
                )
            except ValidationError as exc:
                _pesan_validasi(request, exc)
            else:
                messages.success(request, _("Baris kegiatan disimpan."))
                if "simpan_lanjut" in request.POST:
                    return redirect("perencanaan:ubah", pk=rencana.pk)
                return redirect("perencanaan:rencana", pk=rencana.pk)
        else:
            messages.error(request, _("Periksa kembali isian yang ditandai."))
    else:
        formset = BarisFormSet(
            initial=[
                {
                    "id": b.id,
                    "kode_kegiatan": b.kode_kegiatan_id,
                    "nama": b.nama,
                    "lokasi": b.lokasi,
                    "volume": f"{b.volume.normalize():f}".replace(".", ","),
                    "satuan": b.satuan,
                    "anggaran": f"{b.anggaran:,}".replace(",", "."),
                    "sumber_dana": b.sumber_dana,
                    "indikator": [i.id for i in b.indikator.all()],
                }
                for b in baris
            ],
            **kwargs,
        )
    catatan_baris, catatan_umum, _kembali = selectors.catatan_revisi_terakhir(rencana)
    return render(
        request,
        "perencanaan/rencana_ubah.html",
        {
            "rencana": rencana,
            "formset": formset,
            "kegiatan": selectors.daftar_kegiatan(),
            "catatan_baris": catatan_baris if rencana.status == Rencana.Status.PERLU_REVISI else {},
            "catatan_umum": catatan_umum if rencana.status == Rencana.Status.PERLU_REVISI else "",
            "remah": leluhur(rencana.desa_id, lingkup_user(request.user)),
            # A refused stale save keeps the version it was loaded with: saving again must not
            # silently overwrite the other editor's change.
            "versi": request.POST.get(NAMA_VERSI) or versi_dari(rencana.diperbarui),
        },
    )


@login_required
def rencana_impor(request, pk):
    rencana = _rencana_kelola(request, pk)
    form = ImporForm(request.POST or None, request.FILES or None)
    kesalahan = []
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            baris = baca_baris(
                berkas,
                kode_kegiatan=selectors.kode_kegiatan_tingkat(),
                indikator_kode=dict(Indikator.objects.filter(aktif=True).values_list("kode", "id")),
            )
            services.baris_ganti(
                rencana=rencana, oleh=request.user, baris=baris, nama_berkas=berkas.name
            )
        except ImporGagal as exc:
            kesalahan = exc.kesalahan
            messages.error(
                request,
                _("Berkas ditolak: %(n)d kesalahan ditemukan. Tidak ada baris yang diimpor.")
                % {"n": len(kesalahan)},
            )
        except ValidationError as exc:
            _pesan_validasi(request, exc)
        else:
            messages.success(request, _("%(n)d baris kegiatan diimpor.") % {"n": len(baris)})
            return redirect("perencanaan:rencana", pk=rencana.pk)
    return render(
        request,
        "perencanaan/rencana_impor.html",
        {
            "rencana": rencana,
            "form": form,
            "kesalahan": kesalahan,
            "remah": leluhur(rencana.desa_id, lingkup_user(request.user)),
        },
        status=400 if kesalahan else 200,
    )


@login_required
def templat_impor(request):
    if lingkup_user(request.user) is None:
        raise Http404
    isi = buku_kerja(kegiatan=selectors.daftar_kegiatan(), indikator=selectors.indikator_aktif())
    return ekspor_tabel.respons_berkas(isi, "templat-kegiatan-desa", "xlsx")


@login_required
def rencana_unduh(request, pk):
    rencana = selectors.rencana_untuk(request.user, pk)
    isi = buku_kerja(
        baris=selectors.baris_rencana(rencana),
        kegiatan=selectors.daftar_kegiatan(),
        indikator=selectors.indikator_aktif(),
    )
    return ekspor_tabel.respons_berkas(
        isi, f"{rencana.jenis}-{rencana.tahun}-{rencana.desa_id}", "xlsx"
    )


@login_required
@require_POST
def rencana_ajukan(request, pk):
    rencana = _rencana_kelola(request, pk)
    try:
        rencana = services.rencana_ajukan(rencana=rencana, oleh=request.user)
    except ValidationError as exc:
        _pesan_validasi(request, exc)
    else:
        messages.success(
            request,
            _("Rencana diajukan ke kecamatan. Tenggat peninjauan: %(t)s.")
            % {"t": date_format(rencana.tenggat, "DATE_FORMAT")},
        )
    return redirect("perencanaan:rencana", pk=rencana.pk)


@login_required
def rencana_tinjau(request, pk):
    """The camat's review page: the plan beside the village's gaps, with the decision forms."""
    rencana = selectors.rencana_untuk(request.user, pk, ubah=True)
    if not _boleh_tinjau(request.user, rencana):
        raise PermissionDenied(_("Hanya camat atau sekcam kecamatan ini yang dapat meninjau."))
    baris = selectors.baris_rencana(rencana)
    form_kembali = KembalikanForm(baris=baris)
    form_setuju = SetujuiForm()
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        try:
            if aksi == "mulai":
                services.rencana_mulai_tinjau(rencana=rencana, oleh=request.user)
                messages.success(request, _("Peninjauan dimulai."))
                return redirect("perencanaan:tinjau", pk=rencana.pk)
            elif aksi == "kembalikan":
                form_kembali = KembalikanForm(request.POST, baris=baris)
                if form_kembali.is_valid():
                    services.rencana_kembalikan(
                        rencana=rencana,
                        oleh=request.user,
                        catatan=form_kembali.cleaned_data["catatan"],
                        catatan_baris=form_kembali.catatan_baris(),
                    )
                    messages.success(request, _("Rencana dikembalikan untuk revisi."))
                    return redirect("perencanaan:rencana", pk=rencana.pk)
            elif aksi == "setujui":
                form_setuju = SetujuiForm(request.POST)
                if form_setuju.is_valid():
                    services.rencana_setujui(
                        rencana=rencana,
                        oleh=request.user,
                        catatan=form_setuju.cleaned_data["catatan"],
                    )
                    messages.success(request, _("Rencana disetujui."))
                    return redirect("perencanaan:rencana", pk=rencana.pk)
            else:
                raise Http404
        except ValidationError as exc:
            _pesan_validasi(request, exc)
    konteks = _konteks_rencana(request, rencana, baris)
    konteks.update(
        {
            "form_kembali": form_kembali,
            "form_setuju": form_setuju,
            "field_baris": {b.id: form_kembali[f"baris_{b.id}"] for b in baris},
        }
    )
    return render(request, "perencanaan/rencana_tinjau.html", konteks)


@login_required
def surat_tinjauan(request, pk):
    """The review letter (PDF) with the decision, the reasons and the village's gaps."""
    rencana = selectors.rencana_untuk(request.user, pk)
    if rencana.status not in (Rencana.Status.PERLU_REVISI, Rencana.Status.DISETUJUI):
        messages.warning(request, _("Surat hasil tinjauan tersedia setelah ada keputusan."))
        return redirect("perencanaan:rencana", pk=rencana.pk)
    from weasyprint import HTML  # heavy import, only for this view

    konteks = _konteks_rencana(request, rencana)
    konteks.update(
        {"keputusan": selectors.keputusan_terakhir(rencana), "dicetak": timezone.localtime()}
    )
    html = render_to_string("perencanaan/surat_tinjauan.html", konteks, request=request)
    pdf = HTML(string=html, base_url=None).write_pdf()
    resp = HttpResponse(pdf, content_type="application/pdf")
    nama = f"surat-tinjauan-{rencana.jenis}-{rencana.tahun}-{rencana.desa_id}.pdf"
    resp["Content-Disposition"] = f'inline; filename="{nama}"'
    return resp


@login_required
def rekap(request, kode):
    """Kecamatan overview: every village's plan, clock, budget, basic-service share and gaps."""
    kecamatan = access_kecamatan(request.user, kode)
    tahun_bawaan = selectors.tahun_rencana_terakhir(kecamatan)
    data = request.GET.copy()
    # The form shows what the table shows: the default year and document when none is chosen.
    if not data.get("tahun"):
        data["tahun"] = str(tahun_bawaan)
    if not data.get("jenis"):
        data["jenis"] = Rencana.Jenis.APB
    filterset = RekapFilter(data, kecamatan=kecamatan, tahun_bawaan=tahun_bawaan)
    data = selectors.rekap_kecamatan(
        request.user, kecamatan, filterset.tahun_dipilih, filterset.jenis_dipilih, filterset.qs
    )
    kesesuaian = selectors.kesesuaian_kecamatan(kecamatan, filterset.tahun_dipilih)
    for row in data.baris:
        k = kesesuaian.get(row["desa_kode"])
        row["rkp_apb"] = k.jumlah_temuan if k is not None else None
    table = RekapTable(data.baris)
    RequestConfig(request, paginate=False).configure(table)
    ekspor = request.GET.get("ekspor")
    if ekspor in ("csv", "xlsx"):
        return ekspor_tabel.respons_table(
            table,
            ekspor,
            f"rekap-{filterset.jenis_dipilih}-{filterset.tahun_dipilih}-{kode}",
            judul="Rekap",
        )
    return render(
        request,
        "perencanaan/rekap.html",
        {
            "kecamatan": kecamatan,
            "status": status_agregat(kecamatan.kode),
            "filter": filterset,
            "table": table,
            "data": data,
            "tahun": filterset.tahun_dipilih,
            "jenis": Rencana.Jenis(filterset.jenis_dipilih).label,
            "grafik_porsi": grafik_porsi_sektor(data.porsi),
            "url_ekspor": _url_ekspor(request),
            "boleh_siskeudes": boleh_impor(lingkup_user(request.user), kecamatan.kode),
            "remah": leluhur(kecamatan.kode, lingkup_user(request.user)),
        },
    )


def _url_ekspor(request):
    q = request.GET.copy()
    q.pop("ekspor", None)
    dasar = request.path + "?" + (q.urlencode() + "&" if q else "")
    return {"csv": dasar + "ekspor=csv", "xlsx": dasar + "ekspor=xlsx"}


@login_required
def impor_siskeudes(request):
    """Upload a Siskeudes export: the APB Desa and RKP Desa of every village in it that lies in
    the user's scope are created or replaced (all or nothing)."""
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    wajib_pengimpor(request.user)
    form = SiskeudesForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        if berkas.size > maks_bita():
            form.add_error("berkas", _("Berkas lebih dari %(n)d MB.") % {"n": maks_bita() // 2**20})
        else:
            hasil = siskeudes_impor(
                oleh=request.user,
                isi=berkas.read(),
                nama_berkas=berkas.name,
                tahun=form.cleaned_data["tahun"],
            )
            if hasil.berhasil:
                messages.success(
                    request,
                    _("%(n)d rencana desa diimpor dari Siskeudes.") % {"n": len(hasil.rencana)},
                )
            else:
                messages.error(
                    request,
                    _("Berkas ditolak: %(n)d kesalahan ditemukan. Tidak ada yang disimpan.")
                    % {"n": len(hasil.penolakan)},
                )
    return render(
        request,
        "perencanaan/impor_siskeudes.html",
        {
            "form": form,
            "hasil": hasil,
            "remah": leluhur(lingkup.kode, lingkup),
        },
        status=400 if hasil is not None and not hasil.berhasil else 200,
    )
