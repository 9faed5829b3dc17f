"""Conciliación CxC (DISENO §8): cada categoría en un caso contado a mano, el orden de precedencia, las notas de
crédito, el cambio de tarifa, las marcas informativas, las explicaciones (que sobreviven a las reimportaciones), la
firma con su resultado guardado, los permisos de cada rol y las salidas (JSON, Excel, PDF). Órdenes insertadas en una
base real; facturas hechas por el generador del proyecto e importadas por el camino normal."""
from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from datos import administracion, facturacion, seguimiento
from datos.errores import DatoInvalido
from demo.generador_facturas import osf_csv
from datos.importar import importar_archivo
from datos.permisos import PermisoDenegado
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION, correr_proceso, insertar_orden
from tests.facturas_casos import EL_10, FACTURACION, OCTUBRE, SEPTIEMBRE, cargo, categorias, fila, importar_cargos

HOY = dt.date(2026, 12, 1)  # octubre y septiembre ya terminaron: se pueden firmar


def orden(con, solicitud, estado="ATENDIDO", registro=EL_10, **otros) -> int:
    return insertar_orden(con, estado=estado, registro=registro,
                          solicitud=None if solicitud is None else str(solicitud), **otros)


@pytest.fixture
def octubre(con):
    """Un trámite (o factura) por categoría en octubre de 2026, contados a mano."""
    for s, estado in [(101, "ATENDIDO"), (102, "ATENDIDO"), (103, "ATENDIDO"), (104, "ANULADO"), (105, "ATENDIDO"),
                      (106, "ATENDIDO"), (107, "ANULADO"), (108, "REGISTRADO")]:
        orden(con, s, estado)
    sin_solicitud = orden(con, None, "ATENDIDO")
    importar_cargos(con, [
        cargo(101),                                             # conciliada
        cargo(102), cargo(102, EL_10 + dt.timedelta(hours=3)),  # duplicada
        cargo(103, importe="900"),                              # importe distinto
        cargo(104),                                             # cobrada, y la OT anulada
        cargo(105, estado="ANULADA"),                           # anulada, y la OT atendida
        # 106: sin factura
        cargo(107, estado="ANULADA"),                           # anulada, pero la OT también: sin factura
        cargo(108),                                             # REGISTRADO: conciliada (no está anulada)
        cargo(999, factura=8001),                               # de una solicitud que no es de poste
        cargo(998, dt.datetime(2026, 9, 20), factura=8002),     # sin trámite, pero de septiembre
    ])
    return con, sin_solicitud


def test_cada_categoria_contada_a_mano(octubre):
    con, sin_solicitud = octubre
    assert categorias(con) == {
        "S:101": "conciliadas", "S:102": "duplicadas", "S:103": "importe_distinto",
        "S:104": "cobrada_con_orden_anulada", "S:105": "anulada_con_orden_atendida", "S:106": "sin_factura",
        "S:107": "sin_factura", "S:108": "conciliadas", f"O:{sin_solicitud}": "sin_factura",
        "F:8001/999": "factura_sin_tramite"}
    # el importe en juego de cada una: lo cobrado de más, la diferencia, lo que se devuelve, lo que no se cobró
    importes = {c: fila(con, c)["importe"] for c in ("S:101", "S:102", "S:103", "S:104", "S:105", "S:106",
                                                     "F:8001/999")}
    assert importes == {"S:101": Decimal("1000"), "S:102": Decimal("1000"), "S:103": Decimal("100"),
                        "S:104": Decimal("1000"), "S:105": Decimal("1000"), "S:106": Decimal("1000"),
                        "F:8001/999": Decimal("1000")}
    assert categorias(con, SEPTIEMBRE) == {"F:8002/998": "factura_sin_tramite"}


