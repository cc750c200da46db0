"""The access matrix: every URL pattern (read from the resolver, so a new view is walked
automatically) × every role × an own and a foreign object of every kind, GET and the view's
POST (its own form, sent to the foreign object). It fails on

- a 500 on any request;
- a foreign read: a 200 for an object the scope helper (wilayah.access) says the role may not
  see, or a foreign object's marker text in any page of a role that may not see it;
- a foreign write: any change to the rows of the twin kecamatan by a role outside it;
- a Sekber write: any change at all by a read-only monitor.

The twin world is a kecamatan in another province holding one row of every wilayah-bound model
(with a marker text where the model has one), beside the same rows in "our" kecamatan. The
oracle is the scope helper itself: the pages must agree with it (the Kiwi TCMS habit of
checking every view against exactly the permission it needs).

A pattern whose object kind is unknown fails the test: add the kind to JENIS_PK (and the
twin world) so the new view is walked too.
"""

import datetime as dt
import hashlib
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import DESA_PITURUH, PITURUH
from tests.keamanan.formulir import formulir_post
from wilayah.access import lingkup_user, saring
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

KEMBAR = "32.01.01"  # the twin kecamatan, in Jawa Barat
DESA_KEMBAR = "32.01.01.1001"
PENANDA = "ZZASING"  # marker text carried by the twin's rows

# URL name → model of its <pk>. A new pk route must be listed (the test says so).
JENIS_PK = {
    "admin:view_on_site": "pelaporan.TimPengelola",  # its content type is set in _varian
    "admin:auth_user_password_change": "auth.User",
    "perencanaan:": "perencanaan.Rencana",
    "pengaduan:foto": "pengaduan.Foto",
    "pengaduan:lacak_foto": "pengaduan.Foto",
    "pengaduan:": "pengaduan.Pengaduan",
    "pelaporan:tim_": "pelaporan.TimPengelola",
    "pelaporan:pelatihan_": "pelaporan.Pelatihan",
    "pelaporan:lampiran_": "pelaporan.LampiranPelatihan",
    "pelaporan:rapat_": "pelaporan.RapatKoordinasi",
    "pelaporan:monev_": "pelaporan.AgendaMonev",
    "pelaporan:pekerjaan_": "pelaporan.PekerjaanEkspor",
}
# Values of the other URL parameters, by name (and URL name where it matters).
NILAI = {"sektor": "kesehatan", "bulan": "2025-03", "tw": "2025-1", "url": "tidak-ada/"}
FORMAT = {"pengaduan:ekspor": "csv", "pelaporan:laporan_unduh": "xlsx"}
# Never posted: it would end the role's session mid-walk (logging out is harmless).
TANPA_POST = {"logout", "admin:logout"}


# --- the URL patterns --------------------------------------------------------------------------


def _pola():
    """(route, name, pattern, callback) of every URL pattern, admin included."""

    def jalan(pola, awalan, ns):
        for p in pola:
            if isinstance(p, URLResolver):
                n = p.namespace
                sub = f"{ns}:{n}" if ns and n else (n or ns)
                yield from jalan(p.url_patterns, awalan + str(p.pattern), sub)
            elif isinstance(p, URLPattern):
                nama = f"{ns}:{p.name}" if ns and p.name else p.name
                yield awalan + str(p.pattern), nama, p, p.callback

    return list(jalan(get_resolver().url_patterns, "", None))


_RE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_RE_REGEX = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def _isi_rute(rute, nilai):
    """The path of a route with its parameters filled (path() and the admin's regex ones)."""
    if rute.startswith("^") or "(?P<" in rute:
        rute = _RE_REGEX.sub(lambda m: str(nilai[m.group(1)]), rute)
        rute = rute.replace("^", "").replace("$", "").replace("\\", "")
    else:
        rute = _RE_PARAM.sub(lambda m: str(nilai[m.group(2)]), rute)
    return "/" + rute


# --- the twin world ----------------------------------------------------------------------------


