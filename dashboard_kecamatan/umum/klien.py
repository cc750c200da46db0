"""Who is asking: the client's address, behind trusted proxies or not.

The rule: with PROKSI_TEPERCAYA = n (the number of reverse proxies in front of gunicorn, each
appending the address it received the request from to X-Forwarded-For), the client is the n-th
hop from the right. Hops further left were written by the client itself and are never believed,
so rotating the header cannot make one client look like many. With n = 0 (no proxy, or one that
does not set the header) REMOTE_ADDR is the client.
"""

from django.conf import settings


def alamat_klien(request):
    n = getattr(settings, "PROKSI_TEPERCAYA", 0)
    if n:
        hop = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hop = [h for h in hop if h]
        if len(hop) >= n:
            return hop[-n]
    return request.META.get("REMOTE_ADDR", "")
