from celery import shared_task
from django.utils import translation


@shared_task(name="pelaporan.pekerjaan_macet_tandai")
def pekerjaan_macet_tandai():
    from .services import pekerjaan_macet_tandai as tandai

    return tandai()


@shared_task(name="pelaporan.pekerjaan_ekspor_jalankan", acks_late=True)
def pekerjaan_ekspor_jalankan(pekerjaan_id):
    """Thin: load the job by id and let the service build its archive."""
    from .services import pekerjaan_ekspor_jalankan as jalankan

    with translation.override("id"):
        pekerjaan = jalankan(pekerjaan_id=pekerjaan_id)
    return {"id": pekerjaan_id, "status": pekerjaan.status if pekerjaan else None}
