"""La página «Conciliación CxC» con AppTest: una métrica por categoría con su importe, las listas, explicar una
excepción, firmar (facturación y después jefatura), lo que cambió desde la firma, la ficha de la orden, la tarifa del
administrador y los datos personales sólo para quien puede verlos."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from datos import conexion
from tests.ayudas import ADMIN, JEFATURA, insertar_orden
from tests.facturas_casos import FACTURACION, cargo, importar_cargos

SEPTIEMBRE = dt.date(2026, 9, 1)  # un mes ya terminado: se puede firmar
EL_10 = dt.datetime(2026, 9, 10, 9, 0)


@pytest.fixture
def base(ruta_db, base_migrada):
    con = conexion.conectar(ruta_db)
    ots = {s: insertar_orden(con, estado=e, registro=EL_10, solicitud=str(s), cliente="Juana Pérez Secreta",
                             ci_nit="4455667")
           for s, e in [(11, "ATENDIDO"), (12, "ATENDIDO"), (13, "ATENDIDO"), (14, "ANULADO")]}
    importar_cargos(con, [cargo(11, EL_10, factura=500), cargo(12, EL_10, factura=501),
                          cargo(12, EL_10 + dt.timedelta(hours=1), factura=502), cargo(14, EL_10, factura=503)])
    yield con, ots
    con.close()


def abrir(usuario) -> AppTest:
    at = AppTest.from_file("../paginas/conciliacion.py", default_timeout=60)
    at.session_state["usuario"] = usuario
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metricas(at) -> dict:
    return {m.label: (m.value, m.delta) for m in at.metric}


def boton(at, etiqueta):
    return next(b for b in at.button if b.label == etiqueta)


def test_facturacion_ve_explica_y_firma(base):
    con, ots = base
    at = abrir(FACTURACION)
    assert metricas(at) == {
        "Duplicadas": ("1", "Bs. 1.000,00"), "Importe distinto": ("0", "Bs. 0,00"),
        "Cobrada con orden anulada": ("1", "Bs. 1.000,00"), "Conciliadas": ("1", "Bs. 1.000,00"),
        "Anulada con orden atendida": ("0", "Bs. 0,00"), "Sin factura": ("1", "Bs. 1.000,00"),
        "Factura sin trámite": ("0", "Bs. 0,00"), "Explicadas": ("0 de 3", "")}
    assert [t.label for t in at.tabs] == ["Duplicadas (1)", "Cobrada con orden anulada (1)", "Sin factura (1)",
                                          "Conciliadas (1)"]
    duplicadas = at.dataframe[0].value
    assert list(duplicadas["Solicitud"]) == ["12"] and "N° 501 · 10/09/2026 · Bs. 1.000,00 · VIGENTE" in \
        duplicadas["Facturas"][0] and duplicadas["Cliente"][0] == "Juana Pérez Secreta"

    # abrir la duplicada: sus facturas, el formulario y la ficha de su orden
    at.selectbox(key="conciliacion_tramite").select("S:12").run()
    assert [s.value for s in at.subheader] == ["Solicitud 12 · Duplicadas · Bs. 1.000,00", f"OT {ots[12]} · ATENDIDO"]
    assert any("Su rol puede consultar el seguimiento, no registrarlo." in c.value for c in at.caption)
    at.text_area(key="explicar_S:12_texto").input("Cobro en dos cajas; nota de crédito pedida")
    boton(at, "Guardar explicación").click().run()
    assert not at.exception and not at.error
    assert any(s.value.startswith("Explicación guardada. Trámite: Solicitud 12") for s in at.success)
    assert at.text_area[0].value == ""  # guardada: el formulario queda vacío (issue 24)
    assert metricas(at)["Explicadas"] == ("1 de 3", "")
    assert con.execute("SELECT clave, categoria, texto, autor FROM explicaciones").fetchall() == [
        ("S:12", "duplicadas", "Cobro en dos cajas; nota de crédito pedida", "fabi")]

    boton(at, "Firmar «Elaborado por»").click().run()
    # quedan dos excepciones sin explicar: no se firma de un clic, se listan y se pide confirmar (issue 24)
    assert not at.exception and not at.error and con.execute("SELECT count(*) FROM firmas_conciliacion").fetchone() \
        == (0,)
    assert any("Quedan **2 excepción(es) sin explicar**" in w.value for w in at.warning)
    assert len(next(d for d in at.dataframe if "Sin explicar" in d.value.columns).value) == 2
    boton(at, "Firmar igual, con las excepciones sin explicar").click().run()
    assert not at.exception and not at.error
    assert any("firmada («Elaborado por»)" in s.value for s in at.success)
    assert any("Elaborado por: Fabiola Facturación (Encargada de Facturación)" in m.value for m in at.markdown)
    assert any("Nada cambió desde la firma" in s.value for s in at.success)
    boton(at, "Firmar «Elaborado por»").click().run()  # otra vez, sin cambios: se rechaza y se dice por qué
    assert [e.value for e in at.error] and "ya está firmado" in at.error[0].value


def test_jefatura_revisa_y_ve_lo_que_cambio_sin_datos_personales(base):
    con, ots = base
    from datos import facturacion
    facturacion.firmar(con, FACTURACION, SEPTIEMBRE, "elaborado")
    # después de la firma, una exportación anula la factura conciliada de la solicitud 11
    importar_cargos(con, [cargo(11, EL_10, factura=500, estado="ANULADA")], nombre="posterior.csv")
    at = abrir(JEFATURA)
    assert [b.label for b in at.button] == ["Firmar «Revisado por»"] and not at.text_area
    assert any("cambiaron 1 trámite(s)" in w.value for w in at.warning)
    cambios = at.dataframe[0].value  # la primera tabla: lo que cambió desde la firma
    assert cambios.iloc[0][["Trámite", "Al firmar", "Hoy", "Facturas al firmar", "Facturas hoy"]].tolist() == [
        "11", "Conciliadas", "Anulada con orden atendida", "N° 500 VIGENTE Bs. 1.000,00", "N° 500 ANULADA Bs. 1.000,00"]
    assert all("Juana Pérez Secreta" not in d.value.to_string() and "4455667" not in d.value.to_string()
               for d in at.dataframe)
    boton(at, "Firmar «Revisado por»").click().run()
    assert not at.exception and not at.error
    assert any("Revisado por: Julia Jefa (Jefa de División)" in m.value for m in at.markdown)
    assert con.execute("SELECT tipo, usuario FROM firmas_conciliacion ORDER BY id").fetchall() == [
        ("elaborado", "fabi"), ("revisado", "jefa")]


def test_administrador_cambia_la_tarifa(base):
    con, _ = base
    at = abrir(ADMIN)
    assert not [b for b in at.button if b.label.startswith("Firmar")]
    at.date_input(key="tarifa_desde").set_value(dt.date(2026, 9, 10))
    at.text_input(key="tarifa_importe").input("1.200")
    boton(at, "Guardar tarifa").click().run()
    assert not at.exception and not at.error
    assert any("Tarifa de septiembre 2026: Bs. 1.000,00; desde el 10/09/2026, Bs. 1.200,00." == c.value
               for c in at.caption)
    # las facturas únicas del 10/09 (Bs. 1000) ya no son de la tarifa
    assert {k: v[0] for k, v in metricas(at).items()}["Importe distinto"] == "2"  # 11 y 14
    assert con.execute("SELECT accion FROM auditoria WHERE accion = 'tarifa_cambiada'").fetchall() == [
        ("tarifa_cambiada",)]


def test_sin_datos_lo_dice(ruta_db):
    at = abrir(FACTURACION)
    assert any("Todavía no hay órdenes de movimiento de poste ni facturas" in i.value for i in at.info)
