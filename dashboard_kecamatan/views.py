from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from wilayah.access import lingkup_user

from .navigasi import url_beranda


@login_required
def beranda(request):
    return redirect(url_beranda(lingkup_user(request.user)))


@login_required
def tanpa_penugasan(request):
    return render(request, "tanpa_penugasan.html", status=403)


def sehat(request):
    """Liveness probe for docker-compose: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    from django.templatetags.static import static

    return redirect(static("favicon.ico"))
