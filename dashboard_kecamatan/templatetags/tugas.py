"""What waits for the camat, on their home: submissions to verify (layanan_dasar), plans to
review (perencanaan), complaints past their deadline (pengaduan). It joins three apps, so it
lives in the project package, which stands on all of them (the dashboards may not import the
apps to their right). Three queries, whatever the number of villages."""

from django import template

from layanan_dasar.forms import kunci_pengajuan
from layanan_dasar.selectors import pengajuan_menunggu
from pengaduan.selectors import pengaduan_terlambat_terbuka
from perencanaan.selectors import rencana_menunggu
from wilayah.access import lingkup_user

register = template.Library()


@register.inclusion_tag("partials/tugas_camat.html", takes_context=True)
def tugas_camat(context, kecamatan):
    user = context["request"].user
    lingkup = lingkup_user(user)
    if lingkup is None or not lingkup.is_pimpinan:
        return {"tampil": False}
    pengajuan = pengajuan_menunggu(user=user, kecamatan=kecamatan)
    for p in pengajuan:
        p.kunci = kunci_pengajuan(p)
    return {
        "tampil": True,
        "kecamatan": kecamatan,
        "pengajuan": pengajuan,
        "rencana": rencana_menunggu(user, kecamatan),
        "pengaduan": pengaduan_terlambat_terbuka(user, kecamatan),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
