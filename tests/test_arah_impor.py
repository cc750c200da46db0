"""The direction of imports is part of the design (DESIGN §3, README "Where things are"): apps
import only leftward, the shared helpers in dashboard_kecamatan/umum import no app, and inside
layanan_dasar the dashboards read the engine and the entry side, never the reverse. Read from
the source with ast, so a new module is checked without being listed."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Position from the left; an app may import an app with a smaller position only.
URUTAN = {"wilayah": 0, "layanan_dasar": 1, "perencanaan": 2, "pengaduan": 2, "pelaporan": 3}


def _modul(path):
    bagian = list(path.relative_to(ROOT).with_suffix("").parts)
    if bagian[-1] == "__init__":
        bagian = bagian[:-1]
    return ".".join(bagian)


def _impor(path):
    """Absolute names of everything `path` imports (relative imports resolved)."""
    modul = _modul(path)
    paket = modul if path.name == "__init__.py" else modul.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                dasar = paket.split(".")
                dasar = dasar[: len(dasar) - (node.level - 1)]
                nama = ".".join(dasar + ([node.module] if node.module else []))
            else:
                nama = node.module
            yield nama
            for alias in node.names:  # `from . import grafik` imports a module too
                yield f"{nama}.{alias.name}"


def _berkas(paket):
    return [
        p for p in (ROOT / paket.replace(".", "/")).rglob("*.py") if "migrations" not in p.parts
    ]


def _proyek(nama):
    akar = nama.split(".")[0]
    return akar in URUTAN or akar == "dashboard_kecamatan"


@pytest.mark.parametrize("app", sorted(URUTAN))
def test_apps_import_only_leftward_and_only_the_ground_of_the_project_package(app):
    salah = []
    for path in _berkas(app):
        for nama in filter(_proyek, _impor(path)):
            akar = nama.split(".")[0]
            if akar == "dashboard_kecamatan":
                if not nama.startswith("dashboard_kecamatan.umum"):
                    salah.append(f"{_modul(path)} → {nama}")
            elif akar != app and URUTAN[akar] >= URUTAN[app]:
                salah.append(f"{_modul(path)} → {nama}")
    assert salah == []


def test_the_shared_helpers_import_no_app():
    salah = [
        f"{_modul(p)} → {n}"
        for p in _berkas("dashboard_kecamatan.umum")
        for n in filter(_proyek, _impor(p))
        if not n.startswith("dashboard_kecamatan.umum")
    ]
    assert salah == []


def test_inside_layanan_dasar_only_the_dashboards_read_the_dashboards():
    salah = [
        f"{_modul(p)} → {n}"
        for p in _berkas("layanan_dasar")
        if "dasbor" not in p.relative_to(ROOT).parts
        for n in _impor(p)
        if n.startswith("layanan_dasar.dasbor")
    ]
    assert salah == []


def test_the_engine_reads_only_the_models_of_the_entry_side():
    salah = [
        f"{_modul(p)} → {n}"
        for p in _berkas("layanan_dasar.agregasi")
        for n in _impor(p)
        if n.startswith("layanan_dasar.")
        and not n.startswith(("layanan_dasar.agregasi", "layanan_dasar.models"))
    ]
    assert salah == []


def test_no_dashboard_module_is_left_at_the_app_root():
    assert sorted(p.name for p in (ROOT / "layanan_dasar").glob("*dasbor*.py")) == []
    assert not (ROOT / "layanan_dasar" / "agregasi.py").exists()
