"""Una exportación con fechas sin hora (el spool de SQL*Plus con NLS_DATE_FORMAT DD/MM/RR, TOAD con DD-MON-RR) no borra
la hora que la base ya conocía del mismo día: «05/10/26» sólo dice el día. Un día distinto sí cambia la fecha, y una
exportación con horas completa las de una sin hora. Mismas órdenes en dos formas: la tabla cruda con fechas ISO y
con DD/MM/RR (tests/osf_archivos.py); las facturas, como las escribe OSF y con la hora quitada de FACTFEGE."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from datos.importar import importar_archivo
from demo.generador_facturas import osf_csv
from tests import osf_archivos as osf
from tests.ayudas import SISTEMA
from tests.facturas_casos import EL_10, cargo, importar_cargos

COLUMNAS = ("fecha_registro", "fecha_atencion", "fecha_limite")


def importar(con, contenido: bytes, nombre: str):
    res = importar_archivo(con, contenido, nombre, usuario=SISTEMA)
    assert not res.problemas, res.problemas[:2]
    return res


def fechas(con) -> dict[int, tuple]:
    return {ot: resto for ot, *resto in con.execute(
        f"SELECT ot, {', '.join(COLUMNAS)} FROM ordenes").fetchall()}


def con_hora(d) -> bool:
    return d is not None and d.time() != dt.time(0)


def test_una_exportacion_sin_hora_conserva_la_hora_del_mismo_dia(con):
    lista = osf.ordenes()
    importar(con, osf.tabla_cruda_csv(lista, "iso"), "cruda_iso.csv")
    antes = fechas(con)
    assert sum(con_hora(d) for fila in antes.values() for d in fila) > len(lista)  # la prueba distingue

    res = importar(con, osf.tabla_cruda_csv(lista, "rr"), "cruda_rr.csv")
    assert fechas(con) == antes
    assert (res.actualizadas, res.sin_cambio) == (0, len(antes))
    (cambios,) = con.execute("SELECT count(*) FROM historial_estados WHERE importacion_id = $i",
                             {"i": res.importacion_id}).fetchone()
    assert cambios == 0


def test_un_dia_distinto_sin_hora_si_cambia_la_fecha(con):
    lista = osf.ordenes()
    importar(con, osf.tabla_cruda_csv(lista, "iso"), "cruda_iso.csv")
    antes = fechas(con)
    atendida = next(o for o in lista if o.legalizada is not None)
    otro_dia = atendida.legalizada + dt.timedelta(days=1)
    corregida = [dataclasses.replace(o, legalizada=otro_dia) if o is atendida else o for o in lista]

    res = importar(con, osf.tabla_cruda_csv(corregida, "rr"), "cruda_rr.csv")
    despues = fechas(con)
    assert despues[atendida.ot][1] == dt.datetime.combine(otro_dia.date(), dt.time(0))
    assert {ot: f for ot, f in despues.items() if ot != atendida.ot} == {
        ot: f for ot, f in antes.items() if ot != atendida.ot}
    assert res.actualizadas == 1


def test_una_exportacion_con_horas_completa_las_de_una_sin_hora(con):
    lista = osf.ordenes()
    importar(con, osf.tabla_cruda_csv(lista, "rr"), "cruda_rr.csv")
    assert not any(con_hora(d) for fila in fechas(con).values() for d in fila)

    res = importar(con, osf.tabla_cruda_csv(lista, "iso"), "cruda_iso.csv")
    despues = fechas(con)
    por_ot = {o.ot: o for o in lista}
    assert all(despues[ot][0] == por_ot[ot].creada for ot in despues)
    assert res.actualizadas == sum(con_hora(por_ot[ot].creada) or con_hora(por_ot[ot].legalizada) for ot in despues)


def test_una_factura_sin_hora_conserva_la_hora_de_emision(con):
    cargos = [cargo(5_000_000 + i, EL_10 + dt.timedelta(hours=i)) for i in range(4)]
    importar_cargos(con, cargos)
    emisiones = "SELECT factura, fecha_emision FROM facturas ORDER BY factura"
    antes = con.execute(emisiones).fetchall()
    assert [f for _, f in antes] == [c.fecha for c in cargos]  # con hora: la prueba distingue

    sin_hora = re.sub(rb'"(\d\d/\d\d/\d\d) \d\d:\d\d:\d\d"', rb'"\1"', osf_csv(cargos))  # DD/MM/RR de SQL*Plus
    assert sin_hora != osf_csv(cargos)
    res = importar_cargos(con, cargos, forma=lambda _: sin_hora, nombre="facturas_sin_hora.csv")
    assert con.execute(emisiones).fetchall() == antes
    assert (res.nuevas, res.actualizadas) == (0, 0)


def test_en_una_columna_mezclada_la_fila_con_hora_cambia_la_hora(con):
    """La muestra elige DD/MM/RR (las primeras filas, sin hora); una fila de más abajo, con hora, la trae de verdad."""
    lista = osf.ordenes()
    importar(con, osf.tabla_cruda_csv(lista, "iso"), "cruda_iso.csv")
    movida = lista[100]
    una_hora_mas = movida.creada + dt.timedelta(hours=1)
    assert una_hora_mas.date() == movida.creada.date()
    con_hora_nueva = [dataclasses.replace(o, creada=una_hora_mas) if o is movida else o for o in lista]
    sin_hora = osf.tabla_cruda_csv(lista, "rr").split(b"\r\n")
    con_hora = osf.tabla_cruda_csv(con_hora_nueva, "iso").split(b"\r\n")
    mezclada = b"\r\n".join(sin_hora[:61] + con_hora[61:])  # encabezado y 60 filas sin hora; el resto, con hora

    importar(con, mezclada, "mezclada.csv")
    assert fechas(con)[movida.ot][0] == una_hora_mas