def _dunia(kec, desa_kode, penanda, *, pengguna, elemen, indikator, kode_kegiatan):
    """One row of every wilayah-bound model in kecamatan `kec` (text fields carry `penanda`)."""
    from layanan_dasar import models as ld
    from pelaporan import models as pl
    from pengaduan import services as pg_services
    from pengaduan.models import Foto, Penilaian
    from perencanaan import models as pr
    from wilayah.models import BatasDesa, Desa, Kecamatan, KodeEksternal

    hari = dt.date(2025, 2, 3)
    bulan = dt.date(2025, 3, 1)
    sekarang = timezone.now()
    desa = Desa.objects.get(kode=desa_kode)
    kecamatan = Kecamatan.objects.get(kode=kec)
    o = {}
    o["nilai"] = ld.NilaiData.objects.create(desa=desa, elemen=elemen, bulan=bulan, nilai=7)
    o["pengajuan"] = ld.Pengajuan.objects.create(
        kecamatan=kecamatan, sektor="kesehatan", bulan=bulan, status="diajukan"
    )
    ld.RiwayatPengajuan.objects.create(
        pengajuan=o["pengajuan"], ke="diajukan", catatan=penanda, oleh=pengguna
    )
    ld.AuditNilai.objects.create(
        desa=desa, elemen=elemen, bulan=bulan, nilai_baru=7, sumber="isian", oleh=pengguna
    )
    ld.DataContoh.objects.create(wilayah_kode=kec, bulan_awal=bulan, bulan_akhir=bulan)
    ld.AgregatIndikator.objects.create(
        indikator=indikator,
        tingkat="kecamatan",
        wilayah_kode=kec,
        jenis_periode="bulan",
        periode=bulan,
        pembilang=1,
        penyebut=2,
        nilai=50,
        dihitung_pada=sekarang,
    )
    impor = ld.RiwayatImpor.objects.create(
        sumber=ld.RiwayatImpor.Sumber.values[0],
        wilayah_kode=kec,
        nama_berkas=f"{penanda}.xlsx",
        ukuran=1,
        sha256="0" * 64,
        oleh=pengguna,
    )
    impor.desa.add(desa)
    ld.AntrianAgregasi.objects.create(desa_kode=desa_kode, bulan=bulan, dibuat_pada=sekarang)
    ld.RiwayatAgregasi.objects.create(
        jenis="lingkup", wilayah_kode=kec, mulai=sekarang, selesai=sekarang
    )
    KodeEksternal.objects.create(
        sistem="siskeudes", kode_eksternal=f"{penanda}-{kec}", wilayah_kode=kec, keterangan=penanda
    )
    BatasDesa.objects.get_or_create(
        kabupaten_id=kec[:5], defaults={"nama_berkas": f"{penanda}.geojson"}
    )
    o["rencana"] = pr.Rencana.objects.create(
        desa=desa, tahun=2025, jenis="apb", status="ditinjau", dibuat_oleh=pengguna
    )
    baris = pr.BarisKegiatan.objects.create(
        rencana=o["rencana"],
        kode_kegiatan=kode_kegiatan,
        nama=f"{penanda} posyandu",
        volume=1,
        satuan="paket",
        anggaran=1000,
        sumber_dana="DDS",
    )
    riwayat = pr.RiwayatRencana.objects.create(
        rencana=o["rencana"], aksi="diajukan", ke="diajukan", oleh=pengguna, catatan=penanda
    )
    pr.CatatanRevisi.objects.create(
        riwayat=riwayat, baris=baris, kode_kegiatan="2.2.02", nama_kegiatan=penanda, teks=penanda
    )
    for sektor in ("kesehatan", "pendidikan"):
        o[f"pengaduan_{sektor}"] = pg_services.pengaduan_buat(
            sektor=sektor,
            desa=desa,
            judul=f"{penanda} {sektor}",
            isi=f"{penanda} uraian",
            nama="Warga",
        )
    o["foto"] = Foto.objects.create(
        pengaduan=o["pengaduan_kesehatan"],
        berkas="pengaduan/foto/x.jpg",
        jenis_konten="image/jpeg",
        lebar=1,
        tinggi=1,
        ukuran=1,
    )
    Penilaian.objects.create(desa=desa, sektor="kesehatan", nilai=4, komentar=penanda)
    o["tim"] = pl.TimPengelola.objects.create(
        kecamatan=kecamatan, nomor_sk=f"{penanda}/SK", tanggal_sk=hari, berlaku_dari=hari
    )
    pl.AnggotaTim.objects.create(tim=o["tim"], nama=f"{penanda} anggota", peran="ketua")
    o["pelatihan"] = pl.Pelatihan.objects.create(
        kecamatan=kecamatan, modul=1, tanggal_mulai=hari, tempat=penanda
    )
    pl.PesertaPelatihan.objects.create(
        pelatihan=o["pelatihan"], nama=f"{penanda} peserta", peran="camat", desa=desa
    )
    o["lampiran"] = pl.LampiranPelatihan.objects.create(
        pelatihan=o["pelatihan"], berkas="pelaporan/lampiran/x.pdf", nama_asli=f"{penanda}.pdf"
    )
    o["rapat"] = pl.RapatKoordinasi.objects.create(
        kecamatan=kecamatan, tanggal=hari, judul=f"{penanda} rapat", agenda=penanda
    )
    pl.KehadiranRapat.objects.create(rapat=o["rapat"], nama=f"{penanda} hadir", desa=desa)
    pl.TindakLanjutRapat.objects.create(
        rapat=o["rapat"], uraian=f"{penanda} TL", penanggung_jawab=penanda, tenggat=hari
    )
    o["monev"] = pl.AgendaMonev.objects.create(
        kecamatan=kecamatan, kegiatan=f"{penanda} monev", tanggal_rencana=hari
    )
    pl.LaporanTriwulan.objects.create(
        kecamatan=kecamatan, periode=dt.date(2025, 1, 1), narasi=penanda
    )
    o["pekerjaan"] = pl.PekerjaanEkspor.objects.create(
        jenis="profil_desa",
        wilayah_kode=kec,
        periode=dt.date(2025, 1, 1),
        format="pdf",
        status="gagal",
        galat=penanda,
        dibuat_oleh=pengguna,
    )
    o["pekerjaan_laporan"] = pl.PekerjaanEkspor.objects.create(
        jenis="laporan", wilayah_kode=kec[:5], periode=dt.date(2025, 1, 1), format="xlsx"
    )
    return o


