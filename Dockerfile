FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango for WeasyPrint's PDFs; DejaVu so the PDFs have glyphs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN pybabel compile -d locale -D "django djangojs"
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=x python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "dashboard_kecamatan.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--timeout", "120"]
