"""Lo que se guarda, una vez, también en la base (issue 24, punto 1): el mismo envío que llega dos veces —un doble clic
que Streamlit procesa en dos corridas, un clic durante la corrida, una recarga que lo reenvía— es un solo registro.
La página ya cambia el formulario después de guardar (paginas/comun/avisos.py); esto cubre lo que pase por debajo:
en CI (07/12/2026) un doble clic guardó dos verificaciones iguales. Uno idéntico del mismo autor hecho hace menos de
dos minutos (la macro recien_guardado) devuelve el que ya estaba; otro texto, otro autor o más tarde, se guarda."""
from __future__ import annotations

import datetime as dt

from datos import anotaciones, facturacion, seguimiento
from tests.ayudas import ATENCION, RETENCION, insertar_orden
from tests.facturas_casos import FACTURACION, OCTUBRE
from tests.test_conciliacion import octubre  # noqa: F401 — el mes con una excepción por categoría

HOY = dt.date(2026, 11, 20)


def cuantos(con, tabla: str) -> int:
    return con.execute(f"SELECT count(*) FROM {tabla}").fetchone()[0]  # nombres fijos de estas pruebas


def envejecer(con, tabla: str) -> None:
    """Como si el último registro se hubiera guardado hace tres minutos."""
    con.execute(f"UPDATE {tabla} SET creado_en = creado_en - INTERVAL 3 MINUTE")


def test_una_verificacion_que_llega_dos_veces_es_un_registro(con):
    ot = insertar_orden(con, estado="ATENDIDO")
    campos = {"texto": "Poste reubicado; falta retirar el anterior", "resultado": "con_observacion", "hoy": HOY}
    primero = seguimiento.agregar(con, ATENCION, ot, "verificacion", **campos)
    assert seguimiento.agregar(con, ATENCION, ot, "verificacion", **campos) == primero
    assert cuantos(con, "seguimientos") == 1
    assert con.execute("SELECT count(*) FROM auditoria WHERE accion = 'seguimiento_agregado'").fetchone() == (1,)

    # Otro resultado, otro texto u otra persona es otro registro.
    seguimiento.agregar(con, ATENCION, ot, "verificacion", **{**campos, "resultado": "conforme"})
    seguimiento.agregar(con, ATENCION, ot, "verificacion", **{**campos, "texto": "Otra observación"})
    seguimiento.agregar(con, RETENCION, ot, "verificacion", **campos)
    assert cuantos(con, "seguimientos") == 4
    # El mismo, minutos después, también: ya no es un doble clic.
    envejecer(con, "seguimientos")
    seguimiento.agregar(con, ATENCION, ot, "verificacion", **campos)
    assert cuantos(con, "seguimientos") == 5


def test_una_coordinacion_y_una_correccion_repetidas(con):
    ot = insertar_orden(con, estado="REGISTRADO")
    campos = {"texto": "Se pidió prioridad", "fecha_contacto": HOY, "contacto": "Ing. Rojas",
              "fecha_acordada": HOY + dt.timedelta(days=3), "hoy": HOY}
    primero = seguimiento.agregar(con, ATENCION, ot, "coordinacion", **campos)
    assert seguimiento.agregar(con, ATENCION, ot, "coordinacion", **campos) == primero
    otra_fecha = seguimiento.agregar(con, ATENCION, ot, "coordinacion", **{**campos, "fecha_acordada": HOY})
    assert otra_fecha != primero

    # La corrección que llega dos veces: la segunda no es «ya fue corregido», es la misma corrección.
    correccion = {**campos, "texto": "Se pidió prioridad alta"}
    corregido = seguimiento.corregir(con, ATENCION, primero, **correccion)
    assert seguimiento.corregir(con, ATENCION, primero, **correccion) == corregido
    assert cuantos(con, "seguimientos") == 3


def test_una_explicacion_repetida_no_se_corrige_a_si_misma(octubre):  # noqa: F811
    con, _ = octubre
    texto = "Cobro en dos cajas; nota de crédito pedida"
    primera = facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", texto)
    assert facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", texto) == primera
    assert cuantos(con, "explicaciones") == 1
    otra = facturacion.explicar(con, FACTURACION, OCTUBRE, "S:102", "Nota de crédito N° 55 emitida")
    assert otra != primera and cuantos(con, "explicaciones") == 2


def test_una_nota_repetida(con):
    desde, hasta = dt.date(2026, 9, 12), dt.date(2026, 9, 15)
    nota = anotaciones.agregar(con, ATENCION, desde, hasta, "Paro de transporte")
    assert anotaciones.agregar(con, ATENCION, desde, hasta, "Paro de transporte") == nota
    assert anotaciones.agregar(con, ATENCION, desde, desde, "Paro de transporte") != nota  # otras fechas
    corregida = anotaciones.corregir(con, ATENCION, nota, desde, hasta, "Paro de transporte (3 días)")
    assert anotaciones.corregir(con, ATENCION, nota, desde, hasta, "Paro de transporte (3 días)") == corregida
    assert cuantos(con, "anotaciones") == 3
