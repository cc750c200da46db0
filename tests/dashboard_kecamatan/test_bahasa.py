"""English: a real catalogue (locale/en, compiled by `make`) covering templates, Python messages
and the entry grid's script messages, and a page in English is English."""

import io
import re
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES"
APLIKASI = [
    "dashboard_kecamatan",
    "wilayah",
    "layanan_dasar",
    "perencanaan",
    "pengaduan",
    "pelaporan",
]
KATA_KUNCI = {
    "_": None,
    "_l": None,  # makemessages does not see this alias: the test fails if the code uses it
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
_TEMPAT = re.compile(r"%\(\w+\)[sdr]|%[sd]")


def _katalog(nama):
    with (PO / f"{nama}.po").open("rb") as fh:
        return read_po(fh, locale="en")


def _msgid(m):
    return m.id[0] if isinstance(m.id, tuple) else m.id


def _dari_kode():
    """Every message the code marks for translation: Python files and templates, read the way
    makemessages reads them (templatize), so nothing needs GNU gettext to run this."""
    pesan = set()
    berkas = [p for a in APLIKASI for p in (ROOT / a).rglob("*.py") if "migrations" not in p.parts]
    for path in berkas:
        with path.open("rb") as fh:
            for _baris, m, _c, _ctx in extract("python", fh, keywords=KATA_KUNCI):
                pesan.add(m[0] if isinstance(m, tuple) else m)
    for path in (ROOT / "templates").rglob("*.html"):
        sumber = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # templatize writes each message as a one-line gettext(u'…') call amid filler; without
        # the filler's indentation the text tokenizes as Python, as xgettext reads it.
        sumber = "\n".join(baris.lstrip() for baris in sumber.splitlines())
        for _baris, m, _c, _ctx in extract(
            "python", io.BytesIO(sumber.encode()), keywords=KATA_KUNCI
        ):
            pesan.add(m[0] if isinstance(m, tuple) else m)
    pesan.discard("")
    return pesan


def test_the_english_catalogue_translates_every_message_of_the_code():
    katalog = _katalog("django")
    terjemah = {_msgid(m): m for m in katalog if m.id}
    kurang = sorted(_dari_kode() - set(terjemah))
    assert kurang == [], (
        f"{len(kurang)} pesan tanpa terjemahan Inggris, mis. {kurang[:5]}: jalankan "
        "`make messages` lalu isi msgstr baru di locale/en/LC_MESSAGES/django.po (jangan pakai "
        "alias _l: makemessages tidak melihatnya; pakai gettext_lazy)"
    )
    for msgid, m in terjemah.items():
        assert m.string and all(m.string) if isinstance(m.string, tuple) else m.string, msgid
        assert "fuzzy" not in m.flags, msgid
        asal = m.id if isinstance(m.id, tuple) else (m.id,)
        hasil = m.string if isinstance(m.string, tuple) else (m.string,)
        for a, h in zip(asal, hasil, strict=False):
            assert sorted(_TEMPAT.findall(a)) == sorted(_TEMPAT.findall(h)), msgid


def test_the_grid_script_messages_are_in_the_catalogue_and_served():
    js = (ROOT / "static" / "js" / "isian.js").read_text(encoding="utf-8")
    dipakai = set(re.findall(r'_\("([^"]+)"\)', js))
    katalog = {m.id: m.string for m in _katalog("djangojs") if m.id}
    assert dipakai and dipakai <= set(katalog) and all(katalog[k] for k in dipakai)
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "must be a whole number" in c.get(reverse("jsi18n")).content.decode()


def test_the_compiled_catalogue_is_loaded():
    with translation.override("en"):
        assert translation.gettext("Kirim pengaduan") == "Send the complaint"
        assert translation.ngettext("%(n)s hari kerja", "%(n)s hari kerja", 2) == (
            "%(n)s working days"
        )
    with translation.override("id"):
        assert translation.gettext("Kirim pengaduan") == "Kirim pengaduan"
