"""Issue 24 en Chromium, a 1366 px (la pantalla de la oficina): nada cortado ni en el formato de Streamlit. En Importar,
el tamaño de cada archivo elegido en castellano («78,7 KB», no «78.7KB») y el problema de la fila elegida entero
debajo de la tabla; las métricas con su rótulo entero (Conciliación: tests/e2e/test_conciliacion.py, también a 390 px).
Las capturas quedan en tests/artefactos/capturas/ para mirarlas."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import ARTEFACTOS
from .test_recorridos import corridas, esperar_corrida, esperar_quieto, ir_a, subir

ANCHA = {"width": 1366, "height": 768}
# Rótulo y descripción de cada métrica: Streamlit los corta con «…» (text-overflow) dentro de este contenedor.
ROTULOS = ('[data-testid="stMetricLabel"] .stMarkdownEllipsis, '
           '[data-testid="stMetricDeltaDescription"] .stMarkdownEllipsis')


def cortados(pagina: Page, selector: str = ROTULOS) -> list[str]:
    """Los textos de `selector` que no caben en su caja (los que Streamlit termina con «…»)."""
    esperar_quieto(pagina)
    return pagina.evaluate("""sel => Array.from(document.querySelectorAll(sel))
        .filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)""", selector)


def capturar(pagina: Page, nombre: str) -> None:
    carpeta = ARTEFACTOS / "capturas"
    carpeta.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=carpeta / f"{nombre}.png")


def test_importar_dice_el_tamano_en_castellano_y_el_problema_entero(servidor_compartido, pestana, tmp_path):
    malo = tmp_path / "ordenes_con_problemas.csv"
    malo.write_text(
        "Nro. Orden;Cod Actividad;Descripción Actividad;Estado;F. Registro\n"
        "5299911;52137;Servicio de Ingeniería Traslado Poste Usuario;EN REVISIÓN;11/10/2026 10:00:00\n"
        "5299912;52137;Servicio de Ingeniería Traslado Poste Usuario;REGISTRADO;31/02/2026 08:00:00\n"
        + "".join(f"52999{20 + i};52137;Servicio de Ingeniería Traslado Poste Usuario;ATENDIDO;1{i}/10/2026 09:00:00\n"
                  for i in range(10)),  # más de 1 KB
        encoding="utf-8")
    pagina = pestana(servidor_compartido, "ana")
    pagina.set_viewport_size(ANCHA)
    ir_a(pagina, "Importar")
    antes = corridas(pagina)
    subir(pagina, malo)
    esperar_corrida(pagina, antes)
    expect(pagina.get_by_text(re.compile(r"Rechazado: 2 problema"))).to_be_visible()

    # El tamaño: el del selector («0.3KB») no se ve; el de la página, con coma y espacio.
    kb = f"{malo.stat().st_size / 1000:.1f}".replace(".", ",")
    expect(pagina.get_by_text(f"Elegidos: ordenes_con_problemas.csv ({kb} KB)", exact=True)).to_be_visible()
    del_selector = pagina.get_by_test_id("stFileChip").get_by_text(re.compile(r"^\d+(\.\d+)?\s?[KM]?B$"))
    expect(del_selector).to_have_count(1)
    expect(del_selector).to_be_hidden()

    # El problema entero: el primero al abrir; el de la fila elegida, después.
    entero = pagina.locator("[class*='st-key-problemas_'][class*='_entero']")
    expect(entero).to_contain_text("Línea 2 · columna Estado · valor «EN REVISIÓN»")
    expect(entero).to_contain_text("Qué hacer:")
    assert cortados(pagina, "[class*='st-key-problemas_'][class*='_entero'] p") == []
    capturar(pagina, "importar_problemas_1366")
    tabla = pagina.get_by_test_id("stDataFrame").first
    tabla.scroll_into_view_if_needed()
    caja = tabla.bounding_box()
    antes = corridas(pagina)
    pagina.mouse.click(caja["x"] + 15, caja["y"] + 35 * 2 + 17)  # la casilla de la segunda fila (35 px por fila)
    esperar_corrida(pagina, antes)
    expect(entero).to_contain_text("Línea 3 · columna F. Registro · valor «31/02/2026 08:00:00»")
    expect(entero).to_contain_text("Qué hacer:")
    capturar(pagina, "importar_problema_elegido_1366")


def test_las_metricas_del_semaforo_y_del_informe_no_se_cortan(servidor_compartido, pestana):
    pagina = pestana(servidor_compartido, "julia")
    pagina.set_viewport_size(ANCHA)
    for titulo in ("Semáforo", "Informe mensual"):
        ir_a(pagina, titulo)
        expect(pagina.get_by_test_id("stMetric").first).to_be_visible()
        assert cortados(pagina) == [], titulo