@pytest.fixture
def dunia(buat_pengguna, tmp_path, settings):
    from layanan_dasar.models import DataElemen, Indikator
    from perencanaan.models import KodeKegiatan

    settings.MEDIA_ROOT = tmp_path
    settings.PENGADUAN_BATAS_LACAK = 10_000  # the walk is not a guessing attack
    settings.PENGADUAN_BATAS_LAPOR = 10_000
    settings.LOGIN_GAGAL_MAKS_ALAMAT = 10_000
    cache.clear()
    p = DataElemen.objects.create(kode="mx-p", nama="Pembilang", sektor="kesehatan")
    q = DataElemen.objects.create(kode="mx-q", nama="Penyebut", sektor="kesehatan")
    indikator = Indikator.objects.create(
        kode="mx-ind",
        nama="Indikator matriks",
        sektor="kesehatan",
        kelompok="spm",
        pembilang=p,
        penyebut=q,
        target=100,
    )
    for kode, tingkat, induk in (("2", "bidang", None), ("2.2", "sub_bidang", "2")):
        KodeKegiatan.objects.get_or_create(
            kode=kode, defaults={"tingkat": tingkat, "nama": kode, "induk_id": induk}
        )
    kode_kegiatan, _ = KodeKegiatan.objects.get_or_create(
        kode="2.2.02", defaults={"tingkat": "kegiatan", "nama": "Posyandu", "induk_id": "2.2"}
    )
    peran = {
        "camat": (Peran.CAMAT, PITURUH),
        "sekcam": (Peran.SEKCAM, PITURUH),
        "upt_kesehatan": (Peran.UPT_KESEHATAN, PITURUH),
        "upt_pendidikan": (Peran.UPT_PENDIDIKAN, PITURUH),
        "operator_kecamatan": (Peran.OPERATOR_KECAMATAN, PITURUH),
        "operator_desa": (Peran.OPERATOR_DESA, DESA_PITURUH),
        "sekber_kabupaten": (Peran.SEKBER_KABUPATEN, "33.06"),
        "sekber_provinsi": (Peran.SEKBER_PROVINSI, "33"),
        "sekber_nasional": (Peran.SEKBER_NASIONAL, ""),
    }
    pengguna = {"anonim": None}
    for nama, (p_, kode) in peran.items():
        pengguna[nama] = buat_pengguna(p_, kode, is_staff=nama.startswith("sekber"))
    # A camat given staff status and every model permission: the admin's own scoping is what
    # stands between them and the rest of the country.
    staf = buat_pengguna(Peran.CAMAT, PITURUH, is_staff=True)
    staf.user_permissions.set(Permission.objects.all())
    pengguna["camat_staf"] = staf
    pengguna["superuser"] = get_user_model().objects.create_superuser(
        "mx-super", password="rahasia-123"
    )
    pemilik = buat_pengguna(Peran.OPERATOR_DESA, DESA_KEMBAR, first_name=PENANDA)
    milik = _dunia(
        PITURUH,
        DESA_PITURUH,
        "Milik",
        pengguna=pengguna["operator_desa"],
        elemen=p,
        indikator=indikator,
        kode_kegiatan=kode_kegiatan,
    )
    asing = _dunia(
        KEMBAR,
        DESA_KEMBAR,
        PENANDA,
        pengguna=pemilik,
        elemen=p,
        indikator=indikator,
        kode_kegiatan=kode_kegiatan,
    )
    return {"pengguna": pengguna, "milik": milik, "asing": asing, "indikator": indikator}


