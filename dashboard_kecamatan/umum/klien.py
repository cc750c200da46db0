"""Who is asking: the client's address, behind a trusted proxy or not."""

from django.conf import settings


def alamat_klien(request):
    # Behind the reverse proxy of docker-compose the client is the first X-Forwarded-For hop;
    # REMOTE_ADDR is used when the proxy is not configured to be trusted.
    if getattr(settings, "PERCAYA_X_FORWARDED_FOR", False):
        xff = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if xff:
            return xff.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
