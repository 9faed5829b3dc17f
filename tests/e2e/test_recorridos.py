"""Los recorridos de cada usuario, de punta a punta, en Chromium contra `streamlit run app.py`.

Las cifras esperadas salen de tests/muestras/kpi_esperado.json (calculadas aparte), no del código del tablero.
Las capturas de las páginas principales quedan en tests/artefactos/capturas/ y, con ACTUALIZAR_CAPTURAS=1,
también en docs/capturas/ (las del README).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import time

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests import osf_archivos as osf

from .conftest import ACTUALIZACION, ARTEFACTOS, CAPTURAS_README, CLAVE, CUENTAS, ESPERA_MS, MUESTRAS, kpi_esperado

MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre")


# ------------------------------------------------------------------ oráculo independiente

def nombre_mes(clave: str) -> str:
    """«2026-10» → «octubre 2026»."""
    anio, mes = clave.split("-")
    return f"{MESES[int(mes) - 1]} {anio}"


def clave_mes(nombre: str) -> str:
    """«octubre 2026» → «2026-10»."""
    mes, anio = nombre.split()
    return f"{anio}-{MESES.index(mes) + 1:02d}"


def porcentaje(atendidos: int, total: int) -> str:
    """Truncado a centésimas, con coma decimal: 48/49 → «97,95 %»."""
    centesimas = atendidos * 10_000 // total
    return f"{centesimas // 100},{centesimas % 100:02d} %"


def veredicto(atendidos: int, total: int) -> str:
    return "APROBADO" if atendidos * 100 >= 98 * total else "OBSERVADO"


# ------------------------------------------------------------------ cómo se usa la página

# Cuándo termina una corrida del guion lo dice el servidor: el mensaje `script_finished` por el websocket.
# (El atributo data-test-script-state de stApp no basta: una corrida corta puede no hacerlo cambiar.)
_CORRIDAS: dict[Page, list[int]] = {}


def _contar_corridas(pagina: Page) -> None:
    if pagina in _CORRIDAS:
        return
    cuenta = _CORRIDAS[pagina] = [0]

    def recibido(mensaje) -> None:
        if isinstance(mensaje, str):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(mensaje)
        except Exception:  # noqa: BLE001 — un mensaje que no es de Streamlit no cuenta
            return
        # Una corrida cortada por st.rerun() no es el final: sigue otra.
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            cuenta[0] += 1
    pagina.on("websocket", lambda ws: ws.on("framereceived", recibido))


def corridas(pagina: Page) -> int:
    return _CORRIDAS[pagina][0]


def esperar_corrida(pagina: Page, antes: int) -> None:
    """Espera a que termine una corrida del guion empezada después de `antes = corridas(pagina)`."""
    limite = time.monotonic() + ESPERA_MS / 1000
    while corridas(pagina) <= antes:
        if time.monotonic() > limite:
            raise AssertionError(f"ninguna corrida del guion terminó en {ESPERA_MS // 1000} s tras la acción")
        pagina.wait_for_timeout(50)  # deja a Playwright entregar los mensajes del websocket
    esperar_quieto(pagina)


def esperar_quieto(pagina: Page) -> None:
    """Streamlit no está corriendo el guion y el indicador «Running» desapareció."""
    expect(pagina.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(pagina.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(pagina.locator("[data-stale='true']")).to_have_count(0)


def elegir(pagina: Page, caja, opcion) -> None:
    """Abre un selector y hace clic en una de sus opciones. El navegador a veces cierra la lista entre abrirla y el
    clic, sin ninguna corrida del guion en medio (CI, 07/12/2026: 30 s esperando una opción que ya no estaba): se
    vuelve a abrir, como lo haría alguien. Quien llama espera lo que la elección cambia."""
    for intento in range(3):
        esperar_quieto(pagina)
        caja.click()
        try:
            opcion.click(timeout=8_000)
            return
        except PlaywrightTimeoutError:
            if intento == 2:
                raise
            pagina.keyboard.press("Escape")


def ingresar(pagina: Page, url: str, usuario: str) -> None:
    _contar_corridas(pagina)
    pagina.goto(url)
    pagina.get_by_label("Usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(CLAVE)
    pagina.get_by_role("button", name="Ingresar").click()
    expect(pagina.get_by_test_id("stSidebar").get_by_text(CUENTAS[usuario][0])).to_be_visible()
    esperar_quieto(pagina)


def menu(pagina: Page):
    return pagina.get_by_test_id("stSidebarNav")


def ir_a(pagina: Page, titulo: str) -> None:
    """Como una persona: un clic en el menú lateral (un `goto` abriría otra sesión, sin ingreso)."""
    antes = corridas(pagina)
    menu(pagina).get_by_role("link", name=titulo, exact=True).click()
    esperar_corrida(pagina, antes)
    expect(menu(pagina).get_by_role("link", name=titulo, exact=True)).to_have_attribute("aria-current", "page")


def metrica(pagina: Page, etiqueta: str):
    """El valor de la métrica con esa etiqueta exacta."""
    return (pagina.get_by_test_id("stMetric")
            .filter(has=pagina.get_by_test_id("stMetricLabel").get_by_text(etiqueta, exact=True))
            .get_by_test_id("stMetricValue"))


def celda(pagina: Page, texto: str):
    """La primera celda de un st.dataframe con ese texto. La grilla se dibuja en un canvas; sus celdas
    visibles quedan también en una tabla accesible oculta, de ahí `include_hidden` y `to_be_attached`."""
    return pagina.get_by_role("gridcell", include_hidden=True).filter(has_text=texto).first


def captura(pagina: Page, nombre: str) -> None:
    """Captura de la ventana (1280×900) para el README: siempre en artefactos, en docs/ si se pide."""
    esperar_quieto(pagina)
    expect(pagina.get_by_test_id("stSkeleton")).to_have_count(0)  # sin widgets a medio dibujar en la captura
    carpeta = ARTEFACTOS / "capturas"
    carpeta.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=carpeta / f"{nombre}.png")
    if os.environ.get("ACTUALIZAR_CAPTURAS") == "1":
        CAPTURAS_README.mkdir(parents=True, exist_ok=True)
        shutil.copy(carpeta / f"{nombre}.png", CAPTURAS_README / f"{nombre}.png")


def mes_mostrado(pagina: Page) -> str:
    """El mes del KPI grande, leído de la etiqueta «KPI de octubre 2026»."""
    etiqueta = pagina.get_by_test_id("stMetricLabel").filter(has_text=re.compile(r"^KPI de ")).first
    expect(etiqueta).to_be_visible()
    return clave_mes(etiqueta.inner_text().strip().removeprefix("KPI de ").strip())


def comprobar_semaforo(pagina: Page, esperado: dict) -> None:
    """Veredicto, porcentaje truncado y conteos del mes que muestra la página."""
    fila = esperado[mes_mostrado(pagina)]
    estado = veredicto(fila["atendidos"], fila["total"])
    assert estado == fila["estado"]  # el oráculo coincide con el JSON
    principal = pagina.get_by_test_id("stMain")
    expect(principal.get_by_role("heading", name=estado)).to_be_visible()
    otro = "OBSERVADO" if estado == "APROBADO" else "APROBADO"
    expect(principal.get_by_role("heading", name=otro)).to_have_count(0)
    expect(pagina.get_by_test_id("stMetricValue").filter(has_text="%").first).to_have_text(
        porcentaje(fila["atendidos"], fila["total"]))
    for etiqueta, campo in (("Total trámites", "total"), ("Atendidos", "atendidos"),
                            ("Registrados", "registrados"), ("Anulados", "anulados")):
        expect(metrica(pagina, etiqueta)).to_have_text(str(fila[campo]))


def elegir_mes(pagina: Page, clave: str) -> None:
    caja = pagina.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(
        has=pagina.get_by_text("Mes", exact=True)).first
    elegir(pagina, caja, pagina.get_by_role("option", name=nombre_mes(clave), exact=True))
    expect(pagina.get_by_test_id("stMetricLabel").filter(has_text=f"KPI de {nombre_mes(clave)}")).to_be_visible()


def subir(pagina: Page, archivo) -> None:
    pagina.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(archivo)


def abrir_orden(pagina: Page, ot: int) -> None:
    """Al pie de una bandeja: escribe la OT en «Abrir una orden» y espera su ficha."""
    caja = pagina.get_by_test_id("stSelectbox").filter(has=pagina.get_by_text("Abrir una orden"))
    caja.scroll_into_view_if_needed()
    caja.click()
    antes = corridas(pagina)
    pagina.keyboard.type(str(ot))
    pagina.keyboard.press("Enter")
    esperar_corrida(pagina, antes)
    expect(pagina.get_by_role("heading", name=re.compile(rf"^OT {ot}\b"))).to_be_visible()


def guardar(pagina: Page) -> None:
    antes = corridas(pagina)
    pagina.get_by_role("button", name="Guardar registro").click()
    esperar_corrida(pagina, antes)


# ------------------------------------------------------------------ recorridos

def test_atencion_ve_el_semaforo_importa_y_las_cifras_cambian(servidor_nuevo, pagina_nueva, tmp_path):
    antes, despues = kpi_esperado()
    servidor = servidor_nuevo("importacion")
    pagina = pagina_nueva()
    ingresar(pagina, servidor.url, "ana")

    # El Semáforo abre en el último mes con datos, con el veredicto y el porcentaje de las muestras.
    expect(pagina.get_by_role("heading", name="Semáforo del KPI")).to_be_visible()
    ultimo = max(antes)
    assert mes_mostrado(pagina) == ultimo
    comprobar_semaforo(pagina, antes)
    captura(pagina, "semaforo")

    # Sube la exportación más nueva, la revisa y confirma.
    ir_a(pagina, "Importar")
    subir(pagina, MUESTRAS / ACTUALIZACION)
    expect(pagina.get_by_text("Listo para importar")).to_be_visible()
    pagina.get_by_role("button", name=re.compile(r"^Confirmar e importar 1 archivo")).click()
    expect(pagina.get_by_text(f"«{ACTUALIZACION}» importado")).to_be_visible()
    # Lo que se sabe sin mirar el código: todas las órdenes de un mes nuevo son nuevas, y cada orden que
    # cambió de estado en un mes ya conocido es una actualización.
    mes_nuevo = sorted(set(despues) - set(antes))
    nuevas_minimas = sum(despues[m]["total"] for m in mes_nuevo)
    cambios_minimos = sum(despues[m]["atendidos"] - antes[m]["atendidos"] for m in antes)
    assert nuevas_minimas > 0 and cambios_minimos > 0
    assert int(metrica(pagina, "Órdenes nuevas").inner_text().replace(".", "")) >= nuevas_minimas
    assert int(metrica(pagina, "Actualizadas").inner_text().replace(".", "")) >= cambios_minimos
    captura(pagina, "importar")

    # De vuelta en el Semáforo: las cifras son las del segundo bloque, en el mes que muestre y en el de antes.
    ir_a(pagina, "Semáforo")
    comprobar_semaforo(pagina, despues)
    elegir_mes(pagina, ultimo)
    comprobar_semaforo(pagina, despues)
    assert despues[ultimo] != antes[ultimo]

    # Las exportaciones reales de OSF, en la misma sesión: el libro de SQL Developer (con la hoja de la consulta
    # primero) y un .xls 97-2003 guardado con otro nombre; se dice qué hoja se leyó y un año imposible se rechaza.
    lista = osf.ordenes(semilla=7, n=40)  # OT 5.307.000 en adelante: ninguna está en las muestras
    libro = tmp_path / "SQL Results.xlsx"
    libro.write_bytes(osf.sql_developer_xlsx(lista, consulta_primero=True))
    viejo = tmp_path / "macro_ordenes.xls"
    viejo.write_bytes(osf.xls_97([dataclasses.replace(lista[3], creada="02/05/0026 09:00")]))  # año mal escrito
    ir_a(pagina, "Importar")
    pagina.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([libro, viejo])
    expect(pagina.get_by_text("Se leyó la hoja «SQL Results»; se omitieron «SQL Statement»")).to_be_visible()
    expect(pagina.get_by_text(re.compile(r"Rechazado: 1 problema"))).to_be_visible()
    expect(celda(pagina, "Reporte OTs")).to_be_attached()  # la hoja, en su columna de la tabla de problemas
    expect(celda(pagina, "año 0026")).to_be_attached()
    pagina.get_by_role("button", name=re.compile(r"^Confirmar e importar 1 archivo")).click()
    expect(pagina.get_by_text("«SQL Results.xlsx» importado")).to_be_visible()
    esperar_quieto(pagina)  # mientras corre, quedan elementos atenuados de antes: en CI, dos «Órdenes nuevas»
    assert int(metrica(pagina, "Órdenes nuevas").inner_text().replace(".", "")) == len({o.ot for o in lista})


def test_atencion_registra_medida_y_coordinacion(servidor_compartido, pestana):
    base = servidor_compartido.base
    pagina = pestana(servidor_compartido, "ana", "anulados")
    marca = dt.datetime.now().strftime("%H%M%S%f")  # textos únicos aunque la prueba se repita

    expect(pagina.get_by_role("heading", name="Anulados", exact=True)).to_be_visible()
    captura(pagina, "anulados")
    abrir_orden(pagina, base.anulado)
    medida = f"E2E {marca}: se informó al solicitante el motivo de la anulación"
    pagina.get_by_label("Medida correctiva", exact=True).fill(medida)
    guardar(pagina)
    expect(pagina.get_by_text(f"Registro de medida correctiva guardado en la OT {base.anulado}")).to_be_visible()
    # La ficha sigue abierta y muestra el registro con su autora.
    expect(celda(pagina, medida)).to_be_attached()

    ir_a(pagina, "Registrados")
    expect(pagina.get_by_role("heading", name=re.compile("^Registrados"))).to_be_visible()
    captura(pagina, "registrados")
    abrir_orden(pagina, base.registrado)
    coordinacion = f"E2E {marca}: cuadrilla asignada para el jueves"
    pagina.get_by_label("Contacto (con quién se habló)").fill("Ing. Rojas, Gestión de Redes")
    pagina.get_by_label("Qué se coordinó").fill(coordinacion)
    guardar(pagina)
    expect(pagina.get_by_text(re.compile(rf"Registro de coordinación.* guardado en la OT {base.registrado}"))
           ).to_be_visible()
    expect(celda(pagina, coordinacion)).to_be_attached()

    # La Resp. de Retención, en su propio navegador, ve lo que acaba de hacer la Resp. de Atención.
    otra = pestana(servidor_compartido, "rita", "seguimiento")
    for texto in (medida, coordinacion):
        expect(celda(otra, texto)).to_be_attached()


def test_retencion_a_cargo_durante_la_ausencia(servidor_compartido, pestana):
    base = servidor_compartido.base
    pagina = pestana(servidor_compartido, "rita", "seguimiento")
    principal = pagina.get_by_test_id("stMain")
    # La página dice que ella está a cargo, y hasta cuándo.
    aviso = principal.get_by_test_id("stAlert").filter(has_text="Retención de Clientes está a cargo")
    expect(aviso).to_be_visible()
    expect(aviso).to_contain_text(base.ausencia[1].strftime("%d/%m/%Y"))
    # Lo que hizo la Resp. de Atención antes de irse: cada registro, con su autora.
    for _, _, texto in base.registros:
        expect(celda(pagina, texto)).to_be_attached()
    expect(celda(pagina, CUENTAS["ana"][0])).to_be_attached()
    captura(pagina, "seguimiento")


def test_jefatura_descarga_el_pdf_y_no_puede_escribir(servidor_compartido, pestana):
    pagina = pestana(servidor_compartido, "julia", "informe")
    expect(menu(pagina).get_by_role("link", name="Semáforo", exact=True)).to_be_visible()
    expect(menu(pagina).get_by_role("link", name="Importar")).to_have_count(0)
    boton = pagina.get_by_role("button", name="Descargar informe (PDF)")
    expect(boton).to_be_visible()
    captura(pagina, "informe")
    with pagina.expect_download() as descarga:
        boton.click()
    ruta = descarga.value.path()
    with open(ruta, "rb") as f:
        assert f.read(5) == b"%PDF-"
    assert descarga.value.suggested_filename.endswith(".pdf")

    # En cada página que puede abrir no hay nada con qué escribir.
    titulos = [t.split("\n")[-1].strip() for t in menu(pagina).get_by_role("link").all_inner_texts()]  # sin icono
    assert "Semáforo" in titulos and "Informe mensual" in titulos
    for titulo in titulos:
        ir_a(pagina, titulo)
        principal = pagina.get_by_test_id("stMain")
        expect(principal.get_by_role("heading", level=1)).to_be_visible()
        # Un campo de texto suelto puede ser un filtro (Auditoría); escribir pasa por formularios,
        # áreas de texto, el selector de archivos o un botón que guarda.
        for prohibido in ("stForm", "stFileUploader", "stTextArea"):
            expect(principal.get_by_test_id(prohibido), f"{prohibido} en «{titulo}»").to_have_count(0)
        expect(principal.get_by_role("button", name=re.compile("Guardar|Confirmar|Importar|Registrar|Agregar")),
               f"botón para escribir en «{titulo}»").to_have_count(0)

    # Ni escribiendo la dirección de «Importar» llega al selector de archivos (sigue adentro: la sesión sobrevive a
    # una dirección escrita a mano, issue 14 punto 4).
    pagina.goto(f"{servidor_compartido.url}/importar")
    expect(pagina.get_by_test_id("stSidebar").get_by_text(CUENTAS["julia"][0])).to_be_visible()
    esperar_quieto(pagina)
    expect(pagina.get_by_test_id("stMain").get_by_role("heading", level=1)).to_be_visible()
    expect(pagina.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(pagina.get_by_role("heading", name=re.compile("Importar"))).to_have_count(0)


def test_archivo_rechazado_muestra_sus_problemas_y_no_cambia_nada(servidor_compartido, pestana, tmp_path):
    antes, _ = kpi_esperado()
    ultimo = max(antes)
    anio, mes = ultimo.split("-")
    # Una fila buena (de modo que, si el archivo entrara a medias, el mes cambiaría), un estado desconocido
    # y una fecha imposible.
    malo = tmp_path / "ordenes_con_errores.csv"
    malo.write_text(
        "Nro. Orden;Cod Actividad;Descripción Actividad;Estado;F. Registro\n"
        f"5299901;52137;Servicio de Ingeniería Traslado Poste Usuario;ATENDIDO;10/{mes}/{anio} 09:00:00\n"
        f"5299902;52137;Servicio de Ingeniería Traslado Poste Usuario;EN REVISIÓN;11/{mes}/{anio} 10:00:00\n"
        "5299903;52137;Servicio de Ingeniería Traslado Poste Usuario;REGISTRADO;31/02/2026 08:00:00\n",
        encoding="utf-8")

    pagina = pestana(servidor_compartido, "ana")
    assert mes_mostrado(pagina) == ultimo
    comprobar_semaforo(pagina, antes)

    ir_a(pagina, "Importar")
    subir(pagina, malo)
    expect(pagina.get_by_text(re.compile(r"Rechazado: 2 problema"))).to_be_visible()
    expect(celda(pagina, "EN REVISIÓN")).to_be_attached()
    expect(celda(pagina, "31/02/2026")).to_be_attached()
    expect(pagina.get_by_role("button", name=re.compile("^Confirmar e importar"))).to_have_count(0)

    ir_a(pagina, "Semáforo")
    assert mes_mostrado(pagina) == ultimo
    comprobar_semaforo(pagina, antes)


def test_un_registro_rechazado_conserva_lo_escrito(servidor_compartido, pestana):
    base = servidor_compartido.base
    pagina = pestana(servidor_compartido, "ana", "registrados")
    abrir_orden(pagina, base.registrado)
    texto = "E2E: se pidió prioridad a la cuadrilla de turno"
    # el formulario para agregar (si la orden ya tiene una coordinación, debajo está el de corregirla)
    nuevo = pagina.get_by_test_id("stForm").filter(has_text="Agregar coordinación")
    nuevo.get_by_label("Contacto (con quién se habló)").fill("Ing. Rojas, Gestión de Redes")
    nuevo.get_by_label("Qué se coordinó").fill(texto)
    # la fecha acordada, antes del contacto (hoy): se rechaza. El campo de fecha se escribe por partes (día, mes, año).
    nuevo.get_by_role("spinbutton", name="day, Fecha acordada de atención").click()
    pagina.keyboard.type((dt.date.today() - dt.timedelta(days=5)).strftime("%d%m%Y"))
    pagina.keyboard.press("Tab")
    guardar(pagina)
    expect(pagina.get_by_text(re.compile("^No se guardó"))).to_be_visible()
    expect(nuevo.get_by_label("Qué se coordinó")).to_have_value(texto)
    expect(nuevo.get_by_label("Contacto (con quién se habló)")).to_have_value("Ing. Rojas, Gestión de Redes")