# --- fingerprints of the rows (writes) ---------------------------------------------------------


# Export jobs are requests, not data: a Sekber monitor creates and restarts them (its exports).
BUKAN_DATA = {"pelaporan.PekerjaanEkspor"}


def _model_lingkup():
    hasil = [
        m
        for m in apps.get_models()
        if getattr(m, "wilayah_kode_field", None) and m._meta.label not in BUKAN_DATA
    ]
    return sorted(hasil, key=lambda m: m._meta.label)


def _sidik(awalan):
    """{model label: digest of its rows} of the rows under the wilayah codes `awalan`."""
    from django.db.models import Q

    hasil = {}
    for model in _model_lingkup():
        field = model.wilayah_kode_field
        q = Q()
        for a in awalan:
            q |= Q(**{field: a}) | Q(**{f"{field}__startswith": a + "."})
        nama = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        baris = model._default_manager.filter(q).order_by("pk").values_list(*nama)
        hasil[model._meta.label] = hashlib.sha256(repr(list(baris)).encode()).hexdigest()
    return hasil


def _beda(a, b):
    return sorted(k for k in a if a[k] != b[k])


# --- the walk ------------------------------------------------------------------------------------


def _badan(r):
    if getattr(r, "streaming", False):
        return b"".join(r.streaming_content).decode("utf-8", "replace")
    return r.content.decode("utf-8", "replace")