def test_orden_de_precedencia(con):
    orden(con, 201, "ATENDIDO")   # dos válidas, una de otro importe: duplicadas antes que importe distinto
    orden(con, 202, "ANULADO")    # dos válidas con la OT anulada: duplicadas antes que cobrada con orden anulada
    orden(con, 203, "ANULADO")    # una de otro importe con la OT anulada: importe distinto antes que cobrada
    orden(con, 204, "ATENDIDO")   # una anulada y una válida: la anulada no cuenta, conciliada
    orden(con, 205, "REGISTRADO")  # anulada con la OT pendiente: sin factura, no «anulada con orden atendida»
    importar_cargos(con, [cargo(201), cargo(201, importe="900"), cargo(202), cargo(202), cargo(203, importe="500"),
                          cargo(204, estado="ANULADA"), cargo(204), cargo(205, estado="ANULADA")])
    assert categorias(con) == {"S:201": "duplicadas", "S:202": "duplicadas", "S:203": "importe_distinto",
                               "S:204": "conciliadas", "S:205": "sin_factura"}
    # duplicadas: en juego, todo lo válido salvo la primera factura (la de Bs. 1000, emitida primero)
    assert fila(con, "S:201")["importe"] == Decimal("900")


def test_nota_de_credito_cancela_una_duplicada(con):
    for s in (301, 302, 303, 304):
        orden(con, s, "ATENDIDO")
    dia = dt.timedelta(days=1)
    importar_cargos(con, [
        cargo(301, EL_10 - 2 * dia, factura=9001), cargo(301, EL_10 - dia, factura=9002),
        cargo(301, EL_10, signo="CR", factura=9003),                      # la nota de crédito de la duplicada
        cargo(302, EL_10 - dia), cargo(302, EL_10, importe="400", signo="CR"),  # crédito parcial: neto 600
        cargo(303, EL_10 - dia), cargo(303, EL_10, signo="CR"),            # crédito total: ninguna válida
        cargo(304, factura=9004), cargo(304, importe="100", signo="CR", factura=9004),  # CR en la misma factura
    ])
    assert categorias(con) == {"S:301": "conciliadas", "S:302": "importe_distinto",
                               "S:303": "anulada_con_orden_atendida", "S:304": "importe_distinto"}
    duplicada = fila(con, "S:301")
    assert (duplicada["validas"], duplicada["neto"]) == (1, Decimal("1000"))
    # se cancela la más reciente (la duplicada); la primera queda válida
    assert [(f["factura"], f["situacion"]) for f in duplicada["facturas"]] == [
        ("9001", "VIGENTE"), ("9002", "CANCELADA CON NOTA DE CRÉDITO"), ("9003", "NOTA DE CRÉDITO")]
    assert (fila(con, "S:302")["neto"], fila(con, "S:302")["importe"]) == (Decimal("600"), Decimal("400"))
    assert fila(con, "S:304")["neto"] == Decimal("900")


def test_cambio_de_tarifa_a_mitad_de_mes(con):
    facturacion.cambiar_tarifa(con, ADMIN, dt.date(2026, 10, 15), "1.200")
    antes, despues = dt.datetime(2026, 10, 14, 18), dt.datetime(2026, 10, 20, 9)
    orden(con, 401, registro=dt.datetime(2026, 10, 10))   # factura del 14 a 1000: la tarifa de ese día
    orden(con, 402, registro=dt.datetime(2026, 10, 21))   # factura del 20 a 1000: faltan 200
    orden(con, 403, registro=dt.datetime(2026, 10, 21))   # factura del 20 a 1200
    orden(con, 404, registro=dt.datetime(2026, 10, 16))   # pagó el 14 (antes del cambio), registrada el 16
    orden(con, 405, registro=dt.datetime(2026, 10, 16))   # sin factura: la tarifa del día de registro
    importar_cargos(con, [cargo(401, antes), cargo(402, despues), cargo(403, despues, importe="1200"),
                          cargo(404, antes)])
    assert categorias(con) == {"S:401": "conciliadas", "S:402": "importe_distinto", "S:403": "conciliadas",
                               "S:404": "conciliadas", "S:405": "sin_factura"}
    assert (fila(con, "S:402")["tarifa"], fila(con, "S:402")["importe"]) == (Decimal("1200"), Decimal("200"))
    assert fila(con, "S:405")["importe"] == Decimal("1200")
    assert con.execute("SELECT usuario, detalle FROM auditoria WHERE accion = 'tarifa_cambiada'").fetchall() == [
        ("admin", "desde el 15/10/2026: Bs. 1.000,00 → Bs. 1.200,00")]
    with pytest.raises(DatoInvalido, match="importe positivo"):
        facturacion.cambiar_tarifa(con, ADMIN, dt.date(2026, 11, 1), "1.200,555")
    for quien in (FACTURACION, JEFATURA, ATENCION):
        with pytest.raises(PermisoDenegado):
            facturacion.cambiar_tarifa(con, quien, dt.date(2026, 11, 1), "1300")
    assert con.execute("SELECT count(*) FROM tarifas").fetchone() == (2,)


