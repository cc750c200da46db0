# Two commands: `make run` (the demo on SQLite, Celery eager) and `make test` (the suite on
# PostgreSQL and Redis). Both work from a fresh clone and can be run again.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.installed
PGHOST ?= 127.0.0.1
PGPORT ?= 5432
PGUSER ?= postgres
TEST_DATABASE_URL ?= postgres://$(PGUSER)@$(PGHOST):$(PGPORT)/dashboard_kecamatan
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# The demo serves static files as production does: hashed, brotli/gzip-compressed by
# collectstatic, cached for a year by whitenoise (a slow link gets the same bytes in both).
DEMO_ENV := DEBUG=1 STATIC_MANIFEST=1

.PHONY: run test venv lint demo-data bench clean pesan messages

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# The translation catalogues (locale/*/LC_MESSAGES/*.po) compiled to .mo, with Babel (pure
# Python, pinned in requirements.txt): no gettext tools needed to run or test.
pesan: venv
	.venv/bin/pybabel compile -d locale -D "django djangojs" --statistics

# Refresh the catalogues from the code after changing texts (needs GNU gettext), then translate
# the new entries in locale/en/LC_MESSAGES/*.po.
messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l en --no-location --no-obsolete --ignore=.venv --ignore=staticfiles \
	  --ignore=fixtures --ignore=tests --ignore=bench
	DEBUG=1 $(PY) manage.py makemessages -d djangojs -l en --no-location --no-obsolete --ignore=.venv \
	  --ignore=staticfiles --ignore=static/vendor --ignore=tests

# Every step is idempotent: a second `make run` changes nothing and duplicates nothing.
demo-data: venv pesan
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) $(PY) manage.py muat_wilayah
	$(DEMO_ENV) $(PY) manage.py muat_katalog
	$(DEMO_ENV) $(PY) manage.py muat_referensi_perencanaan
	@$(DEMO_ENV) $(PY) manage.py buat_pengguna_demo > .demo-akun.txt
	# Sample data for Kabupaten Purworejo, 24 months; builds that kabupaten's aggregates too.
	$(DEMO_ENV) $(PY) manage.py muat_data_contoh --wilayah 33.06
	$(DEMO_ENV) $(PY) manage.py buat_rencana_demo
	# One APB Desa + RKP Desa from a sample Siskeudes export, this month's stunting counts from a
	# sample e-PPGBM file: through the real importers.
	$(DEMO_ENV) $(PY) manage.py buat_impor_demo
	$(DEMO_ENV) $(PY) manage.py buat_pelaporan_demo
	$(DEMO_ENV) $(PY) manage.py buat_pengaduan_demo

run: demo-data
	@cat .demo-akun.txt
	@echo "Akun demo di atas juga tersimpan di .demo-akun.txt (kata sandi semua akun: demo12345)."
	@echo "Membuka http://127.0.0.1:8000/masuk/ — masuk dengan salah satu akun di atas."
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DATABASE_URL=$(TEST_DATABASE_URL) DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: venv pesan
	bash scripts/siapkan_layanan.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) DEBUG=0 \
	  SECRET_KEY=test-only ALLOWED_HOSTS=testserver,localhost,127.0.0.1 STATIC_MANIFEST=0 \
	  .venv/bin/pytest --create-db -q $(PYTEST_ARGS)

# Benchmarks print their figures (they never run in the test suite); each builds its own
# scratch PostgreSQL database. See the README's performance section.
bench: venv
	.venv/bin/python bench/load_wilayah.py
	.venv/bin/python bench/import.py
	.venv/bin/python bench/aggregate.py
	.venv/bin/python bench/pages.py
	.venv/bin/python bench/sumber.py

clean:
	rm -rf .venv db.sqlite3 staticfiles