def _kandidat_pk(nama, callback, dunia):
    """[(instance)] the route's <pk>/<object_id> can point at: own and twin rows of its kind."""
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        model = model_admin.model
    else:
        label = next((v for k, v in JENIS_PK.items() if (nama or "").startswith(k)), None)
        if label is None:
            raise AssertionError(
                f"Jenis objek rute {nama!r} tidak dikenal: tambahkan ke JENIS_PK dan dunia kembar."
            )
        model = apps.get_model(label)
    field = getattr(model, "wilayah_kode_field", None)
    if field is None:  # national reference data: one row, visible to every staff user
        obj = model._default_manager.order_by("pk").first()
        return [obj] if obj is not None else []
    hasil = []
    for kode in (PITURUH, KEMBAR):
        semua = model._default_manager.order_by("pk")
        if model._meta.label in ("pengaduan.Pengaduan", "pelaporan.PekerjaanEkspor"):
            # Both sectors' complaints; the desa-profile job and the kabupaten report job.
            hasil += list(semua.filter(**{f"{field}__startswith": kode[:5]}))
            continue
        # The row at the deepest level the model has: kecamatan, else kabupaten, else province.
        obj = next(
            (
                o
                for a in (kode, kode[:5], kode[:2])
                if (o := semua.filter(**{f"{field}__startswith": a}).first()) is not None
            ),
            None,
        )
        if obj is None:
            raise AssertionError(f"Dunia kembar tidak memuat {model._meta.label} di {kode}.")
        hasil.append(obj)
    return hasil


# Rows that span every sector (the test's own list, not the models' declaration): a user bound
# to sectors never sees them, as they never see the all-sector desa profiles.
SEMUA_SEKTOR = {"pelaporan.PekerjaanEkspor", "pelaporan.LaporanTriwulan"}


def _terlihat(user, obj):
    """The oracle: may `user` see `obj`, by the scope helper (and the all-sector rule)?"""
    if user is None:
        return False
    if user.is_superuser:
        return True
    model = type(obj)
    if model._meta.label in SEMUA_SEKTOR and lingkup_user(user).sektor is not None:
        return False
    if not getattr(model, "wilayah_kode_field", None):
        return True
    return saring(model._default_manager.filter(pk=obj.pk), user).exists()


def _kode_terlihat(user, kode):
    if user is None:
        return False
    lingkup = lingkup_user(user)
    return lingkup is not None and lingkup.mencakup_kode(kode)


TINGKAT_KODE = [  # most routes take a kecamatan: tried first
    (PITURUH, KEMBAR),
    (DESA_PITURUH, DESA_KEMBAR),
    ("33.06", "32.01"),
    ("33", "32"),
]


def _varian(rute, nama, callback, params, dunia, probe):
    """[(kwargs, object or code, kind)] to request: the own and the twin variant."""
    dasar = {k: v for k, v in NILAI.items() if k in params}
    if "format" in params:
        dasar["format"] = FORMAT.get(nama, "csv")
    if "indikator" in params:
        dasar["indikator"] = dunia["indikator"].kode
    if "app_label" in params:
        dasar["app_label"] = "wilayah"
    if "content_type_id" in params:
        from django.contrib.contenttypes.models import ContentType

        dasar["content_type_id"] = ContentType.objects.get_for_model(type(dunia["milik"]["tim"])).pk
    pk_param = next((p for p in ("pk", "object_id", "id") if p in params), None)
    if pk_param is not None:
        hasil = []
        for obj in _kandidat_pk(nama, callback, dunia):
            kw = {**dasar, pk_param: obj.pk}
            if "kode" in params:  # pengaduan:lacak_foto: the tracking code of the photo's complaint
                kw["kode"] = obj.pengaduan.kode_lacak
            hasil.append((kw, obj, "pk", _milik_kembar(obj)))
        return hasil
    if "kode" in params:
        if nama == "pengaduan:lacak_detail":
            return [
                ({**dasar, "kode": dunia[w]["pengaduan_kesehatan"].kode_lacak}, None, "publik", w)
                for w in ("milik", "asing")
            ]
        # The level of code the view takes: the first the superuser's request accepts.
        milik, asing = next(
            (
                (m, a)
                for m, a in TINGKAT_KODE
                if probe(_isi_rute(rute, {**dasar, "kode": m})) not in (404, 400)
            ),
            TINGKAT_KODE[1],
        )
        return [
            ({**dasar, "kode": milik}, milik, "kode", "milik"),
            ({**dasar, "kode": asing}, asing, "kode", "asing"),
        ]
    return [(dasar, None, "daftar", "milik")]