def test_marcas_informativas(con):
    orden(con, 501, ci_nit="1234567 CB")
    orden(con, 502, ci_nit="1234567 CB")
    orden(con, 503, registro=dt.datetime(2026, 10, 1, 8))
    importar_cargos(con, [cargo(501, ci_nit="1234567"), cargo(502, ci_nit="7654321"),
                          cargo(503, dt.datetime(2026, 9, 30, 17))])
    marcas = {c: (fila(con, c)["categoria"], fila(con, c)["ci_distinto"], fila(con, c)["otro_mes"])
              for c in ("S:501", "S:502", "S:503")}
    # las marcas informan, nunca cambian la categoría; «CB» (lugar de expedición) no hace distinto un CI
    assert marcas == {"S:501": ("conciliadas", False, False), "S:502": ("conciliadas", True, False),
                      "S:503": ("conciliadas", False, True)}
    assert categorias(con, SEPTIEMBRE) == {}  # la factura de septiembre es de un trámite conocido (de octubre)


def test_tramite_de_varias_ordenes_y_otros_conceptos(con):
    # Un trámite con dos OT: es del mes de su primera OT y vale el estado de la atendida.
    orden(con, 601, "ANULADO", registro=dt.datetime(2026, 9, 28), actividad=52137)
    orden(con, 601, "ATENDIDO", registro=dt.datetime(2026, 10, 2), actividad=8074)
    orden(con, 602, actividad=52001)  # otra actividad: no es un trámite de poste
    orden(con, 603)
    reconexion = (205, "RECONEXIÓN DE SERVICIO")
    importar_cargos(con, [cargo(601, dt.datetime(2026, 9, 27)), cargo(602), cargo(603),
                          cargo(603, concepto=reconexion), cargo(777, concepto=reconexion)])
    assert categorias(con, SEPTIEMBRE) == {"S:601": "conciliadas"}
    assert fila(con, "S:601", SEPTIEMBRE)["estado_orden"] == "ATENDIDO"
    # 603 tiene un cargo de otro concepto: no cuenta como segunda factura; 777 (otro concepto) no es factura de poste
    assert categorias(con) == {"S:603": "conciliadas", "F:" + fila_factura(con, 602) + "/602": "factura_sin_tramite"}


def fila_factura(con, solicitud: int) -> str:
    (factura,) = con.execute("SELECT factura FROM facturas_lineas WHERE solicitud = $s",
                             {"s": str(solicitud)}).fetchone()
    return factura


# --- explicaciones -----------------------------------------------------------------------------------------------

