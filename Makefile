# Dos órdenes para quien llega: `make run` (tablero con datos de demostración) y `make test` (todas las pruebas).
PY ?= python3
VENV := .venv
LISTO := $(VENV)/.instalado
PUERTO ?= 8501

.PHONY: run test chromium demo bench

# uv instala requirements.txt en ~10 s donde pip tarda ~65 s (medido en un clon limpio); si uv no se puede instalar
# o no llega a PyPI, se instala con pip como siempre.
UV := uv==0.13.9

$(LISTO): requirements.txt
	$(PY) -m venv $(VENV)
	($(VENV)/bin/pip install -q $(UV) && $(VENV)/bin/python -m uv pip install -q --python $(VENV)/bin/python -r requirements.txt) || \
		($(VENV)/bin/pip install -q --upgrade pip && $(VENV)/bin/pip install -q -r requirements.txt)
	touch $@

run: $(LISTO)
	SEGUIMIENTO_DEMO=1 $(VENV)/bin/streamlit run app.py --server.port $(PUERTO) --server.headless true

# Las pruebas en navegador usan el Chromium de Debian (/usr/bin/chromium), nunca uno descargado, y el tablero instalado
# se prueba detrás del Caddy de Debian (tests/e2e/test_servidor.py).
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/caddy ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get install -y -q chromium caddy fonts-dejavu-core fonts-noto-color-emoji >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null && apt-get install -y -q chromium caddy fonts-dejavu-core fonts-noto-color-emoji >/dev/null)); \
		else \
			echo "Faltan Chromium o Caddy: instálelos con 'sudo apt-get install chromium caddy' y repita 'make test'."; exit 1; \
		fi; \
	fi

# Tres procesos de pruebas (pytest-xdist); cada archivo de recorridos en Chromium va entero a uno (xdist_group, en
# tests/e2e/conftest.py) y el resto se reparte. Medido en un clon limpio: 470–527 s así, 540 s con dos procesos
# (los recorridos caían todos en el primero, uno tras otro) y 556 s con dos procesos y los recorridos de a uno.
test: $(LISTO) chromium
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider -n 3 --dist loadgroup --durations=15

# Reconstruye la base de demostración (datos/demo.duckdb) desde demo/muestras/.
demo: $(LISTO)
	$(VENV)/bin/python -m datos demo

# Mediciones a mano (tardan minutos); los resultados van al README.
bench: $(LISTO)
	for b in bench/bench_*.py; do $(VENV)/bin/python $$b || exit 1; done
