"""El recorrido de la Encargada de Facturación en Chromium: ingresa, importa una exportación de facturación (hecha por
el generador del proyecto desde las órdenes de la base), explica una excepción y firma el mes."""
from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from datos import conexion
from demo.generador_facturas import para_demo, reporte_xlsx, tramites_de

from .conftest import CUENTAS, VENTANA, iniciar_servidor, preparar_base
from .test_sin_cortes import capturar, cortados
from .test_recorridos import corridas, elegir, esperar_corrida, ingresar, ir_a, metrica, subir

OCTUBRE = (2026, 10)


def test_facturacion_importa_explica_y_firma(navegador, pagina_nueva, tmp_path, monkeypatch):
    monkeypatch.setitem(CUENTAS, "fabiola", ("Fabiola Facturación", "facturacion"))
    base = preparar_base(tmp_path / "conciliacion.duckdb")  # crea también la cuenta de facturación
    # La exportación de caja de los trámites de octubre de 2026, antes de que el servidor abra la base.
    con = conexion.conectar(base.ruta)
    tramites = [t for t in tramites_de(con) if (t.registro.year, t.registro.month) == OCTUBRE]
    con.close()
    del_mes = {t.solicitud for t in tramites}
    cargos = [c for c in para_demo(tramites)[0] if c.solicitud in del_mes]
    assert len(tramites) > 10 and len({c.solicitud for c in cargos}) < len(tramites)  # alguno sin factura
    archivo = tmp_path / "facturas_cxc_octubre_2026.xlsx"
    archivo.write_bytes(reporte_xlsx(cargos))
    servidor = iniciar_servidor(base, "conciliacion")
    try:
        pagina = pagina_nueva()
        ingresar(pagina, servidor.url, "fabiola")

        # Importar: la revisión dice qué familia vio; se confirma.
        ir_a(pagina, "Importar")
        subir(pagina, archivo)
        expect(pagina.get_by_text(re.compile(r"Facturas CxC \(Excel\)"))).to_be_visible()
        expect(pagina.get_by_text("Listo para importar")).to_be_visible()
        pagina.get_by_role("button", name=re.compile(r"^Confirmar e importar 1 archivo")).click()
        expect(pagina.get_by_text(f"«{archivo.name}» importado")).to_be_visible()
        expect(metrica(pagina, "Facturas nuevas")).to_have_text(str(len({c.factura for c in cargos})))

        # Conciliación de octubre: una excepción explicada cuenta en «Explicadas».
        ir_a(pagina, "Conciliación CxC")
        caja = pagina.get_by_test_id("stSelectbox").filter(has=pagina.get_by_text(re.compile(r"^Mes \(de registro")))
        if not pagina.get_by_text("Tarifa de octubre 2026").count():  # abre en el último mes con datos
            antes = corridas(pagina)
            elegir(pagina, caja, pagina.get_by_role("option", name="octubre 2026", exact=True))
            esperar_corrida(pagina, antes)
        expect(pagina.get_by_text("Tarifa de octubre 2026: Bs. 1.000,00.")).to_be_visible()
        # Issue 24: ningún rótulo de métrica cortado con «…» («Cobrada con orden anula…»), a 1366 px y en un teléfono.
        for ancho, alto in ((1366, 768), (390, 844)):
            pagina.set_viewport_size({"width": ancho, "height": alto})
            expect(metrica(pagina, "Cobrada con orden anulada")).to_be_visible()
            assert cortados(pagina) == [], ancho
            pagina.get_by_test_id("stMetric").first.scroll_into_view_if_needed()
            capturar(pagina, f"conciliacion_metricas_{ancho}")
        pagina.set_viewport_size(VENTANA)
        explicadas = metrica(pagina, "Explicadas")
        expect(explicadas).to_have_text(re.compile(r"^0 de [1-9]\d*$"))
        excepciones = explicadas.inner_text().split(" de ")[1]

        caja = pagina.get_by_test_id("stSelectbox").filter(has=pagina.get_by_text("Abrir un trámite"))
        caja.scroll_into_view_if_needed()
        antes = corridas(pagina)
        elegir(pagina, caja, pagina.get_by_role("option").first)  # las excepciones van primero
        esperar_corrida(pagina, antes)
        texto = f"E2E {dt.datetime.now():%H%M%S}: cobro revisado con caja"
        pagina.get_by_label("Explicación de la excepción").fill(texto)
        antes = corridas(pagina)
        pagina.get_by_role("button", name="Guardar explicación").click()
        esperar_corrida(pagina, antes)
        expect(pagina.get_by_text("Explicación guardada.")).to_be_visible()
        expect(metrica(pagina, "Explicadas")).to_have_text(f"1 de {excepciones}")

        # Firma «Elaborado por»: queda su nombre y el resultado guardado es el de hoy.
        antes = corridas(pagina)
        pagina.get_by_role("button", name="Firmar «Elaborado por»").click()
        esperar_corrida(pagina, antes)
        # Quedan excepciones sin explicar: se listan y se pide confirmar (issue 24).
        expect(pagina.get_by_text(re.compile(r"Quedan \d+ excepción\(es\) sin explicar"))).to_be_visible()
        antes = corridas(pagina)
        pagina.get_by_role("button", name="Firmar igual, con las excepciones sin explicar").click()
        esperar_corrida(pagina, antes)
        expect(pagina.get_by_text("Conciliación de octubre 2026 firmada («Elaborado por»).")).to_be_visible()
        expect(pagina.get_by_text(re.compile(r"Elaborado por: Fabiola Facturación \(Encargada de Facturación\)")
                                  )).to_be_visible()
        expect(pagina.get_by_text(re.compile("Nada cambió desde la firma"))).to_be_visible()
    finally:
        servidor.detener()
