"""Issue 25 en Chromium, en un teléfono (390 px): la mañana de Atención — qué trajo la última importación y cómo movió
el KPI, cuánto falta para APROBADO, y una nota que queda dibujada en la tendencia."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import ACTUALIZACION, MUESTRAS, iniciar_servidor, kpi_esperado, preparar_base
from .test_recorridos import celda, corridas, esperar_corrida, nombre_mes, porcentaje

TELEFONO = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def servidor_actualizado(navegador, tmp_path_factory):
    """Las tres muestras y después la actualización, importada por Ana (el nombre, no el usuario, debe verse)."""
    from datos import conexion, importar
    from datos.permisos import Usuario

    base = preparar_base(tmp_path_factory.mktemp("novedades") / "seguimiento.duckdb")
    con = conexion.conectar(base.ruta)
    try:
        res = importar.importar_archivo(con, MUESTRAS / ACTUALIZACION, usuario=Usuario("ana", "Ana Atención",
                                                                                        "atencion"))
        assert not res.problemas
    finally:
        con.close()
    servidor = iniciar_servidor(base, "novedades")
    yield servidor
    servidor.detener()


def efecto_esperado(mes: str) -> str:
    """«octubre 2026: 80,76 % → 92,30 %, …» desde el JSON de las muestras, no desde el código del tablero."""
    antes, despues = (bloque[mes] for bloque in kpi_esperado())
    return f"{nombre_mes(mes)}: {porcentaje(antes['atendidos'], antes['total'])} → " \
           f"{porcentaje(despues['atendidos'], despues['total'])}"


def test_la_manana_de_atencion_en_el_telefono(servidor_actualizado, pestana):
    pagina = pestana(servidor_actualizado, "ana")
    pagina.set_viewport_size(TELEFONO)
    principal = pagina.get_by_test_id("stMain")

    # Para APROBADO, junto al veredicto de noviembre (19 de 28, 9 pendientes).
    _, despues = kpi_esperado()
    noviembre = despues["2026-11"]
    assert (noviembre["atendidos"], noviembre["total"], noviembre["registrados"]) == (19, 28, 9)
    expect(principal.get_by_text("Faltan 9 de los 9 pendientes: con 28 de 28 sería 100,00 %.")).to_be_visible()

    # Desde la última importación: quién, el efecto en el KPI de cada mes y las OT detrás de una línea.
    titulo = principal.get_by_role("heading", name="Desde la última importación")
    titulo.scroll_into_view_if_needed()
    expect(titulo).to_be_visible()
    expect(principal.get_by_text(f"«{ACTUALIZACION}», importada el", exact=False)).to_be_visible()
    expect(principal.get_by_text("por Ana Atención", exact=False).first).to_be_visible()
    for mes in ("2026-08", "2026-09", "2026-10"):
        expect(principal.get_by_text(efecto_esperado(mes), exact=False)).to_be_visible()
    linea = principal.get_by_test_id("stExpander").filter(has_text="pasaron de REGISTRADO a ATENDIDO")
    linea.get_by_text("pasaron de REGISTRADO a ATENDIDO").click()
    expect(celda(linea, "ATENDIDO")).to_be_attached()

    # Una nota para todo noviembre: queda dibujada en la tendencia y listada debajo, con el nombre de Ana.
    nota = principal.get_by_test_id("stExpander").filter(has_text="Agregar una nota a la tendencia")
    antes = corridas(pagina)
    nota.get_by_text("Agregar una nota a la tendencia").click()
    esperar_corrida(pagina, antes)
    nota.get_by_text("todo noviembre 2026").click()
    nota.get_by_label("Nota", exact=True).fill("Lluvias: acceso cerrado en Sacaba")
    antes = corridas(pagina)
    nota.get_by_role("button", name="Guardar nota").click()
    esperar_corrida(pagina, antes)
    expect(principal.get_by_text("Nota guardada: 01/11/2026 al 30/11/2026 — Lluvias", exact=False)).to_be_visible()
    grafico = principal.locator(".js-plotly-plot")
    expect(grafico.get_by_text("1. Lluvias: acceso cerra…")).to_be_attached()
    expect(principal.get_by_text("1. 01/11/2026 al 30/11/2026 — Lluvias: acceso cerrado en Sacaba (Ana Atención,",
                                 exact=False)).to_be_visible()
    # En 390 px nada se desborda a lo ancho.
    assert pagina.evaluate("document.documentElement.scrollWidth") <= TELEFONO["width"]
    expect(pagina.get_by_text("Traceback")).to_have_count(0)