def test_explicacion_sobrevive_reimportaciones_y_se_agrega(octubre):
    con, _ = octubre
    primera = facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", "Cobro en dos cajas; nota de crédito pedida")
    assert fila(con, "S:102")["explicada"] and fila(con, "S:102")["explicacion"].startswith("Cobro en dos cajas")
    # otra exportación que cambia otra factura no la toca
    importar_cargos(con, [cargo(106, factura=8100)], nombre="posterior.csv")
    assert categorias(con)["S:106"] == "conciliadas" and fila(con, "S:102")["explicada"]
    # una segunda explicación corrige a la primera: las dos quedan, vale la nueva
    segunda = facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", "Nota de crédito N° 55 emitida")
    assert con.execute("SELECT id, corrige_a, texto, autor FROM explicaciones ORDER BY id").fetchall() == [
        (primera, None, "Cobro en dos cajas; nota de crédito pedida", "fabi"),
        (segunda, primera, "Nota de crédito N° 55 emitida", "fabi")]
    assert fila(con, "S:102")["explicacion"] == "Nota de crédito N° 55 emitida"
    # si una importación la saca de la categoría, deja de contar (se conserva); si vuelve, cuenta otra vez
    (ultima,) = con.execute("SELECT max(factura) FROM facturas_lineas WHERE solicitud = '102'").fetchone()
    anulada = [c for c in (cargo(102, EL_10 + dt.timedelta(hours=3), factura=int(ultima), estado="ANULADA"),)]
    importar_cargos(con, anulada, nombre="anula.csv")
    assert fila(con, "S:102")["categoria"] == "conciliadas" and not fila(con, "S:102")["explicada"]
    assert con.execute("SELECT count(*) FROM explicaciones").fetchone() == (2,)
    with pytest.raises(DatoInvalido, match="no es una excepción"):
        facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", "nada")
    with pytest.raises(DatoInvalido, match="Escriba"):
        facturacion.explicar(con, FACTURACION, OCTUBRE, "S:103", "   ")
    with pytest.raises(DatoInvalido, match="no está en la conciliación"):
        facturacion.explicar(con, FACTURACION, OCTUBRE, "S:424242", "x")


# --- firma ---------------------------------------------------------------------------------------------------------

def test_firma_guarda_el_resultado_y_muestra_lo_que_cambio(octubre):
    con, _ = octubre
    with pytest.raises(DatoInvalido, match="Primero firma"):
        facturacion.firmar(con, JEFATURA, OCTUBRE, "revisado", hoy=HOY)
    with pytest.raises(DatoInvalido, match="todavía no terminó"):
        facturacion.firmar(con, FACTURACION, OCTUBRE, "elaborado", hoy=dt.date(2026, 10, 31))
    facturacion.firmar(con, FACTURACION, OCTUBRE, "elaborado", hoy=HOY)
    (guardado,) = con.execute("SELECT resultado FROM firmas_conciliacion").fetchone()
    foto = json.loads(guardado)
    assert foto["conteos"]["duplicadas"] == 1 and foto["conteos"]["conciliadas"] == 2
    assert {t["clave"]: t["categoria"] for t in foto["tramites"]} == categorias(con)
    assert facturacion.cambios_desde_firma(con, OCTUBRE) == []
    with pytest.raises(DatoInvalido, match="ya está firmado"):
        facturacion.firmar(con, FACTURACION, OCTUBRE, "elaborado", hoy=HOY)

    # Una exportación posterior anula la factura conciliada de 101: lo guardado no cambia; el cambio se ve.
    (factura,) = con.execute("SELECT factura FROM facturas_lineas WHERE solicitud = '101'").fetchone()
    importar_cargos(con, [cargo(101, factura=int(factura), estado="ANULADA")], nombre="posterior.csv")
    assert con.execute("SELECT resultado FROM firmas_conciliacion").fetchone() == (guardado,)
    assert facturacion.cambios_desde_firma(con, OCTUBRE) == [
        ("S:101", "101", fila(con, "S:101")["ot"], "conciliadas", "anulada_con_orden_atendida", Decimal("1000"),
         Decimal("1000"), f"{factura} VIGENTE 1000.00", f"{factura} ANULADA 1000.00")]

    facturacion.firmar(con, JEFATURA, OCTUBRE, "revisado", hoy=HOY)
    with pytest.raises(DatoInvalido, match="ya fue revisada"):
        facturacion.firmar(con, JEFATURA, OCTUBRE, "revisado", hoy=HOY)
    # algo cambió: facturación puede volver a firmar, y esa elaboración pide otra revisión
    facturacion.firmar(con, FACTURACION, OCTUBRE, "elaborado", hoy=HOY)
    assert facturacion.cambios_desde_firma(con, OCTUBRE) == []
    facturacion.firmar(con, JEFATURA, OCTUBRE, "revisado", hoy=HOY)
    assert con.execute("SELECT tipo, usuario, elaborado_id FROM firmas_conciliacion ORDER BY id").fetchall() == [
        ("elaborado", "fabi", None), ("revisado", "jefa", 1), ("elaborado", "fabi", None), ("revisado", "jefa", 3)]
    assert con.execute("SELECT count(*) FROM auditoria WHERE accion = 'conciliacion_firmada'").fetchone() == (4,)


