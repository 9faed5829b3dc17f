"""Importar exportaciones de facturación CxC: la segunda familia del mismo camino (detectar → mapear → validar →
escribir). Cada forma que escribe el generador del proyecto se lee igual; importes «1.000,00» y «1000.00»; todo o
nada con todos los problemas; el mismo archivo otra vez no cambia nada; una exportación posterior actualiza el estado
y guarda el historial; órdenes y facturas nunca se confunden."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from demo.generador_facturas import Cargo, osf_csv, reporte_csv, reporte_xlsx, xls_97
from datos.importar import importar_archivo
from datos.importar.informe import texto_problemas, texto_resumen
from datos.permisos import PermisoDenegado
from tests.ayudas import ATENCION, SISTEMA
from tests.facturas_casos import FACTURACION, importar_cargos

LUNES = dt.datetime(2026, 10, 5, 9, 30)
CARGOS = [  # una factura, su duplicada, una anulada, una nota de crédito y una sin solicitud
    Cargo(40101, LUNES, 3812159, Decimal("1000"), cliente="Lucía Terceros", ci_nit="9668498 CB", cuenta=7700001),
    Cargo(40102, LUNES + dt.timedelta(hours=2), 3812159, Decimal("1000"), cliente="Lucía Terceros",
          ci_nit="9668498 CB", cuenta=7700002),
    Cargo(40103, LUNES, 3812160, Decimal("1000"), estado="ANULADA", cliente="Ñusta Condori", ci_nit="2743186"),
    Cargo(40104, LUNES + dt.timedelta(days=2), 3812159, Decimal("1000"), signo="CR", cliente="Lucía Terceros",
          ci_nit="9668498 CB", cuenta=7700002),
    Cargo(40105, LUNES, None, Decimal("1250.50"), cliente="Sin Trámite", ci_nit="1234567"),
]
# Lo que debe quedar en la base, escrito a mano: (factura, fecha, estado, solicitud, signo, importe).
ESPERADO = [
    ("40101", LUNES, "VIGENTE", "3812159", "DB", Decimal("1000.00")),
    ("40102", LUNES + dt.timedelta(hours=2), "VIGENTE", "3812159", "DB", Decimal("1000.00")),
    ("40103", LUNES, "ANULADA", "3812160", "DB", Decimal("1000.00")),
    ("40104", LUNES + dt.timedelta(days=2), "VIGENTE", "3812159", "CR", Decimal("1000.00")),
    ("40105", LUNES, "VIGENTE", None, "DB", Decimal("1250.50")),
]


def guardado(con) -> list[tuple]:
    return con.execute("""SELECT f.factura, f.fecha_emision, f.estado, l.solicitud, l.signo, l.importe
                          FROM facturas f JOIN facturas_lineas l USING (factura) ORDER BY f.factura""").fetchall()


def foto(con) -> tuple:
    return tuple(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in ("facturas", "facturas_lineas", "historial_facturas", "importaciones", "ordenes"))


@pytest.mark.parametrize("forma, familia", [
    (reporte_xlsx, "Facturas CxC (Excel)"), (reporte_csv, "Facturas CxC (CSV)"), (osf_csv, "Facturas CxC OSF (CSV)"),
    (xls_97, "Facturas CxC (Excel)")], ids=["reporte_xlsx", "reporte_csv_cp1252", "osf_csv", "xls_97"])
def test_cada_forma_se_reconoce_y_se_lee_igual(con, forma, familia):
    res = importar_cargos(con, CARGOS, forma, nombre="facturas.bin")  # la familia, por el contenido
    assert (res.tipo, res.lectura.familia) == ("facturas", familia)
    assert (res.filas_leidas, res.nuevas, res.actualizadas) == (5, 5, 0)
    assert guardado(con) == ESPERADO
    assert con.execute("SELECT count(*) FROM ordenes").fetchone() == (0,)
    assert con.execute("SELECT tipo, familia FROM importaciones").fetchall() == [("facturas", familia)]
    assert "facturas nuevas: 5" in texto_resumen(res)


def test_importes_escritos_de_cada_forma(con):
    filas = ["Nro. Factura;Fecha Emisión;Importe Bs.;Nro. Solicitud;Estado Factura"]
    importes = ["1.000,00", "1000.00", "1,000.00", "Bs. 1.000", "1000", "1000,5", "(250,00)"]
    filas += [f"{50 + i};05/10/2026 09:00;{v};{3800 + i};VIGENTE" for i, v in enumerate(importes)]
    res = importar_archivo(con, "\n".join(filas).encode("utf-8"), "importes.csv", usuario=FACTURACION)
    assert not res.problemas, texto_problemas(res)
    assert con.execute("SELECT importe, signo FROM facturas_lineas ORDER BY CAST(factura AS INTEGER)").fetchall() == [
        (Decimal("1000.00"), "DB")] * 5 + [(Decimal("1000.50"), "DB"), (Decimal("250.00"), "CR")]


def test_todo_o_nada_con_todos_los_problemas(con):
    importar_cargos(con, CARGOS[:1])
    antes = foto(con)
    contenido = "\n".join([
        "FACTCODI,FACTFEGE,CARGDOSO,CARGVALO,CARGSIGN,ESTADO_FACTURA",
        "40201,05/10/26 09:00:00,PP-3812161,1000.00,DB,VIGENTE",   # línea 2: bien
        "40202,31/02/26 09:00:00,PP-3812162,1000.00,DB,VIGENTE",   # 3: fecha imposible
        "40203,05/10/26 09:00:00,PP-3812163,1.000.00,DB,VIGENTE",  # 4: importe ilegible
        "40204,05/10/26 09:00:00,PP-3812164,1000.00,XX,VIGENTE",   # 5: signo desconocido
        "40205,05/10/26 09:00:00,PP-3812165,1000.00,DB,REVERTIDA",  # 6: estado desconocido
        "40206,05/10/26 09:00:00,PP-3812166,1000.00,DB,REVERTIDA",  # 7: el mismo estado desconocido
        ",05/10/26 09:00:00,PP-3812167,1000.00,DB,VIGENTE",        # 8: sin número
        "40209,05/10/26 09:00:00,PP-3812169,-1000.00,DB,VIGENTE",  # 9: negativo con columna de signo
        "**40210**,05/10/26 09:00:00,PP-3812170,1000.00,DB,VIGENTE",  # 10: un número que no es de factura
    ]).encode("utf-8")
    res = importar_archivo(con, contenido, "malo.csv", usuario=FACTURACION)
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [
        (3, "FACTFEGE", "31/02/26 09:00:00"), (4, "CARGVALO", "1.000.00"), (5, "CARGSIGN", "XX"),
        (6, "ESTADO_FACTURA", "REVERTIDA"), (8, "FACTCODI", None), (9, "CARGVALO", "-1000.00"),
        (10, "FACTCODI", "**40210**")]
    assert "en 2 fila(s) (6, 7)" in res.problemas[3].problema and "no se adivina" in res.problemas[3].que_hacer
    assert foto(con) == antes  # nada escrito


def test_el_mismo_archivo_otra_vez_no_cambia_nada(con):
    importar_cargos(con, CARGOS, reporte_xlsx, nombre="facturas.xlsx")
    antes = foto(con)
    res = importar_archivo(con, reporte_xlsx(CARGOS), "otra_vez.xlsx", usuario=FACTURACION)
    assert res.ya_importado and res.importacion_id is None and foto(con) == antes
    # el mismo contenido en otra forma con las mismas columnas: se lee, nada cambia
    res = importar_cargos(con, CARGOS, reporte_csv, nombre="facturas.csv")
    assert (res.nuevas, res.actualizadas, res.sin_cambio) == (0, 0, 5)
    # la consulta OSF trae además cuenta de cobro y código de concepto: los mismos cargos se completan, no se duplican
    res = importar_cargos(con, CARGOS, osf_csv, nombre="osf.csv")
    assert (res.nuevas, res.actualizadas, res.sin_cambio) == (0, 5, 0)
    assert guardado(con) == ESPERADO
    assert con.execute("SELECT cuenta_cobro, concepto_codigo FROM facturas_lineas WHERE factura = '40101'").fetchall() \
        == [("7700001", 101)]


def test_exportacion_posterior_actualiza_el_estado_y_guarda_el_historial(con):
    importar_cargos(con, CARGOS)
    (primera,) = con.execute("SELECT max(id) FROM importaciones").fetchone()
    posterior = [Cargo(40101, LUNES, 3812159, Decimal("1000"), estado="ANULADA", cliente="Lucía Terceros",
                       ci_nit="9668498 CB", cuenta=7700001),
                 Cargo(40106, LUNES + dt.timedelta(days=5), 3812170, Decimal("1000"))]
    res = importar_cargos(con, posterior, nombre="posterior.csv")
    assert (res.nuevas, res.actualizadas, res.sin_cambio) == (1, 1, 0)
    assert res.transiciones == {"VIGENTE → ANULADA": 1}
    assert con.execute("SELECT estado_anterior, estado, importacion_id FROM historial_facturas WHERE factura = '40101' "
                       "ORDER BY importacion_id").fetchall() == [(None, "VIGENTE", primera),
                                                                 ("VIGENTE", "ANULADA", primera + 1)]
    assert con.execute("SELECT count(*) FROM facturas").fetchone() == (6,)  # las que no vinieron siguen
    # volver a VIGENTE se advierte
    res = importar_cargos(con, CARGOS[:1], nombre="vuelve.csv")
    assert res.advertencias == ["Factura 40101: ANULADA → VIGENTE (una anulada vuelve a vigente; revise si la "
                                "exportación es más antigua)."]


def test_ordenes_y_facturas_nunca_se_confunden(con, muestra):
    revision = importar_archivo(con, osf_csv(CARGOS), "f.csv", usuario=FACTURACION, confirmar=False)
    assert revision.lectura.familia == "Facturas CxC OSF (CSV)" and revision.nuevas == 5 and foto(con)[0] == []
    ordenes = importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA)
    assert (ordenes.tipo, ordenes.lectura.familia) == ("ordenes", "Consulta OSF (CSV)")
    assert con.execute("SELECT count(*) FROM facturas").fetchone() == (0,)
    importar_cargos(con, CARGOS, reporte_xlsx, nombre="f.xlsx")
    assert con.execute("SELECT count(*) FROM ordenes").fetchone()[0] == ordenes.nuevas
    # facturación no importa órdenes; atención no importa facturas (se sabe al leer los encabezados)
    with pytest.raises(PermisoDenegado, match="no puede importar exportaciones de órdenes"):
        importar_archivo(con, muestra("ordenes_reporte_2025.csv"), usuario=FACTURACION)
    with pytest.raises(PermisoDenegado, match="no puede importar exportaciones de facturación"):
        importar_archivo(con, reporte_csv(CARGOS), "f2.csv", usuario=ATENCION)
    assert con.execute("SELECT count(*) FROM importaciones").fetchone() == (2,)


def test_sin_columna_obligatoria_dice_la_familia(con):
    res = importar_archivo(con, "Nro. Factura;Fecha Emisión;Nro. Solicitud;Estado Factura\n1;05/10/2026;38;VIGENTE\n"
                           .encode("utf-8"), "sin_importe.csv", usuario=FACTURACION)
    (problema,) = res.problemas
    assert problema.columna == "Importe (Bs.)" and "exportación de facturación (CxC)" in problema.problema


def test_estado_desconocido_se_rechaza_hasta_que_el_administrador_lo_agrega(con):
    from datos import facturacion
    from tests.ayudas import ADMIN
    revertida = [Cargo(40301, LUNES, 3812171, Decimal("1000"), estado="3 - Revertida")]
    res = importar_archivo(con, osf_csv(revertida), "revertida.csv", usuario=FACTURACION)
    assert [p.columna for p in res.problemas] == ["ESTADO_FACTURA"] and con.execute(
        "SELECT count(*) FROM facturas").fetchone() == (0,)
    with pytest.raises(PermisoDenegado):
        facturacion.guardar_estado_factura(con, FACTURACION, "3 - Revertida", "ANULADA")
    assert facturacion.guardar_estado_factura(con, ADMIN, "3 - Revertida", "anulada") == "3"  # el código decide
    assert con.execute("SELECT detalle FROM auditoria WHERE accion = 'estado_factura_agregado'").fetchall() == [
        ("«3» → ANULADA",)]
    importar_cargos(con, revertida, nombre="revertida_otra_vez.csv")
    assert con.execute("SELECT estado, estado_origen FROM facturas").fetchall() == [("ANULADA", "3 - Revertida")]
