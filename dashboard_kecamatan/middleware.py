import secrets

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


class CSPMiddleware:
    """Content-Security-Policy on every response, with a fresh nonce per request.

    Scripts run only from our own origin or when they carry the request's nonce
    (`nonce="{{ request.csp_nonce }}"` on the few inline scripts), so an injected <script> or
    onclick never runs. Styles allow inline: plotly.js writes style attributes and a <style>
    element while drawing. Images allow data: and blob: for plotly's icons and downloads.
    The directives are the CSP setting (settings.py); '{nonce}' stands for the nonce.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if settings.CSP and "Content-Security-Policy" not in response.headers:
            kebijakan = "; ".join(
                f"{arah} {' '.join(sumber)}".strip() for arah, sumber in settings.CSP.items()
            )
            response.headers["Content-Security-Policy"] = kebijakan.replace(
                "{nonce}", request.csp_nonce
            )
        return response