# --- roles ---------------------------------------------------------------------------------------------------------

def _intentos(con, quien):
    """Cada acción de la conciliación (y las que facturación no debe poder hacer), para un rol."""
    from tests.osf_archivos import Orden, sql_developer_csv

    ot = orden(con, 900, "REGISTRADO")
    exportacion = sql_developer_csv([Orden(5_300_001, 52137, 8, dt.datetime(2026, 10, 3, 9), solicitud=901)])
    return {
        "importar_facturas": lambda: importar_archivo(con, osf_csv([cargo(950)]), "f.csv", usuario=quien),
        "importar_ordenes": lambda: importar_archivo(con, exportacion, "o.csv", usuario=quien),
        "seguimiento": lambda: seguimiento.agregar(con, quien, ot, "coordinacion", "x", fecha_contacto=EL_10.date(),
                                                   contacto="Redes"),
        "ajustes": lambda: administracion.cambiar_umbral(con, quien, 97),
        "tarifa": lambda: facturacion.cambiar_tarifa(con, quien, dt.date(2026, 1, 1), "1100"),
        "explicar": lambda: facturacion.explicar(con, quien, OCTUBRE, "S:900", "sin factura todavía"),
        "elaborar": lambda: facturacion.firmar(con, quien, OCTUBRE, "elaborado", hoy=HOY),
        "revisar": lambda: facturacion.firmar(con, quien, OCTUBRE, "revisado", hoy=HOY),
    }


@pytest.mark.parametrize("quien, permitidas", [
    (FACTURACION, ["importar_facturas", "explicar", "elaborar"]),
    (JEFATURA, ["revisar"]),
    (ATENCION, ["importar_ordenes", "seguimiento"]),
    (RETENCION, ["importar_ordenes", "seguimiento"]),
    (ADMIN, ["ajustes", "tarifa"]),
], ids=lambda v: v.rol if hasattr(v, "rol") else "")
def test_cada_rol_hace_lo_suyo_y_nada_mas(con, quien, permitidas):
    if quien is JEFATURA:  # para revisar hace falta una elaboración
        orden(con, 901)
        facturacion.firmar(con, FACTURACION, OCTUBRE, "elaborado", hoy=HOY)
    intentos = _intentos(con, quien)
    for accion, intento in intentos.items():
        if accion in permitidas:
            intento()
            continue
        antes = con.execute("SELECT (SELECT count(*) FROM facturas), (SELECT count(*) FROM importaciones), "
                            "(SELECT count(*) FROM seguimientos), (SELECT count(*) FROM explicaciones), "
                            "(SELECT count(*) FROM firmas_conciliacion), (SELECT count(*) FROM tarifas), "
                            "(SELECT valor FROM ajustes WHERE clave = 'umbral_kpi')").fetchone()
        with pytest.raises(PermisoDenegado, match="no puede"):
            intento()
        assert con.execute("SELECT (SELECT count(*) FROM facturas), (SELECT count(*) FROM importaciones), "
                           "(SELECT count(*) FROM seguimientos), (SELECT count(*) FROM explicaciones), "
                           "(SELECT count(*) FROM firmas_conciliacion), (SELECT count(*) FROM tarifas), "
                           "(SELECT valor FROM ajustes WHERE clave = 'umbral_kpi')").fetchone() == antes, accion


def test_la_cuenta_de_facturacion(con):
    from datos import usuarios
    usuarios.agregar(con, ADMIN, "fabiola", "Fabiola Facturación", "facturacion", "clave-fabiola")
    assert usuarios.autenticar(con, "fabiola", "clave-fabiola").rol == "facturacion"
    usuarios.crear_cuentas_demo(con)
    assert con.execute("SELECT rol FROM usuarios WHERE usuario = 'fabiola'").fetchone() == ("facturacion",)


# --- salidas -------------------------------------------------------------------------------------------------------

