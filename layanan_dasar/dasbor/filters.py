"""The dashboards' pickers and table filters.

`PilihanForm` is the period / sector picker of every dashboard page: a bad or stale value (a
period that does not exist for the chosen period type, a sector outside the user's scope) falls
back to the default instead of erroring, so shared links keep working. The FilterSets narrow the
querysets that feed the tables.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from wilayah.models import Sektor

from ..models import Indikator, JenisPeriode
from .hitung import (
    ABU,
    HIJAU,
    KUNING,
    LABEL_LAMPU,
    MERAH,
    label_periode,
    rentang_kuning,
    sesuaikan_target,
)
from .selectors import Pilihan, indikator_terpilih, periode_tersedia


class PilihanForm(forms.Form):
    """Unbound on purpose: it is rendered with the effective choice as its initial values."""

    sektor = forms.ChoiceField(label=_("Sektor"), required=False)
    kelompok = forms.ChoiceField(label=_("Kelompok indikator"), required=False)
    jenis = forms.ChoiceField(
        label=_("Jenis periode"), choices=JenisPeriode.choices, required=False
    )
    periode = forms.ChoiceField(label=_("Periode"), required=False)
    indikator = forms.ChoiceField(label=_("Indikator"), required=False)

    def __init__(self, data, *, sektor, indikator, periode, jenis, dengan_indikator=False):
        super().__init__()
        self.fields["sektor"].choices = [(s, Sektor(s).label) for s in sektor]
        ada = {i.kelompok for i in indikator}
        self.fields["kelompok"].choices = [("", _("Semua kelompok"))] + [
            (k, lbl) for k, lbl in Indikator.Kelompok.choices if k in ada
        ]
        self.fields["periode"].choices = [(p.isoformat(), label_periode(jenis, p)) for p in periode]

        pilih_sektor = data.get("sektor") if data.get("sektor") in sektor else None
        hasil = Pilihan(
            jenis=jenis,
            periode={p.isoformat(): p for p in periode}.get(data.get("periode", ""))
            or (periode[0] if periode else None),
            sektor=pilih_sektor or (sektor[0] if sektor else ""),
            kelompok=data.get("kelompok") if data.get("kelompok") in ada else "",
        )
        terpilih = indikator_terpilih(indikator, hasil)
        if not terpilih and hasil.kelompok:
            hasil.kelompok = ""
            terpilih = indikator_terpilih(indikator, hasil)
        hasil.indikator = {i.kode: i for i in terpilih}.get(data.get("indikator", "")) or (
            terpilih[0] if terpilih else None
        )
        if dengan_indikator:
            self.fields["indikator"].choices = [(i.kode, i.nama) for i in terpilih]
        else:
            del self.fields["indikator"]
        # Every figure of the page is read against the target of the chosen period.
        sesuaikan_target(indikator, jenis, hasil.periode)
        self.pilihan = hasil
        self.terpilih = terpilih
        self.initial = {
            "sektor": hasil.sektor,
            "kelompok": hasil.kelompok,
            "jenis": hasil.jenis,
            "periode": hasil.periode.isoformat() if hasil.periode else "",
            "indikator": hasil.indikator.kode if hasil.indikator else "",
        }

    @classmethod
    def dari_request(cls, request, *, node_kode, sektor, indikator, dengan_indikator=False):
        """Build the picker for a node: one query (the periods aggregated at that node)."""
        jenis = request.GET.get("jenis")
        if jenis not in JenisPeriode.values:
            jenis = JenisPeriode.BULAN
        return cls(
            request.GET,
            sektor=sektor,
            indikator=indikator,
            periode=periode_tersedia(node_kode, jenis),
            jenis=jenis,
            dengan_indikator=dengan_indikator,
        )

    def kueri(self, **ganti):
        """The querystring of the current choice with some values replaced (for links)."""
        q = QueryDict(mutable=True)
        for k, v in {**self.initial, **ganti}.items():
            if v and (k != "indikator" or "indikator" in self.fields or k in ganti):
                q[k] = v
        return q.urlencode()


def q_lampu(status, target, arah, rentang=None):
    """The rows of an aggregate queryset whose value has traffic light `status`."""
    if status == ABU:
        return Q(nilai__isnull=True)
    if target is None:
        return Q(pk__in=[])
    rentang = rentang_kuning() if rentang is None else rentang
    t = float(target)
    if arah == Indikator.Arah.TURUN:
        return {
            HIJAU: Q(nilai__lte=t),
            KUNING: Q(nilai__gt=t, nilai__lte=t + rentang),
            MERAH: Q(nilai__gt=t + rentang),
        }[status]
    return {
        HIJAU: Q(nilai__gte=t),
        KUNING: Q(nilai__lt=t, nilai__gte=t - rentang),
        MERAH: Q(nilai__lt=t - rentang),
    }[status]


class DesaNilaiFilter(django_filters.FilterSet):
    """Indicator page: villages by name and by traffic light."""

    nama = django_filters.CharFilter(label=_("Nama desa"), method="saring_nama")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(k, LABEL_LAMPU[k]) for k in (HIJAU, KUNING, MERAH, ABU)],
        empty_label=_("Semua status"),
        method="saring_status",
    )

    def __init__(self, *args, indikator, **kwargs):
        self.indikator = indikator
        super().__init__(*args, **kwargs)

    def saring_nama(self, queryset, name, value):
        return queryset.filter(nama_desa__icontains=value)

    def saring_status(self, queryset, name, value):
        return queryset.filter(q_lampu(value, self.indikator.target, self.indikator.arah))


class WilayahFilter(django_filters.FilterSet):
    """Sekber: the node's children by name."""

    nama = django_filters.CharFilter(label=_("Nama wilayah"), lookup_expr="icontains")


def tanggal(teks):
    try:
        return date.fromisoformat(teks)
    except (TypeError, ValueError):
        return None
