"""Issue 24 en Chromium: lo que se guarda, una vez (un doble clic y otro clic más guardan un registro y dejan el
formulario vacío); la suplente abre en lo de ahora; una página prohibida escrita en la dirección da el aviso del
producto en español; en un teléfono (390 px) el menú se cierra al elegir una página.

La base se comprueba por la interfaz mientras el servidor vive, y con SQL recién cuando se detuvo (DuckDB admite un
solo proceso por archivo)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from playwright.sync_api import Page, expect

from datos import conexion
from demo.generador_facturas import para_demo, reporte_xlsx, tramites_de

from .conftest import CLAVE, CUENTAS, ESPERA_MS, iniciar_servidor, preparar_base
from .test_recorridos import (_contar_corridas, abrir_orden, corridas, elegir, esperar_corrida, esperar_quieto,
                              ingresar, ir_a)

TELEFONO = {"width": 390, "height": 844}


def doble_clic_y_otro(pagina: Page, formulario, boton: str) -> None:
    """Un doble clic en el botón del formulario y, cuando la página se aquietó, otro clic más en el mismo lugar."""
    antes = corridas(pagina)
    formulario.get_by_role("button", name=boton).dblclick()
    esperar_corrida(pagina, antes)
    antes = corridas(pagina)
    formulario.get_by_role("button", name=boton).click()
    esperar_corrida(pagina, antes)


def formulario(pagina: Page, titulo: str):
    return pagina.get_by_test_id("stForm").filter(has_text=titulo)


def test_un_doble_clic_y_otro_clic_guardan_un_registro_y_vacian_el_formulario(navegador, pagina_nueva, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setitem(CUENTAS, "fabiola", ("Fabiola Facturación", "facturacion"))
    base = preparar_base(tmp_path / "una_vez.duckdb")
    con = conexion.conectar(base.ruta)
    try:
        # Una atendida del último mes para verificar, y la facturación de un mes para explicar una excepción.
        (atendida,) = con.execute("SELECT ot FROM ordenes WHERE estado = 'ATENDIDO' AND actividad_codigo IN "
                                  "(52137, 8074) ORDER BY fecha_registro DESC, ot LIMIT 1").fetchone()
        tramites = [t for t in tramites_de(con) if (t.registro.year, t.registro.month) == (2026, 10)]
    finally:
        con.close()
    del_mes = {t.solicitud for t in tramites}
    facturas = tmp_path / "facturas_octubre.xlsx"
    facturas.write_bytes(reporte_xlsx([c for c in para_demo(tramites)[0] if c.solicitud in del_mes]))
    marca = dt.datetime.now().strftime("%H%M%S%f")
    textos = {"medida": f"E2E {marca}: medida una vez", "coordinacion": f"E2E {marca}: coordinación una vez",
              "verificacion": f"E2E {marca}: observación una vez", "ausencia": f"E2E {marca}: ausencia una vez",
              "explicacion": f"E2E {marca}: explicación una vez"}
    servidor = iniciar_servidor(base, "una_vez")
    try:
        pagina = pagina_nueva()
        ingresar(pagina, servidor.url, "ana")

        ir_a(pagina, "Anulados")
        abrir_orden(pagina, base.anulado)
        nuevo = formulario(pagina, "Agregar medida correctiva")
        nuevo.get_by_label("Medida correctiva", exact=True).fill(textos["medida"])
        doble_clic_y_otro(pagina, nuevo, "Guardar registro")
        expect(nuevo.get_by_label("Medida correctiva", exact=True)).to_have_value("")
        expect(pagina.get_by_text("No se guardó: Escriba la medida correctiva.")).to_be_visible()  # el clic de más

        ir_a(pagina, "Registrados")
        abrir_orden(pagina, base.registrado)
        nuevo = formulario(pagina, "Agregar coordinación")
        nuevo.get_by_label("Contacto (con quién se habló)").fill("Ing. Rojas, Gestión de Redes")
        nuevo.get_by_label("Qué se coordinó").fill(textos["coordinacion"])
        doble_clic_y_otro(pagina, nuevo, "Guardar registro")
        expect(nuevo.get_by_label("Qué se coordinó")).to_have_value("")
        expect(nuevo.get_by_label("Contacto (con quién se habló)")).to_have_value("")

        ir_a(pagina, "Atendidos")
        abrir_orden(pagina, atendida)
        nuevo = formulario(pagina, "Agregar verificación")
        nuevo.get_by_text("Con observación", exact=True).click()
        nuevo.get_by_label(re.compile("^Observación")).fill(textos["verificacion"])
        doble_clic_y_otro(pagina, nuevo, "Guardar registro")
        expect(nuevo.get_by_label(re.compile("^Observación"))).to_have_value("")
        expect(pagina.get_by_text(re.compile("Elija el resultado de la verificación"))).to_be_visible()

        ir_a(pagina, "Seguimiento / suplencia")
        nuevo = formulario(pagina, "Registrar una ausencia")
        nuevo.get_by_label("Motivo (opcional)").fill(textos["ausencia"])
        doble_clic_y_otro(pagina, nuevo, "Registrar ausencia")
        expect(nuevo.get_by_label("Motivo (opcional)")).to_have_value("")

        # La Encargada de Facturación: importa las facturas, abre la primera excepción y la explica.
        fabiola = pagina_nueva()
        ingresar(fabiola, servidor.url, "fabiola")
        expect(fabiola.get_by_role("heading", name="Conciliación CxC")).to_be_visible()  # abre en su página
        ir_a(fabiola, "Importar")
        fabiola.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(facturas)
        expect(fabiola.get_by_text("Listo para importar")).to_be_visible()
        fabiola.get_by_role("button", name=re.compile(r"^Confirmar e importar 1 archivo")).click()
        expect(fabiola.get_by_text(f"«{facturas.name}» importado")).to_be_visible()
        ir_a(fabiola, "Conciliación CxC")
        caja = fabiola.get_by_test_id("stSelectbox").filter(has=fabiola.get_by_text(re.compile(r"^Mes \(de registro")))
        if not fabiola.get_by_text("Tarifa de octubre 2026").count():
            antes = corridas(fabiola)
            elegir(fabiola, caja, fabiola.get_by_role("option", name="octubre 2026", exact=True))
            esperar_corrida(fabiola, antes)
        caja = fabiola.get_by_test_id("stSelectbox").filter(has=fabiola.get_by_text("Abrir un trámite"))
        caja.scroll_into_view_if_needed()
        caja.click()
        primera = fabiola.get_by_role("option").first
        expect(primera).not_to_contain_text("Conciliadas")  # las excepciones, primero
        antes = corridas(fabiola)
        primera.click()
        esperar_corrida(fabiola, antes)
        nuevo = formulario(fabiola, "Guardar explicación")
        nuevo.get_by_label("Explicación de la excepción").fill(textos["explicacion"])
        doble_clic_y_otro(fabiola, nuevo, "Guardar explicación")
        expect(nuevo.get_by_label("Explicación de la excepción")).to_have_value("")
    finally:
        servidor.detener()

    con = conexion.conectar(base.ruta)
    try:
        for clave in ("medida", "coordinacion", "verificacion"):
            assert con.execute("SELECT count(*) FROM seguimientos WHERE texto = $t", {"t": textos[clave]}).fetchone() \
                == (1,), clave
        assert con.execute("SELECT count(*) FROM ausencias WHERE motivo = $t", {"t": textos["ausencia"]}
                           ).fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM explicaciones WHERE texto = $t", {"t": textos["explicacion"]}
                           ).fetchone() == (1,)
    finally:
        con.close()


def test_la_suplente_abre_en_lo_que_necesita_a_alguien_ahora(servidor_compartido, pestana):
    pagina = pestana(servidor_compartido, "rita", "seguimiento")
    principal = pagina.get_by_test_id("stMain")
    # Un solo aviso de suplencia en la página.
    expect(principal.get_by_test_id("stAlert").filter(has_text=re.compile("a cargo"))).to_have_count(1)
    interruptor = pagina.get_by_role("switch", name="Incluir también lo más antiguo")
    expect(interruptor).not_to_be_checked()
    # Lo más antiguo, contado a un clic (las muestras traen 2025 entero, sin seguimiento).
    expect(pagina.get_by_text(re.compile(r"atendidas más antiguas sin verificar"))).to_be_visible()
    # La lista completa de lo que muestra (el CSV, con los mismos títulos): sólo lo de ahora.
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="Descargar CSV").first.click()
    contenido = descarga.value.path().read_text(encoding="utf-8-sig")
    filas = list(csv.DictReader(io.StringIO(contenido), delimiter=";"))
    assert filas, "hay pendientes de ahora en las muestras"
    hoy = dt.date.today()
    desde = (hoy.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for fila in filas:
        if fila["Qué falta"] != "Pendientes sin coordinación reciente":
            cierre = dt.datetime.strptime(fila["Anulación / atención"][:10], "%d/%m/%Y").date()
            assert cierre >= desde, fila


def test_una_pagina_prohibida_por_su_direccion_da_el_aviso_en_espanol(servidor_compartido, pestana):
    pagina = pestana(servidor_compartido, "ana", "administracion")
    expect(pagina.get_by_text(re.compile(r"Su rol no puede .*«Administración» es sólo para el administrador"))
           ).to_be_visible()
    expect(pagina.get_by_text("Page not found")).to_have_count(0)
    expect(pagina.get_by_role("dialog")).to_have_count(0)
    # y el menú no la ofrece
    expect(pagina.get_by_test_id("stSidebarNav").get_by_role("link", name="Administración")).to_have_count(0)


def test_en_un_telefono_el_menu_se_cierra_al_elegir_una_pagina(navegador, servidor_compartido):
    contexto = navegador.new_context(viewport=TELEFONO, locale="es-BO", timezone_id="America/La_Paz")
    contexto.set_default_timeout(ESPERA_MS)
    try:
        pagina = contexto.new_page()
        _contar_corridas(pagina)
        pagina.goto(servidor_compartido.url)
        pagina.get_by_label("Usuario").fill("ana")
        pagina.get_by_label("Contraseña").fill(CLAVE)
        pagina.get_by_role("button", name="Ingresar").click()
        expect(pagina.get_by_role("heading", name="Semáforo del KPI")).to_be_visible()
        esperar_quieto(pagina)
        barra = pagina.get_by_test_id("stSidebar")
        if barra.get_attribute("data-collapsed") == "true":
            pagina.get_by_test_id("stExpandSidebarButton").click()
        expect(barra).to_have_attribute("data-collapsed", "false")
        antes = corridas(pagina)
        barra.get_by_role("link", name="Registrados", exact=True).click()
        esperar_corrida(pagina, antes)
        expect(pagina.get_by_role("heading", name=re.compile("^Registrados"))).to_be_visible()
        expect(barra).to_have_attribute("data-collapsed", "true")
    finally:
        contexto.close()
