"""Reads for P3PD 1D reporting, one module per section: the quarterly report (`laporan`), the
desa profile (`profil`), the Sekber monitoring list (`monitoring`), and their shared helpers
(`umum`).

Every figure is computed with set-based queries over pre-aggregated tables (AgregatIndikator)
and the kecamatan's own records; the number of queries does not depend on the number of
villages."""

from .laporan import (  # noqa: F401
    capaian_indikator,
    daftar_laporan_kecamatan,
    desa_prioritas,
    kegiatan_kecamatan,
    kelengkapan_data,
    ketepatan_pengajuan,
    laporan_data,
    laporan_tampil,
    laporan_tersimpan,
    pengaduan_triwulan,
    perencanaan_triwulan,
)
from .monitoring import (  # noqa: F401
    ketepatan_per_kecamatan,
    monitoring_kecamatan,
    monitoring_ringkasan,
    pengajuan_diharapkan,
)
from .profil import (  # noqa: F401
    profil_desa,
)
from .umum import (  # noqa: F401
    DESA_PRIORITAS_PER_SEKTOR,
    TRIWULAN_TREN,
    VERSI_DATA,
    agregat_per_iso,
    angka,
    arah_perubahan,
    batas_pengajuan,
    batas_tanggal_pengajuan,
    data_contoh,
    persen,
    pertama_diajukan,
    q_tepat_waktu,
    rentang_waktu,
    sektor_label,
    status_capaian,
    urut_sektor,
)
