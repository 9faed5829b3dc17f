"""Ingresos fallidos (issue 27, punto 9): todos quedan en la auditoría, también durante un bloqueo y con un usuario
que no existe, y cuestan lo mismo (un cálculo de scrypt y una escritura): se cuentan, no se miden con el reloj."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from datos import usuarios
from tests.ayudas import ADMIN

AHORA = dt.datetime(2026, 10, 6, 8, 0)


@pytest.fixture
def con_ana(con):
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-de-ana")
    usuarios.agregar(con, ADMIN, "baja", "De Baja", "atencion", "clave-de-baja")
    usuarios.desactivar(con, ADMIN, "baja")
    return con


@pytest.fixture
def scrypts(monkeypatch):
    """Cuántas veces se calculó scrypt (el trabajo caro de un ingreso)."""
    cuenta = []
    original = hashlib.scrypt

    def contar(*args, **kw):
        cuenta.append(1)
        return original(*args, **kw)
    monkeypatch.setattr(hashlib, "scrypt", contar)
    return cuenta


def filas_auditoria(con) -> int:
    return con.execute("SELECT count(*) FROM auditoria").fetchone()[0]


def intento(con, scrypts, usuario, clave, ahora=AHORA) -> tuple[int, int, tuple]:
    """(cálculos de scrypt, filas nuevas de auditoría, la última) de un intento de ingreso fallido."""
    antes_h, antes_a = len(scrypts), filas_auditoria(con)
    assert usuarios.autenticar(con, usuario, clave, ahora=ahora) is None
    ultima = con.execute("SELECT usuario, accion, detalle FROM auditoria ORDER BY id DESC LIMIT 1").fetchone()
    return len(scrypts) - antes_h, filas_auditoria(con) - antes_a, ultima


def test_el_mismo_trabajo_y_siempre_auditado(con_ana, scrypts):
    mala = intento(con_ana, scrypts, "ana", "clave-mala")
    nadie = intento(con_ana, scrypts, "nadie", "clave-mala")
    baja = intento(con_ana, scrypts, "baja", "clave-de-baja")
    raro = intento(con_ana, scrypts, "Clave Tipeada Aquí!", "x")
    assert mala[:2] == nadie[:2] == baja[:2] == raro[:2] == (1, 1)
    assert mala[2] == ("ana", "ingreso_fallido", "intento 1 de 5")
    assert nadie[2] == ("nadie", "ingreso_desconocido", "usuario inexistente o desactivado")
    assert baja[2][:2] == ("baja", "ingreso_desconocido")
    assert raro[2][0] == "(no es un nombre de usuario)"  # lo tipeado no queda si no parece un usuario


def test_durante_el_bloqueo_cada_intento_queda_auditado(con_ana, scrypts):
    for _ in range(usuarios.INTENTOS_MAXIMOS):
        intento(con_ana, scrypts, "ana", "clave-mala")
    hasta = AHORA + dt.timedelta(minutes=usuarios.MINUTOS_BLOQUEO)
    for clave in ("clave-mala", "clave-de-ana"):  # ni la correcta entra; las dos quedan
        trabajo, filas, ultima = intento(con_ana, scrypts, "ana", clave, AHORA + dt.timedelta(minutes=3))
        assert (trabajo, filas) == (1, 1)
        assert ultima == ("ana", "ingreso_fallido", f"cuenta bloqueada hasta {hasta:%d/%m/%Y %H:%M}")
