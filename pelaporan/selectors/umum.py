"""Small helpers shared by the report, the desa profile and the monitoring reads: percentages
that keep missing apart from zero, the due-date rule, the sectors' order, status and direction."""

import datetime

from django.db.models import (
    F,
    Q,
)
from django.utils import timezone

from layanan_dasar.agregasi.selectors import agregat_per
from layanan_dasar.dasbor.hitung import target_periode
from layanan_dasar.models import (
    Indikator,
    JenisPeriode,
)
from wilayah.models import Sektor

# 2: coverage against an annual target is year-to-date with a pro-rated target (DESIGN §5);
# reports signed before carry version 1 and keep the figures they were signed with.
VERSI_DATA = 2


# How many villages per sector the report names as priorities, and how many quarters the desa
# profile shows as a trend. Presentation choices, not rules.
DESA_PRIORITAS_PER_SEKTOR = 5


TRIWULAN_TREN = 4


def persen(bagian, keseluruhan):
    """bagian ÷ keseluruhan × 100, rounded to 2 decimals; None when there is nothing to divide
    by (missing is not zero)."""
    if not keseluruhan or bagian is None:
        return None
    return round(100 * float(bagian) / float(keseluruhan), 2)


def angka(nilai):
    """A Decimal from the database as a JSON number (2 decimals), None stays None."""
    if nilai is None:
        return None
    return round(float(nilai), 2)


def batas_tanggal_pengajuan():
    """Day of the next month by which a month's data counts as on time (a layanan_dasar
    setting, DESIGN §5), so the report and the completeness page agree."""
    from layanan_dasar.conf import hari_batas_pengajuan

    return hari_batas_pengajuan()


def batas_pengajuan(bulan):
    """The last instant (local time) a month's submission counts as on time: layanan_dasar's
    own rule."""
    from layanan_dasar.periode import batas_pengajuan as batas

    return batas(bulan)


def pertama_diajukan():
    # layanan_dasar keeps the first submission's time here (a resubmission after a return does
    # not move it), which is what timeliness counts.
    return F("diajukan_pada")


def q_tepat_waktu(tw):
    q = Q()
    for bulan in tw.bulan:
        q |= Q(bulan=bulan, pertama_diajukan__lte=batas_pengajuan(bulan))
    return q


def data_contoh(kode):
    """Whether generated sample data lies under this wilayah (pages then say so plainly)."""
    from layanan_dasar.selectors import data_contoh_di

    return data_contoh_di(kode)


def urut_sektor(indikator):
    """Indicators in the sectors' usual order (pendidikan, kesehatan, PU, sosial), then as the
    catalogue orders them."""
    urutan = {s: i for i, s in enumerate(Sektor.values)}
    return sorted(indikator, key=lambda i: urutan.get(i["sektor"], 99))


def sektor_label():
    return [(s.value, str(s.label)) for s in Sektor]


def target_tw(target, kumulatif, tw):
    """The target a quarter's figure is compared with: for year-to-date coverage the pro-rated
    target (25, 50, 75, 100 % of it), else the target — the dashboards' one rule, as a float
    for the report's JSON."""
    t = target_periode(target, kumulatif, JenisPeriode.TRIWULAN, tw.mulai)
    return None if t is None else float(t)


def perubahan_capaian(nilai, target, nilai_lalu, target_lalu, kumulatif):
    """Change in points since the previous quarter. A year-to-date figure always grows within
    a year (and starts again in January), so for it the change is that of its distance to the
    pro-rated target: on track stays 0, falling behind is negative."""
    if nilai is None or nilai_lalu is None:
        return None
    if kumulatif:
        if target is None or target_lalu is None:
            return None
        return round((nilai - target) - (nilai_lalu - target_lalu), 2)
    return round(nilai - nilai_lalu, 2)


def status_capaian(nilai, target, arah):
    if nilai is None or target is None:
        return None
    return nilai >= target if arah == Indikator.Arah.NAIK else nilai <= target


def arah_perubahan(perubahan, arah):
    if perubahan is None:
        return None
    if perubahan == 0:
        return "tetap"
    membaik = perubahan > 0 if arah == Indikator.Arah.NAIK else perubahan < 0
    return "membaik" if membaik else "memburuk"


def rentang_waktu(tw):
    """The quarter as aware datetimes [start, next quarter's start) in local time."""
    mulai = timezone.make_aware(datetime.datetime.combine(tw.mulai, datetime.time.min))
    akhir = timezone.make_aware(datetime.datetime.combine(tw.berikutnya.mulai, datetime.time.min))
    return mulai, akhir


def agregat_per_iso():
    waktu = agregat_per()
    return timezone.localtime(waktu).isoformat(timespec="minutes") if waktu else None