def _milik_kembar(obj):
    """ "asing" for a row of the twin world, "milik" otherwise (national rows included)."""
    field = getattr(type(obj), "wilayah_kode_field", None)
    if field is None:
        return "milik"
    kode = type(obj)._default_manager.filter(pk=obj.pk).values_list(field, flat=True).first()
    return "asing" if str(kode or "").startswith("32") else "milik"


# What each role does (the walk must stay under two minutes): every role walks every site
# URL, own and twin variants, GET, and POSTs the view's form wherever it may not write (a
# Sekber monitor: everywhere), and its own edit forms with the twin's values put in. The
# admin answers every user without staff status the same way (its login), so those users GET
# each admin URL once, on the twin's object (anonymous and the operator desa stand for them
# all). The Sekber kabupaten posts every form, its own scope's included; the other monitors
# post where the object is outside their scope, and every GET of theirs is checked for writes
# too. The admin itself is walked like the site by the
# camat with staff status and every permission, the Sekber kabupaten and the Sekber nasional
# (posting to its write views); the Sekber provinsi and the superuser (whose admin pages the
# others already render) walk the admin's lists only, and the camat with staff status the
# admin only (the plain camat walks the site). The national roles see the twin as their own:
# they walk the own variants.
_TULIS_ADMIN = ("_add", "_change", "_delete", "_password_change")


def _langkah(peran, user, nama, jenis, dunia_sasaran, boleh, baca_saja):
    admin = str(nama).startswith("admin")
    staf = user is not None and user.is_staff
    if peran in ("superuser", "sekber_nasional") and dunia_sasaran == "asing":
        return []
    if admin and not staf:
        if peran not in ("anonim", "operator_desa"):
            return []  # the admin's login answers them all alike: two of them stand for all
        return ["get"] if (dunia_sasaran == "asing" or jenis == "daftar") else []
    if peran in ("sekber_provinsi", "superuser") and admin and jenis != "daftar":
        return []
    if peran == "camat_staf" and not admin:
        return []
    langkah = ["get"]
    if peran == "superuser" or nama in TANPA_POST:
        return langkah
    if admin and not str(nama).endswith(_TULIS_ADMIN):
        return langkah
    if not boleh or (baca_saja and peran == "sekber_kabupaten"):
        langkah.append("post")
    elif str(nama).endswith(("_add", "_change", "_password_change", "_baru", "_ubah", ":ubah")):
        # Its own form, with the twin's wilayah and objects (and a role above its own) put in.
        langkah.append("post_asing")
    return langkah


def _nilai_asing(data, dunia):
    """The form `data` with every wilayah-bearing field pointed at the twin world, and rights
    a role may not give itself asked for."""
    asing = dunia["asing"]
    ganti = {
        "kecamatan": KEMBAR,
        "desa": DESA_KEMBAR,
        "kabupaten": "32.01",
        "wilayah_kode": KEMBAR,
        "wilayah": "32.01",
        "tim": asing["tim"].pk,
        "pelatihan": asing["pelatihan"].pk,
        "rapat": asing["rapat"].pk,
        "rencana": asing["rencana"].pk,
        "pengaduan": asing["pengaduan_kesehatan"].pk,
        "peran": "sekber_nasional",
        "is_superuser": "on",
    }
    hasil = dict(data)
    for k in list(hasil):
        akhir = k.rsplit("-", 1)[-1]  # inline and formset fields: anggota-0-desa
        if akhir in ganti:
            hasil[k] = ganti[akhir]
    for k in ("kecamatan", "desa", "peran", "wilayah_kode"):
        hasil.setdefault(k, ganti[k])
    return hasil


