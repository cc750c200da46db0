from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class BahasaMiddleware:
    """Bahasa Indonesia unless the user chose another language (the language cookie set by
    /bahasa/).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office PCs
    run an English browser: their users would get English month names and 1,234.5 numbers on
    Indonesian pages. The choice is the user's, not the browser's.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.tersedia = {kode for kode, _nama in settings.LANGUAGES}

    def __call__(self, request):
        bahasa = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if bahasa not in self.tersedia:
            bahasa = settings.LANGUAGE_CODE
        translation.activate(bahasa)
        request.LANGUAGE_CODE = bahasa
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", bahasa)
        patch_vary_headers(response, ("Cookie",))
        return response