def test_cli_json_excel_y_pdf(octubre, ruta_db, tmp_path, capsys):
    con, _ = octubre
    facturacion.explicar(con, FACTURACION, OCTUBRE, "S:103", "Error de digitación en caja")
    con.execute("UPDATE facturas SET cliente = '=HYPERLINK(\"http://x\",\"clic\")' WHERE factura = '8001'")
    con.close()
    # Un proceso de verdad: --json termina con os._exit(0), que sólo se ve en un proceso.
    r = correr_proceso("informes", "conciliacion", "2026-10", "--db", ruta_db, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "mes": "2026-10", "tarifa": 1000,
        "conteos": {"conciliadas": 2, "duplicadas": 1, "importe_distinto": 1, "cobrada_con_orden_anulada": 1,
                    "anulada_con_orden_atendida": 1, "sin_factura": 3, "factura_sin_tramite": 1},
        "explicadas": 1, "firmado": False}
    from cli.programas import informes as main
    with pytest.raises(SystemExit) as salida:
        main(["conciliacion", "2026-13", "--db", str(ruta_db), "--json"])
    assert salida.value.code == 1 and "no es un mes válido" in capsys.readouterr().err

    main(["conciliacion", "2026-10", "--db", str(ruta_db), "--salida", str(tmp_path / "salida"),
          "--con-datos-personales"])
    libro = openpyxl.load_workbook(tmp_path / "salida" / "conciliacion_cxc_2026-10.xlsx")
    assert libro.sheetnames == ["Resumen", "Duplicadas", "Importe distinto", "Cobrada con orden anulada", "Conciliadas",
                                "Anulada con orden atendida", "Sin factura", "Factura sin trámite"]
    assert libro["Sin factura"].max_row == 1 + 3  # títulos y los tres trámites sin factura (106, 107, sin N°)
    celda = next(c for f in libro["Factura sin trámite"].iter_rows(min_row=2) for c in f
                 if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert celda.data_type == "s"  # texto, nunca una fórmula
    resumen = {f[0].value: f[1:] for f in libro["Resumen"].iter_rows(min_row=2)}
    cantidad, importe, detalle = resumen["Importe distinto"]
    assert (cantidad.value, importe.value, detalle.value) == (1, 100, "diferencia con la tarifa")
    assert importe.data_type == "n" and importe.number_format == '"Bs." #,##0.00'  # un número, no «Bs. 100,00»

    from informes import mensual, pdf
    from datos import conexion
    import pypdf
    con = conexion.conectar(ruta_db)
    texto = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.generar(mensual.construir(con, OCTUBRE))))
                    .pages)
    con.close()
    assert "Conciliación CxC" in texto and "Sin factura 3 Bs. 3.000,00" in texto
    assert "Elaborado por: sin firmar" in texto


def test_009_conserva_las_cuentas_y_acepta_el_rol_nuevo(ruta_db, tmp_path, monkeypatch):
    from datos import conexion, usuarios
    from tests.test_migraciones import base_hasta
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 8)
    usuarios.agregar(con, ADMIN, "admin", "Adm. Sistema", "administrador", "clave-admin-1", email="adm@comteco.bo")
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-ana-123")
    con.execute("UPDATE usuarios SET intentos_fallidos = 2, bloqueado_hasta = TIMESTAMP '2026-11-30 10:00' "
                "WHERE usuario = 'ana'")
    antes = con.execute("SELECT * FROM usuarios ORDER BY usuario").fetchall()
    con.close()
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute("SELECT * FROM usuarios ORDER BY usuario").fetchall() == antes
    assert con.execute("SELECT count(*) FROM migraciones WHERE nombre = '009_conciliacion.sql'").fetchone() == (1,)
    usuarios.agregar(con, ADMIN, "fabi", "Fabiola Facturación", "facturacion", "clave-fabi-12")
    with pytest.raises(Exception, match="CHECK"):  # un rol que no existe sigue sin entrar
        con.execute("INSERT INTO usuarios (usuario, nombre, rol) VALUES ('x', 'x', 'cajero')")
    con.close()
