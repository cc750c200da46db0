"""An uploaded file held between "these values are far from their history" and the user's
confirmation, so the confirmation does not ask for the file again. Kept on disk under
MEDIA_ROOT (not served by any URL), named by an unguessable token, bound to the user, kecamatan
and sector that uploaded it, and removed once imported or after a day."""

import json
import secrets
import time
from pathlib import Path

from django.conf import settings

UMUR_DETIK = 24 * 3600


def _dir():
    d = Path(settings.MEDIA_ROOT) / "impor_tunda"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _sapu(d):
    batas = time.time() - UMUR_DETIK
    for p in d.iterdir():
        try:
            if p.stat().st_mtime < batas:
                p.unlink()
        except FileNotFoundError:  # another request swept it first
            pass


def tunda_simpan(*, user, kecamatan, sektor, isi, nama):
    """Keep `isi` (bytes of the upload); returns the token."""
    d = _dir()
    _sapu(d)
    token = secrets.token_urlsafe(24)
    (d / f"{token}.bin").write_bytes(isi)
    meta = {"user": user.pk, "kecamatan": kecamatan.kode, "sektor": sektor, "nama": nama}
    (d / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def tunda_ambil(*, user, kecamatan, sektor, token):
    """(bytes, file name) of a held upload of this user for this kecamatan and sector, or None
    (unknown, expired, or someone else's)."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    d = _dir()
    try:
        meta = json.loads((d / f"{token}.json").read_text(encoding="utf-8"))
        isi = (d / f"{token}.bin").read_bytes()
    except (FileNotFoundError, ValueError):
        return None
    if (meta.get("user"), meta.get("kecamatan"), meta.get("sektor")) != (
        user.pk,
        kecamatan.kode,
        sektor,
    ):
        return None
    return isi, meta.get("nama", "")


def tunda_hapus(token):
    d = _dir()
    for akhiran in (".bin", ".json"):
        (d / f"{token}{akhiran}").unlink(missing_ok=True)
