"""Pages of P3PD 1D reporting, one module per area: the records (`rekaman`), the quarterly
report (`laporan`), the desa profile (`profil`), Sekber monitoring and export jobs
(`monitoring`); access helpers in `akses`. Thin: authorise through wilayah.access, read through
selectors, write through services."""

from .aktivitas import (  # noqa: F401
    aktivitas_desa_halaman,
    aktivitas_indeks,
)
from .laporan import (  # noqa: F401
    laporan_daftar,
    laporan_detail,
    laporan_narasi,
    laporan_tandatangani,
    laporan_unduh,
)
from .monitoring import (  # noqa: F401
    monitoring,
    pekerjaan_baru,
    pekerjaan_daftar,
    pekerjaan_detail,
    pekerjaan_status,
    pekerjaan_ulang,
    pekerjaan_unduh,
)
from .profil import (  # noqa: F401
    profil_desa,
    profil_kecamatan,
)
from .rekaman import (  # noqa: F401
    indeks,
    kecamatan_ringkasan,
    lampiran_unduh,
    monev_baru,
    monev_daftar,
    monev_ubah,
    pelatihan_baru,
    pelatihan_daftar,
    pelatihan_detail,
    pelatihan_ubah,
    rapat_baru,
    rapat_daftar,
    rapat_detail,
    rapat_ubah,
    tim_baru,
    tim_daftar,
    tim_detail,
    tim_ubah,
    tindak_lanjut_daftar,
)