def test_every_url_with_every_role(dunia):
    pola = _pola()
    pengguna = dunia["pengguna"]
    klien_super = Client(raise_request_exception=False)
    klien_super.force_login(pengguna["superuser"])

    def probe(url):
        return klien_super.get(url).status_code

    rencana = []  # (route name, url, object/code, kind)
    for rute, nama, _p, callback in pola:
        params = {m[1] for m in _RE_PARAM.findall(rute)} | {m[0] for m in _RE_REGEX.findall(rute)}
        for kw, sasaran, jenis, asal in _varian(rute, nama, callback, params, dunia, probe):
            rencana.append((nama or rute, _isi_rute(rute, kw), sasaran, jenis, asal))

    # A route is public when an anonymous visitor gets a 200 on it: foreign reads are its job.
    anonim = Client(raise_request_exception=False)
    publik = {
        n
        for n, url, _s, _j, _a in rencana
        if not n.startswith("admin") and anonim.get(url).status_code == 200
    }

    gagal = []
    hitung = Counter()
    # The superuser only probes (it sees everything: no scope to hold); the national monitor,
    # which may see the twin, walks last.
    urutan = [k for k in pengguna if k not in ("sekber_nasional", "superuser")]
    urutan += ["sekber_nasional"]
    for peran in urutan:
        user = pengguna[peran]
        c = Client(raise_request_exception=False)
        if user is not None:
            c.force_login(user)
        lingkup = lingkup_user(user) if user is not None else None
        baca_saja = bool(lingkup and lingkup.baca_saja)
        asing_terlarang = not _kode_terlihat(user, KEMBAR)
        penanda = asing_terlarang
        awalan = [PITURUH, KEMBAR, "33.06", "32.01"] if baca_saja else [KEMBAR, "32.01"]
        sebelum = _sidik(awalan)
        n_super = get_user_model().objects.filter(is_superuser=True).count()
        formulir = {}
        for nama, url, sasaran, jenis, asal in rencana:
            if jenis == "pk":
                boleh = _terlihat(user, sasaran)
            elif jenis == "kode":
                boleh = _kode_terlihat(user, sasaran)
            else:
                boleh = True
            for m in _langkah(peran, user, nama, jenis, asal, boleh, baca_saja):
                if m == "get":
                    r = c.get(url)
                elif m == "post":
                    r = c.post(url, formulir.get(nama, {}))
                else:
                    r = c.post(url, _nilai_asing(formulir.get(nama, {}), dunia))
                hitung[m + (" admin" if nama.startswith("admin") else " situs")] += 1
                hitung["permintaan"] += 1
                if m != "get" and user is not None and "_auth_user_id" not in c.session:
                    c.force_login(user)  # a page that ended the session (password change…)
                if r.status_code >= 500:
                    gagal.append(f"{peran} {m.upper()} {url}: {r.status_code}")
                    continue
                if nama in publik or r.status_code != 200:
                    continue
                if not boleh:
                    gagal.append(f"{peran} {m.upper()} {url}: 200 untuk objek di luar lingkup")
                    continue
                badan = _badan(r)
                if penanda and PENANDA in badan:
                    gagal.append(f"{peran} {m.upper()} {url}: data kecamatan kembar tampil")
                html = r.get("Content-Type", "").startswith("text/html")
                if m == "get" and html and nama not in formulir:
                    formulir[nama] = formulir_post(badan)
        sesudah = _sidik(awalan)
        if peran != "superuser" and (
            get_user_model().objects.filter(is_superuser=True).count() != n_super
        ):
            gagal.append(f"{peran} menjadikan pengguna superuser")
        if baca_saja and _beda(sebelum, sesudah):
            gagal.append(f"{peran} (Sekber) mengubah {_beda(sebelum, sesudah)}")
        elif asing_terlarang and _beda(sebelum, sesudah):
            gagal.append(f"{peran} mengubah data kecamatan kembar: {_beda(sebelum, sesudah)}")

    hitung["pola"] = len(pola)
    hitung["peran"] = len(urutan)
    hitung["varian"] = len(rencana)
    hitung["gagal"] = len(gagal)
    print(f"\nmatriks akses: {dict(hitung)}")
    assert not gagal, "\n".join(gagal)
