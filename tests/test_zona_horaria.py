"""«Hoy» y la hora de cada registro son los de Bolivia (America/La_Paz, UTC−4), sea cual sea la zona
horaria del servidor."""
from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from datos import conexion, reloj, seguimiento, usuarios
from tests.ayudas import ADMIN, ATENCION, insertar_orden

LA_PAZ = ZoneInfo("America/La_Paz")


@pytest.fixture(params=["UTC", "Asia/Tokyo"])
def zona_servidor(request):
    """El proceso corre con otra zona horaria (DuckDB la lee al abrir cada base nueva)."""
    antes = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if antes is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = antes
    time.tzset()


def hora_la_paz() -> dt.datetime:
    return dt.datetime.now(LA_PAZ).replace(tzinfo=None)


def cerca(valor: dt.datetime, referencia: dt.datetime) -> bool:
    return abs(valor - referencia) < dt.timedelta(minutes=5)


def test_hoy_es_el_dia_de_bolivia(monkeypatch, zona_servidor):
    # 02:00 UTC del 28/11 son las 22:00 del 27/11 en La Paz (y las 11:00 del 28/11 en Tokio).
    instante = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.timezone.utc)

    class Reloj(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return instante.astimezone(tz) if tz else instante.astimezone().replace(tzinfo=None)

    monkeypatch.setattr(reloj.dt, "datetime", Reloj)
    assert reloj.hoy() == dt.date(2026, 11, 27)
    assert reloj.ahora() == dt.datetime(2026, 11, 27, 22, 0)


def test_registros_con_hora_de_bolivia(ruta_db, zona_servidor):
    con = conexion.conectar(ruta_db)
    try:
        ot = insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 5, 9))
        seguimiento.agregar(con, ATENCION, ot, "medida_correctiva", "Llamar al cliente")
        seguimiento.registrar_ausencia(con, ATENCION, hora_la_paz().date(), hora_la_paz().date(), "Vacación")
        usuarios.agregar(con, ADMIN, "nuevo", "Nuevo Usuario", "jefatura", "Clave-larga-123")
        referencia = hora_la_paz()
        for tabla, columna in [("seguimientos", "creado_en"), ("ausencias", "creado_en"),
                               ("usuarios", "creado_en"), ("auditoria", "fecha")]:
            for (valor,) in con.execute(f"SELECT {columna} FROM {tabla}").fetchall():
                assert cerca(valor, referencia), (tabla, valor, referencia, zona_servidor)
    finally:
        con.close()


def test_cuenta_bloqueada_con_hora_de_bolivia(ruta_db, zona_servidor):
    con = conexion.conectar(ruta_db)
    try:
        usuarios.agregar(con, ADMIN, "nuevo", "Nuevo Usuario", "jefatura", "Clave-larga-123")
        for _ in range(usuarios.INTENTOS_MAXIMOS):
            assert usuarios.autenticar(con, "nuevo", "equivocada") is None
        (hasta,) = con.execute("SELECT bloqueado_hasta FROM usuarios WHERE usuario = 'nuevo'").fetchone()
        assert cerca(hasta, hora_la_paz() + dt.timedelta(minutes=usuarios.MINUTOS_BLOQUEO))
        from consultas import consultar
        cuentas = consultar(con, "admin_usuarios")
        assert bool(cuentas.set_index("usuario").loc["nuevo", "bloqueada"])
    finally:
        con.close()


def test_pagina_usa_el_dia_de_bolivia(ruta_db, monkeypatch):
    """Con el reloj de Bolivia en el 27/11 (el servidor ya está en el 28), la edad se cuenta al 27/11."""
    con = conexion.conectar(ruta_db)
    insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 11, 20, 9))
    con.close()
    monkeypatch.setattr(reloj, "ahora", lambda: dt.datetime(2026, 11, 27, 22, 0))
    at = AppTest.from_file("../paginas/registrados.py", default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.session_state["registrados_modo_periodo"] = "Todos los meses"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Edad en días al 27/11/2026" in c.value for c in at.caption)
    assert list(at.dataframe[0].value["Edad (días)"]) == [7]
