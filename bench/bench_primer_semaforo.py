"""El primer Semáforo en un navegador nuevo: cuánto pasa entre «Ingresar» y el veredicto, y hasta el gráfico dibujado.

    .venv/bin/python bench/bench_primer_semaforo.py [--repeticiones 5] [--comparar-con REVISION]

Arranca `streamlit run app.py` sobre una base con las tres muestras de tests/muestras (la de los recorridos en
Chromium) y, cada vez en un contexto de Chromium nuevo (sin caché ni cookies): abre el tablero, espera el formulario
de ingreso quieto (sin pedidos pendientes: quien ingresa tarda más que eso en escribir), ingresa y mide hasta que se
ve la métrica «KPI de …» y hasta que el gráfico de la tendencia está dibujado. Con --comparar-con, arranca además el
tablero de esa revisión de git (un `git archive` en una carpeta temporal, sobre otra copia de la misma base) y alterna
las dos mediciones: la carga de la máquina pesa igual en ambas. Imprime medianas, no afirma nada.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from tests.e2e.conftest import (ARGUMENTOS_CHROMIUM, CHROMIUM, CLAVE, ESPERA_MS, VENTANA, Base,  # noqa: E402
                                iniciar_servidor, preparar_base)


# Se mira en cada cuadro que dibuja el navegador: expect() de Playwright reintenta cada vez más espaciado (hasta 1 s),
# y la medida salía redondeada hacia arriba hasta en un segundo. «A la vista» como para Playwright: con tamaño y sin
# visibility: hidden (la precarga del ingreso está oculta así).
_A_LA_VISTA = """([selector, texto]) => [...document.querySelectorAll('[data-testid="stMain"] ' + selector)].some(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === "visible"
        && (!texto || e.textContent.includes(texto)); })"""
_VEREDICTO = ['[data-testid="stMetricLabel"]', "KPI de"]
_GRAFICO = [".js-plotly-plot .main-svg", ""]


def una_vez(navegador, url: str) -> tuple[float, float]:
    from playwright.sync_api import expect
    contexto = navegador.new_context(viewport=VENTANA, locale="es-BO", timezone_id="America/La_Paz")
    try:
        pagina = contexto.new_page()
        pagina.goto(url)
        expect(pagina.get_by_label("Usuario")).to_be_visible(timeout=ESPERA_MS)
        pagina.wait_for_load_state("networkidle")
        pagina.get_by_label("Usuario").fill("ana")
        pagina.get_by_label("Contraseña").fill(CLAVE)
        inicio = time.perf_counter()
        pagina.get_by_role("button", name="Ingresar").click()
        pagina.wait_for_function(_A_LA_VISTA, arg=_VEREDICTO, polling="raf", timeout=ESPERA_MS)
        veredicto = time.perf_counter() - inicio
        pagina.wait_for_function(_A_LA_VISTA, arg=_GRAFICO, polling="raf", timeout=ESPERA_MS)
        return veredicto, time.perf_counter() - inicio
    finally:
        contexto.close()


def resumen(nombre: str, medidas: list[tuple[float, float]]) -> str:
    veredicto, grafico = (statistics.median(m[i] for m in medidas) for i in (0, 1))
    return (f"{nombre}: «KPI de …» a la vista {veredicto:.2f} s, gráfico dibujado {grafico:.2f} s tras «Ingresar» "
            f"(mediana de {len(medidas)}: {', '.join(f'{g:.2f}' for _, g in medidas)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=5)
    parser.add_argument("--comparar-con", metavar="REVISION", help="otra revisión de git, medida alternada")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench_semaforo_") as carpeta:
        carpeta = Path(carpeta)
        base = preparar_base(carpeta / "seguimiento.duckdb")
        servidores = {"este árbol": iniciar_servidor(base, "bench_semaforo")}
        try:
            if args.comparar_con:
                otra = carpeta / "otra"
                otra.mkdir()
                archivo = subprocess.run(["git", "archive", args.comparar_con], cwd=RAIZ, capture_output=True,
                                         check=True).stdout
                subprocess.run(["tar", "-x", "-C", str(otra)], input=archivo, check=True)
                shutil.copy(base.ruta, carpeta / "otra.duckdb")
                servidores[args.comparar_con] = iniciar_servidor(Base(carpeta / "otra.duckdb"), "bench_semaforo_otra",
                                                                 raiz=otra)
            medidas = {nombre: [] for nombre in servidores}
            with sync_playwright() as p:
                navegador = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGUMENTOS_CHROMIUM)
                for servidor in servidores.values():
                    una_vez(navegador, servidor.url)  # el servidor ya cargó lo suyo (Plotly, pandas): como en uso
                for _ in range(args.repeticiones):
                    for nombre, servidor in servidores.items():
                        medidas[nombre].append(una_vez(navegador, servidor.url))
                navegador.close()
        finally:
            for servidor in servidores.values():
                servidor.detener()
    for nombre, lista in medidas.items():
        print(resumen(nombre, lista))
    print(f"Carga media al terminar {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
