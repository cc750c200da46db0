"""Checking and cleaning uploaded photos.

A photo is judged by its content, never its name: Pillow must recognise it as JPEG, PNG or WebP.
It is then decoded and encoded again, which keeps only the pixels: EXIF (GPS position, camera
serial), XMP and text chunks are gone. The EXIF orientation is applied first so the picture
still stands upright without it.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import conf

FORMAT_DITERIMA = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class FotoBersih:
    konten: bytes
    jenis_konten: str  # image/jpeg or image/png
    ekstensi: str
    lebar: int
    tinggi: int


def foto_bersihkan(berkas):
    """Validate an uploaded file and return it re-encoded without metadata.

    Raises ValidationError (Indonesian message naming the file) for anything that is not a
    reasonable photo.
    """
    nama = getattr(berkas, "name", "") or _("berkas")
    maks = conf.foto_maks_byte()
    if berkas.size > maks:
        raise ValidationError(
            _("%(nama)s terlalu besar (%(ukuran)s MB); batasnya %(maks)s MB.")
            % {
                "nama": nama,
                "ukuran": f"{berkas.size / 1048576:.1f}".replace(".", ","),
                "maks": f"{maks / 1048576:g}".replace(".", ","),
            },
            code="terlalu_besar",
        )
    berkas.seek(0)
    data = berkas.read()
    tidak_sah = ValidationError(
        _("%(nama)s bukan foto yang sah (hanya JPEG, PNG atau WebP).") % {"nama": nama},
        code="bukan_gambar",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMAT_DITERIMA:
                    raise tidak_sah
                if probe.width * probe.height > conf.foto_maks_piksel():
                    raise ValidationError(
                        _("%(nama)s berukuran piksel terlalu besar.") % {"nama": nama},
                        code="terlalu_besar",
                    )
                probe.verify()  # structural check of the whole file, before decoding it
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                asal = img.format
                img = ImageOps.exif_transpose(img)
                return _simpan_ulang(img, asal)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise tidak_sah from None
    except Image.DecompressionBombWarning:
        raise tidak_sah from None


def _simpan_ulang(img, asal):
    sisi = conf.foto_sisi_maks()
    if max(img.size) > sisi:
        img.thumbnail((sisi, sisi), Image.Resampling.LANCZOS)
    keluaran = io.BytesIO()
    # PNG stays PNG (screenshots, transparency); everything else becomes JPEG.
    if asal == "PNG":
        if img.mode not in ("RGB", "RGBA", "L"):
            img = img.convert("RGBA")
        # A new image from the pixels alone: no text chunks, no eXIf, no ICC profile carried.
        bersih = Image.new(img.mode, img.size)
        bersih.paste(img)
        bersih.save(keluaran, format="PNG", optimize=True)
        jenis, ekstensi = "image/png", "png"
    else:
        if img.mode != "RGB":
            img = img.convert("RGB")
        bersih = Image.new("RGB", img.size)
        bersih.paste(img)
        bersih.save(keluaran, format="JPEG", quality=85, optimize=True)
        jenis, ekstensi = "image/jpeg", "jpg"
    return FotoBersih(
        konten=keluaran.getvalue(),
        jenis_konten=jenis,
        ekstensi=ekstensi,
        lebar=bersih.width,
        tinggi=bersih.height,
    )
