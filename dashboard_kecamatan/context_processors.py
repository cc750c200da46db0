from wilayah.access import lingkup_user

from .navigasi import menu


def navigasi(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"lingkup": None, "menu_utama": []}
    lingkup = lingkup_user(user)
    return {"lingkup": lingkup, "menu_utama": menu(lingkup)}
