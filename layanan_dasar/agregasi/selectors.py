"""Reads about the aggregates themselves: how current they are (for "Data per …")."""

import datetime as dt
from dataclasses import dataclass

from ..models import AntrianAgregasi, RiwayatAgregasi


@dataclass(frozen=True)
class StatusAgregat:
    data_per: object  # datetime of the latest completed rebuild, or None (never built)
    tertunda: int  # village-months under the node waiting for the incremental rebuild

    @property
    def ada_tertunda(self):
        return self.tertunda > 0

    @classmethod
    def beku(cls, teks):
        """The status stored in a frozen document (a signed report): its "Data per" as an ISO
        string (None before the field existed), never pending."""
        return cls(data_per=dt.datetime.fromisoformat(teks) if teks else None, tertunda=0)


def status_agregat(kode=""):
    """How current the aggregates under the wilayah `kode` ('' = nasional) are. Two queries,
    whatever the size of the node: the latest completed run, and the marks still queued under
    the node (for `templates/partials/data_per.html`)."""
    return StatusAgregat(data_per=agregat_per(), tertunda=antrian_di(kode).count())


def antrian_di(kode=""):
    """The queued village-months (marks awaiting the incremental run) under the wilayah `kode`."""
    antrian = AntrianAgregasi.objects.all()
    if not kode:
        return antrian
    if kode.count(".") == 3:
        return antrian.filter(desa_kode=kode)
    return antrian.filter(desa_kode__startswith=kode + ".")


def agregat_per():
    """When the latest completed rebuild finished (None = never): one query."""
    return RiwayatAgregasi.objects.order_by("-selesai").values_list("selesai", flat=True).first()
