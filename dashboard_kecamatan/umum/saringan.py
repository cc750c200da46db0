"""Filter widgets every app's filter forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _

_NILAI = {"true": True, "True": True, "1": True, "false": False, "False": False, "0": False}


class PilihanSemuaYaTidak(forms.Select):
    """A yes/no filter whose empty choice says what it does ("Semua"), not Django's "Tidak
    diketahui" (NullBooleanSelect) or "---------"."""

    def __init__(self, attrs=None):
        pilihan = [("", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]
        super().__init__(attrs, choices=pilihan)

    def format_value(self, value):
        if value is True or value is False:
            value = "true" if value else "false"
        elif value in ("True", "False"):
            value = value.lower()
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return _NILAI.get(data.get(name))
