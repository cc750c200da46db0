"""Optimistic locking for edit forms, as the entry grid does it: the page carries the version
it was loaded with (the row's last-modified time), the save compares it with the stored one
under the row lock, and a stale form is refused with who changed the data and when, instead of
silently overwriting the first editor's change."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

NAMA_FIELD = "versi"


def versi_dari(waktu):
    return waktu.isoformat() if waktu else ""


def nama_pengguna(user):
    if user is None:
        return _("pengguna lain")
    return user.get_full_name() or user.get_username()


def periksa_versi(*, terkini, dikirim, oleh=None):
    """Refuse the save when the form's version `dikirim` is not the stored `terkini`. A form
    that sends no version (an API-style post, an old page) is not checked."""
    if dikirim is None or dikirim == versi_dari(terkini):
        return
    raise ValidationError(
        _(
            "Data ini sudah diubah oleh %(oleh)s pada %(pada)s — muat ulang halaman, lalu "
            "ulangi perubahan Anda."
        )
        % {
            "oleh": nama_pengguna(oleh),
            "pada": date_format(timezone.localtime(terkini), "j F Y H:i:s"),
        },
        code="basi",
    )
