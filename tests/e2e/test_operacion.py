"""El tablero abierto y la línea de órdenes a la vez, sobre la misma base (issue 16): nada falla por el cerrojo."""
from __future__ import annotations

import json
import subprocess
import sys
import threading

from playwright.sync_api import expect

from .conftest import ACTUALIZACION, MUESTRAS, RAIZ, kpi_esperado
from .test_pulido import lista_entera
from .test_recorridos import comprobar_semaforo, ingresar, ir_a


def _orden(*argumentos: str, db) -> subprocess.CompletedProcess:
    """Una orden real de la CLI (otro proceso, como la correría cron), con la base del servidor."""
    return subprocess.run([sys.executable, "-m", *argumentos, "--db", str(db)], cwd=RAIZ, capture_output=True,
                          text=True, timeout=180)


def test_la_cli_trabaja_mientras_el_tablero_esta_abierto(servidor_nuevo, pagina_nueva, tmp_path):
    antes, despues = kpi_esperado()
    servidor = servidor_nuevo("operacion")
    pagina = pagina_nueva()
    ingresar(pagina, servidor.url, "ana")
    comprobar_semaforo(pagina, antes)

    kpi = _orden("consultas", "kpi", db=servidor.base.ruta)
    assert kpi.returncode == 0, kpi.stderr
    assert {f["mes"]: f["total"] for f in json.loads(kpi.stdout)} == {m: f["total"] for m, f in antes.items()}

    importacion = _orden("datos", "importar", str(MUESTRAS / ACTUALIZACION), db=servidor.base.ruta)
    assert importacion.returncode == 0, importacion.stdout + importacion.stderr

    ultimo = max(despues)
    informe = _orden("informes", "mensual", ultimo, "--salida", str(tmp_path / "informes"), db=servidor.base.ruta)
    assert informe.returncode == 0, informe.stderr
    assert len(list((tmp_path / "informes").glob("*.pdf"))) == 1

    # La misma pestaña, sin volver a ingresar: al cambiar de página ve lo importado por la CLI.
    ir_a(pagina, "Anulados")
    ir_a(pagina, "Semáforo")
    comprobar_semaforo(pagina, despues)
    expect(pagina.get_by_text("Traceback")).to_have_count(0)


def test_mientras_otro_proceso_tiene_la_base_la_pagina_espera_y_despues_se_muestra(servidor_compartido, pestana):
    from datos import conexion

    antes, _ = kpi_esperado()
    servidor = servidor_compartido  # sólo lee: no cambia cifras de otros recorridos
    pagina = pestana(servidor, "ana", "registrados")
    # Este proceso de pruebas es «otro proceso» para el servidor: toma la base como una importación larga de la CLI.
    tengo, soltar = threading.Event(), threading.Event()

    def retener():
        with conexion.abierta(servidor.base.ruta):
            tengo.set()
            soltar.wait(120)
    hilo = threading.Thread(target=retener)
    hilo.start()
    try:
        assert tengo.wait(60)
        pagina.get_by_test_id("stSidebarNav").get_by_role("link", name="Anulados", exact=True).click()
        expect(pagina.get_by_text("Otra tarea está usando la base")).to_be_visible()
    finally:
        soltar.set()
        hilo.join()
    expect(pagina.get_by_role("heading", name="Anulados")).to_be_visible()  # llega después, sin error
    expect(pagina.get_by_text("Otra tarea está usando la base")).to_have_count(0)
    expect(pagina.get_by_text("en uso por otro proceso")).to_have_count(0)
    ir_a(pagina, "Semáforo")
    comprobar_semaforo(pagina, antes)


def test_la_descarga_de_una_bandeja_se_arma_despues_de_la_corrida(servidor_compartido, pestana):
    """El CSV se arma al pulsar, en otro hilo, cuando la corrida ya cerró la base: abre la suya (paginas/comun/unidad.al_pulsar).
    La descarga lleva lo que dice la lista: aquí, la lista entera del periodo (lo de ahora depende de la fecha de hoy)."""
    pagina = pestana(servidor_compartido, "ana", "anulados")
    lista_entera(pagina)
    expect(pagina.get_by_text("La descarga lleva toda la lista del periodo (todos los meses)")).to_be_visible()
    boton = pagina.get_by_role("button", name="Descargar CSV")
    expect(boton).to_be_visible()
    with pagina.expect_download() as descarga:
        boton.click()
    with open(descarga.value.path(), "rb") as f:
        texto = f.read().decode("utf-8-sig")
    assert str(servidor_compartido.base.anulado) in texto  # la OT anulada del último mes, en la lista
